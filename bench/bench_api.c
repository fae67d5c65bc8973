/*
 * bench_api.c — how fast libcapamatch assesses, measured through its public
 * header only (capamatch.h), so that the same source is linked once against
 * the library of this tree and once against the library of the commit before
 * issue 21 (scripts/bench-ratios builds both) and the two figures are of the
 * same calls. Never part of make check: timings are no test.
 *
 *   bench_api DATADIR eval DIR PERSON DUMP
 *       The groene kader alone (cm_ctx_select_rules "inrs-cadre-vert") on
 *       each job of DIR with its offered adaptations cut out, so that an
 *       assessment is one evaluation and no search: cm_match brief (no texts:
 *       what rank does per job) and cm_check (every finding's text rendered).
 *       Prints eval_us and eval_texts_us (µs a job) and writes each finding
 *       of the match, "JOB RULE TASK STATUS", to DUMP (bench/kader.h).
 *   bench_api DATADIR check DIR N AGE SUMMARY
 *       cm_check with every default rule set and the adaptation search on the
 *       first N jobs of DIR, at AGE: prints load_us (load and validate) and
 *       check_us, and writes "JOB VERDICT SETS COST" a line to SUMMARY, so
 *       that two builds' answers can be compared.
 *
 * Times are CPU time of this process (kj_now). The evaluation without texts
 * is the fastest of three slices of half a second or more each; the others
 * are one slice, of half a second (texts) or two seconds (check) or more,
 * each repeating over the corpus, at least once, and dividing by the jobs
 * assessed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capamatch.h"
#include "kader.h" /* kj_list, kj_now (kader_job.c, linked in) */

static int fail(const char *what, const cm_error *err)
{
	fprintf(stderr, "bench_api: %s: %s\n", what,
	        err && err->nproblems ? err->problems[0].message : "failed");
	return 2;
}

static cm_status load_jobs(cm_ctx *ctx, char **files, int n, int offers, cm_job **jobs,
                           cm_error *err)
{
	for (int i = 0; i < n; i++) {
		size_t len = 0;
		char *buf = kj_slurp(files[i], &len);
		if (!buf) {
			fprintf(stderr, "bench_api: cannot read %s\n", files[i]);
			return CM_EIO;
		}
		if (!offers)
			kj_cut_offers(buf, &len);
		cm_status st = cm_job_load_memory(ctx, files[i], buf, len, &jobs[i], err);
		free(buf);
		if (st != CM_OK)
			return st;
	}
	return CM_OK;
}

static void dump(FILE *out, const cm_job *job, const cm_assessment *a)
{
	for (size_t i = 0; i < cm_assessment_nfindings(a); i++) {
		const cm_finding *f = cm_assessment_finding(a, i);
		if (!strcmp(f->ruleset, "inrs-cadre-vert"))
			fprintf(out, "%s %s %s %s\n", cm_job_id(job), f->rule,
			        f->task ? f->task : "-", cm_finding_status_name(f->status));
	}
}

/* µs a job of cm_match (texts 0: brief) or cm_check (texts 1) over every
 * job: the fastest of `slices` slices, each repeating the corpus until half
 * a second has passed (at least once), so that a burst of someone else's
 * work on the machine inflates one slice, not the figure. The first round's
 * findings go to out when it is not NULL. -1 on failure. */
static double time_eval(cm_ctx *ctx, const cm_person *p, cm_job **jobs, int n, int texts,
                        int slices, FILE *out, cm_error *err)
{
	cm_match_options mo = {.today = "2026-11-02", .brief = 1};
	cm_check_options co = {47, "2026-11-02"};
	double best = -1;
	for (int slice = 0; slice < slices; slice++) {
		long done = 0;
		double t0 = kj_now(), t;
		do {
			for (int i = 0; i < n; i++, done++) {
				cm_assessment *a = NULL;
				cm_status st = texts ? cm_check(ctx, jobs[i], &co, &a, err)
				                     : cm_match(ctx, p, jobs[i], &mo, &a, err);
				if (st != CM_OK)
					return -1;
				if (out && slice == 0 && done < n)
					dump(out, jobs[i], a);
				cm_assessment_free(a);
			}
		} while ((t = kj_now() - t0) < 0.5);
		double us = 1e6 * t / (double)done;
		if (best < 0 || us < best)
			best = us;
	}
	return best;
}

