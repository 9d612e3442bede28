/* menu.c - the menu GRUB would show, and the entries it would boot.
 *
 * Follows grub-core/normal/menu.c: "default" is read once the whole script
 * has run; a number, a title or an id picks an entry at the current level,
 * and a path "A>B" picks A here and leaves "B" as the default inside
 * submenu A (">>" stands for a literal '>'). A default that matches
 * nothing, or is out of range, means entry 0. When the chosen entry loads
 * no kernel, the entries listed in "fallback" are tried in turn.
 *
 * Two GRUB flavours differ here. Upstream (2.02 to 2.12) reads a number
 * first, so a default starting with digits is a number, and unsets
 * "default" inside a submenu reached without a path. Fedora's GRUB (the
 * one that has blscfg) matches ids first, then titles, then numbers, also
 * for "fallback", and keeps "default" inside a submenu. The flavour is
 * told by whether the config ran blscfg. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../strbuf.h"
#include "array.h"
#include "eval.h"

unsigned long grub2_strtoul(const char *s, const char **end, bool *bad, bool *overflow)
{
	unsigned long long num = 0;
	unsigned base = 10;
	bool found = false;

	*bad = *overflow = false;
	while (isspace((unsigned char)*s))
		s++;
	if (s[0] == '0') {
		if (s[1] == 'x') {
			base = 16;
			s += 2;
		} else if (s[1] >= '0' && s[1] <= '7') {
			base = 8;
		}
	}
	for (; *s; s++) {
		unsigned c = (unsigned)tolower((unsigned char)*s), digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'z')
			digit = c - 'a' + 10;
		else
			break;
		if (digit >= base)
			break;
		found = true;
		if (num > (~0ULL - digit) / base) {
			*overflow = true;
			num = ~0ULL;
			break;
		}
		num = num * base + digit;
	}
	if (end)
		*end = s;
	if (!found)
		*bad = true;
	if (num > ~0UL) {
		*overflow = true;
		num = ~0UL;
	}
	return found ? (unsigned long)num : 0;
}

int grub2_menu_add(struct g2_eval *e, const char *title, const char *id, char *const *args,
		   size_t n_args, const struct g2_node *body, bool submenu,
		   const char *file, unsigned line)
{
	struct g2_menu *m = grub2_env_menu(e);
	struct g2_entry en = { .body = body, .submenu = submenu, .file = file, .line = line };
	struct g2_entry *v;

	/* Each entry keeps its body's syntax tree until boot: a menu without
	 * bound would grow PID 1 with the files read (100 000 entries took
	 * 120 MiB). Distributions generate tens. */
	if (e->entries >= G2_ENTRIES_MAX)
		return grub2_fatal(e, -E2BIG, file, line, "more than %u menu entries, giving up",
				   G2_ENTRIES_MAX);
	e->entries++;
	en.title = strdup(title);
	en.id = strdup(id);
	en.args = calloc(n_args + 1, sizeof(char *));
	if (!en.title || !en.id || !en.args)
		goto oom;
	for (size_t i = 0; i < n_args; i++) {
		en.args[i] = strdup(args[i]);
		if (!en.args[i])
			goto oom;
		en.n_args++;
	}
	v = array_grow(m->v, m->n, sizeof(*v));
	if (!v)
		goto oom;
	m->v = v;
	v[m->n++] = en;
	return 0;
oom:
	free(en.title);
	free(en.id);
	for (size_t i = 0; i < en.n_args; i++)
		free(en.args[i]);
	free(en.args);
	return -ENOMEM;
}

/* Does spec name id, with ">>" for '>' and a lone '>' ending the name?
 * limit >= 0 also accepts id followed by a blank at that position
 * (Fedora's menuentry_eq). */
static bool menuentry_eq(const char *id, const char *spec, long limit)
{
	const char *p1 = id, *p2 = spec;

	while (limit < 0 || p1 - id <= limit) {
		if (*p2 == '>' && p2[1] != '>')
			return *p1 == '\0';
		if (*p2 == '>')
			p2++;
		if (*p1 != *p2)
			return limit >= 0 && p1 - id == limit && !*p1 && isspace((unsigned char)*p2);
		if (!*p1)
			return true;
		p1++;
		p2++;
	}
	return false;
}

/* Upstream get_entry_number. */
static long entry_number_upstream(const struct g2_menu *m, const char *val)
{
	bool bad, overflow;
	unsigned long n = grub2_strtoul(val, NULL, &bad, &overflow);

	if (overflow)
		return -1;
	if (!bad)
		return n > (unsigned long)m->n ? -1 : (long)n;
	for (size_t i = 0; i < m->n; i++)
		if (menuentry_eq(m->v[i].title, val, -1) || menuentry_eq(m->v[i].id, val, -1))
			return (long)i;
	return -1;
}

