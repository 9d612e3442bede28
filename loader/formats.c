/* formats.c - the configuration formats, where each is looked for, and which one wins. */
#include "formats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bls/bls.h"
#include "cleanup.h"
#include "extlinux/extlinux.h"
#include "grub1/grub1.h"
#include "grub2/grub2.h"
#include "strbuf.h"

/* Paths are relative to each volume's root: "/boot/…" on a root
 * filesystem, "/grub/…" on a separate /boot, "/EFI/…" on an ESP.
 * Each path is tried on every volume before the next path. */
static const char *const grub2_paths[] = {
	"/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg", "/grub2/grub.cfg",
	/* btrfs installs with the root in subvolume @ (Ubuntu, Debian): seen
	 * from the top of the filesystem, as GRUB reads it. */
	"/@/boot/grub/grub.cfg", "/@/boot/grub2/grub.cfg",
	/* EFI-only images; Fedora's stub there hands over to /boot/grub2. */
	"/EFI/fedora/grub.cfg", "/EFI/redhat/grub.cfg", "/EFI/centos/grub.cfg",
	"/EFI/rocky/grub.cfg", "/EFI/almalinux/grub.cfg", "/EFI/amzn/grub.cfg",
	"/EFI/ubuntu/grub.cfg", "/EFI/debian/grub.cfg", "/EFI/opensuse/grub.cfg",
	"/EFI/BOOT/grub.cfg",
	"/boot/efi/EFI/fedora/grub.cfg", "/boot/efi/EFI/redhat/grub.cfg",
	"/boot/efi/EFI/centos/grub.cfg", "/boot/efi/EFI/rocky/grub.cfg",
	"/boot/efi/EFI/almalinux/grub.cfg", "/boot/efi/EFI/amzn/grub.cfg",
	"/boot/efi/EFI/ubuntu/grub.cfg", "/boot/efi/EFI/debian/grub.cfg",
	"/boot/efi/EFI/opensuse/grub.cfg", "/boot/efi/EFI/BOOT/grub.cfg",
	"/efi/EFI/fedora/grub.cfg", "/efi/EFI/ubuntu/grub.cfg", "/efi/EFI/debian/grub.cfg",
	"/efi/EFI/BOOT/grub.cfg",
	NULL,
};

/* Red Hat's grub-install points stage2 at grub.conf (menu.lst is a
 * symlink to it there); Debian, Ubuntu and SUSE have only menu.lst. */
static const char *const grub1_paths[] = {
	"/boot/grub/grub.conf", "/grub/grub.conf", "/boot/grub/menu.lst", "/grub/menu.lst", NULL,
};

/* systemd-boot reads /loader/entries on the ESP and the XBOOTLDR partition. */
static const char *const bls_paths[] = {
	"/loader/entries", "/boot/loader/entries", "/efi/loader/entries",
	"/boot/efi/loader/entries", NULL,
};

/* SYSLINUX looks in the directory it was installed to, then
 * /boot/syslinux, /syslinux and /, for extlinux.conf before syslinux.cfg;
 * older EXTLINUX used /boot/extlinux and /extlinux; Alpine installs to
 * /boot and keeps /boot/extlinux.conf. */
static const char *const extlinux_paths[] = {
	"/boot/extlinux/extlinux.conf", "/extlinux/extlinux.conf",
	"/boot/extlinux.conf", "/extlinux.conf",
	"/boot/syslinux/extlinux.conf", "/boot/syslinux/syslinux.cfg",
	"/syslinux/extlinux.conf", "/syslinux/syslinux.cfg",
	"/boot/extlinux/syslinux.cfg", "/extlinux/syslinux.cfg",
	"/boot/syslinux.cfg", "/syslinux.cfg",
	NULL,
};

/* Debian's kernel postinst keeps these symlinks; the original loader
 * booted them when nothing else was there. */
static const char *const symlink_paths[] = { "/vmlinuz", "/boot/vmlinuz", NULL };

static int symlinks_eval(const struct bootfs *fs, size_t vol, const char *path,
			 const struct plan_options *opt, struct boot_plan *plan, struct diag *d);

struct format {
	const char *name;
	const char *bootcode; /* what bootcode_detect() calls its loader */
	const char *const *paths;
	enum bootfs_type type;
	plan_eval_fn eval;
};

