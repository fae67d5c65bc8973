/*
 * kader_hand.c — the ceiling in make bench: the 22 limits of
 * rules/inrs-cadre-vert.lua written by hand in plain C over a job already
 * in arrays (kader.h), with the rule set's default parameters and readings,
 * giving each finding's rule, task and status as the rule set does (one per
 * element judged; one not-applicable when no task has the element; unknown
 * for what is not recorded). No texts, values or margins: statuses are what
 * the ceiling is compared on.
 *
 * Usage: bench_hand DIR AGE DUMP — loads DIR's profiles, times the 22 limits
 * over all of them (enough rounds for a second), prints "hand_us X" (µs a
 * job), and writes every finding to DUMP (kj_dump) for scripts/bench-ratios
 * to compare with the Lua rule set's. Never part of make check.
 */
#include <stdlib.h>

#include "kader.h"

/* The default parameters (rules/inrs-cadre-vert.lua, params). */
#define LOAD_KG         5.0
#define TONNAGE_T       3.0
#define PUSH_KG         100.0
#define PUSH_WHEELS     4.0
#define REPETITION      40.0
#define CARDIAC_BPM     30.0
#define HEAVY_HOURS     1.0
#define MAX_HR_FRACTION 0.85
#define BEND_DEG        20.0
#define BREAK_MIN       10.0
#define VIBRATION_MS2   0.5
#define VIBRATION_HOURS 1.0

typedef struct out {
	kj_finding *f;
	int n;
} out;

static void add(out *o, int rule, int task, int status)
{
	o->f[o->n++] = (kj_finding){(unsigned char)rule, (unsigned char)status, (short)task};
}

/* capamatch.measured: unknown when not recorded, else the comparison. */
static int at_most(double v, double limit)
{
	return isnan(v) ? KJ_UNKNOWN : v <= limit ? KJ_WITHIN : KJ_EXCEEDS;
}

static void handling(const kj_job *j, out *o)
{
	double kg = 0;
	int known = 1;
	for (int i = 0; i < j->nh; i++) {
		add(o, 0, j->h[i].task, at_most(j->h[i].mass, LOAD_KG));
		double term = !isnan(j->h[i].kg_day)
		                  ? j->h[i].kg_day
		                  : j->h[i].mass * j->h[i].rate * 60 * j->task_hours[j->h[i].task];
		known = known && !isnan(term);
		kg += term;
	}
	if (j->nh == 0) {
		add(o, 0, -1, KJ_NA);
		add(o, 1, -1, KJ_NA);
	} else {
		add(o, 1, -1, known ? at_most(kj_tidy(kg / 1000), TONNAGE_T) : KJ_UNKNOWN);
	}
}

/* Row 3: at least 4 wheels; unrecorded wheels exceed only over the mass. */
static void push_pull(const kj_job *j, out *o)
{
	for (int i = 0; i < j->np; i++) {
		double kg = j->p[i].mass, w = j->p[i].wheels;
		int s = isnan(kg)         ? KJ_UNKNOWN
		        : isnan(w)        ? (kg <= PUSH_KG ? KJ_UNKNOWN : KJ_EXCEEDS)
		        : w < PUSH_WHEELS ? KJ_EXCEEDS
		        : kg <= PUSH_KG   ? KJ_WITHIN
		                          : KJ_EXCEEDS;
		add(o, 2, j->p[i].task, s);
	}
	if (j->np == 0)
		add(o, 2, -1, KJ_NA);
}

static void heavy_work(const kj_job *j, int age, out *o)
{
	if (!j->heavy) {
		add(o, 4, -1, KJ_NA);
		add(o, 5, -1, KJ_NA);
		add(o, 6, -1, KJ_NA);
		return;
	}
	add(o, 4, -1, at_most(j->cardiac, CARDIAC_BPM));
	add(o, 5, -1, at_most(j->heavy_hours, HEAVY_HOURS));
	add(o, 6, -1,
	    age < 0 ? KJ_UNKNOWN : at_most(j->peak, kj_tidy(MAX_HR_FRACTION * (220 - age))));
}

