/* test_damage.c - corrupt= and node= on real ext2/3/4 images made by mke2fs:
 * damaged filesystems stay named by libblkid but fail e2fsck; nodes come out
 * of the kind asked, in a filesystem e2fsck finds clean. */
#include <blkid.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "damage.h"
#include "nodes.h"
#include "spawn.h"
#include "util.h"

static char dir[64], img[96], tree[96];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/kl-test-damage-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/fs.img", dir);
	snprintf(tree, sizeof(tree), "%s/tree", dir);
	ck_assert_int_eq(util_mkdir_p(tree, 0755), 0);
}

static void teardown(void)
{
	(void)util_rm_rf(dir);
}

/* An 8 MiB filesystem holding tree; block 0 lets mke2fs choose. */
static void mkfs(const char *fs, const char *block)
{
	char *argv[] = { "mke2fs", "-q", "-F", "-t", (char *)fs, "-b", (char *)block, "-d", tree, img, "8M", NULL };

	if (!strcmp(block, "0"))
		memmove(&argv[5], &argv[7], 5 * sizeof(*argv));
	(void)unlink(img);
	ck_assert_int_eq(spawn_run(argv, -1, 30), 0);
}

/* e2fsck -fn: 0 when clean, 4 (or more) when it finds damage it may not
 * fix; with said, its output must hold that phrase. */
static int fsck(const char *said)
{
	char out[128], *argv[] = { "e2fsck", "-f", "-n", img, NULL };
	_cleanup_free_ char *data = NULL;
	size_t len;
	int fd, r;

	snprintf(out, sizeof(out), "%s/fsck.txt", dir);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	r = spawn_run(argv, fd, 30);
	close(fd);
	ck_assert_int_eq(util_read_file(out, 1 << 20, &data, &len), 0);
	if (said)
		ck_assert_msg(strstr(data, said), "e2fsck did not say '%s':\n%s", said, data);
	return r;
}

static void assert_blkid_type(const char *want)
{
	blkid_probe pr = blkid_new_probe_from_filename(img);
	const char *type = NULL;

	ck_assert_ptr_nonnull(pr);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	ck_assert_int_eq(blkid_do_safeprobe(pr), 0);
	ck_assert_int_eq(blkid_probe_lookup_value(pr, "TYPE", &type, NULL), 0);
	ck_assert_str_eq(type, want);
	blkid_free_probe(pr);
}

#define FSCK_FEATURE "unsupported feature"
#define FSCK_DESC "Corrupt group descriptor: bad block for block bitmap"

static const struct {
	const char *fs, *block, *damage;
	const char *blkid; /* what libblkid then calls it */
	const char *fsck;  /* what e2fsck says of it */
} damage_rows[] = {
	/* metadata_csum (ext4's default): with a stale superblock checksum
	 * e2fsck would complain of that instead (and libblkid 2.39 disown it). */
	{ "ext4", "0", "unknown-incompat", "ext4", FSCK_FEATURE },
	/* libblkid calls anything with features beyond ext3's ext4. */
	{ "ext2", "0", "unknown-incompat", "ext4", FSCK_FEATURE },
	/* 1 KiB blocks put the descriptors at block 2, 4 KiB ones at block 1. */
	{ "ext4", "1024", "zero-group-descriptors", "ext4", FSCK_DESC },
	{ "ext4", "4096", "zero-group-descriptors", "ext4", FSCK_DESC },
	{ "ext3", "0", "zero-group-descriptors", "ext3", FSCK_DESC },
};

START_TEST(test_damage_named_but_broken)
{
	struct spec_part p = { .fs = (char *)damage_rows[_i].fs, .corrupt = (char *)damage_rows[_i].damage };

	mkfs(damage_rows[_i].fs, damage_rows[_i].block);
	ck_assert_int_eq(fsck(NULL), 0);
	ck_assert_int_eq(damage_apply(&p, img), 0);
	assert_blkid_type(damage_rows[_i].blkid);
	ck_assert_int_ne(fsck(damage_rows[_i].fsck), 0);
}
END_TEST