static const struct format formats[] = {
	{ "grub2", "grub2", grub2_paths, BOOTFS_REG, grub2_eval },
	{ "grub1", "grub1", grub1_paths, BOOTFS_REG, grub1_eval },
	{ "bls", NULL, bls_paths, BOOTFS_DIR, bls_eval },
	{ "extlinux", "syslinux", extlinux_paths, BOOTFS_REG, extlinux_eval },
	{ "symlinks", NULL, symlink_paths, BOOTFS_REG, symlinks_eval },
};

#define N_FORMATS (sizeof(formats) / sizeof(*formats))

bool formats_path_shadowed(const struct bootfs *fs, size_t vol, const char *path)
{
	const char *where = fs->vols[vol].where;
	size_t wl;

	if (!where)
		return false;
	wl = strcmp(where, "/") ? strlen(where) : 0;
	for (size_t i = 0; i < fs->n_vols; i++) {
		const char *w = fs->vols[i].where;
		size_t n;

		if (i == vol || !w || !strcmp(w, "/"))
			continue;
		n = strlen(w);
		/* w must lie below where, and where + path below w. */
		if (n <= wl || strncmp(w, where, wl) || (wl && w[wl] != '/'))
			continue;
		if (!strncmp(path, w + wl, n - wl) && (path[n - wl] == '/' || !path[n - wl]))
			return true;
	}
	return false;
}

/* A BLS directory counts only when it holds an entry. */
static bool bls_dir_used(const struct bootfs *fs, size_t vol, const char *path)
{
	char **names = NULL;
	size_t n = 0;
	bool used = false;
	int r = bootfs_list(fs, vol, path, BLS_ENTRIES_MAX, &names, &n);

	if (r == -E2BIG)
		return true;
	for (size_t i = 0; r == 0 && i < n && !used; i++) {
		size_t l = strlen(names[i]);

		used = l > 5 && !strcmp(names[i] + l - 5, ".conf") && names[i][0] != '.';
	}
	bootfs_names_free(names, n);
	return used;
}

/* The first (path, volume) where the format's configuration is. */
static bool format_find(const struct bootfs *fs, const struct format *f, size_t *vol,
			const char **path)
{
	for (const char *const *p = f->paths; *p; p++)
		for (size_t v = 0; v < fs->n_vols; v++) {
			struct bootfs_stat st;

			if (formats_path_shadowed(fs, v, *p) || bootfs_stat(fs, v, *p, &st) < 0 ||
			    st.type != f->type)
				continue;
			if (f->type == BOOTFS_DIR && !bls_dir_used(fs, v, *p))
				continue;
			*vol = v;
			*path = *p;
			return true;
		}
	return false;
}

static const char *opt_var(const struct plan_options *opt, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; opt && i < opt->n_vars; i++)
		if (!strncmp(opt->vars[i], name, n) && opt->vars[i][n] == '=')
			return opt->vars[i] + n + 1;
	return NULL;
}

static const char *bootcode_name(const char *bootcode)
{
	if (!strcmp(bootcode, "grub2"))
		return "GRUB 2";
	if (!strcmp(bootcode, "grub1"))
		return "GRUB legacy";
	return "SYSLINUX";
}

static int run(const struct bootfs *fs, const struct plan_options *opt, const struct format *f,
	       size_t vol, const char *path, const char *reason, struct boot_plan *plan,
	       struct diag *d)
{
	struct boot_plan p = { 0 };
	int r = f->eval(fs, vol, path, opt, &p, d);

	if (r < 0)
		return r;
	p.reason = strdup(reason);
	if (!p.reason) {
		boot_plan_free(&p);
		return -ENOMEM;
	}
	*plan = p;
	return 0;
}

int formats_plan(const struct bootfs *fs, const struct plan_options *opt, const char *bootcode,
		 struct boot_plan *plan, struct diag *d)
{
	const char *want = opt_var(opt, FORMATS_OPTION);
	struct strbuf why;
	const char *path;
	size_t vol;
	int r;

