/* hostmode.h - see an image's mounted tree the way GRUB sees its disks. */
#ifndef KL_HOSTMODE_H
#define KL_HOSTMODE_H

#include "bootfs.h"

/* Build volumes over root (a guest tree with /boot and /boot/efi inside it):
 * a mount point listed in root's /etc/fstab (/boot, /boot/efi, /efi) that
 * exists in the tree becomes a partition of its own, numbered in the order
 * firmware-installed images lay them out (ESP, then /boot, then /), and takes
 * the UUID or label fstab gives it. Without fstab the tree is one partition,
 * (hd0,msdos1). fs must be fresh; free it with bootfs_dir_free. */
int hostmode_bootfs(const char *root, struct bootfs *fs);

#endif
