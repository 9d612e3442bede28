/* regress_main.c - replay saved fuzz inputs through a target without libFuzzer,
 * so every input that once crashed or hung stays a test in make check. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* An input the fuzzer's own -timeout would call a hang. */
#define REGRESS_SECONDS 5

static const char *current;

static void on_alarm(int sig)
{
	static const char msg[] = "fuzz regressions: FAILED, still running after 5 s (a hang): ";

	(void)sig;
	(void)!write(2, msg, sizeof(msg) - 1);
	(void)!write(2, current, strlen(current));
	(void)!write(2, "\n", 1);
	_exit(1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int passed = 0;

	signal(SIGALRM, on_alarm);

	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long n;

		if (!f || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0) {
			fprintf(stderr, "cannot read '%s'\n", argv[i]);
			return 1;
		}
		rewind(f);
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "cannot read '%s'\n", argv[i]);
			return 1;
		}
		fclose(f);
		current = argv[i];
		alarm(REGRESS_SECONDS);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		alarm(0);
		free(buf);
		passed++;
	}
	printf("fuzz regressions: %d passed, 0 failed\n", passed);
	return 0;
}
