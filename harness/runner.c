/* runner.c - select, schedule and report the images of the boot matrix (see runner.h). */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "cleanup.h"
#include "junit.h"
#include "probeline.h"
#include "qemu.h"
#include "spawn.h"
#include "strbuf.h"
#include "tap.h"
#include "util.h"

struct runner_image {
	char *path;
	struct spec spec;
	int spec_ok;
	struct result res;
	pid_t pid;
	int done;
};

int runner_kernel_version(const char *path, char *buf, size_t size)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned char off[2];
	char s[256];
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -errno;
	if (pread(fd, off, 2, 0x20e) != 2)
		return -EINVAL;
	n = pread(fd, s, sizeof(s) - 1, 0x200 + (off[0] | off[1] << 8));
	if (n <= 0)
		return -EINVAL;
	s[n] = '\0';
	s[strcspn(s, " ")] = '\0';
	snprintf(buf, size, "%s", s);
	return 0;
}

static int runner_selected(const struct runner_opts *o, const char *name)
{
	_cleanup_free_ char *globs = NULL;
	char *save = NULL;

	if (!o->only || !*o->only)
		return 1;
	globs = strdup(o->only);
	if (!globs)
		return 0;
	for (char *g = strtok_r(globs, " ,", &save); g; g = strtok_r(NULL, " ,", &save))
		if (util_glob_match(g, name))
			return 1;
	return 0;
}

static int runner_is_spec(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return n > 5 && !strcmp(de->d_name + n - 5, ".spec") && de->d_name[0] != '.';
}

/* The images of this run, in name order, each with its parsed spec (or a
 * ready "not ok" result when the spec is malformed). */
static int runner_collect(const struct runner_opts *o, struct runner_image **out, size_t *count)
{
	struct dirent **names = NULL;
	struct runner_image *list;
	size_t n = 0, idx = 0;
	int total = scandir(o->images_dir, &names, runner_is_spec, alphasort), r = 0;

	if (total < 0)
		return -errno;
	list = calloc((size_t)total + 1, sizeof(*list));
	for (int i = 0; i < total && list && r == 0; i++) {
		char name[NAME_MAX + 1];
		struct runner_image *im;
		struct spec_error err = { 0 };
		int q;

		snprintf(name, sizeof(name), "%.*s", (int)strlen(names[i]->d_name) - 5, names[i]->d_name);
		if (!runner_selected(o, name))
			continue;
		/* Sharding counts selected images, so shards stay balanced under IMAGES=. */
		if (o->shards && idx++ % o->shards != o->shard - 1)
			continue;
		im = &list[n++];
		if (asprintf(&im->path, "%s/%s", o->images_dir, names[i]->d_name) < 0) {
			im->path = NULL;
			r = -ENOMEM;
			break;
		}
		q = spec_load(im->path, &im->spec, &err);
		if (q == 0) {
			im->spec_ok = 1;
			continue;
		}
		if (q == -ENOMEM) {
			r = q;
			break;
		}
		im->done = 1;
		result_set(&im->res, "image", name);
		result_set(&im->res, "status", "not ok");
		result_set(&im->res, "secs", "0.0");
		if (q == -EINVAL && err.line)
			result_setf(&im->res, "reason", "%s:%u: %s", im->path, err.line, err.msg);
		else if (q == -EINVAL)
			result_setf(&im->res, "reason", "%s: %s", im->path, err.msg);
		else
			result_setf(&im->res, "reason", "cannot read '%s': %s", im->path, strerror(-q));
	}
	for (int i = 0; i < total; i++)
		free(names[i]);
	free(names);
	if (!list)
		return -ENOMEM;
	*out = list;
	*count = n;
	return r;
}

static void runner_images_free(struct runner_image *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(list[i].path);
		if (list[i].spec_ok)
			spec_free(&list[i].spec);
		result_free(&list[i].res);
	}
	free(list);
}

/* A KVM that opens but cannot boot Linux (some nested setups) is no KVM:
 * boot the probe once with it and see whether it reports. */
