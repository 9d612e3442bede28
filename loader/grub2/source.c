/* source.c - reading a config file the way read_config_file does, and
 * the "source", "." and "configfile" commands.
 *
 * Each top-level unit is parsed and then run before the next is read, so a
 * syntax error loses that unit only (GRUB reports it and goes on with the
 * next line). "configfile" runs the file in a new context with an empty
 * menu; when that menu has entries GRUB shows it and boots from it, so
 * evaluation ends there and the choice is made from that menu. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "array.h"

static int keep_tree(struct g2_eval *e, struct g2_node *n)
{
	struct g2_node **t = array_grow(e->trees, e->n_trees, sizeof(struct g2_node *));

	if (!t)
		return -ENOMEM;
	e->trees = t;
	t[e->n_trees++] = n;
	return 0;
}

static void syntax_error(struct g2_eval *e, const char *file, const struct g2_parse_error *pe)
{
	diag_warn(e->d, file, pe->line, "%s", pe->msg);
	if (e->have_syntax_error)
		return;
	e->have_syntax_error = true;
	snprintf(e->syntax_file, sizeof(e->syntax_file), "%s", file);
	e->syntax_line = pe->line;
	snprintf(e->syntax_msg, sizeof(e->syntax_msg), "%s", pe->msg);
}

/* Parse and run units from lx until its end or a halt. */
static int run_units(struct g2_eval *e, struct g2_lexer *lx, const char *file)
{
	for (;;) {
		struct g2_parse_error pe = { 0 };
		struct g2_node *unit = NULL;
		int r;

		if (grub2_halted(e))
			return 0;
		r = grub2_parse_unit(lx, file, &e->parse_budget, &unit, &pe);
		if (r == -ENOMEM)
			return grub2_fatal(e, r, file, grub2_lex_line(lx), "out of memory");
		if (r == -E2BIG)
			return grub2_fatal(e, r, file, pe.line, "%s", pe.msg);
		if (r < 0) {
			syntax_error(e, file, &pe);
			continue;
		}
		if (!unit)
			return 0;
		r = keep_tree(e, unit);
		if (r < 0) {
			grub2_node_free(unit);
			return grub2_fatal(e, r, file, grub2_lex_line(lx), "out of memory");
		}
		grub2_exec(e, unit);
	}
}

int grub2_parse_text(struct g2_eval *e, const char *text, const char *file, unsigned line,
		     const struct g2_node **out)
{
	struct g2_lexer lx;
	struct g2_node *list = calloc(1, sizeof(*list));
	int r;

	if (!list)
		return -ENOMEM;
	list->type = G2_NODE_LIST;
	list->file = file;
	list->line = line;
	r = keep_tree(e, list);
	if (r < 0) {
		free(list);
		return r;
	}
	grub2_lex_init(&lx, text, strlen(text), NULL, 0);
	for (;;) {
		struct g2_parse_error pe = { 0 };
		struct g2_node *unit = NULL, **kids;

		r = grub2_parse_unit(&lx, file, &e->parse_budget, &unit, &pe);
		if (r == -ENOMEM)
			return r;
		if (r == -E2BIG)
			return grub2_fatal(e, r, file, pe.line + line - 1, "%s", pe.msg);
		if (r < 0) {
			pe.line += line - 1;
			syntax_error(e, file, &pe);
			continue;
		}
		if (!unit)
			break;
		kids = array_grow(list->kids, list->n_kids, sizeof(struct g2_node *));
		if (!kids) {
			grub2_node_free(unit);
			return -ENOMEM;
		}
		list->kids = kids;
		kids[list->n_kids++] = unit;
	}
	*out = list;
	return 0;
}

static char *device_path(const struct g2_eval *e, size_t vol, const char *path)
{
	size_t n = strlen(e->fs->vols[vol].grub_name) + strlen(path) + 3;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "(%s)%s", e->fs->vols[vol].grub_name, path);
	return s;
}

/* Set config_file and config_directory as read_config_file does; returns
 * the old values for restoring. */
