/* extlinux.c - which kernel SYSLINUX boots from extlinux.conf / syslinux.cfg, and how.
 *
 * Follows SYSLINUX 6: readconfig.c (looking_at(), record(), the keyword
 * handling), ldlinux.c (load_kernel(), the boot: prompt and its
 * ONTIMEOUT), execute.c (splitting kernel and arguments, ".linux"-style
 * type prefixes, file extensions), kernel.c (new_linux_kernel(): the
 * BOOT_IMAGE= prefix and the first "initrd=" on the line), and
 * com32/menu (the default entry and ONTIMEOUT of menu.c32). */
#include "extlinux.h"
#include "array.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cleanup.h"
#include "../strbuf.h"

#define XL_ENTRIES_MAX 4096u

struct xl_entry {
	char *label;
	char *display;  /* MENU LABEL, else the label */
	char *cmdline;  /* as record() builds it */
	bool hidden;
	bool disabled;
	bool menudefault;
};

struct xl_label {
	char *label, *kernel, *append, *initrd, *menulabel;
	const char *type; /* "kernel", "linux", "com32", … as its keyword */
	bool set, hidden, disabled, menudefault;
};

struct xl_state {
	const struct bootfs *fs;
	size_t vol;
	struct diag *d;
	struct xl_entry *v;
	size_t n;
	struct xl_label ld;
	char *append;        /* global APPEND */
	char *globaldefault; /* DEFAULT's text */
	char *default_cmd;   /* what ldlinux boots: UI wins over DEFAULT */
	bool has_ui;
	char *ontimeout;
	long timeout;
	long prompt;
	unsigned depth;
};

/* my_isspace(): every control character and the blank. */
static bool xl_space(char c)
{
	return (unsigned char)c <= ' ' && c != '\0';
}

static const char *skipspace(const char *p)
{
	while (xl_space(*p))
		p++;
	return p;
}

/* looking_at(): keyword, any case, then a blank or the end. */
/* A leading number as SYSLINUX reads one; out-of-range values saturate
 * (atol's overflow would be undefined on a hostile config). */
static long number(const char *p)
{
	return strtol(p, NULL, 10);
}

static const char *looking_at(const char *line, const char *kwd)
{
	const char *p = line;

	while (*p && *kwd && ((*p ^ *kwd) & ~0x20) == 0) {
		p++;
		kwd++;
	}
	if (*kwd)
		return NULL;
	return (!*p || xl_space(*p)) ? p : NULL;
}

static char *dup_word(const char *p)
{
	size_t n = 0;

	while (p[n] && !xl_space(p[n]))
		n++;
	return strndup(p, n);
}

static void label_clear(struct xl_label *ld)
{
	free(ld->label);
	free(ld->kernel);
	free(ld->append);
	free(ld->initrd);
	free(ld->menulabel);
	memset(ld, 0, sizeof(*ld));
}

static void state_free(struct xl_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].label);
		free(s->v[i].display);
		free(s->v[i].cmdline);
	}
	free(s->v);
	label_clear(&s->ld);
	free(s->append);
	free(s->globaldefault);
	free(s->default_cmd);
	free(s->ontimeout);
}

static int replace(char **field, const char *value)
{
	char *n = strdup(value);

	if (!n)
		return -ENOMEM;
	free(*field);
	*field = n;
	return 0;
}

