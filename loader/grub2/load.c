/* load.c - linux, linux16, linuxefi and initrd*: what an entry would load.
 *
 * As in GRUB, "linux" fails when its file cannot be opened (and then no
 * kernel is loaded), "initrd" fails without a loaded kernel or when any of
 * its files is missing (and then the previous initrds stay). Only the
 * existence of the files is checked here, not their contents. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static void files_free(struct boot_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i].path);
	free(f);
}

static void unload(struct g2_load *l)
{
	l->kernel = false;
	free(l->kernel_file.path);
	l->kernel_file.path = NULL;
	free(l->cmdline);
	l->cmdline = NULL;
	files_free(l->initrds, l->n_initrds);
	l->initrds = NULL;
	l->n_initrds = 0;
	free(l->tried.path);
	l->tried.path = NULL;
}

/* Resolve and check one file; why gets GRUB's kind of message. */
static int open_file(const struct g2_eval *e, const char *name, struct boot_file *out,
		     char *why, size_t whylen)
{
	struct bootfs_stat st;
	const char *path;
	size_t vol;
	int r = grub2_resolve(e, name, &vol, &path, why, whylen);

	if (r < 0)
		return r;
	out->vol = vol;
	out->path = strdup(path);
	if (!out->path)
		return -ENOMEM;
	r = bootfs_stat(e->fs, vol, path, &st);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		snprintf(why, whylen, "file '%s' not found", name);
		return r;
	}
	/* A FIFO or device would block or never end: never opened. */
	if (st.type != BOOTFS_REG) {
		snprintf(why, whylen, "'%s' is not a regular file", name);
		return st.type == BOOTFS_DIR ? -EISDIR : -EPERM;
	}
	return 0;
}

void grub2_load_reset(struct g2_load *l)
{
	unload(l);
	free(l->error);
	free(l->other);
	memset(l, 0, sizeof(*l));
}

int grub2_cmd_linux(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_load *l = &e->load;
	struct boot_file f = { 0 };
	char why[256];
	int r;

	unload(l);
	l->attempted = true;
	if (c->argc < 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: filename expected", c->argv[0]);
	r = open_file(e, c->argv[1], &f, why, sizeof(why));
	if (r == -ENOMEM) {
		free(f.path);
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	}
	if (r < 0) {
		l->tried = f;
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "%s", why);
	}
	r = grub2_cmdline_build(c->argv + 1, c->argc - 1, &l->cmdline);
	if (r < 0) {
		free(f.path);
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	}
	l->kernel_file = f;
	l->kernel = true;
	return 0;
}

int grub2_cmd_initrd(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_load *l = &e->load;
	struct boot_file *files;
	size_t n = c->argc - 1;
	char why[256];

	if (!l->kernel)
		return grub2_cmd_fail(e, c, G2_ERR_NO_KERNEL, "you need to load the kernel first");
	if (!n)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: filename expected", c->argv[0]);
	files = calloc(n, sizeof(*files));
	if (!files)
		return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int r = open_file(e, c->argv[i + 1], &files[i], why, sizeof(why));

		if (r == -ENOMEM) {
			files_free(files, n);
			return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
		}
		if (r < 0) {
			files_free(files, n);
			return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "%s", why);
		}
	}
	files_free(l->initrds, l->n_initrds);
	l->initrds = files;
	l->n_initrds = n;
	return 0;
}
