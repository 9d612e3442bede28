/* test_util.c - sizes, shell quoting for reproduce lines, placeholders, sparse copies and the disk comparison. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu.h"
#include "stage.h"
#include "strbuf.h"
#include "util.h"

struct size_row {
	const char *text;
	int ret;
	uint64_t bytes;
};

static const struct size_row sizes[] = {
	{ "4096", 0, 4096 },
	{ "1K", 0, 1024 },
	{ "64M", 0, 64ull << 20 },
	{ "2G", 0, 2ull << 30 },
	{ "", -EINVAL, 0 },
	{ "M", -EINVAL, 0 },
	{ "12Q", -EINVAL, 0 },
	{ "1MB", -EINVAL, 0 },
	{ "-1M", -EINVAL, 0 },
};

START_TEST(test_parse_size_row)
{
	uint64_t v = 0;

	ck_assert_int_eq(util_parse_size(sizes[_i].text, &v), sizes[_i].ret);
	if (sizes[_i].ret == 0)
		ck_assert_uint_eq(v, sizes[_i].bytes);
}
END_TEST

START_TEST(test_quote_argv_pastes_back)
{
	char *argv[] = { "qemu-system-x86_64", "-append", "console=ttyS0 panic=-1", "it's", "", "file=a,b", NULL };
	struct strbuf sb;

	strbuf_init(&sb);
	ck_assert_int_eq(util_quote_argv(&sb, argv), 0);
	ck_assert_str_eq(sb.buf, "qemu-system-x86_64 -append 'console=ttyS0 panic=-1' 'it'\\''s' '' file=a,b");
	strbuf_release(&sb);
}
END_TEST

struct placeholder_row {
	const char *name;
	int kind;
};

static const struct placeholder_row placeholders[] = {
	{ "vmlinuz-6.1.0-13-amd64", 1 },
	{ "vmlinuz", 1 },
	{ "linux", 1 },
	{ "initrd.img-6.1.0-13-amd64", 2 },
	{ "initramfs-5.14.0.img", 2 },
	{ "initrd", 2 },
	{ "memtest86+.bin", 0 },
	{ "linux.efi", 0 },
	{ "System.map-6.1.0", 0 },
};

START_TEST(test_placeholder_row)
{
	int kind = stage_placeholder_kind(placeholders[_i].name);

	ck_assert_msg(kind == placeholders[_i].kind, "%s: kind %d, expected %d", placeholders[_i].name, kind,
		      placeholders[_i].kind);
}
END_TEST

START_TEST(test_copy_keeps_holes_and_compare_finds_offset)
{
	char dir[] = "/tmp/test_utilXXXXXX";
	char a[64], b[64];
	struct stat st;
	uint64_t where = 0;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	fd = open(a, O_WRONLY | O_CREAT, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 64 << 20), 0);
	ck_assert_int_eq(pwrite(fd, "end", 3, (64 << 20) - 3), 3);
	close(fd);
	ck_assert_int_eq(util_copy_file(a, b, 0644), 0);
	ck_assert_int_eq(stat(b, &st), 0);
	ck_assert_int_eq(st.st_size, 64 << 20);
	ck_assert_int_lt(st.st_blocks * 512, 1 << 20); /* still sparse */
	ck_assert_int_eq(util_compare_files(a, b, &where), 0);
	fd = open(b, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "x", 1, 12345678), 1);
	close(fd);
	ck_assert_int_eq(util_compare_files(a, b, &where), 1);
	ck_assert_uint_eq(where, 12345678);
	ck_assert_int_eq(util_rm_rf(dir), 0);
	ck_assert_int_eq(access(dir, F_OK), -1);
}
END_TEST

START_TEST(test_serial_tail)
{
	static const char log[] = "one\r\ntwo\r\nthree\r\n";

	ck_assert_str_eq(qemu_tail(log, strlen(log), 2), "two\r\nthree\r\n");
	ck_assert_str_eq(qemu_tail(log, strlen(log), 10), log);
	ck_assert_str_eq(qemu_tail("", 0, 3), "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_parse_size_row, 0, (int)(sizeof(sizes) / sizeof(*sizes)));
	tcase_add_test(tc, test_quote_argv_pastes_back);
	tcase_add_loop_test(tc, test_placeholder_row, 0, (int)(sizeof(placeholders) / sizeof(*placeholders)));
	tcase_add_test(tc, test_copy_keeps_holes_and_compare_finds_offset);
	tcase_add_test(tc, test_serial_tail);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
