/* probeline.c - decode the probe's KLPROBE line (see probeline.h). */
#include "probeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void probeline_free(struct probeline *p)
{
	free(p->release);
	free(p->cmdline);
	free(p->initrds);
	p->release = p->cmdline = p->initrds = NULL;
}

static int probeline_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undo the probe's \xNN escaping; -EBADMSG on a malformed escape. */
static int probeline_unescape(const char *s, size_t len, char **out, size_t *out_len)
{
	char *buf = malloc(len + 1);
	size_t o = 0;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] != '\\') {
			buf[o++] = s[i];
			continue;
		}
		if (i + 3 >= len || s[i + 1] != 'x' ||
		    (hi = probeline_hex(s[i + 2])) < 0 || (lo = probeline_hex(s[i + 3])) < 0) {
			free(buf);
			return -EBADMSG;
		}
		buf[o++] = (char)(hi << 4 | lo);
		i += 3;
	}
	buf[o] = '\0';
	*out = buf;
	*out_len = o;
	return 0;
}

/* Value of " key=" up to the next space, within [s, end). */
static const char *probeline_word(const char *s, const char *end, const char *key, size_t *n)
{
	size_t klen = strlen(key);

	if ((size_t)(end - s) < klen || memcmp(s, key, klen))
		return NULL;
	s += klen;
	*n = 0;
	while (s + *n < end && s[*n] != ' ')
		(*n)++;
	return s;
}

/* initrds=a,b: split on the raw commas (the probe escapes those in paths),
 * unescape each and join them with blanks. */
static int probeline_initrds(const char *v, size_t n, char **out)
{
	char *buf = malloc(n + 1);
	size_t o = 0;

	if (!buf)
		return -ENOMEM;
	if (n == 1 && *v == '-')
		n = 0;
	for (size_t i = 0; i < n;) {
		size_t k = 0, plen;
		char *path;
		int r;

		while (i + k < n && v[i + k] != ',')
			k++;
		r = probeline_unescape(v + i, k, &path, &plen);
		if (r < 0) {
			free(buf);
			return r;
		}
		if (o)
			buf[o++] = ' ';
		memcpy(buf + o, path, plen);
		o += plen;
		free(path);
		i += k + 1;
	}
	buf[o] = '\0';
	*out = buf;
	return 0;
}

int probeline_parse(const char *line, size_t len, struct probeline *out)
{
	const char *end = line + len, *p = NULL, *v;
	char *release = NULL, *cmdline = NULL, *initrds = NULL, *lenend;
	size_t n, clen;
	unsigned long want;
	int r;

	for (const char *s = line; s + strlen(PROBELINE_MARKER) <= end; s++)
		if (!memcmp(s, PROBELINE_MARKER, strlen(PROBELINE_MARKER))) {
			p = s + strlen(PROBELINE_MARKER);
			break;
		}
	if (!p)
		return -ENOENT;
	while (end > p && end[-1] == '\r')
		end--;
	if (!(v = probeline_word(p, end, "v=", &n)) || n != 1 || *v != '1')
		return -EBADMSG;
	p = v + n + 1;
	if (p > end || !(v = probeline_word(p, end, "release=", &n)) || n == 0)
		return -EBADMSG;
	release = strndup(v, n);
	if (!release)
		return -ENOMEM;
	p = v + n + 1;
	if (p <= end && (v = probeline_word(p, end, "initrds=", &n))) {
		r = n ? probeline_initrds(v, n, &initrds) : -EBADMSG;
		if (r < 0) {
			free(release);
			return r;
		}
		p = v + n + 1;
	}
	if (p > end || !(v = probeline_word(p, end, "cmdline_len=", &n)) || n == 0) {
		free(release);
		free(initrds);
		return -EBADMSG;
	}
	want = strtoul(v, &lenend, 10);
	p = v + n + 1;
	if (lenend != v + n || p > end || memcmp(p, "cmdline=", 8) || p + 8 > end) {
		free(release);
		free(initrds);
		return -EBADMSG;
	}
	p += 8;
	r = probeline_unescape(p, (size_t)(end - p), &cmdline, &clen);
	if (r == 0 && (clen != want || strlen(cmdline) != clen)) {
		free(cmdline);
		r = -EBADMSG;
	}
	if (r < 0) {
		free(release);
		free(initrds);
		return r;
	}
	out->release = release;
	out->cmdline = cmdline;
	out->initrds = initrds;
	return 0;
}

int probeline_find(const char *log, size_t len, struct probeline *out)
{
	struct probeline found = { 0 };
	int r = -ENOENT;

	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (log + pos)) : len - pos;
		struct probeline p;
		int q = probeline_parse(log + pos, n, &p);

		pos += n + 1;
		if (q == 0) {
			probeline_free(&found);
			found = p;
			r = 0;
		} else if (q == -EBADMSG && r != 0) {
			r = q;
		} else if (q == -ENOMEM) {
			probeline_free(&found);
			return q;
		}
	}
	if (r == 0)
		*out = found;
	return r;
}
