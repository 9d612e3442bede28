/* bls.c - BootLoaderSpec entries: parsing, the two orders, and systemd-boot's choice.
 *
 * systemd-boot's behaviour here follows src/boot/boot.c (entry parsing,
 * boot_entry_compare(), config_select_default_entry(), initrd_prepare())
 * and strverscmp_improved() in src/fundamental/string-util-fundamental.c;
 * GRUB's follows grub-core/commands/blscfg.c in Fedora's grub2
 * (read_entry(), bls_cmp(), vercmp()). */
#include "bls.h"
#include "array.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cleanup.h"
#include "../formats.h"
#include "../strbuf.h"

/* The architecture name systemd-boot compares "architecture" with. */
#if defined(__x86_64__)
#define BLS_ARCH "x64"
#elif defined(__i386__)
#define BLS_ARCH "ia32"
#elif defined(__aarch64__)
#define BLS_ARCH "aa64"
#elif defined(__arm__)
#define BLS_ARCH "arm"
#elif defined(__riscv) && __riscv_xlen == 64
#define BLS_ARCH "riscv64"
#elif defined(__loongarch64)
#define BLS_ARCH "loongarch64"
#endif

void bls_entry_free(struct bls_entry *e)
{
	free(e->path);
	free(e->filename);
	free(e->id);
	free(e->title);
	free(e->version);
	free(e->machine_id);
	free(e->sort_key);
	free(e->linux);
	free(e->efi);
	free(e->devicetree);
	free(e->architecture);
	free(e->options);
	for (size_t i = 0; i < e->n_initrds; i++)
		free(e->initrds[i]);
	free(e->initrds);
	for (size_t i = 0; i < e->n_kv; i++) {
		free(e->kv[i].key);
		free(e->kv[i].value);
	}
	free(e->kv);
	memset(e, 0, sizeof(*e));
}

