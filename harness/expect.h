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

#endif
