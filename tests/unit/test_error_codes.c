/* Every stable error code is in docs/errors.md, and everything there is
 * still used.
 *
 * A code is "used" when it is a row of core/base/errtable.c, or a string
 * literal passed where a function takes a parameter named `code`
 * (error_set, store_err, seal_err, auth_fail, ...): the declarations in
 * core/, tui/ and cli/ are read to find those functions and positions, so
 * a new helper that takes a code is covered without changing this test. */
#include "t.h"
#include "srcfile.h"
#include "errtable.h"
#include "util.h"
#include <ctype.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const src_dirs[] = {"core", "tui", "cli", NULL};

/* ---- a set of strings ---------------------------------------------------- */

struct strset {
	char **v;
	size_t n;
};

static bool set_has(const struct strset *s, const char *str)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], str))
			return true;
	return false;
}

static void set_add(struct strset *s, const char *str)
{
	if (set_has(s, str))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(char *));
	s->v[s->n++] = xstrdup(str);
}

static void set_free(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

/* ---- a C tokenizer, just enough for calls and declarations ------------- */

enum tok { T_END, T_IDENT, T_STRING, T_PUNCT };

struct lexer {
	const char *p;
	bool line_start;
	char text[256]; /* the identifier or the string's contents */
	char punct;
};

/* Skips white space, comments and preprocessor lines (an #include's file
 * name is not a code). */
static void skip_space(struct lexer *lx)
{
	for (;;) {
		if (*lx->p == '\n')
			lx->line_start = true;
		if (isspace((unsigned char)*lx->p)) {
			lx->p++;
		} else if (lx->p[0] == '/' && lx->p[1] == '/') {
			lx->p += strcspn(lx->p, "\n");
		} else if (lx->p[0] == '/' && lx->p[1] == '*') {
			const char *end = strstr(lx->p + 2, "*/");
			lx->p = end ? end + 2 : lx->p + strlen(lx->p);
		} else if (*lx->p == '#' && lx->line_start) {
			while (*lx->p && (*lx->p != '\n' || lx->p[-1] == '\\'))
				lx->p++;
		} else {
			return;
		}
	}
}

/* A string or character literal starting at lx->p; keeps its contents. */
static void read_quoted(struct lexer *lx)
{
	char q = *lx->p++;
	size_t n = 0;
	while (*lx->p && *lx->p != q) {
		if (*lx->p == '\\' && lx->p[1])
			lx->p++;
		if (n + 1 < sizeof(lx->text))
			lx->text[n++] = *lx->p;
		lx->p++;
	}
	lx->text[n] = 0;
	if (*lx->p)
		lx->p++;
}

static enum tok next_token(struct lexer *lx)
{
	skip_space(lx);
	lx->line_start = false;
	if (!*lx->p)
		return T_END;
	if (isalpha((unsigned char)*lx->p) || *lx->p == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)*lx->p) || *lx->p == '_') {
			if (n + 1 < sizeof(lx->text))
				lx->text[n++] = *lx->p;
			lx->p++;
		}
		lx->text[n] = 0;
		return T_IDENT;
	}
	if (*lx->p == '"' || *lx->p == '\'') {
		lx->punct = *lx->p; /* a character literal is punctuation here */
		read_quoted(lx);
		return lx->punct == '"' ? T_STRING : T_PUNCT;
	}
	lx->punct = *lx->p++;
	return T_PUNCT;
}

/* ---- the functions that take a code, and where ----------------------- */

/* A function with a parameter named code, and the positions of that one
 * and of its exit and stage parameters (-1 when it has none). */
struct code_fn {
	char name[64];
	int code, exit, stage;
};

static struct {
	struct code_fn v[64];
	size_t n;
} code_fns;

static const struct code_fn *code_fn_find(const char *fn)
{
	for (size_t i = 0; i < code_fns.n; i++)
		if (!strcmp(code_fns.v[i].name, fn))
			return &code_fns.v[i];
	return NULL;
}

/* Notes the position of a parameter if it is one of those we follow. */
static void note_param(struct code_fn *f, const char *param, int pos)
{
	if (!strcmp(param, "code"))
		f->code = pos;
	else if (!strcmp(param, "exit"))
		f->exit = pos;
	else if (!strcmp(param, "stage"))
		f->stage = pos;
}

