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

int expect_parse(const char *buf, size_t len, struct expect *out, unsigned *line)
{
	struct expect e = { 0 };
	size_t pos = 0;
	unsigned lineno = 0;

	*line = 0;
	while (pos < len) {
		const char *start = buf + pos, *nl = memchr(start, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - start) : len - pos;
		const char *eq = memchr(start, '=', n);
		_cleanup_free_ char *key = NULL;
		char **field;

		pos += n + (nl ? 1 : 0);
		lineno++;
		if (n == 0)
			continue;
		if (!eq) {
			expect_free(&e);
			*line = lineno;
			return -EINVAL;
		}
		key = strndup(start, (size_t)(eq - start));
		if (!key) {
			expect_free(&e);
			return -ENOMEM;
		}
		field = expect_field(&e, key);
		if (!field)
			continue;
		if (*field) {
			expect_free(&e);
			*line = lineno;
			return -EINVAL;
		}
		/* The value is everything after the first '=', spaces included:
		 * a command line may end in a space and that is significant. */
		*field = strndup(eq + 1, n - (size_t)(eq + 1 - start));
		if (!*field) {
			expect_free(&e);
			return -ENOMEM;
		}
	}
	if (!e.format || !e.cmdline) {
		expect_free(&e);
		return -ENOENT;
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
