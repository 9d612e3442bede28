/* loadenv.c - "load_env [-f FILE] [-s] [NAME…]" reads grubenv into variables.
 *
 * Without -f the file is $prefix/grubenv, as GRUB's loadenv module finds
 * it. With names, only those variables are taken (a whitelist). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

struct load_ctx {
	struct g2_eval *e;
	const char *const *names;
	size_t n_names;
};

static int set_one(void *userdata, const char *name, const char *value)
{
	struct load_ctx *lc = userdata;
	int r;

	if (lc->n_names) {
		size_t i;

		for (i = 0; i < lc->n_names; i++)
			if (!strcmp(lc->names[i], name))
				break;
		if (i == lc->n_names)
			return 0;
	}
	r = grub2_env_set(lc->e, name, value);
	return r == -ENOMEM ? r : 0;
}

static const struct g2_opt loadenv_opts[] = {
	{ "file", 'f', G2_OPT_ARG },
	{ "skip-sig", 's', G2_OPT_FLAG },
};

int grub2_cmd_load_env(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_optval vals[2] = { 0 };
	const char **pos = NULL, *bad = NULL, *path;
	char *name = NULL, *data = NULL, why[256];
	size_t n_pos = 0, vol, len = 0;
	struct load_ctx lc = { .e = e };
	int r;

	r = grub2_opts_parse(loadenv_opts, 2, false, c->argv + 1, c->argc - 1, vals, &pos, &n_pos, &bad);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "load_env: bad option '%s'", bad);
	if (vals[0].set) {
		name = strdup(vals[0].arg);
	} else {
		const char *prefix = grub2_env_get(e, "prefix");

		if (!prefix) {
			free(pos);
			return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "variable 'prefix' isn't set");
		}
		name = malloc(strlen(prefix) + sizeof("/grubenv"));
		if (name)
			sprintf(name, "%s/grubenv", prefix);
	}
	if (!name) {
		free(pos);
		return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	}
	lc.names = pos;
	lc.n_names = n_pos;
	r = grub2_resolve(e, name, &vol, &path, why, sizeof(why));
	if (r < 0) {
		r = grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "%s", why);
		goto out;
	}
	r = bootfs_read(e->fs, vol, path, G2_GRUBENV_MAX, &data, &len);
	if (r == -ENOMEM) {
		r = grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
		goto out;
	}
	if (r < 0) {
		r = grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "file '%s' not found", name);
		goto out;
	}
	r = grub2_grubenv_parse(data, len, set_one, &lc);
	if (r == -ENOMEM)
		r = grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	else if (r < 0)
		r = grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "invalid environment block '%s'", name);
out:
	free(data);
	free(name);
	free(pos);
	return r;
}