/* After "name (" at file level: keeps name when a parameter is called code. */
static void read_params(struct lexer *lx, const char *name)
{
	struct code_fn f = {.code = -1, .exit = -1, .stage = -1};
	int depth = 1, arg = 0;
	char last[64] = "";
	enum tok t;
	while (depth > 0 && (t = next_token(lx)) != T_END) {
		if (t == T_IDENT && depth == 1)
			str_copy(last, sizeof(last), lx->text);
		if (t != T_PUNCT)
			continue;
		depth += lx->punct == '(' ? 1 : lx->punct == ')' ? -1 : 0;
		if ((lx->punct == ',' && depth == 1) || depth == 0)
			note_param(&f, last, arg++);
	}
	str_copy(f.name, sizeof(f.name), name);
	if (f.code >= 0 && !code_fn_find(name) && code_fns.n < 64)
		code_fns.v[code_fns.n++] = f;
}

static void find_code_fns(const char *path, void *unused)
{
	char *text = src_read(path, NULL), name[64] = "";
	struct lexer lx = {.p = text ? text : "", .line_start = true};
	int braces = 0;
	enum tok t;
	(void)unused;
	while ((t = next_token(&lx)) != T_END) {
		if (t == T_PUNCT && lx.punct == '(' && braces == 0 && name[0])
			read_params(&lx, name);
		if (t == T_PUNCT && (lx.punct == '{' || lx.punct == '}'))
			braces += lx.punct == '{' ? 1 : -1;
		if (t == T_IDENT)
			str_copy(name, sizeof(name), lx.text);
		else
			name[0] = 0;
	}
	free(text);
}

/* ---- the codes passed to them ---------------------------------------- */

struct frame {
	const struct code_fn *fn; /* the called function, if it takes a code */
	int arg;
	int exit;      /* the EXIT_* constant given, or -1 */
	char stage[32]; /* the stage literal given, or "?" */
};

/* Where a code is set, with the exit code and stage given with it. */
struct site {
	char code[64], stage[32];
	int exit;
};

struct usage {
	struct strset codes;   /* every code passed to a code parameter */
	struct strset lookups; /* those passed to functions that read errtable */
	struct site *sites;    /* the calls that also give an exit code or stage */
	size_t nsites;
};

static void usage_free(struct usage *u)
{
	set_free(&u->codes), set_free(&u->lookups);
	free(u->sites);
}

