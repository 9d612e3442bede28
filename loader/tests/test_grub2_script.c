/* test_grub2_script.c - GRUB 2 script language: lexing, expansion, grammar, errors. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootfs.h"
#include "diag.h"
#include "grub2/grub2.h"
#include "plan.h"

struct row {
	const char *name;
	const char *cfg;
	const char *var;      /* one --var, or NULL */
	const char *entry;    /* first target's title path; NULL when an error is wanted */
	const char *cmdline;  /* its command line, or NULL not to check */
	const char *initrds;  /* its initrds joined by ' ', or NULL not to check */
	const char *error;    /* substring of the error message */
	unsigned error_line;
	const char *warning;  /* substring of some "line: message" warning */
};

struct warnings {
	char text[4096];
};

static void collect(void *userdata, const char *file, unsigned line, const char *msg)
{
	struct warnings *w = userdata;
	size_t n = strlen(w->text);

	(void)file;
	snprintf(w->text + n, sizeof(w->text) - n, "%u: %s\n", line, msg);
}

/* Volume 0 is "/" (hd0,msdos1), volume 1 a separate /boot (hd0,msdos2). */
static void make_fs(struct bootfs *fs, const char *cfg)
{
	static const char *const root_files[] = {
		"/boot/vmlinuz-a", "/boot/vmlinuz-b", "/boot/initrd-a", "/boot/initrd-b",
		"/boot/grub/grubenv",
	};
	static const char env[] = "# GRUB Environment Block\nsaved_entry=Second\nmsg=a\\\\b\n"
				  "##################################################\n";

	ck_assert_int_eq(bootfs_mem_new(fs), 0);
	ck_assert_int_eq(bootfs_add_volume(fs, "hd0,msdos1", "1111-2222", "rootfs", "ext4", "/"), 0);
	ck_assert_int_eq(bootfs_add_volume(fs, "hd0,msdos2", "3333-4444", "bootfs", "ext4", "/boot"), 1);
	for (size_t i = 0; i < sizeof(root_files) / sizeof(root_files[0]); i++) {
		const char *data = strstr(root_files[i], "grubenv") ? env : "x";

		ck_assert_int_eq(bootfs_mem_add_file(fs, 0, root_files[i], data, strlen(data)), 0);
	}
	ck_assert_int_eq(bootfs_mem_add_file(fs, 1, "/vmlinuz-sep", "x", 1), 0);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 1, "/initrd-sep", "x", 1), 0);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/boot/grub/grub.cfg", cfg, strlen(cfg)), 0);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/boot/grub/other.cfg",
					     "menuentry Other { linux /boot/vmlinuz-b from=other; }\n",
					     strlen("menuentry Other { linux /boot/vmlinuz-b from=other; }\n")),
			 0);
	ck_assert_int_eq(bootfs_mem_add_file(fs, 0, "/boot/grub/self.cfg", "source /boot/grub/self.cfg\n",
					     strlen("source /boot/grub/self.cfg\n")),
			 0);
}

static void check_row(const struct row *r)
{
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct warnings w = { { 0 } };
	struct diag d;
	struct plan_options opt = { 0 };
	int rc;

	ck_assert_ptr_nonnull(r->name); /* the row under test, for the log */
	make_fs(&fs, r->cfg);
	diag_init(&d);
	d.warn = collect;
	d.userdata = &w;
	if (r->var) {
		opt.vars = &r->var;
		opt.n_vars = 1;
	}
	rc = grub2_eval(&fs, 0, "/boot/grub/grub.cfg", &opt, &plan, &d);
	if (r->error) {
		ck_assert_int_lt(rc, 0);
		ck_assert_msg(strstr(d.msg, r->error), "error '%s' lacks '%s'", d.msg, r->error);
		if (r->error_line)
			ck_assert_uint_eq(d.line, r->error_line);
		ck_assert_uint_eq(plan.n_targets, 0);
	} else {
		ck_assert_msg(rc == 0, "failed: %s:%u: %s", d.file, d.line, d.msg);
		ck_assert_str_eq(plan.format, "grub2");
		ck_assert_uint_ge(plan.n_targets, 1);
		ck_assert_str_eq(plan.targets[0].entry, r->entry);
		if (r->cmdline) {
			ck_assert_ptr_nonnull(plan.targets[0].cmdline);
			ck_assert_str_eq(plan.targets[0].cmdline, r->cmdline);
		}
		if (r->initrds) {
			char buf[512] = "";

			for (size_t i = 0; i < plan.targets[0].n_initrds; i++)
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%zu:%s", i ? " " : "",
					 plan.targets[0].initrds[i].vol, plan.targets[0].initrds[i].path);
			ck_assert_str_eq(buf, r->initrds);
		}
	}
	if (r->warning)
		ck_assert_msg(strstr(w.text, r->warning), "warnings '%s' lack '%s'", w.text, r->warning);
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}

