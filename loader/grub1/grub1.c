/* grub1.c - GRUB legacy menus: which entry stage2 boots and what it hands the kernel.
 *
 * Behaviour follows GRUB 0.97 with the savedefault patch Debian, Ubuntu
 * and Xen carry: stage2/stage2.c (reading the menu, the default file,
 * default and fallback checks), stage2/builtins.c (default, fallback,
 * kernel, initrd, root) and stage2/cmdline.c (run_script(), skip_to()). */
#include "grub1.h"
#include "array.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../cleanup.h"
#include "../strbuf.h"

/* stage2's MAX_FALLBACK_ENTRIES. */
#define G1_FALLBACK_MAX 8
/* Longest logical line kept; stage2 silently truncates too. */
#define G1_LINE_MAX (64u << 10)
/* Entries in one menu; stage2's menu area holds far fewer. */
#define G1_ENTRIES_MAX 1024u

struct g1_cmd {
	unsigned line;
	char *text;
};

struct g1_entry {
	char *title;
	unsigned line;
	struct g1_cmd *cmds;
	size_t n_cmds;
};

struct g1_menu {
	struct g1_entry *v;
	size_t n;
	int default_entry;
	int fallback[G1_FALLBACK_MAX];
	size_t n_fallback;
};

static void menu_free(struct g1_menu *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].title);
		for (size_t k = 0; k < m->v[i].n_cmds; k++)
			free(m->v[i].cmds[k].text);
		free(m->v[i].cmds);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* skip_to(): past the current word (and an '=' when after_equal), then
 * past blanks (and '=' signs). */
static const char *skip_to(bool after_equal, const char *s)
{
	while (*s && *s != ' ' && *s != '\t' && !(after_equal && *s == '='))
		s++;
	while (*s == ' ' || *s == '\t' || (after_equal && *s == '='))
		s++;
	return s;
}

