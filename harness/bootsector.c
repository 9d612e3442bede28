/* bootsector.c - boot code into a disk image (see bootsector.h). */
#include "bootsector.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"
#include "util.h"

#define BOOTSECTOR_CODE 440

int bootsector_path(const char *dir, const char *name, char **path)
{
	if (!dir)
		return -ENOENT;
	if (asprintf(path, "%s/%s.img", dir, name) < 0) {
		*path = NULL;
		return -ENOMEM;
	}
	return 0;
}

int bootsector_hash(const char *dir, const char *name, uint64_t *hash)
{
	_cleanup_free_ char *path = NULL;
	int r = bootsector_path(dir, name, &path);

	return r < 0 ? r : util_hash_file(path, hash);
}

int bootsector_install(const char *dir, const char *name, const char *disk)
{
	_cleanup_free_ char *path = NULL, *code = NULL;
	_cleanup_close_ int fd = -1;
	size_t len;
	int r = bootsector_path(dir, name, &path);

	if (r == 0)
		r = util_read_file(path, 4096, &code, &len);
	if (r < 0)
		return r;
	if (len < BOOTSECTOR_CODE)
		return -EINVAL;
	fd = open(disk, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pwrite(fd, code, BOOTSECTOR_CODE, 0) != BOOTSECTOR_CODE)
		return -EIO;
	return 0;
}
