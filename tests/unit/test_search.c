/*
 * test_search.c — the adaptation search on small made-up jobs, one
 * behaviour per row: adaptations needed together, alternatives, tie-breaks,
 * the group limit, offers that only make things worse, unknown rows that
 * neither block nor satisfy, and the cheapest-first walk over many groups.
 * Then the check's time budget and the per-call CPU limit that bound it: one
 * row per way a limit must stop a check, with and without the count hook,
 * and contexts used from other threads.
 */
#define _GNU_SOURCE /* pthread_timedjoin_np */
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#include "deps.h"
#include "model.h"
#include "rules.h"

/* A job whose only exceeding rows are what `body` adds; everything else of
 * the groene kader is within or not applicable. */
static char *job_xml(const char *task_body, const char *rows, const char *offers)
{
	static char buf[8192];
	snprintf(buf, sizeof buf,
	         "<job xmlns='urn:capamatch:job:1' id='t'>\n"
	         "<task id='a' hours-per-day='4'>%s</task>\n"
	         "%s\n"
	         "<adaptations>%s</adaptations>\n"
	         "</job>\n",
	         task_body, rows, offers);
	return buf;
}

static const char *const all_rows =
    "<falls obstacles='false' level-differences='false' haste='false' movement-info='true'/>"
    "<psychosocial reception='true' listening-ear='true' progressive-pace='true'"
    " limited-rhythm='true' pause-choice='true'/>"
    "<organisation mutual-assistance='true' adaptable-tasks='true'/>";

typedef struct search_row {
	const char *name;
	const char *task_body;
	const char *rows;
	const char *offers;
	int max_group;
	cm_verdict verdict;
	const char *sets; /* "ids@cost;ids@cost" in order, "" for none */
	const char *unresolved;
} search_row;

static const search_row rows[] = {
    {"needed together", "<handling mass-kg='12' per-minute='2'/>", /* 12 kg, 5.76 t */
     NULL,
     "<adaptation id='split' kind='split-load' task='a' parts='3' cost-eur='0'/>"
     "<adaptation id='short' kind='reduce-hours' task='a' hours-per-day='2' cost-eur='0'/>",
     16, CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS, "split,short@0", ""},
    {"alternatives, cheapest first", "<handling mass-kg='4' per-minute='4'/>", /* 3.84 t */
     NULL,
     "<adaptation id='two-hours' kind='reduce-hours' task='a' hours-per-day='2' cost-eur='50'/>"
     "<adaptation id='aid' kind='lifting-aid' task='a' residual-mass-kg='1' cost-eur='40'/>",
     16, CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS, "aid@40;two-hours@50", ""},
    {"tie on cost and size: by id", "<handling mass-kg='4' per-minute='4'/>", NULL,
     "<adaptation id='zz' kind='reduce-hours' task='a' hours-per-day='2' cost-eur='10'/>"
     "<adaptation id='aa' kind='lifting-aid' task='a' residual-mass-kg='1' cost-eur='10'/>",
     16, CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS, "aa@10;zz@10", ""},
    {"a superset is not minimal", "<repetition actions-per-minute='50'/>", NULL,
     "<adaptation id='slow' kind='pace' task='a' actions-per-minute='30' cost-eur='0'/>"
     "<adaptation id='gone' kind='drop-task' task='a' cost-eur='0'/>",
     16, CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS, "gone@0;slow@0", ""},
    {"an offer that only makes things worse is never used",
     "<repetition actions-per-minute='50'/><posture trunk-flexion-deg='10'/>", NULL,
     "<adaptation id='bend' kind='workstation-height' task='a' trunk-flexion-deg='40'"
     " cost-eur='0'/>"
     "<adaptation id='slow' kind='pace' task='a' actions-per-minute='30' cost-eur='5'/>",
     16, CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS, "slow@5", ""},
    {"not enough: the rest is unresolved",
     "<repetition actions-per-minute='50'/><posture trunk-flexion-deg='45'/>", NULL,
     "<adaptation id='slow' kind='pace' task='a' actions-per-minute='30' cost-eur='5'/>", 16,
     CM_VERDICT_NOT_FEASIBLE, "slow@5", "visible-bending"},
    {"unknown rows neither block nor satisfy", "<repetition actions-per-minute='50'/>",
     "<falls obstacles='false' level-differences='false' haste='false'/>",
     "<adaptation id='slow' kind='pace' task='a' actions-per-minute='30' cost-eur='5'/>", 16,
     CM_VERDICT_INCOMPLETE, "slow@5", ""},
    {"a group over the limit is not searched", "<handling mass-kg='4' per-minute='4'/>", NULL,
     "<adaptation id='h1' kind='reduce-hours' task='a' hours-per-day='1' cost-eur='1'/>"
     "<adaptation id='h2' kind='reduce-hours' task='a' hours-per-day='2' cost-eur='2'/>"
     "<adaptation id='h3' kind='reduce-hours' task='a' hours-per-day='3' cost-eur='3'/>",
     2, CM_VERDICT_INCOMPLETE, "", ""},
};