/* Fedora's get_entry_number_helper; *tail as it leaves it (NULL or a position). */
static long entry_number_fedora(const struct g2_menu *m, const char *val, const char **tail)
{
	long l = 0;
	bool bad, overflow;
	unsigned long n;

	while (val[l] && !isspace((unsigned char)val[l]))
		l++;
	for (size_t i = 0; i < m->n; i++)
		if (menuentry_eq(m->v[i].id, val, l)) {
			*tail = val + l;
			return (long)i;
		}
	for (size_t i = 0; i < m->n; i++)
		if (menuentry_eq(m->v[i].title, val, -1)) {
			*tail = NULL;
			return (long)i;
		}
	n = grub2_strtoul(val, tail, &bad, &overflow);
	if (bad || overflow || (**tail && !isspace((unsigned char)**tail))) {
		*tail = NULL;
		return -1;
	}
	return n > (unsigned long)m->n ? -1 : (long)n;
}

static size_t default_index(const struct g2_eval *e, const struct g2_menu *m)
{
	const char *val = grub2_env_get(e, "default");
	long n;

	if (!val)
		return 0;
	if (e->fedora) {
		const char *tail = NULL;

		n = entry_number_fedora(m, val, &tail);
		if (tail && *tail)
			n = -1;
	} else {
		n = entry_number_upstream(m, val);
	}
	return n < 0 || (size_t)n >= m->n ? 0 : (size_t)n;
}

/* get_and_remove_first_entry_number("fallback"). */
static long next_fallback(struct g2_eval *e, const struct g2_menu *m)
{
	const char *val = grub2_env_get(e, "fallback");
	const char *tail = NULL;
	long n;
	int r = 0;

	if (!val)
		return -1;
	if (e->fedora) {
		n = entry_number_fedora(m, val, &tail);
		if (tail && *tail && !isspace((unsigned char)*tail))
			n = -1;
	} else {
		bool bad, overflow;

		n = (long)grub2_strtoul(val, &tail, &bad, &overflow);
		if (bad || overflow || n < 0)
			n = -1;
	}
	if (n >= 0 && tail) {
		char *rest;

		while (*tail && isspace((unsigned char)*tail))
			tail++;
		rest = strdup(tail);
		if (!rest)
			return -ENOMEM;
		if (*rest || !e->fedora)
			r = grub2_env_set(e, "fallback", rest);
		else
			grub2_env_unset(e, "fallback");
		free(rest);
	} else {
		grub2_env_unset(e, "fallback");
	}
	return r == -ENOMEM ? r : n;
}

static int escaped_append(struct strbuf *sb, const char *title)
{
	int r = 0;

	for (const char *p = title; *p && r == 0; p++) {
		if (*p == '>')
			r = strbuf_addch(sb, '>');
		if (r == 0)
			r = strbuf_addch(sb, *p);
	}
	return r;
}

