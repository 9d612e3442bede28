/* test_evidence.c - what the harness compares a boot against: the expected
 * initrds resolved through the corpus tree, the initrd tag the probe reads,
 * and the published list checked against fresh results. */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compat.h"
#include "expect.h"
#include "initrdtag.h"
#include "util.h"

static char dir[64];

static void put(const char *rel, const char *data)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	ck_assert_int_eq(util_write_file(path, data, strlen(data)), 0);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/kl-evidence-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	(void)util_rm_rf(dir);
}

START_TEST(test_expected_initrds_resolve_in_tree)
{
	struct expect e = { 0 };
	char root[128], path[256];
	char *got = NULL;

	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(path, sizeof(path), "%s/boot", root);
	ck_assert_int_eq(util_mkdir_p(path, 0755), 0);
	put("root/boot/initrd.img-6.1", "");
	put("root/boot/intel-ucode.img", "");     /* not a placeholder: not tagged */
	put("root/boot/initrd.img-full", "data"); /* a real file: copied as is */
	snprintf(path, sizeof(path), "%s/initrd.img", root);
	ck_assert_int_eq(symlink("boot/initrd.img-6.1", path), 0);
	snprintf(path, sizeof(path), "%s/boot/initrd.old", root);
	ck_assert_int_eq(symlink("/boot/initrd.img-6.1", path), 0); /* absolute: from the tree's root */
	e.initrd = strdup("/boot/intel-ucode.img /initrd.img /boot/initrd.old /boot/initrd.img-full /missing");
	ck_assert_int_eq(expect_tagged_initrds(&e, root, &got), 0);
	ck_assert_str_eq(got, "/boot/initrd.img-6.1 /boot/initrd.img-6.1");
	free(got);
	free(e.initrd);
	e.initrd = NULL;
	ck_assert_int_eq(expect_tagged_initrds(&e, root, &got), 0);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

/* The tag is a cpio archive after the initrd, at a 4-byte boundary. */
START_TEST(test_initrd_tag_is_readable_cpio)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char path[128], data[64] = "";
	char *buf = NULL;
	size_t len = 0;
	int found = 0;

	snprintf(path, sizeof(path), "%s/initrd", dir);
	put("initrd", "xyz"); /* three bytes: the tag must pad to four */
	ck_assert_int_eq(initrdtag_append(path, "/boot/initrd.img-6.1"), 0);
	ck_assert_int_eq(util_read_file(path, 1 << 20, &buf, &len), 0);
	ck_assert_int_eq(memcmp(buf, "xyz\0", 4), 0);
	ck_assert_int_eq(memcmp(buf + 4, "070701", 6), 0);
	ck_assert_int_eq(archive_read_support_format_cpio(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_read_open_memory(a, buf + 4, len - 4), ARCHIVE_OK);
	while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
		if (!strncmp(archive_entry_pathname(e), INITRDTAG_DIR "/", strlen(INITRDTAG_DIR) + 1)) {
			ck_assert_int_eq(archive_read_data(a, data, sizeof(data) - 1), 20);
			found = 1;
		}
	}
	archive_read_free(a);
	free(buf);
	ck_assert_int_eq(found, 1);
	ck_assert_str_eq(data, "/boot/initrd.img-6.1");
}
END_TEST

static const char results_ok[] =
	"image=.run\tloader_kernel=6.1.0-56-amd64\ttarget_kernel=6.1.0-56-cloud-amd64\tgrub=2.06\tsecs=700\n"
	"image=a\tdistro=debian\tstatus=ok\tloader=ok\tkernel=6.1.0-56-cloud-amd64\tsecs=20.1\n";

static int check_against(const char *published, const char *results, const char *real)
{
	struct compat_inputs in = { 0 };
	char res[128], out[128], tsv[128];

	snprintf(res, sizeof(res), "%s/results", dir);
	snprintf(out, sizeof(out), "%s/COMPATIBILITY.md", dir);
	snprintf(tsv, sizeof(tsv), "%s/real.tsv", dir);
	put("results", results);
	put("real.tsv", real);
	in.results = res;
	in.real_results = tsv;
	in.real_specs = dir;
	put("COMPATIBILITY.md", published);
	return compat_check(&in, out);
}

static char *render(const char *results, const char *real)
{
	struct compat_inputs in = { 0 };
	char res[128], tsv[128];
	struct strbuf sb;

	snprintf(res, sizeof(res), "%s/results", dir);
	snprintf(tsv, sizeof(tsv), "%s/real.tsv", dir);
	put("results", results);
	put("real.tsv", real);
	in.results = res;
	in.real_results = tsv;
	in.real_specs = dir;
	strbuf_init(&sb);
	ck_assert_int_eq(compat_render(&in, &sb), 0);
	return strbuf_detach(&sb);
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);
	char *out = NULL;

	ck_assert_ptr_nonnull(at);
	ck_assert_int_ge(asprintf(&out, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from)), 0);
	return out;
}

static const char real_two[] = "image\trelease\tkernel\tgrub\tloader\tgrub_boot\tagree\tseconds\n"
			       "real-x\tbookworm 12.12\t6.1.0-56-cloud-amd64\t2.06\tlogin\tlogin\tyes\t32\n"
			       "real-y\tbookworm 12.12\t6.1.0-56-cloud-amd64\t2.06\tlogin\tlogin\tyes\t40\n";
static const char real_one[] = "image\trelease\tkernel\tgrub\tloader\tgrub_boot\tagree\tseconds\n"
			       "real-x\tbookworm 12.13\t6.1.0-57-cloud-amd64\t2.06\tlogin\tlogin\tyes\t35\n";

START_TEST(test_compat_new_kernel_and_timings_change_no_claim)
{
	char *published = render(results_ok, real_two);
	char *later = replace(results_ok, "secs=20.1", "secs=31.0");
	char *later2 = replace(later, "target_kernel=6.1.0-56", "target_kernel=6.1.0-57");

	/* One real image booted this time, a newer kernel, slower: same claims. */
	ck_assert_int_eq(check_against(published, later2, real_one), 0);
	free(published);
	free(later);
	free(later2);
}
END_TEST

START_TEST(test_compat_changed_verdicts_are_found)
{
	char *published = render(results_ok, real_two);
	char *failing = replace(results_ok, "status=ok", "status=not ok");
	char *real_failing = replace(real_one, "login\tlogin\tyes", "login\tfail\tno");
	char *extra = NULL;

	ck_assert_int_eq(check_against(published, failing, real_two), 1);
	ck_assert_int_eq(check_against(published, results_ok, real_failing), 1);
	/* An image booted now but missing from the list. */
	ck_assert_int_ge(asprintf(&extra, "%simage=b\tdistro=debian\tstatus=ok\tloader=ok\n", results_ok), 0);
	ck_assert_int_eq(check_against(published, extra, real_two), 1);
	free(published);
	free(failing);
	free(real_failing);
	free(extra);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("evidence");
	TCase *tc = tcase_create("evidence");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_expected_initrds_resolve_in_tree);
	tcase_add_test(tc, test_initrd_tag_is_readable_cpio);
	tcase_add_test(tc, test_compat_new_kernel_and_timings_change_no_claim);
	tcase_add_test(tc, test_compat_changed_verdicts_are_found);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