void bls_entries_free(struct bls_entries *list)
{
	for (size_t i = 0; i < list->n; i++)
		bls_entry_free(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

static bool has_suffix_case(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* "+LEFT-DONE" or "+LEFT" right before ".conf", the last '+' in the name;
 * anything else means the entry is not counted (boot_entry_parse_tries()). */
static void parse_tries(const char *name, struct bls_entry *e, size_t *prefix_len)
{
	const char *plus = strrchr(name, '+'), *p;
	unsigned long left, done = 0;
	char *end;

	e->tries_left = e->tries_done = -1;
	*prefix_len = strlen(name);
	if (!plus || !isdigit((unsigned char)plus[1]))
		return;
	errno = 0;
	left = strtoul(plus + 1, &end, 10);
	if (errno || left > INT_MAX)
		return;
	p = end;
	if (*p == '-') {
		if (!isdigit((unsigned char)p[1]))
			return;
		done = strtoul(p + 1, &end, 10);
		if (errno || done > INT_MAX)
			return;
		p = end;
	}
	if (strcasecmp(p, ".conf"))
		return;
	e->tries_left = (int)left;
	e->tries_done = (int)done;
	*prefix_len = (size_t)(plus - name);
}

static int set_field(char **field, const char *value, bool first_wins)
{
	char *s;

	if (*field && first_wins)
		return 0;
	s = strdup(value);
	if (!s)
		return -ENOMEM;
	free(*field);
	*field = s;
	return 0;
}

static int add_kv(struct bls_entry *e, const char *key, const char *value)
{
	struct bls_kv *n;
	char *k = strdup(key), *v = strdup(value);

	if (!k || !v)
		goto oom;
	n = realloc(e->kv, (e->n_kv + 1) * sizeof(*n));
	if (!n)
		goto oom;
	n[e->n_kv].key = k;
	n[e->n_kv].value = v;
	e->kv = n;
	e->n_kv++;
	return 0;
oom:
	free(k);
	free(v);
	return -ENOMEM;
}

static int entry_set(struct bls_entry *e, const char *key, const char *value,
		     enum bls_parse_mode mode)
{
	bool first = mode == BLS_PARSE_BLSCFG;
	int r;

	r = add_kv(e, key, value);
	if (r < 0)
		return r;
	if (!strcmp(key, "title"))
		return set_field(&e->title, value, first);
	if (!strcmp(key, "version"))
		return set_field(&e->version, value, first);
	if (!strcmp(key, "machine-id"))
		return set_field(&e->machine_id, value, first);
	if (!strcmp(key, "sort-key"))
		return set_field(&e->sort_key, value, first);
	if (!strcmp(key, "linux"))
		return set_field(&e->linux, value, first);
	if (!strcmp(key, "efi"))
		return set_field(&e->efi, value, first);
	if (!strcmp(key, "devicetree"))
		return set_field(&e->devicetree, value, first);
	if (!strcmp(key, "architecture"))
		return set_field(&e->architecture, value, first);
	if (!strcmp(key, "options")) {
		struct strbuf sb;

		if (!e->options)
			return set_field(&e->options, value, false);
		if (first)
			return 0;
		strbuf_init(&sb);
		if (strbuf_adds(&sb, e->options) < 0 || strbuf_addch(&sb, ' ') < 0 ||
		    strbuf_adds(&sb, value) < 0) {
			strbuf_release(&sb);
			return -ENOMEM;
		}
		free(e->options);
		e->options = strbuf_detach(&sb);
		return 0;
	}
	if (!strcmp(key, "initrd")) {
		char **n, *s = strdup(value);

		if (!s)
			return -ENOMEM;
		n = realloc(e->initrds, (e->n_initrds + 1) * sizeof(*n));
		if (!n) {
			free(s);
			return -ENOMEM;
		}
		n[e->n_initrds++] = s;
		e->initrds = n;
	}
	return 0;
}

/* One line in systemd-boot's manner (line_get_key_value()): returns 1 with
 * key and value set, 0 to skip the line. line is modified. */
static int split_sdboot(char *line, char **key, char **value)
{
	size_t n;
	char *v;

	while (*line == ' ' || *line == '\t')
		line++;
	n = strlen(line);
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
	if (!n || *line == '#')
		return 0;
	v = line + strcspn(line, " \t");
	if (!*v)
		return 0;
	*v++ = '\0';
	while (*v == ' ' || *v == '\t')
		v++;
	if (v[0] == '"' && line[n - 1] == '"' && v < line + n - 1) {
		v++;
		line[n - 1] = '\0';
	}
	*key = line;
	*value = v;
	return 1;
}

/* One line in blscfg's manner (read_entry()): 1 with key and value, 0 to
 * skip a comment, -1 where blscfg stops reading the file. */
static int split_blscfg(char *line, char **key, char **value)
{
	char *sep;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '#')
		return 0;
	sep = strchr(line, ' ');
	if (!sep)
		sep = strchr(line, '\t');
	if (!sep || sep[1] == '\0')
		return -1;
	*sep++ = '\0';
	while (*sep == ' ' || *sep == '\t')
		sep++;
	*key = line;
	*value = sep;
	return 1;
}

int bls_entry_parse(const char *name, const char *diag_file, const char *buf, size_t len,
		    enum bls_parse_mode mode, struct bls_entry *out, struct diag *d)
{
	struct bls_entry e = { 0 };
	_cleanup_free_ char *copy = NULL;
	size_t prefix_len, end;
	unsigned lineno = 0;
	char *p;
	int r = -ENOMEM;

	memset(out, 0, sizeof(*out));
	/* Both readers treat the file as a C string. */
	end = strnlen(buf, len);
	copy = malloc(end + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, end);
	copy[end] = '\0';

	e.filename = strdup(name);
	if (!e.filename)
		goto fail;
	parse_tries(name, &e, &prefix_len);
	if (e.tries_left >= 0) {
		e.id = malloc(prefix_len + sizeof(".conf"));
		if (e.id) {
			memcpy(e.id, name, prefix_len);
			memcpy(e.id + prefix_len, ".conf", sizeof(".conf"));
		}
	} else {
		e.id = strdup(name);
	}
	if (!e.id)
		goto fail;

	for (p = copy; *p;) {
		char *line = p, *key, *value;
		size_t n;

		if (mode == BLS_PARSE_SDBOOT) {
			n = strcspn(p, "\r\n");
			p += n;
			/* "\r\n" is one line break for the line count; for
			 * systemd-boot it is an empty line, which changes nothing. */
			if (*p == '\r' && p[1] == '\n')
				*p++ = '\0';
			if (*p)
				*p++ = '\0';
			lineno++;
			if (!split_sdboot(line, &key, &value))
				continue;
		} else {
			char *w, *q;

			n = strcspn(p, "\n");
			p += n;
			if (*p)
				*p++ = '\0';
			lineno++;
			/* GRUB's line reader drops every carriage return. */
			for (w = q = line; *q; q++)
				if (*q != '\r')
					*w++ = *q;
			*w = '\0';
			r = split_blscfg(line, &key, &value);
			if (r < 0)
				break;
			if (r == 0)
				continue;
		}
		if (strlen(key) > 64 || !*key) {
			diag_warn(d, diag_file, lineno, "unreadable key, ignoring");
			continue;
		}
		r = entry_set(&e, key, value, mode);
		if (r < 0)
			goto fail;
	}
	*out = e;
	return 0;
fail:
	bls_entry_free(&e);
	return r < 0 ? r : -ENOMEM;
}

static bool name_wanted(const char *name, enum bls_parse_mode mode)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	if (mode == BLS_PARSE_BLSCFG)
		return n > 5 && !strcmp(name + n - 5, ".conf");
	return has_suffix_case(name, ".conf") && strncasecmp(name, "auto-", 5) != 0;
}

static char *path_join(const char *dir, const char *name)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (strbuf_adds(&sb, dir) < 0)
		return NULL;
	if ((!sb.len || sb.buf[sb.len - 1] != '/') && strbuf_addch(&sb, '/') < 0)
		goto fail;
	while (*name == '/')
		name++;
	if (strbuf_adds(&sb, name) < 0)
		goto fail;
	return strbuf_detach(&sb);
fail:
	strbuf_release(&sb);
	return NULL;
}