#define K "linux /boot/vmlinuz-a"
#define BI "BOOT_IMAGE=/boot/vmlinuz-a"

/* Words, quoting and expansion, seen through the command line GRUB builds. */
static const struct row lex_rows[] = {
	{ "plain words", "menuentry A { " K " ro quiet; }\n", NULL, "A", BI " ro quiet", NULL, NULL, 0, NULL },
	{ "blank runs collapse", "menuentry A {\n\t" K "\t ro    quiet  \n}\n", NULL, "A", BI " ro quiet", NULL, NULL, 0, NULL },
	{ "single quotes literal", "menuentry A { " K " 'a $x \"b\"'; }\n", NULL, "A", BI " \"a $x \\\"b\\\"\"", NULL, NULL, 0, NULL },
	{ "double quotes expand", "x=1\nmenuentry A { " K " \"v=$x ${x}y\"; }\n", NULL, "A", BI " \"v=1 1y\"", NULL, NULL, 0, NULL },
	{ "dq escapes", "menuentry A { " K " \"a\\$b\\\\c\\\"d\\e\"; }\n", NULL, "A", BI " a$b\\\\c\\\"d\\\\e", NULL, NULL, 0, NULL },
	{ "unquoted escapes", "menuentry A { " K " a\\ b c\\$d; }\n", NULL, "A", BI " \"a b\" c$d", NULL, NULL, 0, NULL },
	{ "unquoted var splits", "set v='p  q'\nmenuentry A { " K " x$v; }\n", NULL, "A", BI " xp q", NULL, NULL, 0, NULL },
	{ "quoted var stays whole", "set v='p q'\nmenuentry A { " K " \"$v\"; }\n", NULL, "A", BI " \"p q\"", NULL, NULL, 0, NULL },
	{ "empty var vanishes", "menuentry A { " K " $none ro $none; }\n", NULL, "A", BI " ro", NULL, NULL, 0, NULL },
	{ "empty quotes stay", "menuentry A { " K " \"\" ro; }\n", NULL, "A", BI "  ro", NULL, NULL, 0, NULL },
	{ "comments", "# top\nmenuentry A { # here\n  " K " a#b # c\n}\n", NULL, "A", BI " a#b", NULL, NULL, 0, NULL },
	{ "line continuation", "menuentry A {\n " K " \\\n  ro \\\n quiet\n}\n", NULL, "A", BI " ro quiet", NULL, NULL, 0, NULL },
	{ "multi-line string", "menuentry 'A\nB' { " K " \"x\ny\"; }\n", NULL, "A\nB", BI " x\ny", NULL, NULL, 0, NULL },
	{ "crlf", "menuentry A {\r\n " K " ro\r\n}\r\n", NULL, "A", BI " ro", NULL, NULL, 0, NULL },
	{ "semicolons", "set a=1; set b=2\nmenuentry A { " K " $a$b; }\n", NULL, "A", BI " 12", NULL, NULL, 0, NULL },
	{ "assignment without set", "a=5\nmenuentry A { " K " a=$a; }\n", NULL, "A", BI " a=5", NULL, NULL, 0, NULL },
	{ "grub variables", "menuentry A { " K " $grub_platform $grub_cpu; }\n", NULL, "A", BI " pc i386", NULL, NULL, 0, NULL },
	{ "preset variable", "menuentry A { " K " $extra; }\n", "extra=hello world", "A", BI " hello world", NULL, NULL, 0, NULL },
	{ "reserved words as arguments", "menuentry A { " K " if then fi do; }\n", NULL, "A", BI " if then fi do", NULL, NULL, 0, NULL },
	{ "braces in variable", "set a_b=1\nmenuentry A { " K " ${a_b}c; }\n", NULL, "A", BI " 1c", NULL, NULL, 0, NULL },
};