static int runner_kvm_works(const struct runner_opts *o)
{
	struct qemu_boot q = {
		.kernel = o->bc.target_kernel, .initrd = o->bc.target_initrd,
		.append = "console=ttyS0 panic=-1", .kvm = 1, .timeout_s = 10,
	};
	struct qemu_result qr;
	struct probeline p;
	_cleanup_free_ char *log = NULL;
	_cleanup_close_ int fd = -1;
	int ok = 0;

	if (!qemu_kvm_available())
		return 0;
	if (asprintf(&log, "%s/kvm-check.log", o->bc.logs_dir) < 0) {
		log = NULL;
		return 0;
	}
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (qemu_run(&q, fd, &qr) < 0)
		return 0;
	if (!qr.timed_out && probeline_find(qr.serial, qr.serial_len, &p) == 0) {
		ok = 1;
		probeline_free(&p);
	}
	qemu_result_free(&qr);
	if (!ok)
		fprintf(stderr, "boot-test: /dev/kvm is present but a KVM guest did not boot (see %s), using TCG\n", log);
	return ok;
}

static int runner_need_file(const char *what, const char *path)
{
	if (path && access(path, R_OK) == 0)
		return 0;
	fprintf(stderr, "boot-test: cannot read %s '%s': %s\n", what, path ? path : "(not given)",
		path ? strerror(errno) : "missing option");
	return -ENOENT;
}