/* safe_parse_maxint(): decimal or 0x hex; false when no digit. */
static bool parse_maxint(const char **sp, int *out)
{
	const char *p = *sp;
	unsigned base = 10;
	long long v = 0;
	bool found = false;

	if (p[0] == '0' && tolower((unsigned char)p[1]) == 'x') {
		p += 2;
		base = 16;
	}
	for (;; p++) {
		int c = tolower((unsigned char)*p), digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (base == 16 && c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else
			break;
		found = true;
		v = v * base + digit;
		if (v > INT_MAX)
			return false;
	}
	if (!found)
		return false;
	*sp = p;
	*out = (int)v;
	return true;
}

/* The command name ends at a blank or '=' (find_command()). */
static size_t cmd_name_len(const char *line)
{
	return strcspn(line, " \t=");
}

static bool cmd_is(const char *line, const char *name)
{
	size_t n = cmd_name_len(line);

	return n == strlen(name) && !strncmp(line, name, n);
}

/* Commands stage2 knows (builtin_table plus the splash patches). Anything
 * else is skipped with an echo, in the menu and in an entry alike. */
static const char *const known_cmds[] = {
	"background", "blocklist", "boot", "bootp", "border", "cat", "chainloader",
	"clear", "cmp", "color", "configfile", "debug", "default", "device", "dhcp",
	"displayapm", "displaymem", "embed", "fallback", "find", "foreground",
	"fstest", "geometry", "gfxmenu", "halt", "help", "hiddenmenu", "hide",
	"ifconfig", "impsprobe", "initrd", "install", "ioprobe", "kernel", "lock",
	"makeactive", "map", "md5crypt", "module", "modulenounzip", "pager",
	"partnew", "parttype", "password", "pause", "print", "quit", "rarp", "read",
	"reboot", "root", "rootnoverify", "savedefault", "serial", "setkey", "setup",
	"shade", "splashimage", "terminal", "terminfo", "testload", "testvbe",
	"tftpserver", "timeout", "title", "unhide", "uppermem", "vbeprobe", "viewport",
};

static bool cmd_known(const char *line)
{
	for (size_t i = 0; i < sizeof(known_cmds) / sizeof(*known_cmds); i++)
		if (cmd_is(line, known_cmds[i]))
			return true;
	return false;
}

/* Commands only the menu runs; inside an entry they fail the boot
 * (run_script(): not BUILTIN_CMDLINE, so ERR_UNRECOGNIZED). */
static bool cmd_menu_only(const char *line)
{
	return cmd_is(line, "default") || cmd_is(line, "fallback") ||
	       cmd_is(line, "hiddenmenu") || cmd_is(line, "timeout");
}

static int entry_add_cmd(struct g1_entry *e, unsigned line, const char *text)
{
	struct g1_cmd *n;
	char *s = strdup(text);

	if (!s)
		return -ENOMEM;
	n = realloc(e->cmds, (e->n_cmds + 1) * sizeof(*n));
	if (!n) {
		free(s);
		return -ENOMEM;
	}
	n[e->n_cmds].line = line;
	n[e->n_cmds].text = s;
	e->cmds = n;
	e->n_cmds++;
	return 0;
}

static void fallback_parse(struct g1_menu *m, const char *arg)
{
	size_t n = 0;

	/* fallback_func(): numbers separated by blanks, duplicates dropped. */
	while (*arg && n < G1_FALLBACK_MAX) {
		int v;
		bool dup = false;

		if (!parse_maxint(&arg, &v))
			break;
		for (size_t j = 0; j < n; j++)
			dup = dup || m->fallback[j] == v;
		if (!dup)
			m->fallback[n++] = v;
		arg = skip_to(false, arg);
	}
	m->n_fallback = n;
}

struct g1_ctx {
	const struct bootfs *fs;
	const struct plan_options *opt;
	struct diag *d;
	const char *path;
	int saved_entryno;
};

/* One logical line is done: a menu command, a title, or part of an entry. */
static int menu_line(struct g1_ctx *c, struct g1_menu *m, unsigned line, const char *text)
{
	const char *arg = skip_to(true, text);

	if (cmd_is(text, "title")) {
		struct g1_entry *n;
		char *t;

		/* A title with no commands after it is dropped, as stage2
		 * rolls its menu back when the next title comes. */
		if (m->n && !m->v[m->n - 1].n_cmds) {
			free(m->v[m->n - 1].title);
			m->n--;
		}
		if (m->n >= G1_ENTRIES_MAX)
			return diag_error(c->d, -E2BIG, c->path, line, "more than %u entries",
					  G1_ENTRIES_MAX);
		t = strdup(arg);
		if (!t)
			return -ENOMEM;
		n = array_grow(m->v, m->n, sizeof(*n));
		if (!n) {
			free(t);
			return -ENOMEM;
		}
		m->v = n;
		m->v[m->n++] = (struct g1_entry){ .title = t, .line = line };
		return 0;
	}
	if (m->n)
		return entry_add_cmd(&m->v[m->n - 1], line, text);

	if (!cmd_known(text)) {
		diag_warn(c->d, c->path, line, "unknown command '%.*s', ignoring",
			  (int)cmd_name_len(text), text);
	} else if (cmd_is(text, "default")) {
		/* default_func(): "saved" takes the default file's number. */
		if (!strcmp(arg, "saved"))
			m->default_entry = c->saved_entryno;
		else if (!parse_maxint(&arg, &m->default_entry))
			diag_warn(c->d, c->path, line, "bad number in 'default', ignoring");
	} else if (cmd_is(text, "fallback")) {
		fallback_parse(m, arg);
	} else if (cmd_is(text, "root") || cmd_is(text, "rootnoverify") ||
		   cmd_is(text, "kernel") || cmd_is(text, "initrd")) {
		diag_warn(c->d, c->path, line, "'%.*s' before the first title, ignoring",
			  (int)cmd_name_len(text), text);
	}
	/* timeout, hiddenmenu, color, splashimage, password, serial,
	 * terminal and the rest change nothing the loader acts on. */
	return 0;
}

/* get_line_from_config(): carriage returns dropped, tabs made blanks,
 * backslash-newline joins lines, leading blanks and "#" lines skipped,
 * trailing blanks kept. */
static int menu_parse(struct g1_ctx *c, const char *buf, size_t len, struct g1_menu *m)
{
	struct strbuf sb;
	unsigned lineno = 1, start = 1;
	bool literal = false, comment = false;
	int r = 0;

	strbuf_init(&sb);
	for (size_t i = 0; i <= len && r >= 0; i++) {
		unsigned here = lineno;
		char ch = i < len ? buf[i] : '\n';

		if (i == len && !sb.len)
			break;
		if (i < len && ch == '\n')
			lineno++;
		if (ch == '\r')
			continue;
		if (ch == '\t')
			ch = ' ';
		if (literal) {
			if (ch == '\n') {
				ch = ' ';
				if (sb.len)
					sb.buf[--sb.len] = '\0';
			}
			literal = false;
		}
		if (ch == '\\')
			literal = true;
		if (comment) {
			if (ch == '\n')
				comment = false;
		} else if (!sb.len) {
			if (ch == '#') {
				comment = true;
			} else if (ch != ' ' && ch != '\n' && ch != '\0') {
				start = here;
				r = strbuf_addch(&sb, ch);
			}
		} else if (ch == '\n') {
			r = menu_line(c, m, start, sb.buf);
			strbuf_reset(&sb);
		} else if (sb.len < G1_LINE_MAX) {
			r = strbuf_addch(&sb, ch);
		}
	}
	strbuf_release(&sb);
	if (r < 0)
		return r;
	if (m->n && !m->v[m->n - 1].n_cmds) {
		free(m->v[m->n - 1].title);
		m->n--;
	}
	return 0;
}

/* The "default" file beside the menu: its first nine bytes hold a number,
 * or "PREV:NEXT" after grub-reboot / savedefault --once, where stage2 takes
 * NEXT. Anything unreadable counts as 0, as in cmain(). */
static int read_saved_entry(const struct bootfs *fs, size_t vol, const char *path)
{
	_cleanup_free_ char *file = NULL, *data = NULL;
	const char *slash = strrchr(path, '/');
	char head[10];
	const char *p;
	size_t len;
	int v = 0;

	file = malloc((slash ? (size_t)(slash - path) : 0) + sizeof("/default"));
	if (!file)
		return 0;
	memcpy(file, path, slash ? (size_t)(slash - path) : 0);
	memcpy(file + (slash ? (slash - path) : 0), "/default", sizeof("/default"));
	if (bootfs_read(fs, vol, file, 4096, &data, &len) < 0)
		return 0;
	memset(head, 0, sizeof(head));
	memcpy(head, data, len < sizeof(head) - 1 ? len : sizeof(head) - 1);
	p = strchr(head, ':');
	p = p ? p + 1 : head;
	if (!parse_maxint(&p, &v))
		return 0;
	return v;
}

/* "(hdX,Y)" with 0-based Y, as GRUB legacy numbers partitions, to the
 * volume bootfs calls "hdX,msdos(Y+1)". Returns the volume or -ENOENT;
 * *rest points after the ')'. */
static int device_volume(const struct bootfs *fs, const char *s, const char **rest,
			 char *name, size_t namelen)
{
	const char *close = strchr(s, ')');
	char buf[64];
	unsigned long disk, part;
	char *end;

	if (*s != '(' || !close || (size_t)(close - s) >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s + 1, (size_t)(close - s - 1));
	buf[close - s - 1] = '\0';
	snprintf(name, namelen, "(%s)", buf);
	*rest = close + 1;
	if (strncmp(buf, "hd", 2) || !isdigit((unsigned char)buf[2]))
		return -ENOENT;
	disk = strtoul(buf + 2, &end, 10);
	if (*end == '\0') {
		snprintf(buf, sizeof(buf), "hd%lu", disk);
		return bootfs_find_grub(fs, buf);
	}
	if (*end != ',' || !isdigit((unsigned char)end[1]))
		return -EINVAL;
	part = strtoul(end + 1, &end, 10);
	if (*end != '\0' || part > 1000)
		return -ENOENT; /* BSD sub-partitions: no Linux image uses them */
	snprintf(buf, sizeof(buf), "hd%lu,%lu", disk, part + 1);
	return bootfs_find_grub(fs, buf);
}

struct g1_boot {
	size_t root;
	struct boot_target t;
	char *configfile;     /* set when the entry loads another menu */
	size_t configfile_vol;
	bool kernel_loaded;
};

static int set_unbootable(struct g1_boot *b, const char *fmt, const char *what)
{
	struct strbuf sb;

	if (b->t.unbootable)
		return 0;
	strbuf_init(&sb);
	if (strbuf_addf(&sb, fmt, what) < 0)
		return -ENOMEM;
	b->t.unbootable = strbuf_detach(&sb);
	return 0;
}

/* A file argument: "(dev)/path" or "/path" on the current root. The
 * first word only; returns its length via *wordlen. */
static int file_arg(const struct bootfs *fs, struct g1_boot *b, const char *arg,
		    struct boot_file *out, const char **why)
{
	size_t n = strcspn(arg, " ");
	_cleanup_free_ char *word = strndup(arg, n);
	const char *p;
	int vol;

	*why = NULL;
	if (!word)
		return -ENOMEM;
	p = word;
	if (*p == '(') {
		char name[80];

		vol = device_volume(fs, p, &p, name, sizeof(name));
		if (vol < 0) {
			*why = "cannot find the partition of '%s'";
			return 0;
		}
	} else {
		vol = (int)b->root;
	}
	if (*p != '/') {
		*why = "'%s' is not an absolute path (a block list?)";
		return 0;
	}
	out->vol = (size_t)vol;
	out->path = strdup(p);
	return out->path ? 0 : -ENOMEM;
}

static int boot_file_reason(struct g1_boot *b, const char *why, const char *arg)
{
	_cleanup_free_ char *word = strndup(arg, strcspn(arg, " "));

	if (!word)
		return -ENOMEM;
	return set_unbootable(b, why, word);
}

/* What run_script() would do with the entry's commands, as far as the
 * loader can follow: load a Linux kernel and initrd, or find it cannot. */
static int entry_run(struct g1_ctx *c, const struct g1_entry *e, size_t cfg_vol,
		     struct g1_boot *b)
{
	int r;

	b->root = cfg_vol;
	for (size_t i = 0; i < e->n_cmds && !b->t.unbootable; i++) {
		const char *text = e->cmds[i].text;
		const char *arg = skip_to(true, text);
		const char *why;

		if (cmd_is(text, "boot"))
			break;
		if (cmd_is(text, "root") || cmd_is(text, "rootnoverify")) {
			char name[80];
			const char *rest;
			int vol = device_volume(c->fs, arg, &rest, name, sizeof(name));

			if (vol == -EINVAL) {
				r = set_unbootable(b, "cannot parse device '%s'", arg);
			} else if (vol < 0) {
				r = set_unbootable(b, "cannot find partition '%s'", name);
			} else {
				b->root = (size_t)vol;
				r = 0;
			}
		} else if (cmd_is(text, "kernel")) {
			struct boot_file f = { 0 };

			/* kernel_func(): --type= and --no-mem-option first. */
			while (!strncmp(arg, "--", 2)) {
				if (!strncmp(arg, "--type=", 7)) {
					const char *type = arg + 7;

					if (!strncmp(type, "netbsd", 6) || !strncmp(type, "freebsd", 7) ||
					    !strncmp(type, "openbsd", 7) || !strncmp(type, "multiboot", 9)) {
						_cleanup_free_ char *tn = strndup(type, strcspn(type, " "));

						if (!tn)
							return -ENOMEM;
						r = set_unbootable(b, "kernel type '%s' cannot be kexec'd", tn);
						if (r < 0)
							return r;
						break;
					}
					if (strncmp(type, "linux", 5) && strncmp(type, "biglinux", 8)) {
						r = set_unbootable(b, "unknown kernel type in '%s'", arg);
						if (r < 0)
							return r;
						break;
					}
				} else if (strncmp(arg, "--no-mem-option", 15)) {
					break;
				}
				arg = skip_to(false, arg);
			}
			if (b->t.unbootable)
				break;
			r = file_arg(c->fs, b, arg, &f, &why);
			if (r < 0)
				return r;
			if (why) {
				r = boot_file_reason(b, why, arg);
			} else {
				/* The kernel gets everything after the file
				 * name and its blanks, verbatim (boot.c). */
				char *cl = strdup(skip_to(false, arg));

				if (!cl) {
					free(f.path);
					return -ENOMEM;
				}
				free(b->t.kernel.path);
				free(b->t.cmdline);
				b->t.kernel = f;
				b->t.cmdline = cl;
				/* A new kernel drops the initrd loaded for the old one. */
				for (size_t k = 0; k < b->t.n_initrds; k++)
					free(b->t.initrds[k].path);
				b->t.n_initrds = 0;
				b->kernel_loaded = true;
			}
		} else if (cmd_is(text, "initrd")) {
			struct boot_file f = { 0 };

			if (!b->kernel_loaded) {
				r = set_unbootable(b, "%s before any kernel", "initrd");
			} else {
				r = file_arg(c->fs, b, arg, &f, &why);
				if (r < 0)
					return r;
				if (why) {
					r = boot_file_reason(b, why, arg);
				} else {
					if (!b->t.initrds) {
						b->t.initrds = calloc(1, sizeof(*b->t.initrds));
						if (!b->t.initrds) {
							free(f.path);
							return -ENOMEM;
						}
					}
					if (b->t.n_initrds)
						free(b->t.initrds[0].path);
					b->t.initrds[0] = f;
					b->t.n_initrds = 1;
				}
			}
		} else if (cmd_is(text, "chainloader")) {
			r = set_unbootable(b, "%s: the entry starts another boot loader",
					   "chainloader");
		} else if (cmd_is(text, "makeactive")) {
			r = set_unbootable(b, "%s: the entry boots another partition's boot sector",
					   "makeactive");
		} else if (cmd_is(text, "module") || cmd_is(text, "modulenounzip")) {
			r = set_unbootable(b, "%s: a multiboot kernel with modules (Xen?) cannot be kexec'd",
					   "module");
		} else if (cmd_is(text, "configfile")) {
			struct boot_file f = { 0 };

			r = file_arg(c->fs, b, arg, &f, &why);
			if (r < 0)
				return r;
			if (why) {
				r = boot_file_reason(b, why, arg);
			} else {
				free(b->configfile);
				b->configfile = f.path;
				b->configfile_vol = f.vol;
				return 0;
			}
		} else if (cmd_menu_only(text)) {
			_cleanup_free_ char *nm = strndup(text, cmd_name_len(text));

			r = nm ? set_unbootable(b, "'%s' cannot be used inside an entry", nm) : -ENOMEM;
		} else {
			if (!cmd_known(text))
				diag_warn(c->d, c->path, e->cmds[i].line, "unknown command '%.*s', ignoring",
					  (int)cmd_name_len(text), text);
			r = 0;
		}
		if (r < 0)
			return r;
	}
	if (!b->t.unbootable && !b->kernel_loaded)
		return set_unbootable(b, "%s", "the entry loads no kernel");
	return 0;
}

static int eval_menu(struct g1_ctx *c, size_t vol, const char *path, unsigned depth,
		     struct boot_plan *plan);

static int target_for(struct g1_ctx *c, const struct g1_menu *m, size_t idx, size_t vol,
		      bool first, unsigned depth, struct boot_plan *p, bool *replaced)
{
	struct g1_boot b = { 0 };
	int r;

	*replaced = false;
	r = entry_run(c, &m->v[idx], vol, &b);
	if (r < 0)
		goto out;
	if (b.configfile && first) {
		/* The default entry loads another menu: that menu decides. */
		struct boot_plan sub = { 0 };

		if (depth >= GRUB1_CONFIGFILE_DEPTH) {
			r = diag_error(c->d, -ELOOP, c->path, m->v[idx].cmds[0].line,
				       "configfile nested more than %d deep", GRUB1_CONFIGFILE_DEPTH);
			goto out;
		}
		r = eval_menu(c, b.configfile_vol, b.configfile, depth + 1, &sub);
		if (r < 0)
			goto out;
		boot_plan_free(p);
		*p = sub;
		*replaced = true;
		goto out;
	}
	if (b.configfile) {
		r = set_unbootable(&b, "%s: the entry loads another menu", "configfile");
		if (r < 0)
			goto out;
	}
	b.t.entry = strdup(m->v[idx].title);
	if (!b.t.entry || (!b.t.cmdline && !(b.t.cmdline = strdup("")))) {
		r = -ENOMEM;
		goto out;
	}
	r = boot_plan_add_target(p, &b.t);
out:
	boot_target_free(&b.t);
	free(b.configfile);
	return r;
}

static int eval_menu(struct g1_ctx *c, size_t vol, const char *path, unsigned depth,
		     struct boot_plan *plan)
{
	_cleanup_free_ char *data = NULL;
	struct g1_menu m = { 0 };
	struct boot_plan p = { 0 };
	const char *saved_path = c->path;
	size_t order[1 + G1_FALLBACK_MAX], n_order = 0, fb = 0;
	int def, r;
	size_t len;

	c->path = path;
	r = bootfs_read(c->fs, vol, path, BOOTFS_CONFIG_MAX, &data, &len);
	if (r < 0) {
		r = diag_error(c->d, r, path, 0, "cannot open '%s': %s", path, bootfs_config_strerror(r));
		goto out;
	}
	c->saved_entryno = read_saved_entry(c->fs, vol, path);
	r = menu_parse(c, data, len, &m);
	if (r < 0)
		goto out;
	if (!m.n) {
		r = diag_error(c->d, -ENOENT, path, 0, "no menu entries in '%s'", path);
		goto out;
	}

	/* Fallbacks past the end are dropped; a default past the end takes
	 * the first fallback, or entry 0 (cmain()). */
	for (size_t i = 0; i < m.n_fallback;) {
		if (m.fallback[i] < 0 || (size_t)m.fallback[i] >= m.n) {
			memmove(&m.fallback[i], &m.fallback[i + 1],
				(m.n_fallback - i - 1) * sizeof(*m.fallback));
			m.n_fallback--;
		} else {
			i++;
		}
	}
	def = m.default_entry;
	if (def < 0 || (size_t)def >= m.n) {
		if (m.n_fallback)
			def = m.fallback[fb++];
		else
			def = 0;
	}
	if (c->opt && c->opt->entry && depth == 0) {
		char *end;
		unsigned long idx = strtoul(c->opt->entry, &end, 10);

		def = -1;
		if (*c->opt->entry && !*end && idx < m.n)
			def = (int)idx;
		for (size_t i = 0; def < 0 && i < m.n; i++)
			if (!strcmp(m.v[i].title, c->opt->entry))
				def = (int)i;
		if (def < 0) {
			r = diag_error(c->d, -ENOENT, path, 0, "no entry '%s'", c->opt->entry);
			goto out;
		}
	}
	order[n_order++] = (size_t)def;
	for (; fb < m.n_fallback; fb++) {
		bool dup = false;

		for (size_t k = 0; k < n_order; k++)
			dup = dup || order[k] == (size_t)m.fallback[fb];
		if (!dup)
			order[n_order++] = (size_t)m.fallback[fb];
	}

	for (size_t i = 0; i < m.n; i++) {
		r = boot_plan_add_title(&p, m.v[i].title);
		if (r < 0)
			goto out;
	}
	for (size_t k = 0; k < n_order; k++) {
		bool replaced;

		r = target_for(c, &m, order[k], vol, k == 0, depth, &p, &replaced);
		if (r < 0)
			goto out;
		if (replaced) {
			*plan = p;
			memset(&p, 0, sizeof(p));
			goto out;
		}
	}
	r = boot_plan_finish(&p, "grub1", vol, path, plan);
out:
	c->path = saved_path;
	boot_plan_free(&p);
	menu_free(&m);
	return r;
}

int grub1_eval(const struct bootfs *fs, size_t vol, const char *path,
	       const struct plan_options *opt, struct boot_plan *plan, struct diag *d)
{
	struct g1_ctx c = { .fs = fs, .opt = opt, .d = d, .path = path };

	memset(plan, 0, sizeof(*plan));
	return eval_menu(&c, vol, path, 0, plan);
}
