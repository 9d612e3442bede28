/* tap.c - write TAP lines for image results (see tap.h). */
#include "tap.h"

#include <string.h>

void tap_plan(FILE *f, size_t n)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	fflush(f);
}

/* Each line of text as a "# " diagnostic, so TAP readers keep it. */
static void tap_diag(FILE *f, const char *prefix, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		int n = nl ? (int)(nl - text) : (int)strlen(text);

		if (n > 0 && text[n - 1] == '\r')
			n--;
		fprintf(f, "# %s%.*s\n", prefix, n, text);
		text = nl ? nl + 1 : NULL;
	}
}

void tap_result(FILE *f, size_t number, const struct result *r)
{
	const char *status = result_get_or(r, "status", "not ok");
	const char *reason = result_get(r, "reason");
	int ok = !strcmp(status, "ok");

	fprintf(f, "%s %zu - %s kernel=%s %ss%s\n", ok ? "ok" : "not ok", number, result_get_or(r, "image", "?"),
		result_get_or(r, "kernel", "none"), result_get_or(r, "secs", "0"),
		ok && !strcmp(result_get_or(r, "expect", "boot"), "fail") ? " (loader refused, as expected)" : "");
	if (!ok) {
		tap_diag(f, "", reason && *reason ? reason : "failed");
		if (result_get(r, "log"))
			tap_diag(f, "log: ", result_get(r, "log"));
		if (result_get(r, "command"))
			tap_diag(f, "reproduce: ", result_get(r, "command"));
		if (result_get(r, "tail")) {
			fprintf(f, "# serial tail:\n");
			tap_diag(f, "  ", result_get(r, "tail"));
		}
	}
	fflush(f);
}