int bls_entries_load(const struct bootfs *fs, size_t vol, const char *dir,
		     enum bls_parse_mode mode, struct bls_entries *list, struct diag *d)
{
	char **names = NULL;
	size_t n_names = 0;
	struct bootfs_stat st;
	int r;

	r = bootfs_stat(fs, vol, dir, &st);
	if (r < 0 || st.type != BOOTFS_DIR)
		return r < 0 ? r : -ENOTDIR;
	if (list->n >= BLS_ENTRIES_MAX)
		return diag_error(d, -E2BIG, dir, 0, "more than %u boot loader entries",
				  BLS_ENTRIES_MAX);
	r = bootfs_list(fs, vol, dir, BLS_ENTRIES_MAX - list->n, &names, &n_names);
	if (r == -E2BIG)
		return diag_error(d, r, dir, 0, "more than %u boot loader entries",
				  BLS_ENTRIES_MAX);
	if (r < 0)
		return diag_error(d, r, dir, 0, "cannot list '%s': %s", dir, strerror(-r));

	for (size_t i = 0; i < n_names; i++) {
		_cleanup_free_ char *path = NULL, *data = NULL;
		struct bls_entry e, *v;
		size_t len;

		if (!name_wanted(names[i], mode))
			continue;
		path = path_join(dir, names[i]);
		if (!path) {
			r = -ENOMEM;
			goto out;
		}
		if (bootfs_stat(fs, vol, path, &st) == 0 && st.type == BOOTFS_DIR)
			continue;
		r = bootfs_read(fs, vol, path, BLS_ENTRY_FILE_MAX, &data, &len);
		if (r == -ENOMEM)
			goto out;
		if (r < 0) {
			diag_warn(d, path, 0, "cannot read '%s': %s, ignoring", path, strerror(-r));
			continue;
		}
		r = bls_entry_parse(names[i], path, data, len, mode, &e, d);
		if (r < 0)
			goto out;
		e.vol = vol;
		e.path = TAKE_PTR(path);
		v = array_grow(list->v, list->n, sizeof(*v));
		if (!v) {
			bls_entry_free(&e);
			r = -ENOMEM;
			goto out;
		}
		v[list->n++] = e;
		list->v = v;
	}
	r = 0;
out:
	bootfs_names_free(names, n_names);
	return r;
}

static int cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static bool is_version_char(char c)
{
	return isalnum((unsigned char)c) || c == '~' || c == '-' || c == '^' || c == '.';
}

