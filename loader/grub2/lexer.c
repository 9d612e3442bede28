/* lexer.c - GRUB 2 script tokens, following grub-core/script/yylex.l. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../strbuf.h"
#include "array.h"
#include "script.h"

void grub2_lex_init(struct g2_lexer *lx, const char *buf, size_t len,
		    const unsigned *linemap, size_t n_linemap)
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = len;
	lx->linemap = linemap;
	lx->n_linemap = n_linemap;
}

unsigned grub2_lex_line(const struct g2_lexer *lx)
{
	if (!lx->linemap || !lx->n_linemap)
		return lx->idx + 1;
	if (lx->idx < lx->n_linemap)
		return lx->linemap[lx->idx];
	return lx->linemap[lx->n_linemap - 1] + (lx->idx - (unsigned)lx->n_linemap) + 1;
}

int grub2_lex_prepare(const char *data, size_t len, char **out, size_t *out_len,
		      unsigned **linemap, size_t *n_linemap)
{
	struct strbuf sb;
	unsigned *map = NULL;
	size_t n_map = 0, alloc = 0;
	unsigned line = 0;
	size_t i = 0;

	strbuf_init(&sb);
	while (i < len) {
		size_t start = i, end;
		bool skip;

		line++;
		while (i < len && data[i] != '\n')
			i++;
		end = i;
		if (i < len)
			i++;
		/* grub_file_getline drops every '\r'; read_config_file_getline
		 * then drops lines whose first character is '#'. */
		while (start < end && data[start] == '\r')
			start++;
		skip = start < end && data[start] == '#';
		if (skip)
			continue;
		for (size_t k = start; k < end; k++) {
			if (data[k] == '\r')
				continue;
			if (data[k] == '\0')
				break; /* the line ends where GRUB's strings end */
			if (strbuf_addch(&sb, data[k]) < 0)
				goto oom;
		}
		if (strbuf_addch(&sb, '\n') < 0)
			goto oom;
		if (n_map == alloc) {
			size_t na = alloc ? alloc * 2 : 256;
			unsigned *nm = realloc(map, na * sizeof(*nm));

			if (!nm)
				goto oom;
			map = nm;
			alloc = na;
		}
		map[n_map++] = line;
	}
	*out_len = sb.len;
	*out = strbuf_detach(&sb);
	if (!*out) {
		free(map);
		return -ENOMEM;
	}
	*linemap = map;
	*n_linemap = n_map;
	return 0;
oom:
	strbuf_release(&sb);
	free(map);
	return -ENOMEM;
}

void grub2_word_release(struct g2_word *w)
{
	for (size_t i = 0; i < w->n_parts; i++)
		free(w->parts[i].str);
	free(w->parts);
	w->parts = NULL;
	w->n_parts = 0;
}

void grub2_token_release(struct g2_token *tok)
{
	grub2_word_release(&tok->word);
	memset(tok, 0, sizeof(*tok));
}

static int peek(const struct g2_lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? (unsigned char)lx->buf[lx->pos + ahead] : -1;
}

static void advance(struct g2_lexer *lx)
{
	if (lx->pos < lx->len) {
		if (lx->buf[lx->pos] == '\n')
			lx->idx++;
		lx->pos++;
	}
}

/* Characters that may appear unquoted in a word (yylex.l's CHAR). */
static bool is_word_char(int c)
{
	return c >= 0 && !strchr("{}|&$;<> \t\n'\"\\", c) && c != '\0';
}

static bool is_alpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int add_part(struct g2_word *w, enum g2_part_type type, struct strbuf *sb)
{
	struct g2_part *n = array_grow(w->parts, w->n_parts, sizeof(*n));
	char *s;

	if (!n)
		return -ENOMEM;
	w->parts = n;
	s = strbuf_detach(sb);
	if (!s)
		return -ENOMEM;
	n[w->n_parts].type = type;
	n[w->n_parts].str = s;
	w->n_parts++;
	return 0;
}

/* Flush literal text collected in sb as a part of the given type; empty
 * text is only kept for quoted strings, where "" is still an argument. */
static int flush(struct g2_word *w, enum g2_part_type type, struct strbuf *sb, bool keep_empty)
{
	if (!sb->len && !keep_empty)
		return 0;
	return add_part(w, type, sb);
}

static int lex_error(struct g2_lexer *lx, const char *msg)
{
	lx->err = -EINVAL;
	lx->errmsg = msg;
	return -EINVAL;
}

