/* search.c - search --fs-uuid/--label/--file and its search.* aliases.
 *
 * Hints only change the order GRUB probes disks in; with every filesystem
 * known up front the first match is the same, so they are parsed and
 * ignored. The variable gets the device name without parentheses. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

enum search_kind { SEARCH_NONE, SEARCH_FILE, SEARCH_LABEL, SEARCH_UUID };

static int do_search(struct g2_eval *e, const struct g2_call *c, enum search_kind kind,
		     const char *key, const char *var)
{
	int v;
	int r;

	switch (kind) {
	case SEARCH_UUID:
		v = bootfs_find_uuid(e->fs, key);
		break;
	case SEARCH_LABEL:
		v = bootfs_find_label(e->fs, key);
		break;
	case SEARCH_FILE:
		v = bootfs_find_file(e->fs, key);
		break;
	default:
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "search: unspecified search type");
	}
	if (v < 0)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "no such device: %s", key);
	if (!var)
		return 0;
	r = grub2_env_set(e, var, e->fs->vols[v].grub_name);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	return r < 0 ? G2_ERR_BAD_ARGUMENT : 0;
}

static const struct g2_opt search_opts[] = {
	{ "file", 'f', G2_OPT_FLAG },
	{ "label", 'l', G2_OPT_FLAG },
	{ "fs-uuid", 'u', G2_OPT_FLAG },
	{ "set", 's', G2_OPT_ARG_OPTIONAL },
	{ "no-floppy", 'n', G2_OPT_FLAG },
	{ "hint", 'h', G2_OPT_ARG },
	{ "hint-ieee1275", 0, G2_OPT_ARG },
	{ "hint-bios", 0, G2_OPT_ARG },
	{ "hint-baremetal", 0, G2_OPT_ARG },
	{ "hint-efi", 0, G2_OPT_ARG },
	{ "hint-arc", 0, G2_OPT_ARG },
};

int grub2_cmd_search(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_optval vals[sizeof(search_opts) / sizeof(search_opts[0])] = { 0 };
	const char **pos = NULL, *bad = NULL, *var = NULL, *key = NULL;
	size_t n_pos = 0, j;
	enum search_kind kind = SEARCH_NONE;
	int r;

	r = grub2_opts_parse(search_opts, sizeof(search_opts) / sizeof(search_opts[0]), true,
			     c->argv + 1, c->argc - 1, vals, &pos, &n_pos, &bad);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "search: bad option '%s'", bad);
	/* hints for platforms GRUB does not know yet come through as arguments */
	for (j = 0; j < n_pos; j++)
		if (strncmp(pos[j], "--hint-", 7))
			break;
	if (vals[3].set)
		var = vals[3].arg ? vals[3].arg : "root";
	if (j < n_pos) {
		key = pos[j];
	} else if (vals[3].set && vals[3].arg) {
		key = vals[3].arg;
		var = "root";
	}
	free(pos);
	if (!key)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "search: one argument expected");
	if (vals[1].set)
		kind = SEARCH_LABEL;
	else if (vals[2].set)
		kind = SEARCH_UUID;
	else if (vals[0].set)
		kind = SEARCH_FILE;
	return do_search(e, c, kind, key, var);
}

/* search.fs_uuid NAME [VARIABLE] [HINTS…] */
int grub2_cmd_search_alias(struct g2_eval *e, const struct g2_call *c)
{
	const char *cmd = c->argv[0];
	enum search_kind kind = !strcmp(cmd, "search.fs_uuid")    ? SEARCH_UUID
				: !strcmp(cmd, "search.fs_label") ? SEARCH_LABEL
								  : SEARCH_FILE;

	if (c->argc < 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: one argument expected", cmd);
	return do_search(e, c, kind, c->argv[1], c->argc > 2 ? c->argv[2] : NULL);
}
