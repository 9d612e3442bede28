/* grub2.c - grub2_eval: set up GRUB's initial state, run grub.cfg, build the plan. */
#include "grub2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* Variables GRUB itself defines before reading grub.cfg (i386-pc). */
static const char *const builtin_vars[][2] = {
	{ "grub_platform", "pc" },
	{ "grub_cpu", "i386" },
	{ "feature_chainloader_bpb", "y" },
	{ "feature_ntldr", "y" },
	{ "feature_platform_search_hint", "y" },
	{ "feature_default_font_path", "y" },
	{ "feature_all_video_module", "y" },
	{ "feature_menuentry_id", "y" },
	{ "feature_menuentry_options", "y" },
	{ "feature_200_final", "y" },
	{ "feature_nativedisk_cmd", "y" },
	{ "feature_timeout_style", "y" },
	{ "pager", "" },
};

static int initial_vars(struct g2_eval *e, size_t vol, const char *path,
			const struct plan_options *opt)
{
	const char *dev = e->fs->vols[vol].grub_name;
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	char *prefix = malloc(strlen(dev) + dirlen + 3);
	int r;

	if (!prefix)
		return -ENOMEM;
	sprintf(prefix, "(%s)%.*s", dev, (int)dirlen, path);
	r = grub2_env_set(e, "prefix", prefix);
	free(prefix);
	if (r == 0)
		r = grub2_env_set(e, "root", dev);
	for (size_t i = 0; r == 0 && i < sizeof(builtin_vars) / sizeof(builtin_vars[0]); i++)
		r = grub2_env_set(e, builtin_vars[i][0], builtin_vars[i][1]);
	for (size_t i = 0; r == 0 && opt && i < opt->n_vars; i++) {
		const char *eq = strchr(opt->vars[i], '=');
		char *name;

		if (!eq)
			continue;
		name = strndup(opt->vars[i], (size_t)(eq - opt->vars[i]));
		if (!name)
			return -ENOMEM;
		r = grub2_env_set(e, name, eq + 1);
		free(name);
	}
	return r;
}

static void eval_free(struct g2_eval *e)
{
	free(e->runaway);
	grub2_load_reset(&e->load);
	grub2_env_free(e);
	for (size_t i = 0; i < e->n_funcs; i++)
		free(e->funcs[i].name);
	free(e->funcs);
	for (size_t i = 0; i < e->n_trees; i++)
		grub2_node_free(e->trees[i]);
	free(e->trees);
	for (size_t i = 0; i < e->n_names; i++)
		free(e->names[i]);
	free(e->names);
	for (size_t i = 0; i < e->n_bls_done; i++)
		free(e->bls_done[i]);
	free(e->bls_done);
}

int grub2_eval(const struct bootfs *fs, size_t vol, const char *path,
	       const struct plan_options *opt, struct boot_plan *plan, struct diag *d)
{
	struct g2_eval e = { .fs = fs, .d = d, .config_vol = vol, .config_path = path,
			  .parse_budget = G2_PARSED_MAX };
	struct boot_plan p = { 0 };
	int r;

	if (vol >= fs->n_vols)
		return diag_error(d, -ENODEV, path, 0, "no such volume");
	r = grub2_env_push(&e);
	if (r == 0)
		r = initial_vars(&e, vol, path, opt);
	if (r < 0) {
		eval_free(&e);
		return diag_error(d, r, path, 0, "cannot set up variables: %s", strerror(-r));
	}
	r = grub2_run_file(&e, vol, path, path);
	if (r < 0) {
		eval_free(&e);
		return diag_error(d, r, path, 0, "cannot read '%s': %s", path, bootfs_config_strerror(r));
	}
	if (e.fatal < 0) {
		r = e.fatal;
		goto fail;
	}
	if (!grub2_env_menu(&e)->n) {
		if (e.have_syntax_error)
			r = diag_error(d, -ENOENT, e.syntax_file, e.syntax_line, "%s; no menu entries",
				       e.syntax_msg);
		else
			r = diag_error(d, -ENOENT, path, 0, "no menu entries");
		goto fail;
	}
	/* a configfile's menu ended the script; its entries still run */
	e.stop = false;
	p.format = "grub2";
	p.config.vol = vol;
	p.config.path = strdup(path);
	if (!p.config.path) {
		r = diag_error(d, -ENOMEM, path, 0, "out of memory");
		goto fail;
	}
	r = grub2_menu_plan(&e, opt, &p);
	if (e.fatal < 0) {
		r = e.fatal;
		goto fail;
	}
	if (r < 0) {
		r = diag_error(d, r, path, 0, "%s", strerror(-r));
		goto fail;
	}
	eval_free(&e);
	*plan = p;
	return 0;
fail:
	boot_plan_free(&p);
	eval_free(&e);
	return r;
}
