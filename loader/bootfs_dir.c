/* bootfs_dir.c - a bootfs over host directories, one per volume.
 *
 * Every path is resolved with openat2(RESOLVE_IN_ROOT): "..", absolute
 * symlinks and magic links stay inside the volume's directory, so a hostile
 * image cannot make the loader read its own initramfs or another disk.
 * Only regular files and directories are ever opened for reading: device
 * nodes, FIFOs and sockets are refused after an O_PATH look. */
#include "bootfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "array.h"
#include "cleanup.h"

struct bootfs_dir {
	int *roots; /* one O_PATH directory fd per volume, -1 when unset */
	size_t n;
	bool walk;  /* resolve by hand even where openat2 exists */
};

#define WALK_DEPTH_MAX 128
#define WALK_LINKS_MAX 40

/* Resolve path below root by hand, one component at a time, the way
 * RESOLVE_IN_ROOT does: ".." stops at root and symlinks are read and
 * followed relative to root. For kernels without openat2 (before 5.6) and
 * tools that do not know it. */
static int walk_open(int root, const char *path, int flags)
{
	int stack[WALK_DEPTH_MAX] = { 0 };
	size_t depth = 0;
	unsigned links = 0;
	char rest[PATH_MAX], link[PATH_MAX];
	int r = -ENOENT;

	if (strlen(path) >= sizeof(rest))
		return -ENAMETOOLONG;
	snprintf(rest, sizeof(rest), "%s", path);
	stack[0] = dup(root);
	if (stack[0] < 0)
		return -errno;
	for (;;) {
		char *p = rest, *end, comp[NAME_MAX + 1];
		struct stat st;
		bool last, dir_wanted;
		int fd;

		while (*p == '/')
			p++;
		if (!*p) {
			/* The path named a directory (or root itself). */
			r = (flags & O_PATH) ? dup(stack[depth]) : openat(stack[depth], ".", flags);
			r = r < 0 ? -errno : r;
			break;
		}
		end = strchrnul(p, '/');
		if ((size_t)(end - p) > NAME_MAX) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, p, (size_t)(end - p));
		comp[end - p] = '\0';
		last = !*end || !end[strspn(end, "/")];
		dir_wanted = last && *end == '/';
		memmove(rest, end, strlen(end) + 1);
		if (!strcmp(comp, ".") || (!strcmp(comp, "..") && depth == 0)) {
			if (last)
				snprintf(rest, sizeof(rest), ".");
			if (!strcmp(comp, ".") && last) {
				r = (flags & O_PATH) ? dup(stack[depth]) : openat(stack[depth], ".", flags);
				r = r < 0 ? -errno : r;
				break;
			}
			continue;
		}
		if (!strcmp(comp, "..")) {
			close(stack[depth--]);
			if (last)
				snprintf(rest, sizeof(rest), ".");
			continue;
		}
		fd = openat(stack[depth], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			r = -errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			ssize_t n = readlinkat(fd, "", link, sizeof(link) - 1);
			close(fd);
			if (n < 0 || ++links > WALK_LINKS_MAX) {
				r = n < 0 ? -errno : -ELOOP;
				break;
			}
			link[n] = '\0';
			if (strlen(link) + strlen(rest) + 1 >= sizeof(rest)) {
				r = -ENAMETOOLONG;
				break;
			}
			/* Splice the target in front of what is left ("" or "/…"). */
			memmove(rest + n, rest, strlen(rest) + 1);
			memcpy(rest, link, (size_t)n);
			if (link[0] == '/')
				while (depth > 0)
					close(stack[depth--]);
			continue;
		}
		if (last && dir_wanted && !S_ISDIR(st.st_mode)) {
			close(fd);
			r = -ENOTDIR;
			break;
		}
		if (last) {
			if (flags & O_PATH) {
				r = fd;
			} else {
				close(fd);
				r = openat(stack[depth], comp, flags | O_NOFOLLOW);
				r = r < 0 ? -errno : r;
			}
			break;
		}
		if (!S_ISDIR(st.st_mode) || depth + 1 >= WALK_DEPTH_MAX) {
			close(fd);
			r = S_ISDIR(st.st_mode) ? -ELOOP : -ENOTDIR;
			break;
		}
		stack[++depth] = fd;
	}
	while (depth > 0)
		close(stack[depth--]);
	close(stack[0]);
	return r;
}

