/* grub2boot.c - build the GRUB 2 oracle's core image (see grub2boot.h). */
#include "grub2boot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "spawn.h"
#include "strbuf.h"
#include "util.h"

/* The serial port QEMU connects to stdio; 115200 is what cloud images use. */
static const char grub2boot_early_cfg[] =
	"serial --unit=0 --speed=115200\n"
	"terminal_input serial\n"
	"terminal_output serial\n";

/* Disk and filesystem drivers for every layout of the matrix, the loaders,
 * and the commands grub-mkconfig's scripts use. */
static const char *const grub2boot_modules[] = {
	"biosdisk", "part_msdos", "part_gpt", "ext2", "xfs", "btrfs", "fat", "iso9660",
	"lvm", "mdraid1x", "diskfilter", "linux", "linux16", "normal", "boot", "chain",
	"search", "search_fs_uuid", "search_fs_file", "search_label", "serial", "terminal",
	"terminfo", "echo", "test", "configfile", "loadenv", "gzio", "xzio", "lzopio", "zstd",
	"gettext", "reboot", "halt", "sleep", "keystatus", "ls", "cat", "regexp", "probe",
	"minicmd", "extcmd", "true", "date", "datetime", "font", "gfxterm", "video", "vbe",
	"vga", "video_bochs", "video_cirrus", "all_video", "png", "blocklist", "help", "read",
	"cpuid", "legacycfg",
};

int grub2boot_prefix(const char *device, const char *dir, char *buf, size_t size)
{
	int n = snprintf(buf, size, "(%s)%s", device, dir);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static int grub2boot_concat(const char *a, const char *b, const char *out)
{
	_cleanup_free_ char *da = NULL;
	_cleanup_free_ char *db = NULL;
	struct strbuf sb;
	size_t la = 0, lb = 0;
	int r;

	r = util_read_file(a, 16 << 20, &da, &la);
	if (r == 0)
		r = util_read_file(b, 16 << 20, &db, &lb);
	if (r < 0)
		return r;
	strbuf_init(&sb);
	r = strbuf_add(&sb, da, la);
	if (r == 0)
		r = strbuf_add(&sb, db, lb);
	if (r == 0)
		r = util_write_file_atomic(out, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

int grub2boot_image(const char *prefix, const char *cache_dir, int log_fd, char **out)
{
	enum { NMOD = sizeof(grub2boot_modules) / sizeof(*grub2boot_modules) };
	char *argv[16 + NMOD];
	struct strbuf lnx, core, cfg;
	uint64_t h = util_hash(UTIL_HASH_SEED, prefix, strlen(prefix));
	size_t n = 0;
	int r;

	h = util_hash(h, grub2boot_early_cfg, sizeof(grub2boot_early_cfg));
	for (size_t i = 0; i < NMOD; i++)
		h = util_hash(h, grub2boot_modules[i], strlen(grub2boot_modules[i]) + 1);
	strbuf_init(&lnx);
	strbuf_init(&core);
	strbuf_init(&cfg);
	r = strbuf_addf(&lnx, "%s/grub2-%016llx.lnx", cache_dir, (unsigned long long)h);
	if (r == 0 && access(lnx.buf, R_OK) == 0)
		goto done;
	/* Per-process scratch names: parallel children may build the same one. */
	if (r == 0)
		r = strbuf_addf(&core, "%s/grub2-%016llx.core.%ld", cache_dir, (unsigned long long)h, (long)getpid());
	if (r == 0)
		r = strbuf_addf(&cfg, "%s/grub2-%016llx.cfg.%ld", cache_dir, (unsigned long long)h, (long)getpid());
	if (r == 0)
		r = util_write_file(cfg.buf, grub2boot_early_cfg, sizeof(grub2boot_early_cfg) - 1);
	if (r == 0) {
		argv[n++] = "grub-mkimage";
		argv[n++] = "-O";
		argv[n++] = "i386-pc";
		argv[n++] = "-d";
		argv[n++] = GRUB2BOOT_DIR;
		argv[n++] = "-p";
		argv[n++] = (char *)prefix;
		argv[n++] = "-c";
		argv[n++] = cfg.buf;
		argv[n++] = "-o";
		argv[n++] = core.buf;
		for (size_t i = 0; i < NMOD; i++)
			argv[n++] = (char *)grub2boot_modules[i];
		argv[n] = NULL;
		r = spawn_run(argv, log_fd, 120);
		if (r > 0)
			r = -EIO;
	}
	if (r == 0)
		r = grub2boot_concat(GRUB2BOOT_DIR "/lnxboot.img", core.buf, lnx.buf);
	if (core.len)
		(void)unlink(core.buf);
	if (cfg.len)
		(void)unlink(cfg.buf);
done:
	if (r == 0)
		*out = strbuf_detach(&lnx);
	strbuf_release(&lnx);
	strbuf_release(&core);
	strbuf_release(&cfg);
	return r;
}
