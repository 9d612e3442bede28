/* grubenv.c - the GRUB environment block format (grub-core/lib/envblk.c).
 *
 * "# GRUB Environment Block\n", then NAME=VALUE lines in which a backslash
 * takes the next character literally; lines starting with '#' are padding.
 * Like GRUB, reading stops at the first broken line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

#define ENVBLK_SIGNATURE "# GRUB Environment Block\n"

int grub2_grubenv_parse(const char *buf, size_t len, g2_envblk_fn fn, void *userdata)
{
	size_t siglen = sizeof(ENVBLK_SIGNATURE) - 1, p;

	if (len < siglen || memcmp(buf, ENVBLK_SIGNATURE, siglen))
		return -EINVAL;
	p = siglen;
	while (p < len) {
		if (buf[p] != '#') {
			size_t name_start = p, name_end, value_start;
			char *name, *value, *q;
			int r;

			while (p < len && buf[p] != '=')
				p++;
			if (p == len)
				return 0;
			name_end = p++;
			value_start = p;
			while (p < len && buf[p] != '\n')
				p += buf[p] == '\\' ? 2 : 1;
			if (p >= len)
				return 0;
			name = strndup(buf + name_start, name_end - name_start);
			value = malloc(p - value_start + 1);
			if (!name || !value) {
				free(name);
				free(value);
				return -ENOMEM;
			}
			q = value;
			for (size_t k = value_start; k < p; k++) {
				if (buf[k] == '\\')
					k++;
				*q++ = buf[k];
			}
			*q = '\0';
			r = fn(userdata, name, value);
			free(name);
			free(value);
			if (r < 0)
				return r;
		}
		while (p < len && buf[p] != '\n')
			p++;
		p++;
	}
	return 0;
}
