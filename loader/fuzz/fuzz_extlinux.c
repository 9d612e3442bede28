/* fuzz_extlinux.c - libFuzzer target: extlinux configurations through formats_plan. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[FUZZ_TREE_MAX] = { "/boot/extlinux/extlinux.conf", "/boot/extlinux/inc.cfg", "/boot/extlinux/menu.cfg", NULL, NULL, NULL };

	fuzz_tree_run(data, size, paths);
	return 0;
}
