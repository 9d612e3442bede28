/* bootfs.c - volume bookkeeping and lookups shared by every bootfs backend. */
#include "bootfs.h"

#include "array.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int dup_or_null(const char *s, char **out)
{
	*out = NULL;
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

int bootfs_add_volume(struct bootfs *fs, const char *grub_name, const char *uuid,
		      const char *label, const char *fstype, const char *where)
{
	struct bootfs_volume v = { 0 }, *n;

	if (!grub_name)
		return -EINVAL;
	if (dup_or_null(grub_name, &v.grub_name) < 0 || dup_or_null(uuid, &v.uuid) < 0 ||
	    dup_or_null(label, &v.label) < 0 || dup_or_null(fstype, &v.fstype) < 0 ||
	    dup_or_null(where, &v.where) < 0)
		goto oom;
	n = array_grow(fs->vols, fs->n_vols, sizeof(*n));
	if (!n)
		goto oom;
	n[fs->n_vols] = v;
	fs->vols = n;
	return (int)fs->n_vols++;
oom:
	free(v.grub_name);
	free(v.uuid);
	free(v.label);
	free(v.fstype);
	free(v.where);
	return -ENOMEM;
}

void bootfs_volumes_free(struct bootfs *fs)
{
	for (size_t i = 0; i < fs->n_vols; i++) {
		free(fs->vols[i].grub_name);
		free(fs->vols[i].uuid);
		free(fs->vols[i].label);
		free(fs->vols[i].fstype);
		free(fs->vols[i].where);
	}
	free(fs->vols);
	fs->vols = NULL;
	fs->n_vols = 0;
}

/* Reduce a GRUB device name to "hdN" or "hdN,P" (P 1-based, partition
 * map name dropped), so "(hd0,msdos1)", "hd0,1" and "hd0,gpt1" compare equal.
 * GRUB accepts the map name or not; nested BSD labels are not used by images. */
static int grub_name_normalize(const char *in, char *out, size_t outlen)
{
	size_t len = strlen(in);
	const char *comma;
	size_t n;

	if (len && in[0] == '(') {
		in++;
		len--;
		if (!len || in[len - 1] != ')')
			return -EINVAL;
		len--;
	}
	comma = memchr(in, ',', len);
	if (!comma) {
		if (len + 1 > outlen)
			return -EINVAL;
		memcpy(out, in, len);
		out[len] = '\0';
		return 0;
	}
	n = (size_t)(comma - in);
	if (n + 2 > outlen)
		return -EINVAL;
	memcpy(out, in, n);
	out[n++] = ',';
	comma++;
	while (comma < in + len && isalpha((unsigned char)*comma))
		comma++;
	while (comma < in + len && n + 1 < outlen) {
		if (!isdigit((unsigned char)*comma))
			return -EINVAL;
		out[n++] = *comma++;
	}
	if (comma != in + len)
		return -EINVAL;
	out[n] = '\0';
	return 0;
}

int bootfs_find_grub(const struct bootfs *fs, const char *name)
{
	char want[64], have[64];

	if (grub_name_normalize(name, want, sizeof(want)) < 0)
		return -ENOENT;
	for (size_t i = 0; i < fs->n_vols; i++) {
		if (grub_name_normalize(fs->vols[i].grub_name, have, sizeof(have)) < 0)
			continue;
		if (!strcmp(want, have))
			return (int)i;
	}
	return -ENOENT;
}

int bootfs_find_uuid(const struct bootfs *fs, const char *uuid)
{
	for (size_t i = 0; i < fs->n_vols; i++)
		if (fs->vols[i].uuid && !strcasecmp(fs->vols[i].uuid, uuid))
			return (int)i;
	return -ENOENT;
}

int bootfs_find_label(const struct bootfs *fs, const char *label)
{
	for (size_t i = 0; i < fs->n_vols; i++)
		if (fs->vols[i].label && !strcmp(fs->vols[i].label, label))
			return (int)i;
	return -ENOENT;
}

int bootfs_find_file(const struct bootfs *fs, const char *path)
{
	struct bootfs_stat st;

	for (size_t i = 0; i < fs->n_vols; i++)
		if (bootfs_stat(fs, i, path, &st) == 0)
			return (int)i;
	return -ENOENT;
}

const char *bootfs_config_strerror(int err)
{
	if (err == -EFBIG)
		return "larger than " BOOTFS_CONFIG_MAX_TEXT ", the most a boot configuration may be";
	return strerror(-err);
}

int bootfs_read(const struct bootfs *fs, size_t vol, const char *path, size_t max,
		char **data, size_t *len)
{
	if (vol >= fs->n_vols)
		return -ENODEV;
	return fs->ops->read_file(fs->ctx, vol, path, max, data, len);
}

int bootfs_stat(const struct bootfs *fs, size_t vol, const char *path, struct bootfs_stat *st)
{
	if (vol >= fs->n_vols)
		return -ENODEV;
	return fs->ops->stat(fs->ctx, vol, path, st);
}

int bootfs_list(const struct bootfs *fs, size_t vol, const char *path, size_t max,
		char ***names, size_t *n)
{
	if (vol >= fs->n_vols)
		return -ENODEV;
	return fs->ops->list_dir(fs->ctx, vol, path, max, names, n);
}

void bootfs_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
