/*
 * prof_match.c — one pass of make bench's first figure, for callgrind: the
 * groene kader alone (cm_ctx_select_rules "inrs-cadre-vert") on each job of
 * DIR with its offered adaptations cut out, cm_match brief, person PERSON,
 * each job assessed exactly once (bench_api repeats the corpus until half a
 * second of CPU has passed, which under valgrind is a count that varies).
 * So the instructions of cm_match divided by the jobs is the cost of one
 * assessment:
 *
 *   prof_match DATADIR DIR PERSON [REPEAT]
 *   valgrind --tool=callgrind --toggle-collect=cm_match build/prof_match . DIR PERSON
 *
 * REPEAT (default 1) runs the corpus that many times. Prints the jobs and
 * the findings assessed. Times nothing: timings are make bench's
 * (bench/bench_api.c). Public header only, as bench_api; built like it
 * (doc/evaluation.md gives the command).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capamatch.h"
#include "kader.h" /* kj_list (kader_job.c, linked in) */

static int fail(const char *what, const cm_error *err)
{
	fprintf(stderr, "prof_match: %s: %s\n", what,
	        err && err->nproblems ? err->problems[0].message : "failed");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: prof_match DATADIR DIR PERSON [REPEAT]\n");
		return 2;
	}
	int n, repeat = argc == 5 ? atoi(argv[4]) : 1, rc = 0;
	char **files = kj_list(argv[2], &n);
	cm_ctx *ctx = NULL;
	cm_person *p = NULL;
	cm_error err = {0};
	cm_job **jobs = calloc(n > 0 ? (size_t)n : 1, sizeof *jobs);
	if (n <= 0 || !jobs || cm_ctx_new(argv[1], &ctx, &err) != CM_OK)
		return fail(n <= 0 ? argv[2] : argv[1], &err);
	if (cm_ctx_select_rules(ctx, "inrs-cadre-vert", &err) != CM_OK ||
	    cm_ctx_load_rules(ctx, &err) != CM_OK)
		return fail("the rule sets", &err);
	if (cm_person_load(ctx, argv[3], &p, &err) != CM_OK)
		return fail(argv[3], &err);
	for (int i = 0; i < n; i++) {
		size_t len = 0;
		char *buf = kj_slurp(files[i], &len);
		if (!buf)
			return fail(files[i], NULL);
		kj_cut_offers(buf, &len);
		cm_status st = cm_job_load_memory(ctx, files[i], buf, len, &jobs[i], &err);
		free(buf);
		if (st != CM_OK)
			return fail(files[i], &err);
	}
	cm_match_options mo = {.today = "2026-11-02", .brief = 1};
	long findings = 0;
	for (int r = 0; r < repeat && rc == 0; r++)
		for (int i = 0; i < n && rc == 0; i++) {
			cm_assessment *a = NULL;
			if (cm_match(ctx, p, jobs[i], &mo, &a, &err) != CM_OK)
				rc = fail(files[i], &err);
			else
				findings += (long)cm_assessment_nfindings(a);
			cm_assessment_free(a);
		}
	printf("jobs %d findings %ld\n", n * repeat, findings);
	for (int i = 0; i < n; i++)
		cm_job_free(jobs[i]);
	free(jobs);
	cm_person_free(p);
	cm_ctx_free(ctx);
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return rc;
}
