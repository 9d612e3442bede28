/* test_report.c - results file round trip, TAP lines and JUnit escaping, COMPATIBILITY.md rendering. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "expect.h"
#include "junit.h"
#include "result.h"
#include "tap.h"
#include "util.h"

static char *capture_tap(const struct result *r, size_t number)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	tap_result(f, number, r);
	fclose(f);
	return buf;
}

START_TEST(test_result_round_trip_escapes)
{
	struct result a = { 0 }, b = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	result_set(&a, "image", "x");
	result_set(&a, "tail", "line1\r\n\tline2 \\ end");
	result_set(&a, "image", "y"); /* replaces, keeps one field */
	ck_assert_int_eq(result_write(f, &a), 0);
	fclose(f);
	ck_assert_ptr_null(memchr(buf, '\n', len - 1));
	ck_assert_int_eq(result_parse(buf, len - 1, &b), 0);
	ck_assert_uint_eq(b.n, 2);
	ck_assert_str_eq(result_get(&b, "image"), "y");
	ck_assert_str_eq(result_get(&b, "tail"), "line1\r\n\tline2 \\ end");
	result_free(&a);
	result_free(&b);
	free(buf);
}
END_TEST

START_TEST(test_result_rejects_garbage)
{
	struct result r = { 0 };

	ck_assert_int_eq(result_parse("no-equals", 9, &r), -EBADMSG);
	ck_assert_int_eq(result_parse("status=ok", 9, &r), -EBADMSG); /* no image= */
	ck_assert_int_eq(result_parse("image=a\\q", 9, &r), -EBADMSG);
}
END_TEST

START_TEST(test_tap_ok_line)
{
	struct result r = { 0 };
	char *out;

	result_set(&r, "image", "gpt-ext4-grub2-submenu");
	result_set(&r, "status", "ok");
	result_set(&r, "kernel", "6.1.0-13-cloud-amd64");
	result_set(&r, "secs", "12.5");
	out = capture_tap(&r, 3);
	ck_assert_str_eq(out, "ok 3 - gpt-ext4-grub2-submenu kernel=6.1.0-13-cloud-amd64 12.5s\n");
	free(out);
	result_free(&r);
}
END_TEST

START_TEST(test_tap_failure_has_diagnostics)
{
	struct result r = { 0 };
	char *out;

	result_set(&r, "image", "img");
	result_set(&r, "status", "not ok");
	result_set(&r, "secs", "90.0");
	result_set(&r, "reason", "loader boot: no probe report within 90s");
	result_set(&r, "command", "qemu-system-x86_64 -nodefaults");
	result_set(&r, "tail", "a\r\nb\n");
	out = capture_tap(&r, 1);
	ck_assert_str_eq(out, "not ok 1 - img kernel=none 90.0s\n"
			      "# loader boot: no probe report within 90s\n"
			      "# reproduce: qemu-system-x86_64 -nodefaults\n"
			      "# serial tail:\n"
			      "#   a\n"
			      "#   b\n");
	free(out);
	result_free(&r);
}
END_TEST

START_TEST(test_junit_escapes_and_counts)
{
	char path[] = "/tmp/test_report_junitXXXXXX";
	int fd = mkstemp(path);
	struct result r[2] = { { 0 }, { 0 } };
	char *data = NULL;

	ck_assert_int_ge(fd, 0);
	close(fd);
	result_set(&r[0], "image", "a");
	result_set(&r[0], "status", "ok");
	result_set(&r[1], "image", "b<&>");
	result_set(&r[1], "status", "not ok");
	result_set(&r[1], "reason", "cmdline \"x\"\x01");
	ck_assert_int_eq(junit_write(path, "boot-test", r, 2), 0);
	ck_assert_int_eq(util_read_file(path, 1 << 20, &data, NULL), 0);
	ck_assert_ptr_nonnull(strstr(data, "tests=\"2\" failures=\"1\""));
	ck_assert_ptr_nonnull(strstr(data, "name=\"b&lt;&amp;&gt;\""));
	ck_assert_ptr_nonnull(strstr(data, "message=\"cmdline &quot;x&quot;\""));
	free(data);
	unlink(path);
	result_free(&r[0]);
	result_free(&r[1]);
}
END_TEST

START_TEST(test_compat_check_ignores_timings)
{
	char results[] = "/tmp/test_report_resXXXXXX", md[] = "/tmp/test_report_mdXXXXXX";
	int fr = mkstemp(results), fm = mkstemp(md);
	static const char run1[] = "image=.run\tloader_kernel=L\tgrub=G\tsecs=100\tjobs=2\taccel=tcg\n"
				   "image=i1\tdistro=debian\tstatus=ok\tsecs=10.0\tkernel=K\n";
	static const char run2[] = "image=.run\tloader_kernel=L\tgrub=G\tsecs=300\tjobs=2\taccel=tcg\n"
				   "image=i1\tdistro=debian\tstatus=ok\tsecs=31.5\tkernel=K\n";
	static const char run3[] = "image=.run\tloader_kernel=L\tgrub=G\tsecs=300\tjobs=2\taccel=tcg\n"
				   "image=i1\tdistro=debian\tstatus=not ok\tsecs=31.5\tkernel=K\n";

	const struct compat_inputs in = { .results = results };

	ck_assert_int_ge(fr, 0);
	ck_assert_int_ge(fm, 0);
	close(fr);
	close(fm);
	ck_assert_int_eq(util_write_file(results, run1, strlen(run1)), 0);
	ck_assert_int_eq(compat_write(&in, md), 0);
	ck_assert_int_eq(compat_check(&in, md), 0);
	ck_assert_int_eq(util_write_file(results, run2, strlen(run2)), 0);
	ck_assert_int_eq(compat_check(&in, md), 0);
	ck_assert_int_eq(util_write_file(results, run3, strlen(run3)), 0);
	ck_assert_int_eq(compat_check(&in, md), 1);
	unlink(results);
	unlink(md);
}
END_TEST

START_TEST(test_expect_file)
{
	static const char text[] = "format=grub2\nreason=default=1\nconfig=/boot/grub/grub.cfg\n"
				   "entry=Debian\nkernel=/boot/vmlinuz\ncmdline=BOOT_IMAGE=/boot/vmlinuz ro a=b \n";
	static const char dup[] = "format=grub2\ncmdline=a\ncmdline=b\n";
	struct expect e;
	unsigned line;

	ck_assert_int_eq(expect_parse(text, strlen(text), &e, &line), 0);
	ck_assert_str_eq(e.cmdline, "BOOT_IMAGE=/boot/vmlinuz ro a=b ");
	ck_assert_str_eq(e.config, "/boot/grub/grub.cfg");
	ck_assert_ptr_null(e.initrd);
	expect_free(&e);
	ck_assert_int_eq(expect_parse(dup, strlen(dup), &e, &line), -EINVAL);
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(expect_parse("format=x\n", 9, &e, &line), -ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_result_round_trip_escapes);
	tcase_add_test(tc, test_result_rejects_garbage);
	tcase_add_test(tc, test_tap_ok_line);
	tcase_add_test(tc, test_tap_failure_has_diagnostics);
	tcase_add_test(tc, test_junit_escapes_and_counts);
	tcase_add_test(tc, test_compat_check_ignores_timings);
	tcase_add_test(tc, test_expect_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
