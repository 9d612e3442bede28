/* dirty.h - leave an image's ext4 journal dirty, as a snapshot of a running
 * instance has it (spec dirty=).
 *
 * A throwaway guest — the loader kernel with an initramfs holding
 * harness/dirtier as /init and the spec's file as /new-grub.cfg — mounts the
 * root filesystem read-write, writes the file over /boot/grub/grub.cfg,
 * fsyncs and powers off without unmounting. The new grub.cfg is then
 * committed in the journal and perhaps nowhere else. */
#ifndef HARNESS_DIRTY_H
#define HARNESS_DIRTY_H

#include <stddef.h>
#include <stdint.h>

struct dirty_tools {
	const char *kernel;      /* the loader kernel */
	const char *kernel_root; /* its unpacked package, for modules */
	const char *kver;
	const char *mkinitramfs;
	const char *dirtier;
	int kvm;
};

/* Before the guest runs: put old_cfg in place of /boot/grub/grub.cfg in the
 * ext2/3/4 filesystem at byte offset of img (debugfs, no mount), so that
 * the image's blocks hold the configuration from before the crash. */
int dirty_put_old(const char *img, uint64_t offset, const char *old_cfg, const char *work, int log_fd);

/* Run the guest on the disk image at img, whose root filesystem is /dev/dev
 * ("vda1", or "vda" unpartitioned). new_cfg is the file to write; work a
 * scratch directory. 0, or negative errno with why filled for the reader. */
int dirty_image(const struct dirty_tools *t, const char *new_cfg, const char *img, const char *dev,
		const char *work, int log_fd, char *why, size_t whylen);

#endif
