/* cache.h - keys for built disk images: a hash of everything an image is made from.
 *
 * An image is rebuilt when its spec, its corpus tree, the files put into it
 * (target kernel, probe initramfs) or the way it is built (CACHE_FORMAT)
 * change; otherwise the cached image is copied, which is much faster than
 * running the mkfs tools again. */
#ifndef HARNESS_CACHE_H
#define HARNESS_CACHE_H

#include <stdint.h>

/* Bump when disk.c/stage.c change what they produce from the same inputs. */
#define CACHE_FORMAT "kl-image-v3"

/* Fold a directory tree into *h: sorted names, types, modes, contents and
 * symlink targets, so a renamed or edited corpus file changes the key. */
int cache_hash_tree(const char *dir, uint64_t *h);

#endif
