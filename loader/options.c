/* options.c - parse kexec_loader.* options the way the kernel splits its command line. */
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* Next word; double quotes group and are removed, as in the kernel's next_arg(). */
static const char *next_word(const char *p, struct strbuf *w, int *r)
{
	int quoted = 0;

	strbuf_reset(w);
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		*r = strbuf_addch(w, *p);
		if (*r < 0)
			return NULL;
	}
	return p;
}

static int set_str(char **dst, const char *v)
{
	char *s = strdup(v);

	if (!s)
		return -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static int add_console(struct loader_options *o, const char *word)
{
	struct strbuf sb;
	int r;

	strbuf_init(&sb);
	if (o->console)
		r = strbuf_addf(&sb, "%s %s", o->console, word);
	else
		r = strbuf_adds(&sb, word);
	if (r < 0) {
		strbuf_release(&sb);
		return r;
	}
	free(o->console);
	o->console = strbuf_detach(&sb);
	return 0;
}

static int parse_word(struct loader_options *o, const char *w)
{
	const char *v = strchr(w, '=');
	size_t klen = v ? (size_t)(v - w) : strlen(w);

	if (!strncmp(w, "console=", 8))
		return add_console(o, w);
	if (strncmp(w, "kexec_loader.", 13))
		return 0;
	v = v ? v + 1 : NULL;
#define KEY(k) (klen == strlen("kexec_loader." k) && !strncmp(w, "kexec_loader." k, klen))
	if (KEY("disk") && v)
		return set_str(&o->disk, v);
	if (KEY("entry") && v)
		return set_str(&o->entry, v);
	if (KEY("append") && v)
		return set_str(&o->append, v);
	if (KEY("console") && v && !strcmp(v, "inherit")) {
		o->console_inherit = true;
		return 0;
	}
	if (KEY("rootdelay") && v) {
		char *end;
		unsigned long n = strtoul(v, &end, 10);

		if (!*v || *end || n > 3600)
			return -EINVAL;
		o->rootdelay = (unsigned)n;
		return 0;
	}
	if (KEY("debug") && !v) {
		o->debug = true;
		return 0;
	}
	if (KEY("dryrun") && !v) {
		o->dryrun = true;
		return 0;
	}
	if (KEY("kexec") && v) {
		/* in enum kexec_method's order */
		static const char *const methods[] = { "syscall-nocheck", "file", "syscall" };

		for (int i = 0; i < 3; i++)
			if (!strcmp(v, methods[i])) {
				o->kexec_method = i;
				return 0;
			}
		return -EINVAL;
	}
	if (KEY("format") && v)
		return set_str(&o->format, v);
	if (KEY("kexeced")) {
		o->kexeced = true;
		return 0;
	}
#undef KEY
	if (o->n_unknown < OPTIONS_MAX_UNKNOWN) {
		o->unknown[o->n_unknown] = strdup(w);
		if (!o->unknown[o->n_unknown])
			return -ENOMEM;
		o->n_unknown++;
	}
	return 0;
}

int options_parse(const char *cmdline, struct loader_options *o)
{
	struct strbuf w;
	const char *p = cmdline;
	int r = 0;

	memset(o, 0, sizeof(*o));
	o->rootdelay = 30;
	strbuf_init(&w);
	while (p && *p) {
		p = next_word(p, &w, &r);
		if (!p)
			break;
		if (w.len && (r = parse_word(o, w.buf)) < 0)
			break;
	}
	strbuf_release(&w);
	if (r < 0)
		options_free(o);
	return r;
}

void options_free(struct loader_options *o)
{
	free(o->disk);
	free(o->entry);
	free(o->append);
	free(o->console);
	free(o->format);
	for (unsigned i = 0; i < o->n_unknown; i++)
		free(o->unknown[i]);
	memset(o, 0, sizeof(*o));
}
