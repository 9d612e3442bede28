/* test_grub2_default.c - which entry GRUB 2 boots: default, submenu paths, saved and next entry, fallback. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootfs.h"
#include "diag.h"
#include "grub2/grub2.h"
#include "plan.h"

static const char menu[] =
	"if [ -s $prefix/grubenv ]; then\n"
	"  set have_grubenv=true\n"
	"  load_env\n"
	"fi\n"
	"if [ \"${next_entry}\" ] ; then\n"
	"   set default=\"${next_entry}\"\n"
	"   set next_entry=\n"
	"   save_env next_entry\n"
	"   set boot_once=true\n"
	"else\n"
	"   set default=\"${saved_entry}\"\n"
	"fi\n"
	"menuentry 'First' --id first { linux /boot/vmlinuz-a one; }\n"
	"submenu 'Advanced options' --id adv {\n"
	"  menuentry 'Sub A' --id suba { linux /boot/vmlinuz-a suba; }\n"
	"  menuentry 'Sub B' --id subb { linux /boot/vmlinuz-b subb; }\n"
	"}\n"
	"menuentry 'Second' { linux /boot/vmlinuz-b two; }\n"
	"menuentry 'Gt > title' { linux /boot/vmlinuz-b gt; }\n"
	"menuentry 'Broken' { linux /boot/vmlinuz-missing; }\n";

struct row {
	const char *name;
	const char *vars[3];  /* presets, NULL-terminated */
	const char *entry;    /* plan_options.entry or NULL */
	const char *targets;  /* entries of all targets, joined by " | " */
};

static const struct row rows[] = {
	{ "nothing saved", { NULL }, NULL, "First" },
	{ "number", { "saved_entry=2", NULL }, NULL, "Second" },
	{ "hex number", { "saved_entry=0x2", NULL }, NULL, "Second" },
	{ "number with junk", { "saved_entry=2abc", NULL }, NULL, "Second" },
	{ "title", { "saved_entry=Second", NULL }, NULL, "Second" },
	{ "id", { "saved_entry=first", NULL }, NULL, "First" },
	{ "submenu by number", { "saved_entry=1", NULL }, NULL, "Advanced options>Sub A" },
	{ "submenu path of numbers", { "saved_entry=1>1", NULL }, NULL, "Advanced options>Sub B" },
	{ "submenu path of ids", { "saved_entry=adv>subb", NULL }, NULL, "Advanced options>Sub B" },
	{ "submenu path of titles", { "saved_entry=Advanced options>Sub B", NULL }, NULL, "Advanced options>Sub B" },
	{ "submenu path, rest unknown", { "saved_entry=Advanced options>nothing", NULL }, NULL, "Advanced options>Sub A" },
	{ "title inside submenu is not top level", { "saved_entry=Sub B", NULL }, NULL, "First" },
	{ "escaped >", { "saved_entry=Gt >> title", NULL }, NULL, "Gt >> title" },
	{ "out of range", { "saved_entry=99", NULL }, NULL, "First" },
	{ "unknown title", { "saved_entry=Nothing like it", NULL }, NULL, "First" },
	{ "next_entry wins", { "saved_entry=2", "next_entry=adv>suba", NULL }, NULL, "Advanced options>Sub A" },
	{ "option overrides", { "saved_entry=2", NULL }, "first", "First" },
	{ "option path", { NULL }, "1>Sub B", "Advanced options>Sub B" },
	{ "fallback list", { "saved_entry=Broken", "fallback=2 0", NULL }, NULL, "Broken | Second | First" },
	{ "fallback out of range skipped", { "saved_entry=4", "fallback=7 3", NULL }, NULL, "Broken | Gt >> title" },
	{ "fallback not a number", { "saved_entry=4", "fallback=Second", NULL }, NULL, "Broken" },
};

START_TEST(test_default)
{
	const struct row *r = &rows[_i];

	ck_assert_ptr_nonnull(r->name); /* the row under test, for the log */
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct plan_options opt = { .vars = r->vars, .entry = r->entry };
	struct diag d;
	char got[512] = "";

	while (opt.n_vars < 3 && r->vars[opt.n_vars])
		opt.n_vars++;
	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", "1111", NULL, "ext4", "/"), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/boot/grub/grub.cfg", menu, strlen(menu)), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/boot/vmlinuz-a", "x", 1), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/boot/vmlinuz-b", "x", 1), 0);
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 0, "/boot/grub/grub.cfg", &opt, &plan, &d), 0);
	for (size_t i = 0; i < plan.n_targets; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? " | " : "",
			 plan.targets[i].entry);
	ck_assert_str_eq(got, r->targets);
	ck_assert_uint_eq(plan.n_titles, 6);
	ck_assert_str_eq(plan.titles[2], "Advanced options>Sub B");
	ck_assert_str_eq(plan.titles[4], "Gt >> title");
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
END_TEST

/* The broken entry is listed with why it fails; the others load. */
START_TEST(test_fallback_reasons)
{
	static const char *vars[] = { "default=4", "fallback=2" };
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct plan_options opt = { .vars = vars, .n_vars = 2 };
	struct diag d;
	const char *cfg = "menuentry A { linux /boot/vmlinuz-a; }\nmenuentry B { linux /boot/vmlinuz-a; }\n"
			  "menuentry C { linux /boot/vmlinuz-a c; initrd /boot/vmlinuz-a; }\n"
			  "menuentry D { chainloader +1; }\nmenuentry E { linux /boot/gone; }\n";

	ck_assert_int_eq(bootfs_mem_new(&fs), 0);
	ck_assert_int_eq(bootfs_add_volume(&fs, "hd0,msdos1", NULL, NULL, NULL, "/"), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/boot/grub/grub.cfg", cfg, strlen(cfg)), 0);
	ck_assert_int_eq(bootfs_mem_add_file(&fs, 0, "/boot/vmlinuz-a", "x", 1), 0);
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 0, "/boot/grub/grub.cfg", &opt, &plan, &d), 0);
	ck_assert_uint_eq(plan.n_targets, 2);
	ck_assert_str_eq(plan.targets[0].entry, "E");
	ck_assert_str_eq(plan.targets[0].unbootable, "file '/boot/gone' not found");
	ck_assert_str_eq(plan.targets[1].entry, "C");
	ck_assert_ptr_null(plan.targets[1].unbootable);
	ck_assert_str_eq(plan.targets[1].cmdline, "BOOT_IMAGE=/boot/vmlinuz-a c");
	ck_assert_uint_eq(plan.targets[1].n_initrds, 1);
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("grub2-default");
	TCase *tc = tcase_create("default");

	tcase_add_loop_test(tc, test_default, 0, sizeof(rows) / sizeof(rows[0]));
	tcase_add_test(tc, test_fallback_reasons);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
