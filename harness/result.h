/* result.h - the outcome of one image, as named fields, and its one-line file form.
 *
 * A result is an ordered list of key=value fields (image, status, reason,
 * loader, oracle, agree, kernel, secs, …). A results file holds one result
 * per line, fields separated by tabs; '\\', tab and newline in values are
 * written as \\\\, \\t and \\n. Children of the runner hand their result
 * back this way, and `harness compat` reads the last run's file. */
#ifndef HARNESS_RESULT_H
#define HARNESS_RESULT_H

#include <stddef.h>
#include <stdio.h>

#define RESULT_FIELDS_MAX 40

struct result {
	size_t n;
	char *key[RESULT_FIELDS_MAX];
	char *value[RESULT_FIELDS_MAX];
};

/* Set (replace) a field; the value is copied. 0, -ENOMEM or -E2BIG. */
int result_set(struct result *r, const char *key, const char *value);
int result_setf(struct result *r, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The value, or NULL when the field is absent. */
const char *result_get(const struct result *r, const char *key);
/* Like result_get, with fallback for absent fields. */
const char *result_get_or(const struct result *r, const char *key, const char *fallback);
void result_free(struct result *r);

int result_write(FILE *f, const struct result *r);
/* Parse one line (without '\n'); -EBADMSG if it is not a results line. */
int result_parse(const char *line, size_t len, struct result *out);
/* Read every line of a results file. *out is malloc'd; free each with result_free. */
int result_load(const char *path, struct result **out, size_t *n);

#endif
