/* blscfg.c - Fedora/RHEL's "blscfg": menu entries from BootLoaderSpec files.
 *
 * Modelled on grub-core/commands/blscfg.c of Fedora's GRUB (2.02 in RHEL 8,
 * 2.06 in RHEL 9 and Fedora): entries come from $blsdir, else
 * /loader/entries, on $root, and when that directory cannot be read from
 * /boot/loader/entries; they are ordered by bls_sort_blscfg (file name as
 * an RPM name-version-release, newest first). Each becomes an entry whose
 * body is the script blscfg generates:
 *     load_video / set gfxpayload=keep / insmod gzio
 *     linux ($root)LINUX OPTIONS
 *     initrd ($root)INITRD …
 * with OPTIONS expanded from grubenv variables ($kernelopts) the way
 * blscfg's expand_val does, and the id the file name without ".conf".
 * Where one key appears twice the first one counts, as bls_get_val reads it. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../bls/bls.h"
#include "../strbuf.h"
#include "eval.h"

static const char *first_value(const struct bls_entry *be, const char *key)
{
	for (size_t i = 0; i < be->n_kv; i++)
		if (!strcmp(be->kv[i].key, key))
			return be->kv[i].value;
	if (!strcmp(key, "linux"))
		return be->linux;
	if (!strcmp(key, "title"))
		return be->title;
	if (!strcmp(key, "options"))
		return be->options;
	return NULL;
}

/* Every value of key, in file order; initrd falls back to the parsed list. */
static size_t all_values(const struct bls_entry *be, const char *key, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < be->n_kv && n < max; i++)
		if (!strcmp(be->kv[i].key, key))
			out[n++] = be->kv[i].value;
	if (!n && !strcmp(key, "initrd"))
		for (size_t i = 0; i < be->n_initrds && n < max; i++)
			out[n++] = be->initrds[i];
	return n;
}

/* expand_val's field_append: a variable's value gets a blank after it,
 * an unset variable vanishes. */
static int field_append(const struct g2_eval *e, struct strbuf *sb, bool *any, bool is_var,
			const char *start, const char *end)
{
	size_t len = end + 1 > start ? (size_t)(end + 1 - start) : 0;
	char *text = strndup(start, len);
	int r = 0;

	if (!text)
		return -ENOMEM;
	if (is_var) {
		const char *v = grub2_env_get(e, text);

		if (v) {
			r = strbuf_adds(sb, v);
			if (r == 0)
				r = strbuf_addch(sb, ' ');
			*any = true;
		}
	} else {
		r = strbuf_adds(sb, text);
		*any = true;
	}
	free(text);
	return r;
}

static int expand_val(const struct g2_eval *e, const char *value, char **out)
{
	const char *start = value, *end = value, *p;
	bool is_var = false, any = false;
	struct strbuf sb;
	int r = 0;

	*out = NULL;
	if (!value)
		return 0;
	strbuf_init(&sb);
	for (p = value; *p && r == 0; p++) {
		if (*p == '$' && *end != '\\') {
			if (start != end)
				r = field_append(e, &sb, &any, is_var, start, end);
			is_var = true;
			start = p + 1;
		} else if (is_var && !isalnum((unsigned char)*p) && *p != '_') {
			r = field_append(e, &sb, &any, is_var, start, end);
			is_var = false;
			start = p;
			if (*start == ' ')
				start++;
		}
		end = p;
	}
	if (r == 0 && start != end)
		r = field_append(e, &sb, &any, is_var, start, end);
	if (r < 0 || !any) {
		strbuf_release(&sb);
		return r;
	}
	*out = strbuf_detach(&sb);
	return *out ? 0 : -ENOMEM;
}

static char *entry_id(const struct bls_entry *be)
{
	size_t n = strlen(be->filename);

	if (n > 5 && !strcmp(be->filename + n - 5, ".conf"))
		n -= 5;
	return strndup(be->filename, n);
}

static bool is_default(const struct g2_eval *e, const char *def, const struct bls_entry *be,
		       const char *id, size_t idx)
{
	const char *title = first_value(be, "title");
	bool bad, overflow;
	unsigned long n;

	(void)e;
	if (!def)
		return false;
	if (!strcmp(def, id) || (title && !strcmp(def, title)))
		return true;
	n = grub2_strtoul(def, NULL, &bad, &overflow);
	return !bad && n == idx;
}

#define BLS_LIST_MAX 64

static int build_source(const struct g2_eval *e, const struct bls_entry *be, const char *clinux,
			struct strbuf *src)
{
	const char *initrds[BLS_LIST_MAX], *early = grub2_env_get(e, "early_initrd");
	const char *sd = grub2_env_get(e, "save_default");
	size_t n_initrds = all_values(be, "initrd", initrds, BLS_LIST_MAX);
	char *options = NULL;
	int r;

