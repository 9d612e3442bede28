/* main.c - the harness command line: `boot-test` runs the image matrix, `compat` writes COMPATIBILITY.md. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "bench_limits.h"
#include "cleanup.h"
#include "compat.h"
#include "runner.h"
#include "util.h"

#define MAIN_DEFAULT_TIMEOUT 120

static void main_usage(FILE *f)
{
	fputs("usage: harness boot-test --images DIR --corpus DIR --loader-kernel F --loader-initrd F\n"
	      "                         --target-kernel F --target-release STRING|@FILE --target-initrd F\n"
	      "                         [--logs DIR] [--work DIR] [--cache DIR] [-j N] [--only GLOBS]\n"
	      "                         [--shard I/N] [--accel auto|kvm|tcg] [--timeout SECS]\n"
	      "                         [--junit FILE] [--results FILE] [--loader-append ARGS]\n"
	      "                         [--no-oracle | --oracle-only] [--keep]\n"
	      "                         [--grub-legacy-stage2 stage2_eltorito] [--loader-marker TEXT]\n"
	      "                         [--bootcode-dir DIR] [--loader-pair NAME=DIR]...\n"
	      "                         [--dirtier F --dirtier-kernel F --mkinitramfs F\n"
	      "                          --loader-kernel-root DIR --loader-release STRING|@FILE]\n"
	      "       harness bench --spec SPEC … (see harness bench --help)\n"
	      "       harness bench-limits LOADER CORPUS_TREE_SCRIPT RUNS CASE_DIR...\n"
	      "       harness compat [--results FILE] [--real-results TSV] [--real-specs DIR]\n"
	      "                      [-o COMPATIBILITY.md] [--check]\n"
	      "Environment: IMAGES=<globs> and SHARD=i/N act like --only and --shard.\n",
	      f);
}

/* "@FILE" reads the release from a file (its first line), as build/target/release holds it. */
static int main_release(const char *arg, char **out)
{
	char *data = NULL;
	int r;

	if (arg[0] != '@') {
		*out = strdup(arg);
		return *out ? 0 : -ENOMEM;
	}
	r = util_read_file(arg + 1, 4096, &data, NULL);
	if (r < 0)
		return r;
	data[strcspn(data, "\r\n")] = '\0';
	if (!*data) {
		free(data);
		return -EINVAL;
	}
	*out = data;
	return 0;
}

