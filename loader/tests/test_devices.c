/* test_devices.c - GRUB names of disks and partitions (firmware order, the boot disk first, logical
 * partitions) and the order disks are tried in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"

/* Three virtio disks in PCI order (sysfs paths sort that way, listed here
 * out of order): vda unpartitioned, vdb MBR with a logical partition, vdc GPT. */
static void add(struct device_list *l, const char *name, const char *disk, const char *slot, unsigned partno,
		const char *pttype)
{
	struct device *d = &l->dev[l->n++];

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->disk, sizeof(d->disk), "%s", disk);
	snprintf(d->syspath, sizeof(d->syspath), "/sys/devices/pci0000:00/0000:00:%s.0/virtio%s/block/%s", slot, slot,
		 disk);
	if (partno)
		snprintf(d->syspath + strlen(d->syspath), sizeof(d->syspath) - strlen(d->syspath), "/%s", name);
	d->partno = partno;
	snprintf(d->pttype, sizeof(d->pttype), "%s", pttype);
}

static struct device_list *three_disks(void)
{
	struct device_list *l = calloc(1, sizeof(*l));

	ck_assert_ptr_nonnull(l);
	add(l, "vdc", "vdc", "06", 0, "gpt");
	add(l, "vdc2", "vdc", "06", 2, "");
	add(l, "vda", "vda", "04", 0, "");
	add(l, "vdb", "vdb", "05", 0, "dos");
	add(l, "vdb5", "vdb", "05", 5, "");
	return l;
}

static const char *grub_name(const struct device_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->dev[i].name, name))
			return l->dev[i].grub_name;
	ck_abort_msg("no device %s", name);
	return NULL;
}

START_TEST(firmware_order)
{
	struct device_list *l = three_disks();

	devices_assign_grub_names(l, NULL);
	ck_assert_str_eq(grub_name(l, "vda"), "hd0");
	ck_assert_str_eq(grub_name(l, "vdb"), "hd1");
	ck_assert_str_eq(grub_name(l, "vdb5"), "hd1,msdos5");
	ck_assert_str_eq(grub_name(l, "vdc"), "hd2");
	ck_assert_str_eq(grub_name(l, "vdc2"), "hd2,gpt2");
	free(l);
}
END_TEST

/* The disk whose configuration is read is hd0; the others keep their order. */
START_TEST(boot_disk_first)
{
	struct device_list *l = three_disks();

	devices_assign_grub_names(l, &l->dev[3]); /* vdb */
	ck_assert_str_eq(grub_name(l, "vdb"), "hd0");
	ck_assert_str_eq(grub_name(l, "vdb5"), "hd0,msdos5");
	ck_assert_str_eq(grub_name(l, "vda"), "hd1");
	ck_assert_str_eq(grub_name(l, "vdc2"), "hd2,gpt2");
	devices_assign_grub_names(l, &l->dev[0]); /* vdc */
	ck_assert_str_eq(grub_name(l, "vdc2"), "hd0,gpt2");
	ck_assert_str_eq(grub_name(l, "vda"), "hd1");
	ck_assert_str_eq(grub_name(l, "vdb5"), "hd2,msdos5");
	devices_assign_grub_names(l, &l->dev[2]); /* vda: the same as firmware order */
	ck_assert_str_eq(grub_name(l, "vda"), "hd0");
	ck_assert_str_eq(grub_name(l, "vdb"), "hd1");
	ck_assert_str_eq(grub_name(l, "vdc"), "hd2");
	free(l);
}
END_TEST

static const char *names(const struct device *const *order, size_t n, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "", order[i]->name);
	return buf;
}

/* Whole disks only, in firmware order; the disk whose MBR signature firmware
 * reports first, the others keeping their order. */
START_TEST(boot_order)
{
	struct device_list *l = three_disks();
	const struct device *order[DEVICES_MAX];
	char buf[64];
	size_t n;

	l->dev[0].mbr_sig = 0x11111111; /* vdc */
	l->dev[2].mbr_sig = 0x22222222; /* vda */
	l->dev[3].mbr_sig = 0x11111111; /* vdb, the same signature as vdc: a cloned disk */
	n = devices_boot_order(l, 0, order, DEVICES_MAX);
	ck_assert_str_eq(names(order, n, buf, sizeof(buf)), "vda vdb vdc");
	n = devices_boot_order(l, 0x22222222, order, DEVICES_MAX);
	ck_assert_str_eq(names(order, n, buf, sizeof(buf)), "vda vdb vdc");
	/* Two disks carry it: the first of them in firmware order. */
	n = devices_boot_order(l, 0x11111111, order, DEVICES_MAX);
	ck_assert_str_eq(names(order, n, buf, sizeof(buf)), "vdb vda vdc");
	l->dev[3].mbr_sig = 0x33333333;
	n = devices_boot_order(l, 0x11111111, order, DEVICES_MAX);
	ck_assert_str_eq(names(order, n, buf, sizeof(buf)), "vdc vda vdb");
	/* A signature no disk carries (yet) changes nothing. */
	n = devices_boot_order(l, 0x44444444, order, DEVICES_MAX);
	ck_assert_str_eq(names(order, n, buf, sizeof(buf)), "vda vdb vdc");
	ck_assert(devices_have_signature(l, 0x33333333));
	ck_assert(!devices_have_signature(l, 0x44444444));
	n = devices_boot_order(l, 0, order, 2);
	ck_assert_uint_eq(n, 2);
	free(l);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("devices");
	TCase *tc = tcase_create("grub names");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, firmware_order);
	tcase_add_test(tc, boot_disk_first);
	tcase_add_test(tc, boot_order);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
