/* log.c - one console line per step, with the uptime, so an operator reading
 * get-console-output sees what the loader did and how long it took. */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

unsigned long log_uptime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

/* PID 1 starts without stdio when the initramfs has no /dev/console:
 * open it (devtmpfs must be mounted) onto fds 0-2. */
void log_open_console(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
	char msg[1024];
	unsigned long ms = log_uptime_ms();

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Errors and warnings keep the exact form operators grep for; steps carry the uptime. */
	if (*level)
		fprintf(stdout, "kexec-loader: %s%s\n", level, msg);
	else
		fprintf(stdout, "kexec-loader: [%lu.%03lu] %s\n", ms / 1000, ms % 1000, msg);
	fflush(stdout);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("warning: ", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error: ", fmt, ap);
	va_end(ap);
}
