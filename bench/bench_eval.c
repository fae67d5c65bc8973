/*
 * bench_eval.c — how fast libcapamatch evaluates: `make bench` runs it on
 * a generated corpus (scripts/gen-jobs) and prints, per profile, the time to
 * load and validate, to evaluate every rule set on the job as it is (no
 * search), and to run cm_check with its adaptation search; then the peak
 * memory. One core, wall-clock medians are not needed: each figure is the
 * total over the corpus divided by its size. Never part of `make check`:
 * timings are no test.
 *
 * Internal: it calls cmi_evaluate directly, the evaluation the search
 * repeats, so that the figure is the evaluation core's alone.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "capamatch.h"
#include "evaluate.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .xml files of dir, sorted; *n of them. */
static char **list(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	int cap = 0;
	*n = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".xml"))
			continue;
		if (*n == cap && !(names = realloc(names, (size_t)(cap = cap ? 2 * cap : 256) *
		                                              sizeof *names)))
			exit(2);
		names[*n] = malloc(strlen(dir) + len + 2);
		sprintf(names[(*n)++], "%s/%s", dir, e->d_name);
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)*n, sizeof *names, by_name);
	return names;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bench_eval DIR (profiles from scripts/gen-jobs)\n");
		return 2;
	}
	int n;
	char **files = list(argv[1], &n);
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	if (n == 0 || cm_ctx_new(".", &ctx, &err) != CM_OK || cm_ctx_load_rules(ctx, &err) != CM_OK) {
		fprintf(stderr, "bench_eval: no profiles in %s, or the rules do not load\n", argv[1]);
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
			if (cmi_evaluate(ctx, jobs[i], NULL, 0, 47, NULL, &ev, &err) != CM_OK)
				return 2;
			findings += ev.nfindings;
			cmi_eval_free(&ev);
		}
	double eval = (now() - t0) / rounds;
	t0 = now();
	cm_check_options opt = {47, "2026-12-01"};
	for (int i = 0; i < n; i++) {
		cm_assessment *a = NULL;
		if (cm_check(ctx, jobs[i], &opt, &a, &err) != CM_OK)
			return 2;
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
	printf("cm_check with its search         %.1f µs a job\n", 1e6 * check / n);
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
