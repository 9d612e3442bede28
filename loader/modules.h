/* modules.h - insert the kernel modules the initramfs carries. */
#ifndef KL_MODULES_H
#define KL_MODULES_H

#include <stdbool.h>

#define MODULES_LIST "/etc/kexec-loader/modules"
#define MODULES_ALIASES "/etc/kexec-loader/aliases"

/* Load every listed module except filesystems (those wait for modules_load_fs)
 * and slow drivers (see modules_allow_slow).
 * Returns the number of module files inserted, or a negative errno. */
int modules_load_drivers(void);
/* Load the drivers whose aliases match a device in /sys/bus/{*}/devices, as
 * udev's coldplug does, repeating while loading reveals new devices (a
 * virtio PCI function, then its virtio disk). Without an alias table it
 * loads every driver. Call again on uevents. Returns modules loaded. */
int modules_coldplug(void);
/* Slow drivers (IDE: libata sleeps while probing empty ports) are held back
 * from coldplug until this is called, and then loaded with async_probe so
 * that their disks arrive as uevents. Returns whether they were held back. */
bool modules_allow_slow(void);
/* Load the module for a libblkid TYPE ("ext4", "xfs", "vfat", …) if carried;
 * 0 when loaded or not needed. */
int modules_load_fs(const char *fstype);
/* Load one listed module (dependencies first), passing params to the module
 * itself. 0 when loaded or already there. */
int modules_load(const char *name, const char *params);

#endif
