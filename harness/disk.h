/* disk.h - build a spec's disk image from a corpus tree: filesystems from directories, then the partition table.
 *
 * No loop devices, no mounts, no root: each filesystem is made in its own
 * file by the filesystem's own tool from a staged directory (mke2fs -d,
 * mkfs.xfs -p protofile, mkfs.btrfs --rootdir, mkfs.vfat + mcopy), the
 * table is written with libfdisk, and the filesystems are copied in at
 * their partition offsets. Everything the tools print goes to log_fd. */
#ifndef HARNESS_DISK_H
#define HARNESS_DISK_H

#include "spec.h"
#include "stage.h"

/* Partitions start at 1 MiB and are aligned to 1 MiB, as fdisk would. */
#define DISK_ALIGN (UINT64_C(1) << 20)

/* Build out (a sparse raw image) for spec s from corpus tree root, using
 * work as scratch space. Returns 0 or a negative errno (a failing tool is
 * -EIO; its output is in the log). *what names the step that failed. */
/* Byte offset of partition i in a disk built by disk_build (0 unpartitioned). */
uint64_t disk_part_offset(const struct spec *s, size_t i);

int disk_build(const struct spec *s, const char *root, const struct stage_fill *fill,
	       const char *work, const char *out, int log_fd, const char **what);

#endif