/* After '$': NAME, DIGITS, one of ?#*@, or the same in braces. */
static int lex_var(struct g2_lexer *lx, struct g2_word *w, bool quoted)
{
	struct strbuf name;
	bool brace = false;
	int c, r;

	strbuf_init(&name);
	if (peek(lx, 0) == '{') {
		brace = true;
		advance(lx);
	}
	c = peek(lx, 0);
	if (is_alpha_(c)) {
		while (is_alpha_(peek(lx, 0)) || is_digit(peek(lx, 0))) {
			if (strbuf_addch(&name, (char)peek(lx, 0)) < 0)
				goto oom;
			advance(lx);
		}
	} else if (is_digit(c)) {
		while (is_digit(peek(lx, 0))) {
			if (strbuf_addch(&name, (char)peek(lx, 0)) < 0)
				goto oom;
			advance(lx);
		}
	} else if (c == '?' || c == '#' || c == '*' || c == '@') {
		if (strbuf_addch(&name, (char)c) < 0)
			goto oom;
		advance(lx);
	} else {
		strbuf_release(&name);
		return lex_error(lx, "invalid variable name after '$'");
	}
	if (brace) {
		if (peek(lx, 0) != '}') {
			strbuf_release(&name);
			return lex_error(lx, "invalid variable name after '$'");
		}
		advance(lx);
	}
	r = add_part(w, quoted ? G2_PART_DQVAR : G2_PART_VAR, &name);
	if (r < 0)
		goto oom;
	return 0;
oom:
	strbuf_release(&name);
	return -ENOMEM;
}

/* "…": \$ \\ \" and \<newline> are escapes, any other backslash stays. */
static int lex_dquote(struct g2_lexer *lx, struct g2_word *w)
{
	struct strbuf sb;
	int r;

	strbuf_init(&sb);
	advance(lx); /* the opening quote */
	for (;;) {
		int c = peek(lx, 0);

		if (c < 0) {
			strbuf_release(&sb);
			return lex_error(lx, "unterminated double-quoted string");
		}
		if (c == '"') {
			advance(lx);
			break;
		}
		if (c == '\\') {
			int n = peek(lx, 1);

			if (n == '$' || n == '\\' || n == '"') {
				advance(lx);
				advance(lx);
				r = strbuf_addch(&sb, (char)n);
			} else if (n == '\n') {
				advance(lx);
				advance(lx);
				r = 0;
			} else {
				advance(lx);
				r = strbuf_addch(&sb, '\\');
			}
		} else if (c == '$') {
			/* GRUB emits the text so far (even empty) before each variable. */
			r = flush(w, G2_PART_DQ, &sb, true);
			if (r < 0)
				goto fail;
			advance(lx);
			r = lex_var(lx, w, true);
			if (r < 0)
				goto fail;
			continue;
		} else {
			r = strbuf_addch(&sb, (char)c);
			advance(lx);
		}
		if (r < 0)
			goto fail;
	}
	r = flush(w, G2_PART_DQ, &sb, true);
	if (r < 0)
		goto fail;
	return 0;
fail:
	strbuf_release(&sb);
	return r;
}

static int lex_squote(struct g2_lexer *lx, struct g2_word *w)
{
	struct strbuf sb;

	strbuf_init(&sb);
	advance(lx);
	for (;;) {
		int c = peek(lx, 0);

		if (c < 0) {
			strbuf_release(&sb);
			return lex_error(lx, "unterminated single-quoted string");
		}
		advance(lx);
		if (c == '\'')
			break;
		if (strbuf_addch(&sb, (char)c) < 0) {
			strbuf_release(&sb);
			return -ENOMEM;
		}
	}
	if (add_part(w, G2_PART_SQ, &sb) < 0) {
		strbuf_release(&sb);
		return -ENOMEM;
	}
	return 0;
}

static const struct {
	const char *name;
	enum g2_kw kw;
} keywords[] = {
	{ "if", G2_KW_IF }, { "then", G2_KW_THEN }, { "elif", G2_KW_ELIF },
	{ "else", G2_KW_ELSE }, { "fi", G2_KW_FI }, { "for", G2_KW_FOR },
	{ "in", G2_KW_IN }, { "do", G2_KW_DO }, { "done", G2_KW_DONE },
	{ "while", G2_KW_WHILE }, { "until", G2_KW_UNTIL },
	{ "function", G2_KW_FUNCTION }, { "case", G2_KW_CASE },
	{ "esac", G2_KW_ESAC }, { "select", G2_KW_SELECT },
};

