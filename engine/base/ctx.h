/*
 * ctx.h — the context every call hangs off, the allocation seam, and the
 * helpers that turn a failure into a cm_error. Internal.
 */
#ifndef CM_CTX_H
#define CM_CTX_H

#include <locale.h>
#include <stdarg.h>

#include "capamatch.h"

struct cmi_rules; /* rules.h */
struct cmi_xml;   /* xml.h */

/* A "RULESET.NAME=VALUE" given by the user, checked when rules load. */
typedef struct cmi_param_override {
	char *ruleset; /* owned */
	char *name;    /* owned */
	char *value;   /* owned; text as typed */
} cmi_param_override;

/* Invariants:
 *  - everything below is owned by the context and freed by cm_ctx_free;
 *  - rules and xml are NULL until first needed, then loaded once;
 *  - fail_after counts cmi_alloc calls down to a simulated failure (tests);
 *    0 means never fail. */
struct cm_ctx {
	cm_lang lang;
	char *datadir;     /* holds rules/ and schema/ */
	char **rules_dirs; /* user directories, searched first, in order */
	int nrules_dirs;
	char **selected; /* rule-set ids to run; NULL: all */
	int nselected;
	cmi_param_override *overrides;
	int noverrides;
	size_t lua_heap;             /* bytes per Lua state */
	long lua_instructions;       /* VM instructions per Lua call; 0: no budget */
	double lua_seconds;          /* CPU seconds per Lua call */
	double check_seconds;        /* CPU seconds for one check, search included */
	int max_group;               /* offered adaptations per independent group */
	int max_sets;                /* adaptation sets listed at most */
	struct cmi_rules *rules;     /* loaded rule sets and catalogue, or NULL */
	struct cmi_deps *deps;       /* their reads and writes crossed (deps.h), or NULL */
	struct cmi_icf_grammar *icf; /* the ICF grammar once a statement was read, or NULL */
	struct cmi_xml *xml;         /* compiled schemas, or NULL */
	long fail_after;             /* allocation fault injection; 0: off */
	locale_t c_locale;           /* "C" numbers, whatever the client's locale; owned */
	/* The ICF classification (claml.h) once given, or NULL. */
	struct cmi_icf_classes *icf_classes;
};

void *cmi_alloc(cm_ctx *ctx, size_t n);
void *cmi_realloc(cm_ctx *ctx, void *p, size_t n);
char *cmi_strdup(cm_ctx *ctx, const char *s);
/* Zeroed, and NULL when n * size overflows. */
void *cmi_calloc(cm_ctx *ctx, size_t n, size_t size);
char *cmi_strndup(cm_ctx *ctx, const char *s, size_t n);
void cmi_free(cm_ctx *ctx, void *p);

/* Every public entry point that reads or writes numbers (strtod, printf,
 * Lua's lexer and tostring) runs in the "C" locale, so a client that set
 * a locale with a decimal comma reads and writes the same files:
 *     locale_t old = cmi_locale_enter(ctx); ... cmi_locale_leave(old); */
locale_t cmi_locale_enter(cm_ctx *ctx);
void cmi_locale_leave(locale_t old);

/* Frees the settings above and the context itself; cm_ctx_free
 * (host/context.c) first frees what was loaded into it. */
void cmi_ctx_free_settings(cm_ctx *ctx);

/* Test hook: the Nth allocation from now fails (0 turns it off). */
void cmi_ctx_fail_after(cm_ctx *ctx, long n);

/* Appends one problem to err and sets err->code (first code wins). Returns
 * code so a caller can `return cmi_error_add(...)`. file/path may be NULL. */
cm_status cmi_error_add(cm_error *err, cm_status code, const char *file, int line, const char *path,
                        const char *fmt, ...) __attribute__((format(printf, 6, 7)));
cm_status cmi_error_addv(cm_error *err, cm_status code, const char *file, int line,
                         const char *path, const char *fmt, va_list ap);
cm_status cmi_error_nomem(cm_error *err);
/* Orders the problems from index `first` on by line, keeping the order of
 * equal lines; line 0 (no line) goes last. */
void cmi_error_sort_lines(cm_error *err, size_t first);

/* A file's problems listed at most; past this it says the rest was not. */
#define CMI_MAX_PROBLEMS 50

#endif
