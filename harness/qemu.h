/* qemu.h - boot one disk image under QEMU and capture its serial console, under a deadline.
 *
 * The machine cannot hang the harness: -nodefaults -no-reboot, the guest
 * kernel gets panic=-1 from the caller, a deadline kills QEMU's process
 * group, and the exact command line heads the log so any failure can be
 * reproduced by pasting it. */
#ifndef HARNESS_QEMU_H
#define HARNESS_QEMU_H

#include <stddef.h>

#define QEMU_BIN "qemu-system-x86_64"
/* Serial output kept in memory for the checks; the log gets all of it. */
#define QEMU_SERIAL_MAX (8u << 20)

struct qemu_boot {
	const char *kernel;  /* -kernel, or NULL to boot from cdrom */
	const char *initrd;  /* -initrd, or NULL */
	const char *append;  /* -append, or NULL */
	const char *disk;    /* raw image, attached writable; the disk firmware boots */
	/* A second disk (virtio-blk, writable, no boot index): on the PCI bus
	 * before the boot disk when extra_first, so Linux names it first while
	 * firmware still boots disk. NULL: none. */
	const char *extra_disk;
	int extra_first;
	const char *bus;     /* spec bus name */
	const char *cdrom;   /* ISO to boot from when kernel is NULL */
	int kvm;
	int vga;             /* add a VGA adapter (see bootcase_oracle) */
	unsigned timeout_s;
	/* A boot menu that waits with no timeout would wait for ever: when
	 * this text appears on the console and the boot has not moved on
	 * QEMU_ENTER_DELAY seconds later, press Enter once, as an operator
	 * would, to boot the highlighted default entry. An error pause
	 * ("Press any key to continue") silent for QEMU_ERROR_PAUSE_MS ends
	 * the boot early instead of at the deadline. NULL: neither. */
	const char *enter_prompt;
	/* Late attach: start without the disk and hot-plug it (virtio-blk)
	 * through the QEMU monitor attach_after_s seconds after attach_when
	 * first appears on the console (after start when NULL), as a cloud
	 * attaches a volume to a running instance. 0: present from the start. */
	unsigned attach_after_s;
	const char *attach_when;
};

#define QEMU_ENTER_DELAY 5
/* GRUB 2 goes on by itself 10 s after "Press any key to continue"
 * (grub_wait_after_message); GRUB legacy waits for ever. Past this much
 * silence after the pause, the boot is over. */
#define QEMU_ERROR_PAUSE_MS 15000

/* Printed by every panicking kernel; the kernels under test need not have
 * panic=-1 on their command line, so a panic would otherwise sit until the
 * deadline. */
#define QEMU_PANIC_TEXT "Kernel panic - not syncing"
/* A TCG guest on a loaded host can fail the kernel's boot-time timer check;
 * that says nothing about the boot path, so such a boot is run once more. */
#define QEMU_TIMER_FLAKE_TEXT "IO-APIC + timer doesn't work"

struct qemu_result {
	int timed_out;
	int status;          /* QEMU's exit status when it exited */
	double secs;
	char *serial;        /* NUL-terminated, owned */
	size_t serial_len;
	char *command;       /* the shell-pastable command line, owned */
	int pressed_enter;   /* the menu waited and got an Enter */
	int stuck;           /* stopped at an error pause (enter_prompt boots only) */
	int panicked;        /* a kernel panicked and went quiet: stopped early */
};

/* Returns 0 once QEMU has exited or was killed at the deadline (see
 * res->timed_out), a negative errno if it could not run at all. The log
 * receives "+ <command>" and then every byte of the console. */
int qemu_run(const struct qemu_boot *b, int log_fd, struct qemu_result *res);
void qemu_result_free(struct qemu_result *res);

/* Can this process create KVM virtual machines? 1 yes, 0 no. */
int qemu_kvm_available(void);

/* The last n lines of a serial log, for a failure report. */
const char *qemu_tail(const char *serial, size_t len, unsigned n);

#endif
