/* cmdline.c - the kernel command line as GRUB 2 builds it (grub-core/lib/cmdline.c).
 *
 * "BOOT_IMAGE=" and then every argument of the linux command, the kernel
 * path as written first, separated by one blank. Inside an argument GRUB
 * puts a backslash before '\\', '\'' and '"', and wraps an argument that
 * contains a blank in double quotes. This is upstream GRUB's rule; the
 * Fedora build additionally passes "\xNN" through unchanged, which no
 * generated config relies on. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "../strbuf.h"
#include "eval.h"

int grub2_cmdline_build(char *const *argv, size_t argc, char **out)
{
	struct strbuf sb;
	int r;

	strbuf_init(&sb);
	r = strbuf_adds(&sb, "BOOT_IMAGE=");
	for (size_t i = 0; i < argc && r == 0; i++) {
		bool space = strchr(argv[i], ' ') != NULL;

		if (i)
			r = strbuf_addch(&sb, ' ');
		if (space && r == 0)
			r = strbuf_addch(&sb, '"');
		for (const char *p = argv[i]; *p && r == 0; p++) {
			if (*p == '\\' || *p == '\'' || *p == '"')
				r = strbuf_addch(&sb, '\\');
			if (r == 0)
				r = strbuf_addch(&sb, *p);
		}
		if (space && r == 0)
			r = strbuf_addch(&sb, '"');
	}
	if (r < 0) {
		strbuf_release(&sb);
		return r;
	}
	*out = strbuf_detach(&sb);
	return *out ? 0 : -ENOMEM;
}