int bls_vercmp_systemd(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b) {
		int r = (!a || !b) ? cmp_int(a != NULL, b != NULL) : strcmp(a, b);

		return cmp_int(r, 0);
	}
	for (;;) {
		const char *aa, *bb;
		int r;

		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;
		/* '~' marks a pre-release: older than anything, even the end. */
		if (*a == '~' || *b == '~') {
			r = cmp_int(*a != '~', *b != '~');
			if (r)
				return r;
			a++;
			b++;
		}
		if (!*a || !*b)
			return cmp_int(*a != '\0', *b != '\0');
		/* '-' separates version from release: the side that has it is older. */
		if (*a == '-' || *b == '-') {
			r = cmp_int(*a != '-', *b != '-');
			if (r)
				return r;
			a++;
			b++;
		}
		if (*a == '^' || *b == '^') {
			r = cmp_int(*a != '^', *b != '^');
			if (r)
				return r;
			a++;
			b++;
		}
		if (*a == '.' || *b == '.') {
			r = cmp_int(*a != '.', *b != '.');
			if (r)
				return r;
			a++;
			b++;
		}
		if (isdigit((unsigned char)*a) || isdigit((unsigned char)*b)) {
			for (aa = a; isdigit((unsigned char)*aa); aa++)
				;
			for (bb = b; isdigit((unsigned char)*bb); bb++)
				;
			r = cmp_int(a != aa, b != bb);
			if (r)
				return r;
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			r = cmp_int((int)(aa - a), (int)(bb - b));
			if (r)
				return r;
			r = strncmp(a, b, (size_t)(aa - a));
			if (r)
				return cmp_int(r, 0);
		} else {
			size_t la, lb;

			for (aa = a; isalpha((unsigned char)*aa); aa++)
				;
			for (bb = b; isalpha((unsigned char)*bb); bb++)
				;
			la = (size_t)(aa - a);
			lb = (size_t)(bb - b);
			r = strncmp(a, b, la < lb ? la : lb);
			if (r)
				return cmp_int(r, 0);
			r = cmp_int(la > lb, lb > la);
			if (r)
				return r;
		}
		a = aa;
		b = bb;
	}
}

/* rpmvercmp() as blscfg carries it: segments of digits or letters, '~'
 * sorts before everything, '+' after the base version. */
int bls_vercmp_rpm(const char *a, const char *b)
{
	const char *one = a, *two = b;

	if (!strcmp(a, b))
		return 0;
	while (*one || *two) {
		const char *s1, *s2;
		size_t l1, l2;
		bool isnum;
		int rc;

		while (*one && !isalnum((unsigned char)*one) && *one != '~' && *one != '+')
			one++;
		while (*two && !isalnum((unsigned char)*two) && *two != '~' && *two != '+')
			two++;
		if (*one == '~' || *two == '~') {
			if (*one != '~')
				return 1;
			if (*two != '~')
				return -1;
			one++;
			two++;
			continue;
		}
		if (*one == '+' || *two == '+') {
			if (!*one)
				return -1;
			if (!*two)
				return 1;
			if (*one != '+')
				return 1;
			if (*two != '+')
				return -1;
			one++;
			two++;
			continue;
		}
		if (!(*one && *two))
			break;
		s1 = one;
		s2 = two;
		if (isdigit((unsigned char)*s1)) {
			while (*s1 && isdigit((unsigned char)*s1))
				s1++;
			while (*s2 && isdigit((unsigned char)*s2))
				s2++;
			isnum = true;
		} else {
			while (*s1 && isalpha((unsigned char)*s1))
				s1++;
			while (*s2 && isalpha((unsigned char)*s2))
				s2++;
			isnum = false;
		}
		if (two == s2)
			return isnum ? 1 : -1;
		if (isnum) {
			while (*one == '0' && one < s1)
				one++;
			while (*two == '0' && two < s2)
				two++;
			if (s1 - one > s2 - two)
				return 1;
			if (s2 - two > s1 - one)
				return -1;
		}
		l1 = (size_t)(s1 - one);
		l2 = (size_t)(s2 - two);
		rc = strncmp(one, two, l1 < l2 ? l1 : l2);
		if (!rc)
			rc = cmp_int(l1 > l2, l2 > l1);
		if (rc)
			return rc < 0 ? -1 : 1;
		one = s1;
		two = s2;
	}
	if (!*one && !*two)
		return 0;
	return !*one ? -1 : 1;
}

