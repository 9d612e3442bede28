/* fuzz_bls.c - libFuzzer target: bls configurations through formats_plan. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[FUZZ_TREE_MAX] = { "/loader/entries/a.conf", "/loader/entries/b+3-1.conf", "/loader/loader.conf", "/loader/entries/c.conf", NULL, NULL };

	fuzz_tree_run(data, size, paths);
	return 0;
}
