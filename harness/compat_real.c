/* compat_real.c - real-image rows from realboot's results (see compat_real.h). */
#include "compat_real.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "util.h"

enum { REAL_IMAGE, REAL_RELEASE, REAL_KERNEL, REAL_GRUB, REAL_LOADER, REAL_GRUB_BOOT, REAL_AGREE, REAL_SECS,
       REAL_FIELDS };

/* The spec's opening comment, joined into one sentence-like cell. */
static int compat_real_description(const char *specs_dir, const char *image, struct strbuf *out)
{
	_cleanup_free_ char *path = NULL, *data = NULL;
	const char *name = strncmp(image, "real-", 5) ? image : image + 5;
	size_t len;

	if (asprintf(&path, "%s/%s.spec", specs_dir, name) < 0) {
		path = NULL;
		return -ENOMEM;
	}
	if (util_read_file(path, 1 << 16, &data, &len) < 0)
		return 0; /* a row without its spec still says what booted */
	for (char *line = data, *nl; line && *line == '#'; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		line++;
		while (*line == ' ')
			line++;
		if (strbuf_addf(out, "%s%s", out->len ? " " : "", line) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int compat_real_cell(struct strbuf *sb, const char *s)
{
	int r = strbuf_adds(sb, " ");

	for (; *s && r == 0; s++)
		r = *s == '|' ? strbuf_adds(sb, "\\|") : strbuf_addch(sb, *s);
	return r == 0 ? strbuf_adds(sb, " |") : r;
}

static int compat_real_row(char *line, const char *specs_dir, struct strbuf *out, size_t *passed)
{
	char *f[REAL_FIELDS], *save = NULL;
	struct strbuf what;
	int pass, r;

	for (size_t i = 0; i < REAL_FIELDS; i++) {
		f[i] = strtok_r(i ? NULL : line, "\t", &save);
		if (!f[i])
			return -EINVAL;
	}
	pass = !strcmp(f[REAL_LOADER], "login") && !strcmp(f[REAL_GRUB_BOOT], "login") &&
	       !strcmp(f[REAL_AGREE], "yes");
	*passed += pass;
	strbuf_init(&what);
	r = compat_real_description(specs_dir, f[REAL_IMAGE], &what);
	if (r == 0)
		r = strbuf_addf(out, "| `%s` |", f[REAL_IMAGE]);
	if (r == 0)
		r = compat_real_cell(out, what.len ? what.buf : "-");
	for (int i = REAL_RELEASE; i <= REAL_AGREE && r == 0; i++)
		r = compat_real_cell(out, f[i]);
	if (r == 0)
		r = compat_real_cell(out, pass ? "**pass**" : "**FAIL**");
	if (r == 0)
		r = compat_real_cell(out, f[REAL_SECS]);
	if (r == 0)
		r = strbuf_addch(out, '\n');
	strbuf_release(&what);
	return r;
}

int compat_real_render(const char *results_tsv, const char *specs_dir, struct strbuf *out)
{
	_cleanup_free_ char *data = NULL;
	struct strbuf rows;
	size_t len, n = 0, passed = 0;
	unsigned lineno = 0;
	int r;

	r = util_read_file(results_tsv, 1 << 20, &data, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	strbuf_init(&rows);
	for (char *line = data, *nl; line && *line && r == 0; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (lineno++ == 0 && !strncmp(line, "image\t", 6))
			continue; /* the header */
		r = compat_real_row(line, specs_dir, &rows, &passed);
		if (r == -EINVAL)
			fprintf(stderr, "compat: %s:%u: expected %d tab-separated fields\n", results_tsv, lineno,
				REAL_FIELDS);
		n++;
	}
	if (r == 0 && n)
		r = strbuf_addf(out, "\n## Real Debian images\n\n"
				     "Built from Debian's archive by `make real-images`: the release's own kernel, "
				     "initramfs-tools, systemd\nand GRUB, with the grub.cfg its own update-grub wrote. "
				     "Each is booted to its login prompt twice,\nby kexec-loader and by its own GRUB "
				     "installed in the image; both boots must reach the same kernel\nwith the same "
				     "command line.\n\n- Real images: %zu of %zu boot to login both ways\n\n"
				     "| Image | What | Release | Kernel | GRUB | Loader | Own GRUB | Agree | Result "
				     "| Secs |\n|---|---|---|---|---|---|---|---|---|---|\n%s",
				passed, n, rows.buf);
	strbuf_release(&rows);
	return r;
}
