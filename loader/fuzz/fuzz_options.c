/* fuzz_options.c - libFuzzer target: the loader's kernel command-line options. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loader_options o;
	char *s = strndup((const char *)data, size);

	if (s && options_parse(s, &o) == 0)
		options_free(&o);
	free(s);
	return 0;
}
