/*
 * deps.h — what each rule reads of the job and what each adaptation kind
 * writes, as the rule sets and the catalogue declare it (`reads`,
 * `writes`), and which offers of a job can therefore meet in a finding.
 * The search (search.c) groups offers by it; doc/search.md says why that
 * grouping is exact. It does not evaluate anything. Internal.
 */
#ifndef CM_DEPS_H
#define CM_DEPS_H

#include <lua.h>

#include "capamatch.h"

/* One declaration: `reads = { "tasks.handling.mass_kg", ...,
 * own_task = true, tasks_with = { "handling" } }` of a rule, or `writes =
 * {...}` (and an optional `reads`) of a kind. Paths name the job table
 * (rules/README.md): "tasks" and what lies under it, "icf_demands", and the
 * job-level elements ("heavy_work.hours_per_day", "falls"). A path covers
 * everything under it. Invariants: strings owned; declared 0 (the field was
 * absent) means everything: a rule that says nothing reads the whole job,
 * a kind that says nothing writes it. */
typedef struct cmi_decl {
	int declared;
	char **paths;
	int npaths;
	int own_task; /* a rule's finding with a task reads only that task */
	char **with;  /* tasks_with: the task elements (Lua keys) it reads a task by */
	int nwith;
} cmi_decl;

/* Protected (raises a Lua error naming owner on a malformed declaration or
 * a path that names no field of the job table): reads field `field` of the
 * table at index t into d, zeroed before. */
void cmi_decl_read(lua_State *L, int t, const char *field, const char *owner, cmi_decl *d);
void cmi_decl_free(cmi_decl *d);
/* Declared, and every path under tasks or icf_demands: cells of one task
 * for a kind aimed at a task. */
int cmi_decl_task_only(const cmi_decl *d);

/* The context's declarations crossed once (kinds × rules, kinds × kinds),
 * built at its first search and owned by the context (cm_ctx.deps). */
typedef struct cmi_deps cmi_deps;
const cmi_deps *cmi_deps_of(cm_ctx *ctx); /* NULL when out of memory */
void cmi_deps_free(cm_ctx *ctx, cmi_deps *d);

/* The offers of one job in groups: offers that can reach a common rule's
 * reads (for any task, and findings that only an offer makes appear) or
 * each other's are in one group. Every finding of (set, rule, task) falls
 * in one slot, written by the offers of at most one group. Owned by the
 * caller: cmi_deps_groups_free. */
typedef struct cmi_deps_groups {
	int noffers;
	int *group_of; /* noffers: the group of each offer, 0..ngroups-1 */
	int ngroups;
	/* slot_group[rule][slot]: the group whose offers write it, or -1 (no
	 * offer can change its findings); rule: the rule's position over all
	 * sets (cmi_deps_rule_index); slot: 0 for a finding without a task or
	 * of a rule that reads all tasks, 1 + t for one of task t; NULL when
	 * the job offers nothing: every slot -1 */
	int **slot_group;
	int nrules;
	const int *first_rule;         /* nsets + 1: set s's rules start here (the context's) */
	const unsigned char *own_task; /* nrules (the context's) */
	/* noffers each, for the search's equal subsets (doc/search.md): the
	 * task each offer is aimed at (-1: none) and its CMI_OFFER_ bits */
	int *task_of;
	unsigned char *role;
} cmi_deps_groups;

/* What an offer's kind declares, as the search needs it to take two
 * subsets as equal without evaluating both. */
enum {
	CMI_OFFER_TASK_ONLY = 1, /* aimed at a task; reads and writes only its cells */
	CMI_OFFER_REMOVES = 2,   /* its kind's removes_task: takes its task out */
	CMI_OFFER_ANY_TASK = 4,  /* may read any task's cells (no task, or undeclared) */
	CMI_OFFER_INERT = 8,     /* writes only in elements its task lacks: changes nothing */
};

/* active: the sets this assessment runs (NULL: all). */
cm_status cmi_deps_group(cm_ctx *ctx, const cm_job *job, const unsigned char *active,
                         cmi_deps_groups *out /* OUT */, cm_error *err);
/* The group of the offers that can change findings of (set, rule) about
 * task (NULL: none), or -1. */
int cmi_deps_finding_group(const cmi_deps_groups *g, const cm_job *job, int set, int rule,
                           const char *task);
void cmi_deps_groups_free(cm_ctx *ctx, cmi_deps_groups *g);

#endif
