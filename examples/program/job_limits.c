/*
 * job_limits.c — a small program built on the installed libcapamatch, the
 * way a client of the library (a form, a batch job) would use it: one
 * context, one job profile, one check, then the limits it exceeds and the
 * cheapest adaptation set, in the program's own words, and the JSON report
 * the library renders.
 *
 * Build it against an installed capamatch through pkg-config:
 *
 *     cc job_limits.c $(pkg-config --cflags --libs capamatch) -o job_limits
 *     ./job_limits "$(pkg-config --variable=datadir capamatch)" JOB.xml [AGE]
 *
 * `make check` builds and runs it against a staged install
 * (tests/install/run). Exit status: 0 feasible, 1 with adaptations or not
 * feasible, 3 incomplete, 2 an error, as the capamatch command does.
 */
#include <stdio.h>
#include <stdlib.h>

#include <capamatch.h>

static void print_problems(const cm_error *err)
{
	for (size_t i = 0; i < err->nproblems; i++)
		fprintf(stderr, "%s:%d: %s\n", err->problems[i].file ? err->problems[i].file : "-",
		        err->problems[i].line, err->problems[i].message);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: job_limits DATADIR JOB.xml [AGE]\n");
		return 2;
	}
	cm_error err = {0};
	cm_ctx *ctx = NULL;
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *json = NULL;
	size_t len = 0;
	int rc = 2;
	cm_check_options opt = {argc > 3 ? atoi(argv[3]) : -1, "2026-11-23"};
	if (cm_ctx_new(argv[1], &ctx, &err) != CM_OK || cm_job_load(ctx, argv[2], &job, &err) ||
	    cm_check(ctx, job, &opt, &a, &err) ||
	    cm_report_render(ctx, a, CM_FORMAT_JSON, &json, &len, &err)) {
		print_problems(&err);
		goto done;
	}
	printf("job %s: %s\n", cm_job_id(job), cm_verdict_name(cm_assessment_verdict(a)));
	for (size_t i = 0; i < cm_assessment_nfindings(a); i++) {
		const cm_finding *f = cm_assessment_finding(a, i);
		if (f->status == CM_EXCEEDS)
			printf("  exceeds: %s/%s%s%s\n", f->ruleset, f->rule, f->task ? " in " : "",
			       f->task ? f->task : "");
	}
	if (cm_assessment_nsets(a) > 0) {
		const cm_adaptation_set *s = cm_assessment_set(a, 0);
		printf("  cheapest set (%.0f EUR):", s->cost_eur);
		for (size_t i = 0; i < s->nids; i++)
			printf(" %s", s->ids[i]);
		printf("\n");
	}
	printf("  report: %zu bytes of JSON\n", len);
	static const int by_verdict[] = {0, 1, 1, 3};
	rc = by_verdict[cm_assessment_verdict(a)];
done:
	cm_free(json);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	cm_error_clear(&err);
	return rc;
}
