/* test_bootfs.c - the file-access seam: lookups, the memory backend, and the
 * directory backend's refusal to leave a volume. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootfs.h"

static const struct {
	const char *query;
	int want;
} grub_names[] = {
	{ "hd0", 0 },         { "(hd0)", 0 },          { "hd0,1", 1 },
	{ "(hd0,msdos1)", 1 }, { "hd0,gpt1", 1 },      { "(hd0,msdos2)", 2 },
	{ "hd1,gpt2", 3 },    { "(hd1,2)", 3 },        { "hd0,3", -ENOENT },
	{ "(hd0", -ENOENT },   { "hd0,msdos1x", -ENOENT }, { "", -ENOENT },
};

START_TEST(find_grub_names)
{
	struct bootfs fs;

	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0", NULL, NULL, NULL, NULL), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, NULL), 1);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos2", NULL, NULL, NULL, NULL), 2);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd1,gpt2", NULL, NULL, NULL, NULL), 3);
	ck_assert_int_eq(bootfs_find_grub(&fs, grub_names[_i].query), grub_names[_i].want);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(find_uuid_label_file)
{
	struct bootfs fs;

	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	bootfs_add_volume(&fs, "hd0,msdos1", "0A1B-2C3D", "EFI", "vfat", "/boot/efi");
	bootfs_add_volume(&fs, "hd0,msdos2", "6e7f-aa", "root", "ext4", "/");
	bootfs_mem_add_file(&fs, 1, "/boot/grub/grub.cfg", "x", 1);
	ck_assert_int_eq(bootfs_find_uuid(&fs, "0a1b-2c3d"), 0);
	ck_assert_int_eq(bootfs_find_uuid(&fs, "6E7F-AA"), 1);
	ck_assert_int_eq(bootfs_find_uuid(&fs, "nope"), -ENOENT);
	ck_assert_int_eq(bootfs_find_label(&fs, "root"), 1);
	ck_assert_int_eq(bootfs_find_label(&fs, "ROOT"), -ENOENT);
	ck_assert_int_eq(bootfs_find_file(&fs, "/boot/grub/grub.cfg"), 1);
	ck_assert_int_eq(bootfs_find_file(&fs, "/boot/grub/menu.lst"), -ENOENT);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(mem_paths_and_dirs)
{
	struct bootfs fs;
	struct bootfs_stat st;
	char *data = NULL, **names = NULL;
	size_t len = 0, n = 0;

	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	bootfs_add_volume(&fs, "hd0", NULL, NULL, NULL, "/");
	bootfs_mem_add_file(&fs, 0, "/loader/entries/b.conf", "B", 1);
	bootfs_mem_add_file(&fs, 0, "/loader/entries/a.conf", "AA", 2);
	bootfs_mem_add_file(&fs, 0, "/loader/loader.conf", "", 0);
	ck_assert_int_eq(bootfs_read(&fs, 0, "//loader/./entries/../entries/a.conf", 16, &data, &len), 0);
	ck_assert_str_eq(data, "AA");
	ck_assert_uint_eq(len, 2);
	free(data);
	ck_assert_int_eq(bootfs_read(&fs, 0, "/../../loader/entries/a.conf", 1, &data, &len), -EFBIG);
	ck_assert_int_eq(bootfs_read(&fs, 0, "/loader", 16, &data, &len), -EISDIR);
	ck_assert_int_eq(bootfs_stat(&fs, 0, "/loader/entries", &st), 0);
	ck_assert_int_eq(st.type, BOOTFS_DIR);
	ck_assert_int_eq(bootfs_stat(&fs, 1, "/loader", &st), -ENODEV);
	ck_assert_int_eq(bootfs_list(&fs, 0, "/loader", 10, &names, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "entries");
	ck_assert_str_eq(names[1], "loader.conf");
	bootfs_names_free(names, n);
	ck_assert_int_eq(bootfs_list(&fs, 0, "/loader/entries", 1, &names, &n), -E2BIG);
	bootfs_mem_free(&fs);
}
END_TEST

/* A volume directory holding escapes: an absolute symlink, a ".." symlink,
 * a FIFO. The secret outside must never be read. */