START_TEST(test_damage_refuses_unknown)
{
	struct spec_part melt = { .fs = "ext4", .corrupt = "melt" };
	struct spec_part xfs = { .fs = "xfs", .corrupt = "unknown-incompat" };
	struct spec_part none = { .fs = "ext4" };

	mkfs("ext4", "0");
	ck_assert_int_eq(damage_apply(&melt, img), -EINVAL);
	ck_assert_int_eq(damage_apply(&xfs, img), -EINVAL);
	ck_assert_int_eq(damage_apply(&none, img), 0);
	ck_assert_int_eq(fsck(NULL), 0);
}
END_TEST

static int parse(const char *text, struct spec *s)
{
	struct spec_error err = { 0 };
	int r = spec_parse("img", text, strlen(text), s, &err);

	ck_assert_msg(r == 0, "spec: %u: %s", err.line, err.msg);
	return r;
}

/* Does debugfs' ls -l of /boot show name with this mode (type and permissions)? */
static int boot_listing_has(const char *name, const char *mode)
{
	char out[128], *argv[] = { "debugfs", "-R", "ls -l /boot", img, NULL };
	_cleanup_free_ char *data = NULL;
	char *save = NULL;
	size_t len;
	int fd, r;

	snprintf(out, sizeof(out), "%s/ls.txt", dir);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	r = spawn_run(argv, fd, 30);
	close(fd);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(util_read_file(out, 1 << 20, &data, &len), 0);
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char m[16], n[256];

		/* " 12  140755 (6)  0  0  0 25-Nov-2026 03:13 name" */
		if (sscanf(line, "%*u %15s %*s %*u %*u %*u %*s %*s %255s", m, n) == 2 && !strcmp(n, name))
			return !strcmp(m, mode);
	}
	return 0;
}

START_TEST(test_nodes_each_kind)
{
	static const char text[] = "corpus=c\npart=ext4 size=8M src=/\n"
				   "node=/boot/fifo fifo\nnode=/boot/zero char 1:5\n"
				   "node=/boot/nvme block 259:3\nnode=/boot/sock socket\nnode=/top fifo\n"
				   "node=/boot/huge sparse 64G\n";
	struct spec s = { 0 };
	char boot[128];

	snprintf(boot, sizeof(boot), "%s/boot", tree);
	ck_assert_int_eq(mkdir(boot, 0755), 0);
	mkfs("ext4", "0");
	parse(text, &s);
	ck_assert_int_eq(nodes_make(&s, 0, img, -1), 0);
	/* Directory entries agree with the inodes, link counts are right. */
	ck_assert_int_eq(fsck(NULL), 0);
	ck_assert(boot_listing_has("fifo", "10644"));
	ck_assert(boot_listing_has("zero", "20644"));
	ck_assert(boot_listing_has("nvme", "60644"));
	ck_assert(boot_listing_has("sock", "140755"));
	ck_assert(boot_listing_has("huge", "100644"));
	ck_assert(!boot_listing_has(".kexec-loader-node", "10644"));
	spec_free(&s);
}
END_TEST

START_TEST(test_nodes_refused)
{
	static const char taken[] = "corpus=c\npart=ext4 size=8M src=/\nnode=/boot/vmlinuz fifo\n";
	static const char no_dir[] = "corpus=c\npart=ext4 size=8M src=/\nnode=/nodir/vmlinuz fifo\n";
	struct spec s = { 0 };
	char boot[128], kernel[160];

	snprintf(boot, sizeof(boot), "%s/boot", tree);
	snprintf(kernel, sizeof(kernel), "%s/vmlinuz", boot);
	ck_assert_int_eq(mkdir(boot, 0755), 0);
	ck_assert_int_eq(util_write_file(kernel, "k", 1), 0);
	mkfs("ext4", "0");
	/* A second entry of the same name would hide which one the loader sees. */
	parse(taken, &s);
	ck_assert_int_eq(nodes_make(&s, 0, img, -1), -EEXIST);
	spec_free(&s);
	/* debugfs says nothing through its exit status; the look-up after does. */
	parse(no_dir, &s);
	ck_assert_int_eq(nodes_make(&s, 0, img, -1), -EIO);
	spec_free(&s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("damage");
	TCase *tc = tcase_create("damage");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_damage_named_but_broken, 0, (int)(sizeof(damage_rows) / sizeof(*damage_rows)));
	tcase_add_test(tc, test_damage_refuses_unknown);
	tcase_add_test(tc, test_nodes_each_kind);
	tcase_add_test(tc, test_nodes_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
