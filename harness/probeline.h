/* probeline.h - find and decode the probe init's report in a serial log.
 *
 * The probe prints "KLPROBE v=1 release=<r> [initrds=<list>] cmdline_len=<n>
 * cmdline=<escaped>" (see probe/probe_init.c). Serial lines end in "\r\n", sometimes "\r\r\n",
 * and may carry terminal escapes before the marker, so the marker is searched
 * anywhere in the line and trailing '\r's are dropped. */
#ifndef HARNESS_PROBELINE_H
#define HARNESS_PROBELINE_H

#include <stddef.h>

#define PROBELINE_MARKER "KLPROBE "

struct probeline {
	char *release;
	char *cmdline; /* unescaped */
	char *initrds; /* the tagged initrds' guest paths, sorted, separated by blanks;
			  "" when untagged, NULL from a probe without the field */
};

/* Decode one line (without its '\n'). Returns 0, -ENOENT if the line holds
 * no marker, -EBADMSG if it holds a mangled report (bad escape, length
 * mismatch, missing field). */
int probeline_parse(const char *line, size_t len, struct probeline *out);
/* The last report in a whole log: 0, -ENOENT, or -EBADMSG when the only
 * reports found were mangled. */
int probeline_find(const char *log, size_t len, struct probeline *out);
void probeline_free(struct probeline *p);

#endif
