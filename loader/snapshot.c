/* snapshot.c - device-mapper snapshots with a RAM copy-on-write store.
 *
 * ext4 replays a dirty journal even on a read-only mount when the device is
 * writable; mounted with noload it shows the filesystem as it was before the
 * journalled writes (a kernel upgrade's new grub.cfg can live only there).
 * So the replay is pointed at a snapshot: the origin is only read, and the
 * replay's writes land in brd pages, allocated as they are written. The
 * device-mapper ioctls are the kernel's documented interface (dm-ioctl.h). */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "modules.h"

/* The RAM store: 256 MiB of address space, no memory until written. */
#define SNAPSHOT_COW "/dev/ram0"
#define SNAPSHOT_BRD_PARAMS "rd_nr=1 rd_size=262144"

#define EXT_SB_OFFSET 1024
#define EXT_MAGIC_OFF 0x38
#define EXT_INCOMPAT_OFF 0x60
#define EXT_INCOMPAT_RECOVER 0x0004u

bool snapshot_needs_replay(const struct device *d)
{
	unsigned char sb[1024];
	char node[64];
	uint32_t incompat;
	int fd;
	ssize_t n;

	if (strcmp(d->type, "ext3") && strcmp(d->type, "ext4"))
		return false;
	snprintf(node, sizeof(node), "/dev/%s", d->name);
	fd = open(node, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = pread(fd, sb, sizeof(sb), EXT_SB_OFFSET);
	close(fd);
	if (n != (ssize_t)sizeof(sb) || sb[EXT_MAGIC_OFF] != 0x53 || sb[EXT_MAGIC_OFF + 1] != 0xef)
		return false;
	incompat = (uint32_t)sb[EXT_INCOMPAT_OFF] | (uint32_t)sb[EXT_INCOMPAT_OFF + 1] << 8 |
		   (uint32_t)sb[EXT_INCOMPAT_OFF + 2] << 16 | (uint32_t)sb[EXT_INCOMPAT_OFF + 3] << 24;
	return incompat & EXT_INCOMPAT_RECOVER;
}

struct dm_request {
	struct dm_ioctl io;
	struct dm_target_spec spec;
	char params[256];
};

static void dm_init(struct dm_request *rq, const char *name)
{
	memset(rq, 0, sizeof(*rq));
	rq->io.version[0] = DM_VERSION_MAJOR;
	rq->io.version[1] = 0;
	rq->io.version[2] = 0;
	rq->io.data_size = sizeof(*rq);
	rq->io.data_start = sizeof(rq->io);
	snprintf(rq->io.name, sizeof(rq->io.name), "%s", name);
}

static int read_sectors(const char *name, unsigned long long *sectors)
{
	char path[128];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "/sys/class/block/%s/size", name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	{
		char line[32], *end;

		ok = fgets(line, sizeof(line), f) != NULL;
		if (ok) {
			*sectors = strtoull(line, &end, 10);
			ok = end != line;
		}
	}
	fclose(f);
	return ok ? 0 : -EIO;
}

int snapshot_create(const struct device *d, char *node, size_t nodelen)
{
	struct dm_request rq;
	unsigned long long sectors = 0;
	char name[64];
	int ctl, r;

	if ((r = read_sectors(d->name, &sectors)) < 0)
		return r;
	if ((r = modules_load("dm_snapshot", NULL)) < 0 ||
	    (r = modules_load("brd", SNAPSHOT_BRD_PARAMS)) < 0)
		return r;
	if (access(SNAPSHOT_COW, F_OK) < 0)
		return -ENODEV;
	ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	snprintf(name, sizeof(name), "kexec-loader-%s", d->name);

	dm_init(&rq, name);
	if (ioctl(ctl, DM_DEV_CREATE, &rq) < 0)
		goto fail;
	snprintf(node, nodelen, "/dev/dm-%u", minor(rq.io.dev));

	dm_init(&rq, name);
	rq.io.target_count = 1;
	rq.spec.sector_start = 0;
	rq.spec.length = sectors;
	snprintf(rq.spec.target_type, sizeof(rq.spec.target_type), "snapshot");
	/* origin, COW device, N = not persistent, chunk of 8 sectors */
	snprintf(rq.params, sizeof(rq.params), "/dev/%s %s N 8", d->name, SNAPSHOT_COW);
	if (ioctl(ctl, DM_TABLE_LOAD, &rq) < 0)
		goto fail;

	dm_init(&rq, name); /* suspend without DM_SUSPEND_FLAG: resume, making the table live */
	if (ioctl(ctl, DM_DEV_SUSPEND, &rq) < 0)
		goto fail;
	close(ctl);
	return 0;
fail:
	r = -errno;
	dm_init(&rq, name);
	ioctl(ctl, DM_DEV_REMOVE, &rq);
	close(ctl);
	return r;
}
