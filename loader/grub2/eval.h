/* eval.h - GRUB 2 evaluator state shared by the command implementations.
 *
 * Mirrors GRUB's runtime: a stack of variable contexts (submenu and
 * configfile open a new one holding a copy of every variable, as
 * grub_env_context_open does), each with its own menu; functions are
 * global; positional parameters belong to the innermost function or entry. */
#ifndef KL_GRUB2_EVAL_H
#define KL_GRUB2_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../bootfs.h"
#include "../diag.h"
#include "../plan.h"
#include "script.h"

/* GRUB's grub_err_t values that scripts can observe through $?. */
enum {
	G2_ERR_NONE = 0,
	G2_ERR_TEST_FAILURE = 1,
	G2_ERR_FILE_NOT_FOUND = 5,
	G2_ERR_BAD_FILENAME = 7,
	G2_ERR_BAD_NUMBER = 10,
	G2_ERR_UNKNOWN_DEVICE = 12,
	G2_ERR_BAD_ARGUMENT = 18,
	G2_ERR_NO_KERNEL = 22,
	G2_ERR_MENU = 27,
};

/* Bounds: hostile or broken configs must not make PID 1 loop or grow. The
 * fuzz build lowers the step and size bounds (Makefile, FUZZ_LIMITS) so an
 * input that runs to a bound costs milliseconds, not seconds: the same code
 * paths, thousands of times more inputs. */
#ifndef G2_STEPS_MAX
#define G2_STEPS_MAX 100000u           /* commands and loop rounds per evaluation */
#endif
#define G2_DEPTH_MAX 64u               /* nested function calls, sources, entries */
#define G2_SOURCE_DEPTH_MAX 16u        /* nested source/configfile */
#ifndef G2_VALUE_MAX
#define G2_VALUE_MAX (64u << 10)       /* one variable or argument */
#endif
#ifndef G2_ENV_BYTES_MAX
#define G2_ENV_BYTES_MAX (16u << 20)   /* all variables of all contexts */
#endif
#define G2_ARGS_MAX 4096u              /* arguments of one command */
#ifndef G2_READ_BYTES_MAX
#define G2_READ_BYTES_MAX (4u << 20)   /* config bytes read per evaluation: their trees stay */
#endif
#define G2_GRUBENV_MAX (64u << 10)
#define G2_FALLBACKS_MAX 16u           /* fallback entries tried after the default */
#define G2_ENTRIES_MAX 1024u           /* menu entries and submenus, all menus together */

struct g2_var {
	char *name;
	char *value;
};

struct g2_entry {
	char *title;
	char *id;
	char **args; /* positional parameters of the body: title, then extra arguments */
	size_t n_args;
	const struct g2_node *body; /* owned by g2_eval.trees */
	bool submenu;
	const char *file;
	unsigned line;
};

struct g2_menu {
	struct g2_entry *v;
	size_t n;
};

struct g2_frame {
	struct g2_var *vars;
	size_t n_vars;
	struct g2_menu menu;
};

struct g2_func {
	char *name;
	const struct g2_node *body;
};

struct g2_scope {
	char **args;
	size_t n;
	bool owned; /* made by setparams: args and the scope are freed with it */
};

/* What linux/initrd loaded while an entry body ran. */
struct g2_load {
	bool kernel;                /* a kernel is loaded */
	struct boot_file kernel_file;
	char *cmdline;
	struct boot_file *initrds;
	size_t n_initrds;
	char *error;                /* the first failure in the body */
	char *other;                /* a loader the kexec path cannot follow */
	bool attempted;             /* a linux command ran (failed or not) */
	struct boot_file tried;     /* its kernel file when it failed */
};

struct g2_eval {
	const struct bootfs *fs;
	struct diag *d;
	size_t config_vol;
	const char *config_path;

	struct g2_frame *frames;
	size_t n_frames;
	size_t env_bytes;

	struct g2_func *funcs;
	size_t n_funcs;
	struct g2_scope *scope;

	struct g2_node **trees; /* every parsed unit, alive until the end */
	size_t n_trees;
	char **names;           /* file names nodes point at */
	size_t n_names;

	unsigned long steps;
	unsigned entries;               /* menu entries added, against G2_ENTRIES_MAX */
	unsigned depth;
	unsigned source_depth;
	size_t bytes_read;
	size_t parse_budget;    /* nodes and words left to parse, from G2_PARSED_MAX */
	int fatal;              /* negative errno: stop everything */
	bool stop;              /* a configfile's menu took over */
	bool returning;
	unsigned loops;
	unsigned breaks;
	bool is_continue;

