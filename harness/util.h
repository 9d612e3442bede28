/* util.h - small file and time helpers the harness pieces share.
 * All functions return 0 (or a count) or a negative errno and print nothing. */
#ifndef HARNESS_UTIL_H
#define HARNESS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

/* Milliseconds on the monotonic clock. */
int64_t util_now_ms(void);

/* Whole file into a NUL-terminated buffer of at most max bytes (-EFBIG beyond). */
int util_read_file(const char *path, size_t max, char **data, size_t *len);
int util_write_file(const char *path, const char *data, size_t len);
/* Write to path.tmp, then rename: readers never see half a file. */
int util_write_file_atomic(const char *path, const char *data, size_t len);
int util_write_all(int fd, const char *buf, size_t len);

int util_mkdir_p(const char *path, mode_t mode);
/* Remove a tree; a missing path is not an error. Never follows symlinks. */
int util_rm_rf(const char *path);

/* Copy a regular file, keeping holes, so sparse disk images stay small. */
int util_copy_file(const char *src, const char *dst, mode_t mode);
/* Copy len bytes of src (from 0) into dst at offset, keeping holes. */
int util_copy_into(const char *src, const char *dst, uint64_t offset);
/* First offset where two files differ: 0 if equal, 1 and *where if not. */
int util_compare_files(const char *a, const char *b, uint64_t *where);

/* FNV-1a 64 over bytes, chainable: pass the previous value as seed
 * (UTIL_HASH_SEED to start). A cache key, not a security measure. */
#define UTIL_HASH_SEED UINT64_C(0xcbf29ce484222325)
uint64_t util_hash(uint64_t seed, const void *data, size_t len);
int util_hash_file(const char *path, uint64_t *hash);

/* Append argv as one shell-pastable line (single-quoted where needed). */
int util_quote_argv(struct strbuf *sb, char *const argv[]);

/* "1M", "200M", "2G", "4096" -> bytes. */
int util_parse_size(const char *s, uint64_t *bytes);

/* Does name match a shell glob (fnmatch without flags)? */
int util_glob_match(const char *glob, const char *name);

#endif
