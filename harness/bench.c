/* bench.c - make bench: one image booted by every path in turn, timed line by line.
 *
 * The paths alternate within one run (direct, loader, GRUB 2, GRUB legacy,
 * then again), so a machine that slows down mid-run slows all of them.
 * Host times come from a monotonic clock read as each console line arrives;
 * the loader's stage breakdown comes from the uptime stamps on its own lines
 * ("kexec-loader: [1.234] …"). Figures only: nothing here passes or fails on
 * a time. */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "disk.h"
#include "expect.h"
#include "grub1boot.h"
#include "grub2boot.h"
#include "spawn.h"
#include "spec.h"
#include "strbuf.h"
#include "util.h"

#define BENCH_RUNS_MAX 50
#define BENCH_TIMEOUT_MS 300000
#define BENCH_LINES_MAX 4096

/* loader_modular: the loader on Debian's generic kernel, drivers as modules (the
 * pair the built kernel replaced), when --modular-kernel/--modular-initrd are given. */
enum bench_path { PATH_DIRECT, PATH_LOADER, PATH_MODULAR, PATH_GRUB2, PATH_GRUB1, PATH_COUNT };

static const char *const path_names[PATH_COUNT] = { "direct", "loader", "loader_modular", "grub2", "grub1" };

/* The loader's steps, by the text of the line that ends each. */
enum bench_mark { MARK_STARTED, MARK_DRIVERS, MARK_MOUNTED, MARK_CONFIG, MARK_CMDLINE, MARK_PEAK, MARK_JUMP, MARK_COUNT };

static const char *const mark_text[MARK_COUNT] = {
	"] started", "driver modules", "] mounted ", " configuration (", "] cmdline: ", "] peak memory ",
	"] loaded; jumping",
};

struct bench_boot {
	double probe_ms;           /* host: QEMU start to the probe's line; < 0 if never */
	double mark_uptime[MARK_COUNT]; /* loader's own clock, ms; < 0 if absent */
	double jump_host_ms;       /* host time of the "jumping" line */
	double after_jump_host_ms; /* host time of the first line after it */
	unsigned long peak_kib;
};

struct bench_opts {
	const char *spec, *legacy_spec, *corpus, *loader_kernel, *loader_initrd, *target_kernel,
		*target_initrd, *work, *cache, *stage2, *markdown, *accel, *modular_kernel, *modular_initrd;
	unsigned runs;
};

struct bench_media {
	char *disk;        /* pristine built image */
	char *grub2;       /* lnxboot+core image for -kernel */
	char *grub1_disk;  /* legacy image */
	char *grub1_iso;
	char *cmdline;     /* the expected command line, for the direct boot */
	char *legacy_cmdline;
};

static int bench_build(const struct bench_opts *o, const char *spec_path, int oracle_legacy,
		       char **disk, char **media, char **cmdline)
{
	_cleanup_free_ char *root = NULL, *expect_path = NULL, *work = NULL, *log = NULL;
	struct stage_fill fill = { .kernel = o->target_kernel, .initrd = o->target_initrd };
	struct spec s = { 0 };
	struct spec_error se = { 0 };
	struct expect e = { 0 };
	const char *what = "", *rel = NULL;
	char device[32], dir[512], prefix[600];
	unsigned line = 0;
	int log_fd, part, r;

	r = spec_load(spec_path, &s, &se);
	if (r < 0) {
		fprintf(stderr, "bench: %s: cannot read the spec\n", spec_path);
		return r;
	}
	if (asprintf(&root, "%s/%s/root", o->corpus, s.corpus) < 0 ||
	    asprintf(&expect_path, "%s/%s/expect", o->corpus, s.corpus) < 0 ||
	    asprintf(&work, "%s/bench-%s", o->work, s.name) < 0 ||
	    asprintf(&log, "%s/bench-%s.build.log", o->work, s.name) < 0 ||
	    asprintf(disk, "%s/bench-%s.img", o->work, s.name) < 0) {
		spec_free(&s);
		return -ENOMEM;
	}
	r = expect_load(expect_path, &e, &line);
	if (r < 0) {
		fprintf(stderr, "bench: %s:%u: cannot read the expected plan\n", expect_path, line);
		goto out;
	}
	*cmdline = strdup(e.cmdline);
	util_mkdir_p(work, 0755);
	log_fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	r = disk_build(&s, root, &fill, work, *disk, log_fd, &what);
	if (r < 0) {
		fprintf(stderr, "bench: building %s failed %s (see %s)\n", s.name, what, log);
		close(log_fd);
		goto out;
	}
	part = spec_part_for_path(&s, e.config ? e.config : "/boot/grub/grub.cfg", &rel);
	if (part < 0) {
		r = part;
		close(log_fd);
		goto out;
	}
	if (oracle_legacy) {
		if (s.table == SPEC_TABLE_NONE)
			snprintf(device, sizeof(device), "hd0");
		else
			snprintf(device, sizeof(device), "hd0,%d", part);
		r = grub1boot_iso(o->stage2, device, rel, o->cache, log_fd, media);
	} else {
		snprintf(dir, sizeof(dir), "%s", rel);
		*strrchr(dir, '/') = '\0';
		r = spec_grub_device(&s, (size_t)part, device, sizeof(device));
		if (r == 0)
			r = grub2boot_prefix(device, *dir ? dir : "/", prefix, sizeof(prefix));
		if (r == 0)
			r = grub2boot_image(prefix, o->cache, log_fd, media);
	}
	close(log_fd);
	if (r < 0)
		fprintf(stderr, "bench: cannot build the boot loader for %s (see %s)\n", s.name, log);
out:
	expect_free(&e);
	spec_free(&s);
	return r;
}

