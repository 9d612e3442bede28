/* kexec.c - kexec_file_load(2): the kernel verifies and places the image itself,
 * so the loader needs no purgatory or image-format code of its own. */
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

/* Copy every initrd, in order, into one memory file. */
static int join_initrds(const struct bootfs *fs, const struct boot_target *t)
{
	int out = memfd_create("initrd", MFD_CLOEXEC);
	char buf[1 << 16];

	if (out < 0)
		return -errno;
	for (size_t i = 0; i < t->n_initrds; i++) {
		_cleanup_close_ int in = bootfs_dir_open(fs, t->initrds[i].vol, t->initrds[i].path);
		ssize_t n;

		if (in < 0) {
			close(out);
			return in;
		}
		while ((n = read(in, buf, sizeof(buf))) > 0) {
			if (write(out, buf, (size_t)n) != n) {
				close(out);
				return -EIO;
			}
		}
		if (n < 0) {
			int r = -errno;

			close(out);
			return r;
		}
	}
	return out;
}

int kexec_load_target(const struct bootfs *fs, const struct boot_target *t,
		      const char *cmdline, const char **what)
{
	_cleanup_close_ int kfd = -1, ifd = -1;
	unsigned long flags = 0;
	size_t len = strlen(cmdline);

	*what = "command line";
	if (len >= KEXEC_CMDLINE_MAX)
		return -E2BIG;
	*what = "kernel";
	kfd = bootfs_dir_open(fs, t->kernel.vol, t->kernel.path);
	if (kfd < 0)
		return kfd;
	*what = "initrd";
	if (t->n_initrds == 1)
		ifd = bootfs_dir_open(fs, t->initrds[0].vol, t->initrds[0].path);
	else if (t->n_initrds > 1)
		ifd = join_initrds(fs, t);
	else
		flags |= KEXEC_FILE_NO_INITRAMFS;
	if (t->n_initrds && ifd < 0)
		return ifd;
	*what = "load";
	if (syscall(SYS_kexec_file_load, kfd, ifd, len + 1, cmdline, flags) < 0)
		return -errno;
	return 0;
}

int kexec_reboot(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}
