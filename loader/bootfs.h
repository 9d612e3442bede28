/* bootfs.h - the one seam through which boot-config parsers see the image's disks.
 *
 * A parser never opens a file itself: it names a volume (an index into
 * bootfs.vols) and a path on that volume, and the backend behind ops does the
 * rest. The loader backs it with the filesystems it mounted, host mode
 * (--plan) with a directory tree, unit tests and fuzzers with memory.
 *
 * Paths on a volume are absolute ("/boot/grub/grub.cfg") and relative to the
 * volume's own root, as GRUB sees them. Backends resolve them inside that
 * volume only: "..", absolute symlinks and the like never leave it.
 * All functions return 0 or a negative errno. */
#ifndef KL_BOOTFS_H
#define KL_BOOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest configuration file a parser reads (grub.cfg, grubenv, menu.lst, …):
 * distributions generate tens of KiB; a parser holds about 2.5 times the
 * file while it reads it, so this bounds PID 1's memory to a few MiB. */
#define BOOTFS_CONFIG_MAX (1u << 20)
#define BOOTFS_CONFIG_MAX_TEXT "1 MiB" /* for messages */

struct bootfs_volume {
	char *grub_name; /* "hd0" for a whole-disk filesystem, "hd0,msdos1", "hd0,gpt2" */
	char *uuid;      /* as GRUB's search --fs-uuid compares it, or NULL */
	char *label;     /* or NULL */
	char *fstype;    /* libblkid TYPE ("ext4", "xfs", "vfat", …), or NULL */
	char *where;     /* where the guest mounts it ("/", "/boot", "/boot/efi"), or NULL */
};

enum bootfs_type { BOOTFS_REG, BOOTFS_DIR, BOOTFS_OTHER };

struct bootfs_stat {
	enum bootfs_type type;
	uint64_t size;
};

struct bootfs_ops {
	/* Read a whole regular file of at most max bytes (-EFBIG beyond);
	 * *data is NUL-terminated for convenience and owned by the caller. */
	int (*read_file)(void *ctx, size_t vol, const char *path, size_t max,
			 char **data, size_t *len);
	int (*stat)(void *ctx, size_t vol, const char *path, struct bootfs_stat *st);
	/* Names in a directory (no "." or ".."), sorted with strcmp; caller
	 * frees with bootfs_names_free. At most max names, -E2BIG beyond. */
	int (*list_dir)(void *ctx, size_t vol, const char *path, size_t max,
			char ***names, size_t *n);
};

struct bootfs {
	const struct bootfs_ops *ops;
	void *ctx;
	struct bootfs_volume *vols;
	size_t n_vols;
};

/* Lookups return the volume index, or -ENOENT. */
/* name: "hd0", "hd0,1", "hd0,msdos1", "hd0,gpt1", with or without parentheses;
 * GRUB 2 numbering (partitions from 1). */
int bootfs_find_grub(const struct bootfs *fs, const char *name);
int bootfs_find_uuid(const struct bootfs *fs, const char *uuid); /* case-insensitive */
int bootfs_find_label(const struct bootfs *fs, const char *label);
int bootfs_find_file(const struct bootfs *fs, const char *path); /* first volume holding path */

/* Why a configuration could not be read by bootfs_read(..., BOOTFS_CONFIG_MAX, ...):
 * strerror's text, but the limit itself for -EFBIG, which an operator can act on. */
const char *bootfs_config_strerror(int err);
int bootfs_read(const struct bootfs *fs, size_t vol, const char *path, size_t max,
		char **data, size_t *len);
int bootfs_stat(const struct bootfs *fs, size_t vol, const char *path, struct bootfs_stat *st);
int bootfs_list(const struct bootfs *fs, size_t vol, const char *path, size_t max,
		char ***names, size_t *n);
void bootfs_names_free(char **names, size_t n);

/* Add a volume (strings are copied; NULL allowed except grub_name). Returns its index. */
int bootfs_add_volume(struct bootfs *fs, const char *grub_name, const char *uuid,
		      const char *label, const char *fstype, const char *where);
void bootfs_volumes_free(struct bootfs *fs);

/* In-memory backend for tests and fuzzers: files are added per volume. */
struct bootfs_mem;
int bootfs_mem_new(struct bootfs *fs);
int bootfs_mem_add_file(struct bootfs *fs, size_t vol, const char *path,
			const char *data, size_t len);
void bootfs_mem_free(struct bootfs *fs);

/* Directory backend: each volume's files live under a host directory.
 * Resolution uses openat2(RESOLVE_IN_ROOT) so nothing escapes that directory. */
int bootfs_dir_new(struct bootfs *fs);
int bootfs_dir_set_root(struct bootfs *fs, size_t vol, const char *host_dir);
/* Open a regular file for reading (kexec_file_load wants descriptors);
 * anything but a regular file is refused with -EPERM. */
int bootfs_dir_open(const struct bootfs *fs, size_t vol, const char *path);
void bootfs_dir_free(struct bootfs *fs);
/* Resolve by the hand-made walk used where openat2 is missing (tests). */
void bootfs_dir_set_walk(struct bootfs *fs, bool walk);

#endif
