/* probe_init.c - /init of the probe initramfs: report which kernel runs and its command line, then power off.
 *
 * The harness puts this initramfs into every test image. Whichever boot path
 * reached it (the loader's kexec or real GRUB), it prints exactly one line on
 * the first serial port:
 *
 *   KLPROBE v=1 release=<uname -r> initrds=<list> cmdline_len=<n> cmdline=<escaped /proc/cmdline>
 *
 * initrds lists, sorted and comma-separated, the guest paths of the initrds
 * the kernel unpacked (the harness tags each copy, harness/initrdtag.h), or
 * "-" when there is no tag. Bytes below 0x20, 0x7f, backslash, and in the
 * list also ',' and ' ', are written as \xNN so the line survives any input; cmdline_len counts the raw bytes, which
 * lets the harness detect a line mangled by interleaved console output.
 * It writes to /dev/ttyS0 itself because the command line under test need not
 * say console=ttyS0. Static, no libraries beyond libc, nothing can hang. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#define PROBE_CMDLINE_MAX 8192
#define PROBE_INITRDS_MAX 16
#define PROBE_PATH_MAX 512
#define PROBE_TAG_DIR "/probe-initrds"
/* syslog(2) action: set the console log level, so kernel messages cannot
 * land in the middle of our line. */
#define PROBE_SYSLOG_CONSOLE_LEVEL 8

static int probe_open_serial(void)
{
	int fd;

	(void)mkdir("/dev", 0755);
	(void)mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
	if (fd >= 0)
		return fd;
	/* No devtmpfs in this kernel: make the node ourselves (major 4, minor 64). */
	if (mknod("/dev/ttyS0", S_IFCHR | 0600, makedev(4, 64)) < 0 && errno != EEXIST)
		return -errno;
	fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
	return fd >= 0 ? fd : -errno;
}

static size_t probe_read_cmdline(char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	(void)mkdir("/proc", 0555);
	(void)mount("proc", "/proc", "proc", 0, NULL);
	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (len < size) {
		ssize_t n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	/* The kernel ends /proc/cmdline with one newline; it is not part of the line. */
	if (len > 0 && buf[len - 1] == '\n')
		len--;
	return len;
}

static size_t probe_escape(char *out, size_t size, const char *in, size_t len, const char *also)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < len && o + 4 < size; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || (c && strchr(also, c))) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return o;
}

static int probe_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* The tags' contents, sorted, escaped and joined with ','; "-" for none. */
static void probe_initrds(char *out, size_t size)
{
	static char paths[PROBE_INITRDS_MAX][PROBE_PATH_MAX];
	const struct dirent *de;
	size_t n = 0, o = 0;
	DIR *d = opendir(PROBE_TAG_DIR);

	while (d && n < PROBE_INITRDS_MAX && (de = readdir(d))) {
		char name[PROBE_PATH_MAX];
		ssize_t len;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), PROBE_TAG_DIR "/%s", de->d_name);
		fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, paths[n], PROBE_PATH_MAX - 1);
		close(fd);
		if (len > 0)
			paths[n++][len] = '\0';
	}
	if (d)
		closedir(d);
	qsort(paths, n, sizeof(paths[0]), probe_cmp);
	snprintf(out, size, "-");
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		if (i)
			out[o++] = ',';
		o += probe_escape(out + o, size - o, paths[i], strlen(paths[i]), ", ");
	}
}

static void probe_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

int main(void)
{
	static char cmdline[PROBE_CMDLINE_MAX];
	static char escaped[PROBE_CMDLINE_MAX * 4 + 1];
	static char initrds[PROBE_INITRDS_MAX * PROBE_PATH_MAX * 4 + 1];
	static char line[sizeof(escaped) + sizeof(initrds) + 512];
	struct utsname u;
	size_t len;
	int fd, n;

	(void)klogctl(PROBE_SYSLOG_CONSOLE_LEVEL, NULL, 1);
	fd = probe_open_serial();
	len = probe_read_cmdline(cmdline, sizeof(cmdline));
	probe_escape(escaped, sizeof(escaped), cmdline, len, "");
	probe_initrds(initrds, sizeof(initrds));
	if (uname(&u) < 0)
		strcpy(u.release, "unknown");
	/* Start on a fresh line: the console may be mid-line. */
	n = snprintf(line, sizeof(line), "\r\nKLPROBE v=1 release=%s initrds=%s cmdline_len=%zu cmdline=%s\r\n",
		     u.release, initrds, len, escaped);
	if (fd >= 0 && n > 0)
		probe_write_all(fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	if (fd >= 0)
		(void)tcdrain(fd); /* all bytes out before the power goes */
	sync();
	(void)reboot(RB_POWER_OFF);
	/* PID 1 must not exit; if power-off failed, the harness deadline ends us. */
	for (;;)
		pause();
}
