/* test_options.c - kexec_loader.* options as the kernel splits its command line. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "options.h"

START_TEST(defaults)
{
	struct loader_options o;

	ck_assert_int_eq(options_parse("BOOT_IMAGE=/vmlinuz quiet", &o), 0);
	ck_assert_uint_eq(o.rootdelay, 30);
	ck_assert_ptr_null(o.disk);
	ck_assert_ptr_null(o.console);
	ck_assert(!o.dryrun && !o.debug && !o.kexeced && !o.console_inherit);
	ck_assert_uint_eq(o.n_unknown, 0);
	options_free(&o);
}
END_TEST

START_TEST(every_option)
{
	struct loader_options o;

	ck_assert_int_eq(options_parse("console=tty0 console=ttyS0,115200n8 kexec_loader.disk=LABEL=cloudimg-rootfs "
				       "kexec_loader.entry=\"Advanced options>Debian, with Linux 6.1\" "
				       "kexec_loader.append=\"init=/bin/sh single\" kexec_loader.console=inherit "
				       "kexec_loader.rootdelay=5 kexec_loader.debug kexec_loader.dryrun "
				       "kexec_loader.kexeced=1 kexec_loader.bogus=1",
				       &o),
			 0);
	ck_assert_str_eq(o.disk, "LABEL=cloudimg-rootfs");
	ck_assert_str_eq(o.entry, "Advanced options>Debian, with Linux 6.1");
	ck_assert_str_eq(o.append, "init=/bin/sh single");
	ck_assert_str_eq(o.console, "console=tty0 console=ttyS0,115200n8");
	ck_assert(o.console_inherit && o.debug && o.dryrun && o.kexeced);
	ck_assert_uint_eq(o.rootdelay, 5);
	ck_assert_uint_eq(o.n_unknown, 1);
	ck_assert_str_eq(o.unknown[0], "kexec_loader.bogus=1");
	options_free(&o);
}
END_TEST

static const char *const bad[] = {
	"kexec_loader.rootdelay=abc",
	"kexec_loader.rootdelay=",
	"kexec_loader.rootdelay=99999",
};

START_TEST(bad_values)
{
	struct loader_options o;

	ck_assert_int_eq(options_parse(bad[_i], &o), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, defaults);
	tcase_add_test(tc, every_option);
	tcase_add_loop_test(tc, bad_values, 0, sizeof(bad) / sizeof(bad[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
