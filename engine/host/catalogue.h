/*
 * catalogue.h — the adaptation kinds of rules/adaptations.lua: what each
 * takes, checking a job's offered adaptations against them, and applying
 * them to a job table. Internal.
 */
#ifndef CM_CATALOGUE_H
#define CM_CATALOGUE_H

#include "deps.h"
#include "messages.h"
#include "model.h"
#include "sandbox.h"

typedef enum cmi_attr_type {
	CMI_ATTR_TASK,
	CMI_ATTR_NUMBER,
	CMI_ATTR_BOOLEAN,
	CMI_ATTR_WORDS,
	CMI_ATTR_ELEMENT
} cmi_attr_type;

typedef struct cmi_kind_attr {
	char *name; /* as in the XML */
	char *lua;  /* key passed to apply */
	cmi_attr_type type;
	int required;
	double min, max; /* CMI_ATTR_NUMBER */
	char **values;   /* CMI_ATTR_WORDS: the accepted words */
	int nvalues;
	char *of; /* CMI_ATTR_ELEMENT: the element kind named (XML name), owned */
} cmi_kind_attr;

typedef struct cmi_kind {
	char *kind;
	char *title[CMI_NLANGS];
	cmi_kind_attr *attrs;
	int nattrs;
	int apply_ref;          /* registry reference to apply(job, a) */
	cmi_decl writes, reads; /* what apply writes and reads besides (deps.h) */
	/* removes_task: apply takes its task out of the job with every ICF
	 * demand of it, and does nothing else; its effect depends on the task
	 * alone, and two such offers commute. The search then takes a subset
	 * with it as equal to the one without the offers aimed at that task
	 * (doc/search.md, "Equal subsets"). Checked at load: the kind takes
	 * only a task attribute and writes only under tasks and icf_demands. */
	int removes_task;
} cmi_kind;

/* Invariants: kinds in catalogue order, which is the application order. */
typedef struct cmi_catalogue {
	char *file;
	char sha256[65]; /* of the file, for the reports */
	char *version;
	int contract; /* 1: apply writes the job table as it likes, so each evaluation
	                 needs a fresh one; 2: only through capamatch.set, which the
	                 engine logs and undoes (rules/README.md) */
	cmi_kind *kinds;
	int nkinds;
	/* its file is one the build compiled (chunks.h), rules/adaptations.lua,
	 * whose kinds' apply reads an adaptation's attributes and never its id
	 * or cost: two offers of one kind with the same attributes then do the
	 * same (the search's twins, doc/search.md). A user's catalogue may read
	 * them, so it is 0 there. */
	int compiled;
} cmi_catalogue;

cm_status cmi_catalogue_load(cm_ctx *ctx, cmi_sandbox *sb, const char *path,
                             cmi_catalogue **out /* OUT */, cm_error *err);
void cmi_catalogue_free(cmi_catalogue *cat);
/* Checks every offered adaptation (kind, attributes, types, task names),
 * sets each kind_index, adds one problem per fault; returns their number,
 * or -1 when out of memory. */
int cmi_catalogue_check(cm_ctx *ctx, const cmi_catalogue *cat, cm_job *job, cm_error *err);
/* In protected mode: applies adaptation a to the job table at index t. */
void cmi_catalogue_apply(lua_State *L, const cmi_catalogue *cat, const cmi_adaptation *a, int t);
/* Protected: the hours a day of the tasks of the job table on top of the
 * stack (its first ntasks, up to the first gone), summed in task order;
 * the stack is left as it was. */
double cmi_catalogue_sum_hours(lua_State *L, int ntasks);
/* The hours a day of the job's tasks once the n adaptations of set are
 * applied (in catalogue order, as an evaluation applies them): what a set
 * leaves of the working day (a drop-task takes its task's hours, a
 * reduce-hours lowers them). Read from the adapted job table, so that the
 * catalogue alone says what each kind does. */
cm_status cmi_catalogue_hours_after(cm_ctx *ctx, const cm_job *job,
                                    const cmi_adaptation *const *set, int n,
                                    double *hours /* OUT */, cm_error *err);

#endif
