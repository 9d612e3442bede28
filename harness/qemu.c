/* qemu.c - run QEMU with a deadline and capture the serial console (see qemu.h). */
#include "qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "spawn.h"
#include "strbuf.h"
#include "util.h"

#define QEMU_ARGS_MAX 48

int qemu_kvm_available(void)
{
	_cleanup_close_ int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm;

	if (fd < 0 || ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		return 0;
	vm = ioctl(fd, KVM_CREATE_VM, 0);
	if (vm < 0)
		return 0;
	close(vm);
	return 1;
}

struct qemu_argv {
	char *argv[QEMU_ARGS_MAX];
	char *owned[8];
	size_t n, n_owned;
};

static void qemu_add(struct qemu_argv *a, const char *arg)
{
	if (a->n < QEMU_ARGS_MAX - 1)
		a->argv[a->n++] = (char *)arg;
}

static int qemu_addf(struct qemu_argv *a, const char *fmt, const char *value)
{
	struct strbuf sb;
	char *s;

	strbuf_init(&sb);
	if (strbuf_addf(&sb, fmt, value) < 0 || a->n_owned == sizeof(a->owned) / sizeof(*a->owned)) {
		strbuf_release(&sb);
		return -ENOMEM;
	}
	s = strbuf_detach(&sb);
	a->owned[a->n_owned++] = s;
	qemu_add(a, s);
	return 0;
}

/* One -device line per bus; bootindex makes the disk SeaBIOS's first hard
 * disk, which GRUB names hd0. */
static int qemu_add_disk(struct qemu_argv *a, const char *disk, const char *bus)
{
	static const struct {
		const char *bus;
		const char *controller; /* or NULL */
		const char *device;
	} buses[] = {
		{ "virtio-blk", NULL, "virtio-blk-pci,drive=disk0,bootindex=1" },
		{ "virtio-scsi", "virtio-scsi-pci,id=scsi0", "scsi-hd,bus=scsi0.0,drive=disk0,bootindex=1" },
		{ "ide", NULL, "ide-hd,bus=ide.0,drive=disk0,bootindex=1" },
		{ "ahci", "ahci,id=ahci0", "ide-hd,bus=ahci0.0,drive=disk0,bootindex=1" },
		{ "nvme", NULL, "nvme,serial=kexecloader0,drive=disk0,bootindex=1" },
	};

	for (size_t i = 0; i < sizeof(buses) / sizeof(*buses); i++) {
		if (strcmp(buses[i].bus, bus))
			continue;
		qemu_add(a, "-drive");
		if (qemu_addf(a, "file=%s,format=raw,if=none,id=disk0", disk) < 0)
			return -ENOMEM;
		if (buses[i].controller) {
			qemu_add(a, "-device");
			qemu_add(a, buses[i].controller);
		}
		qemu_add(a, "-device");
		qemu_add(a, buses[i].device);
		return 0;
	}
	return -EINVAL;
}

/* The second disk: plain virtio-blk without a boot index, so firmware still
 * boots the first. */
static int qemu_add_extra_disk(struct qemu_argv *a, const char *disk)
{
	qemu_add(a, "-drive");
	if (qemu_addf(a, "file=%s,format=raw,if=none,id=disk1", disk) < 0)
		return -ENOMEM;
	qemu_add(a, "-device");
	qemu_add(a, "virtio-blk-pci,drive=disk1");
	return 0;
}

static int qemu_build_argv(const struct qemu_boot *b, struct qemu_argv *a)
{
	qemu_add(a, QEMU_BIN);
	qemu_add(a, "-nodefaults");
	qemu_add(a, "-no-reboot");
	qemu_add(a, "-nographic");
	qemu_add(a, "-serial");
	qemu_add(a, "stdio");
	qemu_add(a, "-m");
	qemu_add(a, "512");
	if (b->kvm) {
		qemu_add(a, "-accel");
		qemu_add(a, "kvm");
		qemu_add(a, "-cpu");
		qemu_add(a, "host");
	} else {
		qemu_add(a, "-accel");
		qemu_add(a, "tcg");
	}
	if (b->vga) {
		qemu_add(a, "-device");
		qemu_add(a, "VGA");
	}
	if (b->kernel) {
		qemu_add(a, "-kernel");
		qemu_add(a, b->kernel);
	}
	if (b->initrd) {
		qemu_add(a, "-initrd");
		qemu_add(a, b->initrd);
	}
	if (b->append) {
		qemu_add(a, "-append");
		qemu_add(a, b->append);
	}
	if (b->disk && b->attach_after_s) {
		qemu_add(a, "-monitor");
		if (qemu_addf(a, "unix:%s.monitor,server=on,wait=off", b->disk) < 0)
			return -ENOMEM;
	} else {
		if (b->extra_disk && b->extra_first && qemu_add_extra_disk(a, b->extra_disk) < 0)
			return -ENOMEM;
		if (b->disk && qemu_add_disk(a, b->disk, b->bus ? b->bus : "virtio-blk") < 0)
			return -EINVAL;
		if (b->extra_disk && !b->extra_first && qemu_add_extra_disk(a, b->extra_disk) < 0)
			return -ENOMEM;
	}
	if (b->cdrom) {
		qemu_add(a, "-drive");
		if (qemu_addf(a, "file=%s,format=raw,if=none,id=cd0,media=cdrom,readonly=on", b->cdrom) < 0)
			return -ENOMEM;
		qemu_add(a, "-device");
		qemu_add(a, "ide-cd,bus=ide.1,drive=cd0,bootindex=0");
	}
	a->argv[a->n] = NULL;
	return a->n < QEMU_ARGS_MAX - 1 ? 0 : -E2BIG;
}

static void qemu_argv_free(struct qemu_argv *a)
{
	for (size_t i = 0; i < a->n_owned; i++)
		free(a->owned[i]);
}

void qemu_result_free(struct qemu_result *res)
{
	free(res->serial);
	free(res->command);
	res->serial = res->command = NULL;
}

/* Drain what QEMU printed: into the log, and into memory up to the cap. */
static int qemu_drain(int fd, int log_fd, struct strbuf *serial)
{
	char buf[8192];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (n == 0)
			return 1; /* EOF */
		if (log_fd >= 0)
			(void)util_write_all(log_fd, buf, (size_t)n);
		if (serial->len + (size_t)n <= QEMU_SERIAL_MAX && strbuf_add(serial, buf, (size_t)n) < 0)
			return -ENOMEM;
	}
}

