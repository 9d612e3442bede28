/* grub2boot.h - a GRUB 2 (i386-pc) core image QEMU can start with -kernel, as the oracle for an image.
 *
 * grub-mkimage builds core.img with the image's prefix, as grub-install
 * would: "(hd0)/boot/grub" on an unpartitioned disk, "(hd0,msdos1)/boot/grub"
 * or "(hd0,gpt2)/grub" on a partitioned one. GRUB takes root from the
 * prefix's device (grub-core/kern/main.c, grub_set_prefix_and_root), so the
 * normal module reads $prefix/grub.cfg and 00_header's load_env reads
 * $prefix/grubenv, exactly as on an installed system. The embedded config
 * only turns on the serial terminal. lnxboot.img in front makes the result a
 * Linux boot-protocol image. Every module a stock config may insmod is built
 * in, because the test images carry no /boot/grub/i386-pc directory. */
#ifndef HARNESS_GRUB2BOOT_H
#define HARNESS_GRUB2BOOT_H

#include <stddef.h>

#define GRUB2BOOT_DIR "/usr/lib/grub/i386-pc"

/* Build (or reuse, if present) cache_dir/grub2-<hash of prefix>.lnx and put
 * its path in *out (malloc'd). Tool output goes to log_fd. */
int grub2boot_image(const char *prefix, const char *cache_dir, int log_fd, char **out);

/* The GRUB prefix for a boot config dir on a GRUB device ("hd0,msdos1", "/boot/grub"). */
int grub2boot_prefix(const char *device, const char *dir, char *buf, size_t size);

#endif
