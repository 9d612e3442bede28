/* grub1boot.c - build the GRUB legacy oracle's boot CD (see grub1boot.h). */
#include "grub1boot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spawn.h"
#include "strbuf.h"
#include "util.h"

int grub1boot_iso(const char *stage2, const char *device, const char *path, const char *cache_dir,
		  int log_fd, char **out)
{
	struct strbuf iso, dir, grubdir, menu, copy;
	uint64_t h = UTIL_HASH_SEED;
	int r;

	strbuf_init(&iso);
	strbuf_init(&dir);
	strbuf_init(&grubdir);
	strbuf_init(&menu);
	strbuf_init(&copy);
	/* The GRUB manual's "terminal --timeout=0 serial" skips the "press any
	 * key" prompt; timeout 0 boots the only entry at once. */
	r = strbuf_addf(&menu,
			"serial --unit=0 --speed=115200\n"
			"terminal --timeout=0 serial\n"
			"default 0\n"
			"timeout 0\n"
			"hiddenmenu\n"
			"title chain to the disk's configuration\n"
			"\troot (%s)\n"
			"\tconfigfile %s\n",
			device, path);
	if (r == 0)
		r = util_hash_file(stage2, &h);
	h = util_hash(h, menu.buf, menu.len);
	if (r == 0)
		r = strbuf_addf(&iso, "%s/grub1-%016llx.iso", cache_dir, (unsigned long long)h);
	if (r == 0 && access(iso.buf, R_OK) == 0)
		goto done;
	if (r == 0)
		r = strbuf_addf(&dir, "%s/grub1-%016llx.d.%ld", cache_dir, (unsigned long long)h, (long)getpid());
	if (r == 0)
		r = strbuf_addf(&grubdir, "%s/boot/grub", dir.buf);
	if (r == 0)
		r = util_mkdir_p(grubdir.buf, 0755);
	if (r == 0)
		r = strbuf_addf(&copy, "%s/stage2_eltorito", grubdir.buf);
	if (r == 0)
		r = util_copy_file(stage2, copy.buf, 0644);
	if (r == 0) {
		strbuf_reset(&copy);
		r = strbuf_addf(&copy, "%s/menu.lst", grubdir.buf);
	}
	if (r == 0)
		r = util_write_file(copy.buf, menu.buf, menu.len);
	if (r == 0) {
		strbuf_reset(&copy);
		r = strbuf_addf(&copy, "%s.%ld", iso.buf, (long)getpid());
	}
	if (r == 0) {
		/* -boot-info-table: stage2_eltorito reads its own location from it. */
		char *argv[] = { "xorriso", "-as", "mkisofs", "-quiet", "-R", "-b", "boot/grub/stage2_eltorito",
				 "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", "-o", copy.buf,
				 dir.buf, NULL };

		r = spawn_run(argv, log_fd, 120);
		if (r > 0)
			r = -EIO;
	}
	if (r == 0 && rename(copy.buf, iso.buf) < 0)
		r = -errno;
	if (dir.len)
		(void)util_rm_rf(dir.buf);
done:
	if (r == 0)
		*out = strbuf_detach(&iso);
	strbuf_release(&iso);
	strbuf_release(&dir);
	strbuf_release(&grubdir);
	strbuf_release(&menu);
	strbuf_release(&copy);
	return r;
}
