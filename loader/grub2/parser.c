/* parser.c - GRUB 2 script syntax trees, following grub-core/script/parser.y.
 *
 * The grammar is GRUB's, including its strictness: a block needs at least one
 * command, "then", "do", "fi" and "done" only count after a delimiter (before
 * one they are plain arguments), functions are defined only at top level. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "array.h"

/* Deeper nesting than any generated config; keeps the C stack bounded. */
#define G2_PARSE_DEPTH_MAX 100

struct parser {
	struct g2_lexer *lx;
	const char *file;
	struct g2_token tok;
	bool have;
	unsigned depth;
	struct g2_parse_error *err;
	size_t *budget; /* nodes and words the evaluation may still parse */
	bool spent;     /* the budget ran out: the unit fails with -E2BIG */
};

void grub2_node_free(struct g2_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_words; i++)
		grub2_word_release(&n->words[i]);
	free(n->words);
	grub2_node_free(n->block);
	free(n->name);
	grub2_node_free(n->cond);
	grub2_node_free(n->body);
	grub2_node_free(n->els);
	for (size_t i = 0; i < n->n_kids; i++)
		grub2_node_free(n->kids[i]);
	free(n->kids);
	free(n);
}

/* Take one node or word from the budget. Out of budget reads to callers as
 * out of memory (they only unwind); grub2_parse_unit tells them apart. */
static bool spend(struct parser *p)
{
	if (!*p->budget) {
		p->spent = true;
		return false;
	}
	--*p->budget;
	return true;
}

static struct g2_node *node_new(struct parser *p, enum g2_node_type type, unsigned line)
{
	struct g2_node *n = spend(p) ? calloc(1, sizeof(*n)) : NULL;

	if (n) {
		n->type = type;
		n->line = line;
		n->file = p->file;
	}
	return n;
}

static int list_add(struct g2_node *list, struct g2_node *kid)
{
	struct g2_node **k = array_grow(list->kids, list->n_kids, sizeof(struct g2_node *));

	if (!k)
		return -ENOMEM;
	list->kids = k;
	k[list->n_kids++] = kid;
	return 0;
}

static int cur(struct parser *p, struct g2_token **t)
{
	int r = 0;

	if (!p->have) {
		r = grub2_lex_next(p->lx, &p->tok);
		p->have = true;
	}
	*t = &p->tok;
	return r == -ENOMEM ? r : 0;
}

static void drop(struct parser *p)
{
	grub2_token_release(&p->tok);
	p->have = false;
}

static const char *describe(const struct g2_token *t, char *buf, size_t len)
{
	switch (t->type) {
	case G2_TOK_NEWLINE:
		return "end of line";
	case G2_TOK_EOF:
		return "end of file";
	case G2_TOK_SEMI:
		return "';'";
	case G2_TOK_LBRACE:
		return "'{'";
	case G2_TOK_RBRACE:
		return "'}'";
	case G2_TOK_OTHER:
		snprintf(buf, len, "'%s'", t->text);
		return buf;
	case G2_TOK_WORD:
	case G2_TOK_ERROR:
		break;
	}
	if (t->type == G2_TOK_WORD && t->word.n_parts == 1)
		snprintf(buf, len, "'%s'", t->word.parts[0].str);
	else
		snprintf(buf, len, "word");
	return buf;
}

static int syntax_error(struct parser *p, const struct g2_token *t, const char *what)
{
	char buf[64];

	p->err->line = t->line;
	if (t->type == G2_TOK_ERROR)
		snprintf(p->err->msg, sizeof(p->err->msg), "%s", p->lx->errmsg ? p->lx->errmsg : "syntax error");
	else if (what)
		snprintf(p->err->msg, sizeof(p->err->msg), "syntax error: %s expected before %s", what,
			 describe(t, buf, sizeof(buf)));
	else
		snprintf(p->err->msg, sizeof(p->err->msg), "syntax error: unexpected %s",
			 describe(t, buf, sizeof(buf)));
	return -EINVAL;
}