static void posture(const kj_job *j, out *o)
{
	int statics = 0;
	for (int i = 0; i < j->nposture; i++)
		add(o, 7, j->posture[i].task, at_most(j->posture[i].flexion, BEND_DEG));
	if (j->nposture == 0)
		add(o, 7, -1, KJ_NA);
	for (int i = 0; i < j->nposture; i++) {
		if (!j->posture[i].is_static)
			continue;
		double p = j->posture[i].pause;
		add(o, 8, j->posture[i].task,
		    isnan(p)         ? KJ_UNKNOWN
		    : p >= BREAK_MIN ? KJ_WITHIN
		                     : KJ_EXCEEDS);
		statics++;
	}
	if (statics == 0)
		add(o, 8, -1, KJ_NA);
}

static void vibration(const kj_job *j, out *o)
{
	double hours = 0;
	for (int i = 0; i < j->nv; i++) {
		add(o, 9, j->v[i].task, at_most(j->v[i].aw, VIBRATION_MS2));
		hours += j->task_hours[j->v[i].task];
	}
	if (j->nv == 0) {
		add(o, 9, -1, KJ_NA);
		add(o, 10, -1, KJ_NA);
	} else {
		add(o, 10, -1, at_most(hours, VIBRATION_HOURS));
	}
}

/* The 22 limits; returns the number of findings written to f. */
static int kader(const kj_job *j, int age, kj_finding *f)
{
	out o = {f, 0};
	handling(j, &o);
	push_pull(j, &o);
	for (int i = 0; i < j->nr; i++)
		add(&o, 3, j->r[i].task, at_most(j->r[i].apm, REPETITION));
	if (j->nr == 0)
		add(&o, 3, -1, KJ_NA);
	heavy_work(j, age, &o);
	posture(j, &o);
	vibration(j, &o);
	for (int r = 0; r < KJ_ROWS; r++)
		add(&o, 11 + r, -1,
		    j->rows[r] < 0                      ? KJ_UNKNOWN
		    : j->rows[r] == kj_rows[r].required ? KJ_WITHIN
		                                        : KJ_EXCEEDS);
	return o.n;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: bench_hand DIR AGE DUMP\n");
		return 2;
	}
	int n, age = atoi(argv[2]);
	char **files = kj_list(argv[1], &n);
	kj_job *jobs = malloc((size_t)(n ? n : 1) * sizeof *jobs);
	kj_finding *f = malloc(KJ_MAX_FINDINGS * sizeof *f);
	FILE *dump = fopen(argv[3], "w");
	if (n == 0 || !jobs || !f || !dump) {
		fprintf(stderr, "bench_hand: no profiles in %s, or no memory, or %s\n", argv[1],
		        argv[3]);
		return 2;
	}
	for (int i = 0; i < n; i++)
		if (kj_load(files[i], &jobs[i]) < 0)
			return 2;
	for (int i = 0; i < n; i++)
		kj_dump(dump, &jobs[i], f, kader(&jobs[i], age, f));
	if (fclose(dump) != 0)
		return 2;
	/* Rounds until a second has passed: each round is well under a
	 * millisecond for 10,000 jobs. The exceeded count keeps the work
	 * observable, so the compiler cannot drop it. */
	long rounds = 0, exceeded = 0;
	double t0 = kj_now(), t;
	do {
		for (int i = 0; i < n; i++) {
			int k = kader(&jobs[i], age, f);
			for (int x = 0; x < k; x++)
				exceeded += f[x].status == KJ_EXCEEDS;
		}
		rounds++;
	} while ((t = kj_now() - t0) < 1.0);
	printf("hand_us %.4f\nhand_exceeded %ld\n", 1e6 * t / rounds / n, exceeded / rounds);
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	for (int i = 0; i < n; i++)
		kj_free(&jobs[i]);
	free(jobs);
	free(f);
	return 0;
}
