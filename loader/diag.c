/* diag.c - warnings passed up to the caller, and the one error that stops a parse. */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_warn(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	if (!d || !d->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	d->warn(d->userdata, file ? file : "", line, msg);
}

int diag_error(struct diag *d, int err, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (!d || d->msg[0])
		return err;
	snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
	d->line = line;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return err;
}
