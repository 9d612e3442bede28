/* commands.c - the table of GRUB commands the evaluator knows, and the small ones.
 *
 * A command not in the table, not a function and not NAME=VALUE is reported
 * and skipped with status 0, as execute.c does. Display, terminal and
 * module commands are accepted and do nothing: they cannot change which
 * kernel boots. The loader never writes to the image, so save_env is a
 * no-op too. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

int grub2_cmd_fail(struct g2_eval *e, const struct g2_call *c, int code, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_warn(e->d, c->node->file, c->node->line, "%s", msg);
	if (e->booting && !e->load.error) {
		e->load.error = strdup(msg);
		if (!e->load.error)
			return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	}
	return code;
}

static int env_error(struct g2_eval *e, const struct g2_call *c, int r)
{
	if (r == -ENOMEM)
		return grub2_fatal(e, r, c->node->file, c->node->line, "out of memory");
	return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "value of a variable too long");
}

static int cmd_set(struct g2_eval *e, const struct g2_call *c)
{
	char *eq, *name;
	int r;

	if (c->argc < 2)
		return 0;
	eq = strchr(c->argv[1], '=');
	if (!eq)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "set: not an assignment: '%s'",
				      c->argv[1]);
	name = strndup(c->argv[1], (size_t)(eq - c->argv[1]));
	if (!name)
		return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	r = grub2_env_set(e, name, eq + 1);
	free(name);
	return r < 0 ? env_error(e, c, r) : 0;
}

static int cmd_unset(struct g2_eval *e, const struct g2_call *c)
{
	for (size_t i = 1; i < c->argc; i++)
		grub2_env_unset(e, c->argv[i]);
	return 0;
}

/* Contexts copy every variable, exported or not, so export only has to
 * make sure the variable exists. */
static int cmd_export(struct g2_eval *e, const struct g2_call *c)
{
	for (size_t i = 1; i < c->argc; i++)
		if (!grub2_env_get(e, c->argv[i])) {
			int r = grub2_env_set(e, c->argv[i], "");

			if (r < 0)
				return env_error(e, c, r);
		}
	return 0;
}

static int cmd_true(struct g2_eval *e, const struct g2_call *c)
{
	(void)e;
	(void)c;
	return 0;
}

static int cmd_false(struct g2_eval *e, const struct g2_call *c)
{
	(void)e;
	(void)c;
	return G2_ERR_TEST_FAILURE;
}

static int parse_count(const char *s, unsigned long *n)
{
	bool bad, overflow;
	const char *end;

	*n = grub2_strtoul(s, &end, &bad, &overflow);
	return bad || overflow || *end ? -EINVAL : 0;
}

static int cmd_return(struct g2_eval *e, const struct g2_call *c)
{
	unsigned long n = 0;

	if (!e->scope || c->argc > 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "return: not in function body");
	if (c->argc == 1) {
		const char *q = grub2_env_get(e, "?");
		bool bad, overflow;

		e->returning = true;
		return q ? (int)grub2_strtoul(q, NULL, &bad, &overflow) : 0;
	}
	if (parse_count(c->argv[1], &n) < 0)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "return: unrecognized number");
	e->returning = true;
	return n ? (int)(n & 0x7fffffff) : 0;
}

static int cmd_break(struct g2_eval *e, const struct g2_call *c)
{
	unsigned long n = 1;

	if (c->argc > 2)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: one argument expected", c->argv[0]);
	if (c->argc == 2 && (parse_count(c->argv[1], &n) < 0 || n == 0))
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "%s: bad loop count", c->argv[0]);
	e->is_continue = !strcmp(c->argv[0], "continue");
	e->breaks = n > e->loops ? e->loops : (unsigned)n;
	return 0;
}

static int cmd_shift(struct g2_eval *e, const struct g2_call *c)
{
	unsigned long n = 1;

	if (!e->scope)
		return 0;
	if (c->argc > 2 || (c->argc == 2 && parse_count(c->argv[1], &n) < 0) || n > e->scope->n)
		return G2_ERR_BAD_ARGUMENT;
	/* Keep the shifted-out strings owned by the array: rotate them to the end. */
	for (unsigned long k = 0; k < n; k++) {
		char *first = e->scope->args[0];

		memmove(e->scope->args, e->scope->args + 1, (e->scope->n - 1) * sizeof(char *));
		e->scope->args[e->scope->n - 1] = first;
		e->scope->n--;
		if (e->scope->owned)
			free(first);
	}
	return 0;
}

static int cmd_setparams(struct g2_eval *e, const struct g2_call *c)
{
	struct g2_scope *s;
	size_t n = c->argc - 1;

	if (!e->scope)
		return grub2_cmd_fail(e, c, G2_ERR_BAD_ARGUMENT, "setparams: not in function body");
	s = calloc(1, sizeof(*s));
	if (!s)
		return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	s->owned = true;
	s->args = calloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; s->args && i < n; i++) {
		s->args[i] = strdup(c->argv[i + 1]);
		if (!s->args[i]) {
			grub2_argv_free(s->args, i);
			s->args = NULL;
		}
	}
	if (!s->args) {
		free(s);
		return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	}
	s->n = n;
	if (e->scope->owned) {
		grub2_argv_free(e->scope->args, e->scope->n);
		free(e->scope);
		/* the caller's frame still points at its own scope; it frees ours */
	}
	e->scope = s;
	return 0;
}

