/* stage.h - copy one partition's share of a corpus tree into a directory, with real files for the placeholders.
 *
 * Corpus trees hold empty placeholder files named vmlinuz* (or linux, in
 * BLS entry directories), initrd* and initramfs*; a staged tree has the target kernel and the probe initramfs in
 * their place, so whichever entry a boot loader picks, the probe reports it;
 * each initrd copy is tagged with its guest path (initrdtag.h), so the probe
 * also reports which initrds were loaded. */
#ifndef HARNESS_STAGE_H
#define HARNESS_STAGE_H

#include <stddef.h>

struct stage_fill {
	const char *kernel; /* file copied over vmlinuz* placeholders */
	const char *initrd; /* file copied over initrd* and initramfs* placeholders */
};

/* Copy root/<sub> to dest (created). Guest paths listed in mounts (other
 * partitions' mount points, like "/boot") are left as empty directories.
 * Returns 0 or a negative errno; *failed names the path that failed. */
int stage_tree(const char *root, const char *sub, const char *const *mounts, size_t n_mounts,
	       const char *dest, const struct stage_fill *fill, char **failed);

/* Is name (a file name, no directory) a placeholder kind? 1 kernel, 2 initrd, 0 no. */
int stage_placeholder_kind(const char *name);

#endif
