/*
 * ctx.c — context lifetime, settings, the allocation seam and cm_error.
 *
 * Every allocation the library makes for itself goes through cmi_alloc, so a
 * test can make the Nth one fail and check that the caller cleans up and
 * reports CM_ENOMEM. libxml2 and Lua allocate on their own (Lua through the
 * capped allocator in sandbox.c). cm_error's own strings use plain malloc: an
 * error must stay reportable when the seam has been told to fail.
 *
 * The limits on Lua are settings here and enforced by the sandbox: a check's
 * time budget is a sandbox session (sandbox.h), one CPU-clock timer armed
 * when the check begins, so that reading it costs no system call.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claml.h"
#include "ctx.h"
#include "deps.h"
#include "grammar.h"
#include "messages.h"
#include "rules.h"
#include "utf8.h"
#include "xml.h"

enum {
	DEFAULT_LUA_HEAP = 64 << 20,         /* 64 MiB: far above any rule set we ship */
	DEFAULT_LUA_INSTRUCTIONS = 50000000, /* `while true do end` stops in 0.25 s here */
	DEFAULT_MAX_GROUP = 16,              /* 2^16 evaluations per group at most */
	DEFAULT_MAX_SETS = 10                /* a reader compares a handful, not hundreds */
};

/* CPU seconds per Lua call: a rule set we ship takes well under a millisecond
 * a call; this ends work hidden in C functions, which no instruction count
 * sees, and any loop when there is no instruction budget (see sandbox.c). */
static const double DEFAULT_LUA_SECONDS = 5.0;

/* CPU seconds for a whole check: the largest job the input bounds allow
 * checks in about 4 s and a full group of 16 offers on a small job in
 * about 9 s (make bench, 2026-12), but 12 offers on the largest job took
 * 150 s, and 22 rules each just under their own limits could run for
 * minutes. Past this the verdict is incomplete and the report says why. */
static const double DEFAULT_CHECK_SECONDS = 30.0;

void *cmi_alloc(cm_ctx *ctx, size_t n)
{
	if (ctx && ctx->fail_after > 0 && --ctx->fail_after == 0)
		return NULL;
	return malloc(n ? n : 1);
}

void *cmi_realloc(cm_ctx *ctx, void *p, size_t n)
{
	if (ctx && ctx->fail_after > 0 && --ctx->fail_after == 0)
		return NULL;
	return realloc(p, n ? n : 1);
}

