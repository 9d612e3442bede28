/* test_spec.c - reading image specs: accepted layouts, rejected mistakes with their line, derived GRUB names. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

static const struct {
	const char *name;
	const char *text;
	unsigned line;     /* expected error line, 0 for whole-file errors */
	const char *error; /* expected message start, NULL when the spec is valid */
} rows[] = {
	{ "minimal-unpartitioned",
	  "corpus=c\ntable=none\npart=ext4 size=64M src=/\n", 0, NULL },
	{ "gpt-bios-boot-and-sep-boot",
	  "# comment\n\ncorpus=c\ntable=gpt\npart=bios size=1M\npart=ext2 size=64M src=/boot\n"
	  "part=xfs size=300M src=/ label=root uuid=1-2\nbus=nvme\nexpect=boot\noracle=grub2\n", 0, NULL },
	{ "fault-case-with-message",
	  "corpus=c\npart=ext4 size=8M src=/\nexpect=fail\nexpect-log=no boot configuration\n", 0, NULL },
	{ "unknown-key-names-its-line",
	  "corpus=c\n\npartt=ext4\n", 3, "unknown key 'partt'" },
	{ "unknown-filesystem",
	  "corpus=c\npart=zfs size=1M src=/\n", 2, "unknown filesystem 'zfs'" },
	{ "unknown-bus",
	  "corpus=c\nbus=floppy\n", 2, "unknown bus 'floppy'" },
	{ "bad-size",
	  "corpus=c\npart=ext4 size=12Q src=/\n", 2, "bad size '12Q'" },
	{ "relative-src",
	  "corpus=c\npart=ext4 size=1M src=boot\n", 2, "src must be absolute" },
	{ "line-without-equals",
	  "corpus=c\njunk\n", 2, "expected key=value" },
	{ "no-corpus",
	  "part=ext4 size=8M src=/\n", 0, "no corpus= line" },
	{ "no-root-partition",
	  "corpus=c\ntable=msdos\npart=ext4 size=8M src=/boot\n", 0, "no partition with src=/" },
	{ "two-filesystems-without-table",
	  "corpus=c\npart=ext4 size=8M src=/\npart=ext4 size=8M src=/boot\n", 0, "table=none takes exactly one" },
	{ "bios-partition-needs-gpt",
	  "corpus=c\ntable=msdos\npart=bios size=1M\npart=ext4 size=8M src=/\n", 0, "a bios partition needs" },
	{ "fail-needs-message",
	  "corpus=c\npart=ext4 size=8M src=/\nexpect=fail\n", 0, "expect=fail needs" },
	{ "boot-path-keys",
	  "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot corrupt=zero-group-descriptors\n"
	  "part=xfs size=300M src=/\nbootcode=syslinux\nnode=/boot/initrd.img char 1:5\nnode=/boot/vmlinuz socket\n",
	  0, NULL },
	{ "corrupt-unknown-damage",
	  "corpus=c\npart=ext4 size=8M src=/ corrupt=melt\n", 2, "unknown corrupt= 'melt'" },
	{ "corrupt-needs-ext",
	  "corpus=c\npart=xfs size=300M src=/ corrupt=unknown-incompat\n", 2, "corrupt= applies to ext2/3/4" },
	{ "node-needs-ext",
	  "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot\npart=xfs size=300M src=/\nnode=/vmlinuz fifo\n",
	  0, "node=/vmlinuz falls on xfs" },
	{ "node-at-partition-top",
	  "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot\npart=ext4 size=64M src=/\nnode=/boot fifo\n",
	  0, "node=/boot is the top of a partition" },
	{ "node-path-with-quote",
	  "corpus=c\npart=ext4 size=8M src=/\nnode=/boot/a\"b fifo\n", 3, "node path '/boot/a\"b' must name a file" },
	{ "node-unknown-kind",
	  "corpus=c\npart=ext4 size=8M src=/\nnode=/boot/k pipe\n", 3, "unknown node kind 'pipe'" },
	{ "node-device-needs-numbers",
	  "corpus=c\npart=ext4 size=8M src=/\nnode=/boot/k block\n", 3, "a block node needs MAJOR:MINOR" },
	{ "expect-file-in-case",
	  "corpus=c\npart=ext4 size=8M src=/\nexpect-file=../x\n", 3, "expect-file= names a file in the corpus case" },
	{ "node-sparse-needs-size",
	  "corpus=c\npart=ext4 size=8M src=/\nnode=/boot/k sparse\n", 3, "a sparse node needs a size" },
	{ "bootcode-unknown-loader",
	  "corpus=c\ntable=msdos\npart=ext4 size=8M src=/\nbootcode=lilo\n", 4, "unknown bootcode 'lilo'" },
	{ "logical-partitions",
	  "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot\npart=ext4 size=64M src=/ type=logical\n"
	  "part=ext4 size=8M src=/srv type=logical\n", 0, NULL },
	{ "logical-needs-msdos",
	  "corpus=c\ntable=gpt\npart=ext4 size=64M src=/ type=logical\n", 0, "type=logical needs table=msdos" },
	{ "primary-after-logical",
	  "corpus=c\ntable=msdos\npart=ext4 size=64M src=/ type=logical\npart=ext2 size=8M src=/boot\n",
	  0, "a primary partition after a logical one" },
	{ "four-primaries-leave-no-room-for-extended",
	  "corpus=c\ntable=msdos\npart=ext2 size=8M src=/a\npart=ext2 size=8M src=/b\npart=ext2 size=8M src=/c\n"
	  "part=ext2 size=8M src=/d\npart=ext4 size=64M src=/ type=logical\n", 0, "more than 3 primary partitions" },
	{ "partition-type-unknown",
	  "corpus=c\ntable=msdos\npart=ext4 size=64M src=/ type=extended\n", 3, "type= must be primary or logical" },
	{ "extra-disk",
	  "corpus=c\npart=ext4 size=8M src=/\nextra-disk=data before\n", 0, NULL },
	{ "extra-disk-needs-position",
	  "corpus=c\npart=ext4 size=8M src=/\nextra-disk=data\n", 3, "extra-disk wants '<spec> before'" },
	{ "extra-disk-other-bus",
	  "corpus=c\npart=ext4 size=8M src=/\nbus=ide\nextra-disk=data after\n", 0, NULL },
	{ "extra-disk-not-late",
	  "corpus=c\npart=ext4 size=8M src=/\nattach-after=2\nextra-disk=data after\n", 0,
	  "extra-disk= and attach-after= do not go together" },
	{ "bootcode-needs-table",
	  "corpus=c\npart=ext4 size=8M src=/\nbootcode=grub2\n", 0, "bootcode= needs a partition table" },
};

