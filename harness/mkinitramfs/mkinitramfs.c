/* mkinitramfs.c - build a newc cpio initramfs: an /init, extra files, and
 * kernel modules with their dependencies resolved by libkmod.
 *
 * Modules are named, never listed as .ko paths: libkmod reads the kernel
 * package's modules.dep and we add each module after its dependencies.
 * The load order is written to /etc/kexec-loader/modules, one line per
 * requested module: "name: dep.ko ... name.ko" (paths below /lib/modules/VER),
 * so the loader inserts them without carrying libkmod, and the requested
 * modules' aliases to /etc/kexec-loader/aliases ("pattern module"), so it
 * loads only the drivers of devices the machine has. Compressed modules
 * (.ko.xz, .ko.zst) are stored decompressed: the loader kernel then needs no
 * in-kernel decompressor and the initramfs compressor sees plain code. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ITEMS 4096

struct item {
	char *src;  /* host path */
	char *dest; /* path inside the initramfs, no leading '/' */
	int mode;
};

struct build {
	struct item items[MAX_ITEMS];
	size_t n;
	char *loadlist;
	size_t loadlist_len;
	char *aliases; /* "pattern module" lines for the requested modules */
	size_t aliases_len;
	size_t line_start; /* where the current module's line begins in loadlist */
	const char *moddir; /* lib/modules/VER inside the initramfs */
};

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "mkinitramfs: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	exit(1);
}

static int have_dest(const struct build *b, const char *dest)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->items[i].dest, dest))
			return 1;
	return 0;
}

static void add_item(struct build *b, const char *src, const char *dest, int mode)
{
	while (*dest == '/')
		dest++;
	if (have_dest(b, dest))
		return;
	if (b->n >= MAX_ITEMS)
		die("too many files (more than %s)%s", "4096", "");
	b->items[b->n].src = strdup(src);
	b->items[b->n].dest = strdup(dest);
	b->items[b->n].mode = mode;
	if (!b->items[b->n].src || !b->items[b->n].dest)
		die("out of memory%s%s", "", "");
	b->n++;
}

static void text_add(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *p = realloc(*buf, *len + n + 1);

	if (!p)
		die("out of memory%s%s", "", "");
	memcpy(p + *len, s, n + 1);
	*buf = p;
	*len += n;
}

static void loadlist_add(struct build *b, const char *s)
{
	text_add(&b->loadlist, &b->loadlist_len, s);
}

/* The module's own aliases (modinfo "alias="), so the loader can load only
 * the drivers whose devices it sees in /sys (their modalias files). */
static void add_aliases(struct build *b, struct kmod_module *mod, const char *name)
{
	struct kmod_list *info = NULL, *l;

	if (kmod_module_get_info(mod, &info) < 0)
		return;
	kmod_list_foreach(l, info) {
		if (strcmp(kmod_module_info_get_key(l), "alias"))
			continue;
		text_add(&b->aliases, &b->aliases_len, kmod_module_info_get_value(l));
		text_add(&b->aliases, &b->aliases_len, " ");
		text_add(&b->aliases, &b->aliases_len, name);
		text_add(&b->aliases, &b->aliases_len, "\n");
	}
	kmod_module_info_free_list(info);
}

/* Path of a module file inside the initramfs, relative to lib/modules/VER,
 * with any compression suffix dropped. */
static char *module_rel(const char *path, const char *kdir)
{
	size_t k = strlen(kdir);
	char *rel, *ext;

	if (strncmp(path, kdir, k) || path[k] != '/')
		die("module '%s' lies outside '%s'", path, kdir);
	rel = strdup(path + k + 1);
	if (!rel)
		die("out of memory%s%s", "", "");
	ext = strstr(rel, ".ko.");
	if (ext)
		ext[3] = '\0';
	return rel;
}

/* Is rel already on the current line? A module shared by several
 * dependencies is inserted once. */
