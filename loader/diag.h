/* diag.h - how parsers report: warnings go on and are passed up; one error stops.
 *
 * Parsers never print. A warning ("file:line: unknown command 'foo', ignoring")
 * is handed to the caller's callback and evaluation continues, as GRUB
 * carries on after a bad statement. An error is recorded once, with the file
 * and line it concerns, and the function returns a negative errno. */
#ifndef KL_DIAG_H
#define KL_DIAG_H

#define DIAG_MSG_MAX 512
#define DIAG_FILE_MAX 256

struct diag {
	void (*warn)(void *userdata, const char *file, unsigned line, const char *msg);
	void *userdata;
	char file[DIAG_FILE_MAX]; /* of the error; "" if none */
	unsigned line;            /* 0 when the error concerns no line */
	char msg[DIAG_MSG_MAX];
};

void diag_init(struct diag *d);
void diag_warn(struct diag *d, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Record the error (the first one wins) and return err, which must be negative. */
int diag_error(struct diag *d, int err, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