static void sets_text(const cm_assessment *a, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < cm_assessment_nsets(a); i++) {
		const cm_adaptation_set *s = cm_assessment_set(a, i);
		o += (size_t)snprintf(buf + o, size - o, "%s", i ? ";" : "");
		for (size_t j = 0; j < s->nids; j++)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", j ? "," : "", s->ids[j]);
		o += (size_t)snprintf(buf + o, size - o, "@%g", s->cost_eur);
	}
}

static void test_row(void **state)
{
	const search_row *r = *state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_assessment *a = NULL;
	cm_ctx_set_search_limit(ctx, r->max_group, 10);
	cm_job *job = test_job_from(
	    ctx, job_xml(r->task_body, r->rows ? r->rows : all_rows, r->offers), &err);
	if (!job)
		fail_msg("%s: %s", r->name, err.nproblems ? err.problems[0].message : "?");
	cm_check_options opt = {40, NULL};
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	char got[2048];
	sets_text(a, got, sizeof got);
	assert_string_equal(got, r->sets);
	char unresolved[512] = "";
	size_t o = 0;
	for (size_t i = 0; i < cm_assessment_nunresolved(a); i++)
		o += (size_t)snprintf(unresolved + o, sizeof unresolved - o, "%s%s", i ? "," : "",
		                      cm_assessment_unresolved(a, i)->rule);
	assert_string_equal(unresolved, r->unresolved);
	assert_int_equal(cm_assessment_verdict(a), r->verdict);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	cm_error_clear(&err);
}

/* Five independent rows, each fixed by one of two offers: 32 minimal sets.
 * The ten listed must be the ten cheapest of all 32, in order. */
static void test_cheapest_of_many(void **state)
{
	(void)state;
	static const char *const names[] = {"reception", "listening-ear", "progressive-pace",
	                                    "limited-rhythm", "pause-choice"};
	static const double cost_a[] = {1, 2, 4, 8, 16}, cost_b[] = {3, 5, 9, 17, 33};
	char offers[4096] = "";
	size_t o = 0;
	for (int i = 0; i < 5; i++)
		o += (size_t)snprintf(offers + o, sizeof offers - o,
		                      "<adaptation id='%s-a' kind='psychosocial' provides='%s'"
		                      " cost-eur='%g'/><adaptation id='%s-b' kind='psychosocial'"
		                      " provides='%s' cost-eur='%g'/>",
		                      names[i], names[i], cost_a[i], names[i], names[i], cost_b[i]);
	const char *rows_false =
	    "<falls obstacles='false' level-differences='false' haste='false' "
	    "movement-info='true'/>"
	    "<psychosocial reception='false' listening-ear='false' progressive-pace='false'"
	    " limited-rhythm='false' pause-choice='false'/>"
	    "<organisation mutual-assistance='true' adaptable-tasks='true'/>";
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_assessment *a = NULL;
	cm_job *job = test_job_from(ctx, job_xml("", rows_false, offers), &err);
	assert_non_null(job);
	cm_check_options opt = {40, NULL};
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	/* All 32 totals, sorted: the listed costs must be the first ten. */
	double totals[32];
	for (int m = 0; m < 32; m++) {
		totals[m] = 0;
		for (int i = 0; i < 5; i++)
			totals[m] += (m >> i) & 1 ? cost_b[i] : cost_a[i];
	}
	for (int i = 1; i < 32; i++)
		for (int j = i; j > 0 && totals[j] < totals[j - 1]; j--) {
			double t = totals[j];
			totals[j] = totals[j - 1];
			totals[j - 1] = t;
		}
	assert_int_equal(cm_assessment_nsets(a), 10);
	for (size_t i = 0; i < 10; i++) {
		assert_int_equal(cm_assessment_set(a, i)->nids, 5);
		assert_float_equal(cm_assessment_set(a, i)->cost_eur, totals[i], 1e-9);
	}
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &json, &len, &err), CM_OK);
	assert_non_null(strstr(json, "\"total_sets\": 32,"));
	cm_free(json);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* A rule set that runs on the job as it is but fails once a task is
 * dropped: the search cannot know what it would have found, so the verdict
 * is incomplete (never not-feasible from sets wrongly thought invalid), and
 * the report says which adaptations broke it. */
static void test_rule_set_failing_during_search(void **state)
{
	(void)state;
	char dir[] = "/tmp/cm-search-XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/fragile.lua", dir);
	assert_int_equal(
	    test_write_file(path,
	                    "return { id = 'fragile', version = '1', valid_from = '2026-01-01',\n"
	                    "  source = 'test', title = { en = 'f', nl = 'f', fr = 'f' },\n"
	                    "  params = {}, rules = { { id = 'tasks',\n"
	                    "    title = { en = 'f', nl = 'f', fr = 'f' },\n"
	                    "    eval = function(job)\n"
	                    "      assert(#job.tasks == 3, 'expects three tasks')\n"
	                    "      return { { status = 'within', text = { en = 'x', nl = 'x',\n"
	                    "        fr = 'x' } } } end } } }\n"),
	    0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, "examples/jobs/orderpicker.xml", &job, &err), CM_OK);
	cm_check_options opt = {47, NULL};
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	assert_int_equal(cm_assessment_nfailed(a), 0); /* it ran on the job as it is */
	assert_int_equal(cm_assessment_verdict(a), CM_VERDICT_INCOMPLETE);
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &json, &len, &err), CM_OK);
	assert_non_null(strstr(json, "\"failure\": {\"with\": \"no-forklift\", \"error\": "
	                             "\"rule set fragile, rule tasks: "));
	assert_non_null(strstr(json, "expects three tasks"));
	cm_free(json);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	remove(path);
	rmdir(dir);
}