/* systemd-boot ids: the whole file name, lower case. */
static char *lower_dup(const char *s)
{
	char *r = strdup(s);

	for (char *p = r; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return cmp_int(a != NULL, b != NULL);
	return cmp_int(strcmp(a, b), 0);
}

static int sdboot_cmp(const void *pa, const void *pb)
{
	const struct bls_entry *a = pa, *b = pb;
	_cleanup_free_ char *ia = NULL, *ib = NULL;
	int r;

	r = cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (r)
		return r;
	r = cmp_int(!a->sort_key, !b->sort_key);
	if (r)
		return r;
	if (a->sort_key && b->sort_key) {
		r = strcmp_null(a->sort_key, b->sort_key);
		if (r)
			return r;
		r = strcmp_null(a->machine_id, b->machine_id);
		if (r)
			return r;
		r = -bls_vercmp_systemd(a->version, b->version);
		if (r)
			return r;
	}
	ia = lower_dup(a->filename);
	ib = lower_dup(b->filename);
	r = -bls_vercmp_systemd(ia ? ia : a->filename, ib ? ib : b->filename);
	if (r)
		return r;
	if (a->tries_left < 0 || b->tries_left < 0)
		return 0;
	r = -cmp_int(a->tries_left, b->tries_left);
	if (r)
		return r;
	return cmp_int(a->tries_done, b->tries_done);
}

void bls_sort_sdboot(struct bls_entries *list)
{
	/* Entries arrive in name order, which keeps equal keys in a stable
	 * order as far as qsort's result depends on it. */
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(*list->v), sdboot_cmp);
}

/* name-version-release split at the last two '-' (split_package_string()). */
static void nvr_split(char *s, const char **name, const char **version, const char **release)
{
	char *rel = strrchr(s, '-'), *ver;

	if (rel)
		*rel++ = '\0';
	ver = strrchr(s, '-');
	if (ver)
		*ver++ = '\0';
	*name = s;
	*version = ver;
	*release = rel;
	if (!*version) {
		*version = *release;
		*release = NULL;
	}
}

static int blscfg_cmp(const struct bls_entry *e0, const struct bls_entry *e1)
{
	_cleanup_free_ char *a = NULL, *b = NULL;
	const char *n0, *v0, *r0, *n1, *v1, *r1;
	size_t la, lb;
	int r;

	/* blscfg keeps the file name less its last five characters. */
	la = strlen(e0->filename);
	lb = strlen(e1->filename);
	a = strndup(e0->filename, la > 5 ? la - 5 : 0);
	b = strndup(e1->filename, lb > 5 ? lb - 5 : 0);
	if (!a || !b)
		return strcmp_null(e0->filename, e1->filename);
	nvr_split(a, &n0, &v0, &r0);
	nvr_split(b, &n1, &v1, &r1);
	r = bls_vercmp_rpm(n0 ? n0 : "", n1 ? n1 : "");
	if (r)
		return r;
	r = bls_vercmp_rpm(v0 ? v0 : "", v1 ? v1 : "");
	if (r)
		return r;
	return bls_vercmp_rpm(r0 ? r0 : "", r1 ? r1 : "");
}

void bls_sort_blscfg(struct bls_entries *list)
{
	size_t placed = 0;

	/* Insertion as bls_add_entry() does it: before the first entry the
	 * new one is newer than; an equal one is refused. */
	for (size_t i = 0; i < list->n; i++) {
		struct bls_entry e = list->v[i];
		size_t at = placed;
		bool dup = false;

		for (size_t j = 0; j < placed; j++) {
			int rc = blscfg_cmp(&e, &list->v[j]);

			if (rc == 0) {
				dup = true;
				break;
			}
			if (rc > 0) {
				at = j;
				break;
			}
		}
		if (dup) {
			bls_entry_free(&list->v[i]);
			continue;
		}
		memmove(&list->v[at + 1], &list->v[at], (placed - at) * sizeof(e));
		list->v[at] = e;
		placed++;
	}
	list->n = placed;
}

/* ---- systemd-boot's choice ---- */