/* record(): turn the label being read into a menu entry. */
static int record(struct xl_state *s, const char *file, unsigned line)
{
	struct xl_label *ld = &s->ld;
	struct xl_entry e = { 0 }, *n;
	struct strbuf sb;
	const char *a;

	if (!ld->set)
		return 0;
	if (s->n >= XL_ENTRIES_MAX) {
		label_clear(ld);
		return diag_error(s->d, -E2BIG, file, line, "more than %u labels", XL_ENTRIES_MAX);
	}
	a = ld->append ? ld->append : s->append;
	if (!a || !strcmp(a, "-"))
		a = "";
	strbuf_init(&sb);
	if (strcmp(ld->type, "kernel") && strbuf_addf(&sb, ".%s ", ld->type) < 0)
		goto oom;
	if (strbuf_adds(&sb, ld->kernel) < 0 || (*a && strbuf_addf(&sb, " %s", a) < 0) ||
	    (ld->initrd && strbuf_addf(&sb, " initrd=%s", ld->initrd) < 0))
		goto oom;
	e.cmdline = strbuf_detach(&sb);
	e.label = ld->label;
	e.display = ld->menulabel ? ld->menulabel : strdup(ld->label);
	ld->label = ld->menulabel = NULL;
	e.hidden = ld->hidden;
	e.disabled = ld->disabled;
	e.menudefault = ld->menudefault;
	n = array_grow(s->v, s->n, sizeof(*n));
	if (n)
		s->v = n;
	if (!e.display || !e.cmdline || !n) {
		free(e.label);
		free(e.display);
		free(e.cmdline);
		label_clear(ld);
		return -ENOMEM;
	}
	s->v[s->n++] = e;
	label_clear(ld);
	return 0;
oom:
	strbuf_release(&sb);
	label_clear(ld);
	return -ENOMEM;
}

/* Lexically join a path against the config directory, resolving "." and
 * ".." as SYSLINUX's path lookup does inside the filesystem. */
static char *resolve_path(const char *cwd, const char *name)
{
	struct strbuf sb;
	const char *parts[2] = { name[0] == '/' ? "" : cwd, name };

	strbuf_init(&sb);
	for (size_t k = 0; k < 2; k++) {
		const char *p = parts[k];

		while (*p) {
			const char *e;
			size_t n;

			while (*p == '/')
				p++;
			e = strchrnul(p, '/');
			n = (size_t)(e - p);
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				char *slash = strrchr(sb.buf, '/');

				if (slash) {
					sb.len = (size_t)(slash - sb.buf);
					sb.buf[sb.len] = '\0';
				}
			} else if (n && !(n == 1 && p[0] == '.')) {
				if (strbuf_addch(&sb, '/') < 0 || strbuf_add(&sb, p, n) < 0) {
					strbuf_release(&sb);
					return NULL;
				}
			}
			p = e;
		}
	}
	if (!sb.len && strbuf_addch(&sb, '/') < 0)
		return NULL;
	return strbuf_detach(&sb);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* The keywords that name a kernel and the type they give it (is_kernel_type()). */
static const char *const kernel_kwds[] = {
	"kernel", "linux", "boot", "bss", "pxe", "fdimage", "comboot", "com32", "config", "localboot",
};

static int parse_file(struct xl_state *s, const char *cwd, const char *path);

