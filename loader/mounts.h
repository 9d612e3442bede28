/* mounts.h - mount the image's filesystems read-only, never replaying a journal onto the disk. */
#ifndef KL_MOUNTS_H
#define KL_MOUNTS_H

#include "devices.h"

#define MOUNTS_BASE "/run/kexec-loader"

/* Mount the PID 1 essentials: /proc, /sys, /dev (devtmpfs), /run. */
int mounts_essentials(void);
/* Mount d read-only under MOUNTS_BASE/<name>, setting d->mnt. With
 * replay_node (a RAM-backed snapshot of d) the journal is replayed into the
 * snapshot; without it journal replay is switched off. */
int mounts_device(struct device *d, const char *replay_node);
void mounts_release_all(struct device_list *l);

#endif
