/*
 * test_rank.c — a ranking the physician can defend (issue 20, part 4):
 *
 *  - the order (cm_rank_compare), row by row: groups, cost and score
 *    compared as the ranking shows them (whole euros, two decimals), so
 *    that two jobs that read the same stand level and go by job id, then
 *    input order, never by hidden decimals;
 *  - each job's item says why it stands where it does with the figures
 *    behind the score (the demand and the limit of the worst finding), for
 *    the medical reader and in plain words for the worker, and a ranking
 *    has no employer view.
 *
 * The golden cases rank-why*, rank-tie-nl, rank-bus-* and rank-worker* show
 * whole reports byte for byte; this file says which properties matter.
 */
#include "support.h"

/* ---- the order ------------------------------------------------------------ */

typedef struct order_row {
	const char *what;
	cm_verdict va;
	double cost_a, score_a;
	const char *job_a;
	cm_verdict vb;
	double cost_b, score_b;
	const char *job_b;
	int want; /* the sign of cm_rank_compare(a, b) */
} order_row;

#define F  CM_VERDICT_FEASIBLE
#define FA CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS
#define IN CM_VERDICT_INCOMPLETE
#define NF CM_VERDICT_NOT_FEASIBLE

static const order_row order_rows[] = {
    {"feasible before feasible with adaptations", F, 0, 30, "z", FA, 0, 1, "a", -1},
    {"with adaptations before incomplete", FA, 9000, 30, "z", IN, 0, 1, "a", -1},
    {"incomplete before not feasible", IN, 0, 30, "z", NF, -1, 1, "a", -1},
    {"cheapest set first", FA, 100, 30, "z", FA, 200, 1, "a", -1},
    {"then the lower score", NF, -1, 25.92, "z", NF, -1, 25.93, "a", -1},
    /* 25.9249 and 25.9181 both read 25.92: the id decides, not the
     * decimals no reader sees (the hidden order put b first) */
    {"equal shown scores: by id", NF, -1, 25.9249, "a", NF, -1, 25.9181, "b", -1},
    {"equal shown scores: by id, either way", NF, -1, 25.9181, "b", NF, -1, 25.9249, "a", 1},
    {"4.4126 and 4.4079 read 4.41", F, 0, 4.4126185, "tie-a", F, 0, 4.4079410, "tie-b", -1},
    /* 100.4 EUR and 99.6 EUR both read 100 EUR: the score decides */
    {"equal shown costs: by score", FA, 100.4, 5, "z", FA, 99.6, 6, "a", -1},
    {"cost counts only with adaptations", F, 0, 5, "z", F, 0, 6, "a", -1},
    {"a score that reads 0.01 more is higher", F, 0, 0.004, "z", F, 0, 0.006, "a", -1},
};

static void test_order_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof order_rows / sizeof order_rows[0]; i++) {
		const order_row *r = &order_rows[i];
		cm_rank_item a = {.verdict = r->va, .cost_eur = r->cost_a, .score = r->score_a},
		             b = {.verdict = r->vb, .cost_eur = r->cost_b, .score = r->score_b};
		snprintf(a.job, sizeof a.job, "%s", r->job_a);
		snprintf(b.job, sizeof b.job, "%s", r->job_b);
		a.order = 0;
		b.order = 1;
		int c = cm_rank_compare(&a, &b), sign = c < 0 ? -1 : c > 0;
		if (sign != r->want)
			fail_msg("%s: compare gives %d, expected %d", r->what, sign, r->want);
		c = cm_rank_compare(&b, &a); /* and the other way round */
		sign = c < 0 ? -1 : c > 0;
		if (sign != -r->want)
			fail_msg("%s (reversed): compare gives %d, expected %d", r->what, sign,
			         -r->want);
	}
}

/* The same job twice: the input order decides. */
static void test_order_same_job(void **state)
{
	(void)state;
	cm_rank_item a = {.job = "x", .verdict = F, .score = 1, .order = 3},
	             b = {.job = "x", .verdict = F, .score = 1, .order = 7};
	assert_true(cm_rank_compare(&a, &b) < 0);
	assert_true(cm_rank_compare(&b, &a) > 0);
}

/* ---- each job's item ------------------------------------------------------ */

typedef struct why_row {
	cm_audience audience;
	cm_format format;
	const char *has[4]; /* what the item must hold */
} why_row;

static const why_row why_rows[] = {
    {CM_AUDIENCE_MEDICAL,
     CM_FORMAT_TEXT,
     {"Why here: feasible with adaptations (group 2 of 4), the cheapest set costs 18,200 EUR",
      "lifting 3 × 1.2 (picking: demand 12 kg, limit 10 kg)",
      "vibration-level 1 × 1.2 (forklift: demand 0.6 m/s², limit 0.5 m/s²)",
      "Order picker, distribution centre (ISCO-08 9333)"}},
    {CM_AUDIENCE_MEDICAL,
     CM_FORMAT_JSONL,
     {"\"rule\": \"lifting\", \"weight\": 3, \"ratio\": 1.2",
      "\"demand\": 12, \"limit\": 10, \"op\": \"<=\", \"unit\": \"kg\", \"task\": \"picking\"",
      "\"isco08\": \"9333\"", "\"why\": \"Why here: feasible with adaptations"}},
    {CM_AUDIENCE_MEDICAL,
     CM_FORMAT_HTML,
     {"<td class=\"why\"><p>Why here:", "<p class=\"cheapest-set\">cheapest set: vacuum-lifter",
      "ISCO-08 9333", "(picking: demand 12 kg, limit 10 kg)"}},
    {CM_AUDIENCE_WORKER,
     CM_FORMAT_TEXT,
     {"This job is here because you can do it with changes at work that cost 18,200 EUR",
      "Lifting: capacity against load (the job asks 12 kg and the limit is 10 kg): 1.2 times "
      "the limit, counted 3 times",
      "How heavy it is for you, score 22.5", NULL}},
};

