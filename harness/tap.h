/* tap.h - TAP version 13 output: one line per image, failures explained in '#' lines. */
#ifndef HARNESS_TAP_H
#define HARNESS_TAP_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"

void tap_plan(FILE *f, size_t n);
/* "ok N - <image> kernel=<release> <secs>s", or "not ok …" followed by the
 * reason, the log path, the QEMU command and the serial tail as diagnostics. */
void tap_result(FILE *f, size_t number, const struct result *r);

#endif