#define TREE_TEMPLATE "/tmp/kl-bootfs-XXXXXX"
static char tmpl[sizeof(TREE_TEMPLATE)];

static void make_tree(void)
{
	char p[256];
	int fd;

	/* A fresh template each time: the tests share one process. */
	memcpy(tmpl, TREE_TEMPLATE, sizeof(TREE_TEMPLATE));
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	snprintf(p, sizeof(p), "%s/secret", tmpl);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "outside", 7), 7);
	close(fd);
	snprintf(p, sizeof(p), "%s/vol", tmpl);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/vol/secret", tmpl);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_eq(write(fd, "inside", 6), 6);
	close(fd);
	snprintf(p, sizeof(p), "%s/vol/abs", tmpl);
	ck_assert_int_eq(symlink(tmpl, p), 0);
	snprintf(p, sizeof(p), "%s/vol/up", tmpl);
	ck_assert_int_eq(symlink("../../../secret", p), 0);
	snprintf(p, sizeof(p), "%s/vol/fifo", tmpl);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
}

static void remove_tree(void)
{
	static const char *const names[] = { "vol/secret", "vol/abs", "vol/up", "vol/fifo", "vol", "secret" };
	char p[256];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", tmpl, names[i]);
		if (unlink(p) < 0)
			rmdir(p);
	}
	rmdir(tmpl);
}

static const struct {
	const char *path;
	int want;
	const char *content;
} escapes[] = {
	{ "/secret", 0, "inside" },
	{ "/../secret", 0, "inside" },
	{ "/up", 0, "inside" },
	{ "/abs/secret", -ENOENT, NULL }, /* tmpl resolved inside the volume: not there */
	{ "/fifo", -EPERM, NULL },
	{ "/proc/self/environ", -ENOENT, NULL },
	{ "/up/../secret", -ENOTDIR, NULL },
	{ "/../../../../secret", 0, "inside" },
	{ "/./secret/", -ENOTDIR, NULL },
};

static void dir_stays_inside_check(int _i, bool walk)
{
	struct bootfs fs;
	char vol[256], *data = NULL;
	size_t len;
	int r;

	make_tree();
	snprintf(vol, sizeof(vol), "%s/vol", tmpl);
	ck_assert_int_eq(bootfs_dir_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(bootfs_dir_set_root(&fs, 0, vol), 0);
	bootfs_dir_set_walk(&fs, walk);
	r = bootfs_read(&fs, 0, escapes[_i].path, 1024, &data, &len);
	ck_assert_int_eq(r, escapes[_i].want);
	if (escapes[_i].content)
		ck_assert_str_eq(data, escapes[_i].content);
	free(data);
	if (escapes[_i].want == -EPERM)
		ck_assert_int_eq(bootfs_dir_open(&fs, 0, escapes[_i].path), -EPERM);
	bootfs_dir_free(&fs);
	remove_tree();
}

START_TEST(dir_stays_inside)
{
	dir_stays_inside_check(_i, false);
}
END_TEST

/* The same refusals from the walk used where openat2 is missing. */
START_TEST(walk_stays_inside)
{
	dir_stays_inside_check(_i, true);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bootfs");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, find_grub_names, 0, sizeof(grub_names) / sizeof(grub_names[0]));
	tcase_add_test(tc, find_uuid_label_file);
	tcase_add_test(tc, mem_paths_and_dirs);
	tcase_add_loop_test(tc, dir_stays_inside, 0, sizeof(escapes) / sizeof(escapes[0]));
	tcase_add_loop_test(tc, walk_stays_inside, 0, sizeof(escapes) / sizeof(escapes[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
