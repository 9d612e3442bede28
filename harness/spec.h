/* spec.h - one image of the boot matrix, read from images/<name>.spec.
 *
 * A spec is lines of key=value; '#' starts a comment line. Example:
 *
 *   description=Debian 12 cloud image: GPT, BIOS boot partition, ext4 root
 *   distro=debian
 *   corpus=debian12-genericcloud
 *   table=gpt
 *   part=bios size=1M
 *   part=ext4 size=160M src=/ label=root uuid=6f0ad4a2-…
 *   bus=virtio-blk
 *   expect=boot
 *
 * part= takes a filesystem (ext2 ext3 ext4 xfs btrfs vfat) or "bios" (a GPT
 * BIOS boot partition, no filesystem), then words: size=, src= (the corpus
 * subtree it holds: "/", "/boot", "/boot/efi"), label=, uuid=, and for
 * ext2/3/4 features= (mke2fs -O, e.g. ^64bit,^metadata_csum for an old GRUB),
 * and with table=msdos type=logical: the partition goes into an extended
 * partition (made before the first logical one, numbered after the primary
 * ones) and is numbered from 5, as Linux and GRUB count logical partitions.
 * With table=none exactly one part= is the whole disk.
 * expect=boot needs the probe line with the expected command line;
 * expect=fail needs the loader to give up, printing expect-log= on the console;
 * with expect=boot, expect-log= is a line the loader must print on the way.
 * oracle= grub2, grub-legacy or none (default: from the corpus format);
 * known-difference=<text> tolerates a loader/oracle disagreement, documented.
 *
 * Keys for the boot-path cases:
 *   loader-append=<words>   kexec_loader.* options added to the loader's command line
 *   bootcode=<loader>       grub2, grub-legacy or syslinux: that loader's boot sector
 *                           goes into the disk's first sector (partitioned disks only)
 *   attach-after=<seconds>  the disk is hot-plugged this long after the loader's
 *                           first console line (loader boot only)
 *   dirty=<file>            the image's blocks get corpus/<case>/<file> as
 *                           /boot/grub/grub.cfg, then a throwaway guest writes
 *                           the corpus tree's grub.cfg over it and dies with
 *                           the journal dirty (the tree's is what must boot)
 *   loader-pair=<name>      boot the loader kernel+initramfs pair of that name
 *                           (harness --loader-pair NAME=DIR) instead of the default
 *   extra-disk=<spec> before|after   the image of images/<spec>.spec attached as
 *                           a second virtio-blk disk, before or after this one on
 *                           the PCI bus (a virtio-blk one; other buses keep their
 *                           controller's place); firmware boots this one either way
 *   expect-file=<file>      the decision the booted loader must make is
 *                           corpus/<case>/<file>, not corpus/<case>/expect (host
 *                           mode's), where it depends on the machine (its memory)
 *   node=<path> <kind>      a special file in the image: fifo, socket, char M:N, block M:N,
 *                           or sparse SIZE (a regular file of SIZE bytes, all hole)
 *                           (ext2/3/4 partitions only: made with debugfs, see nodes.h)
 * and the part= word corrupt=<how> damages an ext2/3/4 filesystem after it is
 * made, so that libblkid still names it but no kernel mounts it (damage.h):
 * unknown-incompat (an incompatible-feature bit nobody knows) or
 * zero-group-descriptors (the first block of group descriptors zeroed). */
#ifndef HARNESS_SPEC_H
#define HARNESS_SPEC_H

#include <stddef.h>
#include <stdint.h>

#define SPEC_PARTS_MAX 8

enum spec_table { SPEC_TABLE_NONE, SPEC_TABLE_MSDOS, SPEC_TABLE_GPT };
enum spec_expect { SPEC_EXPECT_BOOT, SPEC_EXPECT_FAIL };
enum spec_oracle { SPEC_ORACLE_DEFAULT, SPEC_ORACLE_NONE, SPEC_ORACLE_GRUB2, SPEC_ORACLE_GRUB_LEGACY };

struct spec_part {
	char *fs;     /* "ext4", …, or "bios" */
	uint64_t size;
	char *src;    /* corpus subtree, NULL for bios */
	char *label;
	char *uuid;
	char *features; /* ext2/3/4 only: mke2fs -O list, to match an old distribution's mkfs */
	char *corrupt;  /* how the filesystem is damaged after mkfs, NULL = intact */
	int logical;    /* msdos: inside the extended partition */
};

#define SPEC_NODES_MAX 8

/* A special file placed in the image where the corpus tree cannot hold one. */
struct spec_node {
	char *path;     /* guest path */
	char *kind;     /* "fifo", "socket", "char", "block", "sparse" */
	unsigned major, minor;
	uint64_t size;  /* sparse: the file's size */
};

struct spec {
	char *name;        /* file name without .spec */
	char *description;
	char *distro;      /* grouping key for COMPATIBILITY.md */
	char *corpus;
	enum spec_table table;
	char *bus;
	struct spec_part parts[SPEC_PARTS_MAX];
	size_t n_parts;
	enum spec_expect expect;
	char *expect_log;
	enum spec_oracle oracle;
	char *known_difference;
	unsigned timeout;  /* seconds per boot, 0 = harness default */
	char *loader_append;
	char *bootcode;
	unsigned attach_after;
	char *dirty;
	char *expect_file; /* NULL: "expect" */
	char *loader_pair;
	char *extra_disk;  /* another spec whose image is attached as a second disk */
	int extra_first;   /* ... before this one on the bus */
	struct spec_node nodes[SPEC_NODES_MAX];
	size_t n_nodes;
};

struct spec_error {
	unsigned line;     /* 0 when the error is about the whole file */
	char msg[160];
};

/* Parse buf (the contents of <name>.spec). On failure returns -EINVAL with
 * err filled and out untouched. */
int spec_parse(const char *name, const char *buf, size_t len, struct spec *out, struct spec_error *err);
int spec_load(const char *path, struct spec *out, struct spec_error *err);
void spec_free(struct spec *s);

const char *spec_table_name(enum spec_table t);
const char *spec_oracle_name(enum spec_oracle o);
/* Known disk buses, and the filesystems part= accepts. */
int spec_bus_valid(const char *bus);
int spec_fs_valid(const char *fs);

/* The partition holding path (longest src prefix), or -ENOENT; *rel gets
 * path as seen inside that partition ("/boot/grub" on a /boot part -> "/grub"). */
int spec_part_for_path(const struct spec *s, const char *path, const char **rel);
/* The number Linux and GRUB give partition i: 1-4 primary, 5 on logical. */
int spec_part_number(const struct spec *s, size_t i);
/* GRUB 2's name of partition i: "hd0", "hd0,msdos1", "hd0,gpt2", "hd0,msdos5". */
int spec_grub_device(const struct spec *s, size_t i, char *buf, size_t size);

#endif
