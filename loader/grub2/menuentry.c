/* menuentry.c - "menuentry" and "submenu" add an entry to the current menu.
 *
 * Options as grub-core/commands/menuentry.c takes them (anywhere on the
 * line, unknown ones kept as arguments): --class, --users, --hotkey,
 * --source, --id, --unrestricted. The title is the first remaining
 * argument; all remaining arguments become the body's $1, $2, … . An entry
 * without --id has its title as id. Users and classes do not matter to
 * the loader: no password is ever asked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static const struct g2_opt menu_opts[] = {
	{ "class", 0, G2_OPT_ARG },
	{ "users", 0, G2_OPT_ARG },
	{ "hotkey", 0, G2_OPT_ARG },
	{ "source", 0, G2_OPT_ARG },
	{ "id", 0, G2_OPT_ARG },
	{ "unrestricted", 0, G2_OPT_FLAG },
};

int grub2_cmd_menuentry(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_optval vals[sizeof(menu_opts) / sizeof(menu_opts[0])] = { 0 };
	const char **pos = NULL, *bad = NULL;
	const struct g2_node *body = c->node->block;
	bool submenu = c->argv[0][0] == 's';
	size_t n_pos = 0;
	int r;

	r = grub2_opts_parse(menu_opts, sizeof(menu_opts) / sizeof(menu_opts[0]), true,
			     c->argv + 1, c->argc - 1, vals, &pos, &n_pos, &bad);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: bad option '%s'", c->argv[0], bad);
	if (!n_pos) {
		free(pos);
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: missing arguments", c->argv[0]);
	}
	if (vals[3].set && body) {
		free(pos);
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "multiple menuentry definitions");
	}
	if (vals[3].set) {
		r = grub2_parse_text(e, vals[3].arg, c->node->file, c->node->line, &body);
		if (r < 0) {
			free(pos);
			return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
		}
	}
	if (!body) {
		free(pos);
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "no menuentry definition");
	}
	r = grub2_menu_add(e, pos[0], vals[4].set ? vals[4].arg : pos[0], (char *const *)pos, n_pos,
			   body, submenu, c->node->file, c->node->line);
	free(pos);
	if (r < 0)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	return 0;
}
