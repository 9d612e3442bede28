/* fuzz_tree.h - turn one fuzz input into a small image tree and evaluate it
 * through formats_plan, the entry point the loader itself uses.
 *
 * The input is split at NUL bytes into up to FUZZ_TREE_MAX parts; part i
 * becomes the file paths[i] on one in-memory volume, so source, configfile,
 * load_env, INCLUDE and entry directories are reached as well. */
#ifndef KL_FUZZ_TREE_H
#define KL_FUZZ_TREE_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_TREE_MAX 6

void fuzz_tree_run(const uint8_t *data, size_t size, const char *const paths[FUZZ_TREE_MAX]);

#endif
