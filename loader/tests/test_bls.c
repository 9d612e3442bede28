/* test_bls.c - BootLoaderSpec: version compares, parsing, both orders, systemd-boot's choice. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bls/bls.h"
#include "bootfs.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

struct vrow {
	const char *a, *b;
	int want;
};

static const struct vrow sd_rows[] = {
	{ "1.0", "1.0", 0 },        { "1.10", "1.9", 1 },      { "122.1", "123", -1 },
	{ "123~rc1", "123", -1 },   { "123", "123.1", -1 },    { "123-9", "123.1-1", -1 },
	{ "123^1", "123", 1 },      { "123^1", "123.1", -1 },  { "a", "1", -1 },
	{ "abc", "abcde", -1 },     { "00123", "123", 0 },     { "", "1", -1 },
	{ "6.10.12-200.fc40.x86_64", "6.8.5-301.fc40.x86_64", 1 },
	{ "fedora-6.9.conf", "fedora-6.10.conf", -1 },
};

static const struct vrow rpm_rows[] = {
	{ "1.0", "1.0", 0 },    { "1.10", "1.9", 1 },    { "1.0~rc1", "1.0", -1 },
	{ "1.0", "1.0+p1", -1 }, { "1.a", "1.1", -1 },   { "2.0", "10", -1 },
	{ "1.0.0", "1.0", 1 },  { "007", "7", 0 },       { "el9_3", "el9_4", -1 },
};

START_TEST(test_vercmp_systemd)
{
	const struct vrow *r = &sd_rows[_i];

	ck_assert_int_eq(sign(bls_vercmp_systemd(r->a, r->b)), r->want);
	ck_assert_int_eq(sign(bls_vercmp_systemd(r->b, r->a)), -r->want);
}
END_TEST

START_TEST(test_vercmp_rpm)
{
	const struct vrow *r = &rpm_rows[_i];

	ck_assert_int_eq(sign(bls_vercmp_rpm(r->a, r->b)), r->want);
	ck_assert_int_eq(sign(bls_vercmp_rpm(r->b, r->a)), -r->want);
}
END_TEST

START_TEST(test_vercmp_null)
{
	ck_assert_int_eq(bls_vercmp_systemd(NULL, NULL), 0);
	ck_assert_int_lt(bls_vercmp_systemd(NULL, "1"), 0);
	ck_assert_int_gt(bls_vercmp_systemd("1", NULL), 0);
}
END_TEST

START_TEST(test_parse_sdboot)
{
	const char *f = "# c\n  title  \"Quoted Title\"  \n\nversion 1.2\noptions a=1\r\noptions  b=2\n"
			"initrd /i1\ninitrd /i2\nlinux /k\nlinux /k2\nnovalue\nx-custom y\n";
	struct bls_entry e;

	ck_assert_int_eq(bls_entry_parse("foo+3-1.conf", "f", f, strlen(f), BLS_PARSE_SDBOOT, &e, NULL), 0);
	ck_assert_str_eq(e.title, "Quoted Title");
	ck_assert_str_eq(e.version, "1.2");
	ck_assert_str_eq(e.options, "a=1 b=2");
	ck_assert_str_eq(e.linux, "/k2");
	ck_assert_uint_eq(e.n_initrds, 2);
	ck_assert_str_eq(e.initrds[1], "/i2");
	ck_assert_str_eq(e.id, "foo.conf");
	ck_assert_str_eq(e.filename, "foo+3-1.conf");
	ck_assert_int_eq(e.tries_left, 3);
	ck_assert_int_eq(e.tries_done, 1);
	ck_assert_uint_eq(e.n_kv, 9);
	ck_assert_str_eq(e.kv[8].key, "x-custom");
	bls_entry_free(&e);
}
END_TEST

START_TEST(test_parse_blscfg)
{
	const char *f = "title  First  \ntitle Second\noptions $kernelopts a\noptions b\n"
			"linux\t/k\ninitrd /i\n\nlinux /after-blank-line\n";
	struct bls_entry e;

	ck_assert_int_eq(bls_entry_parse("x.conf", "f", f, strlen(f), BLS_PARSE_BLSCFG, &e, NULL), 0);
	ck_assert_str_eq(e.title, "First  ");
	ck_assert_str_eq(e.options, "$kernelopts a");
	ck_assert_str_eq(e.linux, "/k");
	ck_assert_uint_eq(e.n_initrds, 1);
	ck_assert_int_eq(e.tries_left, -1);
	bls_entry_free(&e);
}
END_TEST

struct crow {
	const char *name;
	int left, done;
	const char *id;
};

static const struct crow counter_rows[] = {
	{ "a+3.conf", 3, 0, "a.conf" },
	{ "a+0-5.conf", 0, 5, "a.conf" },
	{ "a+x.conf", -1, -1, "a+x.conf" },
	{ "a+3-.conf", -1, -1, "a+3-.conf" },
	{ "a+3-1-2.conf", -1, -1, "a+3-1-2.conf" },
	{ "a+1+2.conf", 2, 0, "a+1.conf" },
	{ "a+99999999999.conf", -1, -1, "a+99999999999.conf" },
};

START_TEST(test_counters)
{
	const struct crow *r = &counter_rows[_i];
	struct bls_entry e;

	ck_assert_int_eq(bls_entry_parse(r->name, "f", "linux /k\n", 9, BLS_PARSE_SDBOOT, &e, NULL), 0);
	ck_assert_int_eq(e.tries_left, r->left);
	ck_assert_int_eq(e.tries_done, r->done);
	ck_assert_str_eq(e.id, r->id);
	bls_entry_free(&e);
}
END_TEST

static void add(struct bootfs *fs, size_t vol, const char *path, const char *data)
{
	ck_assert_int_eq(bootfs_mem_add_file(fs, vol, path, data, strlen(data)), 0);
}

static void mkfs(struct bootfs *fs)
{
	ck_assert_int_eq(bootfs_mem_new(fs), 0);
	ck_assert_int_eq(bootfs_add_volume(fs, "hd0,gpt1", NULL, NULL, "vfat", "/boot/efi"), 0);
	add(fs, 0, "/k1", "");
	add(fs, 0, "/k2", "");
	add(fs, 0, "/k3", "");
}

START_TEST(test_sort_sdboot)
{
	struct bls_entries l = { 0 };
	struct bootfs fs;

	mkfs(&fs);
	add(&fs, 0, "/loader/entries/z-old.conf", "sort-key b\nversion 1.9\nlinux /k1\n");
	add(&fs, 0, "/loader/entries/y.conf", "sort-key a\nversion 1.10\nlinux /k1\n");
	add(&fs, 0, "/loader/entries/x.conf", "sort-key a\nversion 1.9\nlinux /k1\n");
	add(&fs, 0, "/loader/entries/nokey-2.conf", "linux /k1\n");
	add(&fs, 0, "/loader/entries/nokey-10.conf", "linux /k1\n");
	add(&fs, 0, "/loader/entries/bad+0.conf", "sort-key a\nlinux /k1\n");
	add(&fs, 0, "/loader/entries/auto-skip.conf", "linux /k1\n");
	add(&fs, 0, "/loader/entries/.hidden.conf", "linux /k1\n");
	add(&fs, 0, "/loader/entries/notes.txt", "linux /k1\n");
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/loader/entries", BLS_PARSE_SDBOOT, &l, NULL), 0);
	ck_assert_uint_eq(l.n, 6);
	bls_sort_sdboot(&l);
	ck_assert_str_eq(l.v[0].filename, "y.conf");
	ck_assert_str_eq(l.v[1].filename, "x.conf");
	ck_assert_str_eq(l.v[2].filename, "z-old.conf");
	ck_assert_str_eq(l.v[3].filename, "nokey-10.conf");
	ck_assert_str_eq(l.v[4].filename, "nokey-2.conf");
	ck_assert_str_eq(l.v[5].filename, "bad+0.conf");
	bls_entries_free(&l);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_sort_blscfg)
{
	struct bls_entries l = { 0 };
	struct bootfs fs;

	mkfs(&fs);
	add(&fs, 0, "/e/m-5.14.0-362.el9.x86_64.conf", "linux /k1\n");
	add(&fs, 0, "/e/m-5.14.0-427.el9.x86_64.conf", "linux /k1\n");
	add(&fs, 0, "/e/m-0-rescue.conf", "linux /k1\n");
	add(&fs, 0, "/e/m-5.14.0-70.el9.x86_64.conf", "linux /k1\n");
	add(&fs, 0, "/e/m-5.14.0-70.el9.x86_64.CONF", "linux /k1\n");
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/e", BLS_PARSE_BLSCFG, &l, NULL), 0);
	ck_assert_uint_eq(l.n, 4);
	bls_sort_blscfg(&l);
	ck_assert_str_eq(l.v[0].filename, "m-5.14.0-427.el9.x86_64.conf");
	ck_assert_str_eq(l.v[1].filename, "m-5.14.0-362.el9.x86_64.conf");
	ck_assert_str_eq(l.v[2].filename, "m-5.14.0-70.el9.x86_64.conf");
	ck_assert_str_eq(l.v[3].filename, "m-0-rescue.conf");
	bls_entries_free(&l);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_blscfg_duplicate_dropped)
{
	struct bls_entries l = { 0 };
	struct bootfs fs;

	mkfs(&fs);
	add(&fs, 0, "/e/a-1.0-1.conf", "linux /k1\n");
	add(&fs, 0, "/e/a-1.00-1.conf", "linux /k1\n");
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/e", BLS_PARSE_BLSCFG, &l, NULL), 0);
	bls_sort_blscfg(&l);
	ck_assert_uint_eq(l.n, 1);
	bls_entries_free(&l);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_load_errors)
{
	struct bls_entries l = { 0 };
	struct bootfs fs;
	struct diag d;
	char name[64];

	diag_init(&d);
	mkfs(&fs);
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/nope", BLS_PARSE_SDBOOT, &l, &d), -ENOENT);
	ck_assert_str_eq(d.msg, "");
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/k1", BLS_PARSE_SDBOOT, &l, &d), -ENOTDIR);
	for (unsigned i = 0; i <= BLS_ENTRIES_MAX; i++) {
		snprintf(name, sizeof(name), "/many/e%u.conf", i);
		add(&fs, 0, name, "linux /k1\n");
	}
	ck_assert_int_eq(bls_entries_load(&fs, 0, "/many", BLS_PARSE_SDBOOT, &l, &d), -E2BIG);
	ck_assert_str_eq(d.file, "/many");
	ck_assert_uint_eq(l.n, 0);
	bls_entries_free(&l);
	bootfs_mem_free(&fs);
}
END_TEST

struct erow {
	const char *name;
	const char *loader_conf; /* or NULL */
	const char *var;         /* one preset, or NULL */
	const char *entry;
	int rc;
	const char *want_entry;
	const char *want_cmdline;
};

