/* realboot.c - boot real distribution images by the loader and by their own GRUB, compare. */
/*
 * Each image (built by images/real/mkreal.sh, facts in IMAGE.info) boots
 * twice through a throwaway qcow2 overlay, so the cached raw image stays
 * pristine: once with the loader kernel and initramfs, once from the disk's
 * own MBR (SeaBIOS -> the image's boot.img -> its core.img -> its grub.cfg).
 * Both must reach "login:" on ttyS0 before the deadline and print the same
 * "Linux version" release and "Command line:"; the loader boot's command line
 * must end in the marker the loader appends, which proves the kexec happened.
 *
 * Output is TAP on stdout; each boot's serial log, headed by the exact QEMU
 * command, goes to LOGS/NAME.{loader,grub}.log; rows for the compatibility
 * list go to RESULTS (tab-separated, rows of other images kept).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKER " kexec_loader.kexeced=1"
#define TAIL_LINES 25

/* The QEMU process group running now, killed if realboot itself is stopped,
 * so an interrupted run leaves no guest behind. */
static volatile sig_atomic_t qemu_pgid;

static void on_signal(int sig)
{
	if (qemu_pgid > 0)
		kill(-(pid_t)qemu_pgid, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

struct opts {
	const char *qemu;
	const char *qemu_img;
	const char *accel;
	const char *kernel;
	const char *initrd;
	const char *logs;
	const char *work;
	const char *results;
	int timeout;
};

/* What IMAGE.info says about an image. */
struct info {
	char name[128];
	char release[64];
	char debian_version[32];
	char grub_version[64];
	char expect_kernel[128];
};

/* What one boot showed on the serial console. */
struct boot {
	bool reached;        /* "login:" after the last "Command line:" */
	int seconds;
	char release[128];   /* from the last "Linux version" line */
	char cmdline[1024];  /* from the last "Command line:" line */
	char why[256];       /* empty when nothing went wrong */
};

/* A growable byte buffer for the serial output. */
struct buf {
	char *p;
	size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -ENOMEM;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

static const char *mem_last(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *last = NULL;

	for (const char *p = hay; (p = memmem(p, len - (size_t)(p - hay), needle, n)); p++)
		last = p;
	return last;
}

/* Copy the rest of the line at p (without \r) into out. Trailing spaces
 * stay: GRUB legacy passes "... console=ttyS0 " and the comparison is exact. */
static void line_copy(const char *p, const char *end, char *out, size_t size)
{
	size_t n = 0;

	while (p < end && *p != '\n' && n + 1 < size) {
		if (*p != '\r')
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
}

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

static int info_read(const char *img, struct info *inf)
{
	char path[PATH_MAX], line[512];
	size_t n = strlen(img);
	FILE *f;

	if (n < 4 || strcmp(img + n - 4, ".img") != 0)
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%.*s.info", (int)(n - 4), img) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	memset(inf, 0, sizeof(*inf));
	while (fgets(line, sizeof(line), f)) {
		char *v = strchr(line, '=');

		if (!v)
			continue;
		*v++ = '\0';
		v[strcspn(v, "\n")] = '\0';
		if (strcmp(line, "name") == 0)
			copy_str(inf->name, sizeof(inf->name), v);
		else if (strcmp(line, "release") == 0)
			copy_str(inf->release, sizeof(inf->release), v);
		else if (strcmp(line, "debian_version") == 0)
			copy_str(inf->debian_version, sizeof(inf->debian_version), v);
		else if (strcmp(line, "grub_version") == 0)
			copy_str(inf->grub_version, sizeof(inf->grub_version), v);
		else if (strcmp(line, "expect_kernel") == 0)
			copy_str(inf->expect_kernel, sizeof(inf->expect_kernel), v);
	}
	fclose(f);
	return inf->name[0] ? 0 : -EINVAL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv to completion with output to log_fd; returns its exit status or -errno. */
static int run_wait(char *const argv[], int log_fd)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(log_fd, 1);
		dup2(log_fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void log_argv(FILE *log, char *const argv[])
{
	fputs("# ", log);
	for (size_t i = 0; argv[i]; i++)
		fprintf(log, strpbrk(argv[i], " \"") ? "'%s'%s" : "%s%s", argv[i], argv[i + 1] ? " " : "\n");
	fflush(log);
}

/* Boot argv (a QEMU command) until "login:" follows a "Command line:" or the
 * deadline passes; the serial console goes to log_path and is parsed into b. */
static int boot_run(char *const argv[], const char *log_path, int timeout, struct boot *b)
{
	struct buf out = { 0 };
	int fds[2], st, r = 0;
	double start = now();
	FILE *log;
	pid_t pid;

	memset(b, 0, sizeof(*b));
	log = fopen(log_path, "we");
	if (!log)
		return -errno;
	log_argv(log, argv);
	if (pipe2(fds, O_CLOEXEC) < 0) {
		r = -errno;
		fclose(log);
		return r;
	}
	pid = fork();
	if (pid < 0) {
		r = -errno;
		close(fds[0]);
		close(fds[1]);
		fclose(log);
		return r;
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		setpgid(0, 0);
		dup2(nul, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, 0);
	qemu_pgid = pid;
	close(fds[1]);
	for (;;) {
		double left = start + timeout - now();
		struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
		char chunk[8192];
		const char *cl;
		ssize_t n;

		if (left <= 0) {
			snprintf(b->why, sizeof(b->why), "no login: within %d s", timeout);
			break;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (!pfd.revents)
			continue;
		n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(b->why, sizeof(b->why), "qemu exited before login:");
			break;
		}
		fwrite(chunk, 1, (size_t)n, log);
		r = buf_add(&out, chunk, (size_t)n);
		if (r < 0)
			break;
		cl = mem_last(out.p, out.len, "Command line:");
		if (cl && memmem(cl, out.len - (size_t)(cl - out.p), "login:", 6)) {
			b->reached = true;
			break;
		}
	}
	b->seconds = (int)(now() - start + 0.5);
	kill(-pid, SIGKILL);
	waitpid(pid, &st, 0);
	qemu_pgid = 0;
	close(fds[0]);
	fprintf(log, "\n# %s after %d s\n", b->reached ? "login: reached" : b->why, b->seconds);
	fclose(log);
	if (out.p) {
		const char *lv = mem_last(out.p, out.len, "Linux version ");
		const char *cl = mem_last(out.p, out.len, "Command line: ");
		const char *end = out.p + out.len;

		if (lv) {
			line_copy(lv + strlen("Linux version "), end, b->release, sizeof(b->release));
			b->release[strcspn(b->release, " ")] = '\0';
		}
		if (cl)
			line_copy(cl + strlen("Command line: "), end, b->cmdline, sizeof(b->cmdline));
	}
	free(out.p);
	return r;
}

/* The last lines of a log, as TAP diagnostics. */
static void print_tail(const char *path)
{
	char *lines[TAIL_LINES] = { 0 };
	char line[512];
	size_t n = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		free(lines[n % TAIL_LINES]);
		lines[n % TAIL_LINES] = strdup(line);
		n++;
	}
	fclose(f);
	for (size_t i = n > TAIL_LINES ? n - TAIL_LINES : 0; i < n; i++) {
		char *l = lines[i % TAIL_LINES];

		if (l) {
			l[strcspn(l, "\r\n")] = '\0';
			printf("#   | %s\n", l);
		}
	}
	for (size_t i = 0; i < TAIL_LINES; i++)
		free(lines[i]);
}

static int overlay_make(const struct opts *o, const char *img, const char *overlay, int log_fd)
{
	char backing[PATH_MAX];
	char *argv[] = { (char *)o->qemu_img, "create", "-q", "-f", "qcow2", "-b", backing,
			 "-F", "raw", (char *)overlay, NULL };

	/* qemu-img resolves a relative backing file against the overlay's folder. */
	if (!realpath(img, backing))
		return -errno;
	(void)unlink(overlay);
	return run_wait(argv, log_fd) == 0 ? 0 : -EIO;
}

enum boot_kind { BOOT_LOADER, BOOT_GRUB };

static int boot_image(const struct opts *o, const struct info *inf, const char *img,
		      enum boot_kind kind, struct boot *b)
{
	char overlay[PATH_MAX], drive[PATH_MAX + 64], log_path[PATH_MAX];
	const char *what = kind == BOOT_LOADER ? "loader" : "grub";
	char *argv[32];
	size_t n = 0;
	int r;

	snprintf(overlay, sizeof(overlay), "%s/%s.%s.qcow2", o->work, inf->name, what);
	snprintf(log_path, sizeof(log_path), "%s/%s.%s.log", o->logs, inf->name, what);
	snprintf(drive, sizeof(drive), "file=%s,format=qcow2,if=virtio", overlay);
	r = overlay_make(o, img, overlay, 2);
	if (r < 0) {
		memset(b, 0, sizeof(*b));
		snprintf(b->why, sizeof(b->why), "cannot create overlay '%.200s'", overlay);
		return r;
	}
	argv[n++] = (char *)o->qemu;
	argv[n++] = "-accel";
	argv[n++] = (char *)o->accel;
	argv[n++] = "-m";
	argv[n++] = "1024";
	argv[n++] = "-nodefaults";
	argv[n++] = "-no-reboot";
	argv[n++] = "-nographic";
	argv[n++] = "-serial";
	argv[n++] = "stdio";
	if (kind == BOOT_LOADER) {
		argv[n++] = "-kernel";
		argv[n++] = (char *)o->kernel;
		argv[n++] = "-initrd";
		argv[n++] = (char *)o->initrd;
		argv[n++] = "-append";
		argv[n++] = "console=ttyS0 panic=-1 quiet";
	}
	argv[n++] = "-drive";
	argv[n++] = drive;
	argv[n] = NULL;
	r = boot_run(argv, log_path, o->timeout, b);
	(void)unlink(overlay);
	return r;
}

static bool strip_marker(char *cmdline)
{
	size_t n = strlen(cmdline), m = strlen(MARKER);

	if (n < m || strcmp(cmdline + n - m, MARKER) != 0)
		return false;
	cmdline[n - m] = '\0';
	return true;
}

struct row {
	char line[1024];
};

/* Rewrite the results file: header, rows of images not run now, new rows. */
static int results_write(const char *path, const struct row *rows, size_t nrows,
			 const struct info *infs)
{
	static const char header[] =
		"image\trelease\tkernel\tgrub\tloader\tgrub_boot\tagree\tseconds\n";
	char tmp[PATH_MAX], line[1024];
	FILE *in = fopen(path, "re"), *out;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = fopen(tmp, "we");
	if (!out) {
		int r = -errno;

		if (in)
			fclose(in);
		return r;
	}
	fputs(header, out);
	while (in && fgets(line, sizeof(line), in)) {
		size_t k = strcspn(line, "\t");
		bool replaced = strcmp(line, header) == 0;

		for (size_t i = 0; i < nrows && !replaced; i++)
			replaced = strlen(infs[i].name) == k && strncmp(line, infs[i].name, k) == 0;
		if (!replaced)
			fputs(line, out);
	}
	if (in)
		fclose(in);
	for (size_t i = 0; i < nrows; i++)
		fputs(rows[i].line, out);
	if (fclose(out) != 0 || rename(tmp, path) < 0)
		return -errno;
	return 0;
}

static const char *verdict(const struct boot *b)
{
	return b->reached ? "login" : "fail";
}

/* Boot one image both ways; prints one TAP line; returns true when it passed. */
static bool check_image(const struct opts *o, const char *img, int num, struct info *inf, struct row *row)
{
	struct boot l, g;
	char why[512] = "";
	bool marker, agree;

	if (info_read(img, inf) < 0) {
		copy_str(inf->name, sizeof(inf->name), img);
		printf("not ok %d - %s # cannot read its .info (build it with images/real/mkreal.sh)\n", num, img);
		snprintf(row->line, sizeof(row->line), "%s\t-\t-\t-\tfail\tfail\tno\t0\n", img);
		return false;
	}
	(void)boot_image(o, inf, img, BOOT_LOADER, &l);
	(void)boot_image(o, inf, img, BOOT_GRUB, &g);
	marker = strip_marker(l.cmdline);
	agree = l.reached && g.reached && marker && l.release[0] && strcmp(l.release, g.release) == 0 &&
		strcmp(l.cmdline, g.cmdline) == 0;
	if (!l.reached)
		snprintf(why, sizeof(why), "loader boot: %s", l.why);
	else if (!g.reached)
		snprintf(why, sizeof(why), "grub boot: %s", g.why);
	else if (!marker)
		snprintf(why, sizeof(why), "loader boot: command line lacks the marker '%s'", &MARKER[1]);
	else if (!l.release[0])
		snprintf(why, sizeof(why), "no 'Linux version' line");
	else if (!agree)
		snprintf(why, sizeof(why), "the boots differ");
	else if (inf->expect_kernel[0] && strcmp(inf->expect_kernel, l.release) != 0) {
		snprintf(why, sizeof(why), "both booted %s, the spec expects %s", l.release, inf->expect_kernel);
		agree = false;
	}
	printf("%s %d - %s kernel=%s loader=%ds grub=%ds%s%s\n", why[0] ? "not ok" : "ok", num, inf->name,
	       l.release[0] ? l.release : "?", l.seconds, g.seconds, why[0] ? " # " : "", why);
	if (why[0]) {
		printf("#   loader: release '%s' cmdline '%s'\n", l.release, l.cmdline);
		printf("#   grub:   release '%s' cmdline '%s'\n", g.release, g.cmdline);
		printf("#   logs and QEMU commands: %s/%s.loader.log %s/%s.grub.log\n", o->logs, inf->name,
		       o->logs, inf->name);
		if (!l.reached || !g.reached) {
			char path[PATH_MAX];

			snprintf(path, sizeof(path), "%s/%s.%s.log", o->logs, inf->name,
				 !l.reached ? "loader" : "grub");
			print_tail(path);
		}
	}
	snprintf(row->line, sizeof(row->line), "%s\t%s %s\t%s\t%s\t%s\t%s\t%s\t%d\n", inf->name, inf->release,
		 inf->debian_version, l.release[0] ? l.release : g.release, inf->grub_version, verdict(&l),
		 verdict(&g), agree && !why[0] ? "yes" : "no", l.seconds);
	fflush(stdout);
	return !why[0];
}

/* A whole number of seconds, 1 to a day; 0 (refused by the caller) otherwise. */
static int parse_seconds(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	return *s && !*end && v > 0 && v <= 86400 ? (int)v : 0;
}

/* Whether execvp would find prog. */
static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char dir[PATH_MAX];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	if (!path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (snprintf(dir, sizeof(dir), "%.*s/%s", (int)n, path, prog) < (int)sizeof(dir) &&
		    access(dir, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static void usage(FILE *f)
{
	fputs("usage: realboot [--kernel F] [--initrd F] [--logs DIR] [--work DIR] [--results F]\n"
	      "                [--timeout S] [--accel A] [--qemu P] [--qemu-img P] IMAGE.img...\n",
	      f);
}

int main(int argc, char **argv)
{
	struct opts o = {
		.qemu = "qemu-system-x86_64", .qemu_img = "qemu-img", .accel = "tcg",
		.kernel = "build/vmlinuz", .initrd = "build/kexec-loader.initrd",
		.logs = "build/logs", .work = "build-real", .results = "build/real/results.tsv",
		.timeout = 300,
	};
	struct row *rows;
	struct info *infs;
	int i, nimg, failed = 0, r;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			usage(stderr);
			return 2;
		}
		i++;
		if (strcmp(a, "--kernel") == 0)
			o.kernel = v;
		else if (strcmp(a, "--initrd") == 0)
			o.initrd = v;
		else if (strcmp(a, "--logs") == 0)
			o.logs = v;
		else if (strcmp(a, "--work") == 0)
			o.work = v;
		else if (strcmp(a, "--results") == 0)
			o.results = v;
		else if (strcmp(a, "--timeout") == 0)
			o.timeout = parse_seconds(v);
		else if (strcmp(a, "--accel") == 0)
			o.accel = v;
		else if (strcmp(a, "--qemu") == 0)
			o.qemu = v;
		else if (strcmp(a, "--qemu-img") == 0)
			o.qemu_img = v;
		else {
			usage(stderr);
			return 2;
		}
	}
	nimg = argc - i;
	if (nimg <= 0 || o.timeout <= 0) {
		usage(stderr);
		return 2;
	}
	if (!in_path(o.qemu) || !in_path(o.qemu_img)) {
		printf("1..0 # SKIP '%s' or '%s' not found\n", o.qemu, o.qemu_img);
		return 77;
	}
	if (access(o.kernel, R_OK) < 0 || access(o.initrd, R_OK) < 0) {
		fprintf(stderr, "realboot: cannot read '%s' or '%s': run make initrd\n", o.kernel, o.initrd);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	(void)mkdir(o.logs, 0755);
	(void)mkdir(o.work, 0755);
	rows = calloc((size_t)nimg, sizeof(*rows));
	infs = calloc((size_t)nimg, sizeof(*infs));
	if (!rows || !infs) {
		fprintf(stderr, "realboot: out of memory\n");
		return 1;
	}
	printf("TAP version 13\n1..%d\n", nimg);
	fflush(stdout);
	for (int k = 0; k < nimg; k++)
		if (!check_image(&o, argv[i + k], k + 1, &infs[k], &rows[k]))
			failed++;
	r = results_write(o.results, rows, (size_t)nimg, infs);
	if (r < 0)
		fprintf(stderr, "realboot: cannot write '%s': %s\n", o.results, strerror(-r));
	free(rows);
	free(infs);
	return failed || r < 0 ? 1 : 0;
}
