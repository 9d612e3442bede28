/* fuzz_fstab.c - libFuzzer target: host mode's reading of a guest's /etc/fstab. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hostmode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char root[64];
	char path[128];
	struct bootfs fs;
	FILE *f;

	if (!root[0]) {
		/* Memory-backed where there is one: a file is written per input. */
		const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(root, sizeof(root), "%s/kl-fuzz-fstab-%d", tmp, (int)getpid());
		mkdir(root, 0700);
		snprintf(path, sizeof(path), "%s/etc", root);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/boot", root);
		mkdir(path, 0700);
	}
	snprintf(path, sizeof(path), "%s/etc/fstab", root);
	f = fopen(path, "we");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	if (hostmode_bootfs(root, NULL, 0, &fs) == 0)
		bootfs_dir_free(&fs);
	return 0;
}