static const char *opt_var(const struct plan_options *opt, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; opt && i < opt->n_vars; i++)
		if (!strncmp(opt->vars[i], name, n) && opt->vars[i][n] == '=')
			return opt->vars[i] + n + 1;
	return NULL;
}

/* loader.conf's "default", parsed as config_defaults_load_from_file()
 * does: the last one wins. */
static int read_loader_default(const struct bootfs *fs, size_t vol, const char *conf,
			       char **out)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	char *p;
	int r;

	*out = NULL;
	r = bootfs_read(fs, vol, conf, BLS_ENTRY_FILE_MAX, &data, &len);
	if (r < 0)
		return r;
	data[strnlen(data, len)] = '\0';
	for (p = data; *p;) {
		char *line = p, *key, *value;

		p += strcspn(p, "\r\n");
		if (*p)
			*p++ = '\0';
		if (!split_sdboot(line, &key, &value) || strcmp(key, "default"))
			continue;
		free(*out);
		*out = lower_dup(value);
		if (!*out)
			return -ENOMEM;
	}
	return 0;
}

struct sd_entry {
	struct bls_entry *e;
	char *match_id; /* lower-case file name */
	char *title;    /* shown title, made unique */
};

static ssize_t find_pattern(struct sd_entry *v, size_t n, const char *pattern)
{
	_cleanup_free_ char *p = NULL;

	if (!pattern || !*pattern)
		return -1;
	p = lower_dup(pattern);
	if (!p)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (fnmatch(p, v[i].match_id, 0) == 0)
			return (ssize_t)i;
	return -1;
}

static int retitle(struct sd_entry *v, size_t n, int round)
{
	bool *dup = calloc(n ? n : 1, sizeof(*dup));

	if (!dup)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (!strcmp(v[i].title, v[k].title))
				dup[i] = dup[k] = true;
	for (size_t i = 0; i < n; i++) {
		const char *extra = NULL;
		struct strbuf sb;

		if (!dup[i])
			continue;
		if (round == 0)
			extra = v[i].e->version;
		else if (round == 1)
			extra = v[i].e->machine_id;
		else
			extra = v[i].match_id;
		if (!extra)
			continue;
		strbuf_init(&sb);
		if (round == 1 ? strbuf_addf(&sb, "%s (%.8s)", v[i].title, extra) < 0
			       : strbuf_addf(&sb, "%s (%s)", v[i].title, extra) < 0) {
			free(dup);
			return -ENOMEM;
		}
		free(v[i].title);
		v[i].title = strbuf_detach(&sb);
	}
	free(dup);
	return 0;
}

/* A path from an entry, as systemd-boot opens it on the entry's volume. */
static char *entry_path(const char *value)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (value[0] != '/' && strbuf_addch(&sb, '/') < 0)
		return NULL;
	for (const char *p = value; *p; p++)
		if (strbuf_addch(&sb, *p == '\\' ? '/' : *p) < 0) {
			strbuf_release(&sb);
			return NULL;
		}
	return strbuf_detach(&sb);
}

/* The "initrd=" argument the way systemd-boot spells the path: EFI
 * separators, no doubled or trailing ones (xstr8_to_path()). */
static int add_efi_path(struct strbuf *sb, const char *path)
{
	size_t start = sb->len;
	char prev = 0;
	int r;

	for (const char *p = path; *p; p++) {
		char c = *p == '/' ? '\\' : *p;

		if (c == '\\' && prev == '\\')
			continue;
		r = strbuf_addch(sb, c);
		if (r < 0)
			return r;
		prev = c;
	}
	/* convert_efi_path() drops trailing separators too. */
	while (sb->len > start && sb->buf[sb->len - 1] == '\\')
		sb->buf[--sb->len] = '\0';
	return 0;
}