static int line_has(const struct build *b, const char *rel)
{
	const char *line = b->loadlist + b->line_start;
	size_t n = strlen(rel);

	for (const char *p = strstr(line, rel); p; p = strstr(p + 1, rel))
		if (p[-1] == ' ' && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Depth-first: dependencies before the module; each file once. */
static void add_module(struct build *b, struct kmod_module *mod, const char *kdir, int depth)
{
	struct kmod_list *deps, *l, *pre = NULL, *post = NULL;
	const char *path;
	char dest[4096];
	char *rel;

	if (depth > 64)
		die("module dependency chain too deep at '%s'%s", kmod_module_get_name(mod), "");
	/* Soft dependencies ("softdep pre: crc32c" of ext4) are loaded first too:
	 * without them the module loads but fails at mount time. */
	if (kmod_module_get_softdeps(mod, &pre, &post) == 0) {
		kmod_list_foreach(l, pre) {
			struct kmod_module *d = kmod_module_get_module(l);

			add_module(b, d, kdir, depth + 1);
			kmod_module_unref(d);
		}
		kmod_module_unref_list(pre);
		kmod_module_unref_list(post);
	}
	deps = kmod_module_get_dependencies(mod);
	kmod_list_foreach(l, deps) {
		struct kmod_module *d = kmod_module_get_module(l);

		add_module(b, d, kdir, depth + 1);
		kmod_module_unref(d);
	}
	kmod_module_unref_list(deps);
	path = kmod_module_get_path(mod);
	if (!path)
		return; /* built into the kernel */
	rel = module_rel(path, kdir);
	snprintf(dest, sizeof(dest), "%s/%s", b->moddir, rel);
	if (!line_has(b, rel)) {
		loadlist_add(b, " ");
		loadlist_add(b, rel);
	}
	add_item(b, path, dest, 0644);
	free(rel);
}

static void add_named_module(struct build *b, struct kmod_ctx *ctx, const char *name,
			     const char *kdir, int optional)
{
	struct kmod_list *list = NULL, *l;
	int found = 0;

	if (kmod_module_new_from_lookup(ctx, name, &list) < 0)
		die("cannot look up module '%s'%s", name, "");
	b->line_start = b->loadlist_len;
	loadlist_add(b, name);
	loadlist_add(b, ":");
	kmod_list_foreach(l, list) {
		struct kmod_module *m = kmod_module_get_module(l);

		add_module(b, m, kdir, 0);
		if (kmod_module_get_path(m))
			add_aliases(b, m, name);
		kmod_module_unref(m);
		found = 1;
	}
	kmod_module_unref_list(list);
	loadlist_add(b, "\n");
	if (!found && !optional)
		die("module '%s' not found in '%s'", name, kdir);
}

/* Read a file whole: plain, or through libarchive's raw reader when it is
 * xz/zstd/gzip compressed (modules of newer Debian kernels). */
static char *read_whole(const char *path, size_t *len)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	la_ssize_t got;

	archive_read_support_filter_all(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK ||
	    archive_read_next_header(a, &e) != ARCHIVE_OK)
		die("cannot read '%s': %s", path, archive_error_string(a));
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory%s%s", "", "");
		}
		got = archive_read_data(a, buf + n, cap - n);
		if (got < 0)
			die("cannot read '%s': %s", path, archive_error_string(a));
		if (got == 0)
			break;
		n += (size_t)got;
	}
	archive_read_free(a);
	*len = n;
	return buf;
}

static void write_dir(struct archive *a, const char *path)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFDIR);
	archive_entry_set_perm(e, 0755);
	archive_entry_set_nlink(e, 2);
	archive_entry_set_size(e, 0);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		die("cannot write '%s': %s", path, archive_error_string(a));
	archive_entry_free(e);
}

static void write_data(struct archive *a, const char *path, const char *data, size_t len, int mode)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, path);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, (mode_t)mode);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_nlink(e, 1);
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    (len && archive_write_data(a, data, len) != (la_ssize_t)len))
		die("cannot write '%s': %s", path, archive_error_string(a));
	archive_entry_free(e);
}

/* Every parent directory of every file, each once, before the files. */
static void write_parents(struct archive *a, const struct build *b)
{
	char **seen = NULL;
	size_t n_seen = 0;

	for (size_t i = 0; i < b->n; i++) {
		char dir[4096];

		snprintf(dir, sizeof(dir), "%s", b->items[i].dest);
		for (char *p = strchr(dir, '/'); p; p = strchr(p + 1, '/')) {
			size_t k;

			*p = '\0';
			for (k = 0; k < n_seen; k++)
				if (!strcmp(seen[k], dir))
					break;
			if (k == n_seen) {
				char **grown = realloc(seen, (n_seen + 1) * sizeof(*seen));

				if (!grown || !(grown[n_seen] = strdup(dir)))
					die("out of memory%s%s", "", "");
				seen = grown;
				n_seen++;
				write_dir(a, dir);
			}
			*p = '/';
		}
	}
	for (size_t k = 0; k < n_seen; k++)
		free(seen[k]);
	free(seen);
}

/* Only what the kernel can unpack: it takes lz4's legacy frames alone,
 * which libarchive does not write, and xz with CRC32 checks only. */
