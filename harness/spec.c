/* spec.c - parse images/<name>.spec (see spec.h for the format). */
#include "spec.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "util.h"

static const char *const spec_buses[] = { "virtio-blk", "virtio-scsi", "ide", "ahci", "nvme" };
static const char *const spec_fses[] = { "ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "bios" };
/* part= corrupt= words, each made by damage.c. */
static const char *const spec_damages[] = { "unknown-incompat", "zero-group-descriptors" };

static int spec_in(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return 1;
	return 0;
}

int spec_bus_valid(const char *bus)
{
	return spec_in(spec_buses, sizeof(spec_buses) / sizeof(*spec_buses), bus);
}

int spec_fs_valid(const char *fs)
{
	return spec_in(spec_fses, sizeof(spec_fses) / sizeof(*spec_fses), fs);
}

const char *spec_table_name(enum spec_table t)
{
	return t == SPEC_TABLE_MSDOS ? "msdos" : t == SPEC_TABLE_GPT ? "gpt" : "none";
}

const char *spec_oracle_name(enum spec_oracle o)
{
	switch (o) {
	case SPEC_ORACLE_GRUB2: return "grub2";
	case SPEC_ORACLE_GRUB_LEGACY: return "grub-legacy";
	case SPEC_ORACLE_NONE: return "none";
	default: return "default";
	}
}

void spec_free(struct spec *s)
{
	free(s->name);
	free(s->description);
	free(s->distro);
	free(s->corpus);
	free(s->bus);
	free(s->expect_log);
	free(s->known_difference);
	for (size_t i = 0; i < s->n_parts; i++) {
		free(s->parts[i].fs);
		free(s->parts[i].src);
		free(s->parts[i].label);
		free(s->parts[i].uuid);
		free(s->parts[i].features);
		free(s->parts[i].corrupt);
	}
	for (size_t i = 0; i < s->n_nodes; i++) {
		free(s->nodes[i].path);
		free(s->nodes[i].kind);
	}
	free(s->loader_append);
	free(s->bootcode);
	free(s->dirty);
	free(s->expect_file);
	free(s->loader_pair);
	free(s->extra_disk);
	memset(s, 0, sizeof(*s));
}

static int spec_fail(struct spec_error *err, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int spec_fail(struct spec_error *err, unsigned line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int spec_set(char **field, const char *value)
{
	char *v = strdup(value);

	if (!v)
		return -ENOMEM;
	free(*field);
	*field = v;
	return 0;
}

/* part=<fs> key=value… ; words are separated by blanks. */
static int spec_parse_part(struct spec *s, char *value, unsigned line, struct spec_error *err)
{
	struct spec_part *p;
	char *save = NULL, *w;
	int r = 0;

	if (s->n_parts == SPEC_PARTS_MAX)
		return spec_fail(err, line, "more than %d partitions", SPEC_PARTS_MAX);
	p = &s->parts[s->n_parts++];
	w = strtok_r(value, " \t", &save);
	if (!w || !spec_fs_valid(w))
		return spec_fail(err, line, "unknown filesystem '%s'", w ? w : "");
	if ((r = spec_set(&p->fs, w)) < 0)
		return r;
	while ((w = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(w, '=');

		if (!eq)
			return spec_fail(err, line, "expected key=value, got '%s'", w);
		*eq++ = '\0';
		if (!strcmp(w, "size")) {
			if (util_parse_size(eq, &p->size) < 0 || p->size == 0)
				return spec_fail(err, line, "bad size '%s'", eq);
		} else if (!strcmp(w, "src")) {
			if (eq[0] != '/')
				return spec_fail(err, line, "src must be absolute, got '%s'", eq);
			r = spec_set(&p->src, eq);
		} else if (!strcmp(w, "label")) {
			r = spec_set(&p->label, eq);
		} else if (!strcmp(w, "uuid")) {
			r = spec_set(&p->uuid, eq);
		} else if (!strcmp(w, "features")) {
			if (strncmp(p->fs, "ext", 3))
				return spec_fail(err, line, "features= applies to ext2/3/4 only");
			r = spec_set(&p->features, eq);
		} else if (!strcmp(w, "corrupt")) {
			if (!spec_in(spec_damages, sizeof(spec_damages) / sizeof(*spec_damages), eq))
				return spec_fail(err, line, "unknown corrupt= '%s' (unknown-incompat, zero-group-descriptors)",
						 eq);
			if (strncmp(p->fs, "ext", 3))
				return spec_fail(err, line, "corrupt= applies to ext2/3/4 only");
			r = spec_set(&p->corrupt, eq);
		} else if (!strcmp(w, "type")) {
			if (strcmp(eq, "primary") && strcmp(eq, "logical"))
				return spec_fail(err, line, "type= must be primary or logical, got '%s'", eq);
			p->logical = !strcmp(eq, "logical");
		} else {
			return spec_fail(err, line, "unknown partition key '%s'", w);
		}
		if (r < 0)
			return r;
	}
	if (!p->size)
		return spec_fail(err, line, "partition without size=");
	if (!strcmp(p->fs, "bios") ? p->src != NULL : p->src == NULL)
		return spec_fail(err, line, !strcmp(p->fs, "bios") ? "a bios partition holds no src=" :
				 "partition without src=");
	return 0;
}

/* extra-disk=<spec> before|after */
static int spec_parse_extra_disk(struct spec *s, char *value, unsigned line, struct spec_error *err)
{
	char *save = NULL, *name = strtok_r(value, " \t", &save), *where = strtok_r(NULL, " \t", &save);

	if (!name || !where || strtok_r(NULL, " \t", &save) || (strcmp(where, "before") && strcmp(where, "after")))
		return spec_fail(err, line, "extra-disk wants '<spec> before' or '<spec> after'");
	if (strchr(name, '/'))
		return spec_fail(err, line, "extra-disk names a spec in the same directory, got '%s'", name);
	s->extra_first = !strcmp(where, "before");
	return spec_set(&s->extra_disk, name);
}

static int spec_parse_devnum(const char *s, unsigned *major, unsigned *minor)
{
	char *colon, *end;
	unsigned long a, b;

	if (!s)
		return -EINVAL;
	a = strtoul(s, &colon, 10);
	if (colon == s || *colon != ':')
		return -EINVAL;
	b = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end || a > 4095 || b > 1048575)
		return -EINVAL;
	*major = (unsigned)a;
	*minor = (unsigned)b;
	return 0;
}

/* node=<path> fifo|socket|char M:N|block M:N|sparse SIZE */
static int spec_parse_node(struct spec *s, char *value, unsigned line, struct spec_error *err)
{
	char *save = NULL, *path = strtok_r(value, " \t", &save), *kind = strtok_r(NULL, " \t", &save);
	char *nums = strtok_r(NULL, " \t", &save);
	struct spec_node *n;
	int devnode, sparse;

	if (s->n_nodes == SPEC_NODES_MAX)
		return spec_fail(err, line, "more than %d node= lines", SPEC_NODES_MAX);
	if (!path || path[0] != '/' || !kind)
		return spec_fail(err, line, "expected node=<absolute path> <kind>");
	/* The path goes into debugfs requests, quoted. */
	if (strpbrk(path, "\"'\\") || path[strlen(path) - 1] == '/')
		return spec_fail(err, line, "node path '%s' must name a file, without quotes or backslashes", path);
	devnode = !strcmp(kind, "char") || !strcmp(kind, "block");
	sparse = !strcmp(kind, "sparse");
	if (!devnode && !sparse && strcmp(kind, "fifo") && strcmp(kind, "socket"))
		return spec_fail(err, line, "unknown node kind '%s' (fifo, socket, char, block, sparse)", kind);
	n = &s->nodes[s->n_nodes];
	if (devnode && spec_parse_devnum(nums, &n->major, &n->minor) < 0)
		return spec_fail(err, line, "a %s node needs MAJOR:MINOR", kind);
	if (sparse && (!nums || util_parse_size(nums, &n->size) < 0 || !n->size))
		return spec_fail(err, line, "a sparse node needs a size (like 64G)");
	if (!devnode && !sparse && nums)
		return spec_fail(err, line, "a %s node takes no numbers", kind);
	s->n_nodes++;
	if (!(n->path = strdup(path)) || !(n->kind = strdup(kind)))
		return -ENOMEM;
	return 0;
}

static int spec_check(struct spec *s, struct spec_error *err)
{
	int has_root = 0;

	if (!s->corpus)
		return spec_fail(err, 0, "no corpus= line");
	if (!s->n_parts)
		return spec_fail(err, 0, "no part= line");
	if (s->table == SPEC_TABLE_NONE && (s->n_parts != 1 || !strcmp(s->parts[0].fs, "bios")))
		return spec_fail(err, 0, "table=none takes exactly one filesystem part=");
	for (size_t i = 0; i < s->n_parts; i++) {
		if (!strcmp(s->parts[i].fs, "bios") && s->table != SPEC_TABLE_GPT)
			return spec_fail(err, 0, "a bios partition needs table=gpt");
		if (s->parts[i].src && !strcmp(s->parts[i].src, "/"))
			has_root = 1;
	}
	if (!has_root)
		return spec_fail(err, 0, "no partition with src=/");
	/* debugfs makes the nodes: no such tool works on an xfs, btrfs or vfat
	 * image without mounting it. */
	for (size_t i = 0; i < s->n_nodes; i++) {
		const char *rel = NULL;
		int p = spec_part_for_path(s, s->nodes[i].path, &rel);

		if (p < 0 || !strcmp(rel, "/"))
			return spec_fail(err, 0, "node=%s is the top of a partition, not a file in it", s->nodes[i].path);
		if (strncmp(s->parts[p].fs, "ext", 3))
			return spec_fail(err, 0, "node=%s falls on %s: special files need ext2/3/4 (made with debugfs)",
					 s->nodes[i].path, s->parts[p].fs);
	}
	for (size_t i = 0; i < s->n_parts; i++) {
		if (!s->parts[i].logical)
			continue;
		if (s->table != SPEC_TABLE_MSDOS)
			return spec_fail(err, 0, "type=logical needs table=msdos");
		if ((i == 0 || !s->parts[i - 1].logical) && i > 3)
			return spec_fail(err, 0, "more than 3 primary partitions before the logical ones");
		if (i + 1 < s->n_parts && !s->parts[i + 1].logical)
			return spec_fail(err, 0, "a primary partition after a logical one");
	}
	if (s->extra_disk && s->attach_after)
		return spec_fail(err, 0, "extra-disk= and attach-after= do not go together");
	if (s->extra_disk && !strcmp(s->extra_disk, s->name))
		return spec_fail(err, 0, "extra-disk= names this image itself");
	if (s->bootcode && s->table == SPEC_TABLE_NONE)
		return spec_fail(err, 0, "bootcode= needs a partition table");
	if (s->expect == SPEC_EXPECT_FAIL && !s->expect_log)
		return spec_fail(err, 0, "expect=fail needs expect-log=");
	if (!s->bus && !(s->bus = strdup("virtio-blk")))
		return -ENOMEM;
	return 0;
}

int spec_parse(const char *name, const char *buf, size_t len, struct spec *out, struct spec_error *err)
{
	_cleanup_free_ char *copy = strndup(buf, len);
	struct spec s = { 0 };
	char *save = NULL, *line;
	unsigned lineno = 0;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	s.name = strdup(name);
	if (!s.name)
		return -ENOMEM;
	/* strtok_r would merge empty lines and lose the numbering; walk by hand. */
	for (line = copy; line && r == 0; line = save) {
		char *eq, *key, *value;

		lineno++;
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (!*line || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			r = spec_fail(err, lineno, "expected key=value");
			break;
		}
		*eq = '\0';
		key = line;
		value = eq + 1;
		for (char *e = value + strlen(value); e > value && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
			*--e = '\0';
		if (!strcmp(key, "description"))
			r = spec_set(&s.description, value);
		else if (!strcmp(key, "distro"))
			r = spec_set(&s.distro, value);
		else if (!strcmp(key, "corpus"))
			r = spec_set(&s.corpus, value);
		else if (!strcmp(key, "table")) {
			if (!strcmp(value, "none"))
				s.table = SPEC_TABLE_NONE;
			else if (!strcmp(value, "msdos"))
				s.table = SPEC_TABLE_MSDOS;
			else if (!strcmp(value, "gpt"))
				s.table = SPEC_TABLE_GPT;
			else
				r = spec_fail(err, lineno, "unknown table '%s'", value);
		} else if (!strcmp(key, "bus")) {
			if (!spec_bus_valid(value))
				r = spec_fail(err, lineno, "unknown bus '%s'", value);
			else
				r = spec_set(&s.bus, value);
		} else if (!strcmp(key, "part"))
			r = spec_parse_part(&s, value, lineno, err);
		else if (!strcmp(key, "expect")) {
			if (!strcmp(value, "boot"))
				s.expect = SPEC_EXPECT_BOOT;
			else if (!strcmp(value, "fail"))
				s.expect = SPEC_EXPECT_FAIL;
			else
				r = spec_fail(err, lineno, "expect must be boot or fail, got '%s'", value);
		} else if (!strcmp(key, "expect-log"))
			r = spec_set(&s.expect_log, value);
		else if (!strcmp(key, "oracle")) {
			if (!strcmp(value, "grub2"))
				s.oracle = SPEC_ORACLE_GRUB2;
			else if (!strcmp(value, "grub-legacy"))
				s.oracle = SPEC_ORACLE_GRUB_LEGACY;
			else if (!strcmp(value, "none"))
				s.oracle = SPEC_ORACLE_NONE;
			else
				r = spec_fail(err, lineno, "unknown oracle '%s'", value);
		} else if (!strcmp(key, "known-difference"))
			r = spec_set(&s.known_difference, value);
		else if (!strcmp(key, "timeout")) {
			char *end;
			unsigned long t = strtoul(value, &end, 10);

			if (*end || !*value || t == 0 || t > 3600)
				r = spec_fail(err, lineno, "bad timeout '%s'", value);
			else
				s.timeout = (unsigned)t;
		} else if (!strcmp(key, "loader-append"))
			r = spec_set(&s.loader_append, value);
		else if (!strcmp(key, "bootcode")) {
			if (strcmp(value, "grub2") && strcmp(value, "grub-legacy") && strcmp(value, "syslinux"))
				r = spec_fail(err, lineno, "unknown bootcode '%s' (grub2, grub-legacy, syslinux)", value);
			else
				r = spec_set(&s.bootcode, value);
		} else if (!strcmp(key, "attach-after")) {
			char *end;
			unsigned long t = strtoul(value, &end, 10);

			if (*end || !*value || t == 0 || t > 120)
				r = spec_fail(err, lineno, "bad attach-after '%s' (1 to 120 seconds)", value);
			else
				s.attach_after = (unsigned)t;
		} else if (!strcmp(key, "dirty"))
			r = spec_set(&s.dirty, value);
		else if (!strcmp(key, "expect-file")) {
			if (!*value || strchr(value, '/'))
				r = spec_fail(err, lineno, "expect-file= names a file in the corpus case, not '%s'", value);
			else
				r = spec_set(&s.expect_file, value);
		}
		else if (!strcmp(key, "loader-pair"))
			r = spec_set(&s.loader_pair, value);
		else if (!strcmp(key, "extra-disk"))
			r = spec_parse_extra_disk(&s, value, lineno, err);
		else if (!strcmp(key, "node"))
			r = spec_parse_node(&s, value, lineno, err);
		else
			r = spec_fail(err, lineno, "unknown key '%s'", key);
	}
	if (r == 0)
		r = spec_check(&s, err);
	if (r < 0) {
		spec_free(&s);
		return r;
	}
	*out = s;
	return 0;
}

int spec_load(const char *path, struct spec *out, struct spec_error *err)
{
	_cleanup_free_ char *data = NULL;
	const char *base = strrchr(path, '/');
	char name[NAME_MAX + 1];
	size_t len;
	char *dot;
	int r;

	base = base ? base + 1 : path;
	snprintf(name, sizeof(name), "%s", base);
	dot = strrchr(name, '.');
	if (dot && !strcmp(dot, ".spec"))
		*dot = '\0';
	r = util_read_file(path, 1 << 16, &data, &len);
	if (r < 0)
		return r;
	return spec_parse(name, data, len, out, err);
}

int spec_part_for_path(const struct spec *s, const char *path, const char **rel)
{
	size_t best_len = 0;
	int best = -ENOENT;

	for (size_t i = 0; i < s->n_parts; i++) {
		const char *src = s->parts[i].src;
		size_t n;

		if (!src)
			continue;
		n = !strcmp(src, "/") ? 0 : strlen(src);
		if (strncmp(path, src, n) || (path[n] != '/' && path[n] != '\0'))
			continue;
		if (best < 0 || n > best_len) {
			best = (int)i;
			best_len = n;
		}
	}
	if (best >= 0 && rel)
		*rel = path[best_len] ? path + best_len : "/";
	return best;
}

int spec_part_number(const struct spec *s, size_t i)
{
	size_t first = 0;

	if (!s->parts[i].logical)
		return (int)i + 1;
	while (!s->parts[first].logical)
		first++;
	return 5 + (int)(i - first);
}

int spec_grub_device(const struct spec *s, size_t i, char *buf, size_t size)
{
	int n;

	if (s->table == SPEC_TABLE_NONE)
		n = snprintf(buf, size, "hd0");
	else
		n = snprintf(buf, size, "hd0,%s%d", spec_table_name(s->table), spec_part_number(s, i));
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}
