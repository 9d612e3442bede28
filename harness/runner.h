/* runner.h - run the boot matrix: select images, run them in parallel children, report TAP, JUnit and a results file.
 *
 * Each image runs in its own forked child (a crash or hang of one image
 * cannot take the others along); the parent prints one progress line per
 * finished image on stderr, TAP on stdout in matrix order, and at the end
 * writes the JUnit report and the results file `harness compat` reads. */
#ifndef HARNESS_RUNNER_H
#define HARNESS_RUNNER_H

#include "bootcase.h"

/* Exit status for "nothing could be tested here" (automake's SKIP). */
#define RUNNER_SKIP 77

struct runner_opts {
	struct bootcase_config bc;
	const char *images_dir;
	const char *only;         /* space-separated globs over image names, or NULL */
	unsigned shard, shards;   /* run shard i (1-based) of N; shards == 0: all */
	unsigned jobs;
	const char *accel;        /* "auto", "kvm" or "tcg" */
	const char *junit_path;   /* or NULL */
	const char *results_path; /* or NULL */
};

/* Returns the number of failed images (0: all passed), RUNNER_SKIP negated
 * (-RUNNER_SKIP) when a needed tool is missing, or another negative errno. */
int runner_run(struct runner_opts *o);

/* Release string of a bzImage, read from its setup header (the
 * kernel_version field at 0x20e points at it); "" if it has none. */
int runner_kernel_version(const char *path, char *buf, size_t size);

#endif
