/*
 * evaluate.h — one evaluation: a job, with some offered adaptations applied,
 * run through every loaded rule set. Internal.
 */
#ifndef CM_EVALUATE_H
#define CM_EVALUATE_H

#include "model.h"
#include "rules.h"

/* A finding as the engine keeps it; strings live in the evaluation's arena. */
typedef struct cmi_finding {
	int set;  /* index into ctx->rules->sets */
	int rule; /* index into that set's rules */
	cm_finding_status status;
	cm_value value;
	cm_value limit;
	const char *unit;    /* or NULL */
	const char *op;      /* "<=", ">=", "=" or NULL */
	const char *task;    /* or NULL */
	const char *element; /* the task's element it judges (id or "handling[2]"), or NULL */
	const char *text;    /* in the context's language */
	double margin;       /* room left; negative: exceeded by; NaN if not numeric */
} cmi_finding;

/* Invariants: findings are in rule-set, then rule order; failed[i] is the
 * reason set i stopped in this evaluation (its findings are then absent),
 * or NULL. Zero-initialise, then cmi_evaluate; cmi_eval_free releases. */
typedef struct cmi_eval {
	cmi_arena arena;       /* owns strings and failed[] */
	cmi_finding *findings; /* owned (cmi_alloc) */
	int nfindings;
	int cap;
	const char **failed; /* nsets entries, in the arena */
	int nsets;
	int nomem;
	/* What the rule set being run has handed to C so far (evaluate.c's
	 * caps); reset when each rule set starts. */
	int set_findings;
	size_t set_bytes;
} cmi_eval;

/* Applies apply[0..napply) to the job in catalogue order (whatever order
 * they are given in) and runs every rule set that loaded. age < 0: not
 * known. A rule set that fails is recorded in out->failed, not returned as
 * an error; an adaptation that fails is an error (the catalogue is broken).
 * skip (nsets entries, or NULL): a set whose entry is not NULL already
 * failed in this check and is not run again; out->failed[i] then points to
 * that reason, which must outlive out. Once the check's time budget is
 * spent, the sets still to run fail with that reason. */
cm_status cmi_evaluate(cm_ctx *ctx, const cm_job *job, const cmi_adaptation *const *apply,
                       int napply, int age, const char *const *skip, cmi_eval *out /* OUT */,
                       cm_error *err);
/* Also after a failed cmi_evaluate. */
void cmi_eval_free(cmi_eval *e);

/* The key a finding is compared by across evaluations. */
int cmi_finding_same_key(const cmi_finding *a, const cmi_finding *b);

#endif