/* "boot" inside an entry boots what is loaded: nothing after it runs. */
static int cmd_boot(struct g2_eval *e, const struct g2_call *c)
{
	if (!e->booting)
		return grub2_cmd_fail(e, c, G2_ERR_NO_KERNEL, "boot outside a menu entry, ignoring");
	if (!e->load.kernel && !e->load.other)
		return grub2_cmd_fail(e, c, G2_ERR_NO_KERNEL, "you need to load the kernel first");
	e->returning = true;
	return 0;
}

/* Loaders whose targets kexec cannot start. */
static int cmd_other_loader(struct g2_eval *e, const struct g2_call *c)
{
	if (e->booting && !e->load.other) {
		e->load.other = strdup(c->argv[0]);
		if (!e->load.other)
			return grub2_fatal(e, -ENOMEM, c->node->file, c->node->line, "out of memory");
	}
	return 0;
}

static int cmd_ignore(struct g2_eval *e, const struct g2_call *c)
{
	(void)e;
	(void)c;
	return 0;
}

/* No key is ever held down while the loader runs. */
static int cmd_keystatus(struct g2_eval *e, const struct g2_call *c)
{
	(void)e;
	(void)c;
	return G2_ERR_TEST_FAILURE;
}

struct g2_command {
	const char *name;
	int (*fn)(struct g2_eval *e, const struct g2_call *c);
};

static const struct g2_command commands[] = {
	{ "[", grub2_cmd_test },
	{ "test", grub2_cmd_test },
	{ "set", cmd_set },
	{ "unset", cmd_unset },
	{ "export", cmd_export },
	{ "true", cmd_true },
	{ "false", cmd_false },
	{ "return", cmd_return },
	{ "break", cmd_break },
	{ "continue", cmd_break },
	{ "shift", cmd_shift },
	{ "setparams", cmd_setparams },
	{ "menuentry", grub2_cmd_menuentry },
	{ "submenu", grub2_cmd_menuentry },
	{ "search", grub2_cmd_search },
	{ "search.fs_uuid", grub2_cmd_search_alias },
	{ "search.fs_label", grub2_cmd_search_alias },
	{ "search.file", grub2_cmd_search_alias },
	{ "linux", grub2_cmd_linux },
	{ "linux16", grub2_cmd_linux },
	{ "linuxefi", grub2_cmd_linux },
	{ "initrd", grub2_cmd_initrd },
	{ "initrd16", grub2_cmd_initrd },
	{ "initrdefi", grub2_cmd_initrd },
	{ "boot", cmd_boot },
	{ "source", grub2_cmd_source },
	{ ".", grub2_cmd_source },
	{ "configfile", grub2_cmd_configfile },
	{ "load_env", grub2_cmd_load_env },
	{ "blscfg", grub2_cmd_blscfg },
	{ "bls_import", grub2_cmd_blscfg },
	{ "keystatus", cmd_keystatus },
	/* loaders kexec cannot follow */
	{ "chainloader", cmd_other_loader },
	{ "multiboot", cmd_other_loader },
	{ "multiboot2", cmd_other_loader },
	{ "kfreebsd", cmd_other_loader },
	{ "knetbsd", cmd_other_loader },
	{ "kopenbsd", cmd_other_loader },
	{ "appleloader", cmd_other_loader },
	{ "ntldr", cmd_other_loader },
	{ "freedos", cmd_other_loader },
	{ "xnu_kernel", cmd_other_loader },
	{ "xnu_kernel64", cmd_other_loader },
	{ "fwsetup", cmd_other_loader },
	{ "reboot", cmd_other_loader },
	{ "halt", cmd_other_loader },
	{ "legacy_configfile", cmd_other_loader },
	/* no effect on which kernel boots */
	{ "echo", cmd_ignore },
	{ "save_env", cmd_ignore },
	{ "list_env", cmd_ignore },
	{ "insmod", cmd_ignore },
	{ "rmmod", cmd_ignore },
	{ "lsmod", cmd_ignore },
	{ "terminal_output", cmd_ignore },
	{ "terminal_input", cmd_ignore },
	{ "terminal", cmd_ignore },
	{ "terminfo", cmd_ignore },
	{ "serial", cmd_ignore },
	{ "loadfont", cmd_ignore },
	{ "background_image", cmd_ignore },
	{ "background_color", cmd_ignore },
	{ "videoinfo", cmd_ignore },
	{ "videotest", cmd_ignore },
	{ "clear", cmd_ignore },
	{ "sleep", cmd_ignore },
	{ "play", cmd_ignore },
	{ "gettext", cmd_ignore },
	{ "nativedisk", cmd_ignore },
	{ "cryptomount", cmd_ignore },
	{ "password", cmd_ignore },
	{ "password_pbkdf2", cmd_ignore },
	{ "cpuid", cmd_ignore },
	{ "ls", cmd_ignore },
	{ "devicetree", cmd_ignore },
	{ "module", cmd_ignore },
	{ "module2", cmd_ignore },
	{ "set_gfxpayload", cmd_ignore },
	{ "tpm", cmd_ignore },
	{ "verify_detached", cmd_ignore },
	{ "trust", cmd_ignore },
	{ "smbios", cmd_ignore },
	{ "hwmatch", cmd_false },
	{ "regexp", cmd_false },
};

