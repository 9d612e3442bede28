/* damage.h - deliberate damage to a filesystem after mkfs (spec part= corrupt=).
 *
 * Each kind leaves a filesystem libblkid still names (the loader sees its
 * TYPE and UUID) but no kernel mounts, so the loader must report it in one
 * line and step over it. ext2/3/4 only:
 *   unknown-incompat        an incompatible-feature bit no kernel or GRUB
 *                           knows, superblock checksum recomputed (what a
 *                           newer mkfs leaves for an older kernel); the
 *                           mount fails with EINVAL (libblkid then calls an
 *                           ext2 or ext3 ext4, as it does any ext with
 *                           features beyond ext3's)
 *   zero-group-descriptors  the first block of block group descriptors
 *                           zeroed (a stray write, a torn update); the mount
 *                           fails its descriptor check with EUCLEAN */
#ifndef HARNESS_DAMAGE_H
#define HARNESS_DAMAGE_H

#include "spec.h"

/* Apply p->corrupt to the filesystem image at img. 0 or negative errno
 * (-EINVAL for a damage this filesystem type does not take). */
int damage_apply(const struct spec_part *p, const char *img);

#endif
