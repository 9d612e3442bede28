/* bootcase.c - build, boot twice and judge one image (see bootcase.h). */
#include "bootcase.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootsector.h"
#include "cache.h"
#include "cleanup.h"
#include "dirty.h"
#include "disk.h"
#include "expect.h"
#include "grub1boot.h"
#include "grub2boot.h"
#include "probeline.h"
#include "qemu.h"
#include "strbuf.h"
#include "util.h"

#define BOOTCASE_TAIL_LINES 25

/* Everything one run of one image needs, freed in one place. */
struct bootcase {
	const struct bootcase_config *c;
	const struct spec *s;
	struct result *res;
	struct expect e;
	int have_expect;
	enum spec_oracle oracle;
	char *root;       /* corpus/<case>/root */
	char *work;       /* work/<image> */
	char *cached;     /* cache/<image>-<key>.img */
	char *extra_cached; /* the extra-disk= image, or NULL */
	char *want_initrds; /* what the probe must report (expect_tagged_initrds) */
	int failed;
};

static void bootcase_release(struct bootcase *b)
{
	if (b->have_expect)
		expect_free(&b->e);
	free(b->root);
	free(b->work);
	free(b->cached);
	free(b->extra_cached);
	free(b->want_initrds);
}

/* Record the first failure only: later ones are usually consequences. */
static int bootcase_fail(struct bootcase *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bootcase_fail(struct bootcase *b, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;
	int n;

	if (b->failed)
		return 0;
	b->failed = 1;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		msg = NULL;
		return -ENOMEM;
	}
	return result_set(b->res, "reason", msg);
}

static char *bootcase_path(const char *fmt, const char *a, const char *b)
{
	char *s = NULL;

	if (asprintf(&s, fmt, a, b) < 0)
		return NULL;
	return s;
}

static enum spec_oracle bootcase_default_oracle(const char *format)
{
	if (!format)
		return SPEC_ORACLE_NONE;
	if (!strcmp(format, "grub2"))
		return SPEC_ORACLE_GRUB2;
	if (!strcmp(format, "grub1") || !strcmp(format, "grub-legacy") || !strcmp(format, "menu.lst"))
		return SPEC_ORACLE_GRUB_LEGACY;
	return SPEC_ORACLE_NONE;
}

static int bootcase_hash_dirty(const struct bootcase *b, uint64_t *h)
{
	_cleanup_free_ char *cfg = NULL;

	if (asprintf(&cfg, "%s/%s/%s", b->c->corpus_dir, b->s->corpus, b->s->dirty) < 0) {
		cfg = NULL;
		return -ENOMEM;
	}
	return util_hash_file(cfg, h);
}

/* spec dirty=: a guest rewrites grub.cfg and dies before unmounting. */
static int bootcase_dirty(struct bootcase *b, const char *img, int log_fd)
{
	const struct dirty_tools t = { .kernel = b->c->dirtier_kernel ? b->c->dirtier_kernel : b->c->loader_kernel,
				       .kernel_root = b->c->loader_kernel_root,
				       .kver = b->c->loader_release, .mkinitramfs = b->c->mkinitramfs,
				       .dirtier = b->c->dirtier, .kvm = b->c->kvm };
	_cleanup_free_ char *cfg = NULL, *old = NULL;
	const char *rel = NULL;
	char dev[16], why[256];
	int part = spec_part_for_path(b->s, "/boot/grub/grub.cfg", &rel);

	if (part < 0 || strcmp(b->s->parts[part].src, "/") || strncmp(b->s->parts[part].fs, "ext", 3))
		return bootcase_fail(b, "dirty= needs /boot/grub/grub.cfg on the ext3/4 root filesystem");
	if (b->s->table == SPEC_TABLE_NONE)
		snprintf(dev, sizeof(dev), "vda");
	else
		snprintf(dev, sizeof(dev), "vda%d", spec_part_number(b->s, (size_t)part));
	if (asprintf(&old, "%s/%s/%s", b->c->corpus_dir, b->s->corpus, b->s->dirty) < 0 ||
	    asprintf(&cfg, "%s/boot/grub/grub.cfg", b->root) < 0) {
		old = cfg = NULL;
		return -ENOMEM;
	}
	/* The blocks keep the old file; the journal gets the corpus tree's. */
	if (dirty_put_old(img, disk_part_offset(b->s, (size_t)part), old, b->work, log_fd) < 0)
		return bootcase_fail(b, "dirty journal: cannot put '%s' in place with debugfs", old);
	if (dirty_image(&t, cfg, img, dev, b->work, log_fd, why, sizeof(why)) < 0)
		return bootcase_fail(b, "dirty journal: %s", why);
	return 0;
}

