/* initrdtag.h - name an initrd from inside it.
 *
 * Every test image carries the same probe initramfs in each initrd slot, so
 * a boot that loaded the wrong entry's initrd would look right. Each staged
 * copy therefore gets a small cpio archive appended (the kernel unpacks
 * concatenated archives in turn) holding /probe-initrds/<hash>, whose content
 * is the guest path the copy was placed at. The probe prints them all. */
#ifndef HARNESS_INITRDTAG_H
#define HARNESS_INITRDTAG_H

/* Directory inside the initramfs the tags land in. */
#define INITRDTAG_DIR "probe-initrds"

/* Append the tag for guest_path to the file at path. 0 or negative errno. */
int initrdtag_append(const char *path, const char *guest_path);

#endif
