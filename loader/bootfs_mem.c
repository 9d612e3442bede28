/* bootfs_mem.c - an in-memory bootfs for unit tests and fuzzers.
 *
 * Files are kept as (volume, normalised path, bytes); directories exist
 * implicitly wherever a file lies below them. */
#include "bootfs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "strbuf.h"

struct mem_file {
	size_t vol;
	char *path;
	char *data;
	size_t len;
};

struct bootfs_mem {
	struct mem_file *files;
	size_t n_files;
};

/* Lexically normalise: one leading '/', no empty, "." or ".." components
 * (".." at the root stays at the root, as in a chroot). */
static char *mem_normalize(const char *path)
{
	struct strbuf sb;
	const char *p = path;

	strbuf_init(&sb);
	while (*p) {
		const char *e;
		size_t n;

		while (*p == '/')
			p++;
		e = strchrnul(p, '/');
		n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash = strrchr(sb.buf, '/');

			if (slash) {
				sb.len = (size_t)(slash - sb.buf);
				sb.buf[sb.len] = '\0';
			}
		} else if (strbuf_addch(&sb, '/') < 0 || strbuf_add(&sb, p, n) < 0) {
			strbuf_release(&sb);
			return NULL;
		}
		p = e;
	}
	if (!sb.len && strbuf_addch(&sb, '/') < 0)
		return NULL;
	return strbuf_detach(&sb);
}

static const struct mem_file *mem_lookup(const struct bootfs_mem *m, size_t vol, const char *norm)
{
	for (size_t i = 0; i < m->n_files; i++)
		if (m->files[i].vol == vol && !strcmp(m->files[i].path, norm))
			return &m->files[i];
	return NULL;
}

/* Is norm a directory, i.e. a proper prefix of some file's path? */
static int mem_is_dir(const struct bootfs_mem *m, size_t vol, const char *norm)
{
	size_t n = strlen(norm);

	if (!strcmp(norm, "/"))
		return 1;
	for (size_t i = 0; i < m->n_files; i++)
		if (m->files[i].vol == vol && !strncmp(m->files[i].path, norm, n) &&
		    m->files[i].path[n] == '/')
			return 1;
	return 0;
}

static int mem_read_file(void *ctx, size_t vol, const char *path, size_t max,
			 char **data, size_t *len)
{
	const struct bootfs_mem *m = ctx;
	char *norm = mem_normalize(path);
	const struct mem_file *f;
	char *copy;

	if (!norm)
		return -ENOMEM;
	f = mem_lookup(m, vol, norm);
	if (!f) {
		int dir = mem_is_dir(m, vol, norm);

		free(norm);
		return dir ? -EISDIR : -ENOENT;
	}
	free(norm);
	if (f->len > max)
		return -EFBIG;
	copy = malloc(f->len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, f->data, f->len);
	copy[f->len] = '\0';
	*data = copy;
	*len = f->len;
	return 0;
}

static int mem_stat(void *ctx, size_t vol, const char *path, struct bootfs_stat *st)
{
	const struct bootfs_mem *m = ctx;
	char *norm = mem_normalize(path);
	const struct mem_file *f;
	int r = 0;

	if (!norm)
		return -ENOMEM;
	f = mem_lookup(m, vol, norm);
	if (f) {
		st->type = BOOTFS_REG;
		st->size = f->len;
	} else if (mem_is_dir(m, vol, norm)) {
		st->type = BOOTFS_DIR;
		st->size = 0;
	} else {
		r = -ENOENT;
	}
	free(norm);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int mem_list_dir(void *ctx, size_t vol, const char *path, size_t max,
			char ***names, size_t *n)
{
	const struct bootfs_mem *m = ctx;
	char *norm = mem_normalize(path);
	char **out = NULL;
	size_t count = 0, plen;
	int r = 0;

	if (!norm)
		return -ENOMEM;
	if (!mem_is_dir(m, vol, norm)) {
		free(norm);
		return -ENOENT;
	}
	plen = strcmp(norm, "/") ? strlen(norm) : 0;
	for (size_t i = 0; i < m->n_files; i++) {
		const char *rest, *slash;
		char *name, **grown;
		size_t k;

		if (m->files[i].vol != vol || strncmp(m->files[i].path, norm, plen) ||
		    m->files[i].path[plen] != '/')
			continue;
		rest = m->files[i].path + plen + 1;
		slash = strchrnul(rest, '/');
		for (k = 0; k < count; k++)
			if (strlen(out[k]) == (size_t)(slash - rest) &&
			    !strncmp(out[k], rest, (size_t)(slash - rest)))
				break;
		if (k < count)
			continue;
		if (count >= max) {
			r = -E2BIG;
			break;
		}
		name = strndup(rest, (size_t)(slash - rest));
		grown = name ? array_grow(out, count, sizeof(*out)) : NULL;
		if (!grown) {
			free(name);
			r = -ENOMEM;
			break;
		}
		out = grown;
		out[count++] = name;
	}
	free(norm);
	if (r < 0) {
		bootfs_names_free(out, count);
		return r;
	}
	if (count)
		qsort(out, count, sizeof(*out), cmp_str);
	*names = out;
	*n = count;
	return 0;
}

static const struct bootfs_ops mem_ops = {
	.read_file = mem_read_file,
	.stat = mem_stat,
	.list_dir = mem_list_dir,
};

int bootfs_mem_new(struct bootfs *fs)
{
	struct bootfs_mem *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	memset(fs, 0, sizeof(*fs));
	fs->ops = &mem_ops;
	fs->ctx = m;
	return 0;
}

int bootfs_mem_add_file(struct bootfs *fs, size_t vol, const char *path,
			const char *data, size_t len)
{
	struct bootfs_mem *m = fs->ctx;
	struct mem_file f = { .vol = vol }, *n;

	f.path = mem_normalize(path);
	f.data = malloc(len + 1);
	if (!f.path || !f.data)
		goto oom;
	memcpy(f.data, data, len);
	f.data[len] = '\0';
	f.len = len;
	n = array_grow(m->files, m->n_files, sizeof(*n));
	if (!n)
		goto oom;
	n[m->n_files++] = f;
	m->files = n;
	return 0;
oom:
	free(f.path);
	free(f.data);
	return -ENOMEM;
}

void bootfs_mem_free(struct bootfs *fs)
{
	struct bootfs_mem *m = fs->ctx;

	if (m) {
		for (size_t i = 0; i < m->n_files; i++) {
			free(m->files[i].path);
			free(m->files[i].data);
		}
		free(m->files);
		free(m);
	}
	bootfs_volumes_free(fs);
	fs->ctx = NULL;
}