static int parse_line(struct xl_state *s, const char *cwd, const char *file, unsigned line,
		      const char *p)
{
	const char *ep;
	int r = 0;

	p = skipspace(p);
	if ((ep = looking_at(p, "menu"))) {
		p = skipspace(ep);
		if ((ep = looking_at(p, "label"))) {
			if (s->ld.set)
				r = replace(&s->ld.menulabel, skipspace(ep));
		} else if (looking_at(p, "default")) {
			s->ld.menudefault = s->ld.set;
		} else if (looking_at(p, "hide")) {
			s->ld.hidden = s->ld.set;
		} else if (looking_at(p, "disable") || looking_at(p, "disabled") ||
			   looking_at(p, "separator")) {
			s->ld.disabled = s->ld.set;
		} else if ((ep = looking_at(p, "include"))) {
			_cleanup_free_ char *name = dup_word(skipspace(ep));

			r = name ? parse_file(s, cwd, name) : -ENOMEM;
		}
		/* MENU TITLE, COLOR, BACKGROUND, BEGIN/END and the rest only
		 * change how the menu looks. */
		return r;
	}
	if ((ep = looking_at(p, "include"))) {
		_cleanup_free_ char *name = dup_word(skipspace(ep));

		return name ? parse_file(s, cwd, name) : -ENOMEM;
	}
	if ((ep = looking_at(p, "append"))) {
		return replace(s->ld.set ? &s->ld.append : &s->append, skipspace(ep));
	}
	if ((ep = looking_at(p, "initrd"))) {
		/* Outside a label INITRD means nothing. */
		return s->ld.set ? replace(&s->ld.initrd, skipspace(ep)) : 0;
	}
	if ((ep = looking_at(p, "label"))) {
		r = record(s, file, line);
		if (r < 0)
			return r;
		s->ld.label = dup_word(skipspace(ep));
		s->ld.kernel = dup_word(skipspace(ep));
		if (!s->ld.label || !s->ld.kernel)
			return -ENOMEM;
		s->ld.type = "kernel";
		s->ld.set = true;
		return 0;
	}
	for (size_t i = 0; i < sizeof(kernel_kwds) / sizeof(*kernel_kwds); i++)
		if ((ep = looking_at(p, kernel_kwds[i]))) {
			if (!s->ld.set)
				return 0;
			s->ld.type = kernel_kwds[i];
			return replace(&s->ld.kernel, skipspace(ep));
		}
	if ((ep = looking_at(p, "default"))) {
		r = replace(&s->globaldefault, skipspace(ep));
		if (r == 0 && !s->has_ui)
			r = replace(&s->default_cmd, skipspace(ep));
		return r;
	}
	if ((ep = looking_at(p, "ui"))) {
		s->has_ui = true;
		return replace(&s->default_cmd, skipspace(ep));
	}
	if ((ep = looking_at(p, "ontimeout")))
		return replace(&s->ontimeout, skipspace(ep));
	if ((ep = looking_at(p, "timeout"))) {
		s->timeout = number(skipspace(ep));
		return 0;
	}
	if ((ep = looking_at(p, "prompt"))) {
		s->prompt = number(skipspace(ep));
		return 0;
	}
	return 0;
}

static int parse_file(struct xl_state *s, const char *cwd, const char *name)
{
	_cleanup_free_ char *path = resolve_path(cwd, name), *data = NULL;
	unsigned line = 0;
	size_t len;
	char *p;
	int r;

	if (!path)
		return -ENOMEM;
	if (s->depth >= EXTLINUX_INCLUDE_DEPTH)
		return diag_error(s->d, -ELOOP, path, 0, "INCLUDE nested more than %d deep",
				  EXTLINUX_INCLUDE_DEPTH);
	r = bootfs_read(s->fs, s->vol, path, BOOTFS_CONFIG_MAX, &data, &len);
	if (r < 0) {
		if (s->depth == 0)
			return diag_error(s->d, r, path, 0, "cannot open '%s': %s", path,
					  bootfs_config_strerror(r));
		/* do_include() skips a file it cannot open. */
		diag_warn(s->d, path, 0, "cannot open '%s': %s, ignoring", path, bootfs_config_strerror(r));
		return 0;
	}
	s->depth++;
	data[strnlen(data, len)] = '\0';
	for (p = data; *p && r >= 0;) {
		char *l = p;

		p += strcspn(p, "\n");
		if (*p)
			*p++ = '\0';
		line++;
		/* fgets() then cut at the first carriage return. */
		l[strcspn(l, "\r")] = '\0';
		r = parse_line(s, cwd, path, line, l);
	}
	s->depth--;
	return r;
}

static const struct xl_entry *find_label(const struct xl_state *s, const char *cmd)
{
	size_t n = 0;

	while (cmd[n] && !xl_space(cmd[n]))
		n++;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].label && !s->v[i].disabled && !strncmp(cmd, s->v[i].label, n) &&
		    !s->v[i].label[n])
			return &s->v[i];
	return NULL;
}

static bool is_menu_module(const char *cmd)
{
	_cleanup_free_ char *w = dup_word(cmd);
	const char *base;

	if (!w)
		return false;
	base = strrchr(w, '/');
	base = base ? base + 1 : w;
	return !strcasecmp(base, "menu.c32") || !strcasecmp(base, "vesamenu.c32");
}

static bool has_ext(const char *word, size_t n, const char *ext)
{
	size_t m = strlen(ext);

	return n >= m && !strncmp(word + n - m, ext, m);
}

/* execute() and new_linux_kernel(): from a command line to kernel,
 * initrds and the arguments the kernel gets. */
