/* firmware.h - which disk the BIOS boots, as its Enhanced Disk Drive data
 * says: the kernel's setup code asks the BIOS for each drive and reads the
 * signature of its MBR (bytes 440-443) while firmware is still there. */
#ifndef KL_FIRMWARE_H
#define KL_FIRMWARE_H

#include <stdint.h>

#define FIRMWARE_EDD_DIR "/sys/firmware/edd"

/* The MBR signature of BIOS drive 0x80, the disk firmware boots and GRUB
 * starts from; 0 when unknown: no EDD data (EFI, Xen PV, no BIOS disk), or
 * a disk without a signature (GPT's protective MBR usually has none). */
uint32_t firmware_boot_disk_signature(const char *edd_dir);

#endif