static int expect_kw(struct parser *p, enum g2_kw kw, const char *name)
{
	struct g2_token *t;
	int r = cur(p, &t);

	if (r < 0)
		return r;
	if (t->type != G2_TOK_WORD || t->kw != kw)
		return syntax_error(p, t, name);
	drop(p);
	return 0;
}

static int parse_command(struct parser *p, struct g2_node **out);

static bool ends_list(const struct g2_token *t)
{
	if (t->type == G2_TOK_RBRACE || t->type == G2_TOK_EOF)
		return true;
	if (t->type != G2_TOK_WORD)
		return false;
	switch (t->kw) {
	case G2_KW_THEN:
	case G2_KW_ELIF:
	case G2_KW_ELSE:
	case G2_KW_FI:
	case G2_KW_DO:
	case G2_KW_DONE:
		return true;
	default:
		return false;
	}
}

static int skip_newlines(struct parser *p)
{
	struct g2_token *t;

	for (;;) {
		int r = cur(p, &t);

		if (r < 0 || t->type != G2_TOK_NEWLINE)
			return r;
		drop(p);
	}
}

/* commands1 [delimiters]: at least one command. *delim tells whether the
 * list ended with delimiters, which "then", "fi", "do", "done" need. */
static int parse_commands(struct parser *p, struct g2_node **out, bool *delim)
{
	struct g2_node *list = NULL, *cmd = NULL;
	struct g2_token *t;
	int r;

	r = skip_newlines(p);
	if (r < 0)
		return r;
	cur(p, &t);
	list = node_new(p, G2_NODE_LIST, t->line);
	if (!list)
		return -ENOMEM;
	*delim = false;
	for (;;) {
		r = parse_command(p, &cmd);
		if (r < 0)
			goto fail;
		r = list_add(list, cmd);
		if (r < 0) {
			grub2_node_free(cmd);
			goto fail;
		}
		r = cur(p, &t);
		if (r < 0)
			goto fail;
		if (t->type != G2_TOK_SEMI && t->type != G2_TOK_NEWLINE) {
			*delim = false;
			break;
		}
		drop(p);
		r = skip_newlines(p);
		if (r < 0)
			goto fail;
		*delim = true;
		cur(p, &t);
		if (ends_list(t))
			break;
	}
	*out = list;
	return 0;
fail:
	grub2_node_free(list);
	return r;
}

static int parse_block(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	bool delim;
	int r;

	drop(p); /* '{' */
	r = parse_commands(p, out, &delim);
	if (r < 0)
		return r;
	r = cur(p, &t);
	if (r < 0 || t->type != G2_TOK_RBRACE) {
		grub2_node_free(*out);
		*out = NULL;
		return r < 0 ? r : syntax_error(p, t, "'}'");
	}
	drop(p);
	return 0;
}

static int add_word(struct g2_node *n, struct g2_word *w)
{
	struct g2_word *nw = array_grow(n->words, n->n_words, sizeof(*nw));

	if (!nw)
		return -ENOMEM;
	n->words = nw;
	nw[n->n_words++] = *w;
	memset(w, 0, sizeof(*w));
	return 0;
}

/* Words up to the first token that is not one; reserved words count too. */
static int parse_words(struct parser *p, struct g2_node *n)
{
	struct g2_token *t;

	for (;;) {
		int r = cur(p, &t);

		if (r < 0)
			return r;
		if (t->type != G2_TOK_WORD)
			return 0;
		if (!spend(p))
			return -ENOMEM;
		r = add_word(n, &t->word);
		if (r < 0)
			return r;
		drop(p);
	}
}

static int parse_grubcmd(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	struct g2_node *n;
	int r;

	cur(p, &t);
	n = node_new(p, G2_NODE_CMD, t->line);
	if (!n)
		return -ENOMEM;
	r = parse_words(p, n);
	if (r < 0)
		goto fail;
	r = cur(p, &t);
	if (r < 0)
		goto fail;
	if (t->type == G2_TOK_LBRACE) {
		r = parse_block(p, &n->block);
		if (r < 0)
			goto fail;
	}
	*out = n;
	return 0;
fail:
	grub2_node_free(n);
	return r;
}

static int need_delim(struct parser *p, bool delim, const char *what)
{
	struct g2_token *t;

	if (delim)
		return 0;
	cur(p, &t);
	return syntax_error(p, t, what);
}