/* ---- the check's time budget, and rule sets that failed ---------------- */

/* A rule set in a fresh directory, added to ctx; the directory in dir. */
static void add_rule_set(cm_ctx *ctx, char dir[64], const char *id, const char *eval_body,
                         int nrules)
{
	assert_int_equal(test_make_tmpdir(dir, "budget"), 0);
	char path[128], rules[8192] = "";
	size_t o = 0;
	for (int i = 0; i < nrules; i++)
		o += (size_t)snprintf(rules + o, sizeof rules - o,
		                      "{ id = 'r%d', title = { en = 'r', nl = 'r', fr = 'r' },\n"
		                      "  eval = function(job) %s\n"
		                      "  return { { status = 'within', text = { en = 'x', nl = 'x',"
		                      " fr = 'x' } } } end },\n",
		                      i, eval_body);
	char *src = malloc(o + 512);
	assert_non_null(src);
	snprintf(src, o + 512,
	         "return { id = '%s', version = '1', valid_from = '2026-01-01', source = 't',\n"
	         "  title = { en = 't', nl = 't', fr = 't' }, params = {}, rules = {\n%s} }\n",
	         id, rules);
	snprintf(path, sizeof path, "%s/%s.lua", dir, id);
	assert_int_equal(test_write_file(path, src), 0);
	free(src);
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
}

static char *check_json(cm_ctx *ctx, const char *file, const char *xml, cm_assessment **a)
{
	cm_error err = {0};
	cm_job *job = NULL;
	if (file)
		assert_int_equal(cm_job_load(ctx, file, &job, &err), CM_OK);
	else
		assert_non_null(job = test_job_from(ctx, xml, &err));
	cm_check_options opt = {47, NULL};
	assert_int_equal(cm_check(ctx, job, &opt, a, &err), CM_OK);
	char *json = NULL;
	size_t len = 0;
	assert_int_equal(cm_report_render(ctx, *a, CM_FORMAT_JSON, &json, &len, &err), CM_OK);
	cm_assessment_free(*a);
	*a = NULL;
	cm_job_free(job);
	return json;
}

/* A job that offers nothing lists its unresolved findings without the
 * search's keys (search.c, nothing_offered): the same as a job whose one
 * offer touches none of them, which takes the keys. A rule that reads
 * nothing of the job gives findings of one key twice: the first decides
 * (within, then exceeding: not unresolved; exceeding twice: listed once),
 * and a rule of more findings than a run is checked by hand takes the
 * keys either way. */
static const char twice_rules[] =
    "return { id = 'twice', version = '1', valid_from = '2026-01-01', source = 't',\n"
    "  title = { en = 't', nl = 't', fr = 't' }, params = {}, contract = 3,\n"
    "  messages = { m = { en = 'm %%s', nl = 'm %%s', fr = 'm %%s' } },\n"
    "  rules = {\n"
    "    { id = 'dup', title = { en = 'd', nl = 'd', fr = 'd' }, reads = {},\n"
    "      eval = function(job, p, person, emit)\n"
    "        emit('within', 1, 2, '<=', nil, 'a', 'x', 'm', 1)\n"
    "        emit('exceeds', 3, 2, '<=', nil, 'a', 'x', 'm', 3)\n"
    "        emit('exceeds', 3, 2, '<=', nil, 'a', 'y', 'm', 3)\n"
    "        emit('exceeds', 4, 2, '<=', nil, 'a', 'y', 'm', 4)\n"
    "        emit('exceeds', 3, 2, '<=', nil, nil, 'y', 'm', 3)\n"
    "      end },\n"
    "    { id = 'many', title = { en = 'n', nl = 'n', fr = 'n' }, reads = {},\n"
    "      eval = function(job, p, person, emit)\n"
    "        for i = 1, %d do\n"
    "          emit(i %% 3 == 0 and 'within' or 'exceeds', 3, 2, '<=', nil, 'a',\n"
    "               'e' .. (i %% 40), 'm', 3)\n"
    "        end\n"
    "      end } } }\n";

static void unresolved_of(cm_ctx *ctx, const char *offers, char *out, size_t size)
{
	cm_error err = {0};
	cm_job *job = test_job_from(ctx, job_xml("", all_rows, offers), &err);
	assert_non_null(job);
	cm_check_options opt = {47, NULL};
	cm_assessment *a = NULL;
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < cm_assessment_nunresolved(a); i++) {
		const cm_finding *f = cm_assessment_unresolved(a, i);
		o += (size_t)snprintf(out + o, size - o, "%s/%s/%s/%g ", f->rule,
		                      f->task ? f->task : "-", f->element ? f->element : "-",
		                      f->value.number);
	}
	cm_assessment_free(a);
	cm_job_free(job);
}

