/* devices.h - block devices found in sysfs and what libblkid says is on them. */
#ifndef KL_DEVICES_H
#define KL_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVICES_MAX 128

struct device {
	char name[32];      /* "vda1" */
	char disk[32];      /* the whole disk: "vda" (itself for a disk) */
	char syspath[256];  /* resolved /sys/devices/… path, orders disks as firmware would */
	unsigned partno;    /* 0 for the whole disk */
	char pttype[8];     /* the disk's partition table per libblkid: "dos", "gpt" or "" */
	char type[16];      /* filesystem TYPE, "" when none was recognised */
	char uuid[64];
	char label[64];
	char grub_name[40]; /* "hd0", "hd0,msdos1", "hd1,gpt2" */
	char mnt[96];       /* mount point, "" when not mounted */
	bool probed;
	bool ambiguous;     /* libblkid found more than one signature */
	bool mount_failed;  /* tried once; not tried again */
	const char *bootcode; /* whole disks: the boot loader installed in the first sectors, or NULL */
	uint32_t mbr_sig;   /* whole disks: the MBR's disk signature (bytes 440-443), 0 when none */
};

struct device_list {
	struct device dev[DEVICES_MAX];
	size_t n;
};

/* Add block devices that appeared in /sys/class/block since the last call,
 * probe them with libblkid, and renumber GRUB names. Returns how many are new. */
int devices_scan(struct device_list *l);
/* The whole disk d belongs to, or NULL. */
const struct device *devices_disk_of(const struct device_list *l, const struct device *d);
/* Disks are numbered hd0, hd1, … in firmware order; partitions follow the
 * table type. With boot_disk set, that disk is hd0 and the others follow in
 * firmware order: BIOS gives the disk it boots from the first drive number,
 * so GRUB installed on any disk calls its own disk hd0. */
void devices_assign_grub_names(struct device_list *l, const struct device *boot_disk);
/* The whole disks in the order they are tried: the one whose MBR signature is
 * firmware_sig (the disk firmware boots; the first in firmware order if
 * several carry it) first, then the others in firmware order. With
 * firmware_sig 0, firmware order. Returns how many were put in out. */
size_t devices_boot_order(const struct device_list *l, uint32_t firmware_sig, const struct device **out,
			  size_t max);
/* Whether a whole disk with this MBR signature has been found. */
bool devices_have_signature(const struct device_list *l, uint32_t sig);

#endif