/* The disk image from the cache, built first if this key is new. */
static int bootcase_image(struct bootcase *b, const char *spec_path)
{
	const struct spec *s = b->s;
	const struct stage_fill fill = { .kernel = b->c->target_kernel, .initrd = b->c->target_initrd };
	_cleanup_free_ char *data = NULL;
	_cleanup_free_ char *logpath = NULL;
	_cleanup_free_ char *tmp = NULL;
	_cleanup_close_ int log_fd = -1;
	uint64_t h = b->c->inputs_hash;
	const char *what = "";
	size_t len;
	int r;

	r = util_read_file(spec_path, 1 << 16, &data, &len);
	if (r < 0)
		return bootcase_fail(b, "cannot read '%s': %s", spec_path, strerror(-r));
	h = util_hash(h, data, len);
	r = cache_hash_tree(b->root, &h);
	if (r < 0)
		return bootcase_fail(b, "cannot read corpus tree '%s': %s", b->root, strerror(-r));
	if (s->dirty && (r = bootcase_hash_dirty(b, &h)) < 0)
		return bootcase_fail(b, "cannot read the dirty= file '%s': %s", s->dirty, strerror(-r));
	if (s->bootcode && (r = bootsector_hash(b->c->bootcode_dir, s->bootcode, &h)) < 0)
		return bootcase_fail(b, "cannot read the %s boot code in '%s': %s (pass --bootcode-dir)", s->bootcode,
				     b->c->bootcode_dir ? b->c->bootcode_dir : "", strerror(-r));
	if (asprintf(&b->cached, "%s/%s-%016llx.img", b->c->cache_dir, s->name, (unsigned long long)h) < 0) {
		b->cached = NULL;
		return -ENOMEM;
	}
	if (access(b->cached, R_OK) == 0) {
		result_set(b->res, "cache", "hit");
		return 0;
	}
	result_set(b->res, "cache", "miss");
	logpath = bootcase_path("%s/%s.build.log", b->c->logs_dir, s->name);
	tmp = bootcase_path("%s/%s", b->work, "disk.img");
	if (!logpath || !tmp)
		return -ENOMEM;
	log_fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0)
		return bootcase_fail(b, "cannot open '%s': %s", logpath, strerror(errno));
	r = disk_build(s, b->root, &fill, b->work, tmp, log_fd, &what);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return bootcase_fail(b, "image build failed %s: %s (see %s)", what, strerror(-r), logpath);
	if (s->bootcode && (r = bootsector_install(b->c->bootcode_dir, s->bootcode, tmp)) < 0)
		return bootcase_fail(b, "cannot write the %s boot code: %s", s->bootcode, strerror(-r));
	if (s->dirty && (r = bootcase_dirty(b, tmp, log_fd)) < 0)
		return r;
	if (rename(tmp, b->cached) < 0)
		return bootcase_fail(b, "cannot move image to '%s': %s", b->cached, strerror(errno));
	return 0;
}

/* spec extra-disk=: build (or find cached) the other spec's image, as its own row would. */
static int bootcase_extra(struct bootcase *b, const char *spec_path)
{
	const char *slash = strrchr(spec_path, '/');
	_cleanup_free_ char *path = NULL;
	struct spec es = { 0 };
	struct spec_error err;
	struct bootcase e = { .c = b->c, .s = &es, .res = b->res };
	int r;

	if (asprintf(&path, "%.*s%s.spec", slash ? (int)(slash - spec_path + 1) : 0, spec_path,
		     b->s->extra_disk) < 0) {
		path = NULL;
		return -ENOMEM;
	}
	r = spec_load(path, &es, &err);
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return bootcase_fail(b, "extra-disk=%s: %s:%u: %s", b->s->extra_disk, path, err.line, err.msg);
	e.root = bootcase_path("%s/%s/root", b->c->corpus_dir, es.corpus);
	e.work = bootcase_path("%s/%s", b->work, "extra");
	if (!e.root || !e.work) {
		r = -ENOMEM;
	} else if ((r = util_mkdir_p(e.work, 0755)) < 0) {
		r = bootcase_fail(b, "cannot create '%s': %s", e.work, strerror(-r));
	} else {
		r = bootcase_image(&e, path);
		if (e.failed)
			b->failed = 1;
		b->extra_cached = e.cached;
		e.cached = NULL;
	}
	bootcase_release(&e);
	spec_free(&es);
	return r;
}