/* The last occurrence of text in the recent output, or NULL. */
static const char *qemu_recent(const struct strbuf *serial, const char *text)
{
	size_t from = serial->len > 2048 ? serial->len - 2048 : 0, n = strlen(text);
	const char *found = NULL;

	for (const char *p = serial->buf + from;
	     (p = memmem(p, (size_t)(serial->buf + serial->len - p), text, n)); p += n)
		found = p;
	return found;
}

/* Is the menu the last thing on the screen? Its prompt must be in the
 * recent output with nothing after it that shows GRUB moved on: no
 * "Booting" (an entry started; GRUB 2 and legacy both print it) and no
 * error pause ("Press any key to continue"), where a key would change
 * what GRUB does instead of hurrying it. */
static int qemu_menu_waiting(const struct strbuf *serial, const char *prompt)
{
	const char *p = qemu_recent(serial, prompt);
	size_t left;

	if (!p)
		return 0;
	left = (size_t)(serial->buf + serial->len - p);
	return !memmem(p, left, "Booting ", 8) && !memmem(p, left, "Press any key", 13);
}

/* Stopped at an error with no fallback: GRUB waits for a key for ever.
 * GRUB 2 goes on to a fallback entry saying "Falling back to" and no
 * "Booting", and a quiet kernel may then be silent for long under TCG. */
static int qemu_error_pause(const struct strbuf *serial)
{
	const char *p = qemu_recent(serial, "Press any key to continue");
	size_t left = p ? (size_t)(serial->buf + serial->len - p) : 0;

	return p && !memmem(p, left, "Booting ", 8) && !memmem(p, left, "Falling back to", 15);
}

/* Attach the disk to the running machine through its monitor socket; the
 * connection stays open until QEMU ends so no command is cut short. Returns
 * the socket or -1 (logged: the boot then fails on its own terms). */
