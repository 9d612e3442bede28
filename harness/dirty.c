/* dirty.c - the dirtier guest on a test image (see dirty.h). */
#include "dirty.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "qemu.h"
#include "spawn.h"
#include "util.h"

#define DIRTY_DONE "DIRTIER grub.cfg rewritten and fsynced"
#define DIRTY_TIMEOUT_S 120

static int dirty_initramfs(const struct dirty_tools *t, const char *new_cfg, const char *out, int log_fd)
{
	char file[4096];
	char *argv[] = { (char *)t->mkinitramfs, "-o", (char *)out, "--init", (char *)t->dirtier, "--file", file,
			 "--kernel-root", (char *)t->kernel_root, "--kver", (char *)t->kver,
			 "--module", "virtio_pci", "--module", "virtio_blk", "--module", "ext4",
			 "--compress", "gzip", NULL };
	int r;

	if ((size_t)snprintf(file, sizeof(file), "%s:new-grub.cfg", new_cfg) >= sizeof(file))
		return -ENAMETOOLONG;
	r = spawn_run(argv, log_fd, 120);
	return r > 0 ? -EIO : r;
}

int dirty_put_old(const char *img, uint64_t offset, const char *old_cfg, const char *work, int log_fd)
{
	char script[4096], req[4096 + 64], dev[4096 + 32];
	char *argv[] = { "debugfs", "-w", "-f", script, dev, NULL };
	int r;

	snprintf(script, sizeof(script), "%s/put-old.debugfs", work);
	/* e2fsprogs opens "file?offset=N" at that byte offset. */
	snprintf(dev, sizeof(dev), "%s?offset=%llu", img, (unsigned long long)offset);
	snprintf(req, sizeof(req), "cd /boot/grub\nrm grub.cfg\nwrite %s grub.cfg\n", old_cfg);
	r = util_write_file(script, req, strlen(req));
	if (r < 0)
		return r;
	r = spawn_run(argv, log_fd, 60);
	return r > 0 ? -EIO : r;
}

int dirty_image(const struct dirty_tools *t, const char *new_cfg, const char *img, const char *dev,
		const char *work, int log_fd, char *why, size_t whylen)
{
	char initrd[4096], append[128];
	struct qemu_boot q = { 0 };
	struct qemu_result qr;
	int r;

	if (!t->dirtier || !t->mkinitramfs || !t->kernel_root || !t->kver) {
		snprintf(why, whylen, "the dirtier needs --dirtier, --mkinitramfs and --loader-kernel-root");
		return -EINVAL;
	}
	snprintf(initrd, sizeof(initrd), "%s/dirtier.initrd", work);
	r = dirty_initramfs(t, new_cfg, initrd, log_fd);
	if (r < 0) {
		snprintf(why, whylen, "cannot build the dirtier's initramfs: %s", strerror(-r));
		return r;
	}
	snprintf(append, sizeof(append), "console=ttyS0 panic=-1 dirtier.dev=%s", dev);
	q.kernel = t->kernel;
	q.initrd = initrd;
	q.append = append;
	q.disk = img;
	q.bus = "virtio-blk";
	q.kvm = t->kvm;
	q.timeout_s = DIRTY_TIMEOUT_S;
	r = qemu_run(&q, log_fd, &qr);
	if (r < 0) {
		snprintf(why, whylen, "cannot run the dirtier guest: %s", strerror(-r));
		return r;
	}
	if (!memmem(qr.serial, qr.serial_len, DIRTY_DONE, strlen(DIRTY_DONE))) {
		snprintf(why, whylen, "the dirtier guest never said '%s'%s", DIRTY_DONE,
			 qr.timed_out ? " (timed out)" : "");
		r = -EIO;
	}
	qemu_result_free(&qr);
	return r;
}
