/* disk.c - filesystems and partition tables for test images (see disk.h). */
#include "disk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libfdisk/libfdisk.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "damage.h"
#include "nodes.h"
#include "spawn.h"
#include "strbuf.h"
#include "util.h"

#define DISK_TOOL_TIMEOUT 300
#define DISK_SECTOR 512

static int disk_run(int log_fd, char *const argv[])
{
	int r = spawn_run(argv, log_fd, DISK_TOOL_TIMEOUT);

	return r > 0 ? -EIO : r;
}

static int disk_create(const char *path, uint64_t size)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	return ftruncate(fd, (off_t)size) < 0 ? -errno : 0;
}

/* XFS prototype file (mkfs.xfs(8), "-p protofile"): one line per entry,
 * "name mode uid gid [source]", '$' closes a directory. */
static int disk_proto_dir(struct strbuf *sb, const char *dir, int depth)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), r = 0;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct strbuf path;
		struct stat st;

		if (r < 0 || !strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		strbuf_init(&path);
		r = strbuf_addf(&path, "%s/%s", dir, name);
		if (r == 0 && lstat(path.buf, &st) < 0)
			r = -errno;
		/* The format is whitespace-separated: such names cannot be expressed. */
		if (r == 0 && strpbrk(name, " \t\n"))
			r = -EINVAL;
		if (r == 0) {
			char perm[8];

			snprintf(perm, sizeof(perm), "%c%c%c%03o",
				 S_ISDIR(st.st_mode) ? 'd' : S_ISLNK(st.st_mode) ? 'l' : '-',
				 st.st_mode & S_ISUID ? 'u' : '-', st.st_mode & S_ISGID ? 'g' : '-',
				 (unsigned)(st.st_mode & 0777));
			r = strbuf_addf(sb, "%*s%s %s 0 0", depth, "", name, perm);
		}
		if (r == 0 && S_ISDIR(st.st_mode)) {
			r = strbuf_addch(sb, '\n');
			if (r == 0)
				r = disk_proto_dir(sb, path.buf, depth + 1);
			if (r == 0)
				r = strbuf_addf(sb, "%*s$\n", depth + 1, "");
		} else if (r == 0 && S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t len = readlink(path.buf, target, sizeof(target) - 1);

			if (len < 0)
				r = -errno;
			else {
				target[len] = '\0';
				r = strbuf_addf(sb, " %s\n", target);
			}
		} else if (r == 0) {
			r = strbuf_addf(sb, " %s\n", path.buf);
		}
		strbuf_release(&path);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

static int disk_mkfs_xfs(const struct spec_part *p, const char *dir, const char *img,
			 const char *work, int log_fd)
{
	struct strbuf proto, path, uuid;
	int r;

	strbuf_init(&proto);
	strbuf_init(&path);
	strbuf_init(&uuid);
	r = strbuf_adds(&proto, "/dev/null\n0 0\nd--755 0 0\n");
	if (r == 0)
		r = disk_proto_dir(&proto, dir, 1);
	if (r == 0)
		r = strbuf_adds(&proto, "$\n");
	if (r == 0)
		r = strbuf_addf(&path, "%s/xfs.proto", work);
	if (r == 0)
		r = util_write_file(path.buf, proto.buf, proto.len);
	if (r == 0 && p->uuid)
		r = strbuf_addf(&uuid, "uuid=%s", p->uuid);
	if (r == 0) {
		char *argv[12];
		size_t n = 0;

		argv[n++] = "mkfs.xfs";
		argv[n++] = "-q";
		argv[n++] = "-f";
		if (p->label) {
			argv[n++] = "-L";
			argv[n++] = p->label;
		}
		if (p->uuid) {
			argv[n++] = "-m";
			argv[n++] = uuid.buf;
		}
		argv[n++] = "-p";
		argv[n++] = path.buf;
		argv[n++] = (char *)img;
		argv[n] = NULL;
		r = disk_run(log_fd, argv);
	}
	strbuf_release(&proto);
	strbuf_release(&path);
	strbuf_release(&uuid);
	return r;
}

static int disk_mkfs_vfat(const struct spec_part *p, const char *dir, const char *img, int log_fd)
{
	char volid[9] = "";
	char *argv[16];
	size_t n = 0;
	struct dirent **names = NULL;
	int count, r;

	argv[n++] = "mkfs.vfat";
	if (p->label) {
		argv[n++] = "-n";
		argv[n++] = p->label;
	}
	if (p->uuid) {
		/* A FAT "UUID" is the volume id printed as XXXX-XXXX. */
		size_t j = 0;

		for (const char *c = p->uuid; *c && j < 8; c++)
			if (*c != '-')
				volid[j++] = *c;
		volid[j] = '\0';
		argv[n++] = "-i";
		argv[n++] = volid;
	}
	argv[n++] = (char *)img;
	argv[n] = NULL;
	r = disk_run(log_fd, argv);
	if (r < 0)
		return r;
	/* mcopy -s of each top-level entry: no shell, so no glob. */
	count = scandir(dir, &names, NULL, alphasort);
	if (count < 0)
		return -errno;
	for (int i = 0; i < count && r == 0; i++) {
		struct strbuf src;

		if (!strcmp(names[i]->d_name, ".") || !strcmp(names[i]->d_name, ".."))
			continue;
		strbuf_init(&src);
		r = strbuf_addf(&src, "%s/%s", dir, names[i]->d_name);
		if (r == 0) {
			char *mc[] = { "mcopy", "-s", "-p", "-Q", "-i", (char *)img, src.buf, "::/", NULL };

			r = disk_run(log_fd, mc);
		}
		strbuf_release(&src);
	}
	for (int i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return r;
}

static int disk_mkfs(const struct spec_part *p, const char *dir, const char *img,
		     const char *work, int log_fd)
{
	int r = disk_create(img, p->size);

	if (r < 0)
		return r;
	if (!strncmp(p->fs, "ext", 3)) {
		char *argv[24];
		size_t n = 0;

		argv[n++] = "mke2fs";
		argv[n++] = "-q";
		argv[n++] = "-F";
		argv[n++] = "-t";
		argv[n++] = p->fs;
		argv[n++] = "-d";
		argv[n++] = (char *)dir;
		argv[n++] = "-E";
		argv[n++] = "root_owner=0:0";
		if (p->label) {
			argv[n++] = "-L";
			argv[n++] = p->label;
		}
		if (p->uuid) {
			argv[n++] = "-U";
			argv[n++] = p->uuid;
		}
		if (p->features) {
			argv[n++] = "-O";
			argv[n++] = p->features;
		}
		argv[n++] = (char *)img;
		argv[n] = NULL;
		return disk_run(log_fd, argv);
	}
	if (!strcmp(p->fs, "xfs"))
		return disk_mkfs_xfs(p, dir, img, work, log_fd);
	if (!strcmp(p->fs, "btrfs")) {
		char *argv[12];
		size_t n = 0;

		argv[n++] = "mkfs.btrfs";
		argv[n++] = "-q";
		argv[n++] = "-f";
		if (p->label) {
			argv[n++] = "-L";
			argv[n++] = p->label;
		}
		if (p->uuid) {
			argv[n++] = "-U";
			argv[n++] = p->uuid;
		}
		argv[n++] = "--rootdir";
		argv[n++] = (char *)dir;
		argv[n++] = (char *)img;
		argv[n] = NULL;
		return disk_run(log_fd, argv);
	}
	if (!strcmp(p->fs, "vfat"))
		return disk_mkfs_vfat(p, dir, img, log_fd);
	return -EINVAL;
}

static const char *disk_parttype(const struct spec *s, const struct spec_part *p)
{
	int esp = p->src && !strcmp(p->src, "/boot/efi");

	if (s->table == SPEC_TABLE_GPT) {
		if (!strcmp(p->fs, "bios"))
			return "21686148-6449-6E6F-744E-656564454649";
		if (esp)
			return "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
		return "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
	}
	if (esp)
		return "ef";
	return !strcmp(p->fs, "vfat") ? "c" : "83";
}

/* Identifiers derived from the image name: rebuilding gives the same bytes,
 * so a PARTUUID in a corpus command line stays true. */
static void disk_guid(const struct spec *s, unsigned salt, char *buf, size_t size)
{
	uint64_t a = util_hash(UTIL_HASH_SEED, s->name, strlen(s->name));
	uint64_t b;

	a = util_hash(a, &salt, sizeof(salt));
	b = util_hash(a, "kl", 2);
	snprintf(buf, size, "%08x-%04x-4%03x-8%03x-%012llx", (unsigned)(a >> 32), (unsigned)(a >> 16) & 0xffff,
		 (unsigned)a & 0xfff, (unsigned)(b >> 52) & 0xfff, (unsigned long long)(b & 0xffffffffffffULL));
}

/* The extended partition that holds the logical ones: from the first
 * logical's boot record to end (it is numbered after the primaries). */
static int disk_add_extended(struct fdisk_context *cxt, struct fdisk_label *lb, size_t partno,
			     uint64_t start, uint64_t end)
{
	struct fdisk_partition *pa = fdisk_new_partition();
	struct fdisk_parttype *type = fdisk_label_get_parttype_from_code(lb, 0x05);
	int r;

	if (!pa || !type) {
		fdisk_unref_partition(pa);
		fdisk_unref_parttype(type);
		return -ENOMEM;
	}
	fdisk_partition_set_partno(pa, partno);
	fdisk_partition_set_start(pa, start / DISK_SECTOR);
	fdisk_partition_set_size(pa, (end - start) / DISK_SECTOR);
	fdisk_partition_set_type(pa, type);
	r = fdisk_add_partition(cxt, pa, NULL);
	fdisk_unref_partition(pa);
	fdisk_unref_parttype(type);
	return r;
}

static int disk_write_table(const struct spec *s, const char *img, const uint64_t *starts, uint64_t end)
{
	struct fdisk_context *cxt = fdisk_new_context();
	struct fdisk_label *lb;
	char id[40];
	int r, boot = -1;

	if (!cxt)
		return -ENOMEM;
	fdisk_disable_dialogs(cxt, 1);
	r = fdisk_assign_device(cxt, img, 0);
	if (r == 0)
		r = fdisk_create_disklabel(cxt, s->table == SPEC_TABLE_GPT ? "gpt" : "dos");
	if (r == 0) {
		if (s->table == SPEC_TABLE_GPT)
			disk_guid(s, 0, id, sizeof(id));
		else
			snprintf(id, sizeof(id), "0x%08x",
				 (unsigned)util_hash(UTIL_HASH_SEED, s->name, strlen(s->name)));
		r = fdisk_set_disklabel_id_from_string(cxt, id);
	}
	lb = fdisk_get_label(cxt, NULL);
	for (size_t i = 0; r == 0 && i < s->n_parts; i++) {
		const struct spec_part *p = &s->parts[i];
		struct fdisk_partition *pa = fdisk_new_partition();
		struct fdisk_parttype *type;

		if (!pa) {
			r = -ENOMEM;
			break;
		}
		if (p->logical && (i == 0 || !s->parts[i - 1].logical))
			r = disk_add_extended(cxt, lb, i, starts[i] - DISK_ALIGN, end);
		if (r < 0) {
			fdisk_unref_partition(pa);
			break;
		}
		type = fdisk_label_get_parttype_from_string(lb, disk_parttype(s, p));
		fdisk_partition_set_partno(pa, (size_t)spec_part_number(s, i) - 1);
		fdisk_partition_set_start(pa, starts[i] / DISK_SECTOR);
		fdisk_partition_set_size(pa, p->size / DISK_SECTOR);
		if (type)
			fdisk_partition_set_type(pa, type);
		if (s->table == SPEC_TABLE_GPT) {
			disk_guid(s, (unsigned)i + 1, id, sizeof(id));
			fdisk_partition_set_uuid(pa, id);
		}
		r = fdisk_add_partition(cxt, pa, NULL);
		fdisk_unref_partition(pa);
		if (type)
			fdisk_unref_parttype(type);
		/* The active flag goes where an installer would put it: on /boot, else on /. */
		if (p->src && !p->logical && (boot < 0 || !strcmp(p->src, "/boot")) && strcmp(p->src, "/boot/efi"))
			boot = (int)i;
	}
	if (r == 0 && s->table == SPEC_TABLE_MSDOS && boot >= 0)
		r = fdisk_toggle_partition_flag(cxt, (size_t)boot, DOS_FLAG_ACTIVE);
	if (r == 0)
		r = fdisk_write_disklabel(cxt);
	if (fdisk_deassign_device(cxt, 0) < 0 && r == 0)
		r = -EIO;
	fdisk_unref_context(cxt);
	return r > 0 ? -EIO : r;
}

/* Where each partition starts, and the end of the last. A logical partition
 * is preceded by a MiB holding its extended boot record, as fdisk leaves it. */
static uint64_t disk_layout(const struct spec *s, uint64_t *starts)
{
	uint64_t pos = DISK_ALIGN;

	for (size_t i = 0; i < s->n_parts; i++) {
		if (s->parts[i].logical)
			pos += DISK_ALIGN;
		starts[i] = pos;
		pos += (s->parts[i].size + DISK_ALIGN - 1) / DISK_ALIGN * DISK_ALIGN;
	}
	return pos;
}

uint64_t disk_part_offset(const struct spec *s, size_t i)
{
	uint64_t starts[SPEC_PARTS_MAX];

	if (s->table == SPEC_TABLE_NONE || i >= s->n_parts)
		return 0;
	disk_layout(s, starts);
	return starts[i];
}

int disk_build(const struct spec *s, const char *root, const struct stage_fill *fill,
	       const char *work, const char *out, int log_fd, const char **what)
{
	const char *mounts[SPEC_PARTS_MAX];
	uint64_t starts[SPEC_PARTS_MAX];
	size_t n_mounts = 0;
	uint64_t pos;
	int r = 0;

	for (size_t i = 0; i < s->n_parts; i++)
		if (s->parts[i].src && strcmp(s->parts[i].src, "/"))
			mounts[n_mounts++] = s->parts[i].src;
	pos = disk_layout(s, starts);
	for (size_t i = 0; r == 0 && i < s->n_parts; i++) {
		const struct spec_part *p = &s->parts[i];
		struct strbuf dir, img;
		char *failed = NULL;

		if (!p->src)
			continue;
		strbuf_init(&dir);
		strbuf_init(&img);
		r = strbuf_addf(&dir, "%s/stage%zu", work, i + 1);
		if (r == 0)
			r = strbuf_addf(&img, "%s/part%zu.img", work, i + 1);
		if (r == 0) {
			(void)util_rm_rf(dir.buf);
			*what = "staging the corpus tree";
			r = stage_tree(root, p->src, mounts, n_mounts, dir.buf, fill, &failed);
			if (r < 0 && failed && log_fd >= 0)
				dprintf(log_fd, "stage: cannot copy '%s': %s\n", failed, strerror(-r));
			free(failed);
		}
		if (r == 0) {
			*what = "making a filesystem";
			r = disk_mkfs(p, dir.buf, s->table == SPEC_TABLE_NONE ? out : img.buf, work, log_fd);
		}
		/* Nodes first: debugfs cannot open a damaged filesystem. */
		if (r == 0) {
			*what = "creating the spec's special files";
			r = nodes_make(s, i, s->table == SPEC_TABLE_NONE ? out : img.buf, log_fd);
		}
		if (r == 0) {
			*what = "damaging a filesystem as the spec asks";
			r = damage_apply(p, s->table == SPEC_TABLE_NONE ? out : img.buf);
		}
		(void)util_rm_rf(dir.buf);
		strbuf_release(&dir);
		strbuf_release(&img);
	}
	if (r < 0 || s->table == SPEC_TABLE_NONE)
		return r;
	/* GPT keeps a backup header in the last 33 sectors: leave a MiB for it. */
	*what = "writing the partition table";
	r = disk_create(out, pos + DISK_ALIGN);
	if (r == 0)
		r = disk_write_table(s, out, starts, pos);
	for (size_t i = 0; r == 0 && i < s->n_parts; i++) {
		struct strbuf img;

		if (!s->parts[i].src)
			continue;
		*what = "copying a filesystem into place";
		strbuf_init(&img);
		r = strbuf_addf(&img, "%s/part%zu.img", work, i + 1);
		if (r == 0)
			r = util_copy_into(img.buf, out, starts[i]);
		if (r == 0)
			(void)unlink(img.buf);
		strbuf_release(&img);
	}
	return r;
}
