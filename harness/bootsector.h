/* bootsector.h - a boot loader's boot code in a test disk's first sector.
 *
 * spec bootcode= names a loader; its Debian boot sector (GRUB 2 boot.img,
 * GRUB legacy stage1, SYSLINUX mbr.bin) comes from dir/<name>.img. Only the
 * code area (bytes 0-439) is written: the disk signature, partition table
 * and 0x55AA stay as the partitioner left them, as the installers do. */
#ifndef HARNESS_BOOTSECTOR_H
#define HARNESS_BOOTSECTOR_H

#include <stdint.h>

/* The file holding the boot code for name ("grub2", …), in *path (free it). */
int bootsector_path(const char *dir, const char *name, char **path);
/* Fold the boot code's bytes into a cache key. */
int bootsector_hash(const char *dir, const char *name, uint64_t *hash);
/* Write the boot code into the disk image at disk. */
int bootsector_install(const char *dir, const char *name, const char *disk);

#endif