/* Statements, functions, files, devices. */
static const struct row eval_rows[] = {
	{ "if true", "if true; then x=1; else x=2; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " 1", NULL, NULL, 0, NULL },
	{ "elif chain", "if false; then x=1; elif [ a = b ]; then x=2; elif [ a != b ]; then x=3; else x=4; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " 3", NULL, NULL, 0, NULL },
	{ "if on several lines", "if [ -n \"$v\" ]\nthen\n  x=yes\nelse\n  x=no\nfi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " no", NULL, NULL, 0, NULL },
	{ "test operators", "x=\nif [ 3 -lt 10 -a 10 -gt 3 ]; then x=${x}a; fi\nif [ b \"<\" c ]; then x=${x}b; fi\nif [ ! -z q -o 1 -eq 2 ]; then x=${x}c; fi\nif test 07 -eq 7; then x=${x}d; fi\nif [ -z \"\" ]; then x=${x}e; fi\nif [ 5 -ne 5 ]; then x=${x}f; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " abcde", NULL, NULL, 0, NULL },
	{ "file tests", "x=\nif [ -f /boot/vmlinuz-a ]; then x=${x}f; fi\nif [ -d /boot ]; then x=${x}d; fi\nif [ -e (hd0,msdos2)/vmlinuz-sep ]; then x=${x}e; fi\nif [ -s $prefix/grubenv ]; then x=${x}s; fi\nif [ -f /nope ]; then x=${x}n; fi\nif [ -f /boot ]; then x=${x}F; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " fdes", NULL, NULL, 0, NULL },
	{ "negation", "x=\nif ! false; then x=${x}a; fi\nif ! true; then x=${x}b; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " a", NULL, NULL, 0, NULL },
	{ "for loop", "x=\nfor i in 1 2 3; do x=$x$i; done\nmenuentry A { " K " $x; }\n", NULL, "A", BI " 123", NULL, NULL, 0, NULL },
	{ "while with break", "x=\nwhile true; do x=${x}a; if [ $x = aaa ]; then break; fi; done\nmenuentry A { " K " $x; }\n", NULL, "A", BI " aaa", NULL, NULL, 0, NULL },
	{ "continue", "x=\nfor i in 1 2 3; do if [ $i = 2 ]; then continue; fi; x=$x$i; done\nmenuentry A { " K " $x; }\n", NULL, "A", BI " 13", NULL, NULL, 0, NULL },
	{ "until", "x=\nuntil [ \"$x\" = bb ]; do x=${x}b; done\nmenuentry A { " K " $x; }\n", NULL, "A", BI " bb", NULL, NULL, 0, NULL },
	{ "function parameters", "function f {\n  r=\"$# $1 $2 $*\"\n}\nf a 'b c'\nmenuentry A { " K " \"$r\"; }\n", NULL, "A", BI " \"2 a b c a b c\"", NULL, NULL, 0, NULL },
	{ "function return status", "function f { return 3; }\nif f; then x=t; else x=f$?; fi\nmenuentry A { " K " $x; }\n", NULL, "A", BI " f3", NULL, NULL, 0, NULL },
	{ "return stops function", "function f { x=1; return; x=2; }\nf\nmenuentry A { " K " $x; }\n", NULL, "A", BI " 1", NULL, NULL, 0, NULL },
	{ "entry parameters", "menuentry A extra { " K " $1 $2 $#; }\n", NULL, "A", BI " A extra 2", NULL, NULL, 0, NULL },
	{ "body runs at boot", "menuentry A { " K " $late; }\nset late=yes\n", NULL, "A", BI " yes", NULL, NULL, 0, NULL },
	{ "unset", "x=1\nunset x\nmenuentry A { " K " x$x; }\n", NULL, "A", BI " x", NULL, NULL, 0, NULL },
	{ "save_env is harmless", "function recordfail { set recordfail=1; save_env recordfail; }\nmenuentry A { recordfail; " K "; }\n", NULL, "A", BI, NULL, NULL, 0, NULL },
	{ "load_env", "load_env\nmenuentry A { " K " $saved_entry $msg; }\n", NULL, "A", BI " Second a\\\\b", NULL, NULL, 0, NULL },
	{ "load_env whitelist", "load_env -f $prefix/grubenv msg\nmenuentry A { " K " s=$saved_entry; }\n", NULL, "A", BI " s=", NULL, NULL, 0, NULL },
	{ "option needing a value inside a cluster", "load_env -fs $prefix/grubenv\nmenuentry A { " K " s=$saved_entry; }\n", NULL, "A", BI " s=", NULL, NULL, 0, "bad option '-fs'" },
	{ "value given to a flag", "load_env --skip-sig=yes\nmenuentry A { " K " s=$saved_entry; }\n", NULL, "A", BI " s=", NULL, NULL, 0, "bad option '--skip-sig=yes'" },
	{ "search by uuid", "search --no-floppy --fs-uuid --set=root 3333-4444\nmenuentry A { linux /vmlinuz-sep; initrd /initrd-sep; }\n", NULL, "A", "BOOT_IMAGE=/vmlinuz-sep", "1:/initrd-sep", NULL, 0, NULL },
	{ "search by label into var", "search -l bootfs -s dev\nmenuentry A { linux ($dev)/vmlinuz-sep; }\n", NULL, "A", "BOOT_IMAGE=(hd0,msdos2)/vmlinuz-sep", NULL, NULL, 0, NULL },
	{ "search by file", "search --file --set /vmlinuz-sep\nmenuentry A { linux /vmlinuz-sep; }\n", NULL, "A", "BOOT_IMAGE=/vmlinuz-sep", NULL, NULL, 0, NULL },
	{ "search alias", "search.fs_uuid 3333-4444 root hd0,msdos2\nmenuentry A { linux /vmlinuz-sep; }\n", NULL, "A", "BOOT_IMAGE=/vmlinuz-sep", NULL, NULL, 0, NULL },
	{ "search miss keeps root", "search --fs-uuid --set=root dead-beef\nmenuentry A { " K "; }\n", NULL, "A", BI, NULL, NULL, 0, "no such device: dead-beef" },
	{ "device paths", "menuentry A { linux (hd0,2)/vmlinuz-sep ro; initrd (hd0,msdos1)/boot/initrd-a (hd0,msdos2)/initrd-sep; }\n", NULL, "A", "BOOT_IMAGE=(hd0,2)/vmlinuz-sep ro", "0:/boot/initrd-a 1:/initrd-sep", NULL, 0, NULL },
	{ "set root with parentheses", "set root=(hd0,msdos2)\nmenuentry A { linux /vmlinuz-sep; }\n", NULL, "A", "BOOT_IMAGE=/vmlinuz-sep", NULL, NULL, 0, NULL },
	{ "linux16 and several initrds", "menuentry A { linux16 /boot/vmlinuz-b; initrd16 /boot/initrd-a /boot/initrd-b; }\n", NULL, "A", "BOOT_IMAGE=/boot/vmlinuz-b", "0:/boot/initrd-a 0:/boot/initrd-b", NULL, 0, NULL },
	{ "source", "source $prefix/other.cfg\n", NULL, "Other", "BOOT_IMAGE=/boot/vmlinuz-b from=other", NULL, NULL, 0, NULL },
	{ "configfile takes over", "menuentry A { " K "; }\nconfigfile /boot/grub/other.cfg\nmenuentry B { " K "; }\n", NULL, "Other", "BOOT_IMAGE=/boot/vmlinuz-b from=other", NULL, NULL, 0, NULL },
	{ "config_file only while reading", "f=$config_file; d=$config_directory\nmenuentry A { " K " $f $d x$config_file; }\n", NULL, "A", BI " (hd0,msdos1)/boot/grub/grub.cfg (hd0,msdos1)/boot/grub x", NULL, NULL, 0, NULL },
	{ "prefix and root", "menuentry A { " K " $prefix $root; }\n", NULL, "A", BI " (hd0,msdos1)/boot/grub hd0,msdos1", NULL, NULL, 0, NULL },
	{ "menuentry options", "menuentry --class os 'A B' --unrestricted --users '' --hotkey a --id x { " K "; }\n", NULL, "A B", BI, NULL, NULL, 0, NULL },
	{ "menuentry --source", "menuentry A --source '" K " src'\n", NULL, "A", BI " src", NULL, NULL, 0, NULL },
	/* errors GRUB reports and carries on after */
	{ "unknown command in entry", "menuentry A { frobnicate; " K "; }\n", NULL, "A", BI, NULL, NULL, 0, "1: can't find command 'frobnicate'" },
	{ "syntax error loses one line", "menuentry A { " K "; }\nfi\nx=2 }\nmenuentry B { " K "; }\n", NULL, "A", BI, NULL, NULL, 0, "2: syntax error" },
	{ "syntax error inside entry", "menuentry A {\n " K "\n echo ;; x\n}\nmenuentry B { " K " b; }\n", NULL, "B", BI " b", NULL, NULL, 0, "3: syntax error" },
	{ "brace ends a block without delimiter", "menuentry A { " K " a }\n", NULL, "A", BI " a", NULL, NULL, 0, NULL },
	{ "empty block is a syntax error", "menuentry A { }\nmenuentry B { " K "; }\n", NULL, "B", BI, NULL, NULL, 0, "1: syntax error" },
	{ "bad variable name", "menuentry A { " K " $-x; }\nmenuentry B { " K "; }\n", NULL, "B", NULL, NULL, NULL, 0, "invalid variable name" },
	{ "unterminated quote after entries", "menuentry A { " K "; }\necho \"oops\nmenuentry B { " K "; }\n", NULL, "A", BI, NULL, NULL, 0, "2: unterminated double-quoted string" },
	{ "missing initrd keeps kernel", "menuentry A { " K "; initrd /boot/nope; }\n", NULL, "A", BI, "", NULL, 0, "file '/boot/nope' not found" },
	/* fatal errors */
	{ "unterminated quote", "set x='abc\nmenuentry A { " K "; }\n", NULL, NULL, NULL, NULL, "unterminated single-quoted string", 1, NULL },
	{ "no entries", "set default=0\n", NULL, NULL, NULL, NULL, "no menu entries", 0, NULL },
	{ "recursion limit", "function f { f; }\nf\nmenuentry A { " K "; }\n", NULL, NULL, NULL, NULL, "maximum recursion depth exceeded", 1, NULL },
	{ "source recursion", "source /boot/grub/self.cfg\nmenuentry A { " K "; }\n", NULL, NULL, NULL, NULL, "maximum recursion depth exceeded", 1, NULL },
	{ "endless loop", "while true; do true; done\nmenuentry A { " K "; }\n", NULL, NULL, NULL, NULL, "endless loop", 1, NULL },
	{ "unclosed if", "if true; then\nmenuentry A { " K "; }\n", NULL, NULL, NULL, NULL, "no menu entries", 0, NULL },
};

START_TEST(test_lex)
{
	check_row(&lex_rows[_i]);
}
END_TEST

START_TEST(test_eval)
{
	check_row(&eval_rows[_i]);
}
END_TEST

/* The kernel file decides: a body whose linux fails is still listed, unbootable. */
START_TEST(test_missing_kernel_unbootable)
{
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct diag d;

	make_fs(&fs, "menuentry A { linux /boot/vmlinuz-gone ro; initrd /boot/initrd-a; }\n");
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 0, "/boot/grub/grub.cfg", NULL, &plan, &d), 0);
	ck_assert_uint_eq(plan.n_targets, 1);
	ck_assert_ptr_nonnull(plan.targets[0].unbootable);
	ck_assert_str_eq(plan.targets[0].unbootable, "file '/boot/vmlinuz-gone' not found");
	ck_assert_str_eq(plan.targets[0].kernel.path, "/boot/vmlinuz-gone");
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
END_TEST

/* A bound reached while booting an entry fails that entry alone: its
 * fallback stays in the plan with a fresh step budget. */
static const char *const runaway_cfgs[] = {
	"set fallback=1\nmenuentry A { while true; do true; done; " K "; }\nmenuentry B { " K " b; }\n",
	"set fallback=1\nfunction f { f; }\nmenuentry A { f; " K "; }\nmenuentry B { " K " b; }\n",
};

START_TEST(test_runaway_entry_unbootable)
{
	static const char *const why[] = { "more than", "maximum recursion depth" };
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct diag d;

	make_fs(&fs, runaway_cfgs[_i]);
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 0, "/boot/grub/grub.cfg", NULL, &plan, &d), 0);
	ck_assert_uint_eq(plan.n_targets, 2);
	ck_assert_str_eq(plan.targets[0].entry, "A");
	ck_assert_ptr_nonnull(plan.targets[0].unbootable);
	ck_assert_msg(strstr(plan.targets[0].unbootable, why[_i]), "why: %s", plan.targets[0].unbootable);
	ck_assert_str_eq(plan.targets[1].entry, "B");
	ck_assert_ptr_null(plan.targets[1].unbootable);
	ck_assert_str_eq(plan.targets[1].cmdline, BI " b");
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_missing_config)
{
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct diag d;

	make_fs(&fs, "");
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 1, "/grub/grub.cfg", NULL, &plan, &d), -ENOENT);
	ck_assert_str_eq(d.file, "/grub/grub.cfg");
	bootfs_mem_free(&fs);
}
END_TEST

START_TEST(test_titles)
{
	struct bootfs fs = { 0 };
	struct boot_plan plan = { 0 };
	struct diag d;

	make_fs(&fs, "menuentry A { " K "; }\nsubmenu 'S>T' { menuentry B { " K "; }\n"
		     " submenu Inner { menuentry C { " K "; } }\n}\nmenuentry D { chainloader +1; }\n");
	diag_init(&d);
	ck_assert_int_eq(grub2_eval(&fs, 0, "/boot/grub/grub.cfg", NULL, &plan, &d), 0);
	ck_assert_uint_eq(plan.n_titles, 4);
	ck_assert_str_eq(plan.titles[0], "A");
	ck_assert_str_eq(plan.titles[1], "S>>T>B");
	ck_assert_str_eq(plan.titles[2], "S>>T>Inner>C");
	ck_assert_str_eq(plan.titles[3], "D");
	boot_plan_free(&plan);
	bootfs_mem_free(&fs);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("grub2-script");
	TCase *tc = tcase_create("script");

	tcase_add_loop_test(tc, test_lex, 0, sizeof(lex_rows) / sizeof(lex_rows[0]));
	tcase_add_loop_test(tc, test_eval, 0, sizeof(eval_rows) / sizeof(eval_rows[0]));
	tcase_add_test(tc, test_missing_kernel_unbootable);
	tcase_add_test(tc, test_missing_config);
	tcase_add_loop_test(tc, test_runaway_entry_unbootable, 0,
			    sizeof(runaway_cfgs) / sizeof(runaway_cfgs[0]));
	tcase_add_test(tc, test_titles);
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
