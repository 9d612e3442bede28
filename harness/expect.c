/* expect.c - read a corpus case's expect file (see expect.h). */
#include "expect.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
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