static int main_shard(const char *s, unsigned *i, unsigned *n)
{
	char *slash, *end;
	unsigned long a = strtoul(s, &slash, 10), b;

	if (slash == s || *slash != '/')
		return -EINVAL;
	b = strtoul(slash + 1, &end, 10);
	if (end == slash + 1 || *end || b == 0 || a == 0 || a > b || b > 1000)
		return -EINVAL;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

/* The mkfs tools live in /usr/sbin, which a user's PATH may lack. */
static void main_fix_path(void)
{
	const char *path = getenv("PATH");
	char *fixed = NULL;

	if (path && strstr(path, "/usr/sbin"))
		return;
	if (asprintf(&fixed, "%s:/usr/sbin:/sbin", path ? path : "/usr/bin:/bin") < 0)
		return;
	setenv("PATH", fixed, 1);
	free(fixed);
}

static int main_boot_test(int argc, char **argv)
{
	enum { O_IMAGES = 256, O_CORPUS, O_LK, O_LI, O_LA, O_TK, O_TR, O_TI, O_LOGS, O_WORK, O_CACHE, O_ONLY,
	       O_SHARD, O_ACCEL, O_TIMEOUT, O_JUNIT, O_RESULTS, O_NO_ORACLE, O_NO_LOADER, O_KEEP, O_STAGE2, O_MARKER, O_BOOTCODE, O_LKROOT, O_LREL, O_MKINITRAMFS, O_DIRTIER,
	       O_PAIR, O_DIRTIER_KERNEL,
	       O_HELP };
	static const struct option opts[] = {
		{ "images", required_argument, NULL, O_IMAGES },
		{ "corpus", required_argument, NULL, O_CORPUS },
		{ "loader-kernel", required_argument, NULL, O_LK },
		{ "loader-initrd", required_argument, NULL, O_LI },
		{ "loader-append", required_argument, NULL, O_LA },
		{ "target-kernel", required_argument, NULL, O_TK },
		{ "target-release", required_argument, NULL, O_TR },
		{ "target-initrd", required_argument, NULL, O_TI },
		{ "logs", required_argument, NULL, O_LOGS },
		{ "work", required_argument, NULL, O_WORK },
		{ "cache", required_argument, NULL, O_CACHE },
		{ "only", required_argument, NULL, O_ONLY },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "accel", required_argument, NULL, O_ACCEL },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "junit", required_argument, NULL, O_JUNIT },
		{ "results", required_argument, NULL, O_RESULTS },
		{ "no-oracle", no_argument, NULL, O_NO_ORACLE },
		{ "oracle-only", no_argument, NULL, O_NO_LOADER },
		{ "keep", no_argument, NULL, O_KEEP },
		{ "grub-legacy-stage2", required_argument, NULL, O_STAGE2 },
		{ "bootcode-dir", required_argument, NULL, O_BOOTCODE },
		{ "loader-kernel-root", required_argument, NULL, O_LKROOT },
		{ "loader-release", required_argument, NULL, O_LREL },
		{ "mkinitramfs", required_argument, NULL, O_MKINITRAMFS },
		{ "dirtier", required_argument, NULL, O_DIRTIER },
		{ "dirtier-kernel", required_argument, NULL, O_DIRTIER_KERNEL },
		{ "loader-pair", required_argument, NULL, O_PAIR },
		{ "loader-marker", required_argument, NULL, O_MARKER },
		{ "help", no_argument, NULL, O_HELP },
		{ 0 },
	};
	struct runner_opts o = {
		.images_dir = "images",
		.accel = "auto",
		.junit_path = "build/boot-test.xml",
		.results_path = "build/boot-results",
		.bc = {
			.corpus_dir = "corpus",
			.loader_append = "console=ttyS0 panic=-1",
			.logs_dir = "build/logs",
			.work_dir = "build/boot-work",
			.cache_dir = "build/cache/images",
			.timeout_s = MAIN_DEFAULT_TIMEOUT,
		},
	};
	_cleanup_free_ char *release = NULL, *loader_release = NULL;
	const char *release_arg = NULL, *loader_release_arg = NULL, *env;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int c, r;

	o.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	if ((env = getenv("IMAGES")) && *env)
		o.only = env;
	if ((env = getenv("SHARD")) && *env && main_shard(env, &o.shard, &o.shards) < 0) {
		fprintf(stderr, "boot-test: SHARD must be i/N with 1 <= i <= N, got '%s'\n", env);
		return 2;
	}
	while ((c = getopt_long(argc, argv, "j:", opts, NULL)) != -1) {
		switch (c) {
		case O_IMAGES: o.images_dir = optarg; break;
		case O_CORPUS: o.bc.corpus_dir = optarg; break;
		case O_LK: o.bc.loader_kernel = optarg; break;
		case O_LI: o.bc.loader_initrd = optarg; break;
		case O_LA: o.bc.loader_append = optarg; break;
		case O_TK: o.bc.target_kernel = optarg; break;
		case O_TR: release_arg = optarg; break;
		case O_TI: o.bc.target_initrd = optarg; break;
		case O_LOGS: o.bc.logs_dir = optarg; break;
		case O_WORK: o.bc.work_dir = optarg; break;
		case O_CACHE: o.bc.cache_dir = optarg; break;
		case O_ONLY: o.only = optarg; break;
		case O_JUNIT: o.junit_path = *optarg ? optarg : NULL; break;
		case O_RESULTS: o.results_path = *optarg ? optarg : NULL; break;
		case O_NO_ORACLE: o.bc.no_oracle = 1; break;
		case O_NO_LOADER: o.bc.no_loader = 1; break;
		case O_KEEP: o.bc.keep = 1; break;
		case O_STAGE2: o.bc.grub_legacy_stage2 = optarg; break;
		case O_BOOTCODE: o.bc.bootcode_dir = optarg; break;
		case O_LKROOT: o.bc.loader_kernel_root = optarg; break;
		case O_LREL: loader_release_arg = optarg; break;
		case O_MKINITRAMFS: o.bc.mkinitramfs = optarg; break;
		case O_DIRTIER: o.bc.dirtier = optarg; break;
		case O_DIRTIER_KERNEL: o.bc.dirtier_kernel = optarg; break;
		case O_PAIR:
			if (o.bc.n_pairs >= BOOTCASE_PAIRS_MAX || !strchr(optarg, '=') || optarg[0] == '=') {
				fprintf(stderr, "boot-test: --loader-pair takes NAME=DIR (at most %d), got '%s'\n",
					BOOTCASE_PAIRS_MAX, optarg);
				return 2;
			}
			o.bc.pairs[o.bc.n_pairs++] = optarg;
			break;
		case O_MARKER: o.bc.loader_marker = optarg; break;
		case O_SHARD:
			if (main_shard(optarg, &o.shard, &o.shards) < 0) {
				fprintf(stderr, "boot-test: --shard must be i/N with 1 <= i <= N, got '%s'\n", optarg);
				return 2;
			}
			break;
		case O_ACCEL:
			if (strcmp(optarg, "auto") && strcmp(optarg, "kvm") && strcmp(optarg, "tcg")) {
				fprintf(stderr, "boot-test: --accel must be auto, kvm or tcg, got '%s'\n", optarg);
				return 2;
			}
			o.accel = optarg;
			break;
		case O_TIMEOUT:
			o.bc.timeout_s = (unsigned)strtoul(optarg, NULL, 10);
			if (!o.bc.timeout_s) {
				fprintf(stderr, "boot-test: bad --timeout '%s'\n", optarg);
				return 2;
			}
			break;
		case 'j':
			o.jobs = (unsigned)strtoul(optarg, NULL, 10);
			if (!o.jobs) {
				fprintf(stderr, "boot-test: bad -j '%s'\n", optarg);
				return 2;
			}
			break;
		case O_HELP:
			main_usage(stdout);
			return 0;
		default:
			main_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || !release_arg) {
		main_usage(stderr);
		return 2;
	}
	r = main_release(release_arg, &release);
	if (r < 0) {
		fprintf(stderr, "boot-test: cannot read target release '%s': %s\n", release_arg, strerror(-r));
		return 2;
	}
	o.bc.target_release = release;
	if (loader_release_arg) {
		r = main_release(loader_release_arg, &loader_release);
		if (r < 0) {
			fprintf(stderr, "boot-test: cannot read loader release '%s': %s\n", loader_release_arg,
				strerror(-r));
			return 2;
		}
		o.bc.loader_release = loader_release;
	}
	main_fix_path();
	r = runner_run(&o);
	if (r == -RUNNER_SKIP)
		return RUNNER_SKIP;
	if (r < 0) {
		if (r != -ENOENT && r != -EINVAL)
			fprintf(stderr, "boot-test: %s\n", strerror(-r));
		return 2;
	}
	return r > 0 ? 1 : 0;
}

