/* grub1.h - GRUB legacy (0.97) menu.lst / grub.conf evaluation.
 *
 * The menu is read the way stage2 reads it (stage2/stage2.c cmain(),
 * get_line_from_config()), the default and fallback entries chosen the
 * way it chooses them, including "default saved" with the "default" file
 * beside the configuration (grub-set-default, savedefault, and the
 * "PREV:NEXT" one-shot form Debian's and Xen's patches write). */
#ifndef KL_GRUB1_H
#define KL_GRUB1_H

#include <stddef.h>

#include "../bootfs.h"
#include "../diag.h"
#include "../plan.h"

/* How deep "configfile" may nest before the loader gives up. */
#define GRUB1_CONFIGFILE_DEPTH 8

/* plan_eval_fn for GRUB legacy: path is menu.lst or grub.conf on vol,
 * which is also the partition paths resolve on until an entry's "root"
 * says otherwise. Targets: the default entry, then the fallback entries. */
int grub1_eval(const struct bootfs *fs, size_t vol, const char *path,
	       const struct plan_options *opt, struct boot_plan *plan, struct diag *d);

#endif
