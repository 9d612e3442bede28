/* pid1.c - the boot path: devices, mounts, configuration, kexec; and saying
 * why, in one line an operator can act on, when that path ends early. */
#include "pid1.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <unistd.h>

#include "choose.h"
#include "devices.h"
#include "firmware.h"
#include "formats.h"
#include "kexec.h"
#include "log.h"
#include "modules.h"
#include "mounts.h"
#include "options.h"
#include "snapshot.h"

static struct device_list devs;
static struct loader_options opts;
/* The MBR signature of the disk firmware boots; 0 if unknown, or when
 * kexec_loader.disk= names the disk instead. */
static uint32_t firmware_sig;

/* How long to wait for the disk firmware boots before trying the others: its
 * driver may still be probing (IDE), but a disk on a bus the kernel lacks
 * (USB) must not hold up the boot for the whole rootdelay. */
#define FIRMWARE_DISK_WAIT_MS 5000

__attribute__((noreturn)) static void pid1_power_off(void)
{
	log_info("devices seen:");
	for (size_t i = 0; i < devs.n; i++)
		log_info("  /dev/%s (%s) TYPE=%s UUID=%s LABEL=%s", devs.dev[i].name,
			 devs.dev[i].grub_name, devs.dev[i].type[0] ? devs.dev[i].type : "none",
			 devs.dev[i].uuid, devs.dev[i].label);
	log_info("powering off");
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void pid1_warning(void *userdata, const char *file, unsigned line, const char *msg)
{
	(void)userdata;
	log_warn("%s:%u: %s", file, line, msg);
}

static bool device_wanted(const struct device *d)
{
	const char *want = opts.disk;

	if (!want)
		return true;
	if (!strncmp(want, "UUID=", 5))
		return !strcasecmp(d->uuid, want + 5);
	if (!strncmp(want, "LABEL=", 6))
		return !strcmp(d->label, want + 6);
	if (!strncmp(want, "/dev/", 5))
		want += 5;
	return !strcmp(d->name, want) || !strcmp(d->disk, want);
}

/* A dirty journal is replayed into a RAM snapshot, never onto the disk.
 * Returns 0 when mounted that way, -ENOENT when there is nothing to replay. */
static int pid1_mount_replayed(struct device *d)
{
	char node[32];
	int r;

	if (!snapshot_needs_replay(d))
		return -ENOENT;
	r = snapshot_create(d, node, sizeof(node));
	if (r == 0)
		r = mounts_device(d, node);
	if (r < 0) {
		log_warn("/dev/%s: journal needs recovery and cannot be replayed in memory (%s); "
			 "reading it without the journal's newest changes", d->name, strerror(-r));
		return r;
	}
	log_info("/dev/%s: journal replayed into a RAM snapshot (%s); the disk is untouched",
		 d->name, node);
	return 0;
}

/* Mount every filesystem not yet mounted; failures are logged, not fatal:
 * a corrupted filesystem beside a good one must not stop the boot. */
static void pid1_mount_new(void)
{
	for (size_t i = 0; i < devs.n; i++) {
		struct device *d = &devs.dev[i];
		int r;

		if (d->mnt[0] || !d->type[0] || d->ambiguous || d->mount_failed)
			continue;
		if (opts.debug)
			log_info("debug: /dev/%s is %s: TYPE=%s UUID=%s LABEL=%s", d->name, d->grub_name, d->type,
				 d->uuid, d->label);
		modules_load_fs(d->type);
		r = pid1_mount_replayed(d);
		if (r < 0)
			r = mounts_device(d, NULL);
		if (r == -EPROTONOSUPPORT)
			continue;
		if (r < 0) {
			log_error("cannot mount /dev/%s (%s, %s): %s", d->name, d->grub_name, d->type,
				  strerror(-r));
			d->mount_failed = true;
			continue;
		}
		log_info("mounted /dev/%s (%s) %s read-only", d->name, d->grub_name, d->type);
	}
}

static int pid1_bootfs(struct bootfs *fs)
{
	int r = bootfs_dir_new(fs);

	for (size_t i = 0; r >= 0 && i < devs.n; i++) {
		const struct device *d = &devs.dev[i];
		int vol;

		if (!d->mnt[0])
			continue;
		vol = bootfs_add_volume(fs, d->grub_name, d->uuid[0] ? d->uuid : NULL,
					d->label[0] ? d->label : NULL, d->type, NULL);
		r = vol < 0 ? vol : bootfs_dir_set_root(fs, (size_t)vol, d->mnt);
	}
	return r;
}

/* The loader's own peak memory, before the kernel and initrd are read. */
static void log_peak_memory(void)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			log_info("peak memory %lu kB", strtoul(line + 6, NULL, 10));
	fclose(f);
}

