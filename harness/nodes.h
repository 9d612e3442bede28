/* nodes.h - special files in a test image: the spec's node= lines.
 *
 * A corpus tree in git cannot hold FIFOs, sockets or device nodes, and
 * mknod(2) of a device needs root. debugfs writes them straight into an
 * ext2/3/4 image file instead (spec.c refuses node= on other filesystems).
 * debugfs exits 0 even when a request fails, so every node is looked up
 * again afterwards and must have the kind and numbers the spec asked for. */
#ifndef HARNESS_NODES_H
#define HARNESS_NODES_H

#include <stddef.h>

#include "spec.h"

/* Create, inside the ext2/3/4 image at img holding partition part of s,
 * every node= of s that falls in that partition. A path the corpus tree
 * already fills is refused (-EEXIST), as is a node debugfs did not make
 * as asked (-EIO); the reason goes to log_fd with debugfs' own output. */
int nodes_make(const struct spec *s, size_t part, const char *img, int log_fd);

#endif
