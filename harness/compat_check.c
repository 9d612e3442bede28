/* compat_check.c - does the committed COMPATIBILITY.md still say what the
 * last runs found?
 *
 * Both texts are cut into lines and normalised: lines naming versions or
 * timings are dropped, and table cells under Kernel, Kernel reached, GRUB,
 * Release and Secs are blanked, since a new kernel in the archive or a
 * slower machine changes no claim. Every normalised line of the fresh
 * rendering must appear in the file and the other way round, except that
 * the real-image section may hold rows this run did not boot: CI boots one
 * real image, a full `make real-images` all of them. */
#include "compat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cleanup.h"
#include "util.h"

#define COMPAT_COLUMNS_MAX 16

struct compat_line {
	char *norm;
	const char *orig;
	size_t orig_len;
	unsigned lineno;
	int real;  /* inside the real-image section */
	int used;
};

struct compat_lines {
	struct compat_line *v;
	size_t n;
};

static const char *const compat_volatile_prefixes[] = {
	"- Loader kernel:", "- Kernel in the images:", "- GRUB 2 oracle:", "Whole matrix:", "- Real images:",
};
static const char *const compat_volatile_columns[] = { "Kernel", "Kernel reached", "GRUB", "Release", "Secs" };

static int compat_starts(const char *line, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(line, prefix, k);
}

/* Split a table row into its cells (pipes escaped as \| stay inside). */
static size_t compat_cells(const char *line, size_t n, const char **cell, size_t *len, size_t max)
{
	size_t k = 0, start = 1;

	for (size_t i = 1; i < n && k < max; i++) {
		if (line[i] == '|' && line[i - 1] != '\\') {
			cell[k] = line + start;
			len[k++] = i - start;
			start = i + 1;
		}
	}
	return k;
}

static int compat_is_volatile_column(const char *name, size_t n)
{
	while (n && name[0] == ' ')
		name++, n--;
	while (n && name[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < sizeof(compat_volatile_columns) / sizeof(*compat_volatile_columns); i++)
		if (strlen(compat_volatile_columns[i]) == n && !memcmp(compat_volatile_columns[i], name, n))
			return 1;
	return 0;
}

static int compat_split(const char *text, size_t len, struct compat_lines *out)
{
	int volatile_col[COMPAT_COLUMNS_MAX] = { 0 };
	const char *prev = NULL;
	size_t prev_n = 0;
	unsigned lineno = 0;
	int real = 0;

	for (size_t pos = 0; pos < len;) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		struct compat_line *l;
		struct strbuf norm;
		int skip = 0, r = 0;

		pos += n + 1;
		lineno++;
		if (compat_starts(line, n, "## "))
			real = compat_starts(line, n, "## Real Debian images");
		for (size_t i = 0; i < sizeof(compat_volatile_prefixes) / sizeof(*compat_volatile_prefixes); i++)
			skip |= compat_starts(line, n, compat_volatile_prefixes[i]);
		strbuf_init(&norm);
		if (!skip && compat_starts(line, n, "|---") && prev && compat_starts(prev, prev_n, "|")) {
			const char *cell[COMPAT_COLUMNS_MAX];
			size_t clen[COMPAT_COLUMNS_MAX], k = compat_cells(prev, prev_n, cell, clen, COMPAT_COLUMNS_MAX);

			for (size_t i = 0; i < COMPAT_COLUMNS_MAX; i++)
				volatile_col[i] = i < k && compat_is_volatile_column(cell[i], clen[i]);
			r = strbuf_add(&norm, line, n);
		} else if (!skip && compat_starts(line, n, "|")) {
			const char *cell[COMPAT_COLUMNS_MAX];
			size_t clen[COMPAT_COLUMNS_MAX], k = compat_cells(line, n, cell, clen, COMPAT_COLUMNS_MAX);

			r = strbuf_addch(&norm, '|');
			for (size_t i = 0; i < k && r == 0; i++) {
				r = volatile_col[i] ? strbuf_adds(&norm, " |") : strbuf_add(&norm, cell[i], clen[i]);
				if (r == 0 && !volatile_col[i])
					r = strbuf_addch(&norm, '|');
			}
		} else if (!skip) {
			/* Outside a table: the next table brings its own header. */
			memset(volatile_col, 0, sizeof(volatile_col));
			r = strbuf_add(&norm, line, n);
		}
		prev = line;
		prev_n = n;
		if (r < 0 || skip) {
			strbuf_release(&norm);
			if (r < 0)
				return r;
			continue;
		}
		l = array_grow(out->v, out->n, sizeof(*out->v));
		if (!l) {
			strbuf_release(&norm);
			return -ENOMEM;
		}
		out->v = l;
		l = &out->v[out->n++];
		*l = (struct compat_line){ .norm = strbuf_detach(&norm), .orig = line, .orig_len = n,
					   .lineno = lineno, .real = real };
		if (!l->norm)
			return -ENOMEM;
	}
	return 0;
}

static void compat_lines_free(struct compat_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].norm);
	free(l->v);
}

/* Match each line of a against an unused equal line of b. */
static void compat_match(struct compat_lines *a, struct compat_lines *b)
{
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n && !a->v[i].used; j++)
			if (!b->v[j].used && !strcmp(a->v[i].norm, b->v[j].norm))
				a->v[i].used = b->v[j].used = 1;
}

int compat_check(const struct compat_inputs *in, const char *path)
{
	_cleanup_free_ char *old = NULL;
	struct compat_lines fresh = { 0 }, file = { 0 };
	struct strbuf text;
	size_t len;
	int r;

	r = util_read_file(path, 16 << 20, &old, &len);
	if (r < 0)
		return r;
	strbuf_init(&text);
	r = compat_render(in, &text);
	if (r == 0)
		r = compat_split(text.buf, text.len, &fresh);
	if (r == 0)
		r = compat_split(old, len, &file);
	if (r == 0) {
		size_t diffs = 0;

		compat_match(&fresh, &file);
		for (size_t i = 0; i < fresh.n; i++)
			if (!fresh.v[i].used && fresh.v[i].norm[0] && diffs++ < 20)
				fprintf(stderr, "compat: %s lacks: %.*s\n", path, (int)fresh.v[i].orig_len, fresh.v[i].orig);
		for (size_t i = 0; i < file.n; i++)
			if (!file.v[i].used && !file.v[i].real && file.v[i].norm[0] && diffs++ < 20)
				fprintf(stderr, "compat: %s:%u: no longer found: %.*s\n", path, file.v[i].lineno,
					(int)file.v[i].orig_len, file.v[i].orig);
		r = diffs ? 1 : 0;
	}
	compat_lines_free(&fresh);
	compat_lines_free(&file);
	strbuf_release(&text);
	return r;
}
