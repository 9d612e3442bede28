/* test_limits.c - hostile sizes are refused with a clear reason, never an
 * out-of-memory kill or a hang: a 1 GiB grub.cfg, a 100 000-entry menu, a
 * 1 MiB command line, more BootLoaderSpec entries than are ever read (4096). Each
 * builds a guest tree on disk and goes through host mode's own path. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "choose.h"
#include "formats.h"
#include "hostmode.h"

static char root[64];

static void mkdirs(const char *rel)
{
	char path[512], *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static FILE *create(const char *rel)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	return f;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void teardown(void)
{
	if (root[0])
		nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/kl-limits-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	mkdirs("boot/grub");
	fclose(create("boot/vmlinuz"));
}

/* Plan the tree; returns formats_plan's result, with why holding the
 * diagnostic or the chosen target's problem. */
static int plan_tree(char *why, size_t whylen)
{
	struct boot_plan plan = { 0 };
	struct plan_options po = { 0 };
	struct bootfs fs;
	struct diag d;
	int r;

	ck_assert_int_eq(hostmode_bootfs(root, NULL, 0, &fs), 0);
	diag_init(&d);
	r = formats_plan(&fs, &po, NULL, &plan, &d);
	if (r < 0) {
		snprintf(why, whylen, "%s", d.msg);
	} else {
		r = choose_target(&fs, &plan, 0, why, whylen);
		boot_plan_free(&plan);
	}
	bootfs_dir_free(&fs);
	return r;
}

START_TEST(huge_grub_cfg)
{
	char why[512];
	int fd;

	setup();
	fclose(create("boot/grub/grub.cfg"));
	snprintf(why, sizeof(why), "%s/boot/grub/grub.cfg", root);
	fd = open(why, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 1ll << 30), 0); /* sparse: costs no disk */
	close(fd);
	ck_assert_int_lt(plan_tree(why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, "too large") || strstr(why, "File too large"), "why: %s", why);
}
END_TEST

START_TEST(hundred_thousand_entries)
{
	char why[512];
	FILE *f;

	setup();
	f = create("boot/grub/grub.cfg");
	for (int i = 0; i < 100000; i++)
		fprintf(f, "menuentry e%d {\nlinux /boot/vmlinuz\n}\n", i);
	fclose(f);
	/* Either a plan (entry 0) or a clear refusal: never a crash or a hang. */
	if (plan_tree(why, sizeof(why)) < 0)
		ck_assert_msg(why[0], "refused without a reason");
}
END_TEST

START_TEST(megabyte_cmdline)
{
	char why[512];
	FILE *f;

	setup();
	f = create("boot/grub/grub.cfg");
	fputs("menuentry big {\nlinux /boot/vmlinuz", f);
	for (int i = 0; i < 4000; i++)
		fprintf(f, " arg%d=%0250d", i, 0);
	fputs("\n}\n", f);
	fclose(f);
	ck_assert_int_lt(plan_tree(why, sizeof(why)), 0);
	ck_assert_msg(strstr(why, "command line") || strstr(why, "too"), "why: %s", why);
}
END_TEST

START_TEST(too_many_bls_entries)
{
	char why[512], rel[128];

	setup();
	mkdirs("boot/loader/entries");
	for (int i = 0; i < 4100; i++) {
		FILE *f;

		snprintf(rel, sizeof(rel), "boot/loader/entries/e%05d.conf", i);
		f = create(rel);
		fprintf(f, "title e%d\nlinux /vmlinuz\n", i);
		fclose(f);
	}
	ck_assert_int_lt(plan_tree(why, sizeof(why)), 0);
	ck_assert_msg(why[0], "refused without a reason");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("limits");
	TCase *tc = tcase_create("hostile sizes");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, huge_grub_cfg);
	tcase_add_test(tc, hundred_thousand_entries);
	tcase_add_test(tc, megabyte_cmdline);
	tcase_add_test(tc, too_many_bls_entries);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_VERBOSE);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