static char *title_path(const char *prefix, const char *title)
{
	struct strbuf sb;
	int r = 0;

	strbuf_init(&sb);
	if (prefix && prefix[0])
		r = strbuf_adds(&sb, prefix);
	if (prefix && prefix[0] && r == 0)
		r = strbuf_addch(&sb, '>');
	if (r == 0)
		r = escaped_append(&sb, title);
	if (r < 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* Run a submenu's body in a new context to build its menu; on success the
 * caller leaves it with leave_submenu. "default" inside is what follows
 * the first unescaped '>' of the outer default. */
static int enter_submenu(struct g2_eval *e, const struct g2_entry *en)
{
	const char *def = grub2_env_get(e, "default"), *p;
	char *rest = NULL;
	int r;

	if (e->depth >= G2_DEPTH_MAX)
		return grub2_fatal(e, -ELOOP, en->file, en->line, "maximum recursion depth exceeded");
	for (p = def; p && *p; p++) {
		if (p[0] == '>' && p[1] == '>') {
			p++;
			continue;
		}
		if (p[0] == '>')
			break;
	}
	if (p && p[0] && p[1]) {
		rest = strdup(p + 1);
		if (!rest)
			return -ENOMEM;
	}
	r = grub2_env_push(e);
	if (r < 0) {
		free(rest);
		return r;
	}
	e->depth++;
	if (rest)
		r = grub2_env_set(e, "default", rest);
	else if (!e->fedora)
		grub2_env_unset(e, "default");
	free(rest);
	if (r == 0)
		r = grub2_env_set(e, "timeout", "0");
	if (r == 0) {
		grub2_exec_with_args(e, en->body, en->args, en->n_args);
		r = e->fatal < 0 ? e->fatal : 0;
	}
	if (r < 0) {
		grub2_env_pop(e);
		e->depth--;
	}
	return r;
}

static void leave_submenu(struct g2_eval *e)
{
	grub2_env_pop(e);
	e->depth--;
}

static int target_from_load(struct g2_eval *e, const char *path, struct boot_target *t)
{
	struct g2_load *l = &e->load;

	t->entry = strdup(path);
	if (!t->entry)
		return -ENOMEM;
	if (l->kernel) {
		t->kernel = l->kernel_file;
		l->kernel_file.path = NULL;
		t->cmdline = l->cmdline;
		l->cmdline = NULL;
		t->initrds = l->initrds;
		t->n_initrds = l->n_initrds;
		l->initrds = NULL;
		l->n_initrds = 0;
		if (l->other) {
			t->unbootable = malloc(strlen(l->other) + 32);
			if (t->unbootable)
				sprintf(t->unbootable, "entry runs '%s'", l->other);
		}
		return 0;
	}
	if (l->tried.path) {
		t->kernel = l->tried;
		l->tried.path = NULL;
	}
	if (l->other) {
		t->unbootable = malloc(strlen(l->other) + 64);
		if (t->unbootable)
			sprintf(t->unbootable, "entry uses '%s', which cannot be kexec'd", l->other);
	} else if (l->error) {
		t->unbootable = strdup(l->error);
	} else {
		t->unbootable = strdup("entry loads no kernel");
	}
	return t->unbootable ? 0 : -ENOMEM;
}

/* Boot entry idx of the current menu as grub_menu_execute_entry does. */
static int run_entry(struct g2_eval *e, size_t idx, const char *prefix, struct boot_target *t)
{
	const struct g2_entry *en = &grub2_env_menu(e)->v[idx];
	char *path = title_path(prefix, en->title), *olddef = NULL;
	unsigned long steps;
	const char *def;
	int r;

	if (!path)
		return -ENOMEM;
	if (en->submenu) {
		r = enter_submenu(e, en);
		if (r < 0) {
			free(path);
			return r;
		}
		if (grub2_env_menu(e)->n) {
			r = run_entry(e, default_index(e, grub2_env_menu(e)), path, t);
		} else {
			t->entry = path;
			path = NULL;
			t->unbootable = strdup("submenu has no entries");
			r = t->unbootable ? 0 : -ENOMEM;
		}
		leave_submenu(e);
		free(path);
		return r;
	}
	def = grub2_env_get(e, "default");
	if (def) {
		olddef = strdup(def);
		if (!olddef) {
			free(path);
			return -ENOMEM;
		}
	}
	grub2_load_reset(&e->load);
	/* Each body booted gets the whole step budget, so a fallback after a
	 * runaway body still runs. */
	steps = e->steps;
	e->steps = 0;
	e->booting = true;
	grub2_exec_with_args(e, en->body, en->args, en->n_args);
	e->booting = false;
	e->steps = steps;
	if (e->fatal < 0) {
		r = e->fatal;
	} else if (e->runaway) {
		t->entry = path;
		path = NULL;
		t->unbootable = e->runaway;
		e->runaway = NULL;
		r = 0;
	} else {
		r = target_from_load(e, path, t);
	}
	grub2_load_reset(&e->load);
	if (r == 0) {
		if (olddef)
			r = grub2_env_set(e, "default", olddef);
		else
			grub2_env_unset(e, "default");
		if (r != -ENOMEM)
			r = 0;
	}
	free(olddef);
	free(path);
	return r;
}

/* Every entry as a title path, submenus opened in a throw-away context. */
static int list_titles(struct g2_eval *e, const char *prefix, struct boot_plan *plan)
{
	for (size_t i = 0; i < grub2_env_menu(e)->n; i++) {
		const struct g2_entry *en = &grub2_env_menu(e)->v[i];
		char *path = title_path(prefix, en->title);
		int r;

		if (!path)
			return -ENOMEM;
		if (en->submenu) {
			r = enter_submenu(e, en);
			if (r == 0) {
				r = list_titles(e, path, plan);
				leave_submenu(e);
			}
		} else {
			r = boot_plan_add_title(plan, path);
		}
		free(path);
		if (r < 0)
			return r;
	}
	return 0;
}

int grub2_menu_plan(struct g2_eval *e, const struct plan_options *opt, struct boot_plan *plan)
{
	struct boot_target t = { 0 };
	size_t base_frames = e->n_frames;
	long fb;
	int r;

	if (opt && opt->entry) {
		r = grub2_env_set(e, "default", opt->entry);
		if (r < 0)
			return r;
	}
	r = list_titles(e, "", plan);
	if (r < 0)
		return r;
	r = run_entry(e, default_index(e, grub2_env_menu(e)), "", &t);
	if (r < 0)
		goto fail;
	r = boot_plan_add_target(plan, &t);
	if (r < 0)
		goto fail;
	while ((fb = next_fallback(e, grub2_env_menu(e))) >= 0) {
		if ((size_t)fb >= grub2_env_menu(e)->n)
			continue;
		/* An entry may set fallback again when it runs (even to itself):
		 * GRUB would go round for ever. */
		if (plan->n_targets > G2_FALLBACKS_MAX) {
			diag_warn(e->d, e->config_path, 0, "more than %u fallback entries, ignoring the rest",
				  G2_FALLBACKS_MAX);
			break;
		}
		r = run_entry(e, (size_t)fb, "", &t);
		if (r < 0)
			goto fail;
		r = boot_plan_add_target(plan, &t);
		if (r < 0)
			goto fail;
	}
	if (fb < -1)
		return (int)fb;
	return 0;
fail:
	boot_target_free(&t);
	while (e->n_frames > base_frames)
		grub2_env_pop(e);
	return r;
}