static int exit_value(const char *name)
{
	static const struct {
		const char *name;
		int value;
	} exits[] = {{"EXIT_USAGE", EXIT_USAGE}, {"EXIT_INPUT", EXIT_INPUT}, {"EXIT_NETWORK", EXIT_NETWORK},
		     {"EXIT_TLS", EXIT_TLS},     {"EXIT_AUTH", EXIT_AUTH},   {"EXIT_API", EXIT_API},
		     {"EXIT_STORE", EXIT_STORE}, {"EXIT_CANCELLED", EXIT_CANCELLED}};
	for (size_t i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
		if (!strcmp(exits[i].name, name))
			return exits[i].value;
	return -1;
}

static bool reads_errtable(const char *fn)
{
	return !strcmp(fn, "auth_fail") || !strcmp(fn, "auth_fail_sys") || !strcmp(fn, "errtable_for_code");
}

static void on_code(const struct frame *f, const char *code, struct usage *u)
{
	set_add(&u->codes, code);
	if (reads_errtable(f->fn->name))
		set_add(&u->lookups, code);
	if (f->fn->exit < 0 && f->fn->stage < 0)
		return;
	u->sites = xrealloc(u->sites, (u->nsites + 1) * sizeof(struct site));
	str_copy(u->sites[u->nsites].code, sizeof(u->sites[0].code), code);
	str_copy(u->sites[u->nsites].stage, sizeof(u->sites[0].stage), f->stage);
	u->sites[u->nsites++].exit = f->exit;
}

/* An argument token inside a call of a function that takes a code. */
static void on_arg(struct frame *f, enum tok t, const char *text, struct usage *u)
{
	if (!f->fn)
		return;
	if (t == T_IDENT && f->arg == f->fn->exit)
		f->exit = exit_value(text);
	else if (t == T_STRING && f->arg == f->fn->stage)
		str_copy(f->stage, sizeof(f->stage), text);
	else if (t == T_STRING && f->arg == f->fn->code)
		on_code(f, text, u);
}

static void push(struct frame *f, const char *called)
{
	*f = (struct frame){.fn = code_fn_find(called), .exit = -1, .stage = "?"};
}

static void find_codes(const char *path, void *arg)
{
	struct usage *u = arg;
	char *text = src_read(path, NULL), name[64] = "";
	struct lexer lx = {.p = text ? text : "", .line_start = true};
	struct frame stack[64];
	int top = 0;
	enum tok t;
	push(&stack[0], "");
	while ((t = next_token(&lx)) != T_END) {
		bool open = t == T_PUNCT && (lx.punct == '(' || lx.punct == '{');
		if (open && top + 1 < 64)
			push(&stack[++top], lx.punct == '(' ? name : "");
		else if (t == T_PUNCT && (lx.punct == ')' || lx.punct == '}') && top > 0)
			top--;
		else if (t == T_PUNCT && lx.punct == ',')
			stack[top].arg++;
		else
			on_arg(&stack[top], t, lx.text, u);
		str_copy(name, sizeof(name), t == T_IDENT ? lx.text : "");
	}
	free(text);
}

static void scan_sources(struct usage *u)
{
	static bool fns_found;
	if (!fns_found)
		for (int i = 0; src_dirs[i]; i++)
			src_each_c(src_dirs[i], find_code_fns, NULL);
	fns_found = true;
	for (int i = 0; src_dirs[i]; i++)
		src_each_c(src_dirs[i], find_codes, u);
}

/* ---- docs/errors.md ------------------------------------------------------ */

struct doc_row {
	char code[64], exit[16], stage[32];
};

struct doc {
	struct doc_row *rows;
	size_t n;
	bool duplicate;
};

/* Copies the n-th " | "-separated cell of a table line, trimmed. */
static void cell(const char *line, int n, char *out, size_t size)
{
	const char *p = line + 1;
	for (int i = 0; i < n && p; i++)
		p = strchr(p, '|'), p = p ? p + 1 : NULL;
	size_t len = p ? strcspn(p, "|\n") : 0;
	while (len && p[len - 1] == ' ')
		len--;
	while (len && *p == ' ')
		p++, len--;
	str_fmt(out, size, "%.*s", (int)len, p ? p : "");
}

static const struct doc_row *doc_find(const struct doc *d, const char *code)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->rows[i].code, code))
			return &d->rows[i];
	return NULL;
}

static const char *next_line(const char *line)
{
	line += strcspn(line, "\n");
	return *line ? line + 1 : line;
}

/* The rows whose first cell is a `code`, of one page. */
static bool doc_read_file(struct doc *d, const char *rel)
{
	char *text = src_read(rel, NULL);
	bool found = text != NULL;
	for (const char *line = text; line && *line; line = next_line(line)) {
		struct doc_row r;
		if (strncmp(line, "| `", 3))
			continue;
		str_fmt(r.code, sizeof(r.code), "%.*s", (int)strcspn(line + 3, "`"), line + 3);
		cell(line, 1, r.exit, sizeof(r.exit));
		cell(line, 2, r.stage, sizeof(r.stage));
		d->duplicate |= doc_find(d, r.code) != NULL;
		d->rows = xrealloc(d->rows, (d->n + 1) * sizeof(r));
		d->rows[d->n++] = r;
	}
	free(text);
	return found;
}

/* docs/errors.md, the one list of codes. */
static bool doc_read(struct doc *d)
{
	return doc_read_file(d, "docs/errors.md");
}

/* ---- the checks ------------------------------------------------------------ */

