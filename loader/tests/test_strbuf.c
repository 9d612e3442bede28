/* test_strbuf.c - the string buffer keeps its rules: always terminated, bounded. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

START_TEST(append_and_detach)
{
	struct strbuf sb;
	char *s;

	strbuf_init(&sb);
	ck_assert_str_eq(sb.buf, "");
	ck_assert_int_eq(strbuf_adds(&sb, "BOOT_IMAGE="), 0);
	ck_assert_int_eq(strbuf_addf(&sb, "%s %d", "/vmlinuz", 7), 0);
	ck_assert_int_eq(strbuf_addch(&sb, '!'), 0);
	ck_assert_str_eq(sb.buf, "BOOT_IMAGE=/vmlinuz 7!");
	ck_assert_uint_eq(sb.len, strlen(sb.buf));
	s = strbuf_detach(&sb);
	ck_assert_str_eq(s, "BOOT_IMAGE=/vmlinuz 7!");
	ck_assert_str_eq(sb.buf, "");
	free(s);
	s = strbuf_detach(&sb);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(limit_refuses_growth)
{
	struct strbuf sb;

	strbuf_init(&sb);
	sb.limit = 8;
	ck_assert_int_eq(strbuf_adds(&sb, "12345678"), 0);
	ck_assert_int_eq(strbuf_addch(&sb, '9'), -E2BIG);
	ck_assert_int_eq(strbuf_addf(&sb, "%s", "x"), -E2BIG);
	ck_assert_str_eq(sb.buf, "12345678");
	strbuf_reset(&sb);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("strbuf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, append_and_detach);
	tcase_add_test(tc, limit_refuses_growth);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
