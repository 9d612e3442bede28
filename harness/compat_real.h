/* compat_real.h - the real-image rows of COMPATIBILITY.md.
 *
 * `make real-images` leaves one tab-separated row per image in
 * build/real/results.tsv (image, release, kernel, grub, loader, grub_boot,
 * agree, seconds). Each becomes a row of the first table, described by the
 * opening comment of images/real/<name>.spec. */
#ifndef HARNESS_COMPAT_REAL_H
#define HARNESS_COMPAT_REAL_H

#include "strbuf.h"

/* Append the real-image section to out. A missing results file adds
 * nothing and is not an error. Returns 0 or a negative errno. */
int compat_real_render(const char *results_tsv, const char *specs_dir, struct strbuf *out);

#endif
