/* devices.c - find block devices in sysfs and probe them with libblkid,
 * the low-level way: one probe per device, superblocks and partitions
 * enabled explicitly, no cache. */
#include "devices.h"
#include "formats.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool devices_known(const struct device_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->dev[i].name, name))
			return true;
	return false;
}

/* RAM disks, loop devices, optical drives and device-mapper targets are not
 * where a cloud image lives (device-mapper nodes are the loader's own). */
static bool devices_ignored(const char *name)
{
	static const char *const prefixes[] = { "loop", "ram", "zram", "sr", "fd", "dm-", "nbd" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static void copy_value(blkid_probe pr, const char *key, char *out, size_t outlen)
{
	const char *v = NULL;

	out[0] = '\0';
	if (blkid_probe_lookup_value(pr, key, &v, NULL) == 0 && v)
		snprintf(out, outlen, "%s", v);
}

/* 0 when probed; -errno when the device cannot be opened or read yet: a disk
 * whose driver is still adding it (its uevent comes first), tried again next scan. */
static int devices_probe(struct device *d)
{
	static char *not_probed[] = { "zfs_member", NULL };
	char node[64];
	blkid_probe pr;
	int r;

	snprintf(node, sizeof(node), "/dev/%s", d->name);
	pr = blkid_new_probe_from_filename(node);
	if (!pr)
		return errno ? -errno : -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
						      BLKID_SUBLKS_LABEL);
	/* ZFS is not probed: the loader cannot read it, and its four 256 KiB
	 * labels were more than half of each device's probing time. */
	blkid_probe_filter_superblocks_type(pr, BLKID_FLTR_NOTIN, not_probed);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	r = blkid_do_safeprobe(pr);
	if (r == -1) {
		blkid_free_probe(pr);
		return -EIO;
	}
	d->probed = true;
	d->ambiguous = r == -2;
	if (r == 0) {
		copy_value(pr, "TYPE", d->type, sizeof(d->type));
		copy_value(pr, "UUID", d->uuid, sizeof(d->uuid));
		copy_value(pr, "LABEL", d->label, sizeof(d->label));
		copy_value(pr, "PTTYPE", d->pttype, sizeof(d->pttype));
	}
	blkid_free_probe(pr);
	return 0;
}

/* The MBR and the gap after it, where GRUB 2 puts core.img and GRUB legacy stage1.5. */
static void devices_read_bootcode(struct device *d)
{
	unsigned char buf[64 * 1024];
	char node[64];
	ssize_t n;
	int fd;

	snprintf(node, sizeof(node), "/dev/%s", d->name);
	fd = open(node, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n > 0 && bootcode_detect(buf, (size_t)n, &d->bootcode) < 0)
		d->bootcode = NULL;
	if (n >= 512 && buf[510] == 0x55 && buf[511] == 0xaa)
		d->mbr_sig = (uint32_t)buf[440] | (uint32_t)buf[441] << 8 | (uint32_t)buf[442] << 16 |
			     (uint32_t)buf[443] << 24;
}

static int read_sys_uint(const char *name, const char *attr, unsigned *out)
{
	char path[128], buf[32];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/block/%s/%s", name, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	*out = (unsigned)strtoul(buf, NULL, 10);
	return 0;
}

static void devices_fill(struct device *d, const char *name)
{
	char link[128], real[PATH_MAX];

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(link, sizeof(link), "/sys/class/block/%s", name);
	if (realpath(link, real) && strlen(real) < sizeof(d->syspath))
		memcpy(d->syspath, real, strlen(real) + 1);
	if (read_sys_uint(name, "partition", &d->partno) < 0)
		d->partno = 0;
	snprintf(d->disk, sizeof(d->disk), "%s", name);
	if (d->partno) {
		/* A partition's sysfs directory sits inside its disk's. */
		char *slash = strrchr(d->syspath, '/');

		if (slash) {
			*slash = '\0';
			snprintf(d->disk, sizeof(d->disk), "%s", strrchr(d->syspath, '/') + 1);
			*slash = '/';
		}
	}
}

/* One pass over /sys/class/block; sets *new_disk when a whole disk was added. */
static int devices_scan_pass(struct device_list *l, bool *new_disk)
{
	DIR *dir = opendir("/sys/class/block");
	struct dirent *de;
	int added = 0;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || devices_ignored(de->d_name) ||
		    devices_known(l, de->d_name) || l->n >= DEVICES_MAX)
			continue;
		devices_fill(&l->dev[l->n], de->d_name);
		if (devices_probe(&l->dev[l->n]) < 0)
			continue;
		if (!l->dev[l->n].partno) {
			devices_read_bootcode(&l->dev[l->n]);
			*new_disk = true;
		}
		l->n++;
		added++;
	}
	closedir(dir);
	return added;
}