static int make_target(const struct sd_entry *s, struct boot_target *t)
{
	const struct bls_entry *e = s->e;
	struct strbuf sb;
	int r = -ENOMEM;

	memset(t, 0, sizeof(*t));
	strbuf_init(&sb);
	t->entry = strdup(s->title);
	if (!t->entry)
		goto fail;
	if (!e->linux) {
		t->unbootable = strdup(e->efi ? "entry starts an EFI program, not a Linux kernel"
					      : "entry names no kernel");
		if (!t->unbootable)
			goto fail;
		t->cmdline = strdup("");
		return t->cmdline ? 0 : -ENOMEM;
	}
	t->kernel.vol = e->vol;
	t->kernel.path = entry_path(e->linux);
	if (!t->kernel.path)
		goto fail;
	if (e->n_initrds) {
		t->initrds = calloc(e->n_initrds, sizeof(*t->initrds));
		if (!t->initrds)
			goto fail;
	}
	/* systemd-boot passes "initrd=\path" for each initrd before the
	 * options (initrd_prepare()), for kernels whose EFI stub loads them
	 * itself. The loader keeps them so the kernel sees the command line
	 * systemd-boot would give it; a kexec'd kernel ignores them, its
	 * initrd comes with the kexec call. */
	for (size_t i = 0; i < e->n_initrds; i++) {
		t->initrds[i].vol = e->vol;
		t->initrds[i].path = entry_path(e->initrds[i]);
		t->n_initrds = i + 1;
		if (!t->initrds[i].path)
			goto fail;
		if ((i && strbuf_addch(&sb, ' ') < 0) || strbuf_adds(&sb, "initrd=") < 0 ||
		    add_efi_path(&sb, e->initrds[i]) < 0)
			goto fail;
	}
	if (e->options && ((sb.len && strbuf_addch(&sb, ' ') < 0) || strbuf_adds(&sb, e->options) < 0))
		goto fail;
	t->cmdline = strbuf_detach(&sb);
	return t->cmdline ? 0 : -ENOMEM;
fail:
	strbuf_release(&sb);
	boot_target_free(t);
	return r;
}

/* The directories systemd-boot reads entries from: "/loader/entries" on
 * the ESP and on the XBOOTLDR partition, wherever the guest mounts them. */
static const char *const sdboot_dirs[] = {
	"/loader/entries",
	"/boot/loader/entries",
	"/efi/loader/entries",
	"/boot/efi/loader/entries",
};

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

static void sd_entries_free(struct sd_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].match_id);
		free(v[i].title);
	}
	free(v);
}

/* Drop what systemd-boot would not list (boot_entry_add_type1()): no
 * kernel and no EFI program, both at once, another architecture, or a
 * kernel that is not there. */
static bool sd_keep(const struct bootfs *fs, const struct bls_entry *e, struct diag *d)
{
	struct bootfs_stat st;
	_cleanup_free_ char *k = NULL;

	if (!e->linux && !e->efi) {
		diag_warn(d, e->path, 0, "entry has neither 'linux' nor 'efi', ignoring");
		return false;
	}
	if (e->linux && e->efi) {
		diag_warn(d, e->path, 0, "entry has both 'linux' and 'efi', ignoring");
		return false;
	}
#ifdef BLS_ARCH
	if (e->architecture && strcasecmp(e->architecture, BLS_ARCH)) {
		diag_warn(d, e->path, 0, "entry is for architecture '%s', ignoring", e->architecture);
		return false;
	}
#endif
	k = entry_path(e->linux ? e->linux : e->efi);
	if (!k || bootfs_stat(fs, e->vol, k, &st) < 0 || st.type != BOOTFS_REG) {
		diag_warn(d, e->path, 0, "cannot find '%s', ignoring", k ? k : "");
		return false;
	}
	return true;
}

