/* compat.h - render COMPATIBILITY.md from the last boot-test run's results file.
 *
 * One table per distribution family (the specs' distro=), one row per image:
 * what it models, boot config format, partitioning, filesystems, bus,
 * loader result, oracle result, agreement, kernel reached and seconds. The
 * header names the loader kernel and GRUB versions the run used. */
#ifndef HARNESS_COMPAT_H
#define HARNESS_COMPAT_H

#include "strbuf.h"

int compat_render(const char *results_path, struct strbuf *out);
int compat_write(const char *results_path, const char *out_path);
/* Does the file at path agree with the results, timings aside? 0 yes,
 * 1 no, negative errno on error. */
int compat_check(const char *results_path, const char *path);

#endif
