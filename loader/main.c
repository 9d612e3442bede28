/* main.c - policy only: PID 1 boots the image; anything else is host mode. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "choose.h"
#include "formats.h"
#include "hostmode.h"
#include "pid1.h"

#define MAX_VARS 64

static void usage(FILE *f)
{
	fprintf(f, "usage: kexec-loader --plan --root DIR [--var NAME=VALUE]... [--entry E]\n"
		   "                    [--append WORDS] [--inherit-console console=…]\n"
		   "                    [--bootcode grub2|grub1|syslinux|FILE] [--partition MOUNTPOINT=GRUBNAME]...\n"
		   "       kexec-loader --list --root DIR [--var NAME=VALUE]...\n"
		   "As process 1 (the initramfs' /init) it boots the image it finds.\n");
}

static void print_warning(void *userdata, const char *file, unsigned line, const char *msg)
{
	(void)userdata;
	if (line)
		fprintf(stderr, "kexec-loader: warning: %s:%u: %s\n", file, line, msg);
	else
		fprintf(stderr, "kexec-loader: warning: %s: %s\n", file, msg);
}

/* What kexec_loader.append= and kexec_loader.console=inherit add at boot. */
struct host_cmdline {
	const char *append;
	const char *console;
};

static int print_plan(const struct bootfs *fs, const struct boot_plan *p, const struct host_cmdline *hc)
{
	struct strbuf name, cmd;
	char why[512];
	int idx = choose_target(fs, p, 0, why, sizeof(why));
	const struct boot_target *t;

	strbuf_init(&name);
	choose_file_name(fs, &p->config, &name);
	if (idx < 0) {
		fprintf(stderr, "kexec-loader: %s: %s\n", name.buf, why);
		strbuf_release(&name);
		return 1;
	}
	t = &p->targets[idx];
	if (why[0])
		fprintf(stderr, "kexec-loader: warning: %s: %s; booting entry '%s' instead\n", name.buf, why,
			t->entry ? t->entry : "");
	printf("format=%s\n", p->format);
	if (p->reason)
		printf("reason=%s\n", p->reason);
	printf("config=%s\n", name.buf);
	printf("entry=%s\n", t->entry ? t->entry : "");
	choose_file_name(fs, &t->kernel, &name);
	printf("kernel=%s\n", name.buf);
	printf("initrd=");
	for (size_t i = 0; i < t->n_initrds; i++) {
		choose_file_name(fs, &t->initrds[i], &name);
		printf("%s%s", i ? " " : "", name.buf);
	}
	strbuf_init(&cmd);
	if (choose_cmdline(t, hc->append, hc->console, &cmd) < 0) {
		fprintf(stderr, "kexec-loader: the command line does not fit in memory\n");
		strbuf_release(&name);
		return 1;
	}
	printf("\ncmdline=%s\n", cmd.buf);
	strbuf_release(&cmd);
	strbuf_release(&name);
	return 0;
}

static int host_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "plan", no_argument, NULL, 'p' },
		{ "list", no_argument, NULL, 'l' },
		{ "root", required_argument, NULL, 'r' },
		{ "var", required_argument, NULL, 'v' },
		{ "entry", required_argument, NULL, 'e' },
		{ "append", required_argument, NULL, 'a' },
		{ "inherit-console", required_argument, NULL, 'c' },
		{ "bootcode", required_argument, NULL, 'b' },
		{ "partition", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *vars[MAX_VARS], *names[MAX_VARS];
	size_t n_names = 0;
	struct plan_options po = { .vars = vars };
	struct boot_plan plan = { 0 };
	struct host_cmdline hc = { 0 };
	const char *root = NULL, *bootcode = NULL;
	struct bootfs fs;
	struct diag d;
	int mode = 0, c, r;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 'l':
			mode = c;
			break;
		case 'r':
			root = optarg;
			break;
		case 'v':
			if (po.n_vars >= MAX_VARS || !strchr(optarg, '=')) {
				fprintf(stderr, "kexec-loader: --var wants NAME=VALUE, got '%s'\n", optarg);
				return 2;
			}
			vars[po.n_vars++] = optarg;
			break;
		case 'P':
			if (n_names >= MAX_VARS || optarg[0] != '/' || !strchr(optarg, '=')) {
				fprintf(stderr, "kexec-loader: --partition wants MOUNTPOINT=GRUBNAME "
						"(/boot=hd0,msdos5), got '%s'\n", optarg);
				return 2;
			}
			names[n_names++] = optarg;
			break;
		case 'e':
			po.entry = optarg;
			break;
		case 'a':
			hc.append = optarg;
			break;
		case 'c':
			hc.console = optarg;
			break;
		case 'b':
			/* What bootcode_detect() says of the disk's first sectors:
			 * named, or read from a copy of them. */
			if (!strcmp(optarg, "grub2") || !strcmp(optarg, "grub1") || !strcmp(optarg, "syslinux")) {
				bootcode = optarg;
				break;
			}
			r = hostmode_bootcode_file(optarg, &bootcode);
			if (r < 0) {
				fprintf(stderr, "kexec-loader: --bootcode wants grub2, grub1, syslinux or a copy of "
						"a disk's first sectors; '%s': %s\n", optarg,
					r == -EINVAL ? "shorter than one 512-byte sector" : strerror(-r));
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!mode || !root || optind != argc) {
		usage(stderr);
		return 2;
	}
	r = hostmode_bootfs(root, names, n_names, &fs);
	if (r < 0) {
		fprintf(stderr, "kexec-loader: cannot open '%s': %s\n", root, strerror(-r));
		return 1;
	}
	diag_init(&d);
	d.warn = print_warning;
	r = formats_plan(&fs, &po, bootcode, &plan, &d);
	if (r < 0) {
		if (d.line)
			fprintf(stderr, "kexec-loader: %s:%u: %s\n", d.file, d.line, d.msg);
		else if (d.msg[0])
			fprintf(stderr, "kexec-loader: %s: %s\n", d.file[0] ? d.file : root, d.msg);
		else
			fprintf(stderr, "kexec-loader: %s: %s\n", root, strerror(-r));
		bootfs_dir_free(&fs);
		return 1;
	}
	if (mode == 'l') {
		for (size_t i = 0; i < plan.n_titles; i++)
			printf("%s\n", plan.titles[i]);
		r = 0;
	} else {
		r = print_plan(&fs, &plan, &hc);
	}
	boot_plan_free(&plan);
	bootfs_dir_free(&fs);
	return r;
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		pid1_main();
	return host_main(argc, argv);
}