static void test_unresolved_without_offers(void **state)
{
	(void)state;
	for (int many = 10; many <= 200; many += 190) { /* a short run, then a long one */
		char dir[64], path[128], src[4096];
		assert_int_equal(test_make_tmpdir(dir, "twice"), 0);
		snprintf(path, sizeof path, "%s/twice.lua", dir);
		snprintf(src, sizeof src, twice_rules, many);
		assert_int_equal(test_write_file(path, src), 0);
		cm_ctx *ctx = test_ctx();
		cm_error err = {0};
		assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
		assert_int_equal(cm_ctx_select_rules(ctx, "twice", &err), CM_OK);
		assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
		char none[8192], one[8192];
		unresolved_of(ctx, "", none, sizeof none);
		unresolved_of(ctx,
		              "<adaptation id='o' kind='route' obstacles='false' cost-eur='1'/>",
		              one, sizeof one);
		assert_string_equal(none, one);
		/* dup: (a, y) once, at its first value; (-, y) */
		if (strncmp(none, "dup/a/y/3 dup/-/y/3 many/a/e1/3 ", 32))
			fail_msg("unresolved: %s", none);
		cm_ctx_free(ctx);
		test_remove_tree(dir);
	}
}

/* 16 offers acting on one load: 2^16 evaluations, about 9 s here; a budget
 * of 0.3 s stops the search, and the report says so. */
static void test_budget_stops_the_search(void **state)
{
	(void)state;
	char offers[4096] = "";
	size_t o = 0;
	for (int i = 1; i <= 16; i++)
		o += (size_t)snprintf(offers + o, sizeof offers - o,
		                      "<adaptation id='o%d' kind='lifting-aid' task='a'"
		                      " residual-mass-kg='%d' cost-eur='%d'/>",
		                      i, 6 + i % 6, i);
	cm_ctx *ctx = test_ctx();
	cm_ctx_set_check_seconds(ctx, 0.3);
	cm_assessment *a = NULL;
	char *json = check_json(
	    ctx, NULL, job_xml("<handling mass-kg='20' per-minute='1'/>", all_rows, offers), &a);
	assert_non_null(strstr(json, "\"verdict\": \"incomplete\""));
	assert_non_null(strstr(json, "the time budget of 0.3 s of CPU for this check is spent"));
	cm_free(json);
	cm_ctx_free(ctx);
}

/* Thirty rules of about 20 M instructions each, every one under its own
 * limit: the budget stops the rule set at the rule it has reached. */
