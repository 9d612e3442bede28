/* damage.c - post-mkfs changes to a filesystem image (see damage.h). */
#include "damage.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "spawn.h"
#include "util.h"

/* ext2/3/4 superblock: at byte 1024, 1024 bytes long. */
#define EXT_SB_OFFSET 1024
#define EXT_SB_SIZE 1024
#define EXT_SB_MAGIC 0x38           /* 0xef53 */
#define EXT_SB_INCOMPAT 0x60
#define EXT_SB_RO_COMPAT 0x64
#define EXT_SB_CHECKSUM 0x3fc
#define EXT_RO_COMPAT_METADATA_CSUM 0x400u
/* Not assigned by ext4 (up to 0x20000, casefold, in Linux 6.1) nor by GRUB. */
#define EXT_INCOMPAT_UNKNOWN 0x40000000u

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* CRC-32C (Castagnoli), as ext4's metadata_csum uses it, bit by bit. */
static uint32_t crc32c(uint32_t crc, const unsigned char *p, size_t n)
{
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0x82f63b78u : crc >> 1;
	}
	return crc;
}

static int damage_ext_unknown_incompat(const char *img)
{
	_cleanup_close_ int fd = open(img, O_RDWR | O_CLOEXEC);
	unsigned char sb[EXT_SB_SIZE];

	if (fd < 0)
		return -errno;
	if (pread(fd, sb, sizeof(sb), EXT_SB_OFFSET) != (ssize_t)sizeof(sb))
		return -EIO;
	if (sb[EXT_SB_MAGIC] != 0x53 || sb[EXT_SB_MAGIC + 1] != 0xef)
		return -EINVAL;
	put_le32(sb + EXT_SB_INCOMPAT, le32(sb + EXT_SB_INCOMPAT) | EXT_INCOMPAT_UNKNOWN);
	/* A stale checksum would make libblkid disown the filesystem too. */
	if (le32(sb + EXT_SB_RO_COMPAT) & EXT_RO_COMPAT_METADATA_CSUM)
		put_le32(sb + EXT_SB_CHECKSUM, crc32c(~0u, sb, EXT_SB_CHECKSUM));
	if (pwrite(fd, sb, sizeof(sb), EXT_SB_OFFSET) != (ssize_t)sizeof(sb))
		return -EIO;
	return 0;
}

int damage_apply(const struct spec_part *p, const char *img)
{
	if (!p->corrupt)
		return 0;
	if (!strcmp(p->corrupt, "unknown-incompat") && !strncmp(p->fs, "ext", 3))
		return damage_ext_unknown_incompat(img);
	return -EINVAL;
}

/* debugfs' mknod takes a name in its current directory: cd first. */
static int damage_node_request(const struct spec_node *n, const char *rel, char *buf, size_t size)
{
	const char *slash = strrchr(rel, '/');
	int dirlen = slash ? (int)(slash - rel) : 0;

	if (!slash || !slash[1])
		return -EINVAL;
	/* rel is absolute inside the filesystem: "/boot/x" -> cd /boot. */
	if (!dirlen)
		rel = "/", dirlen = 1;
	if (!strcmp(n->kind, "fifo"))
		snprintf(buf, size, "cd %.*s\nmknod %s p\n", dirlen, rel, slash + 1);
	else if (!strcmp(n->kind, "char") || !strcmp(n->kind, "block"))
		snprintf(buf, size, "cd %.*s\nmknod %s %c %u %u\n", dirlen, rel, slash + 1, n->kind[0],
			 n->major, n->minor);
	else
		return -EOPNOTSUPP; /* debugfs makes no sockets */
	return 0;
}

int damage_nodes(const struct spec *s, const struct spec_part *p, const char *img, int log_fd)
{
	for (size_t i = 0; i < s->n_nodes; i++) {
		const struct spec_node *n = &s->nodes[i];
		const char *rel = NULL;
		char req[600], script[PATH_MAX];
		char *argv[] = { "debugfs", "-w", "-f", script, (char *)img, NULL };
		int part = spec_part_for_path(s, n->path, &rel);
		int r;

		if (part < 0 || &s->parts[part] != p)
			continue;
		if (strncmp(p->fs, "ext", 3))
			return -EINVAL; /* debugfs is ext2/3/4's tool */
		r = damage_node_request(n, rel, req, sizeof(req));
		snprintf(script, sizeof(script), "%s.debugfs", img);
		if (r == 0)
			r = util_write_file(script, req, strlen(req));
		if (r < 0)
			return r;
		/* debugfs exits 0 even when a request fails; the boot that
		 * meets the node (or its absence) is what tells. */
		r = spawn_run(argv, log_fd, 60);
		(void)unlink(script);
		if (r != 0)
			return r < 0 ? r : -EIO;
	}
	return 0;
}
