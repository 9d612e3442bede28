/* test.c - "[ … ]" and "test", following grub-core/commands/test.c.
 *
 * GRUB's own evaluation order is kept: three-argument forms are tried
 * before two-argument ones, "!" inverts the next test, -a is implicit and
 * -o starts a new conjunction. File tests look at the image through bootfs. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"

struct test_ctx {
	bool invert;
	bool or_, and_;
};

static void update(struct test_ctx *t, bool val)
{
	t->and_ = t->and_ && (t->invert ? !val : val);
	t->invert = false;
}

static long strtosl(const char *s)
{
	bool bad, overflow;

	if (s[0] == '-')
		return -(long)grub2_strtoul(s + 1, NULL, &bad, &overflow);
	return (long)grub2_strtoul(s, NULL, &bad, &overflow);
}

struct fileinfo {
	bool exists;
	bool dir;
	uint64_t size;
};

static struct fileinfo file_info(const struct g2_eval *e, const char *name)
{
	struct fileinfo fi = { 0 };
	struct bootfs_stat st;
	const char *path;
	size_t vol;
	char why[128];
	char *copy;
	size_t len;

	/* "(hd0,1)" alone is the whole device: it exists and is a directory. */
	if (name[0] == '(' && strchr(name, ')') && !strchr(name, ')')[1]) {
		char dev[128];
		size_t n = (size_t)(strchr(name, ')') - name - 1);

		if (n < sizeof(dev)) {
			memcpy(dev, name + 1, n);
			dev[n] = '\0';
			if (bootfs_find_grub(e->fs, dev) >= 0)
				fi.exists = fi.dir = true;
		}
		return fi;
	}
	if (grub2_resolve(e, name, &vol, &path, why, sizeof(why)) < 0)
		return fi;
	copy = strdup(path);
	if (!copy)
		return fi;
	len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	if (bootfs_stat(e->fs, vol, copy, &st) == 0) {
		fi.exists = true;
		fi.dir = st.type == BOOTFS_DIR;
		fi.size = st.size;
	}
	free(copy);
	return fi;
}

static bool test_parse(const struct g2_eval *e, char **args, size_t *argn, size_t argc)
{
	struct test_ctx t = { .and_ = true };

	while (*argn < argc) {
		char **a = args + *argn;

		if (*argn + 2 < argc) {
			const char *op = a[1];
			int cmp = strcmp(a[0], a[2]);
			bool done = true;

			if (!strcmp(op, "=") || !strcmp(op, "=="))
				update(&t, cmp == 0);
			else if (!strcmp(op, "!="))
				update(&t, cmp != 0);
			else if (!strcmp(op, "<"))
				update(&t, cmp < 0);
			else if (!strcmp(op, "<="))
				update(&t, cmp <= 0);
			else if (!strcmp(op, ">"))
				update(&t, cmp > 0);
			else if (!strcmp(op, ">="))
				update(&t, cmp >= 0);
			else if (!strcmp(op, "-eq"))
				update(&t, strtosl(a[0]) == strtosl(a[2]));
			else if (!strcmp(op, "-ge"))
				update(&t, strtosl(a[0]) >= strtosl(a[2]));
			else if (!strcmp(op, "-gt"))
				update(&t, strtosl(a[0]) > strtosl(a[2]));
			else if (!strcmp(op, "-le"))
				update(&t, strtosl(a[0]) <= strtosl(a[2]));
			else if (!strcmp(op, "-lt"))
				update(&t, strtosl(a[0]) < strtosl(a[2]));
			else if (!strcmp(op, "-ne"))
				update(&t, strtosl(a[0]) != strtosl(a[2]));
			else if (!strcmp(op, "-pgt") || !strcmp(op, "-plt")) {
				/* compare the numbers after the common prefix (versions) */
				size_t i = 0;
				bool bad, ov;
				unsigned long x, y;

				while (a[0][i] && a[0][i] == a[2][i])
					i++;
				while (i > 0 && a[0][i - 1] >= '0' && a[0][i - 1] <= '9')
					i--;
				x = grub2_strtoul(a[0] + i, NULL, &bad, &ov);
				y = grub2_strtoul(a[2] + i, NULL, &bad, &ov);
				update(&t, op[2] == 'g' ? x > y : x < y);
			} else if (!strncmp(op, "-nt", 3) || !strncmp(op, "-ot", 3)) {
				/* no modification times through bootfs: only existence counts */
				struct fileinfo f1 = file_info(e, a[0]), f2 = file_info(e, a[2]);

				update(&t, op[1] == 'n' ? f1.exists && !f2.exists : !f1.exists && f2.exists);
			} else
				done = false;
			if (done) {
				*argn += 3;
				continue;
			}
		}
		if (*argn + 1 < argc) {
			const char *op = a[0];
			bool done = true;

			if (!strcmp(op, "-d")) {
				struct fileinfo f = file_info(e, a[1]);

				update(&t, f.exists && f.dir);
			} else if (!strcmp(op, "-e")) {
				update(&t, file_info(e, a[1]).exists);
			} else if (!strcmp(op, "-f")) {
				struct fileinfo f = file_info(e, a[1]);

				update(&t, f.exists && !f.dir);
			} else if (!strcmp(op, "-s")) {
				struct fileinfo f = file_info(e, a[1]);

				update(&t, f.exists && !f.dir && f.size != 0);
			} else if (!strcmp(op, "-n")) {
				update(&t, a[1][0] != '\0');
			} else if (!strcmp(op, "-z")) {
				update(&t, a[1][0] == '\0');
			} else
				done = false;
			if (done) {
				*argn += 2;
				continue;
			}
		}
		if (!strcmp(a[0], ")")) {
			(*argn)++;
			return t.or_ || t.and_;
		}
		if (!strcmp(a[0], "(")) {
			(*argn)++;
			update(&t, test_parse(e, args, argn, argc));
			continue;
		}
		if (!strcmp(a[0], "!")) {
			t.invert = !t.invert;
			(*argn)++;
			continue;
		}
		if (!strcmp(a[0], "-a")) {
			(*argn)++;
			continue;
		}
		if (!strcmp(a[0], "-o")) {
			t.or_ = t.or_ || t.and_;
			t.and_ = true;
			(*argn)++;
			continue;
		}
		update(&t, a[0][0] != '\0');
		(*argn)++;
	}
	return t.or_ || t.and_;
}

int grub2_cmd_test(struct g2_eval *e, const struct g2_call *c)
{
	size_t argc = c->argc - 1, argn = 0;

	if (argc >= 1 && !strcmp(c->argv[argc], "]"))
		argc--;
	return test_parse(e, c->argv + 1, &argn, argc) ? 0 : G2_ERR_TEST_FAILURE;
}
