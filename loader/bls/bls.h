/* bls.h - BootLoaderSpec type #1 entries: reading them, ordering them, choosing one.
 *
 * Two consumers order the same entries differently:
 *  - systemd-boot (bls_sort_sdboot): sort-key, machine-id, version with
 *    systemd's version compare (newest first), then entry id; entries whose
 *    boot counter says no tries are left go last.
 *  - GRUB's blscfg command in Fedora/RHEL grub2 (bls_sort_blscfg): by the
 *    file name read as an RPM name-version-release, newest first, using
 *    RPM's version compare.
 * bls_eval is the plan_eval_fn for images booted by systemd-boot.
 *
 * All functions return 0 or a negative errno and print nothing. */
#ifndef KL_BLS_H
#define KL_BLS_H

#include <stddef.h>

#include "../bootfs.h"
#include "../diag.h"
#include "../plan.h"

/* Entries read from all directories together; more is refused with -E2BIG. */
#define BLS_ENTRIES_MAX 4096u
/* Largest entry file read. */
#define BLS_ENTRY_FILE_MAX (64u << 10)

struct bls_kv {
	char *key;
	char *value; /* the rest of the line after the key and its blanks, trailing blanks removed */
};

struct bls_entry {
	size_t vol;          /* volume holding the file */
	char *path;          /* "/loader/entries/fedora-6.1.conf+3-0.conf" on that volume */
	char *filename;      /* last path component as found on disk */
	char *id;            /* filename with a "+LEFT[-DONE]" counter removed, ".conf" kept,
			      * as bootctl names entries; systemd-boot itself matches and sorts
			      * on the whole file name in lower case, blscfg on the file
			      * name without ".conf" */
	/* Keys as the spec names them; NULL when absent. For keys given twice
	 * the last one wins, except options and initrd, which accumulate. */
	char *title;
	char *version;
	char *machine_id;
	char *sort_key;
	char *linux;
	char *efi;
	char *devicetree;
	char *architecture;
	char *options;       /* every "options" line joined with one blank, or NULL */
	char **initrds;      /* every "initrd" line in file order */
	size_t n_initrds;
	int tries_left;      /* boot counting from the file name; -1 when not counted */
	int tries_done;      /* -1 when not given */
	struct bls_kv *kv;   /* every key/value line in file order (grub_users, grub_arg, …) */
	size_t n_kv;
};

struct bls_entries {
	struct bls_entry *v;
	size_t n;
};

/* The two readers differ in how they split lines, so parsing takes one of: */
enum bls_parse_mode {
	/* systemd-boot: blank lines and "#" comments skipped, key and value
	 * split at the first blank or tab, leading and trailing blanks
	 * dropped, a value quoted with '"' at both ends unquoted, a key
	 * without a value skipped; for a repeated key the last one wins
	 * (options accumulate, joined by one blank). File names must end
	 * in ".conf" (any case) and not start with "." or "auto-". */
	BLS_PARSE_SDBOOT = 0,
	/* GRUB blscfg: "#" comments skipped; the key ends at the first blank,
	 * or if there is none the first tab; the value keeps trailing blanks;
	 * the first line that has no value (an empty line too) ends the
	 * file. For a repeated key the first one wins and only the first
	 * "options" line counts, as bls_get_val() reads them. File names
	 * must end in ".conf" exactly and not start with ".". */
	BLS_PARSE_BLSCFG = 1,
};

/* Parse one entry file's bytes. name is the file name (for id and counter),
 * diag_file the name warnings carry. Every key/value pair is kept in kv in
 * file order, whatever the key. On error *e is left zeroed. */
int bls_entry_parse(const char *name, const char *diag_file, const char *buf, size_t len,
		    enum bls_parse_mode mode, struct bls_entry *e, struct diag *d);

/* Append every entry file found in dir on vol to list (unsorted), in
 * name order. A missing directory returns -ENOENT without recording an
 * error; entries that cannot be read are skipped with a warning; more than
 * BLS_ENTRIES_MAX entries in list altogether is an error (-E2BIG). */
int bls_entries_load(const struct bootfs *fs, size_t vol, const char *dir,
		     enum bls_parse_mode mode, struct bls_entries *list, struct diag *d);

void bls_entry_free(struct bls_entry *e);
void bls_entries_free(struct bls_entries *list);

/* systemd's strverscmp_improved(): <0, 0, >0; NULL sorts before anything. */
int bls_vercmp_systemd(const char *a, const char *b);
/* RPM's rpmvercmp() as blscfg carries it: <0, 0, >0. */
int bls_vercmp_rpm(const char *a, const char *b);

/* Order list in place as systemd-boot's menu shows it (first = top). */
void bls_sort_sdboot(struct bls_entries *list);
/* Order list in place as GRUB's blscfg adds menu entries (first = entry 0):
 * each file name without ".conf" split into name-version-release at its
 * last two '-' and compared newest first. An entry comparing equal to
 * one already placed is dropped (and freed), as blscfg refuses it. */
void bls_sort_blscfg(struct bls_entries *list);

/* plan_eval_fn for systemd-boot: path is an entries directory on vol
 * ("/loader/entries"); loader.conf is read from beside it. Entries in
 * "/loader/entries" on the other volumes (the XBOOTLDR partition) join in. */
int bls_eval(const struct bootfs *fs, size_t vol, const char *path,
	     const struct plan_options *opt, struct boot_plan *plan, struct diag *d);

#endif
