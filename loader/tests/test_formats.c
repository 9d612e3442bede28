/* test_formats.c - which configuration wins, and what the boot code says. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootfs.h"
#include "formats.h"

#define MENU "title legacy\nkernel /boot/vmlinuz-1 root=/dev/sda1\n"
#define BLS "title bls\nlinux /vmlinuz-2\n"
#define XL "DEFAULT /boot/vmlinuz-3 root=/dev/sda1\n"

struct row {
	const char *name;
	bool menu, bls, extlinux, symlinks;
	const char *bootcode;
	const char *option;
	int rc;
	const char *want_format;
	const char *want_reason_prefix;
};

static const struct row rows[] = {
	{ "grub1-first", true, true, true, true, NULL, NULL, 0, "grub1", "precedence:" },
	{ "bls-before-extlinux", false, true, true, true, NULL, NULL, 0, "bls", "precedence:" },
	{ "extlinux-before-symlinks", false, false, true, true, NULL, NULL, 0, "extlinux", "precedence:" },
	{ "symlinks-last", false, false, false, true, NULL, NULL, 0, "symlinks", "precedence:" },
	{ "nothing", false, false, false, false, NULL, NULL, -ENOENT, NULL, NULL },
	{ "bootcode-syslinux", true, true, true, true, "syslinux", NULL, 0, "extlinux", "bootcode: the disk's first sectors hold SYSLINUX" },
	{ "bootcode-grub1", true, true, true, true, "grub1", NULL, 0, "grub1", "bootcode:" },
	{ "bootcode-without-config", false, true, true, true, "grub1", NULL, 0, "bls", "precedence:" },
	{ "option", true, true, true, true, "grub1", "bls", 0, "bls", "option: kexec_loader.format=bls" },
	{ "option-not-found", false, false, true, false, NULL, "grub1", -ENOENT, NULL, NULL },
	{ "option-unknown", true, false, false, false, NULL, "lilo", -EINVAL, NULL, NULL },
};

static void add(struct bootfs *fs, size_t vol, const char *path, const char *data)
{
	ck_assert_int_eq(bootfs_mem_add_file(fs, vol, path, data, strlen(data)), 0);
}

START_TEST(test_choice)
{
	const struct row *r = &rows[_i];
	char var[64];
	const char *vars[1] = { var };
	struct plan_options opt = { .vars = vars, .n_vars = r->option ? 1 : 0 };
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	int rc;

	if (r->option)
		snprintf(var, sizeof(var), "%s=%s", FORMATS_OPTION, r->option);
	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", "AAAA-BBBB", NULL, NULL, "/boot"), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos2", "1111-2222", NULL, NULL, "/"), 1);
	add(&fs, 0, "/vmlinuz-2", "");
	if (r->menu)
		add(&fs, 0, "/grub/menu.lst", MENU);
	if (r->bls)
		add(&fs, 0, "/loader/entries/a.conf", BLS);
	if (r->extlinux)
		add(&fs, 0, "/extlinux/extlinux.conf", XL);
	if (r->symlinks)
		add(&fs, 1, "/vmlinuz", "");
	/* Seen through the root volume, /boot's files are shadowed. */
	add(&fs, 1, "/boot/grub/grub.cfg", "menuentry x {\n}\n");
	rc = formats_plan(&fs, &opt, r->bootcode, &p, &d);
	ck_assert_msg(rc == r->rc, "%s: %d (%s)", r->name, rc, d.msg);
	if (rc == 0) {
		ck_assert_str_eq(p.format, r->want_format);
		ck_assert_msg(!strncmp(p.reason, r->want_reason_prefix, strlen(r->want_reason_prefix)),
			      "%s: %s", r->name, p.reason);
		if (!strcmp(p.format, "symlinks"))
			ck_assert_str_eq(p.targets[0].cmdline, "root=UUID=1111-2222 ro");
		boot_plan_free(&p);
	} else {
		ck_assert_msg(d.msg[0], "%s: no message", r->name);
	}
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_shadowed)
{
	struct bootfs fs;

	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,gpt1", NULL, NULL, NULL, "/boot/efi"), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,gpt2", NULL, NULL, NULL, "/boot"), 1);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,gpt3", NULL, NULL, NULL, "/"), 2);
	ck_assert(formats_path_shadowed(&fs, 2, "/boot/grub/grub.cfg"));
	ck_assert(formats_path_shadowed(&fs, 2, "/boot"));
	ck_assert(!formats_path_shadowed(&fs, 2, "/bootx/grub.cfg"));
	ck_assert(formats_path_shadowed(&fs, 1, "/efi/loader/entries"));
	ck_assert(!formats_path_shadowed(&fs, 1, "/loader/entries"));
	ck_assert(!formats_path_shadowed(&fs, 0, "/loader/entries"));
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_symlinks_need_uuid_or_label)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	add(&fs, 0, "/vmlinuz", "");
	ck_assert_int_eq(formats_plan(&fs, NULL, NULL, &p, &d), -ENOENT);
	ck_assert_str_eq(d.msg, "cannot name the root filesystem for root=: it has no UUID or label");
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_symlinks_label)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, "cloudimg-rootfs", NULL, "/"), 0);
	add(&fs, 0, "/boot/vmlinuz", "");
	add(&fs, 0, "/boot/initrd.img", "");
	ck_assert_int_eq(formats_plan(&fs, NULL, NULL, &p, &d), 0);
	ck_assert_str_eq(p.targets[0].cmdline, "root=LABEL=cloudimg-rootfs ro");
	ck_assert_str_eq(p.targets[0].initrds[0].path, "/boot/initrd.img");
	boot_plan_free(&p);
	bootfs_mem_free(&fs);
}
END_TEST