static const struct erow eval_rows[] = {
	{ "first-is-newest", NULL, NULL, NULL, 0, "Two", "initrd=\\i2 initrd=sub\\i3 o2" },
	{ "default-glob", "default f-1*\n", NULL, NULL, 0, "One", "o1" },
	{ "default-case-insensitive", "default F-1.CONF\n", NULL, NULL, 0, "One", "o1" },
	{ "default-last-line-wins", "default f-1*\ndefault nomatch\n", NULL, NULL, 0, "Two", "initrd=\\i2 initrd=sub\\i3 o2" },
	{ "saved-without-var", "default @saved\n", NULL, NULL, 0, "Two", "initrd=\\i2 initrd=sub\\i3 o2" },
	{ "saved-with-var", "default @saved\n", "LoaderEntryLastBooted=f-1.conf", NULL, 0, "One", "o1" },
	{ "efivar-default", "default f-2*\n", "LoaderEntryDefault=f-1.conf", NULL, 0, "One", "o1" },
	{ "oneshot", NULL, "LoaderEntryOneShot=f-1.conf", NULL, 0, "One", "o1" },
	{ "entry-option-title", NULL, NULL, "One", 0, "One", "o1" },
	{ "entry-option-index", NULL, NULL, "1", 0, "One", "o1" },
	{ "entry-option-unknown", NULL, NULL, "nope", -ENOENT, NULL, NULL },
};