char *cmi_strdup(cm_ctx *ctx, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = cmi_alloc(ctx, n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void *cmi_calloc(cm_ctx *ctx, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t bytes = n * size > 0 ? n * size : 1;
	void *p = cmi_alloc(ctx, bytes);
	if (p)
		memset(p, 0, bytes);
	return p;
}

char *cmi_strndup(cm_ctx *ctx, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = cmi_alloc(ctx, len + 1);
	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

void cmi_free(cm_ctx *ctx, void *p)
{
	(void)ctx;
	free(p);
}

void cm_free(void *p)
{
	free(p);
}

void cmi_ctx_fail_after(cm_ctx *ctx, long n)
{
	ctx->fail_after = n;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

cm_status cmi_error_addv(cm_error *err, cm_status code, const char *file, int line,
                         const char *path, const char *fmt, va_list ap)
{
	if (!err)
		return code;
	if (err->code == CM_OK)
		err->code = code;
	cm_problem *grown = realloc(err->problems, (err->nproblems + 1) * sizeof *grown);
	if (!grown)
		return code;
	err->problems = grown;
	cm_problem *p = &grown[err->nproblems];
	char msg[2048];
	if (vsnprintf(msg, sizeof msg, fmt, ap) >= (int)sizeof msg)
		msg[cmi_utf8_whole(msg, sizeof msg - 1)] = '\0';
	cmi_text_plain(msg); /* a message quotes the input: one plain line */
	p->file = NULL;
	if (file && (p->file = malloc(4 * strlen(file) + 1)))
		cmi_text_escape(file, p->file); /* a file name is shown as its bytes */
	p->line = line;
	p->path = dup_or_null(path);
	p->message = strdup(msg);
	if (p->message)
		err->nproblems++;
	return code;
}

cm_status cmi_error_add(cm_error *err, cm_status code, const char *file, int line, const char *path,
                        const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cmi_error_addv(err, code, file, line, path, fmt, ap);
	va_end(ap);
	return code;
}

cm_status cmi_error_nomem(cm_error *err)
{
	return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "out of memory");
}

void cmi_error_sort_lines(cm_error *err, size_t first)
{
	/* Insertion sort: stable, and a file lists at most CMI_MAX_PROBLEMS. */
	for (size_t i = first + 1; i < err->nproblems; i++) {
		cm_problem p = err->problems[i];
		unsigned key = p.line > 0 ? (unsigned)p.line : ~0u;
		size_t j = i;
		for (; j > first; j--) {
			int prev = err->problems[j - 1].line;
			if ((prev > 0 ? (unsigned)prev : ~0u) <= key)
				break;
			err->problems[j] = err->problems[j - 1];
		}
		err->problems[j] = p;
	}
}

void cm_error_clear(cm_error *err)
{
	if (!err)
		return;
	for (size_t i = 0; i < err->nproblems; i++) {
		free(err->problems[i].file);
		free(err->problems[i].path);
		free(err->problems[i].message);
	}
	free(err->problems);
	memset(err, 0, sizeof *err);
}

cm_status cm_ctx_new(const char *datadir, cm_ctx **out, cm_error *err)
{
	*out = NULL;
	cm_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return cmi_error_nomem(err);
	ctx->datadir = strdup(datadir ? datadir : ".");
	if (!ctx->datadir) {
		free(ctx);
		return cmi_error_nomem(err);
	}
	ctx->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (ctx->c_locale == (locale_t)0) {
		free(ctx->datadir);
		free(ctx);
		return cmi_error_nomem(err);
	}
	ctx->lang = CM_LANG_EN;
	ctx->lua_heap = DEFAULT_LUA_HEAP;
	ctx->lua_instructions = DEFAULT_LUA_INSTRUCTIONS;
	ctx->lua_seconds = DEFAULT_LUA_SECONDS;
	ctx->check_seconds = DEFAULT_CHECK_SECONDS;
	ctx->max_group = DEFAULT_MAX_GROUP;
	ctx->max_sets = DEFAULT_MAX_SETS;
	*out = ctx;
	return CM_OK;
}

static void free_strings(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void cm_ctx_free(cm_ctx *ctx)
{
	if (!ctx)
		return;
	cmi_rules_free(ctx->rules);
	cmi_deps_free(ctx, ctx->deps);
	cmi_xml_free(ctx->xml);
	cmi_icf_grammar_free(ctx->icf);
	cmi_icf_classes_free(ctx->icf_classes);
	free_strings(ctx->rules_dirs, ctx->nrules_dirs);
	free_strings(ctx->selected, ctx->nselected);
	for (int i = 0; i < ctx->noverrides; i++) {
		free(ctx->overrides[i].ruleset);
		free(ctx->overrides[i].name);
		free(ctx->overrides[i].value);
	}
	free(ctx->overrides);
	free(ctx->datadir);
	freelocale(ctx->c_locale);
	free(ctx);
}

locale_t cmi_locale_enter(cm_ctx *ctx)
{
	return uselocale(ctx->c_locale);
}

void cmi_locale_leave(locale_t old)
{
	uselocale(old);
}

void cm_ctx_set_lang(cm_ctx *ctx, cm_lang lang)
{
	ctx->lang = lang;
}

int cm_lang_parse(const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < CMI_NLANGS; i++)
		if (strncmp(s, cmi_lang_code((cm_lang)i), 2) == 0 &&
		    (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.'))
			return i;
	return -1;
}

void cm_ctx_set_lua_limits(cm_ctx *ctx, size_t heap_bytes, long instructions)
{
	ctx->lua_heap = heap_bytes;
	ctx->lua_instructions = instructions;
}

void cm_ctx_set_lua_seconds(cm_ctx *ctx, double seconds)
{
	ctx->lua_seconds = seconds;
}

void cm_ctx_set_check_seconds(cm_ctx *ctx, double seconds)
{
	ctx->check_seconds = seconds > 0 ? seconds : DEFAULT_CHECK_SECONDS;
}

/* The budget is kept by the sandbox's timer, which is armed once here: a
 * check's thousands of evaluations then read a flag, not the clock. The
 * rules are loaded before a check begins (check.c); without them there is
 * nothing to limit. */
void cmi_check_begin(cm_ctx *ctx)
{
	if (ctx->rules)
		cmi_sandbox_session_begin(cmi_rules_sandbox(ctx), ctx->check_seconds);
}

void cmi_check_end(cm_ctx *ctx)
{
	if (ctx->rules)
		cmi_sandbox_session_end(cmi_rules_sandbox(ctx));
}

int cmi_check_spent(cm_ctx *ctx)
{
	return ctx->rules && cmi_sandbox_session_spent(cmi_rules_sandbox(ctx));
}

void cm_ctx_set_search_limit(cm_ctx *ctx, int max_group, int max_sets)
{
	ctx->max_group = max_group;
	ctx->max_sets = max_sets > 0 ? max_sets : 1;
}

static cm_status push_string(cm_ctx *ctx, char ***v, int *n, const char *s, cm_error *err)
{
	char **grown = cmi_realloc(ctx, *v, (size_t)(*n + 1) * sizeof *grown);
	if (!grown)
		return cmi_error_nomem(err);
	*v = grown;
	if (!(grown[*n] = cmi_strdup(ctx, s)))
		return cmi_error_nomem(err);
	(*n)++;
	return CM_OK;
}

static cm_status too_late(cm_ctx *ctx, cm_error *err)
{
	return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, "%s",
	                     cmi_msg(ctx->lang, M_RULES_ALREADY_LOADED));
}

cm_status cm_ctx_add_rules_dir(cm_ctx *ctx, const char *dir, cm_error *err)
{
	if (ctx->rules)
		return too_late(ctx, err);
	return push_string(ctx, &ctx->rules_dirs, &ctx->nrules_dirs, dir, err);
}

cm_status cm_ctx_select_rules(cm_ctx *ctx, const char *ids, cm_error *err)
{
	if (ctx->rules)
		return too_late(ctx, err);
	free_strings(ctx->selected, ctx->nselected);
	ctx->selected = NULL;
	ctx->nselected = 0;
	const char *p = ids;
	while (*p) {
		size_t n = strcspn(p, ",");
		char id[256];
		if (n == 0 || n >= sizeof id)
			return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
			                     cmi_msg(ctx->lang, M_BAD_RULES_LIST), ids);
		memcpy(id, p, n);
		id[n] = '\0';
		if (push_string(ctx, &ctx->selected, &ctx->nselected, id, err) != CM_OK)
			return CM_ENOMEM;
		p += n;
		if (*p == ',')
			p++;
	}
	if (ctx->nselected == 0)
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
		                     cmi_msg(ctx->lang, M_BAD_RULES_LIST), ids);
	return CM_OK;
}

cm_status cm_ctx_set_param(cm_ctx *ctx, const char *assignment, cm_error *err)
{
	if (ctx->rules)
		return too_late(ctx, err);
	const char *dot = strchr(assignment, '.');
	const char *eq = strchr(assignment, '=');
	if (!dot || !eq || dot > eq || dot == assignment || eq == dot + 1)
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, cmi_msg(ctx->lang, M_BAD_SET),
		                     assignment);
	cmi_param_override *grown =
	    cmi_realloc(ctx, ctx->overrides, (size_t)(ctx->noverrides + 1) * sizeof *grown);
	if (!grown)
		return cmi_error_nomem(err);
	ctx->overrides = grown;
	cmi_param_override *o = &grown[ctx->noverrides];
	o->ruleset = cmi_strndup(ctx, assignment, (size_t)(dot - assignment));
	o->name = cmi_strndup(ctx, dot + 1, (size_t)(eq - dot - 1));
	o->value = cmi_strdup(ctx, eq + 1);
	ctx->noverrides++;
	if (!o->ruleset || !o->name || !o->value)
		return cmi_error_nomem(err);
	return CM_OK;
}
