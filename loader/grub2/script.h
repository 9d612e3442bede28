/* script.h - GRUB 2 script internals shared by the lexer, parser and evaluator.
 *
 * The lexer turns config bytes into tokens whose words keep GRUB's
 * distinction between unquoted text, '…', "…" and $variables, because
 * expansion treats each differently (only unquoted variables are split into
 * several arguments). The parser builds a tree per top-level "line" as
 * grub_script_parse does, so one bad line is dropped and the next one runs. */
#ifndef KL_GRUB2_SCRIPT_H
#define KL_GRUB2_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

enum g2_part_type {
	G2_PART_TEXT,  /* unquoted characters, escapes already removed */
	G2_PART_SQ,    /* '…' */
	G2_PART_DQ,    /* literal run inside "…" (possibly empty) */
	G2_PART_VAR,   /* $name outside quotes: split on blanks */
	G2_PART_DQVAR, /* $name inside "…": one argument */
};

struct g2_part {
	enum g2_part_type type;
	char *str;
};

struct g2_word {
	struct g2_part *parts;
	size_t n_parts;
};

enum g2_kw {
	G2_KW_NONE, G2_KW_IF, G2_KW_THEN, G2_KW_ELIF, G2_KW_ELSE, G2_KW_FI,
	G2_KW_FOR, G2_KW_IN, G2_KW_DO, G2_KW_DONE, G2_KW_WHILE, G2_KW_UNTIL,
	G2_KW_FUNCTION, G2_KW_CASE, G2_KW_ESAC, G2_KW_SELECT,
};

enum g2_tok_type {
	G2_TOK_WORD, G2_TOK_NEWLINE, G2_TOK_SEMI, G2_TOK_LBRACE, G2_TOK_RBRACE,
	G2_TOK_OTHER, /* | || & && ;; < > : tokens GRUB lexes but its grammar rejects */
	G2_TOK_EOF,
	G2_TOK_ERROR, /* lexical error; lexer.err says which */
};

struct g2_token {
	enum g2_tok_type type;
	unsigned line;
	struct g2_word word; /* G2_TOK_WORD */
	enum g2_kw kw;       /* a bare reserved word */
	bool is_name;        /* a bare [A-Za-z_][A-Za-z0-9_]* */
	const char *text;    /* G2_TOK_OTHER: the operator */
};

struct g2_lexer {
	const char *buf;
	size_t len;
	size_t pos;
	unsigned idx;           /* newlines passed */
	const unsigned *linemap; /* idx -> line number in the file, or NULL */
	size_t n_linemap;
	int err;                /* negative errno of a lexical error */
	const char *errmsg;
};

void grub2_lex_init(struct g2_lexer *lx, const char *buf, size_t len,
		    const unsigned *linemap, size_t n_linemap);
unsigned grub2_lex_line(const struct g2_lexer *lx);
/* Next token; returns 0, -ENOMEM, or -EINVAL with tok->type G2_TOK_ERROR. */
int grub2_lex_next(struct g2_lexer *lx, struct g2_token *tok);
/* Skip what is left of the current line (error recovery). */
void grub2_lex_skip_line(struct g2_lexer *lx);
void grub2_token_release(struct g2_token *tok);
void grub2_word_release(struct g2_word *w);

/* Config files: drop lines starting with '#' and carriage returns, as
 * GRUB's read_config_file does before the lexer sees a line, and remember
 * where each remaining line came from. */
int grub2_lex_prepare(const char *data, size_t len, char **out, size_t *out_len,
		      unsigned **linemap, size_t *n_linemap);

enum g2_node_type {
	G2_NODE_LIST, G2_NODE_CMD, G2_NODE_IF, G2_NODE_FOR, G2_NODE_WHILE,
	G2_NODE_UNTIL, G2_NODE_FUNC,
};

struct g2_node {
	enum g2_node_type type;
	unsigned line;
	const char *file;
	struct g2_word *words; /* CMD: the command; FOR: the list */
	size_t n_words;
	struct g2_node *block; /* CMD: a trailing { … } (menuentry, submenu) */
	char *name;            /* FOR: the variable; FUNC: the function */
	struct g2_node *cond;  /* IF, WHILE, UNTIL */
	struct g2_node *body;  /* IF: then; FOR, WHILE, UNTIL, FUNC */
	struct g2_node *els;   /* IF: else, or a nested IF for elif */
	struct g2_node **kids; /* LIST */
	size_t n_kids;
};

void grub2_node_free(struct g2_node *n);

struct g2_parse_error {
	unsigned line;
	char msg[128];
};

/* Nodes and words one evaluation may parse: its syntax trees live until the
 * end (menu entries and functions point into them), about 120 bytes each,
 * so this bounds their memory at a few MiB. The corpus's largest
 * distribution grub.cfg takes about 900. */
#ifndef G2_PARSED_MAX
#define G2_PARSED_MAX 32768u
#endif

/* Parse one top-level unit (what GRUB parses and runs at once: one line,
 * plus the lines an open construct or quote pulls in). *out is a LIST, or
 * NULL at end of input. On a syntax error returns -EINVAL, fills err and
 * leaves the lexer at the start of the next line. Each node and word takes
 * one from *budget; when none is left it returns -E2BIG, err saying so. */
int grub2_parse_unit(struct g2_lexer *lx, const char *file, size_t *budget, struct g2_node **out,
		     struct g2_parse_error *err);

#endif