/* Try each target of the plan in order; returns only when none could be loaded. */
static void pid1_try_plan(const struct bootfs *fs, const struct boot_plan *p)
{
	struct strbuf cmd, name;
	char why[512];
	int idx = 0;

	strbuf_init(&cmd);
	strbuf_init(&name);
	while ((idx = choose_target(fs, p, (size_t)idx, why, sizeof(why))) >= 0 || why[0]) {
		const struct boot_target *t;
		unsigned long long need, avail;
		const char *what;
		int r;

		if (idx < 0) {
			log_error("cannot boot (%s): %s", p->format, why);
			break;
		}
		t = &p->targets[idx];
		if (why[0])
			log_warn("%s; booting entry '%s' instead", why, t->entry ? t->entry : "");
		/* The marker makes the loader refuse to run again if the target
		 * turns out to boot this same initramfs. */
		if (choose_cmdline(t, opts.append, opts.console_inherit ? opts.console : NULL,
				   &cmd) < 0 ||
		    strbuf_addf(&cmd, "%s%s", cmd.len ? " " : "", OPTIONS_MARKER) < 0)
			break;
		choose_file_name(fs, &t->kernel, &name);
		log_info("entry '%s': kernel %s", t->entry ? t->entry : "", name.buf);
		log_info("cmdline: %s", cmd.buf);
		if (opts.dryrun) {
			log_info("dry run: not loading");
			break;
		}
		log_peak_memory();
		/* Refused before anything is read: a 64 GiB initrd must not take the loader down. */
		if (kexec_check_size(fs, t, &need, &avail) < 0) {
			log_error("entry '%s': its kernel and initrds need %llu MiB of memory, "
				  "%llu MiB are available: give the machine more memory",
				  t->entry ? t->entry : "", need >> 20, avail >> 20);
		} else if ((r = kexec_load_target(fs, t, cmd.buf, (enum kexec_method)opts.kexec_method,
						  &what)) == 0) {
			log_info("loaded; jumping to the new kernel (%s)", what);
			r = kexec_reboot();
			log_error("kexec reboot failed: %s", strerror(-r));
			break;
		} else {
			log_error("cannot load %s of entry '%s' (%s): %s", what, t->entry ? t->entry : "",
				  name.buf, strerror(-r));
		}
		idx++;
		if ((size_t)idx < p->n_targets)
			log_info("trying the fallback entry");
	}
	strbuf_release(&cmd);
	strbuf_release(&name);
}

/* kexec_loader.debug: the menu as evaluated, in boot order, for an operator
 * comparing it with what the image's own boot loader shows. */
static void pid1_debug_plan(const struct bootfs *fs, const struct boot_plan *p)
{
	struct strbuf name;

	strbuf_init(&name);
	for (size_t i = 0; i < p->n_titles; i++)
		log_info("debug: menu entry %zu: %s", i, p->titles[i]);
	for (size_t i = 0; i < p->n_targets; i++) {
		const struct boot_target *t = &p->targets[i];

		choose_file_name(fs, &t->kernel, &name);
		log_info("debug: candidate %zu: '%s' kernel %s, %zu initrd(s), cmdline %s", i,
			 t->entry ? t->entry : "", name.buf, t->n_initrds, t->cmdline ? t->cmdline : "");
	}
	strbuf_release(&name);
}

/* Whether a device on disk is mounted and chosen by kexec_loader.disk=. */
static bool disk_usable(const struct device *disk)
{
	for (size_t i = 0; i < devs.n; i++) {
		const struct device *d = &devs.dev[i];

		if (d->mnt[0] && device_wanted(d) && (d == disk || !strcmp(d->disk, disk->name)))
			return true;
	}
	return false;
}

/* Evaluate the configuration of each disk in turn, booting the first that
 * works: the disk firmware boots first, then firmware order. The disk being
 * evaluated is hd0 to its configuration, as it is to the GRUB installed on it
 * when firmware boots that disk. */
static void pid1_try_boot(void)
{
	const struct device *order[DEVICES_MAX];
	size_t n = devices_boot_order(&devs, firmware_sig, order, DEVICES_MAX);

	for (size_t i = 0; i < n; i++) {
		struct plan_options po = { .entry = opts.entry, .config_disk = "hd0" };
		const struct device *disk_dev = order[i];
		char format_var[64];
		const char *vars[1];
		struct boot_plan plan = { 0 };
		struct bootfs fs;
		struct diag d;
		int r;

		if (!disk_usable(disk_dev))
			continue;
		devices_assign_grub_names(&devs, disk_dev);
		r = pid1_bootfs(&fs);
		if (r < 0)
			break;
		if (opts.format) {
			snprintf(format_var, sizeof(format_var), "%s=%s", FORMATS_OPTION, opts.format);
			vars[0] = format_var;
			po.vars = vars;
			po.n_vars = 1;
		}
		diag_init(&d);
		d.warn = pid1_warning;
		r = formats_plan(&fs, &po, disk_dev->bootcode, &plan, &d);
		if (r < 0) {
			if (r != -ENOENT || d.msg[0])
				log_error("no usable boot configuration (%s): %s:%u: %s", disk_dev->name,
					  d.file, d.line, d.msg[0] ? d.msg : strerror(-r));
			bootfs_dir_free(&fs);
			continue;
		}
		log_info("%s, as hd0: %s configuration (%s)", disk_dev->name, plan.format,
			 plan.reason ? plan.reason : "");
		if (opts.debug)
			pid1_debug_plan(&fs, &plan);
		pid1_try_plan(&fs, &plan);
		boot_plan_free(&plan);
		bootfs_dir_free(&fs);
	}
	devices_assign_grub_names(&devs, NULL);
}

