/* initrdtag.c - append the tag archive (see initrdtag.h). */
#include "initrdtag.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

/* The kernel looks for an appended cpio header only at 4-byte offsets and
 * skips zeros before it. */
static int initrdtag_pad(int fd)
{
	static const char zeros[4];
	off_t end = lseek(fd, 0, SEEK_END);

	if (end < 0)
		return -errno;
	return util_write_all(fd, zeros, (size_t)((4 - end % 4) % 4));
}

static int initrdtag_entry(struct archive *a, const char *name, mode_t type, const char *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	int r = 0;

	if (!e)
		return -ENOMEM;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, type);
	archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (len && archive_write_data(a, data, len) != (la_ssize_t)len))
		r = -EIO;
	archive_entry_free(e);
	return r;
}

int initrdtag_append(const char *path, const char *guest_path)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	struct archive *a;
	char name[64];
	int r;

	if (fd < 0)
		return -errno;
	r = initrdtag_pad(fd);
	if (r < 0)
		return r;
	a = archive_write_new();
	if (!a)
		return -ENOMEM;
	/* Named by a hash of the path: several tags (microcode + initramfs) coexist. */
	snprintf(name, sizeof(name), INITRDTAG_DIR "/%016llx",
		 (unsigned long long)util_hash(UTIL_HASH_SEED, guest_path, strlen(guest_path)));
	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK || archive_write_set_bytes_per_block(a, 512) ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK)
		r = -EIO;
	if (r == 0)
		r = initrdtag_entry(a, INITRDTAG_DIR, AE_IFDIR, NULL, 0);
	if (r == 0)
		r = initrdtag_entry(a, name, AE_IFREG, guest_path, strlen(guest_path));
	if (archive_write_close(a) != ARCHIVE_OK && r == 0)
		r = -EIO;
	archive_write_free(a);
	return r;
}