static void test_why_rows(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	cm_error err = {0};
	cm_job *job = NULL;
	cm_person *person = NULL;
	cm_assessment *a = NULL;
	assert_int_equal(cm_job_load(ctx, "examples/jobs/orderpicker.xml", &job, &err), CM_OK);
	assert_int_equal(cm_person_load(ctx, "examples/persons/case-0042.xml", &person, &err),
	                 CM_OK);
	cm_match_options opt = {"2026-11-02", NULL, 1}; /* brief, as rank runs it */
	assert_int_equal(cm_match(ctx, person, job, &opt, &a, &err), CM_OK);
	for (size_t i = 0; i < sizeof why_rows / sizeof why_rows[0]; i++) {
		const why_row *r = &why_rows[i];
		cm_rank_item item;
		assert_int_equal(cm_rank_item_for(ctx, a, r->format, r->audience, 0, &item, &err),
		                 CM_OK);
		for (int k = 0; k < 4 && r->has[k]; k++)
			if (!strstr(item.detail, r->has[k]))
				fail_msg("row %zu: no '%s' in:\n%s", i, r->has[k], item.detail);
		if (r->audience == CM_AUDIENCE_WORKER && strstr(item.detail, "Why here:"))
			fail_msg("row %zu: the worker reads the medical sentence", i);
		cm_free(item.detail);
	}
	/* no employer view of a ranking, item or report */
	cm_rank_item item;
	assert_int_equal(
	    cm_rank_item_for(ctx, a, CM_FORMAT_TEXT, CM_AUDIENCE_EMPLOYER, 0, &item, &err),
	    CM_EUSAGE);
	assert_null(item.detail);
	cm_error_clear(&err);
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(cm_rank_render_for(ctx, person, "2026-11-02", NULL, 0, 0, 0,
	                                    CM_FORMAT_TEXT, CM_AUDIENCE_EMPLOYER, &out, &len, &err),
	                 CM_EUSAGE);
	assert_null(out);
	cm_error_clear(&err);
	cm_assessment_free(a);
	cm_person_free(person);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* A brief match (rank's) verifies and keeps the cheapest set alone
 * (search.c, combine): it is the full match's first set, ids and cost,
 * with the same verdict, for the shipped jobs and the search's golden
 * profiles, each against four persons. */
static void test_brief_keeps_the_cheapest(void **state)
{
	(void)state;
	static const char *const jobs[] = {"examples/jobs/orderpicker.xml",
	                                   "examples/jobs/labourer.xml",
	                                   "examples/jobs/receptionist.xml",
	                                   "tests/golden/profiles/search-rate-split.xml",
	                                   "tests/golden/profiles/search-two-aids.xml",
	                                   "tests/golden/profiles/warehouse-carrier.xml",
	                                   "tests/golden/profiles/shelf-stocker.xml",
	                                   "tests/golden/profiles/nurse-aide.xml"};
	static const char *const persons[] = {
	    "examples/persons/case-0042.xml", "tests/golden/profiles/persons/carrier.xml",
	    "tests/golden/profiles/persons/search-two-aids.xml",
	    "tests/golden/profiles/persons/search-rate-split.xml"};
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	int several = 0;
	for (size_t j = 0; j < sizeof jobs / sizeof *jobs; j++)
		for (size_t p = 0; p < sizeof persons / sizeof *persons; p++) {
			cm_job *job = NULL;
			cm_person *person = NULL;
			cm_assessment *full = NULL, *brief = NULL;
			assert_int_equal(cm_job_load(ctx, jobs[j], &job, &err), CM_OK);
			if (cm_person_load(ctx, persons[p], &person, &err) != CM_OK)
				fail_msg("%s: %s", persons[p], err.problems[0].message);
			cm_match_options f = {"2026-11-02", NULL, 0}, b = {"2026-11-02", NULL, 1};
			assert_int_equal(cm_match(ctx, person, job, &f, &full, &err), CM_OK);
			assert_int_equal(cm_match(ctx, person, job, &b, &brief, &err), CM_OK);
			size_t nf = cm_assessment_nsets(full), nb = cm_assessment_nsets(brief);
			several += nf > 1;
			assert_int_equal(cm_assessment_verdict(brief), cm_assessment_verdict(full));
			assert_int_equal(nb, nf > 0 ? 1 : 0);
			if (nb) {
				const cm_adaptation_set *x = cm_assessment_set(full, 0),
				                        *y = cm_assessment_set(brief, 0);
				assert_true(x->cost_eur == y->cost_eur);
				assert_int_equal(x->nids, y->nids);
				for (size_t i = 0; i < x->nids; i++)
					assert_string_equal(x->ids[i], y->ids[i]);
			}
			cm_assessment_free(full);
			cm_assessment_free(brief);
			cm_person_free(person);
			cm_job_free(job);
		}
	assert_true(several > 0); /* a full match does list more than one somewhere */
	cm_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order_rows),
	    cmocka_unit_test(test_order_same_job),
	    cmocka_unit_test(test_why_rows),
	    cmocka_unit_test(test_brief_keeps_the_cheapest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
