/*
 * bench_eval.c — how fast libcapamatch evaluates: `make bench` runs it on
 * a generated corpus (scripts/gen-jobs) and prints, per profile, the time to
 * load and validate, to evaluate every rule set on the job as it is (no
 * search), and to run cm_check with its adaptation search; then the peak
 * memory. One core, CPU time of the process (the machine is shared, so
 * wall time would count the others' work): each figure is the total over
 * the corpus divided by its size. Never part of `make check`:
 * timings are no test. A second argument sets the instruction budget per
 * Lua call (0: none, so no count hook: what that hook costs).
 *
 * Internal: it calls cmi_evaluate directly, the evaluation the search
 * repeats, so that the figure is the evaluation core's alone; and, as the
 * ceiling to compare with, the same 22 groene kader limits hand-written in
 * C over the loaded model (hand_check), which gives statuses only.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "assessment.h"
#include "capamatch.h"
#include "kader.h"
#include "evaluate.h"
#include "rules.h"
#include "model.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time: the machine is shared */
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A number of element e, or NAN when absent. */
static double num(const cmi_elem *e, const char *attr)
{
	int f = e ? cmi_field_find(e->desc, attr) : -1;
	return f >= 0 && e->values[f].set ? e->values[f].num : NAN;
}

static const cmi_elem *job_elem(const cm_job *job, const char *name)
{
	for (int i = 0; i < job->nelems; i++)
		if (!strcmp(job->elems[i].desc->xml, name))
			return &job->elems[i];
	return NULL;
}

/* A job as plain numbers, made once before timing: what hand-written C
 * over a struct would read. NAN: not recorded. */
enum { FLAT_MAX = 64 };
typedef struct flat {
	int nh, np, nr, nv, npost;
	double h_mass[FLAT_MAX], h_rate[FLAT_MAX], h_hours[FLAT_MAX];
	double p_mass[FLAT_MAX], p_wheels[FLAT_MAX], rep[FLAT_MAX];
	double bend[FLAT_MAX], stat[FLAT_MAX], pause[FLAT_MAX];
	double aw[FLAT_MAX], aw_hours[FLAT_MAX];
	double cardiac, heavy_hours, peak;
	double rows[11]; /* falls, psychosocial, organisation: 1, 0 or NAN */
} flat;

static void flatten(const cm_job *job, flat *f)
{
	static const char *const rows[][2] = {{"falls", "obstacles"},
	                                      {"falls", "level-differences"},
	                                      {"falls", "haste"},
	                                      {"falls", "movement-info"},
	                                      {"psychosocial", "reception"},
	                                      {"psychosocial", "listening-ear"},
	                                      {"psychosocial", "progressive-pace"},
	                                      {"psychosocial", "limited-rhythm"},
	                                      {"psychosocial", "pause-choice"},
	                                      {"organisation", "mutual-assistance"},
	                                      {"organisation", "adaptable-tasks"}};
	memset(f, 0, sizeof *f);
	for (int t = 0; t < job->ntasks; t++) {
		const cmi_task *task = &job->tasks[t];
		for (int i = 0; i < task->nelems; i++) {
			const cmi_elem *e = &task->elems[i];
			const char *x = e->desc->xml;
			if (!strcmp(x, "handling") && f->nh < FLAT_MAX) {
				f->h_mass[f->nh] = num(e, "mass-kg");
				f->h_rate[f->nh] = num(e, "per-minute");
				f->h_hours[f->nh++] = task->hours_per_day;
			} else if (!strcmp(x, "repetition") && f->nr < FLAT_MAX) {
				f->rep[f->nr++] = num(e, "actions-per-minute");
			} else if (!strcmp(x, "posture") && f->npost < FLAT_MAX) {
				f->bend[f->npost] = num(e, "trunk-flexion-deg");
				f->stat[f->npost] = num(e, "static");
				f->pause[f->npost++] = num(e, "pause-minutes-per-hour");
			} else if (!strcmp(x, "push-pull") && f->np < FLAT_MAX) {
				f->p_mass[f->np] = num(e, "mass-kg");
				f->p_wheels[f->np++] = num(e, "wheels");
			} else if (!strcmp(x, "vibration") && f->nv < FLAT_MAX) {
				f->aw[f->nv] = num(e, "aw-ms2");
				f->aw_hours[f->nv++] = task->hours_per_day;
			}
		}
	}
	const cmi_elem *hw = job_elem(job, "heavy-work");
	f->cardiac = num(hw, "cardiac-cost-bpm");
	f->heavy_hours = num(hw, "hours-per-day");
	f->peak = num(hw, "peak-bpm");
	for (int i = 0; i < 11; i++)
		f->rows[i] = num(job_elem(job, rows[i][0]), rows[i][1]);
}

