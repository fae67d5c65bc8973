/*
 * kader.h — the groene kader's 22 limits outside the engine, for make
 * bench's ceiling (kader_hand.c) and its peer engine (kader_clips.c): a job
 * profile read straight from its XML into plain C arrays (kader_job.c), the
 * findings as (rule, task, status) triples, and the sorted dump that
 * scripts/bench-ratios compares with the Lua rule set's own findings.
 *
 * Not the engine's model, on purpose: the engine's internals change under
 * this issue, and a bench that read them would measure, or break with, the
 * change. This reads only what rules/inrs-cadre-vert.lua reads, with its
 * default parameters (level-and-duration, exposure), and nothing else.
 */
#ifndef BENCH_KADER_H
#define BENCH_KADER_H

#include <math.h>
#include <stdio.h>

/* Bounds of one job here (of each kind of element); a profile past them is
 * refused by name (the corpus has at most 6 tasks of 3 handlings). */
enum { KJ_TASKS = 64, KJ_ELEMS = 256, KJ_ROWS = 11, KJ_RULES = 22 };

/* One element of a task; task is its index in the job. Not recorded: NAN
 * for numbers. */
typedef struct kj_handling {
	int task;
	double mass, rate, kg_day;
} kj_handling;
typedef struct kj_push_pull {
	int task;
	double mass, wheels;
} kj_push_pull;
typedef struct kj_repetition {
	int task;
	double apm;
} kj_repetition;
typedef struct kj_posture {
	int task, is_static; /* static="true" */
	double flexion, pause;
} kj_posture;
typedef struct kj_vibration {
	int task;
	double aw;
} kj_vibration;

/* A job: each array owned by the job (kj_free), exactly as long as its
 * count, so that a corpus of 10,000 stays small enough for the caches. */
typedef struct kj_job {
	char id[72];
	int ntasks, nh, np, nr, nposture, nv;
	char (*task_id)[72];
	double *task_hours;
	kj_handling *h;
	kj_push_pull *p;
	kj_repetition *r;
	kj_posture *posture;
	kj_vibration *v;
	int heavy; /* a <heavy-work> element */
	double cardiac, heavy_hours, peak;
	signed char rows[KJ_ROWS]; /* in kj_rows' order: 1 yes, 0 no, -1 not recorded */
} kj_job;

/* As cm_finding_status. */
enum { KJ_WITHIN = 0, KJ_EXCEEDS, KJ_UNKNOWN, KJ_NA };

typedef struct kj_finding {
	unsigned char rule;   /* index into kj_rule_names */
	unsigned char status; /* KJ_WITHIN ... */
	short task;           /* index into the job's tasks, -1 for a job-level finding */
} kj_finding;

/* At most this many findings for one job. */
#define KJ_MAX_FINDINGS (5 * KJ_ELEMS + KJ_RULES)

/* The rule ids as the rule set names them, in its order; the last eleven
 * are the requirement rows. */
extern const char *const kj_rule_names[KJ_RULES];
/* The requirement rows: the section element, the attribute, and the answer
 * required (1 yes, 0 no). */
extern const struct kj_row {
	const char *section, *name;
	int required;
} kj_rows[KJ_ROWS];
extern const char *const kj_status_names[4];

/* Reads a job profile (no schema validation: the corpus is validated by the
 * engine in the same run). 0 on success; otherwise -1 with a message on
 * stderr. */
int kj_load(const char *path, kj_job *job /* OUT */);
void kj_free(kj_job *job);

/* The *n .xml files of dir, sorted by name (C locale), each malloc'd. */
char **kj_list(const char *dir, int *n /* OUT */);

/* The file at path, whole, NUL-terminated (malloc'd, *len its size); NULL
 * when unreadable. */
char *kj_slurp(const char *path, size_t *len /* OUT */);
/* Cuts the <adaptations> element out of a profile in place: the job as it
 * is, with nothing for a search to try. */
void kj_cut_offers(char *buf, size_t *len);

/* Appends one line a finding, "JOB RULE TASK STATUS" (TASK "-" for job-level
 * findings), the form bench_api writes for the Lua rule set's findings. */
void kj_dump(FILE *out, const kj_job *job, const kj_finding *f, int n);

/* The Lua rule set's rounding of computed limits and totals (capamatch.tidy). */
static inline double kj_tidy(double x)
{
	return floor(x * 1e6 + 0.5) / 1e6;
}

/* Seconds of this process's CPU time: on a machine shared with other work,
 * the time the bench was given, not the time it waited. */
double kj_now(void);

#endif
