/* result.c - named result fields and the results file format (see result.h). */
#include "result.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "strbuf.h"
#include "util.h"

int result_set(struct result *r, const char *key, const char *value)
{
	char *v = strdup(value ? value : "");
	char *k;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], key)) {
			free(r->value[i]);
			r->value[i] = v;
			return 0;
		}
	if (r->n == RESULT_FIELDS_MAX) {
		free(v);
		return -E2BIG;
	}
	k = strdup(key);
	if (!k) {
		free(v);
		return -ENOMEM;
	}
	r->key[r->n] = k;
	r->value[r->n++] = v;
	return 0;
}

int result_setf(struct result *r, const char *key, const char *fmt, ...)
{
	_cleanup_free_ char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		s = NULL;
		return -ENOMEM;
	}
	return result_set(r, key, s);
}

const char *result_get(const struct result *r, const char *key)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->key[i], key))
			return r->value[i];
	return NULL;
}

const char *result_get_or(const struct result *r, const char *key, const char *fallback)
{
	const char *v = result_get(r, key);

	return v ? v : fallback;
}

void result_free(struct result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->key[i]);
		free(r->value[i]);
	}
	r->n = 0;
}

int result_write(FILE *f, const struct result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			fputc('\t', f);
		fprintf(f, "%s=", r->key[i]);
		for (const char *p = r->value[i]; *p; p++) {
			if (*p == '\\')
				fputs("\\\\", f);
			else if (*p == '\t')
				fputs("\\t", f);
			else if (*p == '\n')
				fputs("\\n", f);
			else
				fputc(*p, f);
		}
	}
	fputc('\n', f);
	return ferror(f) ? -EIO : 0;
}

static int result_unescape(const char *s, size_t len, struct strbuf *sb)
{
	int r = 0;

	for (size_t i = 0; i < len && r == 0; i++) {
		if (s[i] != '\\') {
			r = strbuf_addch(sb, s[i]);
			continue;
		}
		if (++i == len)
			return -EBADMSG;
		switch (s[i]) {
		case '\\': r = strbuf_addch(sb, '\\'); break;
		case 't': r = strbuf_addch(sb, '\t'); break;
		case 'n': r = strbuf_addch(sb, '\n'); break;
		default: return -EBADMSG;
		}
	}
	return r;
}

int result_parse(const char *line, size_t len, struct result *out)
{
	struct result res = { 0 };
	size_t pos = 0;
	int r = 0;

	while (pos < len && r == 0) {
		const char *f = line + pos, *tab = memchr(f, '\t', len - pos);
		size_t n = tab ? (size_t)(tab - f) : len - pos;
		const char *eq = memchr(f, '=', n);
		_cleanup_free_ char *key = NULL;
		struct strbuf v;

		pos += n + 1;
		if (!eq || eq == f) {
			r = -EBADMSG;
			break;
		}
		key = strndup(f, (size_t)(eq - f));
		if (!key) {
			r = -ENOMEM;
			break;
		}
		strbuf_init(&v);
		r = result_unescape(eq + 1, n - (size_t)(eq + 1 - f), &v);
		if (r == 0)
			r = result_set(&res, key, v.buf);
		strbuf_release(&v);
	}
	if (r == 0 && !result_get(&res, "image"))
		r = -EBADMSG;
	if (r < 0) {
		result_free(&res);
		return r;
	}
	*out = res;
	return 0;
}

int result_load(const char *path, struct result **out, size_t *n)
{
	_cleanup_free_ char *data = NULL;
	struct result *list = NULL;
	size_t len, count = 0;
	int r = util_read_file(path, 64 << 20, &data, &len);

	if (r < 0)
		return r;
	for (size_t pos = 0; pos < len && r == 0;) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (data + pos)) : len - pos;
		struct result *grown;

		if (l == 0) {
			pos++;
			continue;
		}
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (!grown) {
			r = -ENOMEM;
			break;
		}
		list = grown;
		r = result_parse(data + pos, l, &list[count]);
		if (r == 0)
			count++;
		pos += l + 1;
	}
	if (r < 0) {
		for (size_t i = 0; i < count; i++)
			result_free(&list[i]);
		free(list);
		return r;
	}
	*out = list;
	*n = count;
	return 0;
}
