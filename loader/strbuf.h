/* strbuf.h - a growable NUL-terminated string for building paths and command lines.
 *
 * Rules: buf is always NUL-terminated and never NULL after strbuf_init
 * (it points at a static "" until the first append); len excludes the NUL.
 * Appends return 0 or -ENOMEM and leave the buffer unchanged on failure.
 * A buffer refuses to grow past its limit (default STRBUF_MAX) with -E2BIG,
 * so hostile input cannot make the loader allocate without bound.
 * strbuf_detach hands the string to the caller (free() it) and resets sb. */
#ifndef KL_STRBUF_H
#define KL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#define STRBUF_MAX (16u << 20)

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t limit;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
int strbuf_add(struct strbuf *sb, const char *data, size_t len);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *strbuf_detach(struct strbuf *sb);

#endif
