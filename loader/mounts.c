/* mounts.c - read-only mounts of guest filesystems.
 *
 * MS_RDONLY alone is not enough: ext3/4 and xfs replay a dirty journal onto
 * the device even on a read-only mount. The options below forbid that
 * (noload, norecovery, nologreplay); the journal's newest contents are then
 * not seen, which the log says. */
#include "mounts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

static const char *const no_replay[][2] = {
	{ "ext3", "noload" },
	{ "ext4", "noload" },
	{ "xfs", "norecovery" },
	{ "btrfs", "rescue=nologreplay" },
	{ "vfat", "" },
	{ "ext2", "" },
};

static int mount_one(const char *src, const char *dst, const char *type, unsigned long flags,
		     const char *data)
{
	mkdir(dst, 0755);
	if (mount(src, dst, type, flags, data) < 0 && errno != EBUSY)
		return -errno;
	return 0;
}

int mounts_essentials(void)
{
	int r;

	if ((r = mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755")) < 0 ||
	    (r = mount_one("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) < 0 ||
	    (r = mount_one("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) < 0 ||
	    (r = mount_one("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755")) < 0)
		return r;
	mkdir(MOUNTS_BASE, 0755);
	return 0;
}

int mounts_device(struct device *d, const char *replay_node)
{
	const char *opts = NULL;
	char node[64], dir[96];
	int r;

	for (size_t i = 0; i < sizeof(no_replay) / sizeof(no_replay[0]); i++)
		if (!strcmp(no_replay[i][0], d->type))
			opts = no_replay[i][1];
	if (!opts)
		return -EPROTONOSUPPORT;
	snprintf(node, sizeof(node), "/dev/%s", d->name);
	if (replay_node) {
		snprintf(node, sizeof(node), "%s", replay_node);
		opts = "";
	}
	snprintf(dir, sizeof(dir), "%s/%s", MOUNTS_BASE, d->name);
	r = mount_one(node, dir, d->type, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, opts);
	if (r < 0)
		return r;
	snprintf(d->mnt, sizeof(d->mnt), "%s", dir);
	return 0;
}

void mounts_release_all(struct device_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->dev[i].mnt[0] && umount2(l->dev[i].mnt, MNT_DETACH) == 0)
			l->dev[i].mnt[0] = '\0';
}
