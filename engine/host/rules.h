/*
 * rules.h — the rule sets and the catalogue loaded into the context's
 * sandbox. Internal.
 */
#ifndef CM_RULES_H
#define CM_RULES_H

#include "capamatch.h"
#include "deps.h"
#include "finding.h"
#include "messages.h"
#include "sandbox.h"

struct cmi_catalogue;

/* What a parameter is to the source the rule set implements: a figure the
 * source prints (changing it departs from the published source, and every
 * report says so) or a reading of what the source leaves open (the default
 * when a rule set does not say). */
typedef enum cmi_param_kind { CMI_PARAM_READING = 0, CMI_PARAM_LIMIT } cmi_param_kind;

typedef struct cmi_param {
	char *name;
	int type;              /* LUA_TNUMBER, LUA_TSTRING or LUA_TBOOLEAN: the default's */
	cmi_param_kind kind;   /* limit or reading */
	char *value;           /* in force, as text: the default or the --set value; a
	                        * number is written "%.14g", so it is also valid JSON */
	char *published;       /* the default, as text like value */
	char *unit;            /* or NULL */
	char *doc[CMI_NLANGS]; /* what it means, by cm_lang */
	char **choices;        /* allowed values of a string parameter, or NULL */
	int nchoices;
	int overridden; /* set with --set */
} cmi_param;

typedef struct cmi_rule {
	char *id;
	char *title[CMI_NLANGS]; /* by cm_lang */
	int row;                 /* the row of the source it implements; 0: not given */
	char *label[CMI_NLANGS]; /* that row's label, by cm_lang; each NULL when not given */
	int eval_ref;            /* registry reference to eval */
	double weight;           /* its part in rank's score; 0: not scored */
	cmi_decl reads;          /* what it reads of the job (deps.h) */
} cmi_rule;

/* Invariants: strings owned; when unusable is set the set does not run
 * (it could not be loaded, or was stopped for the rest of the run) and,
 * if it never loaded, only id and file are meaningful. */
typedef struct cmi_ruleset {
	char *id;
	char *file;
	char *version;
	char *valid_from;
	char *source;
	char *title[CMI_NLANGS];
	cmi_param *params;
	int nparams;
	int params_ref; /* registry: read-only table of values in force */
	cmi_rule *rules;
	int nrules;
	cmi_messages messages; /* what its findings' message ids name */
	int needs_person;      /* `needs = "person"`: runs in match and rank only */
	int advisory;          /* its findings are advice, never part of a verdict */
	int medical;           /* its findings hold medical data (report.c redacts them) */
	int window_days;       /* > 0: in match and rank it applies only in the first
	                          window_days of the return to work, day 1 the return */
	int contract;          /* 1: today's rule contract (the adapter: tables of
	                          its own each evaluation); 2: pure rules, tables
	                          kept across a check; 3: and findings emitted
	                          (rules/README.md) */
	int shared_job;        /* contract >= 2 and its file is one the build
	                          compiled (chunks.h), whose purity the project's
	                          tests hold: it reads the job table shared by all
	                          such sets (cmi_rules_shared_cache) */
	char *unusable;        /* why it does not run, or NULL */
	char sha256[65];       /* of its file, once read; "" when it could not be */
} cmi_ruleset;

/* The loaded rule sets, catalogue and sandbox of a context: opaque, read
 * through the functions below. */
typedef struct cmi_rules cmi_rules;

void cmi_rules_free(cmi_rules *rules);
/* Rule set `set` keeps more than half the Lua heap alive between calls
 * (checked after it loads and after each of its evaluations): it is stopped
 * for the rest of the run and what it holds is released, so that it cannot
 * starve the others. Returns 1 if it was stopped (or ENOMEM: -1). */
int cmi_rules_stop_hoarder(cm_ctx *ctx, int set);
/* What other modules see of a context's loaded rules: the rule sets in id
 * order, the catalogue and the sandbox they run in. */
int cmi_nrulesets(const cm_ctx *ctx);
const cmi_ruleset *cmi_ruleset_at(const cm_ctx *ctx, int i);
const struct cmi_catalogue *cmi_rules_catalogue(const cm_ctx *ctx);
cmi_sandbox *cmi_rules_sandbox(const cm_ctx *ctx);
/* A check's time budget: begin when it starts (the rules loaded), end when
 * it is done, on one thread; spent is 1 once more than check_seconds of
 * that thread's CPU time went by (a sandbox session, sandbox.h). */
void cmi_check_begin(cm_ctx *ctx);
void cmi_check_end(cm_ctx *ctx);
int cmi_check_spent(cm_ctx *ctx);

