/* bootcase.h - test one image: build its disk, boot it with the loader, boot it with the real boot loader, compare.
 *
 * The loader boot must reach the target kernel (its release, not the
 * loader's) with exactly the corpus case's expected command line, and must
 * leave the disk byte for byte as it was. The oracle boot
 * (GRUB 2 or GRUB legacy, as the config's format says)
 * runs on a fresh copy of the same disk and must reach the same kernel with
 * the same command line. Each boot gets a pristine copy of the cached image:
 * GRUB itself may write grubenv (next_entry), the loader never may. */
#ifndef HARNESS_BOOTCASE_H
#define HARNESS_BOOTCASE_H

#include <stdint.h>

#include "result.h"
#include "spec.h"

#define BOOTCASE_PAIRS_MAX 4

struct bootcase_config {
	const char *corpus_dir;
	const char *loader_kernel;
	const char *loader_initrd;
	const char *loader_append;  /* kernel command line of the loader boot */
	const char *loader_marker;  /* text the loader is documented to append to the
				     * target's command line, or NULL: must be there,
				     * and is removed before comparing */
	const char *target_kernel;
	const char *target_release;
	const char *target_initrd;  /* the probe initramfs */
	const char *logs_dir;
	const char *work_dir;
	const char *cache_dir;
	const char *grub_legacy_stage2; /* Debian grub-legacy's stage2_eltorito */
	const char *bootcode_dir;   /* <loader>.img boot sectors for spec bootcode= */
	const char *loader_kernel_root; /* the loader kernel's unpacked package (modules) */
	const char *loader_release;
	const char *mkinitramfs;
	const char *dirtier;        /* the guest that leaves a journal dirty (spec dirty=) */
	const char *dirtier_kernel; /* the kernel it boots: needs loader_kernel_root's modules */
	/* Other loader kernel+initramfs pairs, "NAME=DIR" with DIR/vmlinuz and
	 * DIR/kexec-loader.initrd, for spec loader-pair=NAME. */
	const char *pairs[BOOTCASE_PAIRS_MAX];
	int n_pairs;
	uint64_t inputs_hash;       /* of target kernel, probe initramfs, CACHE_FORMAT */
	int kvm;
	unsigned timeout_s;         /* per boot, unless the spec says otherwise */
	int no_oracle;              /* skip the oracle boots (quick runs) */
	int no_loader;              /* oracle only: check corpus expectations against GRUB */
	int keep;                   /* keep work files of passing images too */
};

/* Fill res with fields image, status ("ok" or "not ok"), reason, kernel,
 * loader, oracle, agree, secs, … Returns 0 (the verdict is in res) or a
 * negative errno when the harness itself failed (out of memory). */
int bootcase_run(const struct bootcase_config *c, const struct spec *s, const char *spec_path,
		 struct result *res);

#endif
