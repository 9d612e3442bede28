/* formats.h - which boot configuration an image's boot loader would read.
 *
 * An image may carry several (menu.lst left beside grub.cfg after an
 * upgrade, BLS entries beside grub.cfg). The rules, in order:
 *   1. option: "kexec_loader.format=NAME" among opt->vars names the format;
 *   2. bootcode: the boot code in the disk's first sectors (GRUB 2,
 *      GRUB legacy, SYSLINUX) names the loader installed, if its
 *      configuration is there;
 *   3. precedence: the first format found of grub2, grub1, bls,
 *      extlinux, then the /vmlinuz and /initrd.img symlinks.
 * plan->reason says which rule decided. */
#ifndef KL_FORMATS_H
#define KL_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "bootfs.h"
#include "diag.h"
#include "plan.h"

/* The opt->vars name of the override. */
#define FORMATS_OPTION "kexec_loader.format"

/* bootcode: NULL, or what bootcode_detect() said ("grub2", "grub1", "syslinux").
 * Returns 0 with plan filled, or a negative errno with d set. */
int formats_plan(const struct bootfs *fs, const struct plan_options *opt, const char *bootcode,
		 struct boot_plan *plan, struct diag *d);

/* True when path on vol lies under another volume's mount point, so the
 * file seen there is that volume's (host mode sees /boot inside "/"). */
bool formats_path_shadowed(const struct bootfs *fs, size_t vol, const char *path);

/* Recognise the boot code in a disk's first sectors (at least the MBR;
 * the post-MBR gap helps): GRUB 2 boot.img, GRUB legacy stage1, the
 * SYSLINUX MBR or boot sector. Returns 0 with *format set to "grub2",
 * "grub1" or "syslinux", -ENOENT when nothing is recognised, -EINVAL
 * when len is below one sector. */
int bootcode_detect(const unsigned char *sectors, size_t len, const char **format);

#endif
