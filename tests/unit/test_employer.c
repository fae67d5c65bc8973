/*
 * test_employer.c — what the employer reads of a finding of a rule set that
 * needs the person: the engine's words, never the rule's. Each row is one
 * finding (as a Lua table's fields) of a rule set "probe" that declares
 * needs = "person" and not medical, matched for case-0042 (who has a
 * measured lift of 10 kg) against the order picker; the employer's text
 * report must hold the line the engine words and nothing of the rule's
 * text, ids or figures that are not a measured capacity.
 */
#include "support.h"

#define JOB    "examples/jobs/orderpicker.xml"
#define PERSON "examples/persons/case-0042.xml"

static const char ruleset[] =
    "return { id = 'probe', version = '1', valid_from = '2024-01-01', source = 'SECRET',\n"
    "  title = { en = 'SECRET', nl = 'SECRET', fr = 'SECRET' }, params = {},\n"
    "  needs = 'person',\n"
    "  messages = { m = { en = 'SECRET text', nl = 'SECRET tekst', fr = 'SECRET texte' } },\n"
    "  rules = { { id = '%s', title = { en = 's', nl = 's', fr = 's' },\n"
    "    eval = function() return { { message = 'm', args = {},\n"
    "      employer = { message = 'm', args = {} }, %s } } end } } }\n";

typedef struct row {
	const char *rule;    /* the rule's id */
	const char *finding; /* the finding's other fields */
	cm_lang lang;
	const char *want;   /* the line the employer reads */
	const char *forbid; /* what must not be there besides "SECRET" (or NULL) */
	const char *shown;  /* the rule id the employer's table shows */
} row;

static const row rows[] = {
    /* the dimension by the ICF code judged, the longest prefix first */
    {"demands",
     "status = 'exceeds', value = 2, limit = 1, op = '<=', element = 'd4300', "
     "task = 'picking'",
     CM_LANG_EN, "lifting and putting down loads (picking): beyond what the person can do now\n",
     "d4300", "demands"},
    {"demands", "status = 'within', element = 'd4451'", CM_LANG_EN,
     "pushing and pulling: within what the person can do now\n", "d4451", "demands"},
    {"demands", "status = 'within', element = 'd445'", CM_LANG_EN,
     "use of hands and arms: within what the person can do now\n", NULL, "demands"},
    {"demands", "status = 'unknown', element = 'd41'", CM_LANG_NL,
     "een functionele eis van de functie: nog niet bekend (meer gegevens nodig)\n", "d41",
     "demands"},
    {"demands", "status = 'not-applicable', element = 'b28013'", CM_LANG_FR,
     "une exigence fonctionnelle du poste : non évalué pour cette personne\n", "b28013", "demands"},
    /* else by a word of the rule's id, which is shown only as the engine's */
    {"push-force", "status = 'unknown', task = 'transport'", CM_LANG_EN,
     "pushing and pulling (transport): not known yet (more data needed)\n", "push-force",
     "push-pull"},
    {"lombalgie-d4300", "status = 'exceeds', value = 2, limit = 1, op = '<='", CM_LANG_EN,
     "a functional demand of the job: beyond what the person can do now\n", "lombalg", "limit"},
    /* a figure only when the limit is a measured capacity of the person's */
    {"lifting", "status = 'exceeds', value = 12, limit = 10, unit = 'kg', op = '<='", CM_LANG_EN,
     "lifting and putting down loads: beyond what the person can do now; measured capacity "
     "10 kg\n",
     "12 kg", "lifting"},
    {"lifting", "status = 'exceeds', value = 12, limit = 10, unit = 'kg', op = '<='", CM_LANG_NL,
     "tillen en neerzetten van lasten: meer dan wat de persoon nu aankan; "
     "gemeten capaciteit 10 kg\n",
     NULL, "lifting"},
    {"lifting", "status = 'within', value = 12, limit = 22.08, unit = 'kg', op = '<='", CM_LANG_EN,
     "lifting and putting down loads: within what the person can do now\n", "22.08", "lifting"},
    {"lifting", "status = 'within', value = 12, limit = 10.5, unit = 'kg', op = '<='", CM_LANG_FR,
     "soulever et déposer des charges : dans ce que la personne peut faire "
     "maintenant\n",
     "10,5", "lifting"},
    {"lifting", "status = 'within', value = 60, limit = 10, unit = 'bpm', op = '<='", CM_LANG_EN,
     "lifting and putting down loads: within what the person can do now\n", "capacity 10",
     "lifting"},
    /* a word of the element when it is no code (capacity's tolerance rule) */
    {"tolerance", "status = 'within', element = 'standing', task = 'picking'", CM_LANG_EN,
     "standing for long (picking): within what the person can do now\n", NULL, "tolerance"},
    /* a task that is not the job's is the rule's text */
    {"sitting", "status = 'within', task = 'b28013.2 tsk-17=44'", CM_LANG_EN,
     "sitting for long: within what the person can do now\n", "tsk", "sitting"},
};

static void test_rows(void **state)
{
	(void)state;
	char dir[64], path[128], text[4096];
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		const row *r = &rows[i];
		assert_int_equal(test_make_tmpdir(dir, "employer"), 0);
		snprintf(path, sizeof path, "%s/probe.lua", dir);
		snprintf(text, sizeof text, ruleset, r->rule, r->finding);
		assert_int_equal(test_write_file(path, text), 0);
		cm_ctx *ctx = test_ctx();
		cm_error err = {0};
		cm_job *job = NULL;
		cm_person *person = NULL;
		cm_assessment *a = NULL;
		char *out = NULL;
		size_t len;
		assert_non_null(ctx);
		cm_ctx_set_lang(ctx, r->lang);
		assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
		assert_int_equal(cm_ctx_select_rules(ctx, "probe", &err), CM_OK);
		assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
		assert_int_equal(cm_person_load(ctx, PERSON, &person, &err), CM_OK);
		assert_int_equal(cm_match(ctx, person, job, NULL, &a, &err), CM_OK);
		assert_int_equal(cm_report_render_for(ctx, a, CM_FORMAT_TEXT, CM_AUDIENCE_EMPLOYER,
		                                      &out, &len, &err),
		                 CM_OK);
		char shown[64];
		snprintf(shown, sizeof shown, "\n  %s ", r->shown);
		if (!strstr(out, r->want) || !strstr(out, shown))
			fail_msg("row %zu: no line\n%s\nor rule %s in\n%s", i, r->want, r->shown,
			         out);
		if (strstr(out, "SECRET") || (r->forbid && strstr(out, r->forbid)))
			fail_msg("row %zu: the employer reads the rule's own words or figures:\n%s",
			         i, out);
		cm_free(out);
		/* the medical view keeps the rule's text */
		assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_TEXT, &out, &len, &err), CM_OK);
		if (!strstr(out, "SECRET"))
			fail_msg("row %zu: the medical view lacks the rule's text:\n%s", i, out);
		cm_free(out);
		cm_assessment_free(a);
		cm_person_free(person);
		cm_job_free(job);
		cm_ctx_free(ctx);
		test_remove_tree(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
