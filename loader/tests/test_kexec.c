/* test_kexec.c - the memory check made before a kernel and its initrds are read. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootfs.h"
#include "kexec.h"

static char dir[64];
static struct bootfs fs;

/* dir/NAME of SIZE bytes: ftruncate makes it sparse, so a terabyte costs nothing. */
static void make_file(const char *name, off_t size)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, size), 0);
	close(fd);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/kl-kexec-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	make_file("vmlinuz", 1 << 20);
	make_file("initrd", 4 << 20);
	make_file("huge", (off_t)1 << 40);
	memset(&fs, 0, sizeof(fs));
	ck_assert_int_eq(bootfs_dir_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, "ext4", "/"), 0);
	ck_assert_int_eq(bootfs_dir_set_root(&fs, 0, dir), 0);
}

static void teardown(void)
{
	static const char *const names[] = { "vmlinuz", "initrd", "huge" };
	char path[128];

	bootfs_dir_free(&fs);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

START_TEST(fits)
{
	struct boot_file initrd = { 0, (char *)"/initrd" };
	struct boot_target t = { .kernel = { 0, (char *)"/vmlinuz" }, .initrds = &initrd, .n_initrds = 1 };
	unsigned long long need, avail;

	ck_assert_int_eq(kexec_check_size(&fs, &t, &need, &avail), 0);
	ck_assert_uint_eq(need, (5ull << 20) + KEXEC_MEM_RESERVE);
	ck_assert_uint_gt(avail, 0);
}
END_TEST

/* Several initrds are joined in memory before the load: counted twice. */
START_TEST(joined_initrds_count_twice)
{
	struct boot_file initrds[2] = { { 0, (char *)"/initrd" }, { 0, (char *)"/initrd" } };
	struct boot_target t = { .kernel = { 0, (char *)"/vmlinuz" }, .initrds = initrds, .n_initrds = 2 };
	unsigned long long need, avail;

	ck_assert_int_eq(kexec_check_size(&fs, &t, &need, &avail), 0);
	ck_assert_uint_eq(need, (18ull << 20) + KEXEC_MEM_RESERVE);
}
END_TEST

START_TEST(too_large_refused)
{
	struct boot_file initrd = { 0, (char *)"/huge" };
	struct boot_target t = { .kernel = { 0, (char *)"/vmlinuz" }, .initrds = &initrd, .n_initrds = 1 };
	unsigned long long need, avail;

	ck_assert_int_eq(kexec_check_size(&fs, &t, &need, &avail), -ENOMEM);
	ck_assert_uint_gt(need, 1ull << 40);
	ck_assert_uint_gt(avail, 0);
	ck_assert_uint_lt(avail, need);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kexec");
	TCase *tc = tcase_create("size");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fits);
	tcase_add_test(tc, joined_initrds_count_twice);
	tcase_add_test(tc, too_large_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
