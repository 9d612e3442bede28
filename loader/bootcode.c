/* bootcode.c - which boot loader the first sectors of a disk belong to.
 *
 * Signatures: GRUB legacy's stage1 carries its version 3.2 at 0x3e and the
 * message "GRUB " (stage1/stage1.S); GRUB 2's boot.img has the same
 * message without the version bytes (boot/i386/pc/boot.S), and its
 * core.img in the gap after the MBR starts with diskboot.img's "loading"
 * message; SYSLINUX's MBR says "Missing operating system." with a full
 * stop, and its boot sector on a whole-disk filesystem names SYSLINUX or
 * EXTLINUX. */
#include "formats.h"

#include <errno.h>
#include <string.h>

#define SECTOR 512

static bool has(const unsigned char *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s)) != NULL;
}

int bootcode_detect(const unsigned char *sectors, size_t len, const char **format)
{
	/* The MBR's 0x55aa marks boot code worth reading. */
	if (!sectors || len < SECTOR)
		return -EINVAL;
	if (sectors[510] != 0x55 || sectors[511] != 0xaa)
		return -ENOENT;
	if (has(sectors, 440, "GRUB ")) {
		*format = sectors[0x3e] == 3 && sectors[0x3f] == 2 ? "grub1" : "grub2";
		return 0;
	}
	if (has(sectors, 440, "Missing operating system.") || has(sectors, SECTOR, "SYSLINUX") ||
	    has(sectors, SECTOR, "EXTLINUX") || has(sectors, SECTOR, "ISOLINUX")) {
		*format = "syslinux";
		return 0;
	}
	/* The MBR alone says nothing; GRUB 2's core.img in the gap does. */
	if (len >= 2 * (size_t)SECTOR && has(sectors + SECTOR, SECTOR, "loading") &&
	    has(sectors + SECTOR, SECTOR, "Geom")) {
		*format = "grub2";
		return 0;
	}
	return -ENOENT;
}