static int dir_open(const struct bootfs_dir *d, size_t vol, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	if (vol >= d->n || d->roots[vol] < 0)
		return -ENODEV;
	while (*path == '/')
		path++;
	if (!*path)
		path = ".";
	fd = d->walk ? -1 : syscall(SYS_openat2, d->roots[vol], path, &how, sizeof(how));
	if (d->walk || (fd < 0 && errno == ENOSYS))
		return walk_open(d->roots[vol], path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

static int dir_stat(void *ctx, size_t vol, const char *path, struct bootfs_stat *st)
{
	_cleanup_close_ int fd = dir_open(ctx, vol, path, O_PATH);
	struct stat s;

	if (fd < 0)
		return fd;
	if (fstat(fd, &s) < 0)
		return -errno;
	st->type = S_ISREG(s.st_mode) ? BOOTFS_REG : S_ISDIR(s.st_mode) ? BOOTFS_DIR : BOOTFS_OTHER;
	st->size = (uint64_t)s.st_size;
	return 0;
}

int bootfs_dir_open(const struct bootfs *fs, size_t vol, const char *path)
{
	struct bootfs_stat st = { 0 };
	int r = dir_stat(fs->ctx, vol, path, &st);

	if (r < 0)
		return r;
	if (st.type != BOOTFS_REG)
		return st.type == BOOTFS_DIR ? -EISDIR : -EPERM;
	return dir_open(fs->ctx, vol, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
}

static int dir_read_file(void *ctx, size_t vol, const char *path, size_t max,
			 char **data, size_t *len)
{
	struct bootfs_stat st = { 0 };
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t got = 0;
	int r = dir_stat(ctx, vol, path, &st);

	if (r < 0)
		return r;
	if (st.type == BOOTFS_DIR)
		return -EISDIR;
	if (st.type != BOOTFS_REG)
		return -EPERM;
	if (st.size > max)
		return -EFBIG;
	fd = dir_open(ctx, vol, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fd;
	buf = malloc((size_t)st.size + 1);
	if (!buf)
		return -ENOMEM;
	while (got < st.size) {
		ssize_t n = read(fd, buf + got, (size_t)st.size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*data = TAKE_PTR(buf);
	*len = got;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int dir_list_dir(void *ctx, size_t vol, const char *path, size_t max,
			char ***names, size_t *n)
{
	int fd = dir_open(ctx, vol, path, O_RDONLY | O_DIRECTORY);
	char **out = NULL;
	size_t count = 0;
	struct dirent *de;
	DIR *dir;
	int r = 0;

	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (!dir) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((de = readdir(dir))) {
		char *name, **grown;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (count >= max) {
			r = -E2BIG;
			break;
		}
		name = strdup(de->d_name);
		grown = name ? array_grow(out, count, sizeof(*out)) : NULL;
		if (!grown) {
			free(name);
			r = -ENOMEM;
			break;
		}
		out = grown;
		out[count++] = name;
	}
	closedir(dir);
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

static const struct bootfs_ops dir_ops = {
	.read_file = dir_read_file,
	.stat = dir_stat,
	.list_dir = dir_list_dir,
};

int bootfs_dir_new(struct bootfs *fs)
{
	struct bootfs_dir *d = calloc(1, sizeof(*d));

	if (!d)
		return -ENOMEM;
	memset(fs, 0, sizeof(*fs));
	fs->ops = &dir_ops;
	fs->ctx = d;
	return 0;
}

int bootfs_dir_set_root(struct bootfs *fs, size_t vol, const char *host_dir)
{
	struct bootfs_dir *d = fs->ctx;
	int fd;

	if (vol >= d->n) {
		int *grown = realloc(d->roots, (vol + 1) * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		for (size_t i = d->n; i <= vol; i++)
			grown[i] = -1;
		d->roots = grown;
		d->n = vol + 1;
	}
	fd = open(host_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (d->roots[vol] >= 0)
		close(d->roots[vol]);
	d->roots[vol] = fd;
	return 0;
}

void bootfs_dir_set_walk(struct bootfs *fs, bool walk)
{
	struct bootfs_dir *d = fs->ctx;

	d->walk = walk;
}

void bootfs_dir_free(struct bootfs *fs)
{
	struct bootfs_dir *d = fs->ctx;

	if (d) {
		for (size_t i = 0; i < d->n; i++)
			if (d->roots[i] >= 0)
				close(d->roots[i]);
		free(d->roots);
		free(d);
	}
	bootfs_volumes_free(fs);
	fs->ctx = NULL;
}