static int build_target(const struct xl_state *s, const char *cwd, const char *cmd,
			const char *title, struct boot_target *t)
{
	_cleanup_free_ char *kernel = NULL;
	const char *args = cmd, *type = "kernel";
	struct strbuf sb;
	const char *ir;
	size_t n;
	int r = -ENOMEM;

	memset(t, 0, sizeof(*t));
	strbuf_init(&sb);
	for (;;) {
		n = 0;
		while (args[n] && !xl_space(args[n]))
			n++;
		free(kernel);
		kernel = strndup(args, n);
		if (!kernel)
			goto fail;
		args = skipspace(args + n);
		if (kernel[0] != '.')
			break;
		/* ".linux vmlinuz …": a type prefix record() wrote. */
		type = NULL;
		for (size_t i = 0; i < sizeof(kernel_kwds) / sizeof(*kernel_kwds); i++)
			if (!strcmp(kernel + 1, kernel_kwds[i]))
				type = kernel_kwds[i];
		if (!type) {
			type = "kernel";
			break;
		}
	}
	t->entry = strdup(title);
	if (!t->entry)
		goto fail;
	if (!strcmp(type, "kernel")) {
		/* parse_image_type(): the extension decides. */
		if (has_ext(kernel, n, ".c32"))
			type = "com32";
		else if (has_ext(kernel, n, ".img"))
			type = "fdimage";
		else if (has_ext(kernel, n, ".bss"))
			type = "bss";
		else if (has_ext(kernel, n, ".bin") || has_ext(kernel, n, ".bs"))
			type = "boot";
		else if (has_ext(kernel, n, ".0"))
			type = "pxe";
		else
			type = "linux";
	}
	if (strcmp(type, "linux")) {
		if (strbuf_addf(&sb, "'%s' is a SYSLINUX %s image, not a Linux kernel", kernel,
				type) < 0)
			goto fail;
		t->unbootable = strbuf_detach(&sb);
		t->cmdline = strdup("");
		return t->unbootable && t->cmdline ? 0 : -ENOMEM;
	}
	if (!*kernel) {
		t->unbootable = strdup("the entry names no kernel");
		t->cmdline = strdup("");
		return t->unbootable && t->cmdline ? 0 : -ENOMEM;
	}
	t->kernel.vol = s->vol;
	t->kernel.path = resolve_path(cwd, kernel);
	if (!t->kernel.path)
		goto fail;
	if (strbuf_addf(&sb, "BOOT_IMAGE=%s %s", kernel, args) < 0)
		goto fail;
	/* The first "initrd=" anywhere on the line names them, comma-separated. */
	ir = strstr(sb.buf, "initrd=");
	if (ir) {
		ir += 6;
		do {
			_cleanup_free_ char *name = NULL;
			struct boot_file *nf;

			ir++;
			n = strcspn(ir, " ,");
			name = strndup(ir, n);
			ir += n;
			if (!name)
				goto fail;
			nf = realloc(t->initrds, (t->n_initrds + 1) * sizeof(*nf));
			if (!nf)
				goto fail;
			t->initrds = nf;
			nf[t->n_initrds].vol = s->vol;
			nf[t->n_initrds].path = resolve_path(cwd, name);
			if (!nf[t->n_initrds].path)
				goto fail;
			t->n_initrds++;
		} while (*ir == ',' && t->n_initrds < 64);
	}
	t->cmdline = strbuf_detach(&sb);
	return t->cmdline ? 0 : -ENOMEM;
fail:
	strbuf_release(&sb);
	boot_target_free(t);
	return r;
}