struct bootcase_boot {
	const char *name;    /* "loader", "grub2" */
	struct qemu_boot q;
	struct qemu_result qr;
	struct probeline probe;
	int have_probe;
	char *disk;
	char *extra;         /* copy of the extra-disk= image, or NULL */
	char *log;
};

static void bootcase_boot_release(struct bootcase_boot *bb)
{
	qemu_result_free(&bb->qr);
	if (bb->have_probe)
		probeline_free(&bb->probe);
	if (bb->disk)
		(void)unlink(bb->disk);
	if (bb->extra)
		(void)unlink(bb->extra);
	free(bb->disk);
	free(bb->extra);
	free(bb->log);
}

/* Copy the cached image, boot it, find the probe's report. Failures of the
 * boot itself go into the result; only harness errors are returned. */
static int bootcase_boot(struct bootcase *b, struct bootcase_boot *bb, const char *log_suffix)
{
	_cleanup_close_ int log_fd = -1;
	int r, retried = 0;

	bb->disk = bootcase_path("%s/%s.img", b->work, bb->name);
	if (asprintf(&bb->log, "%s/%s%s.log", b->c->logs_dir, b->s->name, log_suffix) < 0)
		bb->log = NULL;
	if (!bb->disk || !bb->log)
		return -ENOMEM;
retry:
	r = util_copy_file(b->cached, bb->disk, 0644);
	if (r < 0)
		return bootcase_fail(b, "cannot copy '%s': %s", b->cached, strerror(-r));
	bb->q.disk = bb->disk;
	bb->q.bus = b->s->bus;
	if (b->extra_cached) {
		if (!bb->extra && !(bb->extra = bootcase_path("%s/%s.extra.img", b->work, bb->name)))
			return -ENOMEM;
		r = util_copy_file(b->extra_cached, bb->extra, 0644);
		if (r < 0)
			return bootcase_fail(b, "cannot copy '%s': %s", b->extra_cached, strerror(-r));
		bb->q.extra_disk = bb->extra;
		bb->q.extra_first = b->s->extra_first;
	}
	bb->q.kvm = b->c->kvm;
	bb->q.timeout_s = b->s->timeout ? b->s->timeout : b->c->timeout_s;
	if (log_fd < 0)
		log_fd = open(bb->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (log_fd < 0)
		return bootcase_fail(b, "cannot open '%s': %s", bb->log, strerror(errno));
	dprintf(log_fd, "[harness] image %s, %s boot\n", b->s->name, bb->name);
	r = qemu_run(&bb->q, log_fd, &bb->qr);
	if (r < 0)
		return r == -ENOMEM ? r : bootcase_fail(b, "%s boot: cannot run %s: %s", bb->name, QEMU_BIN, strerror(-r));
	if (bb->qr.panicked && !retried &&
	    memmem(bb->qr.serial, bb->qr.serial_len, QEMU_TIMER_FLAKE_TEXT, strlen(QEMU_TIMER_FLAKE_TEXT))) {
		retried = 1;
		result_setf(b->res, "retried", "%s boot: kernel timer check failed under TCG", bb->name);
		dprintf(log_fd, "[harness] the kernel failed its timer check (a TCG timing flake): booting once more\n");
		qemu_result_free(&bb->qr);
		goto retry;
	}
	result_setf(b->res, !strcmp(bb->name, "loader") ? "loader_secs" : "oracle_secs", "%.1f", bb->qr.secs);
	r = probeline_find(bb->qr.serial, bb->qr.serial_len, &bb->probe);
	if (r == 0)
		bb->have_probe = 1;
	else if (r == -ENOMEM)
		return r;
	return 0;
}

/* A failed boot's evidence, for the TAP diagnostics and JUnit: the first
 * failure's serial tail, its reproducing command and its log. */
static void bootcase_attach_serial(struct bootcase *b, const struct bootcase_boot *bb)
{
	if (!b->failed || result_get(b->res, "tail"))
		return;
	result_set(b->res, "tail", qemu_tail(bb->qr.serial, bb->qr.serial_len, BOOTCASE_TAIL_LINES));
	result_set(b->res, "command", bb->qr.command);
	result_set(b->res, "log", bb->log);
}

/* Judge a boot that should have reached the target kernel. */
static int bootcase_judge(struct bootcase *b, struct bootcase_boot *bb, const char *field)
{
	const char *want = b->e.cmdline;
	int r = 0;

	if (!bb->have_probe) {
		result_set(b->res, field, bb->qr.timed_out ? "timeout" : bb->qr.stuck ? "error" :
					  bb->qr.panicked ? "panic" : "no-probe");
		if (bb->qr.panicked)
			r = bootcase_fail(b, "%s boot: a kernel panicked (see the serial tail)", bb->name);
		else if (bb->qr.stuck)
			r = bootcase_fail(b, "%s boot: the boot loader stopped at an error (see the serial tail)", bb->name);
		else if (bb->qr.timed_out)
			r = bootcase_fail(b, "%s boot: no probe report within %us", bb->name, bb->q.timeout_s);
		else
			r = bootcase_fail(b, "%s boot: no probe report, qemu exited with status %d", bb->name,
					  bb->qr.status);
	} else if (strcmp(bb->probe.release, b->c->target_release)) {
		result_set(b->res, field, "wrong-kernel");
		r = bootcase_fail(b, "%s boot reached kernel '%s', expected '%s'", bb->name, bb->probe.release,
				  b->c->target_release);
	} else if (strcmp(bb->probe.cmdline, want)) {
		result_set(b->res, field, "wrong-cmdline");
		r = bootcase_fail(b, "%s boot: command line '%s', expected '%s'", bb->name, bb->probe.cmdline, want);
	} else if (!bb->probe.initrds || strcmp(bb->probe.initrds, b->want_initrds)) {
		/* Same command line, other entry: only the initrd tags tell. */
		result_set(b->res, field, "wrong-initrd");
		r = bootcase_fail(b, "%s boot loaded initrds [%s], expected [%s]", bb->name,
				  bb->probe.initrds ? bb->probe.initrds : "no report", b->want_initrds);
	} else {
		result_set(b->res, field, "ok");
	}
	bootcase_attach_serial(b, bb);
	return r;
}

/* Strip the loader's documented marker from the end of a loader boot's
 * command line; a missing marker is a failure like any other mismatch. */
static int bootcase_strip_marker(struct bootcase *b, struct bootcase_boot *bb)
{
	const char *m = b->c->loader_marker;
	size_t n, ml;

	if (!m || !*m || !bb->have_probe)
		return 0;
	n = strlen(bb->probe.cmdline);
	ml = strlen(m);
	if (n < ml || strcmp(bb->probe.cmdline + n - ml, m)) {
		result_set(b->res, "loader", "no-marker");
		return bootcase_fail(b, "loader boot: command line '%s' does not end in the loader's marker '%s'",
				     bb->probe.cmdline, m);
	}
	bb->probe.cmdline[n - ml] = '\0';
	return 0;
}

/* spec loader-pair=NAME: the kernel and initramfs of harness --loader-pair NAME=DIR. */
static int bootcase_pair(struct bootcase *b, char **kernel, char **initrd)
{
	size_t n = strlen(b->s->loader_pair);

	for (int i = 0; i < b->c->n_pairs; i++) {
		const char *p = b->c->pairs[i];

		if (strncmp(p, b->s->loader_pair, n) || p[n] != '=')
			continue;
		if (asprintf(kernel, "%s/vmlinuz", p + n + 1) < 0 ||
		    asprintf(initrd, "%s/kexec-loader.initrd", p + n + 1) < 0)
			return -ENOMEM;
		result_set(b->res, "loader_pair", b->s->loader_pair);
		return 0;
	}
	return bootcase_fail(b, "loader-pair=%s: the harness was given no --loader-pair %s=DIR",
			     b->s->loader_pair, b->s->loader_pair);
}

/* Fail the case if the boot changed copy, made from original, by one byte. */
static int bootcase_unchanged(struct bootcase *b, const char *original, const char *copy, const char *what)
{
	uint64_t where = 0;
	int r = util_compare_files(original, copy, &where);

	if (r == 1)
		return bootcase_fail(b, "loader boot changed the %s (first difference at byte %llu)", what,
				     (unsigned long long)where);
	if (r < 0)
		return bootcase_fail(b, "cannot compare '%s': %s", copy, strerror(-r));
	return 0;
}

static int bootcase_loader(struct bootcase *b)
{
	struct bootcase_boot bb = { .name = "loader" };
	_cleanup_free_ char *append = NULL, *pair_kernel = NULL, *pair_initrd = NULL;
	int r;

	bb.q.kernel = b->c->loader_kernel;
	bb.q.initrd = b->c->loader_initrd;
	bb.q.append = b->c->loader_append;
	if (b->s->loader_pair) {
		r = bootcase_pair(b, &pair_kernel, &pair_initrd);
		if (r < 0 || b->failed)
			return r;
		bb.q.kernel = pair_kernel;
		bb.q.initrd = pair_initrd;
	}
	/* Only the loader waits for a late disk; firmware and GRUB cannot. */
	bb.q.attach_after_s = b->s->attach_after;
	bb.q.attach_when = "kexec-loader: ";
	/* The spec's own options, as an operator would add them to the loader's line. */
	if (b->s->loader_append) {
		if (asprintf(&append, "%s %s", b->c->loader_append, b->s->loader_append) < 0) {
			append = NULL;
			return -ENOMEM;
		}
		bb.q.append = append;
	}
	r = bootcase_boot(b, &bb, "");
	if (r < 0 || b->failed)
		goto out;
	if (b->s->expect == SPEC_EXPECT_FAIL) {
		if (bb.have_probe) {
			result_set(b->res, "loader", "booted");
			r = bootcase_fail(b, "loader boot reached kernel '%s' with '%s', but the image must not boot",
					  bb.probe.release, bb.probe.cmdline);
		} else if (!memmem(bb.qr.serial, bb.qr.serial_len, b->s->expect_log, strlen(b->s->expect_log))) {
			result_set(b->res, "loader", "no-message");
			r = bootcase_fail(b, "loader boot: console never said '%s'", b->s->expect_log);
		} else {
			result_set(b->res, "loader", "refused");
		}
		bootcase_attach_serial(b, &bb);
	} else {
		r = bootcase_strip_marker(b, &bb);
		if (r == 0 && !b->failed)
			r = bootcase_judge(b, &bb, "loader");
		/* An option's effect on the loader's own lines (debug, an unknown option). */
		if (r == 0 && !b->failed && b->s->expect_log &&
		    !memmem(bb.qr.serial, bb.qr.serial_len, b->s->expect_log, strlen(b->s->expect_log))) {
			result_set(b->res, "loader", "no-message");
			r = bootcase_fail(b, "loader boot: console never said '%s'", b->s->expect_log);
			bootcase_attach_serial(b, &bb);
		}
		if (r == 0 && bb.have_probe) {
			result_set(b->res, "kernel", bb.probe.release);
			result_set(b->res, "cmdline", bb.probe.cmdline);
		}
	}
	/* The loader mounts read-only and must never write: compare every byte. */
	if (r == 0)
		r = bootcase_unchanged(b, b->cached, bb.disk, "disk");
	if (r == 0 && !b->failed && bb.extra)
		r = bootcase_unchanged(b, b->extra_cached, bb.extra, "extra disk");
out:
	bootcase_boot_release(&bb);
	return r;
}

/* Build what boots the oracle: a GRUB 2 core image with the prefix
 * grub-install would embed, or a GRUB legacy CD chaining to the config. */
static int bootcase_oracle_media(struct bootcase *b, struct bootcase_boot *bb, char **media)
{
	const char *config = b->e.config ? b->e.config : "/boot/grub/grub.cfg";
	_cleanup_free_ char *buildlog = NULL;
	_cleanup_close_ int log_fd = -1;
	char device[32];
	const char *rel = NULL;
	int part, r;

	part = spec_part_for_path(b->s, config, &rel);
	if (part < 0)
		return bootcase_fail(b, "no partition holds '%s'", config);
	buildlog = bootcase_path("%s/%s.oracle-build.log", b->c->logs_dir, b->s->name);
	if (!buildlog)
		return -ENOMEM;
	log_fd = open(buildlog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (b->oracle == SPEC_ORACLE_GRUB_LEGACY) {
		/* GRUB legacy counts partitions from 0: (hd0,0) is the first. */
		if (b->s->table == SPEC_TABLE_NONE)
			snprintf(device, sizeof(device), "hd0");
		else
			snprintf(device, sizeof(device), "hd0,%d", part);
		result_setf(b->res, "oracle_root", "(%s)%s", device, rel);
		if (!b->c->grub_legacy_stage2 || access(b->c->grub_legacy_stage2, R_OK) < 0)
			return bootcase_fail(b, "GRUB legacy oracle: cannot read stage2_eltorito '%s' (pass --grub-legacy-stage2)",
					     b->c->grub_legacy_stage2 ? b->c->grub_legacy_stage2 : "");
		r = grub1boot_iso(b->c->grub_legacy_stage2, device, rel, b->c->cache_dir, log_fd, media);
		if (r == 0)
			bb->q.cdrom = *media;
	} else {
		char prefix[512], dir[512];

		/* The prefix is the directory holding the config, as GRUB's own install sets it. */
		snprintf(dir, sizeof(dir), "%s", rel);
		*strrchr(dir, '/') = '\0';
		r = spec_grub_device(b->s, (size_t)part, device, sizeof(device));
		if (r == 0)
			r = grub2boot_prefix(device, *dir ? dir : "/", prefix, sizeof(prefix));
		if (r < 0)
			return bootcase_fail(b, "cannot name the GRUB prefix: %s", strerror(-r));
		result_set(b->res, "oracle_root", prefix);
		r = grub2boot_image(prefix, b->c->cache_dir, log_fd, media);
		if (r == 0)
			bb->q.kernel = *media;
	}
	if (r < 0)
		return r == -ENOMEM ? r : bootcase_fail(b, "cannot build the %s oracle: %s (see %s)", bb->name,
							strerror(-r), buildlog);
	return 0;
}

static int bootcase_oracle(struct bootcase *b)
{
	struct bootcase_boot bb = { .name = b->oracle == SPEC_ORACLE_GRUB_LEGACY ? "grub-legacy" : "grub2" };
	_cleanup_free_ char *media = NULL;
	const char *loader_cmdline;
	int r;

	r = bootcase_oracle_media(b, &bb, &media);
	if (r < 0 || b->failed)
		goto out;
	/* Both GRUBs print this under their menu (GRUB 2: "…, `e' to edit…"). */
	bb.q.enter_prompt = "Press enter to boot the selected OS";
	/* GRUB 2 configs that switch to gfxterm hang without a display adapter;
	 * GRUB legacy draws a splashimage on one and leaves the serial console. */
	bb.q.vga = b->oracle == SPEC_ORACLE_GRUB2;
	r = bootcase_boot(b, &bb, b->oracle == SPEC_ORACLE_GRUB_LEGACY ? ".grub-legacy" : ".grub2");
	/* Kept out of the published notes: a slow kernel load after GRUB's
	 * countdown also looks like a waiting menu, so this varies run to run. */
	if (r == 0 && bb.qr.pressed_enter)
		result_set(b->res, "oracle_enter", "pressed");
	if (r == 0 && !b->failed)
		r = bootcase_judge(b, &bb, "oracle_result");
	loader_cmdline = result_get(b->res, "cmdline");
	if (r == 0 && b->failed && loader_cmdline && !strcmp(result_get_or(b->res, "loader", ""), "ok")) {
		/* The loader met the expectation and the oracle did not: the corpus
		 * expectation and the loader share a misreading of the boot loader,
		 * or the spec documents why the two differ. */
		result_set(b->res, "agree", "no");
		if (b->s->known_difference) {
			b->failed = 0;
			result_set(b->res, "agree", "known");
			result_set(b->res, "reason", "");
			result_set(b->res, "oracle_note", b->s->known_difference);
		}
	} else if (r == 0 && !b->failed) {
		result_set(b->res, "agree", b->c->no_loader ? "-" : "yes");
		if (!result_get(b->res, "kernel"))
			result_set(b->res, "kernel", bb.probe.release);
	}
out:
	bootcase_boot_release(&bb);
	return r;
}

static int bootcase_describe(struct bootcase *b)
{
	const struct spec *s = b->s;
	struct strbuf fs;
	int r = 0;

	strbuf_init(&fs);
	for (size_t i = 0; i < s->n_parts && r == 0; i++) {
		if (!s->parts[i].src)
			continue;
		r = strbuf_addf(&fs, "%s%s:%s", fs.len ? "," : "", s->parts[i].src, s->parts[i].fs);
	}
	if (r == 0)
		r = result_set(b->res, "image", s->name);
	if (r == 0)
		r = result_set(b->res, "description", s->description ? s->description : "");
	if (r == 0)
		r = result_set(b->res, "distro", s->distro ? s->distro : "other");
	if (r == 0)
		r = result_set(b->res, "table", spec_table_name(s->table));
	if (r == 0)
		r = result_set(b->res, "fs", fs.buf);
	if (r == 0)
		r = result_set(b->res, "bus", s->bus);
	if (r == 0)
		r = result_set(b->res, "expect", s->expect == SPEC_EXPECT_BOOT ? "boot" : "fail");
	strbuf_release(&fs);
	return r;
}

int bootcase_run(const struct bootcase_config *c, const struct spec *s, const char *spec_path,
		 struct result *res)
{
	struct bootcase b = { .c = c, .s = s, .res = res };
	_cleanup_free_ char *case_dir = NULL, *expect_path = NULL;
	int64_t start = util_now_ms();
	unsigned line = 0;
	int r;

	r = bootcase_describe(&b);
	if (r < 0)
		return r;
	b.root = bootcase_path("%s/%s/root", c->corpus_dir, s->corpus);
	b.work = bootcase_path("%s/%s", c->work_dir, s->name);
	case_dir = bootcase_path("%s/%s", c->corpus_dir, s->corpus);
	expect_path = case_dir ? bootcase_path("%s/%s", case_dir, s->expect_file ? s->expect_file : "expect") : NULL;
	if (!b.root || !b.work || !expect_path) {
		bootcase_release(&b);
		return -ENOMEM;
	}
	(void)util_rm_rf(b.work);
	r = util_mkdir_p(b.work, 0755);
	if (r < 0) {
		r = bootcase_fail(&b, "cannot create '%s': %s", b.work, strerror(-r));
		goto out;
	}
	r = expect_load(expect_path, &b.e, &line);
	if (r == 0)
		b.have_expect = 1;
	else if (r == -ENOMEM)
		goto out;
	else if (s->expect == SPEC_EXPECT_BOOT) {
		r = line ? bootcase_fail(&b, "%s:%u: malformed line", expect_path, line)
			 : bootcase_fail(&b, "cannot read '%s': %s", expect_path,
					 r == -ENOENT && access(expect_path, R_OK) == 0 ? "no format= or cmdline= line"
											 : strerror(-r));
		goto out;
	}
	if (b.have_expect && s->expect == SPEC_EXPECT_BOOT) {
		r = expect_tagged_initrds(&b.e, b.root, &b.want_initrds);
		if (r == -ENOMEM)
			goto out;
		if (r < 0) {
			r = bootcase_fail(&b, "cannot resolve the expected initrds in '%s': %s", b.root, strerror(-r));
			goto out;
		}
	}
	result_set(res, "format", b.have_expect ? b.e.format : "-");
	b.oracle = s->oracle != SPEC_ORACLE_DEFAULT ? s->oracle
		   : bootcase_default_oracle(b.have_expect ? b.e.format : NULL);
	if (s->expect == SPEC_EXPECT_FAIL || c->no_oracle)
		b.oracle = SPEC_ORACLE_NONE;
	result_set(res, "oracle", spec_oracle_name(b.oracle));
	result_set(res, "agree", "-");
	r = s->extra_disk ? bootcase_extra(&b, spec_path) : 0;
	if (r == 0 && !b.failed)
		r = bootcase_image(&b, spec_path);
	if (r == 0 && !b.failed && !c->no_loader)
		r = bootcase_loader(&b);
	else if (r == 0 && !b.failed)
		result_set(res, "loader", "not run");
	if (r == 0 && !b.failed && b.oracle != SPEC_ORACLE_NONE)
		r = bootcase_oracle(&b);
out:
	result_set(res, "status", b.failed ? "not ok" : "ok");
	if (!b.failed)
		result_set(res, "reason", "");
	result_setf(res, "secs", "%.1f", (double)(util_now_ms() - start) / 1000.0);
	if (!b.failed && !c->keep)
		(void)util_rm_rf(b.work);
	bootcase_release(&b);
	return r < 0 ? r : 0;
}