static int qemu_hotplug(const char *disk, int log_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char cmd[PATH_MAX + 160];
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int n = snprintf(cmd, sizeof(cmd),
			 "drive_add 0 file=%s,format=raw,if=none,id=disk0\n"
			 "device_add virtio-blk-pci,drive=disk0,id=hotdisk0\n", disk);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s.monitor", disk);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || n < 0 || (size_t)n >= sizeof(cmd) ||
	    util_write_all(fd, cmd, (size_t)n) < 0) {
		if (log_fd >= 0)
			dprintf(log_fd, "\n[harness] cannot hot-plug the disk through %s: %s\n", sa.sun_path,
				strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (log_fd >= 0)
		dprintf(log_fd, "\n[harness] hot-plugging the disk (virtio-blk) now\n");
	return fd;
}

int qemu_run(const struct qemu_boot *b, int log_fd, struct qemu_result *res)
{
	struct qemu_argv a = { .n = 0 };
	struct spawn_proc p;
	struct strbuf cmd, serial;
	int64_t start = util_now_ms(), deadline = start + (int64_t)b->timeout_s * 1000, last_output = start;
	int64_t attach_at = 0;
	int r, eof = 0, monitor = -1, attach_pending = 0;

	memset(res, 0, sizeof(*res));
	strbuf_init(&cmd);
	strbuf_init(&serial);
	r = qemu_build_argv(b, &a);
	if (r == 0)
		r = util_quote_argv(&cmd, a.argv);
	if (r < 0)
		goto out;
	if (log_fd >= 0)
		dprintf(log_fd, "+ %s\n", cmd.buf);
	attach_pending = b->disk && b->attach_after_s;
	r = spawn_start(&p, a.argv, -1, 1, b->enter_prompt != NULL);
	if (r < 0)
		goto out;
	while (!eof) {
		struct pollfd pfd = { .fd = p.out_fd, .events = POLLIN };
		int64_t now = util_now_ms(), left = deadline - now;
		size_t before = serial.len;

		if (left <= 0) {
			res->timed_out = 1;
			break;
		}
		if (now - last_output >= 3000 && qemu_recent(&serial, QEMU_PANIC_TEXT)) {
			res->panicked = 1;
			if (log_fd >= 0)
				dprintf(log_fd, "\n[harness] the kernel panicked: stopping\n");
			break;
		}
		if (attach_pending && !attach_at &&
		    (!b->attach_when || memmem(serial.buf, serial.len, b->attach_when, strlen(b->attach_when))))
			attach_at = now + (int64_t)b->attach_after_s * 1000;
		if (attach_pending && attach_at && now >= attach_at) {
			attach_pending = 0;
			monitor = qemu_hotplug(b->disk, log_fd);
		}
		if (b->enter_prompt && now - last_output >= QEMU_ERROR_PAUSE_MS && qemu_error_pause(&serial)) {
			res->stuck = 1;
			if (log_fd >= 0)
				dprintf(log_fd, "\n[harness] the boot loader stopped at an error and waits for a key: giving up\n");
			break;
		}
		if (b->enter_prompt && !res->pressed_enter && now - last_output >= QEMU_ENTER_DELAY * 1000LL &&
		    qemu_menu_waiting(&serial, b->enter_prompt)) {
			res->pressed_enter = 1;
			(void)util_write_all(p.in_fd, "\r", 1);
			if (log_fd >= 0)
				dprintf(log_fd, "\n[harness] the menu waits with no timeout: pressing Enter\n");
		}
		if (poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		r = qemu_drain(p.out_fd, log_fd, &serial);
		if (r < 0)
			break;
		eof = r == 1;
		r = 0;
		if (serial.len != before)
			last_output = util_now_ms();
	}
	if (r == 0 && !res->timed_out && !res->stuck && !res->panicked) {
		r = spawn_wait(&p, deadline);
		if (r == -ETIMEDOUT) {
			res->timed_out = 1;
			r = 0;
		} else if (r >= 0) {
			res->status = r;
			r = 0;
		}
	}
	if (res->timed_out && log_fd >= 0)
		dprintf(log_fd, "\n[harness] deadline of %us reached, killing qemu\n", b->timeout_s);
	spawn_kill(&p);
	if (monitor >= 0)
		close(monitor);
	if (b->disk && b->attach_after_s) {
		char sock[PATH_MAX];

		snprintf(sock, sizeof(sock), "%s.monitor", b->disk);
		(void)unlink(sock);
	}
	/* With panic=-1 a panicking kernel ends QEMU at once: look afterwards too. */
	if (!res->panicked && memmem(serial.buf, serial.len, QEMU_PANIC_TEXT, strlen(QEMU_PANIC_TEXT)))
		res->panicked = 1;
	res->secs = (double)(util_now_ms() - start) / 1000.0;
	if (r == 0) {
		res->serial_len = serial.len;
		res->serial = serial.alloc ? strbuf_detach(&serial) : strdup("");
		res->command = strbuf_detach(&cmd);
		if (!res->serial || !res->command) {
			qemu_result_free(res);
			r = -ENOMEM;
		}
	}
out:
	strbuf_release(&serial);
	strbuf_release(&cmd);
	qemu_argv_free(&a);
	return r;
}

const char *qemu_tail(const char *serial, size_t len, unsigned n)
{
	const char *p = serial + len;

	if (len && p[-1] == '\n')
		p--;
	while (p > serial) {
		if (p[-1] == '\n' && n-- <= 1)
			break;
		p--;
	}
	return p;
}
