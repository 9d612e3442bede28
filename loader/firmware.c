/* firmware.c - see firmware.h. */
#include "firmware.h"

#include <stdio.h>
#include <stdlib.h>

uint32_t firmware_boot_disk_signature(const char *edd_dir)
{
	char path[256], line[32], *end;
	unsigned long sig;
	FILE *f;

	snprintf(path, sizeof(path), "%s/int13_dev80/mbr_signature", edd_dir);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	sig = strtoul(line, &end, 16);
	/* The kernel prints "0x%08x\n"; anything else is not a signature. */
	if (end == line || (*end != '\n' && *end != '\0') || sig > UINT32_MAX)
		return 0;
	return (uint32_t)sig;
}
