/* compat.h - render COMPATIBILITY.md from the last boot-test run's results file.
 *
 * One table per distribution family (the specs' distro=), one row per image:
 * what it models, boot config format, partitioning, filesystems, bus,
 * loader result, oracle result, agreement, kernel reached and seconds. The
 * header names the loader kernel and GRUB versions the run used. Real
 * Debian images, when their results exist, come first (compat_real.h). */
#ifndef HARNESS_COMPAT_H
#define HARNESS_COMPAT_H

#include "strbuf.h"

struct compat_inputs {
	const char *results;      /* boot-test's results file */
	const char *real_results; /* realboot's results.tsv, NULL or missing: no real rows */
	const char *real_specs;   /* images/real, for each real image's description */
};

int compat_render(const struct compat_inputs *in, struct strbuf *out);
int compat_write(const struct compat_inputs *in, const char *out_path);
/* Does the file at path still say what the results say? Timings, version
 * strings and real images not booted in this run aside (see compat_check.c).
 * 0 yes, 1 no (each difference printed to stderr), negative errno on error. */
int compat_check(const struct compat_inputs *in, const char *path);

#endif
