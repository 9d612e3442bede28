/* damage.c - post-mkfs changes to a filesystem image (see damage.h). */
#include "damage.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

/* ext2/3/4 superblock: at byte 1024, 1024 bytes long. */
#define EXT_SB_OFFSET 1024
#define EXT_SB_SIZE 1024
#define EXT_SB_FIRST_DATA_BLOCK 0x14
#define EXT_SB_LOG_BLOCK_SIZE 0x18  /* block size = 1024 << this */
#define EXT_SB_MAGIC 0x38           /* 0xef53 */
#define EXT_SB_INCOMPAT 0x60
#define EXT_SB_RO_COMPAT 0x64
#define EXT_SB_CHECKSUM 0x3fc
#define EXT_RO_COMPAT_METADATA_CSUM 0x400u
#define EXT_BLOCK_MAX 65536
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

/* The superblock of the ext2/3/4 image open on fd. */
static int damage_ext_read_sb(int fd, unsigned char *sb)
{
	if (pread(fd, sb, EXT_SB_SIZE, EXT_SB_OFFSET) != EXT_SB_SIZE)
		return -EIO;
	if (sb[EXT_SB_MAGIC] != 0x53 || sb[EXT_SB_MAGIC + 1] != 0xef)
		return -EINVAL;
	return 0;
}

static int damage_ext_unknown_incompat(int fd)
{
	unsigned char sb[EXT_SB_SIZE];
	int r = damage_ext_read_sb(fd, sb);

	if (r < 0)
		return r;
	put_le32(sb + EXT_SB_INCOMPAT, le32(sb + EXT_SB_INCOMPAT) | EXT_INCOMPAT_UNKNOWN);
	/* A stale checksum would make libblkid (2.39 on) disown the filesystem
	 * too, and e2fsck name the checksum rather than the feature. */
	if (le32(sb + EXT_SB_RO_COMPAT) & EXT_RO_COMPAT_METADATA_CSUM)
		put_le32(sb + EXT_SB_CHECKSUM, crc32c(~0u, sb, EXT_SB_CHECKSUM));
	if (pwrite(fd, sb, sizeof(sb), EXT_SB_OFFSET) != (ssize_t)sizeof(sb))
		return -EIO;
	return 0;
}

/* The descriptor table starts in the block after the one holding the
 * superblock (s_first_data_block + 1); its first block describes block
 * group 0, where the root directory's inode lives. The superblock is left
 * alone, so libblkid (which reads nothing else) still names the filesystem. */
static int damage_ext_zero_group_descriptors(int fd)
{
	static const unsigned char zeros[EXT_BLOCK_MAX];
	unsigned char sb[EXT_SB_SIZE];
	uint32_t log_size;
	size_t bsize;
	int r = damage_ext_read_sb(fd, sb);

	if (r < 0)
		return r;
	log_size = le32(sb + EXT_SB_LOG_BLOCK_SIZE);
	if (log_size > 6)
		return -EINVAL;
	bsize = (size_t)1024 << log_size;
	if (pwrite(fd, zeros, bsize, (off_t)(le32(sb + EXT_SB_FIRST_DATA_BLOCK) + 1) * (off_t)bsize) !=
	    (ssize_t)bsize)
		return -EIO;
	return 0;
}

int damage_apply(const struct spec_part *p, const char *img)
{
	_cleanup_close_ int fd = -1;

	if (!p->corrupt)
		return 0;
	if (strncmp(p->fs, "ext", 3))
		return -EINVAL;
	fd = open(img, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!strcmp(p->corrupt, "unknown-incompat"))
		return damage_ext_unknown_incompat(fd);
	if (!strcmp(p->corrupt, "zero-group-descriptors"))
		return damage_ext_zero_group_descriptors(fd);
	return -EINVAL;
}