int bls_eval(const struct bootfs *fs, size_t vol, const char *path,
	     const struct plan_options *opt, struct boot_plan *plan, struct diag *d)
{
	struct bls_entries all = { 0 };
	struct sd_entry *v = NULL;
	size_t n = 0;
	_cleanup_free_ char *confdir = NULL, *conf = NULL, *def = NULL;
	struct boot_plan p = { 0 };
	struct boot_target t;
	ssize_t pick = -1;
	int r;

	memset(plan, 0, sizeof(*plan));
	r = bls_entries_load(fs, vol, path, BLS_PARSE_SDBOOT, &all, d);
	if (r == -ENOENT || r == -ENOTDIR) {
		r = diag_error(d, -ENOENT, path, 0, "cannot open '%s': %s", path, strerror(ENOENT));
		goto out;
	}
	if (r < 0)
		goto out;
	/* The XBOOTLDR partition's entries join the ESP's. */
	for (size_t vi = 0; vi < fs->n_vols; vi++)
		for (size_t k = 0; k < sizeof(sdboot_dirs) / sizeof(*sdboot_dirs); k++) {
			if ((vi == vol && !strcmp(sdboot_dirs[k], path)) ||
			    formats_path_shadowed(fs, vi, sdboot_dirs[k]))
				continue;
			r = bls_entries_load(fs, vi, sdboot_dirs[k], BLS_PARSE_SDBOOT, &all, d);
			if (r < 0 && r != -ENOENT && r != -ENOTDIR)
				goto out;
		}

	confdir = dir_of(path);
	conf = confdir ? path_join(confdir, "loader.conf") : NULL;
	if (!conf) {
		r = -ENOMEM;
		goto out;
	}
	r = read_loader_default(fs, vol, conf, &def);
	if (r == -ENOMEM)
		goto out;
	if (r < 0 && r != -ENOENT)
		diag_warn(d, conf, 0, "cannot read '%s': %s, ignoring", conf, strerror(-r));

	bls_sort_sdboot(&all);
	v = calloc(all.n ? all.n : 1, sizeof(*v));
	if (!v) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < all.n; i++) {
		if (!sd_keep(fs, &all.v[i], d))
			continue;
		v[n].e = &all.v[i];
		v[n].match_id = lower_dup(all.v[i].filename);
		v[n].title = strdup(all.v[i].title ? all.v[i].title : v[n].match_id ? v[n].match_id : "");
		n++;
		if (!v[n - 1].match_id || !v[n - 1].title) {
			r = -ENOMEM;
			goto out;
		}
	}
	if (!n) {
		r = diag_error(d, -ENOENT, path, 0, "no usable boot loader entries in '%s'", path);
		goto out;
	}
	for (int round = 0; round < 3; round++) {
		r = retitle(v, n, round);
		if (r < 0)
			goto out;
	}

	/* config_select_default_entry(): the one-shot entry, the EFI
	 * variable default (or the last booted one where it says @saved),
	 * loader.conf's default (the same), then the first entry. The EFI
	 * variables exist only when presets name them; a loader that boots
	 * a disk it found has none, so "@saved" falls through to the first
	 * entry. */
	if (opt && opt->entry) {
		char *end;
		unsigned long idx = strtoul(opt->entry, &end, 10);

		if (*opt->entry && !*end && idx < n)
			pick = (ssize_t)idx;
		for (size_t i = 0; pick < 0 && i < n; i++)
			if (!strcmp(v[i].title, opt->entry) || !strcasecmp(v[i].e->id, opt->entry) ||
			    !strcasecmp(v[i].e->filename, opt->entry))
				pick = (ssize_t)i;
		if (pick < 0) {
			r = diag_error(d, -ENOENT, path, 0, "no entry '%s'", opt->entry);
			goto out;
		}
	}
	if (pick < 0)
		pick = find_pattern(v, n, opt_var(opt, "LoaderEntryOneShot"));
	if (pick < 0) {
		const char *efidef = opt_var(opt, "LoaderEntryDefault");

		if (efidef && !strcasecmp(efidef, "@saved"))
			efidef = opt_var(opt, "LoaderEntryLastBooted");
		pick = find_pattern(v, n, efidef);
	}
	if (pick < 0 && def) {
		if (!strcmp(def, "@saved")) {
			const char *efidef = opt_var(opt, "LoaderEntryDefault");

			if (!efidef || strcasecmp(efidef, "@saved"))
				pick = find_pattern(v, n, opt_var(opt, "LoaderEntryLastBooted"));
		} else {
			pick = find_pattern(v, n, def);
		}
	}
	if (pick < 0)
		pick = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].e->linux) {
			r = boot_plan_add_title(&p, v[i].title);
			if (r < 0)
				goto out;
		}
	r = make_target(&v[pick], &t);
	if (r < 0)
		goto out;
	r = boot_plan_add_target(&p, &t);
	if (r < 0) {
		boot_target_free(&t);
		goto out;
	}
	r = boot_plan_finish(&p, "bls", vol, path, plan);
out:
	boot_plan_free(&p);
	if (v)
		sd_entries_free(v, n);
	bls_entries_free(&all);
	return r;
}