/* ifclause: cond; then body; [else body | elif ifclause] - no "fi". */
static int parse_ifclause(struct parser *p, unsigned line, struct g2_node **out)
{
	struct g2_node *n = node_new(p, G2_NODE_IF, line);
	struct g2_token *t;
	bool delim;
	int r;

	if (!n)
		return -ENOMEM;
	r = parse_commands(p, &n->cond, &delim);
	if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0 ||
	    (r = expect_kw(p, G2_KW_THEN, "'then'")) < 0)
		goto fail;
	r = parse_commands(p, &n->body, &delim);
	if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0)
		goto fail;
	r = cur(p, &t);
	if (r < 0)
		goto fail;
	if (t->type == G2_TOK_WORD && t->kw == G2_KW_ELSE) {
		drop(p);
		r = parse_commands(p, &n->els, &delim);
		if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0)
			goto fail;
	} else if (t->type == G2_TOK_WORD && t->kw == G2_KW_ELIF) {
		unsigned l = t->line;

		drop(p);
		r = parse_ifclause(p, l, &n->els);
		if (r < 0)
			goto fail;
	}
	*out = n;
	return 0;
fail:
	grub2_node_free(n);
	return r;
}

static int parse_if(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	unsigned line;
	int r;

	cur(p, &t);
	line = t->line;
	drop(p);
	r = parse_ifclause(p, line, out);
	if (r < 0)
		return r;
	r = expect_kw(p, G2_KW_FI, "'fi'");
	if (r < 0) {
		grub2_node_free(*out);
		*out = NULL;
	}
	return r;
}

static int parse_loop_body(struct parser *p, struct g2_node *n)
{
	bool delim;
	int r = expect_kw(p, G2_KW_DO, "'do'");

	if (r < 0)
		return r;
	r = parse_commands(p, &n->body, &delim);
	if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0)
		return r;
	return expect_kw(p, G2_KW_DONE, "'done'");
}

/* "for NAME" and "function NAME": a node for the keyword at hand, named by
 * the plain word that follows it (what names it in the syntax error). */
static int parse_named(struct parser *p, enum g2_node_type type, const char *what,
		       struct g2_node **out)
{
	struct g2_token *t;
	struct g2_node *n;
	int r;

	cur(p, &t);
	n = node_new(p, type, t->line);
	if (!n)
		return -ENOMEM;
	drop(p);
	r = cur(p, &t);
	if (r < 0)
		goto fail;
	if (t->type != G2_TOK_WORD || !t->is_name || t->kw != G2_KW_NONE) {
		r = syntax_error(p, t, what);
		goto fail;
	}
	n->name = strdup(t->word.parts[0].str);
	if (!n->name) {
		r = -ENOMEM;
		goto fail;
	}
	drop(p);
	*out = n;
	return 0;
fail:
	grub2_node_free(n);
	return r;
}

static int parse_for(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	struct g2_node *n = NULL;
	int r = parse_named(p, G2_NODE_FOR, "variable name", &n);

	if (r < 0)
		return r;
	r = expect_kw(p, G2_KW_IN, "'in'");
	if (r < 0)
		goto fail;
	r = parse_words(p, n);
	if (r < 0)
		goto fail;
	r = cur(p, &t);
	if (r < 0)
		goto fail;
	if (t->type != G2_TOK_SEMI && t->type != G2_TOK_NEWLINE) {
		r = syntax_error(p, t, "';' or newline");
		goto fail;
	}
	drop(p);
	r = skip_newlines(p);
	if (r < 0 || (r = parse_loop_body(p, n)) < 0)
		goto fail;
	*out = n;
	return 0;
fail:
	grub2_node_free(n);
	return r;
}

static int parse_while(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	struct g2_node *n;
	bool delim;
	int r;

	cur(p, &t);
	n = node_new(p, t->kw == G2_KW_WHILE ? G2_NODE_WHILE : G2_NODE_UNTIL, t->line);
	if (!n)
		return -ENOMEM;
	drop(p);
	r = parse_commands(p, &n->cond, &delim);
	if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0 ||
	    (r = parse_loop_body(p, n)) < 0) {
		grub2_node_free(n);
		return r;
	}
	*out = n;
	return 0;
}