/* Whether to hold off trying disks: firmware named its boot disk, it has not
 * appeared yet, and the wait for it is not over. */
static bool pid1_waiting_for_firmware_disk(unsigned long now, unsigned long until)
{
	static bool gave_up;

	if (!firmware_sig || gave_up || devices_have_signature(&devs, firmware_sig))
		return false;
	if (now < until)
		return true;
	gave_up = true;
	log_warn("the disk firmware boots (MBR signature 0x%08x) has not appeared; "
		 "trying the disks present", firmware_sig);
	return false;
}

static int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
			NETLINK_KOBJECT_UEVENT);

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait until a uevent arrives or ms pass; drain what arrived. */
static void uevent_wait(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (fd < 0) {
		usleep((useconds_t)ms * 1000);
		return;
	}
	if (poll(&pfd, 1, ms) > 0) {
		char buf[4096];

		while (recv(fd, buf, sizeof(buf), 0) > 0)
			;
	}
}

static char *read_cmdline(void)
{
	static char buf[4096];
	ssize_t n;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

void pid1_main(void)
{
	unsigned long start, deadline, next_note, firmware_until;
	bool untried = false, has_modules;
	int ev, r;

	r = mounts_essentials();
	log_open_console();
	log_info("started");
	if (r < 0)
		log_error("cannot mount /proc, /sys, /dev or /run (initramfs): %s", strerror(-r));
	r = options_parse(read_cmdline(), &opts);
	if (r < 0) {
		log_error("bad kexec_loader option (kernel command line): %s; using defaults",
			  strerror(-r));
		options_parse("", &opts);
	}
	for (unsigned i = 0; i < opts.n_unknown; i++)
		log_warn("unknown option '%s' ignored", opts.unknown[i]);
	if (opts.kexeced) {
		log_error("refusing to boot again (kernel command line): this kernel was started by "
			  "kexec-loader, whose target booted the loader's own initramfs; fix the "
			  "image's boot configuration");
		pid1_power_off();
	}
	ev = uevent_open();
	has_modules = access(MODULES_LIST, F_OK) == 0;
	/* EDD's data outlives the firmware; a modular kernel shows it once loaded. */
	if (has_modules && access(FIRMWARE_EDD_DIR, F_OK) < 0)
		modules_load("edd", NULL);
	firmware_sig = opts.disk ? 0 : firmware_boot_disk_signature(FIRMWARE_EDD_DIR);
	/* Without EDD, or with a disk named, any disk may be the one: all drivers now. */
	if (!firmware_sig)
		modules_allow_slow();
	if (!has_modules) {
		log_info("no driver modules in the initramfs: drivers are built into the kernel");
	} else {
		r = modules_coldplug();
		log_info("loaded %d driver modules for the devices present%s", r,
			 firmware_sig ? " (IDE later, if the disk firmware boots is not found)" : "");
	}
	if (firmware_sig)
		log_info("firmware boots the disk with MBR signature 0x%08x (EDD); it is tried first",
			 firmware_sig);

	start = log_uptime_ms();
	deadline = start + opts.rootdelay * 1000ul;
	/* Never past rootdelay: the disks present are tried before giving up. */
	firmware_until = start + FIRMWARE_DISK_WAIT_MS < deadline ? start + FIRMWARE_DISK_WAIT_MS : deadline;
	next_note = start + 10000;
	for (unsigned pass = 0;; pass++) {
		unsigned long now, wait_until = deadline;

		r = modules_coldplug();
		if (r > 0)
			log_info("loaded %d more driver modules", r);
		if (devices_scan(&devs) > 0) {
			if (pass)
				log_info("new block devices appeared; probing them");
			pid1_mount_new();
			untried = true;
		}
		now = log_uptime_ms();
		if (pid1_waiting_for_firmware_disk(now, firmware_until)) {
			wait_until = firmware_until;
			if (modules_allow_slow() && has_modules) {
				log_info("the disk firmware boots is not among those found; loading IDE too");
				continue;
			}
		} else if (untried) {
			pid1_try_boot();
			untried = false;
			if (modules_allow_slow() && has_modules) {
				log_info("nothing booted from the disks found; loading IDE too");
				continue;
			}
			now = log_uptime_ms();
		}
		if (now >= deadline)
			break;
		if (now >= next_note) {
			log_info("waiting for a disk with a boot configuration (%lus left)",
				 (deadline - now) / 1000);
			next_note += 10000;
		}
		uevent_wait(ev, (int)(wait_until - now < 1000 ? wait_until - now : 1000));
	}
	log_error("nothing to boot (after %us): no disk holds a boot configuration that "
		  "loads; attach the image's disk or set kexec_loader.disk= / kexec_loader.entry=",
		  opts.rootdelay);
	pid1_power_off();
}
