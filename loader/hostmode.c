/* hostmode.c - volumes for --plan --root DIR, from the tree and its /etc/fstab;
 * and the boot code --bootcode FILE holds. */
#include "hostmode.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "formats.h"
#include "strbuf.h"

struct mountpoint {
	const char *where;
	char spec[256];
	char type[32];
	bool listed;
};

/* fstab fields are whitespace separated; we need spec, file and type. */
static void read_fstab(const char *root, struct mountpoint *mps, size_t n)
{
	char path[4096], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/fstab", root);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char spec[256], file[256], type[32];

		if (line[0] == '#' || sscanf(line, "%255s %255s %31s", spec, file, type) != 3)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(file, mps[i].where))
				continue;
			snprintf(mps[i].spec, sizeof(mps[i].spec), "%s", spec);
			snprintf(mps[i].type, sizeof(mps[i].type), "%s", type);
			mps[i].listed = true;
		}
	}
	fclose(f);
}

static bool is_dir(const char *root, const char *where)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", root, where);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *spec_value(const char *spec, const char *key)
{
	size_t n = strlen(key);

	return strncmp(spec, key, n) ? NULL : spec + n;
}

/* The NAME of a "WHERE=NAME" for where, or NULL. */
static const char *name_for(const char *const *names, size_t n_names, const char *where)
{
	size_t len = strlen(where);

	for (size_t i = 0; i < n_names; i++)
		if (!strncmp(names[i], where, len) && names[i][len] == '=')
			return names[i] + len + 1;
	return NULL;
}

int hostmode_bootfs(const char *root, const char *const *names, size_t n_names, struct bootfs *fs)
{
	/* Partition order: ESP first, then /boot, then the root filesystem. */
	struct mountpoint mps[] = {
		{ .where = "/boot/efi" }, { .where = "/efi" }, { .where = "/boot" }, { .where = "/" },
	};
	const size_t n = sizeof(mps) / sizeof(mps[0]);
	bool esp = false;
	unsigned partno = 0;
	int r = bootfs_dir_new(fs);

	if (r < 0)
		return r;
	read_fstab(root, mps, n);
	mps[n - 1].listed = true;
	for (size_t i = 0; i + 1 < n; i++)
		if (mps[i].listed && !is_dir(root, mps[i].where))
			mps[i].listed = false;
	esp = mps[0].listed || mps[1].listed;
	for (size_t i = 0; i < n; i++) {
		char grub[32], dir[4096];
		const char *type = mps[i].type[0] ? mps[i].type : NULL, *named;
		int vol;

		if (!mps[i].listed)
			continue;
		named = name_for(names, n_names, mps[i].where);
		partno++;
		if (named)
			snprintf(grub, sizeof(grub), "%s", named);
		else
			snprintf(grub, sizeof(grub), "hd0,%s%u", esp ? "gpt" : "msdos", partno);
		vol = bootfs_add_volume(fs, grub, spec_value(mps[i].spec, "UUID="),
					spec_value(mps[i].spec, "LABEL="), type, mps[i].where);
		if (vol < 0) {
			bootfs_dir_free(fs);
			return vol;
		}
		snprintf(dir, sizeof(dir), "%s%s", root, mps[i].where);
		r = bootfs_dir_set_root(fs, (size_t)vol, dir);
		if (r < 0) {
			bootfs_dir_free(fs);
			return r;
		}
	}
	return 0;
}

int hostmode_bootcode_file(const char *path, const char **format)
{
	/* The MBR and the sector after it, where GRUB 2's core.img starts. */
	unsigned char buf[1024];
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0)
		return -errno;
	while (got < sizeof(buf)) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got < 512)
		return -EINVAL;
	if (bootcode_detect(buf, got, format) < 0)
		*format = NULL;
	return 0;
}
