/* cache.c - hash a directory tree for image cache keys (see cache.h). */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"
#include "util.h"

int cache_hash_tree(const char *dir, uint64_t *h)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort), r = 0;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		struct strbuf path;
		struct stat st;

		if (r < 0 || !strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		strbuf_init(&path);
		r = strbuf_addf(&path, "%s/%s", dir, name);
		if (r == 0 && lstat(path.buf, &st) < 0)
			r = -errno;
		if (r == 0) {
			unsigned mode = (unsigned)st.st_mode;

			*h = util_hash(*h, name, strlen(name) + 1);
			*h = util_hash(*h, &mode, sizeof(mode));
			if (S_ISDIR(st.st_mode))
				r = cache_hash_tree(path.buf, h);
			else if (S_ISREG(st.st_mode))
				r = util_hash_file(path.buf, h);
			else if (S_ISLNK(st.st_mode)) {
				char target[PATH_MAX];
				ssize_t len = readlink(path.buf, target, sizeof(target));

				if (len < 0)
					r = -errno;
				else
					*h = util_hash(*h, target, (size_t)len);
			}
		}
		strbuf_release(&path);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}
