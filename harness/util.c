/* util.c - file and time helpers shared by the harness (see util.h). */
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"

int64_t util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int util_read_file(const char *path, size_t max, char **data, size_t *len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct strbuf sb;
	char chunk[65536];

	if (fd < 0)
		return -errno;
	strbuf_init(&sb);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		int r;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			strbuf_release(&sb);
			return r;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > max) {
			strbuf_release(&sb);
			return -EFBIG;
		}
		r = strbuf_add(&sb, chunk, (size_t)n);
		if (r < 0) {
			strbuf_release(&sb);
			return r;
		}
	}
	if (len)
		*len = sb.len;
	if (!sb.alloc) {
		/* Empty file: hand out a real allocation the caller can free(). */
		*data = calloc(1, 1);
		return *data ? 0 : -ENOMEM;
	}
	*data = strbuf_detach(&sb);
	return 0;
}

int util_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int util_write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int r;

	if (fd < 0)
		return -errno;
	r = util_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

int util_write_file_atomic(const char *path, const char *data, size_t len)
{
	struct strbuf tmp;
	int r;

	strbuf_init(&tmp);
	r = strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	if (r == 0)
		r = util_write_file(tmp.buf, data, len);
	if (r == 0 && rename(tmp.buf, path) < 0)
		r = -errno;
	if (r < 0)
		(void)unlink(tmp.buf);
	strbuf_release(&tmp);
	return r;
}

int util_mkdir_p(const char *path, mode_t mode)
{
	_cleanup_free_ char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int util_rm_at(int dirfd, const char *name)
{
	struct stat st;
	int fd, r = 0;
	DIR *d;
	const struct dirent *de;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		r = -errno;
		close(fd);
		return r;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		r = util_rm_at(fd, de->d_name);
		if (r < 0)
			break;
	}
	closedir(d);
	if (r == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		r = -errno;
	return r;
}

int util_rm_rf(const char *path)
{
	return util_rm_at(AT_FDCWD, path);
}

/* Copy the data regions of in (up to its size) to out at offset; holes
 * are skipped, so out must start sparse (fresh or ftruncated). */
static int util_copy_data(int in, int out, uint64_t offset)
{
	struct stat st;
	off_t pos = 0;

	if (fstat(in, &st) < 0)
		return -errno;
	while (pos < st.st_size) {
		off_t data = lseek(in, pos, SEEK_DATA), hole;

		if (data < 0)
			return errno == ENXIO ? 0 : -errno;
		hole = lseek(in, data, SEEK_HOLE);
		if (hole < 0)
			return -errno;
		while (data < hole) {
			char buf[1 << 16];
			size_t want = (size_t)(hole - data) < sizeof(buf) ? (size_t)(hole - data) : sizeof(buf);
			ssize_t n = pread(in, buf, want, data);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			if (n == 0)
				return -EIO;
			for (ssize_t done = 0; done < n;) {
				ssize_t w = pwrite(out, buf + done, (size_t)(n - done), (off_t)offset + data + done);

				if (w < 0 && errno == EINTR)
					continue;
				if (w < 0)
					return -errno;
				done += w;
			}
			data += n;
		}
		pos = hole;
	}
	return 0;
}

int util_copy_file(const char *src, const char *dst, mode_t mode)
{
	_cleanup_close_ int in = open(src, O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int out = -1;
	struct stat st;
	int r;

	if (in < 0)
		return -errno;
	if (fstat(in, &st) < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0)
		return -errno;
	if (ftruncate(out, st.st_size) < 0)
		return -errno;
	r = util_copy_data(in, out, 0);
	if (r < 0)
		return r;
	return fchmod(out, mode) < 0 ? -errno : 0;
}

int util_copy_into(const char *src, const char *dst, uint64_t offset)
{
	_cleanup_close_ int in = open(src, O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int out = open(dst, O_WRONLY | O_CLOEXEC);

	if (in < 0 || out < 0)
		return -errno;
	return util_copy_data(in, out, offset);
}

int util_compare_files(const char *a, const char *b, uint64_t *where)
{
	_cleanup_close_ int fa = open(a, O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int fb = open(b, O_RDONLY | O_CLOEXEC);
	char ba[1 << 16], bb[1 << 16];
	uint64_t off = 0;

	if (fa < 0 || fb < 0)
		return -errno;
	for (;;) {
		/* Regular files give full reads until the end, so chunks stay aligned. */
		ssize_t na = read(fa, ba, sizeof(ba));
		ssize_t nb = read(fb, bb, sizeof(bb));
		ssize_t n;

		if (na < 0 || nb < 0)
			return -errno;
		n = na < nb ? na : nb;
		if (memcmp(ba, bb, (size_t)n)) {
			for (ssize_t i = 0; i < n; i++)
				if (ba[i] != bb[i]) {
					*where = off + (uint64_t)i;
					return 1;
				}
		}
		if (na != nb) {
			*where = off + (uint64_t)n;
			return 1;
		}
		if (na == 0)
			return 0;
		off += (uint64_t)na;
	}
}

uint64_t util_hash(uint64_t seed, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		seed ^= p[i];
		seed *= UINT64_C(0x100000001b3);
	}
	return seed;
}

int util_hash_file(const char *path, uint64_t *hash)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[1 << 16];
	uint64_t h = *hash;

	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		h = util_hash(h, buf, (size_t)n);
	}
	*hash = h;
	return 0;
}

static int util_needs_quote(const char *s)
{
	if (!*s)
		return 1;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_./=:,+@%", *s))
			return 1;
	return 0;
}

int util_quote_argv(struct strbuf *sb, char *const argv[])
{
	int r = 0;

	for (size_t i = 0; argv[i] && r == 0; i++) {
		if (i)
			r = strbuf_addch(sb, ' ');
		if (r == 0 && !util_needs_quote(argv[i])) {
			r = strbuf_adds(sb, argv[i]);
			continue;
		}
		if (r == 0)
			r = strbuf_addch(sb, '\'');
		for (const char *p = argv[i]; *p && r == 0; p++)
			r = *p == '\'' ? strbuf_adds(sb, "'\\''") : strbuf_addch(sb, *p);
		if (r == 0)
			r = strbuf_addch(sb, '\'');
	}
	return r;
}

int util_parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long v;
	unsigned shift = 0;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -errno;
	switch (*end) {
	case '\0': break;
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	default: return -EINVAL;
	}
	if (*end || v > (UINT64_MAX >> shift))
		return -EINVAL;
	*bytes = (uint64_t)v << shift;
	return 0;
}

int util_glob_match(const char *glob, const char *name)
{
	return fnmatch(glob, name, 0) == 0;
}
