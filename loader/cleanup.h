/* cleanup.h - scope-bound ownership: free, close and fclose on leaving a block. */
#ifndef KL_CLEANUP_H
#define KL_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline void kl_freep(void *p) { free(*(void **)p); }
static inline void kl_closep(int *fd) { if (*fd >= 0) close(*fd); }
static inline void kl_fclosep(FILE **f) { if (*f) fclose(*f); }

#define _cleanup_free_ __attribute__((cleanup(kl_freep)))
#define _cleanup_close_ __attribute__((cleanup(kl_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(kl_fclosep)))

/* Hand a pointer out of a cleanup scope: returns it and nulls the variable. */
#define TAKE_PTR(p) ({ __typeof__(p) _tp = (p); (p) = NULL; _tp; })

#endif
