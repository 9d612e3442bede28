/* dirtier.c - /init of a throwaway guest that leaves an ext4 journal dirty,
 * as a cloud image snapshotted while running has it.
 *
 * It mounts the disk read-write, replaces /boot/grub/grub.cfg with the
 * initramfs' /new-grub.cfg, fsyncs (the change is now committed to the
 * journal, not yet checkpointed to its home blocks) and powers off at once,
 * without unmounting: the superblock keeps needs_recovery set. Arguments
 * come from the kernel command line: dirtier.dev=vda1 (default vda).
 * Drivers load through the loader's own module list (loader/modules.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "modules.h"

static void say(const char *what)
{
	int fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);

	if (fd >= 0) {
		dprintf(fd, "DIRTIER %s%s%s\n", what, errno ? ": " : "", errno ? strerror(errno) : "");
		close(fd);
	}
}

static void cmdline_dev(char *dev, size_t len)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/cmdline", O_RDONLY);
	char *p;

	snprintf(dev, len, "/dev/vda");
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strstr(buf, "dirtier.dev=");
	if (p)
		snprintf(dev, len, "/dev/%.*s", (int)strcspn(p + 12, " \n"), p + 12);
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_TRUNC);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	close(in);
	if (n != 0 || fsync(out) < 0) {
		close(out);
		return -1;
	}
	return close(out);
}

int main(void)
{
	char dev[64];

	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mkdir("/mnt", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	cmdline_dev(dev, sizeof(dev));
	modules_load_drivers();
	modules_load_fs("ext4");
	/* Devices may appear after init starts. */
	for (int i = 0; i < 100 && access(dev, F_OK) < 0; i++)
		usleep(100000);
	errno = 0;
	if (mount(dev, "/mnt", "ext4", 0, NULL) < 0)
		say("cannot mount");
	else if (copy_file("/new-grub.cfg", "/mnt/boot/grub/grub.cfg") < 0)
		say("cannot rewrite grub.cfg");
	else
		say("grub.cfg rewritten and fsynced; powering off without unmounting");
	reboot(RB_POWER_OFF);
	return 0;
}