static double bench_uptime(const char *line)
{
	const char *p = strstr(line, "kexec-loader: [");

	return p ? strtod(p + 15, NULL) * 1000.0 : -1;
}

/* Run QEMU, time every line, stop at the probe's line. */
static int bench_boot_run(const struct bench_opts *o, enum bench_path path, const struct bench_media *m,
			  const char *logpath, struct bench_boot *out)
{
	_cleanup_free_ char *disk = NULL, *drive = NULL;
	const char *accel = o->accel;
	char *argv[32];
	int argc = 0, log_fd, r = 0, jumped = 0;
	struct spawn_proc p;
	struct strbuf pending;
	int64_t start, deadline;

	for (int i = 0; i < MARK_COUNT; i++)
		out->mark_uptime[i] = -1;
	out->probe_ms = out->jump_host_ms = out->after_jump_host_ms = -1;
	out->peak_kib = 0;
	if (asprintf(&disk, "%s/bench-run.img", o->work) < 0)
		return -ENOMEM;
	/* Every boot starts from the pristine image, as a cloud attaches it. */
	r = util_copy_file(path == PATH_GRUB1 ? m->grub1_disk : m->disk, disk, 0644);
	if (r < 0 || asprintf(&drive, "file=%s,format=raw,if=virtio", disk) < 0)
		return r < 0 ? r : -ENOMEM;
	argv[argc++] = (char *)"qemu-system-x86_64";
	argv[argc++] = (char *)"-accel";
	argv[argc++] = (char *)accel;
	argv[argc++] = (char *)"-m";
	argv[argc++] = (char *)"512";
	argv[argc++] = (char *)"-nodefaults";
	argv[argc++] = (char *)"-no-reboot";
	argv[argc++] = (char *)"-nographic";
	argv[argc++] = (char *)"-serial";
	argv[argc++] = (char *)"stdio";
	argv[argc++] = (char *)"-drive";
	argv[argc++] = drive;
	switch (path) {
	case PATH_DIRECT:
		argv[argc++] = (char *)"-kernel";
		argv[argc++] = (char *)o->target_kernel;
		argv[argc++] = (char *)"-initrd";
		argv[argc++] = (char *)o->target_initrd;
		argv[argc++] = (char *)"-append";
		argv[argc++] = m->cmdline;
		break;
	case PATH_LOADER:
	case PATH_MODULAR:
		argv[argc++] = (char *)"-kernel";
		argv[argc++] = (char *)(path == PATH_LOADER ? o->loader_kernel : o->modular_kernel);
		argv[argc++] = (char *)"-initrd";
		argv[argc++] = (char *)(path == PATH_LOADER ? o->loader_initrd : o->modular_initrd);
		argv[argc++] = (char *)"-append";
		argv[argc++] = (char *)"console=ttyS0 panic=-1 quiet";
		break;
	case PATH_GRUB2:
		argv[argc++] = (char *)"-kernel";
		argv[argc++] = m->grub2;
		break;
	case PATH_GRUB1:
		argv[argc++] = (char *)"-cdrom";
		argv[argc++] = m->grub1_iso;
		argv[argc++] = (char *)"-boot";
		argv[argc++] = (char *)"d";
		break;
	default:
		return -EINVAL;
	}
	argv[argc] = NULL;

	log_fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd >= 0) {
		struct strbuf cmd;

		strbuf_init(&cmd);
		if (util_quote_argv(&cmd, argv) == 0)
			dprintf(log_fd, "+ %s\n", cmd.buf);
		strbuf_release(&cmd);
	}
	start = util_now_ms();
	deadline = start + BENCH_TIMEOUT_MS;
	r = spawn_start(&p, argv, -1, 1, 0);
	if (r < 0) {
		if (log_fd >= 0)
			close(log_fd);
		return r;
	}
	strbuf_init(&pending);
	while (out->probe_ms < 0) {
		struct pollfd pfd = { .fd = p.out_fd, .events = POLLIN };
		int64_t now = util_now_ms();
		char buf[4096];
		ssize_t n;
		char *nl;

		if (now >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
		if (poll(&pfd, 1, (int)(deadline - now)) < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		n = read(p.out_fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		now = util_now_ms();
		if (log_fd >= 0)
			(void)util_write_all(log_fd, buf, (size_t)n);
		if (strbuf_add(&pending, buf, (size_t)n) < 0) {
			r = -ENOMEM;
			break;
		}
		while ((nl = memchr(pending.buf, '\n', pending.len))) {
			double ms = (double)(now - start);

			*nl = '\0';
			/* The target's first line; a quiet target prints none before the probe. */
			if (jumped && out->after_jump_host_ms < 0 && nl != pending.buf &&
			    !(nl == pending.buf + 1 && pending.buf[0] == '\r') && !strstr(pending.buf, "KLPROBE "))
				out->after_jump_host_ms = ms;
			for (int i = 0; i < MARK_COUNT; i++)
				if (out->mark_uptime[i] < 0 && strstr(pending.buf, mark_text[i]))
					out->mark_uptime[i] = bench_uptime(pending.buf);
			if (strstr(pending.buf, mark_text[MARK_PEAK]))
				out->peak_kib = strtoul(strstr(pending.buf, mark_text[MARK_PEAK]) + 14, NULL, 10);
			if (!jumped && strstr(pending.buf, mark_text[MARK_JUMP])) {
				jumped = 1;
				out->jump_host_ms = ms;
			}
			if (strstr(pending.buf, "KLPROBE "))
				out->probe_ms = ms;
			pending.len -= (size_t)(nl + 1 - pending.buf);
			memmove(pending.buf, nl + 1, pending.len + 1);
		}
	}
	strbuf_release(&pending);
	spawn_kill(&p);
	if (log_fd >= 0)
		close(log_fd);
	unlink(disk);
	if (r == 0 && out->probe_ms < 0)
		r = -EIO;
	return r;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct bench_stat {
	double median, min, max;
	unsigned n;
};

static struct bench_stat bench_stats(double *v, unsigned n)
{
	struct bench_stat s = { -1, -1, -1, 0 };
	unsigned k = 0;

	for (unsigned i = 0; i < n; i++)
		if (v[i] >= 0)
			v[k++] = v[i];
	if (!k)
		return s;
	qsort(v, k, sizeof(*v), cmp_double);
	s.n = k;
	s.min = v[0];
	s.max = v[k - 1];
	s.median = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
	return s;
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void bench_usage(FILE *f)
{
	fputs("usage: harness bench --spec SPEC [--legacy-spec SPEC --grub-legacy-stage2 F] --corpus DIR\n"
	      "                     --loader-kernel F --loader-initrd F --target-kernel F --target-initrd F\n"
	      "                     [--loader-binary F] [--work DIR] [--cache DIR] [--runs N] [--accel tcg|kvm]\n"
	      "                     [--markdown FILE] [--modular-kernel F --modular-initrd F]\n",
	      f);
}

int bench_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "legacy-spec", required_argument, NULL, 'L' },
		{ "grub-legacy-stage2", required_argument, NULL, 'S' },
		{ "corpus", required_argument, NULL, 'c' },
		{ "loader-kernel", required_argument, NULL, 'k' },
		{ "loader-initrd", required_argument, NULL, 'i' },
		{ "loader-binary", required_argument, NULL, 'b' },
		{ "target-kernel", required_argument, NULL, 'K' },
		{ "target-initrd", required_argument, NULL, 'I' },
		{ "work", required_argument, NULL, 'w' },
		{ "cache", required_argument, NULL, 'C' },
		{ "runs", required_argument, NULL, 'n' },
		{ "accel", required_argument, NULL, 'a' },
		{ "markdown", required_argument, NULL, 'm' },
		{ "modular-kernel", required_argument, NULL, 'p' },
		{ "modular-initrd", required_argument, NULL, 'q' },
		{ 0 }
	};
	struct bench_opts o = { .work = "build/bench-work", .cache = "build/cache/images", .runs = 5,
				.accel = "tcg", .markdown = "build/bench.md" };
	static struct bench_boot boots[PATH_COUNT][BENCH_RUNS_MAX];
	struct bench_media m = { 0 };
	const char *loader_binary = NULL;
	double v[BENCH_RUNS_MAX];
	struct bench_stat st[PATH_COUNT];
	int have[PATH_COUNT] = { 1, 1, 0, 1, 0 };
	FILE *md;
	int c, r;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 's': o.spec = optarg; break;
		case 'L': o.legacy_spec = optarg; break;
		case 'S': o.stage2 = optarg; break;
		case 'c': o.corpus = optarg; break;
		case 'k': o.loader_kernel = optarg; break;
		case 'i': o.loader_initrd = optarg; break;
		case 'b': loader_binary = optarg; break;
		case 'K': o.target_kernel = optarg; break;
		case 'I': o.target_initrd = optarg; break;
		case 'w': o.work = optarg; break;
		case 'C': o.cache = optarg; break;
		case 'a': o.accel = optarg; break;
		case 'm': o.markdown = optarg; break;
		case 'p': o.modular_kernel = optarg; break;
		case 'q': o.modular_initrd = optarg; break;
		case 'n':
			o.runs = (unsigned)strtoul(optarg, NULL, 10);
			if (o.runs < 1 || o.runs > BENCH_RUNS_MAX) {
				fprintf(stderr, "bench: --runs must be 1..%d\n", BENCH_RUNS_MAX);
				return 2;
			}
			break;
		default:
			bench_usage(stderr);
			return 2;
		}
	}
	if (!o.spec || !o.corpus || !o.loader_kernel || !o.loader_initrd || !o.target_kernel ||
	    !o.target_initrd || (o.legacy_spec && !o.stage2) || !o.modular_kernel != !o.modular_initrd) {
		bench_usage(stderr);
		return 2;
	}
	have[PATH_MODULAR] = o.modular_kernel != NULL;
	util_mkdir_p(o.work, 0755);
	util_mkdir_p(o.cache, 0755);
	r = bench_build(&o, o.spec, 0, &m.disk, &m.grub2, &m.cmdline);
	if (r == 0 && o.legacy_spec) {
		r = bench_build(&o, o.legacy_spec, 1, &m.grub1_disk, &m.grub1_iso, &m.legacy_cmdline);
		have[PATH_GRUB1] = r == 0;
		if (r < 0)
			fprintf(stderr, "bench: GRUB legacy path left out\n");
		r = 0;
	}
	if (r < 0)
		return 1;

	for (unsigned run = 0; run < o.runs; run++) {
		for (int path = 0; path < PATH_COUNT; path++) {
			char log[512];

			if (!have[path])
				continue;
			snprintf(log, sizeof(log), "%s/bench-%s-%u.log", o.work, path_names[path], run + 1);
			r = bench_boot_run(&o, (enum bench_path)path, &m, log, &boots[path][run]);
			fprintf(stderr, "bench: run %u/%u %-6s %s %.2fs\n", run + 1, o.runs, path_names[path],
				r < 0 ? "FAILED" : "ok", boots[path][run].probe_ms / 1000.0);
			if (r < 0)
				fprintf(stderr, "bench: %s boot failed: %s (see %s)\n", path_names[path],
					strerror(-r), log);
		}
	}

	for (int path = 0; path < PATH_COUNT; path++) {
		for (unsigned i = 0; i < o.runs; i++)
			v[i] = have[path] ? boots[path][i].probe_ms : -1;
		st[path] = bench_stats(v, o.runs);
		if (st[path].n)
			printf("%s_s=%.2f\n%s_min_s=%.2f\n%s_max_s=%.2f\n", path_names[path],
			       st[path].median / 1000, path_names[path], st[path].min / 1000, path_names[path],
			       st[path].max / 1000);
	}
	if (st[PATH_DIRECT].n && st[PATH_LOADER].n)
		printf("loader_vs_direct=%.2f\n", st[PATH_LOADER].median / st[PATH_DIRECT].median);
	if (st[PATH_GRUB2].n && st[PATH_LOADER].n)
		printf("loader_vs_grub2=%.2f\n", st[PATH_LOADER].median / st[PATH_GRUB2].median);
	if (st[PATH_GRUB1].n && st[PATH_LOADER].n)
		printf("loader_vs_grub1=%.2f\n", st[PATH_LOADER].median / st[PATH_GRUB1].median);
	if (st[PATH_MODULAR].n && st[PATH_GRUB2].n)
		printf("loader_modular_vs_grub2=%.2f\n", st[PATH_MODULAR].median / st[PATH_GRUB2].median);

	md = fopen(o.markdown, "we");
	if (md) {
		fprintf(md, "| path | median s | min s | max s | runs |\n| --- | --- | --- | --- | --- |\n");
		for (int path = 0; path < PATH_COUNT; path++)
			if (st[path].n)
				fprintf(md, "| %s | %.2f | %.2f | %.2f | %u |\n", path_names[path],
					st[path].median / 1000, st[path].min / 1000, st[path].max / 1000, st[path].n);
		fprintf(md, "\n| loader stage | median ms |\n| --- | --- |\n");
	}
	/* The loader stage, from the loader's own clock (medians over the runs). */
	{
		struct bench_stat part;

		static const struct {
			const char *name;
			int from, to; /* marks; from < 0: kernel start (uptime 0) */
		} parts[] = {
			{ "loader_kernel_to_init_ms", -1, MARK_STARTED },
			{ "module_load_ms", MARK_STARTED, MARK_DRIVERS },
			{ "device_wait_probe_mount_ms", MARK_DRIVERS, MARK_MOUNTED },
			{ "config_eval_ms", MARK_MOUNTED, MARK_CONFIG },
			{ "loader_stage_ms", MARK_STARTED, MARK_PEAK },
			{ "kexec_load_ms", MARK_PEAK, MARK_JUMP },
		};

		for (size_t k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
			for (unsigned i = 0; i < o.runs; i++) {
				const struct bench_boot *b = &boots[PATH_LOADER][i];
				double from = parts[k].from < 0 ? 0 : b->mark_uptime[parts[k].from];
				double to = b->mark_uptime[parts[k].to];

				v[i] = from >= 0 && to >= 0 ? to - from : -1;
			}
			part = bench_stats(v, o.runs);
			if (!part.n)
				continue;
			printf("%s=%.0f\n", parts[k].name, part.median);
			if (md)
				fprintf(md, "| %s | %.0f |\n", parts[k].name, part.median);
		}
		for (unsigned i = 0; i < o.runs; i++) {
			const struct bench_boot *b = &boots[PATH_LOADER][i];

			v[i] = b->jump_host_ms >= 0 && b->after_jump_host_ms >= 0 ?
				       b->after_jump_host_ms - b->jump_host_ms : -1;
		}
		part = bench_stats(v, o.runs);
		if (part.n) {
			printf("handoff_ms=%.0f\n", part.median);
			if (md)
				fprintf(md, "| handoff_ms | %.0f |\n", part.median);
		}
		/* Jump to the probe: the handoff plus the target kernel's own boot. */
		for (unsigned i = 0; i < o.runs; i++) {
			const struct bench_boot *b = &boots[PATH_LOADER][i];

			v[i] = b->jump_host_ms >= 0 && b->probe_ms >= 0 ? b->probe_ms - b->jump_host_ms : -1;
		}
		part = bench_stats(v, o.runs);
		if (part.n) {
			printf("jump_to_probe_ms=%.0f\n", part.median);
			if (md)
				fprintf(md, "| jump_to_probe_ms | %.0f |\n", part.median);
		}
		for (unsigned i = 0; i < o.runs; i++)
			v[i] = boots[PATH_LOADER][i].peak_kib ? (double)boots[PATH_LOADER][i].peak_kib : -1;
		part = bench_stats(v, o.runs);
		if (part.n) {
			printf("loader_peak_kib=%.0f\n", part.median);
			if (md)
				fprintf(md, "| loader_peak_kib | %.0f |\n", part.median);
		}
	}
	printf("initrd_bytes=%lld\n", (long long)file_size(o.loader_initrd));
	if (o.modular_initrd)
		printf("modular_initrd_bytes=%lld\n", (long long)file_size(o.modular_initrd));
	if (loader_binary)
		printf("loader_binary_bytes=%lld\n", (long long)file_size(loader_binary));
	printf("runs=%u\naccel=%s\n", o.runs, o.accel);
	if (md) {
		fprintf(md, "\ninitramfs %lld bytes compressed; %u runs per path, alternating; accel %s\n",
			(long long)file_size(o.loader_initrd), o.runs, o.accel);
		fclose(md);
	}
	free(m.disk);
	free(m.grub2);
	free(m.grub1_disk);
	free(m.grub1_iso);
	free(m.cmdline);
	free(m.legacy_cmdline);
	return st[PATH_LOADER].n ? 0 : 1;
}
