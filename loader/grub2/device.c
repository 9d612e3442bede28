/* device.c - GRUB file names: "(device)/path", or "/path" on $root. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "eval.h"

int grub2_resolve(const struct g2_eval *e, const char *name, size_t *vol, const char **path,
		  char *why, size_t whylen)
{
	char dev[128];
	const char *rest = name;
	int v;

	if (name[0] == '(') {
		const char *close = strchr(name, ')');
		size_t n;

		if (!close) {
			snprintf(why, whylen, "missing ')' in '%s'", name);
			return -EINVAL;
		}
		n = (size_t)(close - name - 1);
		if (n >= sizeof(dev)) {
			snprintf(why, whylen, "disk '%.40s…' not found", name + 1);
			return -ENOENT;
		}
		memcpy(dev, name + 1, n);
		dev[n] = '\0';
		rest = close + 1;
	} else {
		const char *root = grub2_env_get(e, "root");

		if (!root || !root[0]) {
			snprintf(why, whylen, "variable 'root' isn't set");
			return -ENOENT;
		}
		snprintf(dev, sizeof(dev), "%s", root);
	}
	v = bootfs_find_grub(e->fs, dev);
	if (v < 0) {
		snprintf(why, whylen, "disk '%s' not found", dev);
		return -ENOENT;
	}
	if (rest[0] != '/') {
		snprintf(why, whylen, "invalid file name '%s'", name);
		return -EINVAL;
	}
	*vol = (size_t)v;
	*path = rest;
	return 0;
}
