/* options.h - kexec_loader.* options from the loader's own kernel command line. */
#ifndef KL_OPTIONS_H
#define KL_OPTIONS_H

#include <stdbool.h>

#define OPTIONS_MAX_UNKNOWN 8

struct loader_options {
	char *disk;     /* kexec_loader.disk=: device, UUID=…, LABEL=… */
	char *entry;    /* kexec_loader.entry=: index, title or id */
	char *append;   /* kexec_loader.append=: extra target arguments */
	bool console_inherit; /* kexec_loader.console=inherit */
	unsigned rootdelay;   /* kexec_loader.rootdelay= seconds, default 30 */
	bool debug;
	bool dryrun;
	bool kexeced;   /* our marker is present: we were kexec'd into ourselves */
	int kexec_method; /* kexec_loader.kexec=syscall-nocheck|file|syscall: enum kexec_method */
	char *format;   /* kexec_loader.format=grub2|grub1|bls|extlinux: force a format */
	char *console;  /* the loader's own console= value(s), for console=inherit */
	char *unknown[OPTIONS_MAX_UNKNOWN]; /* kexec_loader.* words we do not know */
	unsigned n_unknown;
};

/* The marker appended to every target command line, so a target that boots
 * this same initramfs again does not loop. */
#define OPTIONS_MARKER "kexec_loader.kexeced=1"

/* Parse a kernel command line (the contents of /proc/cmdline). Words are
 * split as the kernel splits them (double quotes group). Returns 0 or -ENOMEM,
 * -EINVAL for a malformed value (e.g. a non-numeric rootdelay). */
int options_parse(const char *cmdline, struct loader_options *o);
void options_free(struct loader_options *o);

#endif