static int parse_function(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	struct g2_node *n = NULL;
	bool delim;
	int r = parse_named(p, G2_NODE_FUNC, "function name", &n);

	if (r < 0)
		return r;
	r = skip_newlines(p);
	if (r < 0)
		goto fail;
	cur(p, &t);
	if (t->type != G2_TOK_LBRACE) {
		r = syntax_error(p, t, "'{'");
		goto fail;
	}
	drop(p);
	r = parse_commands(p, &n->body, &delim);
	if (r < 0 || (r = need_delim(p, delim, "';' or newline")) < 0)
		goto fail;
	r = cur(p, &t);
	if (r < 0)
		goto fail;
	if (t->type != G2_TOK_RBRACE) {
		r = syntax_error(p, t, "'}'");
		goto fail;
	}
	drop(p);
	*out = n;
	return 0;
fail:
	grub2_node_free(n);
	return r;
}

static int parse_command(struct parser *p, struct g2_node **out)
{
	struct g2_token *t;
	int r = cur(p, &t);

	if (r < 0)
		return r;
	if (t->type != G2_TOK_WORD)
		return syntax_error(p, t, NULL);
	if (p->depth >= G2_PARSE_DEPTH_MAX) {
		p->err->line = t->line;
		snprintf(p->err->msg, sizeof(p->err->msg), "commands nested too deeply");
		return -ELOOP;
	}
	p->depth++;
	switch (t->kw) {
	case G2_KW_NONE:
		r = parse_grubcmd(p, out);
		break;
	case G2_KW_IF:
		r = parse_if(p, out);
		break;
	case G2_KW_FOR:
		r = parse_for(p, out);
		break;
	case G2_KW_WHILE:
	case G2_KW_UNTIL:
		r = parse_while(p, out);
		break;
	default:
		r = syntax_error(p, t, NULL);
		break;
	}
	p->depth--;
	return r;
}

int grub2_parse_unit(struct g2_lexer *lx, const char *file, size_t *budget, struct g2_node **out,
		     struct g2_parse_error *err)
{
	struct parser p = { .lx = lx, .file = file, .err = err, .budget = budget };
	struct g2_node *list = NULL, *n = NULL;
	struct g2_token *t;
	int r;

	*out = NULL;
	r = skip_newlines(&p);
	if (r < 0)
		goto fail;
	cur(&p, &t);
	if (t->type == G2_TOK_EOF) {
		drop(&p);
		return 0;
	}
	list = node_new(&p, G2_NODE_LIST, t->line);
	if (!list) {
		r = -ENOMEM;
		goto fail;
	}
	for (;;) {
		if (t->type == G2_TOK_WORD && t->kw == G2_KW_FUNCTION)
			r = parse_function(&p, &n);
		else
			r = parse_command(&p, &n);
		if (r < 0)
			goto fail;
		r = list_add(list, n);
		if (r < 0) {
			grub2_node_free(n);
			goto fail;
		}
		r = cur(&p, &t);
		if (r < 0)
			goto fail;
		if (t->type == G2_TOK_SEMI) {
			drop(&p);
			cur(&p, &t);
			if (t->type == G2_TOK_NEWLINE || t->type == G2_TOK_EOF)
				break;
			continue;
		}
		if (t->type == G2_TOK_NEWLINE || t->type == G2_TOK_EOF)
			break;
		r = syntax_error(&p, t, NULL);
		goto fail;
	}
	drop(&p);
	*out = list;
	return 0;
fail:
	if (p.spent) {
		r = -E2BIG;
		err->line = grub2_lex_line(lx);
		snprintf(err->msg, sizeof(err->msg), "more than %u commands and words parsed, giving up",
			 G2_PARSED_MAX);
	}
	if (r != -ENOMEM && p.have && p.tok.type != G2_TOK_NEWLINE && p.tok.type != G2_TOK_EOF)
		grub2_lex_skip_line(lx);
	if (p.have)
		drop(&p);
	grub2_node_free(list);
	return r;
}