static void test_budget_stops_slow_rules(void **state)
{
	(void)state;
	char dir[64];
	cm_ctx *ctx = test_ctx();
	add_rule_set(ctx, dir, "slow", "local n = 0; for i = 1, 5000000 do n = n + i end", 30);
	cm_ctx_set_check_seconds(ctx, 0.2);
	cm_assessment *a = NULL;
	char *json = check_json(ctx, "examples/jobs/orderpicker.xml", NULL, &a);
	assert_non_null(strstr(json, "\"verdict\": \"incomplete\""));
	assert_non_null(strstr(json, "rule set slow, rule r"));
	assert_non_null(strstr(json, "time budget of 0.2 s"));
	cm_free(json);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* A rule set that fails on the job as it is (here: loops until its
 * instruction limit) is not run again on any of the order picker's 37
 * adapted versions. Were it, 37 stops of some 25 ms each would spend the
 * budget of 0.5 s and the search would report it. */
static void test_failed_set_not_run_again(void **state)
{
	(void)state;
	char dir[64];
	cm_ctx *ctx = test_ctx();
	add_rule_set(ctx, dir, "loops", "while true do end", 1);
	cm_ctx_set_lua_limits(ctx, 64u << 20, 5000000);
	cm_ctx_set_check_seconds(ctx, 0.5);
	cm_assessment *a = NULL;
	char *json = check_json(ctx, "examples/jobs/orderpicker.xml", NULL, &a);
	assert_non_null(strstr(json, "rule set loops, rule r0: stopped: instruction limit"));
	assert_non_null(strstr(json, "\"failure\": null"));
	assert_null(strstr(json, "time budget"));
	cm_free(json);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* The order picker checked with the given extra rule directory (or none)
 * and budget; the job is leaked into *job for the caller to free. */
static cm_assessment *check_with(cm_ctx *ctx, const char *rules_dir, double seconds, cm_job **job)
{
	cm_error err = {0};
	if (rules_dir)
		assert_int_equal(cm_ctx_add_rules_dir(ctx, rules_dir, &err), CM_OK);
	cm_ctx_set_check_seconds(ctx, seconds);
	assert_int_equal(cm_job_load(ctx, "examples/jobs/orderpicker.xml", job, &err), CM_OK);
	cm_check_options opt = {47, "2026-11-02"};
	cm_assessment *a = NULL;
	assert_int_equal(cm_check(ctx, *job, &opt, &a, &err), CM_OK);
	return a;
}

static int same_value(cm_value x, cm_value y)
{
	return x.kind == y.kind && x.boolean == y.boolean &&
	       (x.number == y.number || (isnan(x.number) && isnan(y.number)));
}

static int same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

/* 22 rules of some 48 M instructions each, every one under its own limit
 * (tests/fixtures/rules-slow), beside the groene kader: the slow set stops
 * at its share of the budget (0.5 s of 1 s), and the frame reports exactly
 * what it reports alone: every finding, every set, what is unresolved.
 * Before the shares, the slow set spent the check's whole budget and the
 * frame stopped on every adapted job of the search. */
static void test_share_keeps_the_frame(void **state)
{
	(void)state;
	cm_ctx *alone_ctx = test_ctx(), *beside_ctx = test_ctx();
	cm_job *alone_job = NULL, *beside_job = NULL;
	cm_assessment *alone = check_with(alone_ctx, NULL, 1, &alone_job);
	cm_assessment *beside = check_with(beside_ctx, "tests/fixtures/rules-slow", 1, &beside_job);
	size_t k = 0;
	for (size_t i = 0; i < cm_assessment_nfindings(beside); i++) {
		const cm_finding *g = cm_assessment_finding(beside, i);
		if (strcmp(g->ruleset, "inrs-cadre-vert"))
			continue;
		assert_true(k < cm_assessment_nfindings(alone));
		const cm_finding *f = cm_assessment_finding(alone, k++);
		assert_string_equal(f->rule, g->rule);
		assert_int_equal(f->status, g->status);
		assert_true(same_value(f->value, g->value) && same_value(f->limit, g->limit));
		assert_true(same_text(f->task, g->task) && same_text(f->text, g->text));
	}
	assert_int_equal(k, cm_assessment_nfindings(alone));
	assert_true(k > 0);
	assert_int_equal(cm_assessment_nsets(alone), cm_assessment_nsets(beside));
	assert_true(cm_assessment_nsets(alone) > 0);
	for (size_t i = 0; i < cm_assessment_nsets(alone); i++) {
		const cm_adaptation_set *x = cm_assessment_set(alone, i),
		                        *y = cm_assessment_set(beside, i);
		assert_true(x->cost_eur == y->cost_eur);
		assert_int_equal(x->nids, y->nids);
		for (size_t j = 0; j < x->nids; j++)
			assert_string_equal(x->ids[j], y->ids[j]);
	}
	assert_int_equal(cm_assessment_nunresolved(alone), cm_assessment_nunresolved(beside));
	/* the frame ran whole; the slow set is the one that did not, and says why */
	assert_int_equal(cm_assessment_nfailed(alone), 0);
	assert_int_equal(cm_assessment_nfailed(beside), 1);
	const char *set = NULL, *why = cm_assessment_failed(beside, 0, &set);
	assert_string_equal(set, "slow");
	if (!strstr(why, "stopped: this rule set's share (0.5 s) of the time budget of 1 s of CPU"))
		fail_msg("not the share's reason: %s", why);
	assert_int_equal(cm_assessment_verdict(beside), CM_VERDICT_INCOMPLETE);
	cm_assessment_free(alone);
	cm_assessment_free(beside);
	cm_job_free(alone_job);
	cm_job_free(beside_job);
	cm_ctx_free(alone_ctx);
	cm_ctx_free(beside_ctx);
}

/* What each member of a set resolves is the engine's (search.c, step 6),
 * in the JSON too: the order picker's cheapest set, member by member. */
static void test_resolves_in_json(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_assessment *a = NULL;
	char *json = check_json(ctx, "examples/jobs/orderpicker.xml", NULL, &a);
	const char *want =
	    "\"hours_per_day_after\": 3, \"resolves\": {\"split-boxes\": [\"load\"], "
	    "\"short-picking\": "
	    "[\"tonnage\"], \"raised-racks\": [\"visible-bending\"], \"slower-pace\": "
	    "[\"repetition\"], \"electric-tugger\": [\"push-pull\"], \"no-forklift\": "
	    "[\"vibration-level\", \"vibration-duration\"], \"clear-aisles\": [\"obstacles\", "
	    "\"haste\"], \"return-mentor\": [\"progressive-pace\", \"limited-rhythm\", "
	    "\"pause-choice\"], \"one-hour-heavy\": [\"heavy-work-duration\"]}}";
	if (!strstr(json, want))
		fail_msg("no such resolves in: %s", strstr(json, "\"adaptation_sets\""));
	cm_free(json);
	cm_ctx_free(ctx);
}

/* Three tasks, each fixed by dropping it, in three groups: the set drops
 * all three. Explaining it evaluates the job with only one task left,
 * which the search itself never does, and there a user rule set fails.
 * (The rule declares that it reads nothing, which is untrue of #job.tasks,
 * so that the drops stay three groups: declared honestly, they are one
 * group and the search itself meets the failing job.)
 * That failure is the search's: named with the adaptations, and the
 * verdict incomplete. (The HTML report used to run these evaluations
 * itself and clear their errors: the verdict said the set works.) */
static void test_resolves_failure_shows(void **state)
{
	(void)state;
	char dir[64];
	cm_ctx *ctx = test_ctx();
	assert_int_equal(test_make_tmpdir(dir, "resolves"), 0);
	char path[128];
	snprintf(path, sizeof path, "%s/alone.lua", dir);
	assert_int_equal(
	    test_write_file(
	        path, "return { id = 'alone', version = '1', valid_from = '2026-01-01',\n"
	              "  source = 't', title = { en = 't', nl = 't', fr = 't' }, params = {},\n"
	              "  rules = { { id = 'one-task', title = { en = 'o', nl = 'o', fr = 'o' },\n"
	              "    reads = {},\n"
	              "    eval = function(job)\n"
	              "      if #job.tasks == 1 then error('one task left') end\n"
	              "      return { { status = 'within', text = { en = 'x', nl = 'x', fr = 'x' "
	              "} } }\n"
	              "    end } } }\n"),
	    0);
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	char xml[4096];
	snprintf(xml, sizeof xml,
	         "<job xmlns='urn:capamatch:job:1' id='t'>\n"
	         "<task id='a' hours-per-day='2'><repetition actions-per-minute='50'/></task>\n"
	         "<task id='b' hours-per-day='2'><repetition actions-per-minute='50'/></task>\n"
	         "<task id='c' hours-per-day='2'><repetition actions-per-minute='50'/></task>\n"
	         "%s\n<adaptations>"
	         "<adaptation id='drop-a' kind='drop-task' task='a' cost-eur='1'/>"
	         "<adaptation id='drop-b' kind='drop-task' task='b' cost-eur='1'/>"
	         "<adaptation id='drop-c' kind='drop-task' task='c' cost-eur='1'/>"
	         "</adaptations>\n</job>\n",
	         all_rows);
	cm_assessment *a = NULL;
	char *json = check_json(ctx, NULL, xml, &a);
	if (!strstr(json,
	            "\"failure\": {\"with\": \"drop-b, drop-c\", \"error\": \"rule set alone, "
	            "rule one-task: "))
		fail_msg("the failure is not shown: %s", strstr(json, "\"search\""));
	assert_non_null(strstr(json, "one task left"));
	assert_non_null(strstr(json, "\"verdict\": \"incomplete\""));
	cm_free(json);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* ---- the time limits, one row each ----------------------------------------
 * A rule set "slow" of nrules rules, each running body, checked on the order
 * picker with the row's limits. instructions 0 means no count hook: only the
 * timer can stop a loop then. Each row is bounded by its own limits (0.2 s)
 * when the engine is right; when it is wrong, by the per-call limit (2 s). */

/* Lua's own loops in C over a range the caller chooses, every access a C
 * metamethod: seconds in C, where no hook fires. */
#define C_READS  "setmetatable({}, { __index = tostring })"
#define C_DIGITS "setmetatable({}, { __index = rawlen })" /* "0" at every index */
#define C_WRITES "setmetatable({}, { __newindex = rawequal })"
#define LYING_SORT                                                                                 \
	"table.sort(setmetatable({}, { __index = tostring, __newindex = rawequal,\n"               \
	"  __len = function() return 2^31 - 3 end }))"

#define CLOCK_LIMIT "rule set slow, rule r0: stopped: time limit of 0.2 s of CPU reached"
/* The frame and "slow" share the check's 0.2 s: slow's half is what stops it
 * (the same flag as the whole budget's, set by the same timer). */
#define BUDGET_R0                                                                                  \
	"rule set slow, rule r0: stopped: this rule set's share (0.1 s) of the time budget of "    \
	"0.2 s "                                                                                   \
	"of CPU for this check is spent"

typedef struct limit_row {
	const char *name;
	const char *body;
	int nrules;
	long instructions; /* 0: none, no count hook */
	double lua_seconds;
	double check_seconds;
	const char *want;     /* in the JSON report */
	const char *not_want; /* nor this */
} limit_row;

static const limit_row limit_rows[] = {
    {"no count hook: a loop stops at its CPU limit", "while true do end", 1, 0, 0.2, 30,
     CLOCK_LIMIT, "time budget"},
    {"no count hook: a loop in the rule's own pcall stops too",
     "while true do pcall(function() while true do end end) end", 1, 0, 0.2, 30, CLOCK_LIMIT,
     "time budget"},
    {"no count hook: short rules whose total passes the budget",
     "local n = 0; for i = 1, 5000000 do n = n + i end", 30, 0, 2, 0.2,
     "time budget of 0.2 s of CPU for this check is spent", "time limit of"},
    {"the budget passes inside a rule: it is the check's, not the rule's", "while true do end", 1,
     1000000000000L, 2, 0.2, BUDGET_R0, "time limit of"},
    {"the same without the count hook", "while true do end", 1, 0, 2, 0.2, BUDGET_R0,
     "time limit of"},
    {"the budget passes inside table.move, in C",
     "table.move(" C_READS ", 1, 1 << 24, 1, " C_WRITES ")", 1, 0, 2, 0.2, BUDGET_R0,
     "time limit of"},
    {"the budget passes inside table.concat, in C", "table.concat(" C_DIGITS ", '', 1, 1 << 24)", 1,
     0, 2, 0.2, BUDGET_R0, "time limit of"},
    {"the budget passes inside table.sort, in C", LYING_SORT, 1, 0, 2, 0.2, BUDGET_R0,
     "time limit of"},
    /* 1 MiB a piece: the garbage never nears the heap's cap, whose stop would
     * otherwise race the budget's. */
    {"the budget passes in a loop whose time goes into string.rep",
     "while true do local s = string.rep('x', 1 << 20) end", 1, 0, 2, 0.2, BUDGET_R0,
     "time limit of"},
};

static void test_limit_row(void **state)
{
	const limit_row *t = *state;
	char dir[64];
	cm_ctx *ctx = test_ctx();
	add_rule_set(ctx, dir, "slow", t->body, t->nrules);
	cm_ctx_set_lua_limits(ctx, 64u << 20, t->instructions);
	cm_ctx_set_lua_seconds(ctx, t->lua_seconds);
	cm_ctx_set_check_seconds(ctx, t->check_seconds);
	cm_assessment *a = NULL;
	char *json = check_json(ctx, "examples/jobs/orderpicker.xml", NULL, &a);
	assert_non_null(strstr(json, "\"verdict\": \"incomplete\""));
	if (!strstr(json, t->want))
		fail_msg("the report does not say \"%s\"", t->want);
	if (strstr(json, t->not_want))
		fail_msg("the report says \"%s\"", t->not_want);
	cm_free(json);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* ---- contexts on other threads ---------------------------------------------
 * The timer measures one thread's CPU clock. Contexts whose rules were
 * loaded on this thread are checked on two others at once; each rule loops
 * with no count hook, so only a timer on the checking thread stops it (one
 * left on this thread, which waits, would never fire). */

typedef struct threaded {
	cm_ctx *ctx;
	cm_job *job;
	char reason[256]; /* why "slow" did not run */
	int status;       /* cm_check's; -1 until it returned */
} threaded;

static void *check_on_thread(void *arg)
{
	threaded *t = arg;
	cm_error err = {0};
	cm_assessment *a = NULL;
	cm_check_options opt = {47, NULL};
	t->status = (int)cm_check(t->ctx, t->job, &opt, &a, &err);
	const char *why = a ? cm_assessment_failed(a, 0, NULL) : NULL;
	snprintf(t->reason, sizeof t->reason, "%s", why ? why : "");
	cm_assessment_free(a);
	cm_error_clear(&err);
	return NULL;
}

static void test_contexts_on_other_threads(void **state)
{
	(void)state;
	char dir[2][64];
	threaded t[2];
	pthread_t th[2];
	for (int i = 0; i < 2; i++) {
		cm_error err = {0};
		t[i] = (threaded){test_ctx(), NULL, "", -1};
		add_rule_set(t[i].ctx, dir[i], "slow", "while true do end", 1);
		assert_int_equal(cm_ctx_select_rules(t[i].ctx, "slow", &err), CM_OK);
		cm_ctx_set_lua_limits(t[i].ctx, 64u << 20, 0);
		cm_ctx_set_lua_seconds(t[i].ctx, 0.2);
		assert_int_equal(cm_ctx_load_rules(t[i].ctx, &err), CM_OK);
		assert_int_equal(
		    cm_job_load(t[i].ctx, "examples/jobs/orderpicker.xml", &t[i].job, &err), CM_OK);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, check_on_thread, &t[i]), 0);
	for (int i = 0; i < 2; i++) {
		struct timespec deadline;
		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_sec += 20;
		if (pthread_timedjoin_np(th[i], NULL, &deadline) != 0)
			fail_msg("thread %d still running after 20 s: the limit did not stop it",
			         i);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(t[i].status, CM_OK);
		assert_string_equal(t[i].reason, CLOCK_LIMIT);
		cm_job_free(t[i].job);
		cm_ctx_free(t[i].ctx);
		test_remove_tree(dir[i]);
	}
}

/* ---- the declarations the grouping reads (deps.c), one row each ------- */

typedef struct decl_row {
	const char *name;
	const char *reads; /* the rule's `reads` field, Lua */
	const char *error; /* what the refusal says, or NULL: it loads */
} decl_row;

static const decl_row decl_rows[] = {
    {"reads: a path of the job table", "{ own_task = true, 'tasks.handling.mass_kg' }", NULL},
    {"reads: an element and a job-level row", "{ 'tasks.carry', 'falls.haste', 'icf_demands' }",
     NULL},
    {"reads: tasks_with one element", "{ tasks_with = 'vibration', 'tasks.hours_per_day' }", NULL},
    {"reads: nothing", "{}", NULL},
    {"reads: a misspelt element", "{ 'tasks.handlng.mass_kg' }",
     "'reads' names no field of the job table: tasks.handlng.mass_kg"},
    {"reads: a field the element lacks", "{ 'tasks.handling.wheels' }",
     "'reads' names no field of the job table: tasks.handling.wheels"},
    {"reads: a job-level element the job lacks", "{ 'weather' }",
     "'reads' names no field of the job table: weather"},
    {"reads: an empty step", "{ 'tasks..mass_kg' }",
     "'reads' names no field of the job table: tasks..mass_kg"},
    {"reads: not a table", "'tasks'", "'reads' must be a table of job-table paths"},
    {"reads: not strings", "{ 42 }", "'reads' must hold strings"},
    {"reads: own_task not a boolean", "{ own_task = 'yes' }",
     "'reads.own_task' must be true or false"},
    {"reads: tasks_with no element", "{ tasks_with = { 'wheel' } }",
     "'reads.tasks_with' names no task element: wheel"},
};

/* A user rule set whose one rule declares row->reads: a declaration that
 * names no field would leave out what the rule reads and make the search
 * miss sets, so the set is refused, with the rule and the path named. */
static void test_decl_row(void **state)
{
	const decl_row *row = *state;
	char dir[64], path[128], src[1024];
	cm_ctx *ctx = test_ctx();
	assert_int_equal(test_make_tmpdir(dir, "decl"), 0);
	snprintf(src, sizeof src,
	         "return { id = 'declared', version = '1', valid_from = '2026-01-01',\n"
	         "  source = 't', title = { en = 't', nl = 't', fr = 't' }, params = {},\n"
	         "  rules = { { id = 'r0', title = { en = 'r', nl = 'r', fr = 'r' },\n"
	         "    reads = %s,\n"
	         "    eval = function() return {} end } } }\n",
	         row->reads);
	snprintf(path, sizeof path, "%s/declared.lua", dir);
	assert_int_equal(test_write_file(path, src), 0);
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	const cmi_ruleset *rs = NULL;
	for (int i = 0; i < cmi_nrulesets(ctx); i++)
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "declared"))
			rs = cmi_ruleset_at(ctx, i);
	assert_non_null(rs);
	if (row->error) {
		assert_non_null(rs->unusable);
		if (!strstr(rs->unusable, row->error) || !strstr(rs->unusable, "rule 'r0'"))
			fail_msg("refused with: %s", rs->unusable);
	} else {
		if (rs->unusable)
			fail_msg("refused: %s", rs->unusable);
		assert_true(rs->rules[0].reads.declared);
	}
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* The order picker's offers in groups, checked and matched (capacity reads
 * the handling's height, so the raised racks join the lifting offers there
 * and not in check): offers on one task that meet in no rule are apart,
 * and offers on two tasks meet only where a rule reads both. */
static void test_order_picker_groups(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cm_job *job = NULL;
	assert_int_equal(cm_job_load(ctx, "examples/jobs/orderpicker.xml", &job, &err), CM_OK);
	int nsets = cmi_nrulesets(ctx);
	unsigned char check[8] = {0}, match[8] = {0};
	assert_true(nsets <= 8);
	for (int i = 0; i < nsets; i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		check[i] = !rs->needs_person && !rs->advisory;
		match[i] = !rs->advisory;
	}
	/* offers in profile order: vacuum-lifter split-boxes short-picking
	 * raised-racks slower-pace electric-tugger seat-suspension no-forklift
	 * clear-aisles return-mentor one-hour-heavy */
	static const int in_check[] = {0, 0, 0, 1, 2, 3, 4, 4, 5, 6, 7};
	static const int in_match[] = {0, 0, 0, 0, 1, 2, 3, 3, 4, 5, 6};
	const unsigned char *active[2] = {check, match};
	const int *want[2] = {in_check, in_match};
	for (int m = 0; m < 2; m++) {
		cmi_deps_groups g;
		assert_int_equal(cmi_deps_group(ctx, job, active[m], &g, &err), CM_OK);
		assert_int_equal(g.noffers, 11);
		for (int i = 0; i < 11; i++)
			if (g.group_of[i] != want[m][i])
				fail_msg("%s: %s in group %d, not %d", m ? "match" : "check",
				         job->adaptations[i].id, g.group_of[i], want[m][i]);
		cmi_deps_groups_free(ctx, &g);
	}
	cm_job_free(job);
	cm_ctx_free(ctx);
}

int main(void)
{
	enum { NLIMITS = sizeof limit_rows / sizeof limit_rows[0] };
	enum { NDECLS = sizeof decl_rows / sizeof decl_rows[0] };
	struct CMUnitTest tests[sizeof rows / sizeof rows[0] + NLIMITS + NDECLS + 11];
	size_t n = 0;
	for (; n < sizeof rows / sizeof rows[0]; n++)
		tests[n] =
		    (struct CMUnitTest){rows[n].name, test_row, NULL, NULL, (void *)&rows[n]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_cheapest_of_many);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rule_set_failing_during_search);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_budget_stops_the_search);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_budget_stops_slow_rules);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_failed_set_not_run_again);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_share_keeps_the_frame);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_resolves_in_json);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_resolves_failure_shows);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unresolved_without_offers);
	for (size_t i = 0; i < NLIMITS; i++)
		tests[n++] = (struct CMUnitTest){limit_rows[i].name, test_limit_row, NULL, NULL,
		                                 (void *)&limit_rows[i]};
	for (size_t i = 0; i < NDECLS; i++)
		tests[n++] = (struct CMUnitTest){decl_rows[i].name, test_decl_row, NULL, NULL,
		                                 (void *)&decl_rows[i]};
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_order_picker_groups);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_contexts_on_other_threads);
	return _cmocka_run_group_tests("search", tests, n, NULL, NULL);
}
