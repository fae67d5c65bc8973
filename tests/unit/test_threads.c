/*
 * test_threads.c — no global state stops two assessments in one process:
 * several threads, each with its own context, load the examples, run check
 * and match and render every format at once, repeatedly, and each report
 * must be byte for byte the one a single thread renders. The CPU-time
 * limits are a timer per context on its thread's clock (sandbox.c), and
 * libxml2 and PCRE2 keep their state per context or per thread; this is
 * where a shared one would show.
 */
#include "support.h"

#include <pthread.h>

enum { NTHREADS = 4, ROUNDS = 3 };

typedef struct work {
	const char *person; /* NULL: check */
	const char *job;
	cm_format format;
	cm_audience audience;
} work;

static const work works[] = {
    {NULL, "examples/jobs/orderpicker.xml", CM_FORMAT_TEXT, CM_AUDIENCE_MEDICAL},
    {NULL, "examples/jobs/labourer.xml", CM_FORMAT_JSON, CM_AUDIENCE_MEDICAL},
    {"examples/persons/case-0042.xml", "examples/jobs/orderpicker.xml", CM_FORMAT_JSON,
     CM_AUDIENCE_MEDICAL},
    {"examples/persons/case-0042.xml", "examples/jobs/receptionist.xml", CM_FORMAT_TEXT,
     CM_AUDIENCE_EMPLOYER},
    {"examples/persons/case-0042.xml", "examples/jobs/orderpicker.xml", CM_FORMAT_JSONL,
     CM_AUDIENCE_MEDICAL},
};
enum { NWORKS = sizeof works / sizeof works[0] };

/* One report, from a context of its own; NULL on any failure. */
static char *report(const work *w)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_person *person = NULL;
	cm_assessment *a = NULL;
	char *out = NULL;
	size_t len;
	cm_check_options copt = {47, "2026-11-23"};
	cm_match_options mopt = {NULL, "2026-11-23", 0};
	if (ctx && cm_job_load(ctx, w->job, &job, &err) == CM_OK &&
	    (!w->person || cm_person_load(ctx, w->person, &person, &err) == CM_OK) &&
	    (person ? cm_match(ctx, person, job, &mopt, &a, &err)
	            : cm_check(ctx, job, &copt, &a, &err)) == CM_OK)
		cm_report_render_for(ctx, a, w->format, w->audience, &out, &len, &err);
	cm_assessment_free(a);
	cm_person_free(person);
	cm_job_free(job);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
	return out;
}

static char *expected[NWORKS];

typedef struct thread_result {
	int index;      /* the thread's number: it starts at a different work */
	int mismatches; /* reports that differ from the single thread's, or failed */
} thread_result;

static void *run_thread(void *arg)
{
	thread_result *r = arg;
	for (int round = 0; round < ROUNDS; round++)
		for (int k = 0; k < NWORKS; k++) {
			int i = (k + r->index) % NWORKS;
			char *got = report(&works[i]);
			if (!got || strcmp(got, expected[i]))
				r->mismatches++;
			cm_free(got);
		}
	return NULL;
}

static void test_threads_agree(void **state)
{
	(void)state;
	for (int i = 0; i < NWORKS; i++) {
		expected[i] = report(&works[i]);
		assert_non_null(expected[i]);
	}
	pthread_t threads[NTHREADS];
	thread_result results[NTHREADS];
	for (int t = 0; t < NTHREADS; t++) {
		results[t] = (thread_result){t, 0};
		assert_int_equal(pthread_create(&threads[t], NULL, run_thread, &results[t]), 0);
	}
	int mismatches = 0;
	for (int t = 0; t < NTHREADS; t++) {
		pthread_join(threads[t], NULL);
		mismatches += results[t].mismatches;
	}
	for (int i = 0; i < NWORKS; i++)
		cm_free(expected[i]);
	assert_int_equal(mismatches, 0);
}

/* A rule set that loops forever on one thread is stopped by that
 * context's own timer while the other threads' checks go on unharmed. */
static void *looping(void *arg)
{
	int *stopped = arg;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	char dir[] = "/tmp/capamatch-threads-XXXXXX";
	char path[256];
	if (!ctx || !mkdtemp(dir))
		return NULL;
	snprintf(path, sizeof path, "%s/spin.lua", dir);
	test_write_file(path, "return { id = 'spin', version = '1', valid_from = '2026-01-01',\n"
	                      "  source = 's', title = { en = 'spin', nl = 'spin', fr = 'spin' },\n"
	                      "  rules = { { id = 'r', title = { en = 'r', nl = 'r', fr = 'r' },\n"
	                      "    eval = function() while true do end end } } }\n");
	cm_ctx_set_lua_seconds(ctx, 0.2);
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	if (cm_ctx_add_rules_dir(ctx, dir, &err) == CM_OK &&
	    cm_job_load(ctx, "examples/jobs/receptionist.xml", &job, &err) == CM_OK &&
	    cm_check(ctx, job, NULL, &a, &err) == CM_OK)
		*stopped = cm_assessment_nfailed(a) == 1;
	cm_assessment_free(a);
	cm_job_free(job);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
	unlink(path);
	rmdir(dir);
	return NULL;
}

static void test_a_loop_stops_on_its_thread(void **state)
{
	(void)state;
	for (int i = 0; i < NWORKS; i++)
		expected[i] = report(&works[i]);
	int stopped = 0;
	pthread_t loop, other;
	thread_result r = {1, 0};
	assert_int_equal(pthread_create(&loop, NULL, looping, &stopped), 0);
	assert_int_equal(pthread_create(&other, NULL, run_thread, &r), 0);
	pthread_join(loop, NULL);
	pthread_join(other, NULL);
	for (int i = 0; i < NWORKS; i++)
		cm_free(expected[i]);
	assert_int_equal(stopped, 1);
	assert_int_equal(r.mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_threads_agree),
	    cmocka_unit_test(test_a_loop_stops_on_its_thread),
	};
	return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
