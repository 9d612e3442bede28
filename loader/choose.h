/* choose.h - from a plan's targets, the first one whose files are there, and how to name files. */
#ifndef KL_CHOOSE_H
#define KL_CHOOSE_H

#include <stddef.h>

#include "bootfs.h"
#include "plan.h"
#include "strbuf.h"

/* x86's COMMAND_LINE_SIZE, NUL included: a longer line would be cut, so the
 * entry is refused instead and the fallback tried. */
#define CHOOSE_CMDLINE_MAX 2048u

/* Index of the first target at or after start that is bootable and whose
 * kernel and initrds are regular files; -ENOENT when none is, with why set
 * to the first target's problem ("entry 'X': kernel '/boot/vmlinuz': No such file or directory"). */
int choose_target(const struct bootfs *fs, const struct boot_plan *p, size_t start,
		  char *why, size_t whylen);

/* A file as the user sees it: inside the guest tree when the volume's mount
 * point is known ("/boot" + "/vmlinuz"), else "(hd0,msdos1)/vmlinuz". */
int choose_file_name(const struct bootfs *fs, const struct boot_file *f, struct strbuf *out);

/* The command line handed to the target: the entry's, plus the options asked for. */
int choose_cmdline(const struct boot_target *t, const char *append, const char *inherit_console,
		   struct strbuf *out);

#endif
