/*
 * evaluate.h — one evaluation: a job, with some offered adaptations applied,
 * run through every loaded rule set. Internal.
 */
#ifndef CM_EVALUATE_H
#define CM_EVALUATE_H

#include "finding.h"
#include "model.h"
#include "rules.h"

/* Invariants: findings are in rule-set, then rule order; failed[i] is the
 * reason set i stopped in this evaluation (its findings are then absent),
 * or NULL. Zero-initialise, then cmi_evaluate; cmi_eval_free releases. */
typedef struct cmi_eval {
	cmi_arena arena;       /* owns strings, failed[] and findings */
	cmi_finding *findings; /* in the arena */
	int nfindings;
	int cap;
	const char **failed; /* nsets entries, in the arena */
	int nsets;
	int nomem;
	/* with stop_if_idle: an adaptation that changed nothing on the job as
	 * the ones before it left it, and no rule ran; else NULL */
	const cmi_adaptation *idle;
	/* with want_hours: the tasks' hours a day once the adaptations were
	 * applied, when have_hours (some rule set ran, so they were) */
	double hours_after;
	int have_hours;
} cmi_eval;

/* What to evaluate. skip (nsets entries, or NULL): a set whose entry is not
 * NULL already failed in this check and is not run again; out->failed[i]
 * then points to that reason, which must outlive out. active: which sets this
 * assessment runs at all (a mode's sets, the frame in its window). render: the
 * evaluation will be shown, so its findings get their text and unit (the
 * search's evaluations are never shown and skip both). only (nsets
 * entries, or NULL for every rule): the rules to run, only[s][r] != 0; a
 * set whose entry is NULL does not run at all (and has not failed). */
/* One check's shares of its CPU-time budget (check.c): each rule set that
 * runs may spend `share` seconds in all its evaluations of the check
 * together; ticks[i] is what set i has spent so far, in the sandbox's
 * ticks. A set whose share is spent stops as if its rule had failed, with
 * that reason, and the others go on: a slow rule set cannot take the time
 * of the sets beside it. */
typedef struct cmi_eval_budget {
	int *ticks; /* nsets entries */
	double share;
	/* nsets entries: why set i stopped when its share ran out (the first
	 * time, in arena), or NULL while it lasts */
	const char **spent;
	cmi_arena *arena;
} cmi_eval_budget;

typedef struct cmi_eval_input {
	const cm_job *job;
	const cmi_adaptation *const *apply;
	int napply;
	int age; /* < 0: not known */
	const char *const *skip;
	int render;
	const unsigned char *const *only;
	const cm_person *person;     /* match and rank: the person table's source, or NULL */
	const unsigned char *active; /* nsets entries, 0: the set is not part of this
	                                assessment; NULL: every set */
	int scored;              /* the job as it is: findings' own `ratio` is read for the score */
	cmi_eval_budget *budget; /* the check's shares, or NULL: the check's budget only */
	/* the search: when an adaptation, applied through the write log, writes
	 * no key another value, the job is what it is without it; stop before
	 * any rule runs and name it in out->idle */
	int stop_if_idle;
	/* the search: the ids of the tasks the adaptations are aimed at
	 * (NULL-ended), when every one of them reads and writes only its
	 * task's cells (deps.h, CMI_OFFER_TASK_ONLY); NULL: the whole job. A
	 * rule that declares own_task, of a set that reads the shared job
	 * table, then sees only those tasks (and their ICF demands and the
	 * demands of no task): its findings about the other tasks are the job
	 * as it is's, which the caller has. Other rules see the whole job. */
	const char *const *narrow_to;
	/* the search's check of a listed set: sum the tasks' hours once the
	 * adaptations are applied (out->hours_after), for the reports */
	int want_hours;
} cmi_eval_input;

/* Applies in->apply to the job in catalogue order (whatever order they
 * are given in) and runs every rule set that loaded. A rule set that fails
 * is recorded in out->failed, not returned as an error; an adaptation that
 * fails is an error (the catalogue is broken). Once the check's time
 * budget is spent, the sets still to run fail with that reason; once a
 * set's share of it is spent (in->budget), that set does. */
cm_status cmi_evaluate(cm_ctx *ctx, const cmi_eval_input *in, cmi_eval *out /* OUT */,
                       cm_error *err);
/* Lua: emit(status, value, limit, op, unit, task, element, message, ...)
 * -> one finding of the running contract-3 rule (rules/README.md), read by
 * cmi_finding_emit; raises outside such a rule. Upvalue 1: the slot of
 * cmi_rules_emit_slot. */
int cmi_eval_emit(lua_State *L);
/* Also after a failed cmi_evaluate. */
void cmi_eval_free(cmi_eval *e);

#endif
