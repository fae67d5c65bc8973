/*
 * assessment.h — the result of `check`: base findings, the search, the
 * verdict, and public views of them. Internal.
 */
#ifndef CM_ASSESSMENT_H
#define CM_ASSESSMENT_H

#include "search.h"

/* Invariants: the job and the context outlive the assessment (it points
 * into both); findings[i] mirrors base.findings[i]. */
struct cm_assessment {
	cm_ctx *ctx;       /* not owned */
	const cm_job *job; /* not owned */
	int age;           /* < 0: not given */
	char date[11];     /* YYYY-MM-DD the assessment is made on */
	cmi_arena arena;   /* owns the search results and public views */
	cmi_eval base;     /* the job as it is; owned */
	cmi_search search; /* in arena */
	cm_verdict verdict;
	cm_finding *findings;    /* public views of base.findings, in arena */
	cm_adaptation_set *sets; /* public views of search.sets, in arena */
};

/* The one decision that rule set `set` did not run in this assessment: its
 * load error (or the stop of a hoarder), else its failure on the job as it
 * is; NULL when it ran. */
const char *cmi_ruleset_failure(const cm_assessment *a, int set);

#endif
