/* expect.h - the parts of a corpus case's expect file (the loader's --plan output) the harness checks. */
#ifndef HARNESS_EXPECT_H
#define HARNESS_EXPECT_H

#include <stddef.h>

struct expect {
	char *format;   /* "grub2", "grub1", "bls", … */
	char *config;   /* path of the boot config inside the guest tree */
	char *entry;
	char *kernel;
	char *initrd;   /* NULL when the entry has none */
	char *cmdline;  /* exactly what the booted kernel must see */
};

/* Lines "key=value"; unknown keys are ignored (the plan grows), a repeated
 * known key is an error. Returns -EINVAL with *line set on a malformed line,
 * -ENOENT (line 0) when format= or cmdline= is missing. */
int expect_parse(const char *buf, size_t len, struct expect *out, unsigned *line);
int expect_load(const char *path, struct expect *out, unsigned *line);
void expect_free(struct expect *e);

/* The expected initrds as the probe reports them (probeline.h): each path
 * of e->initrd resolved through the symlinks of the corpus tree at root,
 * kept when it is a placeholder the harness fills and tags (stage.h),
 * sorted, separated by blanks. *out is "" when there are none. */
int expect_tagged_initrds(const struct expect *e, const char *root, char **out);

#endif
