/* nodes.c - special files made with debugfs (see nodes.h). */
#include "nodes.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "spawn.h"
#include "util.h"

#define NODES_TOOL_TIMEOUT 60
/* The scratch name a node is made under before it is linked in place. */
#define NODES_TMP_NAME ".kexec-loader-node"

static const struct {
	const char *kind;
	char mknod;            /* debugfs mknod's type letter */
	unsigned mode;         /* the inode's final mode, type and permissions */
	const char *stat_type; /* what debugfs stat prints after "Type: " */
} nodes_kinds[] = {
	{ "fifo", 'p', 010644, "FIFO" },
	{ "char", 'c', 020644, "character special" },
	{ "block", 'b', 060644, "block special" },
	/* debugfs' mknod makes no sockets: a FIFO's inode gets the socket mode. */
	{ "socket", 'p', 0140755, "socket" },
	/* An empty file written from /dev/null, then given its size: all hole. */
	{ "sparse", 0, 0100644, "regular" },
};

static int nodes_kind(const char *kind)
{
	for (size_t i = 0; i < sizeof(nodes_kinds) / sizeof(*nodes_kinds); i++)
		if (!strcmp(nodes_kinds[i].kind, kind))
			return (int)i;
	return -EINVAL;
}

/* debugfs -R "stat path" img, its output in *out (and in the build log). */
static int nodes_stat(const char *img, const char *path, int log_fd, char **out)
{
	_cleanup_free_ char *tmp = NULL, *req = NULL;
	_cleanup_close_ int fd = -1;
	size_t len;
	int r;

	if (asprintf(&tmp, "%s.stat", img) < 0 || asprintf(&req, "stat \"%s\"", path) < 0) {
		tmp = req = NULL;
		return -ENOMEM;
	}
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	{
		char *argv[] = { "debugfs", "-R", req, (char *)img, NULL };

		r = spawn_run(argv, fd, NODES_TOOL_TIMEOUT);
	}
	if (r == 0)
		r = util_read_file(tmp, 1 << 20, out, &len);
	else if (r > 0)
		r = -EIO;
	(void)unlink(tmp);
	if (r == 0 && log_fd >= 0)
		(void)util_write_all(log_fd, *out, len);
	return r;
}

/* The node is made under a scratch name, given its mode, then linked
 * under its own name: ln takes the directory entry's type from the inode,
 * so a socket is a socket in the directory too, and e2fsck finds nothing. */
static int nodes_script(const struct spec_node *n, int k, const char *rel, char *buf, size_t size)
{
	const char *slash = strrchr(rel, '/');
	int dirlen = slash ? (int)(slash - rel) : 0, len;
	char nums[32] = "";

	if (!slash || !slash[1])
		return -EINVAL;
	if (!nodes_kinds[k].mknod) {
		len = snprintf(buf, size,
			       "cd \"%.*s\"\n"
			       "write /dev/null \"%s\"\n"
			       "sif \"%s\" mode 0%o\n"
			       "sif \"%s\" size %llu\n",
			       dirlen ? dirlen : 1, dirlen ? rel : "/", slash + 1, slash + 1,
			       nodes_kinds[k].mode, slash + 1, (unsigned long long)n->size);
		return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
	}
	if (nodes_kinds[k].mknod != 'p')
		snprintf(nums, sizeof(nums), " %u %u", n->major, n->minor);
	len = snprintf(buf, size,
		       "cd \"%.*s\"\n"
		       "mknod %s %c%s\n"
		       "sif %s mode 0%o\n"
		       "ln %s \"%s\"\n"
		       "unlink %s\n",
		       dirlen ? dirlen : 1, dirlen ? rel : "/", NODES_TMP_NAME, nodes_kinds[k].mknod, nums,
		       NODES_TMP_NAME, nodes_kinds[k].mode, NODES_TMP_NAME, slash + 1, NODES_TMP_NAME);
	return len < 0 || (size_t)len >= size ? -ENAMETOOLONG : 0;
}

/* What the spec asked for, as debugfs stat shows it. */
static int nodes_check(const struct spec_node *n, int k, const char *stat)
{
	char want[64];

	snprintf(want, sizeof(want), "Type: %s ", nodes_kinds[k].stat_type);
	if (!strstr(stat, want))
		return -EIO;
	if (!nodes_kinds[k].mknod) {
		snprintf(want, sizeof(want), "Size: %llu\n", (unsigned long long)n->size);
		return strstr(stat, want) ? 0 : -EIO;
	}
	if (nodes_kinds[k].mknod == 'p')
		return 0;
	snprintf(want, sizeof(want), "number: %02u:%02u (", n->major, n->minor);
	return strstr(stat, want) ? 0 : -EIO;
}

/* Why a node failed, for the build log (none in unit tests). */
static void nodes_note(int log_fd, const struct spec_node *n, const char *why)
{
	if (log_fd >= 0)
		dprintf(log_fd, "node=%s %s: %s\n", n->path, n->kind, why);
}

static int nodes_make_one(const struct spec_node *n, const char *rel, const char *img, int log_fd)
{
	_cleanup_free_ char *script = NULL, *before = NULL, *after = NULL;
	char req[1024];
	int k = nodes_kind(n->kind), r;

	if (k < 0)
		return k;
	r = nodes_script(n, k, rel, req, sizeof(req));
	if (r < 0)
		return r;
	/* debugfs' mknod would add a second entry of the same name beside a file. */
	r = nodes_stat(img, rel, log_fd, &before);
	if (r < 0 || !before)
		return r < 0 ? r : -EIO;
	if (!strstr(before, "File not found by ext2_lookup")) {
		nodes_note(log_fd, n, "the corpus tree already has a file there");
		return -EEXIST;
	}
	if (asprintf(&script, "%s.debugfs", img) < 0) {
		script = NULL;
		return -ENOMEM;
	}
	r = util_write_file(script, req, strlen(req));
	if (r == 0) {
		char *argv[] = { "debugfs", "-w", "-f", script, (char *)img, NULL };

		r = spawn_run(argv, log_fd, NODES_TOOL_TIMEOUT);
		r = r > 0 ? -EIO : r;
	}
	(void)unlink(script);
	if (r == 0)
		r = nodes_stat(img, rel, log_fd, &after);
	if (r == 0 && (!after || nodes_check(n, k, after) < 0)) {
		nodes_note(log_fd, n, "debugfs did not make it (see its output above)");
		r = -EIO;
	}
	return r;
}

int nodes_make(const struct spec *s, size_t part, const char *img, int log_fd)
{
	for (size_t i = 0; i < s->n_nodes; i++) {
		const char *rel = NULL;
		int p = spec_part_for_path(s, s->nodes[i].path, &rel), r;

		if (p < 0 || (size_t)p != part)
			continue;
		/* spec.c lets node= through on ext2/3/4 only; this guards other callers. */
		if (strncmp(s->parts[part].fs, "ext", 3))
			return -EINVAL;
		r = nodes_make_one(&s->nodes[i], rel, img, log_fd);
		if (r < 0)
			return r;
	}
	return 0;
}
