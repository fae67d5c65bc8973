/*
 * report.h — what the text and JSON writers share. Internal.
 */
#ifndef CM_REPORT_H
#define CM_REPORT_H

#include "assessment.h"
#include "file.h"     /* cmi_report_file_name */
#include "messages.h" /* cmi_format_number, cmi_format_money */
#include "strbuf.h"

/* A title in lang, else English, else the first; NULL when there is none. */
const char *cmi_title(const cmi_text *titles, int n, cm_lang lang);
/* The job's title in lang, else English, else the first, else its id. */
const char *cmi_job_title(const cm_job *job, cm_lang lang);
/* 1 when base finding at(k) is the first of its rule among at(0..k), where
 * at(j) is idx[j] (or j when idx is NULL) and only findings of status
 * count (status < 0: any); by_set: the rule set must be the same too. The
 * lists of rule ids a report prints name each rule once. */
int cmi_first_of_rule(const cm_assessment *a, const int *idx, int k, int status, int by_set);
/* The sentence saying whether rule set `set`'s return-to-work window
 * applies (with its dates) into buf; 0 when the set has no window here. */
int cmi_window_line(const cm_assessment *a, int set, char *buf, size_t size);
/* Rule ids of the findings that stopped at `unknown`, comma-separated. */
void cmi_unknown_rules(const cm_assessment *a, cmi_sb *sb);
/* One line saying why the verdict is what it is. */
void cmi_verdict_reason(const cm_assessment *a, cmi_sb *sb);

/* Whether the report shows rule set `set`: it ran in this assessment, and
 * an employer never sees an advisory (screening) set. */
int cmi_report_shows_set(const cm_assessment *a, int set);
/* The employer's view of a person's assessment (rendering sets
 * a->employer): it names rule sets by what they are to the employer, not by
 * their id, title, source or file, which may name the condition the rule
 * set is for ("return to work of employees with low-back pain"), which is
 * the person's diagnosis. */
int cmi_report_hides_titles(const cm_assessment *a);
/* Rule set `set`'s id as the view names it: in the employer's view
 * "return-to-work-limits" (a set with a window), "functional-limits" (a
 * set that reads the person), "workplace-limits" (any other), with "-2",
 * "-3" for a second and third of a kind. */
const char *cmi_report_set_id(const cm_assessment *a, int set);
/* Its title as the view names it: the engine's words for its kind in the
 * employer's view; the rule set's own (or NULL) in the others. */
const char *cmi_report_set_title(const cm_assessment *a, int set);
/* Why it did not run (cmi_ruleset_failure) as the view may read it: for an
 * employer a sentence of the engine's, never the error's own text. */
const char *cmi_report_failure(const cm_assessment *a, int set);
/* Finding i of ev (the base or the advice evaluation) as the audience may
 * read it. For an employer: every rule set by its name in that view; a
 * medical set's finding has no figures, no element, no task that is not
 * the job's, a rule id of the engine's words, and a line the engine words
 * (the functional dimension, its status and, when the limit is one of the
 * person's measured capacities, that figure) in place of the rule's text.
 * A worker reads the rule's plain wording where it gives one. */
cm_finding cmi_report_finding(const cm_assessment *a, const cmi_eval *ev, int i);

/* What reproduces a report: its inputs and the rule files. For rank, job is
 * NULL (each job's line names its file and hash) and njobs says how many;
 * person is NULL where the view may not name it; the rule sets listed are
 * those assessment a shows, or all of them when a is NULL (rank). */
typedef struct cmi_repro {
	cm_ctx *ctx;
	const cm_job *job;
	const cm_person *person;
	const cm_assessment *a;
	const char *date;
	size_t njobs;
} cmi_repro;
/* An assessment's, for its audience. */
cmi_repro cmi_repro_of(const cm_assessment *a);
void cmi_repro_text(const cmi_repro *r, cmi_sb *sb);
void cmi_repro_json(const cmi_repro *r, cmi_sb *sb);
/* What reproduces the report, as text lines: every input's and rule file's
 * hash, the parameters away from their defaults, the engine and the date
 * (the HTML report shows the same block). */
void cmi_report_text_reproducibility(const cm_assessment *a, cmi_sb *sb);
void cmi_report_html(const cm_assessment *a, cmi_sb *sb);
/* rank's cells for one job in the HTML ranking: job, verdict, cost, score,
 * and the score's parts as a small stacked bar. */
void cmi_report_rank_html(const cm_assessment *a, cmi_sb *sb);
/* HTML helpers shared with rank.c: escaping, and the style sheet. */
void cmi_html_escape(cmi_sb *sb, const char *s);
extern const char *const cmi_html_css;
void cmi_report_text(const cm_assessment *a, cmi_sb *sb);
void cmi_report_json(const cm_assessment *a, cmi_sb *sb);
/* rank's line for one job: one JSON object on one line, no texts. */
void cmi_report_rank_line(const cm_assessment *a, cmi_sb *sb);
/* rank's text block for one job: its score's contributions, its cheapest
 * set, what stays unresolved or unknown. */
void cmi_report_rank_text(const cm_assessment *a, cmi_sb *sb);
/* rank: the one sentence saying why the job stands where it does (its
 * group, cost and score, and the figures behind each part of the score),
 * in plain words for the worker; built from numbers and ids only. */
void cmi_rank_why(const cm_assessment *a, cmi_sb *sb);
/* The job's ISCO-08 code, or NULL. */
const char *cmi_job_isco(const cm_job *job);
/* JSON string and number writers, shared with rank.c. */
void cmi_json_string(cmi_sb *sb, const char *s);
void cmi_json_number(cmi_sb *sb, double x);

#endif