static int main_compat(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "real-results", required_argument, NULL, 'R' },
		{ "real-specs", required_argument, NULL, 'S' },
		{ 0 },
	};
	struct compat_inputs in = { .results = "build/boot-results", .real_specs = "images/real" };
	const char *output = "COMPATIBILITY.md";
	int c, r, check = 0;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'r': in.results = optarg; break;
		case 'o': output = optarg; break;
		case 'c': check = 1; break;
		case 'R': in.real_results = optarg; break;
		case 'S': in.real_specs = optarg; break;
		default: main_usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		main_usage(stderr);
		return 2;
	}
	if (check) {
		r = compat_check(&in, output);
		if (r == 1)
			fprintf(stderr, "compat: '%s' does not match the results in '%s'; run make compat\n", output,
				in.results);
		else if (r < 0)
			fprintf(stderr, "compat: cannot compare '%s' with '%s': %s\n", output, in.results, strerror(-r));
		return r == 0 ? 0 : 1;
	}
	r = compat_write(&in, output);
	if (r < 0) {
		fprintf(stderr, "compat: cannot write '%s' from '%s': %s\n", output, in.results, strerror(-r));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "boot-test"))
		return main_boot_test(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "compat"))
		return main_compat(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "bench"))
		return bench_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "bench-limits"))
		return bench_limits_main(argc - 1, argv + 1);
	main_usage(argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
	return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
