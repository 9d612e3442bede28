/* array.h - growing arrays without a capacity field.
 *
 * An array of n elements has room for the next power of two, so appending
 * reallocates only when n is 0 or a power of two: linear in total, where
 * realloc(v, (n + 1) * size) on every append is quadratic once realloc copies
 * (as it does under the sanitizers, and for a 100 000-entry hostile menu). */
#ifndef KL_ARRAY_H
#define KL_ARRAY_H

#include <stdint.h>
#include <stdlib.h>

/* Room for element n (so n + 1 in all). Returns the array, moved or not, or
 * NULL when out of memory (v is then untouched and still owned by the caller). */
static inline void *array_grow(void *v, size_t n, size_t size)
{
	size_t want;

	if (n && (n & (n - 1)))
		return v;
	want = n ? 2 * n : 1;
	if (want > SIZE_MAX / size)
		return NULL;
	return realloc(v, want * size);
}

#endif
