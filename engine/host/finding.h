/*
 * finding.h — what a finding is: read from what a rule returns, its text
 * rendered from the rule set's messages, and when two findings of different
 * evaluations are the same finding. Internal.
 */
#ifndef CM_FINDING_H
#define CM_FINDING_H

#include <lua.h>

#include "arena.h"
#include "capamatch.h"
#include "messages.h"

/* A finding as the engine keeps it; strings live in the evaluation's arena. */
typedef struct cmi_finding {
	int set;  /* index into the rule sets */
	int rule; /* index into that set's rules */
	cm_finding_status status;
	cm_value value;
	cm_value limit;
	const char *unit;          /* or NULL; NULL too when the evaluation is neither rendered
	                              nor scored */
	const char *op;            /* "<=", ">=", "=" (static strings) or NULL */
	const char *task;          /* or NULL */
	const char *element;       /* the task's element it judges (id or "handling[2]"), or NULL */
	const char *text;          /* in the context's language; NULL when not rendered */
	const char *text_employer; /* the rule's wording for the employer, or NULL */
	const char *text_worker;   /* the rule's plain wording for the worker, or NULL */
	double margin;             /* room left; negative: exceeded by; NaN if not numeric */
	double ratio;              /* the rule's own demand/limit ratio for the score, or NaN */
} cmi_finding;

/* A rule set's message: a template per language whose %s take the
 * finding's arguments in order (%% is a percent sign). */
typedef struct cmi_message {
	char *id;
	char *text[CMI_NLANGS]; /* by cm_lang */
	int nargs;              /* how many %s, the same in every language */
} cmi_message;

/* Where an emit's message id, a Lua string, was last found: the string's
 * bytes as Lua held them (compared, never read through, until strcmp with
 * the message's own id confirms it) and the message. */
enum { CMI_SEEN_MESSAGES = 64 };
typedef struct cmi_seen_message {
	const char *key;        /* or NULL */
	const cmi_message *msg; /* into items */
} cmi_seen_message;

/* Invariants: sorted by id, ids unique, strings owned. seen is a cache
 * that lookups write even through a const cmi_messages: every entry is
 * checked against the message's id before it is used, so a stale one only
 * misses. */
typedef struct cmi_messages {
	cmi_message *items;
	int n;
	cmi_seen_message *seen; /* CMI_SEEN_MESSAGES entries, owned; NULL: no cache */
} cmi_messages;

/* Protected (raises a Lua error naming the message): reads the table at t,
 * { ID = { nl = "...", fr = "...", en = "..." }, ... }, into out. What was
 * read before an error stays in out, for cmi_messages_free. */
void cmi_messages_read(lua_State *L, int t, cmi_messages *out);
void cmi_messages_free(cmi_messages *m);

/* A string copied for a finding, kept for the next findings that give the
 * same bytes (finding.c): one slot per hash of where Lua holds them, enough that a
 * job's task and element ids (a generated job has about 15) seldom share
 * one, where eight slots taken in turn were reused before the ids came
 * round again. */
enum { CMI_KEPT_STRINGS = 64 };
typedef struct cmi_kept_string {
	const char *copy; /* in the arena, or NULL */
	size_t len;       /* of the string it was copied from */
	const char *src;  /* where Lua held those bytes: compared, never read through */
} cmi_kept_string;

/* What one rule set may hand to C in one evaluation: the counts start at
 * zero for each rule set (cmi_finding_reader_start); the kept strings
 * belong to the arena and last the evaluation. */
typedef struct cmi_finding_reader {
	cmi_arena *arena;             /* where strings go; not owned */
	const cmi_messages *messages; /* of the rule set being read */
	cm_lang lang;
	int render; /* 0: the evaluation is never shown: no text, no unit */
	int scored; /* the evaluation is scored (the job as it is): read `ratio` */
	int set, rule;
	int findings;  /* read so far for this rule set */
	size_t bytes;  /* of strings copied so far for this rule set */
	long rendered; /* arguments rendered so far for this rule set */
	cmi_kept_string kept[CMI_KEPT_STRINGS];
} cmi_finding_reader;

void cmi_finding_reader_start(cmi_finding_reader *rd, const cmi_messages *messages, int set);

/* Protected (raises a Lua error "finding I: ..."): checks the i-th finding
 * a rule returned, the table at t, and reads it into f. With rd->render,
 * renders its text in rd->lang from its message and arguments (or takes
 * its legacy text table). Raises once the reader's caps are passed. */
void cmi_finding_read(lua_State *L, int t, int i, cmi_finding_reader *rd, cmi_finding *f);
/* Protected: the finding of an emit call (a contract-3 rule, rules/README.md)
 * whose arguments are at base .. base + n - 1: status, value, limit, op,
 * unit, task, element, message, then the message's arguments, then
 * optionally the ratio and a table of named data (employer, worker). Read
 * as cmi_finding_read reads the table { status = ..., ..., message = ...,
 * args = { ... }, ratio = ..., employer = ..., worker = ... } (i: its
 * position among the rule's findings), with the same checks and caps; only
 * a rendered evaluation builds that table, only a scored one looks up the
 * message to find the ratio, and the search's read neither. */
void cmi_finding_emit(lua_State *L, int base, int n, int i, cmi_finding_reader *rd, cmi_finding *f);
/* Raises the error for a rule that returned more than the cap. */
int cmi_finding_too_many(lua_State *L);
/* The most findings one rule set may return in one evaluation. */
#define CMI_MAX_FINDINGS 10000

/* A judged figure as a share of its limit: value / limit for "<=", limit /
 * value for ">=" (1 at the limit, above 1 past it; INFINITY when the
 * divisor is 0 and the other is not); NaN when the finding (or f NULL) has
 * no numeric value, limit and ordering op. */
double cmi_finding_share(const cmi_finding *f);

/* The key a finding is compared by across evaluations: rule set, rule,
 * task and element. */
int cmi_finding_same_key(const cmi_finding *a, const cmi_finding *b);
unsigned cmi_finding_key_hash(const cmi_finding *f);

#endif
