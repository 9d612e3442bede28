/* modules.c - finit_module() the files named in the initramfs' load list.
 *
 * The list was written at build time from the kernel package's modules.dep,
 * one line per module with its dependencies first: "name: a.ko b.ko name.ko".
 * Filesystem modules are loaded only when a disk carries that filesystem:
 * btrfs alone (with raid6's boot-time benchmark) costs more than all bus drivers. */
#include "modules.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"

static const char *const fs_modules[][2] = {
	/* libblkid TYPE, module */
	{ "ext2", "ext4" }, { "ext3", "ext4" }, { "ext4", "ext4" },
	{ "xfs", "xfs" }, { "btrfs", "btrfs" }, { "vfat", "vfat" },
};

/* Filesystems, codepages and the snapshot machinery wait until a disk needs them. */
static bool is_on_demand(const char *name)
{
	static const char *const others[] = { "dm_snapshot", "dm_mod", "brd" };

	for (size_t i = 0; i < sizeof(fs_modules) / sizeof(fs_modules[0]); i++)
		if (!strcmp(fs_modules[i][1], name))
			return true;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (!strcmp(others[i], name))
			return true;
	return !strncmp(name, "nls_", 4);
}

/* Drivers whose probe sleeps while finding nothing: held back until
 * modules_allow_slow(), then loaded with async_probe, so finit_module()
 * returns at once and their disks arrive as uevents. libata waits 150 ms
 * after resetting each PIIX IDE port, and i440FX machines have that
 * controller even when the disk is on virtio. */
static bool slow_allowed;

static const char *const slow_drivers[] = { "ata_piix" };

static bool is_slow(const char *module)
{
	for (size_t i = 0; i < sizeof(slow_drivers) / sizeof(slow_drivers[0]); i++)
		if (!strcmp(slow_drivers[i], module))
			return true;
	return false;
}

/* A slow driver not yet allowed: coldplug skips it. */
static bool held_back(const char *module)
{
	return !slow_allowed && is_slow(module);
}

static const char *driver_params(const char *module)
{
	return is_slow(module) ? "async_probe=1" : NULL;
}

bool modules_allow_slow(void)
{
	bool was_held = !slow_allowed;

	slow_allowed = true;
	return was_held;
}

static int insert_file(const char *rel, const char *params)
{
	char path[512];
	struct utsname u;
	int fd, r = 0;

	uname(&u);
	snprintf(path, sizeof(path), "/lib/modules/%s/%s", u.release, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, params ? params : "", 0) < 0 && errno != EEXIST)
		r = -errno;
	close(fd);
	return r;
}

/* Insert one line's files in order; params go to the last one, the module
 * the line is named for. */
static int load_line(char *files, const char *params)
{
	char *tok[64], *save = NULL;
	size_t n = 0;
	int count = 0;

	for (char *t = strtok_r(files, " \n", &save); t && n < 64; t = strtok_r(NULL, " \n", &save))
		tok[n++] = t;
	for (size_t i = 0; i < n; i++) {
		int r = insert_file(tok[i], i + 1 == n ? params : NULL);

		/* ENODEV: a driver for hardware this machine lacks (Xen on KVM). */
		if (r < 0 && r != -ENODEV)
			log_warn("cannot load module %s: %s", tok[i], strerror(-r));
		else if (r == 0)
			count++;
	}
	return count;
}

/* Load the line for want, or every driver line but the slow ones when want is NULL. */
static int load_lines(const char *want, const char *params)
{
	char line[4096];
	int count = 0;
	FILE *f = fopen(MODULES_LIST, "re");

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = '\0';
		if (want ? strcmp(line, want) != 0 : is_on_demand(line) || is_slow(line))
			continue;
		count += load_line(colon + 1, params);
	}
	fclose(f);
	return count;
}

int modules_load_drivers(void)
{
	return load_lines(NULL, NULL);
}

int modules_load(const char *name, const char *params)
{
	return load_lines(name, params) < 0 ? -EIO : 0;
}