static int set_config_vars(struct g2_eval *e, size_t vol, const char *path, char **old_file,
			   char **old_dir)
{
	const char *of = grub2_env_get(e, "config_file"), *od = grub2_env_get(e, "config_directory");
	char *full = device_path(e, vol, path), *slash;
	int r;

	*old_file = of ? strdup(of) : NULL;
	*old_dir = od ? strdup(od) : NULL;
	if (!full || (of && !*old_file) || (od && !*old_dir)) {
		free(full);
		return -ENOMEM;
	}
	r = grub2_env_set(e, "config_file", full);
	slash = strrchr(full, '/');
	if (slash)
		*slash = '\0';
	if (r == 0)
		r = grub2_env_set(e, "config_directory", full);
	free(full);
	return r == -ENOMEM ? r : 0;
}

static void restore_var(struct g2_eval *e, const char *name, char *old)
{
	if (old) {
		if (grub2_env_set(e, name, old) == -ENOMEM)
			grub2_fatal(e, -ENOMEM, NULL, 0, "out of memory");
	} else {
		grub2_env_unset(e, name);
	}
	free(old);
}

int grub2_run_file(struct g2_eval *e, size_t vol, const char *path, const char *display)
{
	char *data = NULL, *text = NULL, *old_file = NULL, *old_dir = NULL;
	unsigned *map = NULL;
	size_t len = 0, text_len = 0, n_map = 0;
	const char *file;
	struct g2_lexer lx;
	int r;

	r = grub2_keep_name(e, display, &file);
	if (r < 0)
		return r;
	r = bootfs_read(e->fs, vol, path, BOOTFS_CONFIG_MAX, &data, &len);
	if (r < 0)
		return r;
	if (e->bytes_read + len > G2_READ_BYTES_MAX) {
		free(data);
		return -E2BIG;
	}
	e->bytes_read += len;
	r = grub2_lex_prepare(data, len, &text, &text_len, &map, &n_map);
	free(data);
	if (r < 0)
		return r;
	r = set_config_vars(e, vol, path, &old_file, &old_dir);
	if (r < 0) {
		free(old_file);
		free(old_dir);
		goto out;
	}
	grub2_lex_init(&lx, text, text_len, map, n_map);
	run_units(e, &lx, file);
	if (!e->stop) {
		restore_var(e, "config_file", old_file);
		restore_var(e, "config_directory", old_dir);
	} else {
		free(old_file);
		free(old_dir);
	}
	r = 0;
out:
	free(text);
	free(map);
	return r;
}

/* Run FILE named as a GRUB path; returns a command status. */
static int run_named(struct g2_eval *e, const struct g2_call *c, const char *name)
{
	const char *path, *display;
	char why[256], *dev = NULL;
	size_t vol;
	int r;

	r = grub2_resolve(e, name, &vol, &path, why, sizeof(why));
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "%s", why);
	if (e->source_depth >= G2_SOURCE_DEPTH_MAX)
		return grub2_fatal(e, -ELOOP, c->node->file, c->node->line,
				   "%s: maximum recursion depth exceeded", c->argv[0]);
	display = path;
	if (vol != e->config_vol) {
		dev = device_path(e, vol, path);
		if (!dev)
			return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
		display = dev;
	}
	e->source_depth++;
	r = grub2_run_file(e, vol, path, display);
	e->source_depth--;
	free(dev);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r == -EFBIG)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "%s: '%s': %s", c->argv[0], name,
				      bootfs_config_strerror(r));
	if (r == -E2BIG)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND,
				      "%s: '%s': more than %u MiB of configuration read in all", c->argv[0],
				      name, G2_READ_BYTES_MAX >> 20);
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "file '%s' not found", name);
	return 0;
}

int grub2_cmd_source(struct g2_eval *e, const struct g2_call *c)
{
	if (c->argc != 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: filename expected", c->argv[0]);
	run_named(e, c, c->argv[1]);
	return 0;
}

int grub2_cmd_configfile(struct g2_eval *e, const struct g2_call *c)
{
	int r;

	if (c->argc != 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: filename expected", c->argv[0]);
	r = grub2_env_push(e);
	if (r < 0)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	run_named(e, c, c->argv[1]);
	if (e->fatal < 0)
		return 0;
	if (grub2_env_menu(e)->n) {
		e->stop = true;
		return 0;
	}
	grub2_env_pop(e);
	return 0;
}