int extlinux_eval(const struct bootfs *fs, size_t vol, const char *path,
		  const struct plan_options *opt, struct boot_plan *plan, struct diag *d)
{
	struct xl_state s = { .fs = fs, .vol = vol, .d = d };
	struct boot_plan p = { 0 };
	struct boot_target t;
	_cleanup_free_ char *cwd = dir_of(path), *cmd = NULL;
	const struct xl_entry *me = NULL;
	const char *title = NULL;
	int r;

	memset(plan, 0, sizeof(*plan));
	if (!cwd)
		return -ENOMEM;
	r = parse_file(&s, cwd, path);
	if (r >= 0)
		r = record(&s, path, 0);
	if (r < 0)
		goto out;

	if (opt && opt->entry) {
		char *end;
		unsigned long idx = strtoul(opt->entry, &end, 10);
		size_t k = 0;

		for (size_t i = 0; i < s.n && !me; i++) {
			if (s.v[i].disabled)
				continue;
			if ((*opt->entry && !*end && idx == k) || !strcmp(s.v[i].label, opt->entry) ||
			    !strcmp(s.v[i].display, opt->entry))
				me = &s.v[i];
			k++;
		}
		if (!me) {
			r = diag_error(d, -ENOENT, path, 0, "no entry '%s'", opt->entry);
			goto out;
		}
		cmd = strdup(me->cmdline);
	} else if (!s.default_cmd || !*s.default_cmd) {
		r = diag_error(d, -ENOENT, path, 0,
			       "no DEFAULT or UI directive: SYSLINUX would stop at its boot: prompt");
		goto out;
	} else if (is_menu_module(s.default_cmd)) {
		/* menu.c32: MENU DEFAULT, overridden by DEFAULT naming a label
		 * when UI started the menu; on timeout ONTIMEOUT if given. */
		for (size_t i = 0; i < s.n; i++)
			if (s.v[i].menudefault && !s.v[i].hidden && !s.v[i].disabled)
				me = &s.v[i];
		if (s.has_ui && s.globaldefault) {
			const struct xl_entry *g = find_label(&s, s.globaldefault);

			if (g && !g->hidden)
				me = g;
		}
		for (size_t i = 0; i < s.n && !me; i++)
			if (!s.v[i].hidden)
				me = &s.v[i];
		if (s.ontimeout && s.timeout > 0) {
			const struct xl_entry *o = find_label(&s, s.ontimeout);
			size_t w = strcspn(s.ontimeout, " \t");

			me = o;
			if (o) {
				struct strbuf sb;

				strbuf_init(&sb);
				if (strbuf_addf(&sb, "%s%s", o->cmdline, s.ontimeout + w) < 0) {
					r = -ENOMEM;
					goto out;
				}
				cmd = strbuf_detach(&sb);
			} else {
				cmd = strdup(s.ontimeout);
				title = s.ontimeout;
			}
		} else if (me) {
			cmd = strdup(me->cmdline);
		} else {
			r = diag_error(d, -ENOENT, path, 0, "the menu has no entries");
			goto out;
		}
	} else {
		/* ldlinux: DEFAULT (or the UI module) at once; with PROMPT 1
		 * and a TIMEOUT, ONTIMEOUT when the prompt times out. */
		const char *c = s.default_cmd;

		if (s.prompt && s.timeout > 0 && s.ontimeout && *s.ontimeout)
			c = s.ontimeout;
		me = find_label(&s, c);
		if (me) {
			const char *extra = c;
			struct strbuf sb;

			while (*extra && !xl_space(*extra))
				extra++;
			extra = skipspace(extra);
			strbuf_init(&sb);
			if (*extra ? strbuf_addf(&sb, "%s %s", me->cmdline, extra) < 0
				   : strbuf_adds(&sb, me->cmdline) < 0) {
				r = -ENOMEM;
				goto out;
			}
			cmd = strbuf_detach(&sb);
		} else {
			cmd = strdup(c);
			title = c;
		}
	}
	if (!cmd) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (s.v[i].disabled)
			continue;
		r = boot_plan_add_title(&p, s.v[i].display);
		if (r < 0)
			goto out;
	}
	{
		_cleanup_free_ char *word = NULL;

		if (!me && title) {
			word = dup_word(skipspace(title));
			if (!word) {
				r = -ENOMEM;
				goto out;
			}
		}
		r = build_target(&s, cwd, cmd, me ? me->display : word, &t);
	}
	if (r < 0)
		goto out;
	r = boot_plan_add_target(&p, &t);
	if (r < 0) {
		boot_target_free(&t);
		goto out;
	}
	r = boot_plan_finish(&p, "extlinux", vol, path, plan);
out:
	boot_plan_free(&p);
	state_free(&s);
	return r;
}