START_TEST(test_eval)
{
	const struct erow *r = &eval_rows[_i];
	const char *vars[1] = { r->var };
	struct plan_options opt = { .vars = vars, .n_vars = r->var ? 1 : 0, .entry = r->entry };
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;
	int rc;

	diag_init(&d);
	mkfs(&fs);
	add(&fs, 0, "/loader/entries/f-1.conf", "title One\nlinux /k1\noptions o1\n");
	add(&fs, 0, "/loader/entries/f-2.conf", "title Two\nlinux /k2\ninitrd /i2/\ninitrd sub/i3\noptions o2\n");
	add(&fs, 0, "/loader/entries/f-3.conf", "title Gone\nlinux /missing\n");
	add(&fs, 0, "/loader/entries/f-4.conf", "title Arm\nlinux /k3\narchitecture aa64\n");
	add(&fs, 0, "/loader/entries/f-5.conf", "title Both\nlinux /k3\nefi /k3\n");
	if (r->loader_conf)
		add(&fs, 0, "/loader/loader.conf", r->loader_conf);
	rc = bls_eval(&fs, 0, "/loader/entries", &opt, &p, &d);
	ck_assert_msg(rc == r->rc, "%s: %d (%s)", r->name, rc, d.msg);
	if (rc == 0) {
		ck_assert_str_eq(p.format, "bls");
		ck_assert_uint_eq(p.n_titles, 2);
		ck_assert_str_eq(p.targets[0].entry, r->want_entry);
		ck_assert_str_eq(p.targets[0].cmdline, r->want_cmdline);
		boot_plan_free(&p);
	}
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_eval_errors)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	mkfs(&fs);
	ck_assert_int_eq(bls_eval(&fs, 0, "/loader/entries", NULL, &p, &d), -ENOENT);
	ck_assert_str_eq(d.msg, "cannot open '/loader/entries': No such file or directory");
	diag_init(&d);
	add(&fs, 0, "/loader/entries/x.conf", "title x\n");
	ck_assert_int_eq(bls_eval(&fs, 0, "/loader/entries", NULL, &p, &d), -ENOENT);
	ck_assert_str_eq(d.msg, "no usable boot loader entries in '/loader/entries'");
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_eval_efi_entry_unbootable)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	mkfs(&fs);
	add(&fs, 0, "/loader/entries/w.conf", "title Windows\nefi /k1\n");
	ck_assert_int_eq(bls_eval(&fs, 0, "/loader/entries", NULL, &p, &d), 0);
	ck_assert_ptr_nonnull(p.targets[0].unbootable);
	boot_plan_free(&p);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_eval_titles_made_unique)
{
	struct boot_plan p;
	struct bootfs fs;
	struct diag d;

	diag_init(&d);
	mkfs(&fs);
	add(&fs, 0, "/loader/entries/a-1.conf", "title Same\nversion 1\nlinux /k1\n");
	add(&fs, 0, "/loader/entries/a-2.conf", "title Same\nversion 2\nlinux /k2\n");
	ck_assert_int_eq(bls_eval(&fs, 0, "/loader/entries", NULL, &p, &d), 0);
	ck_assert_str_eq(p.targets[0].entry, "Same (2)");
	ck_assert_str_eq(p.titles[1], "Same (1)");
	boot_plan_free(&p);
	bootfs_mem_free(&fs);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bls");
	TCase *tc = tcase_create("bls");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_vercmp_systemd, 0, sizeof(sd_rows) / sizeof(sd_rows[0]));
	tcase_add_loop_test(tc, test_vercmp_rpm, 0, sizeof(rpm_rows) / sizeof(rpm_rows[0]));
	tcase_add_test(tc, test_vercmp_null);
	tcase_add_test(tc, test_parse_sdboot);
	tcase_add_test(tc, test_parse_blscfg);
	tcase_add_loop_test(tc, test_counters, 0, sizeof(counter_rows) / sizeof(counter_rows[0]));
	tcase_add_test(tc, test_sort_sdboot);
	tcase_add_test(tc, test_sort_blscfg);
	tcase_add_test(tc, test_blscfg_duplicate_dropped);
	tcase_add_test(tc, test_load_errors);
	tcase_add_loop_test(tc, test_eval, 0, sizeof(eval_rows) / sizeof(eval_rows[0]));
	tcase_add_test(tc, test_eval_errors);
	tcase_add_test(tc, test_eval_efi_entry_unbootable);
	tcase_add_test(tc, test_eval_titles_made_unique);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
