/* env.c - GRUB variables: a stack of contexts, each with its own menu. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "array.h"

static struct g2_frame *top(const struct g2_eval *e)
{
	return &e->frames[e->n_frames - 1];
}

static struct g2_var *find(const struct g2_eval *e, const char *name)
{
	struct g2_frame *f = top(e);

	for (size_t i = 0; i < f->n_vars; i++)
		if (f->vars[i].name[0] == name[0] && !strcmp(f->vars[i].name, name))
			return &f->vars[i];
	return NULL;
}

bool grub2_env_special(const char *name)
{
	return (name[0] >= '0' && name[0] <= '9') || !strcmp(name, "#") || !strcmp(name, "*") ||
	       !strcmp(name, "@");
}

const char *grub2_env_get(const struct g2_eval *e, const char *name)
{
	const struct g2_var *v = find(e, name);

	return v ? v->value : NULL;
}

int grub2_env_set(struct g2_eval *e, const char *name, const char *value)
{
	struct g2_frame *f = top(e);
	struct g2_var *v = find(e, name);
	size_t vlen = strlen(value), nlen = strlen(name);
	char *copy;

	/* GRUB's write hook on root strips the parentheses of "(hd0,1)". */
	if (!strcmp(name, "root") && vlen >= 2 && value[0] == '(' && value[vlen - 1] == ')') {
		value++;
		vlen -= 2;
	}
	if (vlen > G2_VALUE_MAX)
		return -E2BIG;
	if (e->env_bytes + vlen + nlen > G2_ENV_BYTES_MAX)
		return -E2BIG;
	copy = strndup(value, vlen);
	if (!copy)
		return -ENOMEM;
	if (v) {
		e->env_bytes -= strlen(v->value);
		free(v->value);
		v->value = copy;
		e->env_bytes += vlen;
		return 0;
	}
	v = array_grow(f->vars, f->n_vars, sizeof(*v));
	if (!v) {
		free(copy);
		return -ENOMEM;
	}
	f->vars = v;
	v[f->n_vars].name = strdup(name);
	if (!v[f->n_vars].name) {
		free(copy);
		return -ENOMEM;
	}
	v[f->n_vars].value = copy;
	f->n_vars++;
	e->env_bytes += vlen + nlen;
	return 0;
}

void grub2_env_unset(struct g2_eval *e, const char *name)
{
	struct g2_frame *f = top(e);
	struct g2_var *v = find(e, name);

	if (!v)
		return;
	e->env_bytes -= strlen(v->name) + strlen(v->value);
	free(v->name);
	free(v->value);
	*v = f->vars[--f->n_vars];
}

void grub2_menu_clear(struct g2_menu *m)
{
	for (size_t i = 0; i < m->n; i++) {
		struct g2_entry *en = &m->v[i];

		free(en->title);
		free(en->id);
		for (size_t k = 0; k < en->n_args; k++)
			free(en->args[k]);
		free(en->args);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

static void frame_free(struct g2_eval *e, struct g2_frame *f)
{
	for (size_t i = 0; i < f->n_vars; i++) {
		e->env_bytes -= strlen(f->vars[i].name) + strlen(f->vars[i].value);
		free(f->vars[i].name);
		free(f->vars[i].value);
	}
	free(f->vars);
	grub2_menu_clear(&f->menu);
	memset(f, 0, sizeof(*f));
}

/* A new context holding a copy of every variable and an empty menu. */
int grub2_env_push(struct g2_eval *e)
{
	struct g2_frame *n = realloc(e->frames, (e->n_frames + 1) * sizeof(*n));
	struct g2_frame *prev;

	if (!n)
		return -ENOMEM;
	e->frames = n;
	memset(&n[e->n_frames], 0, sizeof(n[0]));
	e->n_frames++;
	if (e->n_frames == 1)
		return 0;
	prev = &e->frames[e->n_frames - 2];
	for (size_t i = 0; i < prev->n_vars; i++) {
		int r = grub2_env_set(e, prev->vars[i].name, prev->vars[i].value);

		if (r < 0) {
			grub2_env_pop(e);
			return r;
		}
	}
	return 0;
}

void grub2_env_pop(struct g2_eval *e)
{
	frame_free(e, top(e));
	e->n_frames--;
}

struct g2_menu *grub2_env_menu(struct g2_eval *e)
{
	return &top(e)->menu;
}

void grub2_env_free(struct g2_eval *e)
{
	while (e->n_frames)
		grub2_env_pop(e);
	free(e->frames);
	e->frames = NULL;
}
