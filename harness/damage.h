/* damage.h - what a filesystem image gets after mkfs: deliberate damage
 * (part= corrupt=) and special files the corpus tree cannot hold (node=).
 *
 * corrupt=unknown-incompat sets an ext2/3/4 incompatible-feature bit no
 * kernel or GRUB knows, with the superblock checksum recomputed: libblkid
 * still names the filesystem, but mounting it fails — a filesystem the loader
 * must report and step over. */
#ifndef HARNESS_DAMAGE_H
#define HARNESS_DAMAGE_H

#include "spec.h"

/* Apply p->corrupt to the filesystem image at img. 0 or negative errno
 * (-EINVAL for a damage this filesystem type does not take). */
int damage_apply(const struct spec_part *p, const char *img);

/* Create, inside the ext2/3/4 image at img holding guest subtree p->src,
 * every node= of s that falls in that subtree (debugfs, no mount). */
int damage_nodes(const struct spec *s, const struct spec_part *p, const char *img, int log_fd);

#endif
