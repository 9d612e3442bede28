/* stage.c - stage a corpus subtree with placeholders filled (see stage.h). */
#include "stage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "initrdtag.h"
#include "strbuf.h"
#include "util.h"

int stage_placeholder_kind(const char *name)
{
	/* "linux" is what kernel-install names the kernel in a BLS entry directory. */
	if (!strncmp(name, "vmlinuz", 7) || !strcmp(name, "linux"))
		return 1;
	if (!strncmp(name, "initrd", 6) || !strncmp(name, "initramfs", 9))
		return 2;
	return 0;
}

struct stage_ctx {
	const char *const *mounts;
	size_t n_mounts;
	const struct stage_fill *fill;
	char *failed;
};

static int stage_is_mount(const struct stage_ctx *c, const char *guest)
{
	for (size_t i = 0; i < c->n_mounts; i++)
		if (!strcmp(c->mounts[i], guest))
			return 1;
	return 0;
}

static int stage_fail(struct stage_ctx *c, const char *path, int r)
{
	if (!c->failed)
		c->failed = strdup(path);
	return r;
}

/* Copy directory src (guest path guest) into existing directory dst. */
static int stage_dir(struct stage_ctx *c, const char *src, const char *guest, const char *dst)
{
	DIR *d = opendir(src);
	const struct dirent *de;
	int r = 0;

	if (!d)
		return stage_fail(c, src, -errno);
	while (r == 0 && (de = readdir(d))) {
		struct strbuf s, g, t;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strbuf_init(&s);
		strbuf_init(&g);
		strbuf_init(&t);
		if (strbuf_addf(&s, "%s/%s", src, de->d_name) < 0 ||
		    strbuf_addf(&g, "%s/%s", strcmp(guest, "/") ? guest : "", de->d_name) < 0 ||
		    strbuf_addf(&t, "%s/%s", dst, de->d_name) < 0) {
			r = -ENOMEM;
		} else if (lstat(s.buf, &st) < 0) {
			r = stage_fail(c, s.buf, -errno);
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(t.buf, st.st_mode & 07777) < 0)
				r = stage_fail(c, t.buf, -errno);
			else if (!stage_is_mount(c, g.buf))
				r = stage_dir(c, s.buf, g.buf, t.buf);
		} else if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlink(s.buf, target, sizeof(target) - 1);

			if (n < 0)
				r = stage_fail(c, s.buf, -errno);
			else {
				target[n] = '\0';
				if (symlink(target, t.buf) < 0)
					r = stage_fail(c, t.buf, -errno);
			}
		} else if (S_ISREG(st.st_mode)) {
			int kind = st.st_size == 0 ? stage_placeholder_kind(de->d_name) : 0;
			const char *from = kind == 1 ? c->fill->kernel : kind == 2 ? c->fill->initrd : s.buf;

			r = util_copy_file(from, t.buf, st.st_mode & 07777);
			if (r < 0)
				r = stage_fail(c, from, r);
			else if (kind == 2 && (r = initrdtag_append(t.buf, g.buf)) < 0)
				r = stage_fail(c, t.buf, r);
		}
		/* Devices, fifos and sockets have no place in a boot tree: skipped. */
		strbuf_release(&s);
		strbuf_release(&g);
		strbuf_release(&t);
	}
	closedir(d);
	return r;
}

int stage_tree(const char *root, const char *sub, const char *const *mounts, size_t n_mounts,
	       const char *dest, const struct stage_fill *fill, char **failed)
{
	struct stage_ctx c = { .mounts = mounts, .n_mounts = n_mounts, .fill = fill };
	struct strbuf src;
	int r;

	*failed = NULL;
	strbuf_init(&src);
	r = strbuf_addf(&src, "%s%s", root, strcmp(sub, "/") ? sub : "");
	if (r == 0)
		r = util_mkdir_p(dest, 0755);
	if (r < 0)
		r = stage_fail(&c, dest, r);
	else if (strcmp(sub, "/") && access(src.buf, F_OK) < 0 && errno == ENOENT)
		r = 0; /* A partition the tree has nothing for (an empty ESP) stays empty. */
	else
		r = stage_dir(&c, src.buf, sub, dest);
	strbuf_release(&src);
	*failed = c.failed;
	return r;
}
