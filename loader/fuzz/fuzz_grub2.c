/* fuzz_grub2.c - libFuzzer target: grub2 configurations through formats_plan. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[FUZZ_TREE_MAX] = { "/boot/grub/grub.cfg", "/boot/grub/grubenv", "/boot/grub/custom.cfg", "/boot/loader/entries/a.conf", "/boot/grub/x.cfg", NULL };

	fuzz_tree_run(data, size, paths);
	return 0;
}