static int runner_have_tool(const char *name)
{
	const char *path = getenv("PATH");
	_cleanup_free_ char *copy = strdup(path ? path : "/usr/bin:/bin");
	char *save = NULL;

	if (!copy)
		return 0;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char full[PATH_MAX];

		snprintf(full, sizeof(full), "%s/%s", d, name);
		if (access(full, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* Print, in matrix order, every finished image at the front of the list
 * (all of them when all is set); count the failures printed. */
static void runner_print_ready(struct runner_image *list, size_t n, size_t *printed, size_t *failed, int all)
{
	while (*printed < n && (all || list[*printed].done)) {
		tap_result(stdout, *printed + 1, &list[*printed].res);
		if (strcmp(result_get_or(&list[*printed].res, "status", ""), "ok"))
			(*failed)++;
		(*printed)++;
	}
}

/* The child's whole life: run the image, hand the result back as a file. */
static void runner_child(const struct runner_opts *o, struct runner_image *im, const char *result_path)
{
	struct result res = { 0 };
	FILE *f;
	int r;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	r = bootcase_run(&o->bc, &im->spec, im->path, &res);
	if (r < 0) {
		result_set(&res, "image", im->spec.name);
		result_set(&res, "status", "not ok");
		result_setf(&res, "reason", "harness error: %s", strerror(-r));
	}
	f = fopen(result_path, "we");
	if (!f || result_write(f, &res) < 0 || fclose(f) != 0)
		_exit(1);
	result_free(&res);
	_exit(0);
}

static char *runner_result_path(const struct runner_opts *o, const struct runner_image *im)
{
	char *s = NULL;

	if (asprintf(&s, "%s/%s.result", o->bc.work_dir, im->spec.name) < 0)
		return NULL;
	return s;
}

static void runner_collect_child(const struct runner_opts *o, struct runner_image *im, int status)
{
	_cleanup_free_ char *path = runner_result_path(o, im);
	_cleanup_free_ char *data = NULL;
	size_t len = 0;

	im->done = 1;
	if (path && util_read_file(path, 1 << 20, &data, &len) == 0) {
		while (len && data[len - 1] == '\n')
			len--;
		if (result_parse(data, len, &im->res) == 0) {
			(void)unlink(path);
			return;
		}
	}
	result_set(&im->res, "image", im->spec.name);
	result_set(&im->res, "status", "not ok");
	result_set(&im->res, "secs", "0.0");
	result_setf(&im->res, "reason", "harness child died (%s %d) without a result",
		    WIFSIGNALED(status) ? "signal" : "status",
		    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static int runner_capture_version(char *buf, size_t size)
{
	char *argv[] = { "grub-mkimage", "--version", NULL };
	struct spawn_proc p;
	int r;

	buf[0] = '\0';
	r = spawn_start(&p, argv, -1, 1, 0);
	if (r < 0)
		return r;
	r = spawn_wait(&p, util_now_ms() + 10000);
	if (r >= 0) {
		ssize_t n = read(p.out_fd, buf, size - 1);

		if (n < 0)
			n = 0;
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
	}
	spawn_kill(&p);
	return r < 0 ? r : 0;
}

static int runner_write_results(const struct runner_opts *o, struct runner_image *list, size_t n,
				const struct result *run)
{
	_cleanup_free_ char *tmp = NULL;
	FILE *f;
	int r = 0;

	if (asprintf(&tmp, "%s.tmp", o->results_path) < 0) {
		tmp = NULL;
		return -ENOMEM;
	}
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	r = result_write(f, run);
	for (size_t i = 0; i < n && r == 0; i++)
		r = result_write(f, &list[i].res);
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, o->results_path) < 0)
		r = -errno;
	return r;
}

int runner_run(struct runner_opts *o)
{
	static const char *const tools[] = { QEMU_BIN, "mke2fs", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mcopy",
					     "grub-mkimage", "xorriso" };
	struct runner_image *list = NULL;
	struct result run = { 0 };
	size_t n = 0, running = 0, next = 0, printed = 0, finished = 0, failed = 0;
	char loader_version[128], target_version[128], grub_version[128];
	int64_t start = util_now_ms();
	int r;

	for (size_t i = 0; i < sizeof(tools) / sizeof(*tools); i++)
		if (!runner_have_tool(tools[i])) {
			fprintf(stderr, "boot-test: '%s' not found in PATH, skipping (install the Debian packages "
					"ci/install-deps.sh boot names)\n", tools[i]);
			return -RUNNER_SKIP;
		}
	if ((!o->bc.no_loader && (runner_need_file("loader kernel", o->bc.loader_kernel) ||
				  runner_need_file("loader initrd", o->bc.loader_initrd))) ||
	    runner_need_file("target kernel", o->bc.target_kernel) || runner_need_file("probe initrd", o->bc.target_initrd))
		return -ENOENT;
	if (o->bc.no_loader)
		loader_version[0] = '\0';
	else
		runner_kernel_version(o->bc.loader_kernel, loader_version, sizeof(loader_version));
	runner_kernel_version(o->bc.target_kernel, target_version, sizeof(target_version));
	if (*target_version && strcmp(target_version, o->bc.target_release)) {
		fprintf(stderr, "boot-test: target kernel '%s' is %s, not the target release '%s'\n",
			o->bc.target_kernel, target_version, o->bc.target_release);
		return -EINVAL;
	}
	if (*loader_version && !strcmp(loader_version, o->bc.target_release)) {
		fprintf(stderr, "boot-test: loader and target kernel are both %s: a test could not tell them apart\n",
			loader_version);
		return -EINVAL;
	}
	runner_capture_version(grub_version, sizeof(grub_version));
	if ((r = util_mkdir_p(o->bc.logs_dir, 0755)) < 0 || (r = util_mkdir_p(o->bc.work_dir, 0755)) < 0 ||
	    (r = util_mkdir_p(o->bc.cache_dir, 0755)) < 0) {
		fprintf(stderr, "boot-test: cannot create output directories: %s\n", strerror(-r));
		return r;
	}
	r = runner_collect(o, &list, &n);
	if (r < 0) {
		fprintf(stderr, "boot-test: cannot read images from '%s': %s\n", o->images_dir, strerror(-r));
		runner_images_free(list, list ? n : 0);
		return r;
	}
	if (!strcmp(o->accel, "kvm"))
		o->bc.kvm = 1;
	else if (!strcmp(o->accel, "auto"))
		o->bc.kvm = n > 0 && runner_kvm_works(o);
	o->bc.inputs_hash = util_hash(UTIL_HASH_SEED, CACHE_FORMAT, sizeof(CACHE_FORMAT));
	if ((r = util_hash_file(o->bc.target_kernel, &o->bc.inputs_hash)) < 0 ||
	    (r = util_hash_file(o->bc.target_initrd, &o->bc.inputs_hash)) < 0) {
		runner_images_free(list, n);
		return r;
	}
	fprintf(stderr, "boot-test: %zu images, -j%u, %s, loader %s, target %s\n", n, o->jobs,
		o->bc.kvm ? "kvm" : "tcg", *loader_version ? loader_version : "?", o->bc.target_release);
	tap_plan(stdout, n);
	while (finished < n) {
		int status;
		pid_t pid;

		while (running < o->jobs && next < n) {
			struct runner_image *im = &list[next++];
			_cleanup_free_ char *rp = NULL;

			if (im->done) {
				finished++;
				continue;
			}
			rp = runner_result_path(o, im);
			if (!rp) {
				r = -ENOMEM;
				break;
			}
			(void)unlink(rp);
			fflush(NULL);
			im->pid = fork();
			if (im->pid == 0)
				runner_child(o, im, rp);
			if (im->pid < 0) {
				im->done = 1;
				finished++;
				result_set(&im->res, "image", im->spec.name);
				result_set(&im->res, "status", "not ok");
				result_setf(&im->res, "reason", "cannot fork: %s", strerror(errno));
				continue;
			}
			running++;
		}
		if (running > 0) {
			pid = waitpid(-1, &status, 0);
			if (pid < 0 && errno == EINTR)
				continue;
			if (pid < 0)
				break;
			for (size_t i = 0; i < n; i++) {
				if (list[i].pid != pid || list[i].done)
					continue;
				running--;
				finished++;
				runner_collect_child(o, &list[i], status);
				fprintf(stderr, "[%*zu/%zu] %-6s %-44s %6ss  (%zu left)\n", n >= 10 ? 2 : 1, finished, n,
					result_get_or(&list[i].res, "status", "?"), list[i].spec.name,
					result_get_or(&list[i].res, "secs", "?"), n - finished);
			}
		}
		runner_print_ready(list, n, &printed, &failed, 0);
	}
	runner_print_ready(list, n, &printed, &failed, 1);
	result_set(&run, "image", ".run");
	result_set(&run, "loader_kernel", loader_version);
	result_set(&run, "target_kernel", o->bc.target_release);
	result_set(&run, "grub", grub_version);
	result_set(&run, "accel", o->bc.kvm ? "kvm" : "tcg");
	result_setf(&run, "jobs", "%u", o->jobs);
	result_setf(&run, "secs", "%.0f", (double)(util_now_ms() - start) / 1000.0);
	if (o->shards)
		result_setf(&run, "shard", "%u/%u", o->shard, o->shards);
	if (o->results_path) {
		int q = runner_write_results(o, list, n, &run);

		if (q < 0)
			fprintf(stderr, "boot-test: cannot write '%s': %s\n", o->results_path, strerror(-q));
	}
	if (o->junit_path) {
		struct result *flat = calloc(n ? n : 1, sizeof(*flat));
		int q = -ENOMEM;

		if (flat) {
			for (size_t i = 0; i < n; i++)
				flat[i] = list[i].res;
			q = junit_write(o->junit_path, "boot-test", flat, n);
			free(flat);
		}
		if (q < 0)
			fprintf(stderr, "boot-test: cannot write '%s': %s\n", o->junit_path, strerror(-q));
	}
	fprintf(stderr, "boot-test: %zu passed, %zu failed, %.0fs (%s, -j%u)\n", n - failed, failed,
		(double)(util_now_ms() - start) / 1000.0, o->bc.kvm ? "kvm" : "tcg", o->jobs);
	result_free(&run);
	runner_images_free(list, n);
	return r < 0 ? r : (int)failed;
}