static bool dotted(const char *code)
{
	regex_t re;
	bool ok;
	regcomp(&re, "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$", REG_EXTENDED | REG_NOSUB);
	ok = regexec(&re, code, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static void fail(const char *what, const char *code)
{
	fprintf(stderr, "  %s: %s\n", code, what);
	t_failed_checks++;
}

/* "3, 8" holds 8; "—" stands for no stage. */
static bool cell_lists(const char *cellv, const char *want)
{
	char buf[64];
	str_copy(buf, sizeof(buf), cellv);
	for (char *save = NULL, *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
		if (!strcmp(w, *want ? want : "\xe2\x80\x94"))
			return true;
	return false;
}

static void errtable_rows_documented(void)
{
	struct doc d = {0};
	size_t n;
	const struct err_row *rows = errtable_rows(&n);
	char exit[8];
	CHECK(doc_read(&d) && d.n > 100);
	for (size_t i = 0; i < n; i++) {
		const struct doc_row *r = doc_find(&d, rows[i].code);
		if (!r) {
			fail("in core/base/errtable.c, missing from docs/errors.md", rows[i].code);
			continue;
		}
		if (!cell_lists(r->exit, str_fmt(exit, sizeof(exit), "%d", rows[i].exit)))
			fail("exit code in docs/errors.md differs from core/base/errtable.c", rows[i].code);
		if (!cell_lists(r->stage, rows[i].stage))
			fail("stage in docs/errors.md differs from core/base/errtable.c", rows[i].code);
	}
	free(d.rows);
}

static void source_codes_documented(void)
{
	struct doc d = {0};
	struct usage u = {0};
	CHECK(doc_read(&d));
	scan_sources(&u);
	/* the scan sees the declarations */
	CHECK(code_fn_find("error_set") && code_fn_find("error_set")->code == 3 && code_fn_find("error_set")->exit == 1);
	CHECK(code_fn_find("auth_fail") && code_fn_find("auth_fail")->code == 1);
	CHECK(u.codes.n > 50);
	for (size_t i = 0; i < u.codes.n; i++) {
		if (!dotted(u.codes.v[i]))
			fail("not a dotted code (group.name: lower case, digits, _)", u.codes.v[i]);
		else if (!doc_find(&d, u.codes.v[i]))
			fail("used in the sources, missing from docs/errors.md", u.codes.v[i]);
	}
	for (size_t i = 0; i < u.lookups.n; i++)
		if (!errtable_for_code(u.lookups.v[i]))
			fail("looked up in core/base/errtable.c, which has no row for it", u.lookups.v[i]);
	usage_free(&u);
	free(d.rows);
}

static void documented_codes_used(void)
{
	struct doc d = {0};
	struct usage u = {0};
	CHECK(doc_read(&d));
	CHECK(!d.duplicate);
	scan_sources(&u);
	for (size_t i = 0; i < d.n; i++) {
		if (!dotted(d.rows[i].code))
			fail("documented, but not a dotted code", d.rows[i].code);
		if (!set_has(&u.codes, d.rows[i].code) && !errtable_for_code(d.rows[i].code))
			fail("in docs/errors.md, but no longer used in the sources", d.rows[i].code);
	}
	usage_free(&u);
	free(d.rows);
}

/* error_set's exit code and stage, where the call gives them plainly. */
static void set_calls_match_doc(void)
{
	struct doc d = {0};
	struct usage u = {0};
	char exit[8];
	CHECK(doc_read(&d));
	scan_sources(&u);
	CHECK(u.nsites > 30);
	for (size_t i = 0; i < u.nsites; i++) {
		const struct site *s = &u.sites[i];
		const struct doc_row *r = doc_find(&d, s->code);
		if (!r)
			continue; /* source_codes_documented says so */
		if (s->exit >= 0 && !cell_lists(r->exit, str_fmt(exit, sizeof(exit), "%d", s->exit)))
			fail("set with another exit code than docs/errors.md says", s->code);
		if (strcmp(s->stage, "?") && !cell_lists(r->stage, s->stage))
			fail("set with another stage than docs/errors.md says", s->code);
	}
	usage_free(&u);
	free(d.rows);
}

T_SUITE(error_codes) = {
	{"errtable_rows_documented", errtable_rows_documented},
	{"set_calls_match_doc", set_calls_match_doc},
	{"source_codes_documented", source_codes_documented},
	{"documented_codes_used", documented_codes_used},
	{0},
};