/* What evaluate.c keeps of one contract-2 rule set for the check under
 * way: the registry references of its job and person tables, built once;
 * the job table valid while job_session and for_job are those it was built
 * for, the person table while person_session, for_person and age are; a
 * compiled set's person table (shared_job), which its rules never write,
 * is kept from one check to the next while for_person (the person's
 * serial) and age are the same: rank and batch match one person against
 * thousands of jobs, and capacity derives the person's facts once per
 * table (rules/capacity.lua). A
 * set whose file the build compiled (shared_job) reads the job table kept
 * in cmi_rules_shared_cache instead of its own, so that an evaluation
 * applies its adaptations once for all of them; any other set has its
 * own, so that one that breaks its promise and writes to its tables
 * changes only what it reads itself. */
typedef struct cmi_set_cache {
	int job, person; /* registry references, or LUA_NOREF */
	unsigned long job_session, person_session;
	const void *for_job;
	/* jobs narrowed to some of the tasks (evaluate.c, narrow_job): each a
	 * registry reference (or LUA_NOREF) and the ids (the cm_job's own
	 * strings) of the tasks it holds, made under adaptations that wrote
	 * nothing it is made of, so the same for every such evaluation of the
	 * same tasks; released with job. next: the slot to fill next. */
	struct cmi_narrowed {
		int ref, nids;
		const char *ids[32];
	} narrowed[8];
	int next;
	unsigned long for_person; /* the person's serial, 0: none */
	int age;
} cmi_set_cache;
cmi_set_cache *cmi_rules_cache(const cm_ctx *ctx, int set);
/* Releases c's narrowed jobs. */
void cmi_rules_cache_drop_narrowed(const cm_ctx *ctx, cmi_set_cache *c);
/* The job table of the shipped sets (its person is LUA_NOREF). */
cmi_set_cache *cmi_rules_shared_cache(const cm_ctx *ctx);
/* Releases every set's cached tables (the check is over), but the person
 * tables of the compiled sets (above). */
void cmi_rules_release_caches(const cm_ctx *ctx);

/* The contract a rule set or catalogue table (at t) is written to: its
 * field `contract`, 1 when absent; raises for anything but a whole number
 * from 1 to max. Protected. */
int cmi_lua_contract(lua_State *L, int t, int max);

/* The engine's emit function, handed to a contract-3 rule's eval as its
 * fourth argument (a registry reference), and the slot that says which
 * evaluation its calls go to (evaluate.c sets it around each such rule;
 * NULL: emit raises). */
int cmi_rules_emit_ref(const cm_ctx *ctx);
/* The emit function is the assessment layer's (evaluate.c), which makes
 * it the first time a contract-3 rule runs and stores it here: the rule
 * host does not call up into the layer above. LUA_NOREF until then. */
void cmi_rules_set_emit_ref(const cm_ctx *ctx, int ref);
void **cmi_rules_emit_slot(const cm_ctx *ctx);

/* The write log of capamatch.set, through which a contract-2 catalogue's
 * apply functions write the job table (rules/README.md): while the log is
 * open every write is recorded with the value it replaced, so that the
 * engine can undo an evaluation's adaptations on a table it shares across
 * evaluations. Closed, capamatch.set is a plain rawset. */
void cmi_rules_log_open(const cm_ctx *ctx);
/* Closes the log; its writes stay recorded until undone. */
void cmi_rules_log_close(const cm_ctx *ctx);
/* Whether a write logged since the last call gave its key another value
 * (the same value of another type, or -0 for 0, counts as another); clears
 * it. A write of the value a key already holds changes nothing. */
int cmi_rules_log_take_changed(const cm_ctx *ctx);
/* Notes the job table at index job (its own keys, its tasks and its
 * icf_demands arrays); cmi_rules_log_structural then says whether a logged
 * write since went to one of those tables or to a key "id" or "task". */
void cmi_rules_log_watch(lua_State *L, const cm_ctx *ctx, int job);
int cmi_rules_log_structural(const cm_ctx *ctx);
/* Protected: restores every recorded write, the newest first, and empties
 * the log. Restoring a key that a rehash dropped allocates, so this may
 * raise "out of memory"; the log is empty either way. */
void cmi_rules_log_undo(lua_State *L, const cm_ctx *ctx);

/* The SHA-256 of the shared helpers' file (rules/lib/capamatch.lua). */
const char *cmi_rules_helpers_sha256(const cm_ctx *ctx);
/* A limit whose value in force is not the published one: the assessment no
 * longer applies the source as printed. A reading set with --set is not. */
int cmi_param_departs(const cmi_param *p);
#endif
