/* kexec.h - load the chosen kernel, initrd(s) and command line, then jump. */
#ifndef KL_KEXEC_H
#define KL_KEXEC_H

#include "bootfs.h"
#include "plan.h"

/* x86's COMMAND_LINE_SIZE: a longer line would be cut by the target kernel. */
#define KEXEC_CMDLINE_MAX 2048

/* Load t (files resolved on fs) with cmdline. Several initrds are joined in
 * order into one, as GRUB does in memory. Returns 0 or a negative errno;
 * *what names the step that failed ("kernel", "initrd", "load"). */
int kexec_load_target(const struct bootfs *fs, const struct boot_target *t,
		      const char *cmdline, const char **what);
/* Jump into the loaded kernel; returns only on failure (negative errno). */
int kexec_reboot(void);

#endif
