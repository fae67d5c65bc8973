/*
 * search.h — minimal sets of offered adaptations that bring every finding
 * within. Internal.
 */
#ifndef CM_SEARCH_H
#define CM_SEARCH_H

#include "evaluate.h"

/* What one member of a listed set resolves: the base's exceeding findings
 * that the whole set brings within (or removes with their task) and that
 * exceed again when this member alone is left out of the set. */
typedef struct cmi_resolved {
	int *findings; /* indices into the base evaluation's findings */
	int n;
} cmi_resolved;

typedef struct cmi_set {
	double cost_eur;
	int n;
	const cmi_adaptation **members; /* in the order the profile offers them */
	double hours_after;             /* the tasks' hours a day once applied (check.c) */
	int have_hours;                 /* hours_after was summed when the set was verified */
	cmi_resolved *resolves;         /* n entries, one per member; NULL: not explained */
} cmi_set;

/* Everything lives in the arena given to cmi_search_run. Indices in
 * unresolved/unsearched point into the base evaluation's findings. */
typedef struct cmi_search {
	cmi_set *sets; /* cheapest first; at most the context's max_sets */
	int nsets;
	double total_sets; /* how many minimal sets exist in all */
	int *unresolved;   /* exceeding findings no combination fixes */
	int nunresolved;
	int *unsearched; /* exceeding findings in a group over the limit */
	int nunsearched;
	int largest_group;        /* offered adaptations in the largest group */
	int rejected;             /* combined sets that failed the final check */
	int evaluations;          /* evaluations the search made */
	const char *failure;      /* a rule set failed on an adapted job: why, or NULL */
	const char *failure_with; /* the adaptations applied then, comma-separated */
	/* Explained (the evaluation will be shown, proto->render): the cheapest
	 * set's whole evaluation, for the chart (owned: cmi_search_free), and
	 * each listed set's resolves. */
	cmi_eval cheapest;
	int have_cheapest;
} cmi_search;

/* When proto->render (a report will show the result: check and match,
 * never rank's brief assessments), each listed set is also explained:
 * one more evaluation per member (the set without it) gives its resolves,
 * and the cheapest set's whole evaluation is kept. A rule set that fails in
 * those evaluations is the search's failure, like any other. */
cm_status cmi_search_run(cm_ctx *ctx, const cmi_eval_input *proto, const cmi_eval *base,
                         cmi_arena *arena, cmi_search *out /* OUT */, cm_error *err);
/* Frees what the search owns outside the arena (the cheapest's evaluation);
 * the search is then empty. */
void cmi_search_free(cmi_search *s);

#endif
