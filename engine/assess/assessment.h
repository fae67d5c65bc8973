/*
 * assessment.h — the result of `check`: base findings, the search, the
 * verdict, and public views of them. Internal.
 */
#ifndef CM_ASSESSMENT_H
#define CM_ASSESSMENT_H

#include "person.h"
#include "search.h"

/* What a rule set is to one assessment. */
typedef enum cmi_role {
	CMI_ROLE_OFF = 0, /* not part of it: needs a person, or the frame outside its window */
	CMI_ROLE_JUDGED,  /* its findings decide the verdict and drive the search */
	CMI_ROLE_ADVICE   /* its findings are shown as advice, never judged */
} cmi_role;

/* A rule set's return-to-work window in match (window_days > 0). */
typedef enum cmi_window_state {
	CMI_WINDOW_NONE = 0, /* the set has no window, or this is a check */
	CMI_WINDOW_IN,       /* the assessment date is on or before the last day */
	CMI_WINDOW_AFTER,    /* past it: not applied */
	CMI_WINDOW_NO_RETURN /* the person records no return to work: not applied */
} cmi_window_state;

typedef struct cmi_window {
	cmi_window_state state;
	char first[11], last[11], reevaluate[11]; /* when state is IN or AFTER */
} cmi_window;

/* One rule's part in the score (rank): its weight times the worst ratio of
 * demand to limit among its judged findings, with that finding's figures
 * (what a ranking shows behind the ratio; pointers into the base
 * evaluation, which the assessment owns). */
typedef struct cmi_contribution {
	int set, rule;
	double weight, ratio;
	int capped;       /* the ratio was cut to the cap (RATIO_CAP in check.c) */
	int status;       /* cm_finding_status of that finding: within or exceeds */
	cm_value demand;  /* the finding's value: what the job asks */
	cm_value limit;   /* the person's capacity or the frame's limit */
	const char *op;   /* "<=", ">=", "=" or NULL */
	const char *unit; /* or NULL */
	const char *task; /* or NULL */
} cmi_contribution;

/* Where the assessment date came from. */
typedef enum cmi_date_source {
	CMI_DATE_GIVEN = 0,
	CMI_DATE_PROFILE,
	CMI_DATE_TODAY
} cmi_date_source;

/* Invariants: the job, the person and the context outlive the assessment
 * (it points into them); findings[i] mirrors base.findings[i] and
 * advice_findings[i] advice.findings[i]; role and windows have one entry
 * per rule set. */
struct cm_assessment {
	cm_ctx *ctx;             /* not owned */
	const cm_job *job;       /* not owned */
	const cm_person *person; /* not owned; NULL for check */
	int age;                 /* < 0: not given */
	char date[11];           /* YYYY-MM-DD the assessment is made on */
	cmi_date_source date_source;
	int brief;                   /* no texts were rendered (rank): only a brief report */
	unsigned char *role;         /* cmi_role by rule set, in arena */
	cmi_window *windows;         /* by rule set, in arena */
	cmi_eval advice;             /* the advisory sets on the job as it is; owned */
	cm_finding *advice_findings; /* public views of advice.findings, in arena */
	cm_audience audience;        /* the view being rendered (report.c sets it on a copy) */
	const struct cmi_employer_view *employer; /* the employer's view of a person: what the
	                                           * engine words for it (report.c builds it on
	                                           * the copy it renders); else NULL */
	cmi_contribution *contrib; /* weighted rules with a judged finding, in arena */
	int ncontrib;
	double score;      /* the sum of the contributions */
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
/* 1 when a rule set whose findings are judged did not run. */
int cmi_judged_failed(const cm_assessment *a);
/* What rule set `set` is to a match of person on date (rank's heading says
 * it once: it depends on the person and the date, never on the job), and
 * its window into *w. */
cmi_role cmi_role_of(const cm_ctx *ctx, const cm_person *person, const char *date, int set,
                     cmi_window *w);

#endif
