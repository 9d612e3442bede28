/* plan.h - what a boot-config format decides: the entries and what to kexec.
 *
 * Every format (grub2, grub1, bls, extlinux) fills the same struct boot_plan,
 * so the loader, host mode and the tests print and act on it the same way. */
#ifndef KL_PLAN_H
#define KL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "bootfs.h"
#include "diag.h"

struct boot_file {
	size_t vol;
	char *path; /* on that volume */
};

struct boot_target {
	char *entry; /* title path, submenus joined by '>' */
	struct boot_file kernel;
	struct boot_file *initrds;
	size_t n_initrds;
	char *cmdline; /* exactly what the kernel gets */
	char *unbootable; /* why this entry cannot be kexec'd (chainloader, multiboot…), or NULL */
};

struct boot_plan {
	const char *format; /* "grub2", "grub1", "bls", "extlinux"; static string */
	char *reason;       /* which rule chose the format, or NULL */
	struct boot_file config;
	char **titles;      /* every bootable entry, as title paths, in menu order */
	size_t n_titles;
	/* The default entry first, then the fallbacks in the order the
	 * config asks for. The loader boots the first one whose files load. */
	struct boot_target *targets;
	size_t n_targets;
};

struct plan_options {
	const char *const *vars; /* "NAME=VALUE" presets (host mode --var, tests) */
	size_t n_vars;
	const char *entry;       /* override of the default: index, title or id; or NULL */
	/* When set ("hd1"), configurations are looked for only on this disk's
	 * volumes, so the loader can fall back from one disk to the next;
	 * search, root and paths inside a config still see every volume. */
	const char *config_disk;
};

/* A format's evaluator: read config (vol, path) over fs and fill plan.
 * On error plan is left empty and d holds file:line and message. */
typedef int (*plan_eval_fn)(const struct bootfs *fs, size_t vol, const char *path,
			    const struct plan_options *opt, struct boot_plan *plan,
			    struct diag *d);

void boot_target_free(struct boot_target *t);
void boot_plan_free(struct boot_plan *p);
/* Append helpers; strings are copied. Return 0 or -ENOMEM. */
int boot_plan_add_title(struct boot_plan *p, const char *title);
int boot_plan_add_target(struct boot_plan *p, struct boot_target *t); /* takes t's contents */
/* Name the format and the config file (vol, path), then move p into out;
 * p is left empty either way. Returns 0 or -ENOMEM. */
int boot_plan_finish(struct boot_plan *p, const char *format, size_t vol, const char *path,
		     struct boot_plan *out);

#endif