int devices_scan(struct device_list *l)
{
	int added = 0;
	bool new_disk;

	/* A disk shows in sysfs before the kernel has read its partition table;
	 * opening it waits for that, so after a new disk its partitions are
	 * listed by the next pass. */
	do {
		int r;

		new_disk = false;
		r = devices_scan_pass(l, &new_disk);
		if (r < 0)
			return added ? added : r;
		added += r;
	} while (new_disk);
	if (added)
		devices_assign_grub_names(l, NULL);
	return added;
}

const struct device *devices_disk_of(const struct device_list *l, const struct device *d)
{
	for (size_t i = 0; i < l->n; i++)
		if (!l->dev[i].partno && !strcmp(l->dev[i].name, d->disk))
			return &l->dev[i];
	return NULL;
}

/* Firmware presents disks in PCI order: the resolved sysfs path sorts that
 * way. The boot disk, if any, comes first. */
static unsigned devices_disk_index(const struct device_list *l, const struct device *disk,
				   const struct device *boot_disk)
{
	unsigned idx = 0;

	if (boot_disk && !strcmp(disk->syspath, boot_disk->syspath))
		return 0;
	if (boot_disk && strcmp(boot_disk->syspath, disk->syspath) > 0)
		idx++;
	for (size_t i = 0; i < l->n; i++)
		if (!l->dev[i].partno && strcmp(l->dev[i].syspath, disk->syspath) < 0)
			idx++;
	return idx;
}

void devices_assign_grub_names(struct device_list *l, const struct device *boot_disk)
{
	for (size_t i = 0; i < l->n; i++) {
		struct device *d = &l->dev[i];
		const struct device *disk = d->partno ? devices_disk_of(l, d) : d;
		const char *map;

		if (!disk) {
			d->grub_name[0] = '\0';
			continue;
		}
		if (!d->partno) {
			snprintf(d->grub_name, sizeof(d->grub_name), "hd%u", devices_disk_index(l, d, boot_disk));
			continue;
		}
		map = !strcmp(disk->pttype, "gpt") ? "gpt" : "msdos";
		snprintf(d->grub_name, sizeof(d->grub_name), "hd%u,%s%u",
			 devices_disk_index(l, disk, boot_disk), map, d->partno);
	}
}

/* Firmware order of whole disks, by sysfs path. */
static int by_syspath(const void *a, const void *b)
{
	const struct device *const *x = a, *const *y = b;

	return strcmp((*x)->syspath, (*y)->syspath);
}

size_t devices_boot_order(const struct device_list *l, uint32_t firmware_sig, const struct device **out,
			  size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n && n < max; i++)
		if (!l->dev[i].partno)
			out[n++] = &l->dev[i];
	qsort(out, n, sizeof(const struct device *), by_syspath);
	if (!firmware_sig)
		return n;
	for (size_t i = 0; i < n; i++) {
		const struct device *boot = out[i];

		if (boot->mbr_sig != firmware_sig)
			continue;
		memmove(&out[1], &out[0], i * sizeof(const struct device *));
		out[0] = boot;
		break;
	}
	return n;
}

bool devices_have_signature(const struct device_list *l, uint32_t sig)
{
	for (size_t i = 0; i < l->n; i++)
		if (!l->dev[i].partno && l->dev[i].mbr_sig == sig)
			return true;
	return false;
}
