/* test_firmware.c - the boot disk's MBR signature from EDD's sysfs files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "firmware.h"

static char dir[64];

/* An EDD directory whose int13_dev80/mbr_signature holds text (none if NULL). */
static const char *edd_with(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/kl-edd-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	if (!text)
		return dir;
	snprintf(path, sizeof(path), "%s/int13_dev80", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/int13_dev80/mbr_signature", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return dir;
}

static void edd_remove(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/int13_dev80/mbr_signature", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/int13_dev80", dir);
	rmdir(path);
	rmdir(dir);
}

START_TEST(signature_read)
{
	ck_assert_uint_eq(firmware_boot_disk_signature(edd_with("0x65deb3e2\n")), 0x65deb3e2u);
	edd_remove();
	ck_assert_uint_eq(firmware_boot_disk_signature(edd_with("0xffffffff\n")), 0xffffffffu);
	edd_remove();
}
END_TEST

/* No EDD data, no disk signature, or text that is not one: unknown (0). */
START_TEST(signature_unknown)
{
	static const char *const bad[] = { "0x00000000\n", "", "garbage\n", "0x1234zz\n", "0x123456789\n" };

	ck_assert_uint_eq(firmware_boot_disk_signature(edd_with(NULL)), 0);
	edd_remove();
	ck_assert_uint_eq(firmware_boot_disk_signature("/nonexistent"), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(firmware_boot_disk_signature(edd_with(bad[i])) == 0, "'%s' read as a signature",
			      bad[i]);
		edd_remove();
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("firmware");
	TCase *tc = tcase_create("edd");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, signature_read);
	tcase_add_test(tc, signature_unknown);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
