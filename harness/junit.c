/* junit.c - write the JUnit XML report (see junit.h). */
#include "junit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "util.h"

/* XML 1.0 cannot carry most control characters even escaped: drop them. */
static int junit_escape(struct strbuf *sb, const char *s)
{
	int r = 0;

	for (; s && *s && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': r = strbuf_adds(sb, "&amp;"); break;
		case '<': r = strbuf_adds(sb, "&lt;"); break;
		case '>': r = strbuf_adds(sb, "&gt;"); break;
		case '"': r = strbuf_adds(sb, "&quot;"); break;
		default:
			if (c >= 0x20 || c == '\n' || c == '\t')
				r = strbuf_addch(sb, (char)c);
		}
	}
	return r;
}

int junit_write(const char *path, const char *suite, const struct result *results, size_t n)
{
	struct strbuf sb;
	size_t failures = 0;
	double total = 0;
	int r;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(result_get_or(&results[i], "status", ""), "ok"))
			failures++;
		total += strtod(result_get_or(&results[i], "secs", "0"), NULL);
	}
	strbuf_init(&sb);
	r = strbuf_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" time=\"%.1f\">\n",
			suite, n, failures, total);
	for (size_t i = 0; i < n && r == 0; i++) {
		const struct result *res = &results[i];
		int ok = !strcmp(result_get_or(res, "status", ""), "ok");

		r = strbuf_addf(&sb, "  <testcase classname=\"%s\" name=\"", suite);
		if (r == 0)
			r = junit_escape(&sb, result_get_or(res, "image", "?"));
		if (r == 0)
			r = strbuf_addf(&sb, "\" time=\"%s\">\n", result_get_or(res, "secs", "0"));
		if (r == 0 && !ok) {
			r = strbuf_adds(&sb, "    <failure message=\"");
			if (r == 0)
				r = junit_escape(&sb, result_get_or(res, "reason", "failed"));
			if (r == 0)
				r = strbuf_adds(&sb, "\">");
			if (r == 0)
				r = junit_escape(&sb, result_get_or(res, "command", ""));
			if (r == 0)
				r = strbuf_adds(&sb, "\n");
			if (r == 0)
				r = junit_escape(&sb, result_get_or(res, "tail", ""));
			if (r == 0)
				r = strbuf_adds(&sb, "</failure>\n");
		}
		if (r == 0)
			r = strbuf_adds(&sb, "    <system-out>");
		for (size_t k = 0; k < res->n && r == 0; k++) {
			if (!strcmp(res->key[k], "tail") || !strcmp(res->key[k], "command"))
				continue;
			r = strbuf_addf(&sb, "%s=", res->key[k]);
			if (r == 0)
				r = junit_escape(&sb, res->value[k]);
			if (r == 0)
				r = strbuf_addch(&sb, '\n');
		}
		if (r == 0)
			r = strbuf_adds(&sb, "</system-out>\n  </testcase>\n");
	}
	if (r == 0)
		r = strbuf_adds(&sb, "</testsuite>\n");
	if (r == 0)
		r = util_write_file_atomic(path, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}
