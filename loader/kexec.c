/* kexec.c - kexec_file_load(2): the kernel verifies and places the image itself,
 * so the loader needs no purgatory or image-format code of its own. When the
 * running kernel refuses that path (an image type it cannot parse, a
 * signature policy, an old kernel), kexec-tools' kexec_load(2) path is the
 * fallback, fed the same already-opened files through /proc/self/fd. */
#include "kexec.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

#define KEXEC_TOOLS_PATH "/sbin/kexec"

static bool kexec_file_refused(int err)
{
	return err == -ENOEXEC || err == -ENOSYS || err == -EKEYREJECTED || err == -EBADMSG ||
	       err == -EPERM || err == -EOPNOTSUPP;
}

static int kexec_tools_load(int kfd, int ifd, const char *cmdline, bool check)
{
	char cmd[KEXEC_CMDLINE_MAX + 32], kernel[32], initrd[48];
	char *argv[8];
	int argc = 0, status;
	pid_t pid;

	if (access(KEXEC_TOOLS_PATH, X_OK) < 0)
		return -ENOENT;
	snprintf(cmd, sizeof(cmd), "--command-line=%s", cmdline);
	snprintf(kernel, sizeof(kernel), "/proc/self/fd/%d", kfd);
	snprintf(initrd, sizeof(initrd), "--initrd=/proc/self/fd/%d", ifd);
	argv[argc++] = (char *)"kexec";
	argv[argc++] = (char *)"-l";
	argv[argc++] = (char *)"--kexec-syscall";
	if (!check)
		argv[argc++] = (char *)"--no-checks";
	argv[argc++] = cmd;
	if (ifd >= 0)
		argv[argc++] = initrd;
	argv[argc++] = kernel;
	argv[argc] = NULL;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fcntl(kfd, F_SETFD, 0);
		if (ifd >= 0)
			fcntl(ifd, F_SETFD, 0);
		execv(KEXEC_TOOLS_PATH, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

/* Bytes the kernel could still give us, from /proc/meminfo's MemAvailable. */
static unsigned long long mem_available(void)
{
	char line[128];
	unsigned long long kib = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "MemAvailable:", 13)) {
			kib = strtoull(line + 13, NULL, 10);
			break;
		}
	fclose(f);
	return kib * 1024;
}

int kexec_check_size(const struct bootfs *fs, const struct boot_target *t,
		     unsigned long long *need, unsigned long long *avail)
{
	unsigned long long total = 0;
	struct bootfs_stat st;

	*avail = mem_available();
	if (bootfs_stat(fs, t->kernel.vol, t->kernel.path, &st) == 0)
		total += st.size;
	for (size_t i = 0; i < t->n_initrds; i++)
		if (bootfs_stat(fs, t->initrds[i].vol, t->initrds[i].path, &st) == 0)
			total += st.size;
	/* Several initrds are joined in a memory file: count them twice. */
	if (t->n_initrds > 1)
		total *= 2;
	*need = total + KEXEC_MEM_RESERVE;
	return *avail && *need > *avail ? -ENOMEM : 0;
}

int kexec_load_target(const struct bootfs *fs, const struct boot_target *t,
		      const char *cmdline, enum kexec_method method, const char **what)
{
	_cleanup_close_ int kfd = -1, ifd = -1;
	unsigned long flags = 0;
	size_t len = strlen(cmdline);
	int r;

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
	/* On success *what names the path that loaded, for the console. */
	if (method != KEXEC_FILE) {
		if (kexec_tools_load(kfd, ifd, cmdline, method == KEXEC_TOOLS) == 0) {
			*what = method == KEXEC_TOOLS ? "kexec-tools, kexec_load" : "kexec-tools, kexec_load, no checks";
			return 0;
		}
		*what = "load (kexec_load refused, kexec_file_load)";
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, len + 1, cmdline, flags) == 0) {
		*what = "kexec_file_load";
		return 0;
	}
	r = -errno;
	if (method != KEXEC_FILE || !kexec_file_refused(r))
		return r;
	*what = "load (kexec_file_load refused, kexec-tools fallback)";
	if (kexec_tools_load(kfd, ifd, cmdline, true) < 0)
		return r;
	*what = "kexec-tools after kexec_file_load refused";
	return 0;
}

int kexec_reboot(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}