static int eval(cm_ctx *ctx, char **files, int n, const char *person, const char *dumpfile)
{
	cm_error err = {0};
	cm_person *p = NULL;
	cm_job **jobs = calloc((size_t)n, sizeof *jobs);
	FILE *out = fopen(dumpfile, "w");
	if (!jobs || !out)
		return fail(dumpfile, NULL);
	if (cm_ctx_select_rules(ctx, "inrs-cadre-vert", &err) != CM_OK ||
	    cm_ctx_load_rules(ctx, &err) != CM_OK)
		return fail("the rule sets", &err);
	if (cm_person_load(ctx, person, &p, &err) != CM_OK)
		return fail(person, &err);
	if (load_jobs(ctx, files, n, 0, jobs, &err) != CM_OK)
		return fail("the corpus", &err);
	double brief = time_eval(ctx, p, jobs, n, 0, 3, out, &err);
	double texts = brief < 0 ? -1 : time_eval(ctx, p, jobs, n, 1, 1, NULL, &err);
	if (fclose(out) != 0 || texts < 0)
		return fail("an assessment", &err);
	printf("eval_us %.3f\neval_texts_us %.3f\n", brief, texts);
	for (int i = 0; i < n; i++)
		cm_job_free(jobs[i]);
	free(jobs);
	cm_person_free(p);
	return 0;
}

static int check(cm_ctx *ctx, char **files, int n, int age, const char *summary)
{
	cm_error err = {0};
	cm_job **jobs = calloc((size_t)n, sizeof *jobs);
	FILE *out = fopen(summary, "w");
	if (!jobs || !out)
		return fail(summary, NULL);
	if (cm_ctx_load_rules(ctx, &err) != CM_OK)
		return fail("the rule sets", &err);
	double t0 = kj_now();
	if (load_jobs(ctx, files, n, 1, jobs, &err) != CM_OK)
		return fail("the corpus", &err);
	double load = kj_now() - t0;
	cm_check_options opt = {age, "2026-12-01"};
	long done = 0;
	double t;
	t0 = kj_now();
	do {
		for (int i = 0; i < n; i++, done++) {
			cm_assessment *a = NULL;
			if (cm_check(ctx, jobs[i], &opt, &a, &err) != CM_OK)
				return fail(cm_job_id(jobs[i]), &err);
			size_t nsets = cm_assessment_nsets(a);
			if (done < n)
				fprintf(out, "%s %s %zu %.0f\n", cm_job_id(jobs[i]),
				        cm_verdict_name(cm_assessment_verdict(a)), nsets,
				        nsets ? cm_assessment_set(a, 0)->cost_eur : 0.0);
			cm_assessment_free(a);
		}
	} while ((t = kj_now() - t0) < 2.0);
	if (fclose(out) != 0)
		return fail(summary, NULL);
	printf("load_us %.1f\ncheck_us %.1f\n", 1e6 * load / n, 1e6 * t / (double)done);
	for (int i = 0; i < n; i++)
		cm_job_free(jobs[i]);
	free(jobs);
	return 0;
}

int main(int argc, char **argv)
{
	int is_eval = argc == 6 && !strcmp(argv[2], "eval");
	int is_check = argc == 7 && !strcmp(argv[2], "check");
	if (!is_eval && !is_check) {
		fprintf(stderr, "usage: bench_api DATADIR eval DIR PERSON DUMP\n"
		                "       bench_api DATADIR check DIR N AGE SUMMARY\n");
		return 2;
	}
	int nfiles;
	char **files = kj_list(argv[3], &nfiles);
	int n = is_check && atoi(argv[4]) < nfiles ? atoi(argv[4]) : nfiles;
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	if (n <= 0 || cm_ctx_new(argv[1], &ctx, &err) != CM_OK)
		return fail(n <= 0 ? argv[3] : argv[1], &err);
	int rc = is_eval ? eval(ctx, files, n, argv[4], argv[5])
	                 : check(ctx, files, n, atoi(argv[5]), argv[6]);
	cm_ctx_free(ctx);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	return rc;
}
