/* test_probeline.c - decoding the probe's KLPROBE line out of a serial log. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "probeline.h"

static const struct {
	const char *name;
	const char *line;
	int ret;
	const char *release;
	const char *cmdline;
	const char *initrds; /* NULL: the line has no initrds= field */
} rows[] = {
	{ "plain-line", "KLPROBE v=1 release=6.1.0-13-cloud-amd64 cmdline_len=8 cmdline=ro quiet",
	  0, "6.1.0-13-cloud-amd64", "ro quiet", NULL },
	{ "serial-crlf-crlf", "KLPROBE v=1 release=r cmdline_len=2 cmdline=ro\r\r",
	  0, "r", "ro", NULL },
	{ "terminal-escapes-before-marker", "\x1b[2J\x1b[0mKLPROBE v=1 release=r cmdline_len=1 cmdline=x",
	  0, "r", "x", NULL },
	{ "escaped-backslash-and-tab", "KLPROBE v=1 release=r cmdline_len=5 cmdline=a\\x5cb\\x09c",
	  0, "r", "a\\b\tc", NULL },
	{ "trailing-space-kept", "KLPROBE v=1 release=r cmdline_len=3 cmdline=ro ",
	  0, "r", "ro ", NULL },
	{ "empty-cmdline", "KLPROBE v=1 release=r cmdline_len=0 cmdline=",
	  0, "r", "", NULL },
	{ "length-mismatch-is-mangled", "KLPROBE v=1 release=r cmdline_len=9 cmdline=ro",
	  -EBADMSG, NULL, NULL, NULL },
	{ "kernel-message-inside-line", "KLPROBE v=1 release=r cmdline_len=8 cmdline=ro[ 3.1] x",
	  -EBADMSG, NULL, NULL, NULL },
	{ "bad-escape", "KLPROBE v=1 release=r cmdline_len=1 cmdline=\\xg1",
	  -EBADMSG, NULL, NULL, NULL },
	{ "truncated-escape", "KLPROBE v=1 release=r cmdline_len=1 cmdline=\\x4",
	  -EBADMSG, NULL, NULL, NULL },
	{ "unknown-version", "KLPROBE v=2 release=r cmdline_len=0 cmdline=",
	  -EBADMSG, NULL, NULL, NULL },
	{ "no-marker", "[    3.0] Run /init as init process", -ENOENT, NULL, NULL, NULL },
	{ "one-initrd", "KLPROBE v=1 release=r initrds=/boot/initrd.img-6.1 cmdline_len=2 cmdline=ro",
	  0, "r", "ro", "/boot/initrd.img-6.1" },
	{ "two-initrds-escaped-comma", "KLPROBE v=1 release=r initrds=/a\\x2cb,/efi/initramfs cmdline_len=0 cmdline=",
	  0, "r", "", "/a,b /efi/initramfs" },
	{ "no-initrd-tag", "KLPROBE v=1 release=r initrds=- cmdline_len=0 cmdline=", 0, "r", "", "" },
	{ "empty-initrds-is-mangled", "KLPROBE v=1 release=r initrds= cmdline_len=0 cmdline=", -EBADMSG, NULL, NULL, NULL },
	{ "bad-escape-in-initrds", "KLPROBE v=1 release=r initrds=/a\\xzz cmdline_len=0 cmdline=", -EBADMSG, NULL, NULL, NULL },
};

START_TEST(test_parse_row)
{
	struct probeline p = { 0 };
	int r = probeline_parse(rows[_i].line, strlen(rows[_i].line), &p);

	ck_assert_msg(r == rows[_i].ret, "%s: returned %d, expected %d", rows[_i].name, r, rows[_i].ret);
	if (r == 0) {
		ck_assert_str_eq(p.release, rows[_i].release);
		ck_assert_str_eq(p.cmdline, rows[_i].cmdline);
		if (rows[_i].initrds)
			ck_assert_str_eq(p.initrds, rows[_i].initrds);
		else
			ck_assert_ptr_null(p.initrds);
		probeline_free(&p);
	}
}
END_TEST

START_TEST(test_find_last_report)
{
	static const char log[] =
		"SeaBIOS\r\nKLPROBE v=1 release=loader cmdline_len=1 cmdline=a\r\r\n"
		"[ 1.0] kexec\r\nKLPROBE v=1 release=target cmdline_len=1 cmdline=b\r\r\n[ 2.0] reboot\r\n";
	struct probeline p = { 0 };

	ck_assert_int_eq(probeline_find(log, strlen(log), &p), 0);
	ck_assert_str_eq(p.release, "target");
	ck_assert_str_eq(p.cmdline, "b");
	probeline_free(&p);
}
END_TEST

START_TEST(test_find_only_mangled)
{
	static const char log[] = "KLPROBE v=1 release=r cmdline_len=5 cmdline=ab\r\n";
	struct probeline p = { 0 };

	ck_assert_int_eq(probeline_find(log, strlen(log), &p), -EBADMSG);
}
END_TEST

START_TEST(test_find_none)
{
	static const char log[] = "SeaBIOS\r\nBooting from ROM...\r\n";
	struct probeline p = { 0 };

	ck_assert_int_eq(probeline_find(log, strlen(log), &p), -ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("probeline");
	TCase *tc = tcase_create("probeline");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_parse_row, 0, (int)(sizeof(rows) / sizeof(*rows)));
	tcase_add_test(tc, test_find_last_report);
	tcase_add_test(tc, test_find_only_mangled);
	tcase_add_test(tc, test_find_none);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
