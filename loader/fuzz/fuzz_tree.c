/* fuzz_tree.c - see fuzz_tree.h. */
#include "fuzz_tree.h"

#include <string.h>

#include "bootfs.h"
#include "formats.h"
#include "plan.h"

static void ignore_warning(void *userdata, const char *file, unsigned line, const char *msg)
{
	(void)userdata;
	(void)file;
	(void)line;
	(void)msg;
}

void fuzz_tree_run(const uint8_t *data, size_t size, const char *const paths[FUZZ_TREE_MAX])
{
	static const char *const kernels[] = { "/boot/vmlinuz", "/vmlinuz", "/boot/vmlinuz-6.1.0-13-amd64",
					       "/boot/initrd.img", "/initrd.img" };
	struct plan_options po = { 0 };
	struct boot_plan plan = { 0 };
	const uint8_t *p = data, *end = data + size;
	struct bootfs fs;
	struct diag d;

	if (bootfs_mem_new(&fs) < 0)
		return;
	bootfs_add_volume(&fs, "hd0,msdos1", "0a1b2c3d-1111-2222-3333-444455556666", "root", "ext4", "/");
	bootfs_add_volume(&fs, "hd0,msdos2", "ABCD-1234", "EFI", "vfat", "/boot/efi");
	for (size_t i = 0; i < FUZZ_TREE_MAX && paths[i] && p <= end; i++) {
		const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
		size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);

		bootfs_mem_add_file(&fs, 0, paths[i], (const char *)p, n);
		p += n + 1;
	}
	for (size_t i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++)
		bootfs_mem_add_file(&fs, 0, kernels[i], "k", 1);
	diag_init(&d);
	d.warn = ignore_warning;
	if (formats_plan(&fs, &po, NULL, &plan, &d) == 0)
		boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
