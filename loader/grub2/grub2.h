/* grub2.h - evaluate a GRUB 2 grub.cfg as GRUB 2 would, and decide what it boots.
 *
 * grub2_eval is the plan_eval_fn for GRUB 2 configs. It runs the whole
 * script (lexer, parser and evaluator modelled on grub-core/script/), then
 * reads "default" and "fallback" as grub-core/normal/menu.c does, and boots
 * the chosen entries in thought: it runs their bodies and records what
 * linux/initrd would load and the command line GRUB would build.
 *
 * Initial state, as GRUB's installer leaves it: $root is the volume holding
 * the config ("hd0,msdos1"), $prefix is "(" root ")" plus the config's
 * directory, $grub_platform is "pc" and $grub_cpu "i386" (BIOS boot, the way
 * the images are started), the feature_* variables of GRUB 2.02+ are "y".
 * opt->vars are set after these, opt->entry replaces "default" once the
 * script has run.
 *
 * The plan:
 *  - format "grub2", config = (vol, path);
 *  - titles: every menu entry, submenus opened, as title paths joined by
 *    '>' (a '>' inside a title is written ">>", as GRUB's "chosen" does);
 *  - targets: the default entry, then each "fallback" entry in order.
 *    A target whose body does not load a kernel (its kernel file is
 *    missing, it only chainloads, …) is still listed, with unbootable
 *    saying why, GRUB's own message for a failed command ("file
 *    '/vmlinuz-x' not found"); its kernel is the file it tried, if any.
 *    Loaders kexec cannot start (chainloader, multiboot, …) make the
 *    target unbootable too.
 *
 * Errors. A bad statement is a warning ("file:line: …" through d) and
 * evaluation goes on, as GRUB goes on with the next line. Fatal, with
 * file:line in d: the config cannot be read (-ENOENT, …); the menu ends up
 * empty (-ENOENT; the location of the first syntax error if there was one);
 * the step budget or the nesting limit is exceeded (-ELOOP); out of memory.
 * The loader never writes: save_env, and so recordfail, do nothing. */
#ifndef KL_GRUB2_H
#define KL_GRUB2_H

#include <stddef.h>

#include "../bootfs.h"
#include "../diag.h"
#include "../plan.h"

int grub2_eval(const struct bootfs *fs, size_t vol, const char *path,
	       const struct plan_options *opt, struct boot_plan *plan, struct diag *d);

#endif