static void set_compression(struct archive *a, const char *c, const char *level)
{
	int r;

	if (!strcmp(c, "gzip"))
		r = archive_write_add_filter_gzip(a);
	else if (!strcmp(c, "zstd"))
		r = archive_write_add_filter_zstd(a);
	else if (!strcmp(c, "none"))
		r = ARCHIVE_OK;
	else if (!strcmp(c, "xz") || !strcmp(c, "lz4"))
		die("compression '%s' is not offered: the kernel cannot unpack libarchive's %s", c,
		    !strcmp(c, "xz") ? "xz (CRC64 checks)" : "lz4 (frame format, not legacy)");
	else
		die("unknown compression '%s'%s", c, "");
	if (r != ARCHIVE_OK)
		die("compression '%s': %s", c, archive_error_string(a));
	if (level && strcmp(c, "none") &&
	    archive_write_set_filter_option(a, NULL, "compression-level", level) != ARCHIVE_OK)
		die("compression level '%s': %s", level, archive_error_string(a));
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mkinitramfs -o OUT --init FILE [--file SRC:DEST]...\n"
		"                   [--kernel-root DIR --kver VER --module NAME... --optional-module NAME...]\n"
		"                   [--compress gzip|zstd|none] [--compress-level N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "init", required_argument, NULL, 'i' },
		{ "file", required_argument, NULL, 'f' },
		{ "kernel-root", required_argument, NULL, 'k' },
		{ "kver", required_argument, NULL, 'v' },
		{ "module", required_argument, NULL, 'm' },
		{ "optional-module", required_argument, NULL, 'M' },
		{ "compress", required_argument, NULL, 'c' },
		{ "compress-level", required_argument, NULL, 'l' },
		{ 0 }
	};
	static struct build b;
	const char *out = NULL, *init = NULL, *kroot = NULL, *kver = NULL, *comp = "gzip";
	const char *level = NULL;
	const char *mods[512];
	int optional[512];
	size_t n_mods = 0;
	char moddir[512];
	struct archive *a;
	int c;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'i': init = optarg; break;
		case 'k': kroot = optarg; break;
		case 'v': kver = optarg; break;
		case 'c': comp = optarg; break;
		case 'l': level = optarg; break;
		case 'm':
		case 'M':
			if (n_mods >= 512)
				usage();
			optional[n_mods] = c == 'M';
			mods[n_mods++] = optarg;
			break;
		case 'f': {
			char *colon = strchr(optarg, ':');

			if (!colon)
				usage();
			*colon = '\0';
			add_item(&b, optarg, colon + 1, access(optarg, X_OK) ? 0644 : 0755);
			break;
		}
		default:
			usage();
		}
	}
	if (!out || !init || optind != argc || (n_mods && (!kroot || !kver)))
		usage();
	add_item(&b, init, "init", 0755);

	if (n_mods) {
		struct kmod_ctx *ctx;
		char rel[4096], kdir[PATH_MAX];

		snprintf(rel, sizeof(rel), "%s/lib/modules/%s", kroot, kver);
		/* libkmod reports absolute paths; compare like with like. */
		if (!realpath(rel, kdir))
			die("cannot find '%s'%s", rel, "");
		snprintf(moddir, sizeof(moddir), "lib/modules/%s", kver);
		b.moddir = moddir;
		ctx = kmod_new(kdir, NULL);
		if (!ctx || kmod_load_resources(ctx) < 0)
			die("cannot read the module index in '%s' (was depmod run?)%s", kdir, "");
		for (size_t i = 0; i < n_mods; i++)
			add_named_module(&b, ctx, mods[i], kdir, optional[i]);
		kmod_unref(ctx);
	}

	a = archive_write_new();
	if (archive_write_set_format_cpio_newc(a) != ARCHIVE_OK)
		die("cpio: %s%s", archive_error_string(a), "");
	set_compression(a, comp, level);
	if (archive_write_open_filename(a, out) != ARCHIVE_OK)
		die("cannot create '%s': %s", out, archive_error_string(a));
	if (b.loadlist) {
		add_item(&b, "/dev/null", "etc/kexec-loader/modules", 0644);
		add_item(&b, "/dev/null", "etc/kexec-loader/aliases", 0644);
	}
	write_parents(a, &b);
	for (size_t i = 0; i < b.n; i++) {
		if (!strcmp(b.items[i].dest, "etc/kexec-loader/modules")) {
			write_data(a, b.items[i].dest, b.loadlist, b.loadlist_len, 0644);
		} else if (!strcmp(b.items[i].dest, "etc/kexec-loader/aliases")) {
			write_data(a, b.items[i].dest, b.aliases ? b.aliases : "", b.aliases_len, 0644);
		} else {
			size_t len;
			char *data = read_whole(b.items[i].src, &len);

			write_data(a, b.items[i].dest, data, len, b.items[i].mode);
			free(data);
		}
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		die("cannot finish '%s': %s", out, archive_error_string(a));
	archive_write_free(a);
	return 0;
}
