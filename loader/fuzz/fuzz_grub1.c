/* fuzz_grub1.c - libFuzzer target: grub1 configurations through formats_plan. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[FUZZ_TREE_MAX] = { "/boot/grub/menu.lst", "/boot/grub/default", "/boot/grub/other.lst", NULL, NULL, NULL };

	fuzz_tree_run(data, size, paths);
	return 0;
}
