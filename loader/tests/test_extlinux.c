/* test_extlinux.c - SYSLINUX configurations: defaults, menus, command lines, errors. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootfs.h"
#include "extlinux/extlinux.h"

struct row {
	const char *name;
	const char *cfg;
	const char *entry; /* plan_options.entry */
	int rc;
	const char *want_entry;
	const char *want_kernel;
	const char *want_initrds; /* space-separated, "" for none */
	const char *want_cmdline;
	const char *want_unbootable;
};

static const struct row rows[] = {
	{ "default-label", "DEFAULT l\nLABEL l\n KERNEL vmlinuz\n APPEND root=/dev/sda1\n INITRD initrd.img\n",
	  NULL, 0, "l", "/cfg/vmlinuz", "/cfg/initrd.img", "BOOT_IMAGE=vmlinuz root=/dev/sda1 initrd=initrd.img", NULL },
	{ "keywords-any-case", "dEfAuLt l\nlabel l\n linux /vmlinuz\n append a\n",
	  NULL, 0, "l", "/vmlinuz", "", "BOOT_IMAGE=/vmlinuz a", NULL },
	{ "no-append-trailing-blank", "DEFAULT l\nLABEL l\n LINUX /k\n",
	  NULL, 0, "l", "/k", "", "BOOT_IMAGE=/k ", NULL },
	{ "append-dash-means-none", "APPEND g\nDEFAULT l\nLABEL l\n LINUX /k\n APPEND -\n",
	  NULL, 0, "l", "/k", "", "BOOT_IMAGE=/k ", NULL },
	{ "global-append", "APPEND g=1\nDEFAULT l\nLABEL l\n LINUX /k\n",
	  NULL, 0, "l", "/k", "", "BOOT_IMAGE=/k g=1", NULL },
	{ "label-without-kernel-boots-label", "DEFAULT vmlinuz\nLABEL vmlinuz\n APPEND x\n",
	  NULL, 0, "vmlinuz", "/cfg/vmlinuz", "", "BOOT_IMAGE=vmlinuz x", NULL },
	{ "default-kernel-path", "DEFAULT ../k a initrd=i1,i2\n",
	  NULL, 0, "../k", "/k", "/cfg/i1 /cfg/i2", "BOOT_IMAGE=../k a initrd=i1,i2", NULL },
	{ "default-label-extra-args", "DEFAULT l single\nLABEL l\n KERNEL /k\n INITRD /i\n",
	  NULL, 0, "l", "/k", "/i", "BOOT_IMAGE=/k initrd=/i single", NULL },
	{ "first-label-wins", "DEFAULT l\nLABEL l\n KERNEL /k1\nLABEL l\n KERNEL /k2\n",
	  NULL, 0, "l", "/k1", "", "BOOT_IMAGE=/k1 ", NULL },
	{ "initrd-in-append-first", "DEFAULT l\nLABEL l\n KERNEL /k\n APPEND initrd=/a\n INITRD /b\n",
	  NULL, 0, "l", "/k", "/a", "BOOT_IMAGE=/k initrd=/a initrd=/b", NULL },
	{ "menu-default", "UI menu.c32\nLABEL a\n LINUX /a\nLABEL b\n MENU DEFAULT\n MENU LABEL Bee\n LINUX /b\n",
	  NULL, 0, "Bee", "/b", "", "BOOT_IMAGE=/b ", NULL },
	{ "ui-default-label-beats-menu-default", "UI menu.c32\nDEFAULT a\nLABEL a\n LINUX /a\nLABEL b\n MENU DEFAULT\n LINUX /b\n",
	  NULL, 0, "a", "/a", "", "BOOT_IMAGE=/a ", NULL },
	{ "menu-first-visible", "DEFAULT vesamenu.c32\nLABEL h\n MENU HIDE\n LINUX /h\nLABEL a\n LINUX /a\n",
	  NULL, 0, "a", "/a", "", "BOOT_IMAGE=/a ", NULL },
	{ "menu-ontimeout", "UI menu.c32\nTIMEOUT 5\nONTIMEOUT b extra\nLABEL a\n LINUX /a\nLABEL b\n LINUX /b\n",
	  NULL, 0, "b", "/b", "", "BOOT_IMAGE=/b extra", NULL },
	{ "menu-ontimeout-needs-timeout", "UI menu.c32\nONTIMEOUT b\nLABEL a\n LINUX /a\nLABEL b\n LINUX /b\n",
	  NULL, 0, "a", "/a", "", "BOOT_IMAGE=/a ", NULL },
	{ "prompt-ontimeout", "PROMPT 1\nTIMEOUT 10\nONTIMEOUT /k2 x\nDEFAULT /k1\n",
	  NULL, 0, "/k2", "/k2", "", "BOOT_IMAGE=/k2 x", NULL },
	{ "no-prompt-ignores-ontimeout", "TIMEOUT 10\nONTIMEOUT /k2 x\nDEFAULT /k1\n",
	  NULL, 0, "/k1", "/k1", "", "BOOT_IMAGE=/k1 ", NULL },
	{ "ui-wins-over-later-default", "UI menu.c32\nDEFAULT /k\nLABEL a\n LINUX /a\n",
	  NULL, 0, "a", "/a", "", "BOOT_IMAGE=/a ", NULL },
	{ "com32-default", "DEFAULT hdt.c32\n", NULL, 0, "hdt.c32", NULL, NULL, NULL, "SYSLINUX com32 image" },
	{ "com32-label", "DEFAULT r\nLABEL r\n COM32 reboot.c32\n", NULL, 0, "r", NULL, NULL, NULL, "SYSLINUX com32 image" },
	{ "localboot", "DEFAULT d\nLABEL d\n LOCALBOOT 0\n", NULL, 0, "d", NULL, NULL, NULL, "localboot" },
	{ "include", "INCLUDE inc.cfg\nDEFAULT i\n", NULL, 0, "i", "/cfg/ki", "", "BOOT_IMAGE=ki ", NULL },
	{ "menu-include", "MENU INCLUDE inc.cfg Sub\nDEFAULT i\n", NULL, 0, "i", "/cfg/ki", "", "BOOT_IMAGE=ki ", NULL },
	{ "include-missing-ignored", "INCLUDE none.cfg\nDEFAULT /k\n", NULL, 0, "/k", "/k", "", "BOOT_IMAGE=/k ", NULL },
	{ "entry-option", "DEFAULT a\nLABEL a\n LINUX /a\nLABEL b\n MENU LABEL Bee\n LINUX /b\n", "Bee", 0, "Bee", "/b", "", "BOOT_IMAGE=/b ", NULL },
	{ "entry-option-index", "DEFAULT a\nLABEL a\n LINUX /a\nLABEL b\n LINUX /b\n", "1", 0, "b", "/b", "", "BOOT_IMAGE=/b ", NULL },
	{ "entry-option-unknown", "DEFAULT a\nLABEL a\n LINUX /a\n", "zz", -ENOENT, NULL, NULL, NULL, NULL, NULL },
	{ "no-default-no-ui", "LABEL a\n LINUX /a\n", NULL, -ENOENT, NULL, NULL, NULL, NULL, NULL },
	{ "include-loop", "INCLUDE extlinux.conf\nDEFAULT /k\n", NULL, -ELOOP, NULL, NULL, NULL, NULL, NULL },
	{ "empty-menu", "UI menu.c32\n", NULL, -ENOENT, NULL, NULL, NULL, NULL, NULL },
	{ "crlf", "DEFAULT l\r\nLABEL l\r\n KERNEL /k\r\n APPEND a b\r\n", NULL, 0, "l", "/k", "", "BOOT_IMAGE=/k a b", NULL },
};

