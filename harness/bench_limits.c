/* bench_limits.c - make bench-limits: time and peak memory of the loader's
 * refusal of each hostile corpus case, against the budget a refusal must
 * keep (a second, a few MiB). Figures, not assertions: the corpus asserts
 * what is refused and why. */
#include "bench_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define LIMITS_BUDGET_S 1.0
#define LIMITS_BUDGET_KIB 8192.0
#define LIMITS_RUNS_MAX 100

struct limits_run {
	double secs;
	long peak_kib;
	int status;
	char last_line[160]; /* of the loader's stderr: its refusal, or its last warning */
};

/* The case's tree from corpus-tree.sh, the same one the corpus runner plans. */
static char *limits_tree(const char *tree_script, const char *case_dir)
{
	char *const argv[] = { (char *)tree_script, (char *)case_dir, NULL };
	char line[4096];
	size_t got = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) < 0)
		return NULL;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		if (dup2(fds[1], 1) < 0)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		execv(tree_script, argv);
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		ssize_t n = read(fds[0], line + got, sizeof(line) - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == sizeof(line) - 1)
			break;
	}
	close(fds[0]);
	line[got] = '\0';
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	return line[0] ? strdup(line) : NULL;
}

/* The last line of what fd holds (its last 8 KiB), without its newline. */
static void limits_last_line(int fd, char *line, size_t size)
{
	char buf[8192], *end, *start;
	off_t len = lseek(fd, 0, SEEK_END);
	off_t from = len > (off_t)sizeof(buf) - 1 ? len - (off_t)sizeof(buf) + 1 : 0;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, from);
	size_t k;

	buf[n > 0 ? n : 0] = '\0';
	end = buf + strlen(buf);
	while (end > buf && end[-1] == '\n')
		*--end = '\0';
	start = strrchr(buf, '\n');
	start = start ? start + 1 : buf;
	k = strnlen(start, size - 1);
	memcpy(line, start, k);
	line[k] = '\0';
}

/* Run the loader's plan of root once: wall time, its own peak RSS (wait4). */
static int limits_run_once(const char *loader, const char *root, struct limits_run *out)
{
	char err_path[] = "/tmp/kl-bench-limits-XXXXXX";
	struct timespec t0, t1;
	struct rusage ru;
	int fd = mkstemp(err_path), status;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -errno;
	unlink(err_path);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		close(fd);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execl(loader, loader, "--plan", "--root", root, (char *)NULL);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		close(fd);
		return -errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out->secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	out->peak_kib = ru.ru_maxrss;
	out->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	limits_last_line(fd, out->last_line, sizeof(out->last_line));
	close(fd);
	return 0;
}

static int cmp_run(const void *a, const void *b)
{
	double x = ((const struct limits_run *)a)->secs, y = ((const struct limits_run *)b)->secs;

	return (x > y) - (x < y);
}

/* One case: its tree, RUNS plans of it, a table row; the worst figures so far
 * are raised to this case's. Returns 0, or 1 when it could not be measured. */
static int limits_case(const char *loader, const char *tree_script, const char *dir, unsigned runs,
		       double *worst_s, double *worst_kib)
{
	const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	struct limits_run v[LIMITS_RUNS_MAX];
	char *root = limits_tree(tree_script, dir);
	char gen[4096];
	struct stat st;
	long peak = 0;
	int status = 0;

	if (!root) {
		fprintf(stderr, "bench-limits: %s: cannot build its tree\n", dir);
		return 1;
	}
	for (unsigned k = 0; k < runs; k++) {
		if (limits_run_once(loader, root, &v[k]) < 0) {
			fprintf(stderr, "bench-limits: %s: cannot run %s\n", name, loader);
			status = 1;
			runs = k;
			break;
		}
		if (v[k].peak_kib > peak)
			peak = v[k].peak_kib;
	}
	if (runs) {
		struct limits_run med;

		qsort(v, runs, sizeof(v[0]), cmp_run);
		med = v[runs / 2];
		printf("| %s | %.3f | %ld | %.3f | %.2f | %d | %s |\n", name, med.secs, peak,
		       med.secs / LIMITS_BUDGET_S, (double)peak / LIMITS_BUDGET_KIB, med.status,
		       med.last_line);
		if (med.secs > *worst_s)
			*worst_s = med.secs;
		if ((double)peak > *worst_kib)
			*worst_kib = (double)peak;
	}
	snprintf(gen, sizeof(gen), "%s/generate", dir);
	if (stat(gen, &st) == 0)
		util_rm_rf(root);
	free(root);
	return status;
}

int bench_limits_main(int argc, char **argv)
{
	double worst_s = 0, worst_kib = 0;
	unsigned long runs;
	int status = 0;

	if (argc < 5) {
		fputs("usage: harness bench-limits LOADER CORPUS_TREE_SCRIPT RUNS CASE_DIR...\n", stderr);
		return 2;
	}
	runs = strtoul(argv[3], NULL, 10);
	if (runs == 0 || runs > LIMITS_RUNS_MAX) {
		fprintf(stderr, "bench-limits: RUNS must be 1..%d\n", LIMITS_RUNS_MAX);
		return 2;
	}
	printf("| case | median s | peak KiB | s / %.0f s | KiB / %.0f KiB | exit | last line of stderr |\n",
	       LIMITS_BUDGET_S, LIMITS_BUDGET_KIB);
	puts("| --- | --- | --- | --- | --- | --- | --- |");
	for (int i = 4; i < argc; i++)
		status |= limits_case(argv[1], argv[2], argv[i], (unsigned)runs, &worst_s, &worst_kib);
	printf("\nlimits_worst_s=%.3f limits_worst_peak_kib=%.0f limits_worst_vs_budget=%.2f/%.2f\n",
	       worst_s, worst_kib, worst_s / LIMITS_BUDGET_S, worst_kib / LIMITS_BUDGET_KIB);
	return status;
}