/* The 22 limits with the default readings over a flat job; returns how many
 * findings exceed (missing data counts as not exceeding: a ceiling to
 * compare with, not a second implementation). */
static int hand_check(const flat *f, int age)
{
	int over = 0;
	double kg = 0, vib_hours = 0;
	for (int i = 0; i < f->nh; i++) {
		over += f->h_mass[i] > 5;
		kg += f->h_mass[i] * f->h_rate[i] * 60 * f->h_hours[i];
	}
	for (int i = 0; i < f->nr; i++)
		over += f->rep[i] > 40;
	for (int i = 0; i < f->npost; i++)
		over += (f->bend[i] > 20) + (f->stat[i] == 1 && !(f->pause[i] >= 10));
	for (int i = 0; i < f->np; i++)
		over += f->p_mass[i] > 100 || f->p_wheels[i] < 4;
	for (int i = 0; i < f->nv; i++) {
		over += f->aw[i] > 0.5;
		vib_hours += f->aw_hours[i];
	}
	over += (kg > 3000) + (vib_hours > 1) + (f->cardiac > 30) + (f->heavy_hours > 1);
	over += age >= 0 && f->peak > 0.85 * (220 - age);
	for (int i = 0; i < 11; i++)
		over += i < 3 ? f->rows[i] == 1 : f->rows[i] == 0;
	return over;
}

/* Each rule of the groene kader alone, inside a check as the search
 * evaluates (in.only runs that one rule; every other set is skipped), and
 * the set with no rule run: what the engine's own work per set costs. Which
 * rule to make faster is read here. */
