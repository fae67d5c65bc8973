/*
 * model.h — a loaded job profile, as C structs. Internal.
 *
 * The C side never interprets a demand: it checks ranges, keeps the values
 * and hands them to the Lua rules. So physical elements (handling, posture,
 * vibration…) are generic records described by the tables in job_fields.c,
 * which are the single place that names an attribute, its type and its
 * range. Everything a cm_job points to lives in its arena.
 */
#ifndef CM_MODEL_H
#define CM_MODEL_H

#include "arena.h"
#include "job_fields.h"

typedef struct cmi_text {
	const char *lang; /* "nl", "en"… */
	const char *text;
} cmi_text;

/* One attribute value; which member is meaningful follows its field type. */
typedef struct cmi_value {
	int set;         /* 0: the attribute was absent */
	double num;      /* CMI_NUM; for CMI_BOOL 0 or 1 */
	const char *str; /* CMI_STR */
} cmi_value;

/* A present element such as <handling>: desc says which, values has one
 * entry per desc->fields, in that order. */
typedef struct cmi_elem {
	const cmi_elem_desc *desc;
	int line;
	cmi_value *values;
	const char *label; /* its id; else "handling[2]" when the task holds several
	                      of its kind; else NULL. In the arena */
} cmi_elem;

typedef struct cmi_task {
	const char *id;
	int line;
	double hours_per_day;
	cmi_text *titles;
	int ntitles;
	cmi_elem *elems; /* present task elements, document order */
	int nelems;
} cmi_task;

typedef struct cmi_demand {
	const char *code;      /* ICF code as written, e.g. "d4300" */
	double max_difficulty; /* highest capacity qualifier the job admits */
	const char *task;      /* task it belongs to, or NULL */
	int line;
} cmi_demand;

typedef struct cmi_adapt_attr {
	const char *name;  /* as in the XML, e.g. "residual-mass-kg" */
	const char *value; /* as in the XML; typed by the catalogue */
	int line;
} cmi_adapt_attr;

typedef struct cmi_adaptation {
	const char *id;
	const char *kind;
	double cost_eur;
	int line;
	const char *path;      /* element path, for messages */
	int order;             /* position among the offered adaptations */
	int kind_index;        /* position of its kind in the catalogue; -1 until checked */
	cmi_adapt_attr *attrs; /* every attribute but id, kind, cost-eur */
	int nattrs;
} cmi_adaptation;

/* Invariants: ids are unique among tasks and among adaptations; every task
 * reference (demand, adaptation) names a task; every adaptation's kind and
 * attributes were accepted by the catalogue. */
struct cm_job {
	cmi_arena arena;  /* owns everything below */
	const char *file; /* name given when loading */
	char sha256[65];  /* of the bytes loaded, lower-case hex */
	const char *id;
	cmi_text *titles;
	int ntitles;
	cmi_elem *elems; /* present job-level elements (schedule, heavy-work…) */
	int nelems;
	cmi_task *tasks;
	int ntasks;
	cmi_task **task_index; /* the tasks sorted by id, for lookups */
	cmi_demand *demands;
	int ndemands;
	cmi_adaptation *adaptations;
	int nadaptations;
	int doubtful_ids; /* a task id was missing or refused by the schema: a reference
	                     to a task that is not found says nothing more (the job is
	                     refused anyway) */
};

/* The task with that id, or NULL (by the loader's sorted index). */
const cmi_task *cmi_job_find_task(const cm_job *job, const char *id);
/* The hours a day of all the job's tasks, as recorded. */
double cmi_job_task_hours(const cm_job *job);
/* Parses a decimal in [min, max]; 0 when it is not one (out stays as is). */
int cmi_parse_number(const char *text, double min, double max, double *out /* OUT */);

#endif