	r = expand_val(e, first_value(be, "options"), &options);
	if (r == 0 && !options)
		r = expand_val(e, grub2_env_get(e, "default_kernelopts"), &options);
	if (r < 0)
		return r;
	if (sd && !strcmp(sd, "true"))
		r = strbuf_adds(src, "savedefault\n");
	if (r == 0)
		r = strbuf_addf(src, "load_video\nset gfxpayload=keep\ninsmod gzio\nlinux ($root)%s%s%s\n",
				clinux, options ? " " : "", options ? options : "");
	free(options);
	if (r == 0 && (n_initrds || early)) {
		const char *ref = n_initrds ? initrds[0] : clinux, *slash = strrchr(ref, '/');
		size_t plen = slash ? (size_t)(slash - ref + 1) : 0;

		r = strbuf_adds(src, "initrd");
		/* early_initrd files sit beside the first initrd (or the kernel) */
		for (const char *p = early; p && *p && r == 0;) {
			const char *sp = strchr(p, ' ');
			size_t len = sp ? (size_t)(sp - p) : strlen(p);

			r = strbuf_addf(src, " ($root)%.*s%.*s", (int)plen, ref, (int)len, p);
			p = sp ? sp + 1 : p + len;
		}
		for (size_t i = 0; i < n_initrds && r == 0; i++)
			r = strbuf_addf(src, " ($root)%s", initrds[i]);
		if (r == 0)
			r = strbuf_addch(src, '\n');
	}
	return r;
}

static int create_entry(struct g2_eval *e, const struct g2_call *c, const struct bls_entry *be,
			const char *id)
{
	const char *clinux = first_value(be, "linux"), *title = first_value(be, "title");
	const char *args[BLS_LIST_MAX + 1];
	const struct g2_node *body;
	const char *file;
	struct strbuf src;
	size_t n_args;
	int r;

	if (!clinux)
		return 0;
	args[0] = title ? title : clinux;
	n_args = 1 + all_values(be, "grub_arg", args + 1, BLS_LIST_MAX);
	strbuf_init(&src);
	r = build_source(e, be, clinux, &src);
	if (r == 0)
		r = grub2_keep_name(e, be->path, &file);
	if (r == 0)
		r = grub2_parse_text(e, src.buf, file, 1, &body);
	strbuf_release(&src);
	if (r == 0)
		r = grub2_menu_add(e, args[0], id, (char *const *)args, n_args, body, false, file, 1);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "blscfg: cannot use '%s'", be->path);
	return 0;
}

static int mark_done(struct g2_eval *e, char *id)
{
	char **n = realloc(e->bls_done, (e->n_bls_done + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	e->bls_done = n;
	n[e->n_bls_done++] = id;
	return 0;
}

static bool done_already(const struct g2_eval *e, const char *id)
{
	for (size_t i = 0; i < e->n_bls_done; i++)
		if (!strcmp(e->bls_done[i], id))
			return true;
	return false;
}

int grub2_cmd_blscfg(struct g2_eval *e, const struct g2_call *c)
{
	bool show_default = true, show_non_default = true;
	const char *only = NULL, *dir = NULL, *def;
	struct bls_entries list = { 0 };
	char why[256];
	size_t vol;
	int r;

	e->fedora = true;
	if (c->argc == 2) {
		const char *a = c->argv[1];

		if (!strcmp(a, "default"))
			show_non_default = false;
		else if (!strcmp(a, "non-default"))
			show_default = false;
		else if (a[0] == '(')
			dir = a;
		else {
			only = a;
			show_default = show_non_default = false;
		}
	}
	if (dir) {
		r = grub2_resolve(e, dir, &vol, &dir, why, sizeof(why));
	} else {
		r = grub2_resolve(e, "/", &vol, &dir, why, sizeof(why));
		dir = grub2_env_get(e, "blsdir");
		if (!dir)
			dir = "/loader/entries";
	}
	if (r < 0)
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "blscfg: %s", why);
	r = bls_entries_load(e->fs, vol, dir, BLS_PARSE_BLSCFG, &list, e->d);
	if (r < 0 && r != -ENOMEM && c->argc < 2 && strcmp(dir, "/boot/loader/entries")) {
		bls_entries_free(&list);
		memset(&list, 0, sizeof(list));
		r = bls_entries_load(e->fs, vol, "/boot/loader/entries", BLS_PARSE_BLSCFG, &list, e->d);
	}
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	if (r < 0) {
		bls_entries_free(&list);
		return grub2_cmd_fail(e, c, G2_ERR_FILE_NOT_FOUND, "blscfg: no entries in '%s'", dir);
	}
	bls_sort_blscfg(&list);
	def = grub2_env_get(e, "default");
	for (size_t i = 0; i < list.n && r >= 0 && !grub2_halted(e); i++) {
		char *id = entry_id(&list.v[i]);
		bool isdef;

		if (!id) {
			r = grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
			break;
		}
		isdef = is_default(e, def, &list.v[i], id, i);
		if (done_already(e, id) ||
		    !((show_default && isdef) || (show_non_default && !isdef) || (only && !strcmp(only, id)))) {
			free(id);
			continue;
		}
		r = create_entry(e, c, &list.v[i], id);
		if (r >= 0 && mark_done(e, id) < 0) {
			free(id);
			r = grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
		} else if (r < 0) {
			free(id);
		}
	}
	bls_entries_free(&list);
	return r < 0 ? r : 0;
}