static int lex_word(struct g2_lexer *lx, struct g2_token *tok)
{
	struct strbuf text;
	bool plain = true;
	int r = 0;

	strbuf_init(&text);
	for (;;) {
		int c = peek(lx, 0);

		if (is_word_char(c)) {
			r = strbuf_addch(&text, (char)c);
			advance(lx);
		} else if (c == '\\') {
			int n = peek(lx, 1);

			plain = false;
			advance(lx);
			if (n == '\n')
				advance(lx);
			else if (n >= 0) {
				r = strbuf_addch(&text, (char)n);
				advance(lx);
			}
		} else if (c == '\'' || c == '"' || c == '$') {
			plain = false;
			r = flush(&tok->word, G2_PART_TEXT, &text, false);
			if (r < 0)
				break;
			if (c == '\'')
				r = lex_squote(lx, &tok->word);
			else if (c == '"')
				r = lex_dquote(lx, &tok->word);
			else if (peek(lx, 1) == '"') {
				/* $"…" is GRUB's translated string; no catalogue here. */
				advance(lx);
				r = lex_dquote(lx, &tok->word);
			} else {
				advance(lx);
				r = lex_var(lx, &tok->word, false);
			}
		} else {
			break;
		}
		if (r < 0)
			break;
	}
	if (r < 0) {
		strbuf_release(&text);
		return r;
	}
	if (plain) {
		/* Every word passes here: compare the first byte before the rest. */
		for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if (text.buf[0] == keywords[i].name[0] && !strcmp(text.buf, keywords[i].name)) {
				tok->kw = keywords[i].kw;
				break;
			}
		tok->is_name = text.len && is_alpha_((unsigned char)text.buf[0]);
		for (size_t i = 0; tok->is_name && i < text.len; i++)
			if (!is_alpha_((unsigned char)text.buf[i]) && !is_digit((unsigned char)text.buf[i]))
				tok->is_name = false;
	}
	r = flush(&tok->word, G2_PART_TEXT, &text, false);
	if (r < 0) {
		strbuf_release(&text);
		return r;
	}
	return 0;
}

void grub2_lex_skip_line(struct g2_lexer *lx)
{
	while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
		lx->pos++;
	advance(lx);
}

int grub2_lex_next(struct g2_lexer *lx, struct g2_token *tok)
{
	int c, r;

	memset(tok, 0, sizeof(*tok));
	for (;;) {
		c = peek(lx, 0);
		if (c == ' ' || c == '\t') {
			advance(lx);
		} else if (c == '\\' && peek(lx, 1) == '\n') {
			advance(lx);
			advance(lx);
		} else if (c == '#') {
			while (peek(lx, 0) >= 0 && peek(lx, 0) != '\n')
				advance(lx);
		} else {
			break;
		}
	}
	tok->line = grub2_lex_line(lx);
	if (c < 0) {
		tok->type = G2_TOK_EOF;
		return 0;
	}
	switch (c) {
	case '\n':
		advance(lx);
		tok->type = G2_TOK_NEWLINE;
		return 0;
	case ';':
		advance(lx);
		if (peek(lx, 0) == ';') {
			advance(lx);
			tok->type = G2_TOK_OTHER;
			tok->text = ";;";
		} else {
			tok->type = G2_TOK_SEMI;
		}
		return 0;
	case '{':
		advance(lx);
		tok->type = G2_TOK_LBRACE;
		return 0;
	case '}':
		advance(lx);
		tok->type = G2_TOK_RBRACE;
		return 0;
	case '|':
	case '&':
	case '<':
	case '>':
		advance(lx);
		tok->type = G2_TOK_OTHER;
		if ((c == '|' || c == '&') && peek(lx, 0) == c) {
			advance(lx);
			tok->text = c == '|' ? "||" : "&&";
		} else {
			tok->text = c == '|' ? "|" : c == '&' ? "&" : c == '<' ? "<" : ">";
		}
		return 0;
	default:
		break;
	}
	tok->type = G2_TOK_WORD;
	r = lex_word(lx, tok);
	if (r < 0) {
		unsigned line = tok->line;

		grub2_token_release(tok);
		tok->line = line;
		tok->type = G2_TOK_ERROR;
		if (r != -ENOMEM)
			return -EINVAL;
	}
	return r;
}