	bool booting;           /* running an entry body to boot it */
	char *runaway;          /* why the body being booted was stopped (a bound), or NULL */
	struct g2_load load;
	bool fedora;            /* blscfg ran: the image's GRUB is Fedora's */
	char **bls_done;        /* BLS ids already turned into entries */
	size_t n_bls_done;

	bool have_syntax_error;
	char syntax_file[DIAG_FILE_MAX];
	unsigned syntax_line;
	char syntax_msg[128];
};

/* env.c */
const char *grub2_env_get(const struct g2_eval *e, const char *name);
int grub2_env_set(struct g2_eval *e, const char *name, const char *value);
void grub2_env_unset(struct g2_eval *e, const char *name);
int grub2_env_push(struct g2_eval *e);
void grub2_env_pop(struct g2_eval *e);
struct g2_menu *grub2_env_menu(struct g2_eval *e);
void grub2_menu_clear(struct g2_menu *m);
void grub2_env_free(struct g2_eval *e);
bool grub2_env_special(const char *name);

/* expand.c: words to arguments, as grub_script_arglist_to_argv. */
int grub2_expand(struct g2_eval *e, const struct g2_word *words, size_t n, char ***argv, size_t *argc);
void grub2_argv_free(char **argv, size_t argc);

/* exec.c */
int grub2_exec(struct g2_eval *e, const struct g2_node *n);
int grub2_call_function(struct g2_eval *e, const struct g2_func *f, char **args, size_t n);
/* Run a body (menu entry, submenu) with positional parameters. */
int grub2_exec_with_args(struct g2_eval *e, const struct g2_node *body, char **args, size_t n);
const struct g2_func *grub2_func_find(const struct g2_eval *e, const char *name);
int grub2_keep_name(struct g2_eval *e, const char *name, const char **out);
/* Record an error that stops evaluation; returns err. */
int grub2_fatal(struct g2_eval *e, int err, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
bool grub2_halted(const struct g2_eval *e);

/* commands.c */
struct g2_call {
	const struct g2_node *node;
	size_t argc;
	char **argv; /* argv[0] is the command name */
};
int grub2_dispatch(struct g2_eval *e, const struct g2_node *node, char **argv, size_t argc);
/* Report a failed command ("file:line: msg") and return code; inside an
 * entry being booted the first failure is kept as the reason it failed. */
int grub2_cmd_fail(struct g2_eval *e, const struct g2_call *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

struct g2_opt {
	const char *name;
	char short_name;
	enum { G2_OPT_FLAG, G2_OPT_ARG, G2_OPT_ARG_OPTIONAL } arg;
};
struct g2_optval {
	bool set;
	const char *arg;
};
/* grub_arg_parse: options anywhere, "--" ends them; with accept_dash,
 * unknown options become plain arguments. pos receives pointers into argv. */
int grub2_opts_parse(const struct g2_opt *opts, size_t n_opts, bool accept_dash,
		     char **argv, size_t argc, struct g2_optval *vals,
		     const char ***pos, size_t *n_pos, const char **bad);

/* Commands, one file per concern. */
int grub2_cmd_test(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_menuentry(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_search(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_search_alias(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_linux(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_initrd(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_source(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_configfile(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_load_env(struct g2_eval *e, const struct g2_call *c);
int grub2_cmd_blscfg(struct g2_eval *e, const struct g2_call *c);

/* load.c */
void grub2_load_reset(struct g2_load *l);

/* device.c: "(hd0,1)/path" or "/path" on $root. */
int grub2_resolve(const struct g2_eval *e, const char *name, size_t *vol, const char **path,
		  char *why, size_t whylen);

/* source.c: run a config file in the current context. */
int grub2_run_file(struct g2_eval *e, size_t vol, const char *path, const char *display);
/* Parse text (a generated or --source body) into one LIST kept in e->trees. */
int grub2_parse_text(struct g2_eval *e, const char *text, const char *file, unsigned line,
		     const struct g2_node **out);

/* grubenv.c */
typedef int (*g2_envblk_fn)(void *userdata, const char *name, const char *value);
int grub2_grubenv_parse(const char *buf, size_t len, g2_envblk_fn fn, void *userdata);

/* cmdline.c */
int grub2_cmdline_build(char *const *argv, size_t argc, char **out);

/* menu.c */
int grub2_menu_add(struct g2_eval *e, const char *title, const char *id, char *const *args,
		   size_t n_args, const struct g2_node *body, bool submenu,
		   const char *file, unsigned line);
int grub2_menu_plan(struct g2_eval *e, const struct plan_options *opt, struct boot_plan *plan);
/* GRUB's strtoul: base from prefix, *bad when no digit. */
unsigned long grub2_strtoul(const char *s, const char **end, bool *bad, bool *overflow);

#endif