int grub2_opts_parse(const struct g2_opt *opts, size_t n_opts, bool accept_dash,
		     char **argv, size_t argc, struct g2_optval *vals,
		     const char ***pos, size_t *n_pos, const char **bad)
{
	const char **out = calloc(argc + 1, sizeof(*out));
	size_t n = 0;

	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct g2_opt *o = NULL;
		const char *value = NULL;
		size_t k;

		if (a[0] != '-' || !a[1]) {
			out[n++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq;
			size_t len;

			if (!a[2]) {
				while (++i < argc)
					out[n++] = argv[i];
				break;
			}
			eq = strchr(a, '=');
			len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			for (k = 0; k < n_opts; k++)
				if (strlen(opts[k].name) == len && !strncmp(opts[k].name, a + 2, len))
					o = &opts[k];
			if (!o) {
				if (accept_dash) {
					out[n++] = a;
					continue;
				}
				*bad = a;
				free(out);
				return -EINVAL;
			}
			if (eq)
				value = eq + 1;
			else if (o->arg != G2_OPT_FLAG && i + 1 < argc && argv[i + 1][0] != '-')
				value = argv[++i];
		} else {
			/* a cluster of short options; unknown letters make it an argument */
			for (k = 1; a[k]; k++) {
				size_t m;

				for (m = 0; m < n_opts; m++)
					if (opts[m].short_name == a[k])
						break;
				if (m == n_opts)
					break;
			}
			if (a[k]) {
				if (accept_dash) {
					out[n++] = a;
					continue;
				}
				*bad = a;
				free(out);
				return -EINVAL;
			}
			for (k = 1; a[k]; k++) {
				for (size_t m = 0; m < n_opts; m++)
					if (opts[m].short_name == a[k])
						o = &opts[m];
				if (a[k + 1]) {
					/* GRUB 2.06: only the last of a cluster may take a value */
					if (o->arg == G2_OPT_ARG) {
						*bad = a;
						free(out);
						return -EINVAL;
					}
					vals[o - opts].set = true;
					continue;
				}
				if (o->arg != G2_OPT_FLAG && i + 1 < argc &&
				    (o->arg == G2_OPT_ARG || strlen(argv[i + 1]) < 2 || argv[i + 1][0] != '-'))
					value = argv[++i];
			}
		}
		/* a missing value, or one given to a flag (--flag=x), fails the command */
		if ((o->arg == G2_OPT_ARG && !value) || (o->arg == G2_OPT_FLAG && value)) {
			*bad = a;
			free(out);
			return -EINVAL;
		}
		vals[o - opts].set = true;
		if (o->arg != G2_OPT_FLAG)
			vals[o - opts].arg = value;
	}
	*pos = out;
	*n_pos = n;
	return 0;
}

int grub2_dispatch(struct g2_eval *e, const struct g2_node *node, char **argv, size_t argc)
{
	struct g2_call c = { .node = node, .argc = argc, .argv = argv };
	const struct g2_func *f;
	bool invert = false;
	int r;

	if (!strcmp(argv[0], "!")) {
		if (argc < 2)
			return grub2_cmd_fail(e, &c, G2_ERR_BAD_ARGUMENT, "no command is specified");
		invert = true;
		c.argv++;
		c.argc--;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].name[0] == c.argv[0][0] && !strcmp(commands[i].name, c.argv[0])) {
			r = commands[i].fn(e, &c);
			goto done;
		}
	f = grub2_func_find(e, c.argv[0]);
	if (f) {
		r = grub2_call_function(e, f, c.argv + 1, c.argc - 1);
		goto done;
	}
	{
		char *eq = strchr(c.argv[0], '=');

		if (eq) {
			char *name = strndup(c.argv[0], (size_t)(eq - c.argv[0]));

			if (!name)
				return grub2_fatal(e, -ENOMEM, node->file, node->line, "out of memory");
			if (grub2_env_special(name))
				grub2_cmd_fail(e, &c, G2_ERR_BAD_ARGUMENT, "invalid variable name '%s'", name);
			else if ((r = grub2_env_set(e, name, eq + 1)) < 0)
				env_error(e, &c, r);
			free(name);
			return 0;
		}
	}
	diag_warn(e->d, node->file, node->line, "can't find command '%s', ignoring", c.argv[0]);
	return 0;
done:
	if (r < 0)
		return r;
	if (invert) {
		/* Success fails; any failure, of the test or otherwise, succeeds. */
		r = r == 0 ? G2_ERR_TEST_FAILURE : 0;
	}
	return r;
}
