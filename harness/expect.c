/* expect.c - read a corpus case's expect file (see expect.h). */
#include "expect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "stage.h"
#include "strbuf.h"
#include "util.h"

void expect_free(struct expect *e)
{
	free(e->format);
	free(e->config);
	free(e->entry);
	free(e->kernel);
	free(e->initrd);
	free(e->cmdline);
	memset(e, 0, sizeof(*e));
}

static char **expect_field(struct expect *e, const char *key)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "format", offsetof(struct expect, format) },
		{ "config", offsetof(struct expect, config) },
		{ "entry", offsetof(struct expect, entry) },
		{ "kernel", offsetof(struct expect, kernel) },
		{ "initrd", offsetof(struct expect, initrd) },
		{ "cmdline", offsetof(struct expect, cmdline) },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (!strcmp(fields[i].key, key))
			return (char **)((char *)e + fields[i].offset);
	return NULL;
}

/* One non-empty "key=value" line into e. */
static int expect_line(struct expect *e, const char *start, size_t n)
{
	const char *eq = memchr(start, '=', n);
	_cleanup_free_ char *key = NULL;
	char **field;

	if (!eq)
		return -EINVAL;
	key = strndup(start, (size_t)(eq - start));
	if (!key)
		return -ENOMEM;
	field = expect_field(e, key);
	if (!field)
		return 0;
	if (*field)
		return -EINVAL;
	/* The value is everything after the first '=', spaces included:
	 * a command line may end in a space and that is significant. */
	*field = strndup(eq + 1, n - (size_t)(eq + 1 - start));
	return *field ? 0 : -ENOMEM;
}

int expect_parse(const char *buf, size_t len, struct expect *out, unsigned *line)
{
	struct expect e = { 0 };
	size_t pos = 0;
	unsigned lineno = 0;
	int r = 0;

	*line = 0;
	while (pos < len && r == 0) {
		const char *start = buf + pos, *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (start[0] != '\n')
			r = expect_line(&e, start, n);
	}
	if (r == 0 && (!e.format || !e.cmdline))
		r = -ENOENT;
	if (r < 0) {
		if (r == -EINVAL)
			*line = lineno;
		expect_free(&e);
		return r;
	}
	*out = e;
	return 0;
}

int expect_load(const char *path, struct expect *out, unsigned *line)
{
	_cleanup_free_ char *data = NULL;
	size_t len;
	int r = util_read_file(path, 1 << 20, &data, &len);

	*line = 0;
	if (r < 0)
		return r;
	return expect_parse(data, len, out, line);
}

/* path inside the tree at root_fd, symlinks followed as the guest would
 * (absolute ones from root), as a guest path; NULL when it does not resolve
 * to an empty placeholder initrd. */
static char *expect_resolve_placeholder(int root_fd, const char *root, const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	char proc[64], real[PATH_MAX];
	const char *base;
	struct stat st;
	size_t rlen = strlen(root);
	ssize_t n;
	int fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof(how));

	if (fd < 0)
		return NULL;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, real, sizeof(real) - 1);
	if (fstat(fd, &st) < 0 || n < 0) {
		close(fd);
		return NULL;
	}
	close(fd);
	real[n] = '\0';
	base = strrchr(real, '/');
	if (!S_ISREG(st.st_mode) || st.st_size != 0 || !base || stage_placeholder_kind(base + 1) != 2 ||
	    strncmp(real, root, rlen) || real[rlen] != '/')
		return NULL;
	return strdup(real + rlen);
}

static int expect_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int expect_tagged_initrds(const struct expect *e, const char *root, char **out)
{
	_cleanup_free_ char *list = e->initrd ? strdup(e->initrd) : strdup("");
	_cleanup_free_ char *real_root = realpath(root, NULL);
	char *paths[32], *save = NULL;
	size_t n = 0;
	struct strbuf sb;
	int fd, r = 0;

	if (!list)
		return -ENOMEM;
	if (!real_root)
		return -errno;
	fd = open(real_root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (char *w = strtok_r(list, " ", &save); w && n < sizeof(paths) / sizeof(*paths);
	     w = strtok_r(NULL, " ", &save)) {
		paths[n] = expect_resolve_placeholder(fd, real_root, w);
		if (paths[n])
			n++;
	}
	close(fd);
	qsort(paths, n, sizeof(*paths), expect_cmp);
	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		if (r == 0)
			r = strbuf_addf(&sb, "%s%s", i ? " " : "", paths[i]);
		free(paths[i]);
	}
	if (r == 0)
		*out = strbuf_detach(&sb);
	strbuf_release(&sb);
	return r == 0 && !*out ? -ENOMEM : r;
}
