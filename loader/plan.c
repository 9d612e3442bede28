/* plan.c - ownership of boot plans: the decision every format produces. */
#include "plan.h"

#include "array.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void boot_target_free(struct boot_target *t)
{
	free(t->entry);
	free(t->kernel.path);
	for (size_t i = 0; i < t->n_initrds; i++)
		free(t->initrds[i].path);
	free(t->initrds);
	free(t->cmdline);
	free(t->unbootable);
	memset(t, 0, sizeof(*t));
}

void boot_plan_free(struct boot_plan *p)
{
	free(p->reason);
	free(p->config.path);
	for (size_t i = 0; i < p->n_titles; i++)
		free(p->titles[i]);
	free(p->titles);
	for (size_t i = 0; i < p->n_targets; i++)
		boot_target_free(&p->targets[i]);
	free(p->targets);
	memset(p, 0, sizeof(*p));
}

int boot_plan_add_title(struct boot_plan *p, const char *title)
{
	char **n;
	char *s = strdup(title);

	if (!s)
		return -ENOMEM;
	n = array_grow(p->titles, p->n_titles, sizeof(*n));
	if (!n) {
		free(s);
		return -ENOMEM;
	}
	n[p->n_titles++] = s;
	p->titles = n;
	return 0;
}

int boot_plan_add_target(struct boot_plan *p, struct boot_target *t)
{
	struct boot_target *n = array_grow(p->targets, p->n_targets, sizeof(*n));

	if (!n)
		return -ENOMEM;
	n[p->n_targets++] = *t;
	memset(t, 0, sizeof(*t));
	p->targets = n;
	return 0;
}

int boot_plan_finish(struct boot_plan *p, const char *format, size_t vol, const char *path,
		     struct boot_plan *out)
{
	p->format = format;
	p->config.vol = vol;
	free(p->config.path);
	p->config.path = strdup(path);
	if (!p->config.path) {
		boot_plan_free(p);
		return -ENOMEM;
	}
	*out = *p;
	memset(p, 0, sizeof(*p));
	return 0;
}
