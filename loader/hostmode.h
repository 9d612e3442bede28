/* hostmode.h - see an image's mounted tree the way GRUB sees its disks. */
#ifndef KL_HOSTMODE_H
#define KL_HOSTMODE_H

#include "bootfs.h"

/* Build volumes over root (a guest tree with /boot and /boot/efi inside it):
 * a mount point listed in root's /etc/fstab (/boot, /boot/efi, /efi) that
 * exists in the tree becomes a partition of its own, numbered in the order
 * firmware-installed images lay them out (ESP, then /boot, then /), and takes
 * the UUID or label fstab gives it. Without fstab the tree is one partition,
 * (hd0,msdos1). names ("WHERE=NAME", e.g. "/boot=hd0,msdos5") give a mount
 * point the GRUB name of a layout that order does not describe (logical
 * partitions, a second disk). fs must be fresh; free it with bootfs_dir_free. */
int hostmode_bootfs(const char *root, const char *const *names, size_t n_names, struct bootfs *fs);

/* What the boot code in path says, as bootcode_detect() would of the disk's
 * first sectors at boot: path holds a copy of them (dd bs=512 count=2 of a
 * disk image). *format is NULL when they name no boot loader, as at boot.
 * -EINVAL when path is shorter than one sector. */
int hostmode_bootcode_file(const char *path, const char **format);

#endif