START_TEST(test_parse_row)
{
	struct spec s = { 0 };
	struct spec_error err = { 0 };
	int r = spec_parse("img", rows[_i].text, strlen(rows[_i].text), &s, &err);

	if (!rows[_i].error) {
		ck_assert_msg(r == 0, "%s: %u: %s", rows[_i].name, err.line, err.msg);
		ck_assert_str_eq(s.name, "img");
		spec_free(&s);
		return;
	}
	ck_assert_int_eq(r, -EINVAL);
	ck_assert_uint_eq(err.line, rows[_i].line);
	ck_assert_msg(!strncmp(err.msg, rows[_i].error, strlen(rows[_i].error)), "%s: got '%s', expected '%s…'",
		      rows[_i].name, err.msg, rows[_i].error);
}
END_TEST

START_TEST(test_sep_boot_prefix)
{
	static const char text[] = "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot\npart=ext4 size=64M src=/\n";
	struct spec s = { 0 };
	struct spec_error err;
	const char *rel = NULL;
	char dev[32];

	ck_assert_int_eq(spec_parse("img", text, strlen(text), &s, &err), 0);
	ck_assert_str_eq(s.bus, "virtio-blk");
	ck_assert_int_eq(spec_part_for_path(&s, "/boot/grub/grub.cfg", &rel), 0);
	ck_assert_str_eq(rel, "/grub/grub.cfg");
	ck_assert_int_eq(spec_part_for_path(&s, "/etc/fstab", &rel), 1);
	ck_assert_str_eq(rel, "/etc/fstab");
	/* "/bootx" is not under "/boot". */
	ck_assert_int_eq(spec_part_for_path(&s, "/bootx/grub.cfg", &rel), 1);
	ck_assert_int_eq(spec_grub_device(&s, 0, dev, sizeof(dev)), 0);
	ck_assert_str_eq(dev, "hd0,msdos1");
	spec_free(&s);
}
END_TEST

START_TEST(test_grub_device_names)
{
	static const char gpt[] = "corpus=c\ntable=gpt\npart=bios size=1M\npart=ext4 size=64M src=/\n";
	static const char none[] = "corpus=c\npart=ext4 size=64M src=/\n";
	static const char logical[] = "corpus=c\ntable=msdos\npart=ext2 size=64M src=/boot\n"
				      "part=ext4 size=64M src=/ type=logical\npart=xfs size=300M src=/srv type=logical\n";
	struct spec s = { 0 };
	struct spec_error err;
	char dev[32];

	ck_assert_int_eq(spec_parse("img", gpt, strlen(gpt), &s, &err), 0);
	ck_assert_int_eq(spec_grub_device(&s, 1, dev, sizeof(dev)), 0);
	ck_assert_str_eq(dev, "hd0,gpt2");
	spec_free(&s);
	ck_assert_int_eq(spec_parse("img", none, strlen(none), &s, &err), 0);
	ck_assert_int_eq(spec_grub_device(&s, 0, dev, sizeof(dev)), 0);
	ck_assert_str_eq(dev, "hd0");
	spec_free(&s);
	/* Logical partitions count from 5 whatever the primaries before them. */
	ck_assert_int_eq(spec_parse("img", logical, strlen(logical), &s, &err), 0);
	ck_assert_int_eq(spec_part_number(&s, 0), 1);
	ck_assert_int_eq(spec_part_number(&s, 1), 5);
	ck_assert_int_eq(spec_part_number(&s, 2), 6);
	ck_assert_int_eq(spec_grub_device(&s, 2, dev, sizeof(dev)), 0);
	ck_assert_str_eq(dev, "hd0,msdos6");
	spec_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("spec");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_parse_row, 0, (int)(sizeof(rows) / sizeof(*rows)));
	tcase_add_test(tc, test_sep_boot_prefix);
	tcase_add_test(tc, test_grub_device_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
