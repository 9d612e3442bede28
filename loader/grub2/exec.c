/* exec.c - running GRUB 2 syntax trees, following grub-core/script/execute.c.
 *
 * Every command sets $?; "if" and "while" test the status of their
 * condition; break, continue and return unwind as GRUB's active_loops,
 * active_breaks and function_return do. A failed command never stops the
 * script. What does stop it is recorded once as fatal: running out of
 * memory, the step budget, or the nesting limit. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "array.h"

bool grub2_halted(const struct g2_eval *e)
{
	return e->fatal < 0 || e->stop || e->runaway;
}

/* A bound reached. While an entry is being booted only that entry fails, so
 * the configuration's fallback still boots; anywhere else the evaluation
 * stops. */
static void exceeded(struct g2_eval *e, const char *file, unsigned line, const char *msg)
{
	if (!e->booting) {
		grub2_fatal(e, -ELOOP, file, line, "%s", msg);
		return;
	}
	if (e->runaway)
		return;
	e->runaway = malloc(strlen(file) + strlen(msg) + 16);
	if (!e->runaway) {
		grub2_fatal(e, -ENOMEM, file, line, "out of memory");
		return;
	}
	sprintf(e->runaway, "%s:%u: %s", file, line, msg);
}

int grub2_fatal(struct g2_eval *e, int err, const char *file, unsigned line, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	if (e->fatal < 0)
		return e->fatal;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->fatal = err;
	diag_error(e->d, err, file, line, "%s", msg);
	return err;
}

int grub2_keep_name(struct g2_eval *e, const char *name, const char **out)
{
	char **n;

	for (size_t i = 0; i < e->n_names; i++)
		if (!strcmp(e->names[i], name)) {
			*out = e->names[i];
			return 0;
		}
	n = array_grow(e->names, e->n_names, sizeof(*n));
	if (!n)
		return -ENOMEM;
	e->names = n;
	n[e->n_names] = strdup(name);
	if (!n[e->n_names])
		return -ENOMEM;
	*out = n[e->n_names++];
	return 0;
}

const struct g2_func *grub2_func_find(const struct g2_eval *e, const char *name)
{
	for (size_t i = 0; i < e->n_funcs; i++)
		if (!strcmp(e->funcs[i].name, name))
			return &e->funcs[i];
	return NULL;
}

static int define_function(struct g2_eval *e, const struct g2_node *n)
{
	struct g2_func *f;

	for (size_t i = 0; i < e->n_funcs; i++)
		if (!strcmp(e->funcs[i].name, n->name)) {
			e->funcs[i].body = n->body;
			return 0;
		}
	f = array_grow(e->funcs, e->n_funcs, sizeof(*f));
	if (!f)
		return -ENOMEM;
	e->funcs = f;
	f[e->n_funcs].name = strdup(n->name);
	if (!f[e->n_funcs].name)
		return -ENOMEM;
	f[e->n_funcs].body = n->body;
	e->n_funcs++;
	return 0;
}

static bool step(struct g2_eval *e, const struct g2_node *n)
{
	if (grub2_halted(e))
		return false;
	if (++e->steps > G2_STEPS_MAX) {
		char msg[96];

		snprintf(msg, sizeof(msg), "more than %u commands executed, giving up (endless loop?)",
			 G2_STEPS_MAX);
		exceeded(e, n->file, n->line, msg);
		return false;
	}
	return true;
}

static bool enter(struct g2_eval *e, const struct g2_node *n)
{
	if (e->depth >= G2_DEPTH_MAX) {
		exceeded(e, n ? n->file : e->config_path, n ? n->line : 0,
			 "maximum recursion depth exceeded");
		return false;
	}
	e->depth++;
	return true;
}

static void set_status(struct g2_eval *e, int status)
{
	char buf[16];
	int r;

	snprintf(buf, sizeof(buf), "%d", status);
	r = grub2_env_set(e, "?", buf);
	if (r == -ENOMEM)
		grub2_fatal(e, r, NULL, 0, "out of memory");
}

static int exec_list(struct g2_eval *e, const struct g2_node *n)
{
	int status = 0;

	for (size_t i = 0; i < n->n_kids; i++) {
		if (grub2_halted(e) || e->returning || e->breaks)
			break;
		status = grub2_exec(e, n->kids[i]);
	}
	return status;
}

