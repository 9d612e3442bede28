/* test_grub1.c - GRUB legacy menus: default, saved default, fallback, devices, errors. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootfs.h"
#include "grub1/grub1.h"

#define TWO "title a\nroot (hd0,0)\nkernel /vmlinuz-a ro root=/dev/sda2\ninitrd /initrd-a\n" \
	    "title b\nroot (hd0,0)\nkernel /vmlinuz-b ro quiet \n"

struct row {
	const char *name;
	const char *menu;
	const char *defaultfile; /* /grub/default, or NULL */
	const char *entry;       /* plan_options.entry */
	int rc;
	const char *want_entry;  /* first target */
	const char *want_kernel;
	const char *want_cmdline;
	const char *want_initrd; /* or NULL */
	const char *want_unbootable_prefix; /* first target unbootable, or NULL */
	size_t n_targets;
};

static const struct row rows[] = {
	{ "default-0", "default 0\n" TWO, NULL, NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 1 },
	{ "default-equals", "default=1\n" TWO, NULL, NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "default-hex", "default 0x1\n" TWO, NULL, NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "default-bad-number-keeps-0", "default x\n" TWO, NULL, NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 1 },
	{ "default-out-of-range", "default 9\n" TWO, NULL, NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 1 },
	{ "default-out-of-range-fallback", "default 9\nfallback 1\n" TWO, NULL, NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "fallback-adds-target", "default 0\nfallback 1 0 7\n" TWO, NULL, NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 2 },
	{ "saved-number", "default saved\n" TWO, "1\n#####\n", NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "saved-oneshot", "default saved\n" TWO, "0:1\n", NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "saved-garbage", "default saved\n" TWO, "zz\n", NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 1 },
	{ "saved-no-file", "default saved\n" TWO, NULL, NULL, 0, "a", "/vmlinuz-a", "ro root=/dev/sda2", "/initrd-a", NULL, 1 },
	{ "entry-by-index", TWO, NULL, "1", 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "entry-by-title", TWO, NULL, "b", 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "entry-unknown", TWO, NULL, "zz", -ENOENT, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "empty-title-dropped", "default 1\ntitle x\n" TWO, NULL, NULL, 0, "b", "/vmlinuz-b", "ro quiet ", NULL, NULL, 1 },
	{ "no-entries", "timeout 5\ntitle lonely\n", NULL, NULL, -ENOENT, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "partition-1-is-second-volume", "title p\nroot (hd0,1)\nkernel /k x\n", NULL, NULL, 0, "p", "/k", "x", NULL, NULL, 1 },
	{ "device-prefix", "title p\nkernel (hd0,1)/k  a  b  \n", NULL, NULL, 0, "p", "/k", "a  b  ", NULL, NULL, 1 },
	{ "kernel-type-linux", "title p\nkernel --type=linux --no-mem-option /k a\n", NULL, NULL, 0, "p", "/k", "a", NULL, NULL, 1 },
	{ "kernel-no-args", "title p\nkernel /k\n", NULL, NULL, 0, "p", "/k", "", NULL, NULL, 1 },
	{ "kernel-type-multiboot", "title p\nkernel --type=multiboot /k\n", NULL, NULL, 0, "p", NULL, NULL, NULL, "kernel type", 1 },
	{ "kernel-type-unknown", "title p\nkernel --type=plan9 /k\n", NULL, NULL, 0, "p", NULL, NULL, NULL, "unknown kernel type", 1 },
	{ "chainloader", "title w\nrootnoverify (hd0,0)\nchainloader +1\n", NULL, NULL, 0, "w", NULL, NULL, NULL, "chainloader", 1 },
	{ "makeactive", "title w\nmakeactive\n", NULL, NULL, 0, "w", NULL, NULL, NULL, "makeactive", 1 },
	{ "module", "title x\nkernel /xen.gz\nmodule /k\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "module", 1 },
	{ "no-kernel", "title x\nroot (hd0,0)\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "the entry loads no kernel", 1 },
	{ "initrd-before-kernel", "title x\ninitrd /i\nkernel /k\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "initrd before", 1 },
	{ "relative-path", "title x\nkernel vmlinuz\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "'vmlinuz' is not an absolute", 1 },
	{ "unknown-disk", "title x\nroot (hd1,0)\nkernel /k\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "cannot find partition '(hd1,0)'", 1 },
	{ "bad-device", "title x\nroot hd0\nkernel /k\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "cannot parse device", 1 },
	{ "menu-command-in-entry", "title x\nkernel /k\ntimeout 5\n", NULL, NULL, 0, "x", NULL, NULL, NULL, "'timeout' cannot be used", 1 },
	{ "boot-stops", "title x\nkernel /k a\nboot\nkernel /other\n", NULL, NULL, 0, "x", "/k", "a", NULL, NULL, 1 },
	{ "unknown-command-ignored", "frobnicate 1\ntitle x\nfrob\nkernel /k a\n", NULL, NULL, 0, "x", "/k", "a", NULL, NULL, 1 },
	{ "comments-and-crlf", "# c\r\n  # indented\r\ntitle x\r\n\tkernel\t/k a\tb\r\n", NULL, NULL, 0, "x", "/k", "a b", NULL, NULL, 1 },
	{ "continuation", "title x\nkernel /k a\\\nb\n", NULL, NULL, 0, "x", "/k", "a b", NULL, NULL, 1 },
	{ "second-kernel-drops-initrd", "title x\nkernel /k a\ninitrd /i\nkernel /k2 b\n", NULL, NULL, 0, "x", "/k2", "b", NULL, NULL, 1 },
	{ "configfile", "title c\nconfigfile /grub/other.lst\n", NULL, NULL, 0, "o", "/ko", "z", NULL, NULL, 1 },
	{ "configfile-loop", "title c\nconfigfile /grub/menu.lst\n", NULL, NULL, -ELOOP, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "configfile-missing", "title c\nconfigfile /grub/none.lst\n", NULL, NULL, -ENOENT, NULL, NULL, NULL, NULL, NULL, 0 },
};

static void setup_fs(struct bootfs *fs, const struct row *r)
{
	ck_assert_int_eq(bootfs_mem_new(fs), 0);
	ck_assert_int_eq(bootfs_add_volume(fs, "hd0,msdos1", NULL, NULL, NULL, "/boot"), 0);
	ck_assert_int_eq(bootfs_add_volume(fs, "hd0,msdos2", NULL, NULL, NULL, "/"), 1);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/grub/menu.lst", r->menu, strlen(r->menu)), 0);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/grub/other.lst", "title o\nkernel /ko z\n", 20), 0);
	if (r->defaultfile)
		ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/grub/default", r->defaultfile,
						     strlen(r->defaultfile)), 0);
}

START_TEST(test_menu)
{
	const struct row *r = &rows[_i];
	struct plan_options opt = { .entry = r->entry };
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	int rc;

	diag_init(&d);
	setup_fs(&fs, r);
	rc = grub1_eval(&fs, 0, "/grub/menu.lst", &opt, &p, &d);
	ck_assert_msg(rc == r->rc, "%s: rc %d, want %d (%s)", r->name, rc, r->rc, d.msg);
	if (rc < 0) {
		ck_assert_msg(d.msg[0], "%s: no message", r->name);
		ck_assert_int_eq(p.n_targets, 0);
		bootfs_mem_free(&fs);
		return;
	}
	ck_assert_str_eq(p.format, "grub1");
	ck_assert_uint_eq(p.n_targets, r->n_targets);
	ck_assert_str_eq(p.targets[0].entry, r->want_entry);
	if (r->want_unbootable_prefix) {
		ck_assert_ptr_nonnull(p.targets[0].unbootable);
		ck_assert_msg(strstr(p.targets[0].unbootable, r->want_unbootable_prefix),
			      "%s: '%s'", r->name, p.targets[0].unbootable);
	} else {
		ck_assert_ptr_null(p.targets[0].unbootable);
		ck_assert_str_eq(p.targets[0].kernel.path, r->want_kernel);
		ck_assert_str_eq(p.targets[0].cmdline, r->want_cmdline);
		if (r->want_initrd) {
			ck_assert_uint_eq(p.targets[0].n_initrds, 1);
			ck_assert_str_eq(p.targets[0].initrds[0].path, r->want_initrd);
		} else {
			ck_assert_uint_eq(p.targets[0].n_initrds, 0);
		}
	}
	if (!strcmp(r->name, "partition-1-is-second-volume") || !strcmp(r->name, "device-prefix"))
		ck_assert_uint_eq(p.targets[0].kernel.vol, 1);
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
	ck_assert_int_eq(grub1_eval(&fs, 0, "/boot/grub/menu.lst", NULL, &p, &d), -ENOENT);
	ck_assert_str_eq(d.file, "/boot/grub/menu.lst");
	ck_assert_str_eq(d.msg, "cannot open '/boot/grub/menu.lst': No such file or directory");
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_too_many_entries)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	size_t n = 2000, len = 0;
	char *buf = malloc(n * 32);

	ck_assert_ptr_nonnull(buf);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "title t%zu\nkernel /k\n", i);
	diag_init(&d);
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/m", buf, len), 0);
	ck_assert_int_eq(grub1_eval(&fs, 0, "/m", NULL, &p, &d), -E2BIG);
	ck_assert_uint_gt(d.line, 0);
	free(buf);
	bootfs_mem_free(&fs);
}
END_TEST

static void count_warn(void *u, const char *file, unsigned line, const char *msg)
{
	(void)file;
	(void)msg;
	if (line == 3)
		++*(int *)u;
}

START_TEST(test_warning_has_line)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	int warned = 0;
	const char *menu = "# x\n\nbogus\ntitle a\nkernel /k\n";

	diag_init(&d);
	d.warn = count_warn;
	d.userdata = &warned;
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/m", menu, strlen(menu)), 0);
	ck_assert_int_eq(grub1_eval(&fs, 0, "/m", NULL, &p, &d), 0);
	ck_assert_int_eq(warned, 1);
	boot_plan_free(&p);
	bootfs_mem_free(&fs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("grub1");
	TCase *tc = tcase_create("grub1");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_menu, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_missing_config);
	tcase_add_test(tc, test_too_many_entries);
	tcase_add_test(tc, test_warning_has_line);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
