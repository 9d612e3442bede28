/* choose.c - pick the target to boot and name its files for people. */
#include "choose.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

int choose_file_name(const struct bootfs *fs, const struct boot_file *f, struct strbuf *out)
{
	const struct bootfs_volume *v = f->vol < fs->n_vols ? &fs->vols[f->vol] : NULL;

	strbuf_reset(out);
	if (!v)
		return strbuf_adds(out, f->path);
	if (!v->where)
		return strbuf_addf(out, "(%s)%s", v->grub_name, f->path);
	if (!strcmp(v->where, "/"))
		return strbuf_adds(out, f->path);
	return strbuf_addf(out, "%s%s", v->where, f->path);
}

static int check_file(const struct bootfs *fs, const struct boot_file *f)
{
	struct bootfs_stat st;
	int r = bootfs_stat(fs, f->vol, f->path, &st);

	if (r < 0)
		return r;
	return st.type == BOOTFS_REG ? 0 : st.type == BOOTFS_DIR ? -EISDIR : -EPERM;
}

static int target_problem(const struct bootfs *fs, const struct boot_target *t,
			  char *why, size_t whylen)
{
	struct strbuf name;
	int r;

	if (t->unbootable) {
		snprintf(why, whylen, "entry '%s': %s", t->entry ? t->entry : "", t->unbootable);
		return -ENOEXEC;
	}
	if (!t->kernel.path) {
		snprintf(why, whylen, "entry '%s': no kernel given", t->entry ? t->entry : "");
		return -ENOEXEC;
	}
	if (t->cmdline && strlen(t->cmdline) >= CHOOSE_CMDLINE_MAX) {
		snprintf(why, whylen, "entry '%s': command line of %zu bytes exceeds the kernel's %u",
			 t->entry ? t->entry : "", strlen(t->cmdline), CHOOSE_CMDLINE_MAX - 1);
		return -E2BIG;
	}
	strbuf_init(&name);
	r = check_file(fs, &t->kernel);
	if (r < 0) {
		choose_file_name(fs, &t->kernel, &name);
		snprintf(why, whylen, "entry '%s': kernel '%s': %s", t->entry ? t->entry : "",
			 name.buf, strerror(-r));
	}
	for (size_t i = 0; r >= 0 && i < t->n_initrds; i++) {
		r = check_file(fs, &t->initrds[i]);
		if (r < 0) {
			choose_file_name(fs, &t->initrds[i], &name);
			snprintf(why, whylen, "entry '%s': initrd '%s': %s",
				 t->entry ? t->entry : "", name.buf, strerror(-r));
		}
	}
	strbuf_release(&name);
	return r;
}

int choose_target(const struct bootfs *fs, const struct boot_plan *p, size_t start,
		  char *why, size_t whylen)
{
	char scratch[512] = "";

	if (whylen)
		why[0] = '\0';
	if (!p->n_targets)
		snprintf(why, whylen, "no bootable entry");
	for (size_t i = start; i < p->n_targets; i++) {
		bool first = i == start;

		if (target_problem(fs, &p->targets[i], first ? why : scratch,
				   first ? whylen : sizeof(scratch)) == 0)
			return (int)i;
	}
	return -ENOENT;
}

int choose_cmdline(const struct boot_target *t, const char *append, const char *inherit_console,
		   struct strbuf *out)
{
	const char *c = t->cmdline ? t->cmdline : "";
	int r;

	strbuf_reset(out);
	r = strbuf_adds(out, c);
	if (r == 0 && inherit_console && !strstr(c, "console="))
		r = strbuf_addf(out, "%s%s", out->len ? " " : "", inherit_console);
	if (r == 0 && append && *append)
		r = strbuf_addf(out, "%s%s", out->len ? " " : "", append);
	return r;
}
