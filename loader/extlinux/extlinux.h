/* extlinux.h - SYSLINUX/EXTLINUX configuration (extlinux.conf, syslinux.cfg).
 *
 * Read as SYSLINUX 6 reads it (com32/elflink/ldlinux/readconfig.c, and
 * com32/menu when the UI is menu.c32 or vesamenu.c32), the entry chosen
 * as ldlinux.c and the menu choose it, and the command line built as
 * kernel.c builds it: "BOOT_IMAGE=<kernel> <APPEND> initrd=<INITRD>". */
#ifndef KL_EXTLINUX_H
#define KL_EXTLINUX_H

#include <stddef.h>

#include "../bootfs.h"
#include "../diag.h"
#include "../plan.h"

/* INCLUDE nesting the loader follows. */
#define EXTLINUX_INCLUDE_DEPTH 16

/* plan_eval_fn for SYSLINUX: path is the configuration file on vol;
 * relative paths resolve against its directory, as SYSLINUX makes that
 * directory the current one. */
int extlinux_eval(const struct bootfs *fs, size_t vol, const char *path,
		  const struct plan_options *opt, struct boot_plan *plan, struct diag *d);

#endif