struct brow {
	const char *name;
	size_t len;
	unsigned at;      /* where text goes */
	const char *text;
	size_t textlen;   /* 0: strlen(text) */
	int v3e, v3f;     /* bytes at 0x3e/0x3f, -1 to leave */
	bool signature;
	int rc;
	const char *want;
};

static const struct brow boot_rows[] = {
	{ "short", 100, 0, NULL, 0, -1, -1, true, -EINVAL, NULL },
	{ "no-signature", 512, 0x180, "GRUB ", 0, -1, -1, false, -ENOENT, NULL },
	{ "grub2-boot-img", 512, 0x180, "GRUB \0Geom", 10, -1, -1, true, 0, "grub2" },
	{ "grub-legacy-stage1", 512, 0x17e, "GRUB \0Geom", 10, 3, 2, true, 0, "grub1" },
	{ "syslinux-mbr", 512, 0x150, "Missing operating system.\r\n", 0, -1, -1, true, 0, "syslinux" },
	{ "extlinux-vbr", 512, 0x3, "EXTLINUX", 0, -1, -1, true, 0, "syslinux" },
	{ "windows-mbr", 512, 0x150, "Missing operating system", 0, -1, -1, true, -ENOENT, NULL },
	{ "grub2-core-in-gap", 1024, 0x200 + 0x180, "loading\0.\0\r\n\0Geom\0", 18, -1, -1, true, 0, "grub2" },
	{ "empty", 1024, 0, NULL, 0, -1, -1, true, -ENOENT, NULL },
};

START_TEST(test_bootcode)
{
	const struct brow *r = &boot_rows[_i];
	unsigned char buf[1024];
	const char *fmt = NULL;

	memset(buf, 0, sizeof(buf));
	if (r->text)
		memcpy(buf + r->at, r->text, r->textlen ? r->textlen : strlen(r->text));
	if (r->v3e >= 0) {
		buf[0x3e] = (unsigned char)r->v3e;
		buf[0x3f] = (unsigned char)r->v3f;
	}
	if (r->signature) {
		buf[510] = 0x55;
		buf[511] = 0xaa;
	}
	ck_assert_msg(bootcode_detect(buf, r->len, &fmt) == r->rc, "%s", r->name);
	if (r->want)
		ck_assert_str_eq(fmt, r->want);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("formats");
	TCase *tc = tcase_create("formats");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_choice, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_shadowed);
	tcase_add_test(tc, test_symlinks_need_uuid_or_label);
	tcase_add_test(tc, test_symlinks_label);
	tcase_add_loop_test(tc, test_bootcode, 0, sizeof(boot_rows) / sizeof(boot_rows[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