static void rule_shares(cm_ctx *ctx, cm_job **jobs, int n, int rounds)
{
	int set = -1, nsets = cmi_nrulesets(ctx);
	for (int s = 0; s < nsets; s++)
		if (!strcmp(cmi_ruleset_at(ctx, s)->id, "inrs-cadre-vert"))
			set = s;
	if (set < 0)
		return;
	const cmi_ruleset *rs = cmi_ruleset_at(ctx, set);
	const unsigned char **only = calloc((size_t)nsets, sizeof *only);
	unsigned char *mask = calloc((size_t)rs->nrules + 1, 1);
	only[set] = mask;
	cm_error err = {0};
	printf("groene kader, each rule alone inside a check (µs a job):\n ");
	for (int rule = -1; rule < rs->nrules; rule++) {
		memset(mask, 0, (size_t)rs->nrules);
		if (rule >= 0)
			mask[rule] = 1;
		double total = 0;
		for (int i = 0; i < n; i++) {
			cmi_eval ev;
			cmi_eval_input in = {.job = jobs[i], .age = 47, .only = only};
			cmi_check_begin(ctx);
			double t = 0;
			for (int r = 0; r <= rounds; r++) {
				if (r == 1)
					t = now();
				if (cmi_evaluate(ctx, &in, &ev, &err) != CM_OK)
					exit(2);
				cmi_eval_free(&ev);
			}
			total += now() - t;
			cmi_check_end(ctx);
			cmi_rules_release_caches(ctx);
		}
		printf(" %s %.2f", rule < 0 ? "(none)" : rs->rules[rule].id,
		       1e6 * total / rounds / n);
	}
	printf("\n");
	free(mask);
	free(only);
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr,
		        "usage: bench_eval DIR [INSTRUCTIONS] (profiles from scripts/gen-jobs;"
		        " the instruction budget per Lua call, 0: none, no count hook)\n");
		return 2;
	}
	int n;
	char **files = kj_list(argv[1], &n);
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	if (n > 0 && cm_ctx_new(".", &ctx, &err) == CM_OK && argc == 3)
		cm_ctx_set_lua_limits(ctx, 64u << 20, atol(argv[2])); /* the default heap */
	if (n == 0 || !ctx || cm_ctx_load_rules(ctx, &err) != CM_OK) {
		fprintf(stderr, "bench_eval: no profiles in %s, or the rules do not load\n",
		        argv[1]);
		return 2;
	}
	cm_job **jobs = calloc((size_t)n, sizeof *jobs);
	double t0 = now();
	for (int i = 0; i < n; i++)
		if (cm_job_load(ctx, files[i], &jobs[i], &err) != CM_OK) {
			fprintf(stderr, "bench_eval: %s: %s\n", files[i], err.problems[0].message);
			return 2;
		}
	double load = now() - t0;
	long findings = 0;
	int rounds = 5;
	t0 = now();
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			cmi_eval ev;
			cmi_eval_input in = {.job = jobs[i], .age = 47}; /* as the search's */
			cmi_check_begin(ctx); /* as in cm_check: the timer armed once a job */
			cm_status st = cmi_evaluate(ctx, &in, &ev, &err);
			cmi_check_end(ctx);
			if (st != CM_OK)
				return 2;
			findings += ev.nfindings;
			cmi_eval_free(&ev);
		}
	double eval = (now() - t0) / rounds;
	/* The same evaluation as the search repeats it inside one check: the
	 * tables a contract-2 or -3 rule set reads are built by the first and
	 * kept (evaluate.c), so this is the rules' and the engine's own cost. */
	double warm = 0;
	for (int i = 0; i < n; i++) {
		cmi_eval ev;
		cmi_eval_input in = {.job = jobs[i], .age = 47};
		cmi_check_begin(ctx);
		double t = 0;
		for (int r = 0; r <= rounds; r++) {
			if (r == 1) /* the first built the tables */
				t = now();
			if (cmi_evaluate(ctx, &in, &ev, &err) != CM_OK)
				return 2;
			cmi_eval_free(&ev);
		}
		warm += now() - t;
		cmi_check_end(ctx);
		cmi_rules_release_caches(ctx);
	}
	warm /= rounds;
	rule_shares(ctx, jobs, n, rounds);
	flat *flats = malloc((size_t)n * sizeof *flats);
	for (int i = 0; i < n; i++)
		flatten(jobs[i], &flats[i]);
	long exceeded = 0;
	int hand_rounds = 1000;
	t0 = now();
	for (int r = 0; r < hand_rounds; r++)
		for (int i = 0; i < n; i++)
			exceeded += hand_check(&flats[i], 47);
	double hand = (now() - t0) / hand_rounds;
	free(flats);
	t0 = now();
	cm_check_options opt = {47, "2026-12-01"};
	long evaluations = 0;
	for (int i = 0; i < n; i++) {
		cm_assessment *a = NULL;
		if (cm_check(ctx, jobs[i], &opt, &a, &err) != CM_OK)
			return 2;
		evaluations += 1 + a->search.evaluations; /* the job as it is, then the search's */
		cm_assessment_free(a);
	}
	double check = now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("profiles                         %d (%.1f findings each)\n", n,
	       (double)findings / rounds / n);
	printf("load + validate                  %.1f µs a profile\n", 1e6 * load / n);
	printf("evaluation alone (no search)     %.1f µs a job = %.0f jobs/s on one core\n",
	       1e6 * eval / n, n / eval);
	printf("evaluation inside a check        %.1f µs a job (its tables kept, as the search "
	       "evaluates)\n",
	       1e6 * warm / n);
	printf("the same 22 limits in C (ceiling) %.3f µs a job = %.0f jobs/s (%.0f× faster; %ld "
	       "exceeded)\n",
	       1e6 * hand / n, n / hand, eval / hand, exceeded / hand_rounds);
	printf("cm_check with its search         %.1f µs a job (%.1f evaluations each)\n",
	       1e6 * check / n, (double)evaluations / n);
	printf("peak memory (max RSS)            %ld MiB\n", ru.ru_maxrss / 1024);
	for (int i = 0; i < n; i++) {
		cm_job_free(jobs[i]);
		free(files[i]);
	}
	free(jobs);
	free(files);
	cm_ctx_free(ctx);
	return 0;
}