	memset(plan, 0, sizeof(*plan));
	if (want) {
		for (size_t i = 0; i < N_FORMATS; i++) {
			if (strcmp(formats[i].name, want))
				continue;
			if (!format_find(fs, &formats[i], &vol, &path))
				return diag_error(d, -ENOENT, "", 0,
						  "%s=%s, but no %s configuration was found",
						  FORMATS_OPTION, want, want);
			strbuf_init(&why);
			if (strbuf_addf(&why, "option: %s=%s", FORMATS_OPTION, want) < 0)
				return -ENOMEM;
			r = run(fs, opt, &formats[i], vol, path, why.buf, plan, d);
			strbuf_release(&why);
			return r;
		}
		return diag_error(d, -EINVAL, "", 0, "unknown %s=%s (grub2, grub1, bls, extlinux, symlinks)",
				  FORMATS_OPTION, want);
	}
	if (bootcode) {
		for (size_t i = 0; i < N_FORMATS; i++) {
			if (!formats[i].bootcode || strcmp(formats[i].bootcode, bootcode) ||
			    !format_find(fs, &formats[i], &vol, &path))
				continue;
			strbuf_init(&why);
			if (strbuf_addf(&why, "bootcode: the disk's first sectors hold %s",
					bootcode_name(bootcode)) < 0)
				return -ENOMEM;
			r = run(fs, opt, &formats[i], vol, path, why.buf, plan, d);
			strbuf_release(&why);
			return r;
		}
	}
	for (size_t i = 0; i < N_FORMATS; i++) {
		if (!format_find(fs, &formats[i], &vol, &path))
			continue;
		return run(fs, opt, &formats[i], vol, path,
			   "precedence: first found of grub2, grub1, bls, extlinux, symlinks", plan, d);
	}
	return diag_error(d, -ENOENT, "", 0,
			  "no boot configuration found (grub.cfg, menu.lst, grub.conf, "
			  "loader/entries, extlinux.conf, syslinux.cfg, /vmlinuz)");
}

/* ---- /vmlinuz and /initrd.img ---- */

static int symlinks_eval(const struct bootfs *fs, size_t vol, const char *path,
			 const struct plan_options *opt, struct boot_plan *plan, struct diag *d)
{
	_cleanup_free_ char *initrd = NULL;
	struct boot_plan p = { 0 };
	struct boot_target t = { 0 };
	struct bootfs_stat st;
	struct strbuf cl;
	size_t root = vol;
	const char *slash = strrchr(path, '/');
	int r = -ENOMEM;

	(void)opt;
	memset(plan, 0, sizeof(*plan));
	/* root= names the root filesystem: the volume mounted at "/". */
	for (size_t i = 0; i < fs->n_vols; i++)
		if (fs->vols[i].where && !strcmp(fs->vols[i].where, "/"))
			root = i;
	strbuf_init(&cl);
	if (fs->vols[root].uuid)
		r = strbuf_addf(&cl, "root=UUID=%s ro", fs->vols[root].uuid);
	else if (fs->vols[root].label)
		r = strbuf_addf(&cl, "root=LABEL=%s ro", fs->vols[root].label);
	else
		return diag_error(d, -ENOENT, path, 0,
				  "cannot name the root filesystem for root=: it has no UUID or label");
	if (r < 0)
		goto out;
	r = -ENOMEM;
	initrd = malloc((size_t)(slash - path) + sizeof("/initrd.img"));
	if (!initrd)
		goto out;
	memcpy(initrd, path, (size_t)(slash - path));
	memcpy(initrd + (slash - path), "/initrd.img", sizeof("/initrd.img"));
	t.entry = strdup(path + 1);
	t.kernel.vol = vol;
	t.kernel.path = strdup(path);
	if (!t.entry || !t.kernel.path)
		goto out;
	if (bootfs_stat(fs, vol, initrd, &st) == 0 && st.type == BOOTFS_REG) {
		t.initrds = calloc(1, sizeof(*t.initrds));
		if (!t.initrds)
			goto out;
		t.initrds[0].vol = vol;
		t.initrds[0].path = TAKE_PTR(initrd);
		t.n_initrds = 1;
	}
	t.cmdline = strbuf_detach(&cl);
	if (!t.cmdline || boot_plan_add_title(&p, t.entry) < 0 || boot_plan_add_target(&p, &t) < 0)
		goto out;
	p.format = "symlinks";
	p.config.vol = vol;
	p.config.path = strdup(path);
	if (!p.config.path)
		goto out;
	*plan = p;
	memset(&p, 0, sizeof(p));
	r = 0;
out:
	strbuf_release(&cl);
	boot_target_free(&t);
	boot_plan_free(&p);
	return r;
}
