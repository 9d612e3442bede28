/* snapshot.h - read a filesystem as it would be after journal replay, without
 * writing to the disk: a device-mapper snapshot whose copy-on-write store is
 * a RAM disk takes every write the replay makes. */
#ifndef KL_SNAPSHOT_H
#define KL_SNAPSHOT_H

#include <stdbool.h>

#include "devices.h"

/* Does d's filesystem say its journal needs replaying? (ext3/ext4 only:
 * the superblock's needs_recovery flag.) */
bool snapshot_needs_replay(const struct device *d);

/* Create a RAM-backed snapshot of /dev/<d->name>; on success node holds the
 * snapshot's device node ("/dev/dm-0"). Returns 0 or a negative errno. */
int snapshot_create(const struct device *d, char *node, size_t nodelen);

#endif
