/*
 * search.h — minimal sets of offered adaptations that bring every finding
 * within. Internal.
 */
#ifndef CM_SEARCH_H
#define CM_SEARCH_H

#include "evaluate.h"

typedef struct cmi_set {
	double cost_eur;
	int n;
	const cmi_adaptation **members; /* in the order the profile offers them */
	double hours_after;             /* the tasks' hours a day once applied (check.c) */
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
} cmi_search;

cm_status cmi_search_run(cm_ctx *ctx, const cmi_eval_input *proto, const cmi_eval *base,
                         cmi_arena *arena, cmi_search *out /* OUT */, cm_error *err);

#endif
