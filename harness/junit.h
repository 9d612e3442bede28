/* junit.h - JUnit XML for CI systems that show test reports (one testcase per image). */
#ifndef HARNESS_JUNIT_H
#define HARNESS_JUNIT_H

#include <stddef.h>

#include "result.h"

/* Write the report atomically to path; 0 or a negative errno. */
int junit_write(const char *path, const char *suite, const struct result *results, size_t n);

#endif