static int exec_cmd(struct g2_eval *e, const struct g2_node *n)
{
	char **argv = NULL;
	size_t argc = 0;
	int r;

	r = grub2_expand(e, n->words, n->n_words, &argv, &argc);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, n->file, n->line, "out of memory");
	if (r < 0) {
		diag_warn(e->d, n->file, n->line, "arguments too long, ignoring the command");
		return G2_ERR_BAD_ARGUMENT;
	}
	if (!argc)
		return 0;
	r = grub2_dispatch(e, n, argv, argc);
	grub2_argv_free(argv, argc);
	return r;
}

static int exec_for(struct g2_eval *e, const struct g2_node *n)
{
	char **argv = NULL;
	size_t argc = 0;
	int status = 0, r;

	r = grub2_expand(e, n->words, n->n_words, &argv, &argc);
	if (r == -ENOMEM)
		return grub2_fatal(e, r, n->file, n->line, "out of memory");
	if (r < 0) {
		diag_warn(e->d, n->file, n->line, "arguments too long, ignoring the loop");
		return G2_ERR_BAD_ARGUMENT;
	}
	e->loops++;
	for (size_t i = 0; i < argc; i++) {
		if (e->is_continue && e->breaks == 1)
			e->breaks = 0;
		if (e->breaks)
			continue;
		if (!step(e, n))
			break;
		r = grub2_env_set(e, n->name, argv[i]);
		if (r == -ENOMEM) {
			grub2_fatal(e, r, n->file, n->line, "out of memory");
			break;
		}
		status = grub2_exec(e, n->body);
		if (e->returning || grub2_halted(e))
			break;
	}
	if (e->breaks)
		e->breaks--;
	e->loops--;
	grub2_argv_free(argv, argc);
	return status;
}

static int exec_while(struct g2_eval *e, const struct g2_node *n)
{
	int status;

	e->loops++;
	for (;;) {
		if (!step(e, n)) {
			status = 0;
			break;
		}
		status = grub2_exec(e, n->cond);
		if (e->returning || grub2_halted(e))
			break;
		if (n->type == G2_NODE_UNTIL ? !status : status)
			break;
		status = grub2_exec(e, n->body);
		if (e->returning || grub2_halted(e))
			break;
		if (e->breaks == 1 && e->is_continue)
			e->breaks = 0;
		if (e->breaks)
			break;
	}
	if (e->breaks)
		e->breaks--;
	e->loops--;
	return status;
}

int grub2_exec(struct g2_eval *e, const struct g2_node *n)
{
	int status = 0;

	if (!n)
		return 0;
	if (n->type == G2_NODE_LIST)
		return exec_list(e, n);
	if (!step(e, n) || !enter(e, n))
		return 0;
	switch (n->type) {
	case G2_NODE_CMD:
		status = exec_cmd(e, n);
		break;
	case G2_NODE_IF:
		status = grub2_exec(e, n->cond);
		if (e->returning || grub2_halted(e))
			break;
		status = status == 0 ? grub2_exec(e, n->body) : grub2_exec(e, n->els);
		break;
	case G2_NODE_FOR:
		status = exec_for(e, n);
		break;
	case G2_NODE_WHILE:
	case G2_NODE_UNTIL:
		status = exec_while(e, n);
		break;
	case G2_NODE_FUNC:
		if (define_function(e, n) < 0)
			grub2_fatal(e, -ENOMEM, n->file, n->line, "out of memory");
		break;
	case G2_NODE_LIST:
		break;
	}
	e->depth--;
	if (status < 0)
		status = 0;
	if (!grub2_halted(e))
		set_status(e, status);
	return status;
}

int grub2_exec_with_args(struct g2_eval *e, const struct g2_node *body, char **args, size_t n)
{
	struct g2_scope scope = { .args = args, .n = n }, *old = e->scope;
	unsigned loops = e->loops;
	int status;

	if (!enter(e, body))
		return 0;
	e->scope = &scope;
	e->loops = 0;
	status = grub2_exec(e, body);
	e->returning = false;
	e->breaks = 0;
	e->loops = loops;
	if (e->scope != &scope && e->scope->owned) {
		/* setparams replaced the parameters */
		grub2_argv_free(e->scope->args, e->scope->n);
		free(e->scope);
	}
	e->scope = old;
	e->depth--;
	return status;
}

int grub2_call_function(struct g2_eval *e, const struct g2_func *f, char **args, size_t n)
{
	return grub2_exec_with_args(e, f->body, args, n);
}
