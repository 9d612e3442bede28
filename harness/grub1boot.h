/* grub1boot.h - a GRUB legacy (0.97) CD that chains to an image's menu.lst, as the oracle for GRUB legacy images.
 *
 * Debian's grub-legacy package ships stage2_eltorito, a stage2 that boots
 * from an El Torito CD without emulation. The CD's own menu.lst turns on
 * the serial terminal, sets root to the partition holding the image's
 * config, exactly as the installed stage2 would find it ("(hd0,0)" is the
 * first partition in GRUB legacy's numbering, "(hd0)" an unpartitioned
 * disk), and hands over with configfile, so the image's default, fallback
 * and timeout apply as on the installed system. */
#ifndef HARNESS_GRUB1BOOT_H
#define HARNESS_GRUB1BOOT_H

#include <stddef.h>

/* Build (or reuse) cache_dir/grub1-<hash>.iso for the config at path on
 * device ("hd0" or "hd0,0"); *out gets its path (malloc'd). stage2 is the
 * stage2_eltorito file. Tool output goes to log_fd. */
int grub1boot_iso(const char *stage2, const char *device, const char *path, const char *cache_dir,
		  int log_fd, char **out);

#endif
