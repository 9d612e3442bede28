/* expand.c - from parsed words to an argument vector, as GRUB 2 expands them.
 *
 * Each word starts a new argument; quoted text always contributes (so ""
 * is an empty argument), unquoted text only when non-empty, and an unquoted
 * variable is split on blanks into several arguments while a quoted one
 * stays whole (grub_script_arglist_to_argv and grub_script_env_get). An
 * argument that received nothing at all is dropped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

struct argv_builder {
	char **v;
	size_t n;
	size_t *lens;
};

void grub2_argv_free(char **argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* Start a new argument unless the last one is still empty (NULL). */
static int next(struct argv_builder *b)
{
	char **nv;
	size_t *nl;

	if (b->n && !b->v[b->n - 1])
		return 0;
	if (b->n >= G2_ARGS_MAX)
		return -E2BIG;
	nv = realloc(b->v, (b->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	b->v = nv;
	nl = realloc(b->lens, (b->n + 1) * sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	b->lens = nl;
	b->v[b->n] = NULL;
	b->lens[b->n] = 0;
	b->n++;
	return 0;
}

static int append(struct argv_builder *b, const char *s, size_t len)
{
	size_t i = b->n - 1, have = b->lens[i];
	char *p;

	if (have + len > G2_VALUE_MAX)
		return -E2BIG;
	p = realloc(b->v[i], have + len + 1);
	if (!p)
		return -ENOMEM;
	memcpy(p + have, s, len);
	p[have + len] = '\0';
	b->v[i] = p;
	b->lens[i] = have + len;
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* grub_script_argv_split_append: the first field joins the current
 * argument, later ones start new arguments; trailing blanks add nothing. */
static int split_append(struct argv_builder *b, const char *s)
{
	int r = 0;

	while (*s && blank(*s))
		s++;
	while (*s && r == 0) {
		const char *p = s;

		while (*s && !blank(*s))
			s++;
		r = append(b, p, (size_t)(s - p));
		while (*s && blank(*s))
			s++;
		if (*s && r == 0)
			r = next(b);
	}
	return r;
}

static int add_value(struct argv_builder *b, const char *v, bool split)
{
	if (!v)
		return 0;
	return split ? split_append(b, v) : append(b, v, strlen(v));
}

static int expand_var(struct g2_eval *e, struct argv_builder *b, const char *name, bool split)
{
	const struct g2_scope *sc = e->scope;

	if (!grub2_env_special(name)) {
		const char *v = grub2_env_get(e, name);

		return v && v[0] ? add_value(b, v, split) : 0;
	}
	if (!sc)
		return 0;
	if (!strcmp(name, "#")) {
		char num[32];

		snprintf(num, sizeof(num), "%zu", sc->n);
		return append(b, num, strlen(num));
	}
	if (!strcmp(name, "*") || !strcmp(name, "@")) {
		int r = 0;

		for (size_t i = 0; i < sc->n && r == 0; i++) {
			if (i) {
				if (!split && !strcmp(name, "*"))
					r = append(b, " ", 1);
				else
					r = next(b);
			}
			if (r == 0)
				r = add_value(b, sc->args[i], split);
		}
		return r;
	}
	{
		bool bad, overflow;
		unsigned long n = grub2_strtoul(name, NULL, &bad, &overflow);

		if (n >= 1 && n <= sc->n)
			return add_value(b, sc->args[n - 1], split);
	}
	return 0;
}

int grub2_expand(struct g2_eval *e, const struct g2_word *words, size_t n, char ***argv, size_t *argc)
{
	struct argv_builder b = { 0 };
	int r = 0;

	for (size_t w = 0; w < n && r == 0; w++) {
		r = next(&b);
		for (size_t i = 0; i < words[w].n_parts && r == 0; i++) {
			const struct g2_part *p = &words[w].parts[i];

			switch (p->type) {
			case G2_PART_TEXT:
				if (p->str[0])
					r = append(&b, p->str, strlen(p->str));
				break;
			case G2_PART_SQ:
			case G2_PART_DQ:
				r = append(&b, p->str, strlen(p->str));
				break;
			case G2_PART_VAR:
				r = expand_var(e, &b, p->str, true);
				break;
			case G2_PART_DQVAR:
				r = expand_var(e, &b, p->str, false);
				break;
			}
		}
	}
	free(b.lens);
	if (r < 0) {
		grub2_argv_free(b.v, b.n);
		return r;
	}
	if (b.n && !b.v[b.n - 1])
		b.n--;
	*argv = b.v;
	*argc = b.n;
	if (!b.n) {
		free(b.v);
		*argv = NULL;
	}
	return 0;
}
