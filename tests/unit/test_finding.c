/*
 * test_finding.c — what the engine writes for a finding's message: each
 * row is one finding (a message id and its arguments, as a Lua expression)
 * rendered in one language, and the exact text a report shows. The rule
 * set around it has the messages below; the job is the order picker.
 * The refusals (unknown ids, wrong counts, bad arguments, caps) are
 * test_sandbox.c's.
 */
#include "support.h"

#define JOB "examples/jobs/orderpicker.xml"

static const char ruleset[] =
    "local cm = capamatch\n"
    "return { id = 'says', version = '1', valid_from = '2024-01-01', source = 'test_finding.c',\n"
    "  title = { en = 's', nl = 's', fr = 's' }, params = {},\n"
    "  messages = {\n"
    "    kg = { en = 'load %%s kg, limit %%s kg', nl = 'last %%s kg, grens %%s kg',\n"
    "           fr = 'charge %%s kg, limite %%s kg' },\n"
    "    term = { en = '%%s kg × %%s/min', nl = '%%s kg × %%s/min', fr = '%%s kg × %%s/min' },\n"
    "    sum = { en = 'sum: %%s = %%s t', nl = 'som: %%s = %%s t', fr = 'somme : %%s = %%s t' },\n"
    "    yes = { en = 'yes', nl = 'ja', fr = 'oui' },\n"
    "    row = { en = '%%s: %%s', nl = '%%s: %%s', fr = '%%s : %%s' },\n"
    "    pct = { en = '%%s %%%% of %%s', nl = '%%s %%%% van %%s', fr = '%%s %%%% de %%s' },\n"
    "    none = { en = 'nothing', nl = 'niets', fr = 'rien' },\n"
    "  },\n"
    "  rules = { { id = 'say', title = { en = 's', nl = 's', fr = 's' },\n"
    "    eval = function() return { %s } end } } }\n";

typedef struct row {
	const char *name;
	cm_lang lang;
	const char *finding; /* a Lua expression */
	const char *want;    /* the finding's text */
} row;

static const row rows[] = {
    {"numbers, en", CM_LANG_EN, "cm.finding('within', 'kg', 4.5, 5)", "load 4.5 kg, limit 5 kg"},
    {"numbers, nl: decimal comma", CM_LANG_NL, "cm.finding('within', 'kg', 4.5, 5)",
     "last 4,5 kg, grens 5 kg"},
    {"numbers, fr", CM_LANG_FR, "cm.finding('within', 'kg', 4.5, 5)", "charge 4,5 kg, limite 5 kg"},
    {"two decimals at most, none trailing", CM_LANG_EN, "cm.finding('within', 'kg', 4.126, 5.10)",
     "load 4.13 kg, limit 5.1 kg"},
    /* printf's rounding: 4.125 is exact in binary and rounds to even */
    {"a half rounds to even", CM_LANG_EN, "cm.finding('within', 'kg', 4.125, 4.135)",
     "load 4.12 kg, limit 4.13 kg"},
    {"minus zero is zero", CM_LANG_EN, "cm.finding('within', 'kg', -0.001, 1e6)",
     "load 0 kg, limit 1000000 kg"},
    /* numbers are doubles in the engine, as value and limit are */
    {"an integer", CM_LANG_EN, "cm.finding('within', 'kg', 12, 2^53)",
     "load 12 kg, limit 9007199254740992 kg"},
    {"a list of nested messages", CM_LANG_NL,
     "cm.finding('within', 'sum', cm.list({ cm.message('term', 12, 2), cm.message('term', "
     "0.5, 1.25) }, ' + '), 1.44)",
     "som: 12 kg × 2/min + 0,5 kg × 1,25/min = 1,44 t"},
    {"a list without separator", CM_LANG_EN,
     "cm.finding('within', 'row', cm.list({ 'a', 1 }), 'b')", "a1: b"},
    {"a text per language", CM_LANG_FR,
     "cm.finding('within', 'row', { en = 'obstacles', nl = 'hindernissen', fr = 'obstacles' }, "
     "cm.message('yes'))",
     "obstacles : oui"},
    {"a percent sign", CM_LANG_EN, "cm.finding('within', 'pct', 85, 'the limit')",
     "85 % of the limit"},
    {"no arguments", CM_LANG_NL, "cm.not_applicable('none')", "niets"},
    {"a string argument stays as it is", CM_LANG_NL, "cm.finding('within', 'row', '4.5', 'x')",
     "4.5: x"},
    {"controls in an argument become spaces", CM_LANG_EN,
     "cm.finding('within', 'row', 'a\\27[2Jb', 'c\\nd')", "a [2Jb: c d"},
    {"a text table still works", CM_LANG_NL,
     "{ status = 'within', text = { en = 'old', nl = 'oud', fr = 'vieux' } }", "oud"},
};

enum { NROWS = sizeof rows / sizeof rows[0] };

static void test_row(void **state)
{
	const row *r = *state;
	char dir[64], path[128], lua[4096];
	assert_int_equal(test_make_tmpdir(dir, "finding"), 0);
	snprintf(path, sizeof path, "%s/says.lua", dir);
	snprintf(lua, sizeof lua, ruleset, r->finding);
	assert_int_equal(test_write_file(path, lua), 0);
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	cm_error err = {0};
	cm_ctx_set_lang(ctx, r->lang);
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_select_rules(ctx, "says", &err), CM_OK);
	cm_job *job = NULL;
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	cm_assessment *a = NULL;
	cm_check_options opt = {.age = 47};
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	const char *why = cm_assessment_failed(a, 0, NULL);
	if (why)
		fail_msg("the rule set failed: %s", why);
	const cm_finding *f = test_finding(a, "say", NULL);
	assert_non_null(f);
	assert_string_equal(f->text, r->want);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

int main(void)
{
	struct CMUnitTest tests[NROWS];
	for (int i = 0; i < NROWS; i++)
		tests[i] =
		    (struct CMUnitTest){rows[i].name, test_row, NULL, NULL, (void *)&rows[i]};
	return cmocka_run_group_tests_name("finding texts", tests, NULL, NULL);
}