START_TEST(test_cfg)
{
	const struct row *r = &rows[_i];
	struct plan_options opt = { .entry = r->entry };
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	int rc;

	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/cfg/extlinux.conf", r->cfg, strlen(r->cfg)), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/cfg/inc.cfg", "LABEL i\n KERNEL ki\n", 19), 0);
	rc = extlinux_eval(&fs, 0, "/cfg/extlinux.conf", &opt, &p, &d);
	ck_assert_msg(rc == r->rc, "%s: %d (%s)", r->name, rc, d.msg);
	if (rc < 0) {
		ck_assert_msg(d.msg[0], "%s: no message", r->name);
		bootfs_mem_free(&fs);
		return;
	}
	ck_assert_str_eq(p.format, "extlinux");
	ck_assert_uint_eq(p.n_targets, 1);
	ck_assert_str_eq(p.targets[0].entry, r->want_entry);
	if (r->want_unbootable) {
		ck_assert_ptr_nonnull(p.targets[0].unbootable);
		ck_assert_msg(strstr(p.targets[0].unbootable, r->want_unbootable), "%s: %s", r->name,
			      p.targets[0].unbootable);
	} else {
		char got[256] = "";

		ck_assert_ptr_null(p.targets[0].unbootable);
		ck_assert_str_eq(p.targets[0].kernel.path, r->want_kernel);
		ck_assert_str_eq(p.targets[0].cmdline, r->want_cmdline);
		for (size_t i = 0; i < p.targets[0].n_initrds; i++) {
			if (i)
				strcat(got, " ");
			strcat(got, p.targets[0].initrds[i].path);
		}
		ck_assert_str_eq(got, r->want_initrds);
	}
	boot_plan_free(&p);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_missing_config)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(extlinux_eval(&fs, 0, "/syslinux.cfg", NULL, &p, &d), -ENOENT);
	ck_assert_str_eq(d.msg, "cannot open '/syslinux.cfg': No such file or directory");
	bootfs_mem_free(&fs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("extlinux");
	TCase *tc = tcase_create("extlinux");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_cfg, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_missing_config);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