int modules_load_fs(const char *fstype)
{
	for (size_t i = 0; i < sizeof(fs_modules) / sizeof(fs_modules[0]); i++) {
		if (strcmp(fs_modules[i][0], fstype))
			continue;
		if (!strcmp(fstype, "vfat")) {
			load_lines("nls_cp437", NULL);
			load_lines("nls_ascii", NULL);
		}
		return modules_load(fs_modules[i][1], NULL);
	}
	return 0;
}

struct alias {
	char *pattern;
	char *module;
	bool loaded;
};

static struct alias *aliases;
static size_t n_aliases;
static int aliases_state; /* 0 unread, 1 read, -1 absent */

static int aliases_read(void)
{
	char line[512];
	FILE *f;

	if (aliases_state)
		return aliases_state;
	aliases_state = -1;
	f = fopen(MODULES_ALIASES, "re");
	if (!f)
		return aliases_state;
	while (fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' '), *nl = strchr(line, '\n');
		struct alias *grown;

		if (!sp || !nl)
			continue;
		*sp = *nl = '\0';
		grown = realloc(aliases, (n_aliases + 1) * sizeof(*aliases));
		if (!grown)
			break;
		aliases = grown;
		aliases[n_aliases].pattern = strdup(line);
		aliases[n_aliases].module = strdup(sp + 1);
		aliases[n_aliases].loaded = false;
		if (!aliases[n_aliases].pattern || !aliases[n_aliases].module)
			break;
		n_aliases++;
	}
	fclose(f);
	aliases_state = 1;
	return aliases_state;
}

/* Load every not yet loaded module with an alias matching modalias. */
static int coldplug_match(const char *modalias)
{
	int loaded = 0;

	for (size_t i = 0; i < n_aliases; i++) {
		if (aliases[i].loaded || held_back(aliases[i].module) || fnmatch(aliases[i].pattern, modalias, 0))
			continue;
		/* One module, many aliases: mark them all. */
		for (size_t k = 0; k < n_aliases; k++)
			if (!strcmp(aliases[k].module, aliases[i].module))
				aliases[k].loaded = true;
		if (modules_load(aliases[i].module, driver_params(aliases[i].module)) == 0)
			loaded++;
	}
	return loaded;
}

/* Whether any module could still be loaded: if not, sysfs need not be read
 * (with a built kernel, only held-back IDE is listed). */
static bool coldplug_candidates(void)
{
	for (size_t i = 0; i < n_aliases; i++)
		if (!aliases[i].loaded && !held_back(aliases[i].module))
			return true;
	return false;
}

static int coldplug_pass(void)
{
	DIR *buses = opendir("/sys/bus");
	struct dirent *b;
	int loaded = 0;

	if (!buses)
		return 0;
	while ((b = readdir(buses))) {
		char path[1024];
		struct dirent *d;
		DIR *devs;

		if (b->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/%s/devices", b->d_name);
		devs = opendir(path);
		if (!devs)
			continue;
		while ((d = readdir(devs))) {
			char alias[512];
			FILE *f;

			if (d->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "/sys/bus/%s/devices/%s/modalias", b->d_name,
				 d->d_name);
			f = fopen(path, "re");
			if (!f)
				continue;
			if (fgets(alias, sizeof(alias), f)) {
				alias[strcspn(alias, "\n")] = '\0';
				loaded += coldplug_match(alias);
			}
			fclose(f);
		}
		closedir(devs);
	}
	closedir(buses);
	return loaded;
}

int modules_coldplug(void)
{
	int total = 0, n;

	if (aliases_read() < 0) {
		static bool fast_loaded, slow_loaded;

		if (!fast_loaded) {
			fast_loaded = true;
			total = modules_load_drivers();
		}
		if (slow_allowed && !slow_loaded) {
			slow_loaded = true;
			for (size_t i = 0; i < sizeof(slow_drivers) / sizeof(slow_drivers[0]); i++)
				total += load_lines(slow_drivers[i], driver_params(slow_drivers[i]));
		}
		return total;
	}
	while (coldplug_candidates() && (n = coldplug_pass()) > 0)
		total += n;
	return total;
}
