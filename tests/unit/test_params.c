/*
 * test_params.c — what the engine does with rule-set metadata and with the
 * findings' margins, whatever the rule set:
 *  - the margin: never positive on an exceeding finding, never negative on
 *    a within one, none on other statuses (one row per case, through a user
 *    rule set whose rule returns exactly the row's finding);
 *  - parameter kinds: an unknown kind stops the rule set with a message
 *    naming it, an absent kind is a reading;
 *  - --set on a limit departs from the published frame and every report
 *    says so; on a reading, or to the published value, it does not;
 *  - --set values: refused ones list what is accepted, numbers are kept in
 *    one form (valid JSON), and the text report writes them with the
 *    language's decimal mark.
 * Each test writes its rule set into a fresh directory given with
 * --rules-dir and checks the order picker.
 */
#include <math.h>
#include <sys/stat.h>

#include "support.h"

#define JOB "examples/jobs/orderpicker.xml"

/* Everything one check holds, freed by the teardown even when an assert
 * fails. */
typedef struct run {
	char dir[64]; /* the --rules-dir, "" when none */
	cm_ctx *ctx;
	cm_job *job;
	cm_assessment *a;
	char *report;
	cm_error err;
} run;

static run cur;

static int teardown(void **state)
{
	(void)state;
	cm_free(cur.report);
	cm_assessment_free(cur.a);
	cm_job_free(cur.job);
	cm_ctx_free(cur.ctx);
	cm_error_clear(&cur.err);
	if (cur.dir[0])
		test_remove_tree(cur.dir);
	memset(&cur, 0, sizeof cur);
	return 0;
}

/* A context in lang with rule set `id` (its whole text) in a fresh
 * --rules-dir, or with none when text is NULL. */
static void open_ctx(cm_lang lang, const char *id, const char *text)
{
	cur.ctx = test_ctx();
	assert_non_null(cur.ctx);
	cm_ctx_set_lang(cur.ctx, lang);
	if (!text)
		return;
	char path[128];
	snprintf(cur.dir, sizeof cur.dir, "/tmp/cm-params-XXXXXX");
	assert_non_null(mkdtemp(cur.dir));
	snprintf(path, sizeof path, "%s/%s.lua", cur.dir, id);
	assert_int_equal(test_write_file(path, text), 0);
	assert_int_equal(cm_ctx_add_rules_dir(cur.ctx, cur.dir, &cur.err), CM_OK);
}

static void set(const char *assignment)
{
	assert_int_equal(cm_ctx_set_param(cur.ctx, assignment, &cur.err), CM_OK);
}

/* Checks the order picker at age 47 and renders the report in format. */
static void check_job(cm_format format)
{
	size_t len;
	cm_check_options opt = {47, "2026-11-23"};
	if (cm_job_load(cur.ctx, JOB, &cur.job, &cur.err) != CM_OK ||
	    cm_check(cur.ctx, cur.job, &opt, &cur.a, &cur.err) != CM_OK ||
	    cm_report_render(cur.ctx, cur.a, format, &cur.report, &len, &cur.err) != CM_OK)
		fail_msg("check failed: %s", cur.err.nproblems ? cur.err.problems[0].message : "?");
}

static void assert_has(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("missing \"%s\" in:\n%s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
	if (strstr(text, part))
		fail_msg("unexpected \"%s\" in:\n%s", part, text);
}

/* ---- margins ------------------------------------------------------------ */

typedef struct margin_row {
	const char *finding; /* Lua fields of the finding (text and task are added) */
	double margin;       /* NAN: no numeric margin */
} margin_row;

static const margin_row margin_rows[] = {
    /* <= : room is limit - value */
    {"status = 'within', value = 80, limit = 100, op = '<=', unit = 'kg'", 20},
    {"status = 'within', value = 100, limit = 100, op = '<=', unit = 'kg'", 0},
    {"status = 'exceeds', value = 120, limit = 100, op = '<=', unit = 'kg'", -20},
    /* 80 kg on 2 wheels: exceeds on the wheels, 80 <= 100 would be +20 */
    {"status = 'exceeds', value = 80, limit = 100, op = '<=', unit = 'kg'", NAN},
    /* exceeded by nothing is no excess either */
    {"status = 'exceeds', value = 100, limit = 100, op = '<=', unit = 'kg'", NAN},
    {"status = 'within', value = 120, limit = 100, op = '<=', unit = 'kg'", NAN},
    /* >= : room is value - limit */
    {"status = 'within', value = 12, limit = 10, op = '>=', unit = 'min/h'", 2},
    {"status = 'exceeds', value = 5, limit = 10, op = '>=', unit = 'min/h'", -5},
    {"status = 'exceeds', value = 12, limit = 10, op = '>=', unit = 'min/h'", NAN},
    {"status = 'within', value = 5, limit = 10, op = '>=', unit = 'min/h'", NAN},
    /* no margin where nothing numeric is judged */
    {"status = 'within', value = 1, limit = 1, op = '='", NAN},
    {"status = 'exceeds', value = true, limit = false, op = '='", NAN},
    {"status = 'unknown', value = 80, limit = 100, op = '<='", NAN},
    {"status = 'not-applicable', value = 80, limit = 100, op = '<='", NAN},
};

static const char margin_template[] =
    "return {\n"
    "  id = 'margins', version = '1.0.0', valid_from = '2024-01-01', source = 'test_params.c',\n"
    "  title = { en = 'M', nl = 'M', fr = 'M' }, params = {},\n"
    "  rules = { { id = 'm', title = { en = 'M', nl = 'M', fr = 'M' },\n"
    "    eval = function() return { { %s, task = 'picking',\n"
    "      text = { en = 't', nl = 't', fr = 't' } } } end } },\n"
    "}\n";

static void test_margin(void **state)
{
	const margin_row *row = *state;
	char text[1024];
	snprintf(text, sizeof text, margin_template, row->finding);
	open_ctx(CM_LANG_EN, "margins", text);
	assert_int_equal(cm_ctx_select_rules(cur.ctx, "margins", &cur.err), CM_OK);
	check_job(CM_FORMAT_JSON);
	assert_int_equal(cm_assessment_nfailed(cur.a), 0);
	const cm_finding *f = test_finding(cur.a, "m", NULL);
	assert_non_null(f);
	if (isnan(row->margin) != isnan(f->margin) ||
	    (!isnan(f->margin) && f->margin != row->margin))
		fail_msg("{ %s }: margin %g, expected %g", row->finding, f->margin, row->margin);
	if (isnan(row->margin))
		assert_has(cur.report, "\"margin\": null");
}

/* ---- parameter kinds ----------------------------------------------------- */

/* A rule set with one parameter per kind; %s is the first one's kind field. */
static const char kinds_template[] =
    "local D = { en = 'd', nl = 'd', fr = 'd' }\n"
    "return {\n"
    "  id = 'kinds', version = '1.0.0', valid_from = '2024-01-01', source = 'test_params.c',\n"
    "  title = { en = 'K', nl = 'K', fr = 'K' },\n"
    "  params = {\n"
    "    { name = 'cap', default = 1.5, unit = 'kg', %s doc = D },\n"
    "    { name = 'old', default = 2, doc = D },\n"
    "    { name = 'how', default = 'x', choices = { 'x', 'y' }, kind = 'reading', doc = D },\n"
    "  },\n"
    "  rules = { { id = 'k', title = { en = 'K', nl = 'K', fr = 'K' },\n"
    "    eval = function(job, p) return { { status = 'within', value = 1, limit = p.cap,\n"
    "      op = '<=', text = { en = 't', nl = 't', fr = 't' } } } end } },\n"
    "}\n";

static void open_kinds(cm_lang lang, const char *kind_field)
{
	char text[2048];
	snprintf(text, sizeof text, kinds_template, kind_field);
	open_ctx(lang, "kinds", text);
}

typedef struct kind_row {
	const char *field; /* the kind field of parameter 'cap' */
	cm_lang lang;
	const char *failure; /* why "kinds" did not load; NULL: it loads */
} kind_row;

static const kind_row kind_rows[] = {
    {"kind = 'limit',", CM_LANG_EN, NULL},
    {"kind = 'reading',", CM_LANG_EN, NULL},
    {"", CM_LANG_EN, NULL},
    {"kind = 'limits',", CM_LANG_EN,
     "parameter 'cap': unknown kind 'limits' (expected limit or reading)"},
    {"kind = 'Limit',", CM_LANG_NL,
     "parameter 'cap': onbekende soort 'Limit' (verwacht: limit of reading)"},
    {"kind = '',", CM_LANG_FR, "paramètre 'cap' : type inconnu '' (attendu : limit ou reading)"},
    {"kind = 1,", CM_LANG_EN, "field 'kind' must be a string"},
};

static void test_kind(void **state)
{
	const kind_row *row = *state;
	const char *ruleset = NULL;
	open_kinds(row->lang, row->field);
	check_job(CM_FORMAT_TEXT);
	const char *why = cm_assessment_failed(cur.a, 0, &ruleset);
	if (!row->failure) {
		assert_null(why);
		assert_non_null(test_finding(cur.a, "k", NULL));
		return;
	}
	assert_non_null(why);
	assert_string_equal(ruleset, "kinds");
	assert_string_equal(why, row->failure);
	assert_null(cm_assessment_failed(cur.a, 1, NULL));
	assert_non_null(test_finding(cur.a, "load", "picking")); /* the others still run */
}

/* ---- departures from the published frame --------------------------------- */

typedef struct departure_row {
	const char *name;
	const char *sets[2]; /* --set assignments; NULL ends */
	cm_format format;
	const char *has[4]; /* in the report; NULL ends */
	const char *lacks[2];
} departure_row;

static const departure_row departure_rows[] = {
    {"a limit set departs (text)",
     {"kinds.cap=2.25", NULL},
     CM_FORMAT_TEXT,
     {"  kinds.cap = 2.25 kg  (set by the user; departs from the published frame: 1.5 kg)\n",
      "\nThis verdict applies limits that depart from the published frame: kinds.cap = 2.25 kg "
      "instead of 1.5 kg\n",
      NULL},
     {NULL}},
    {"a limit set departs (JSON)",
     {"kinds.cap=2.25", NULL},
     CM_FORMAT_JSON,
     {"{\"name\": \"cap\", \"kind\": \"limit\", \"value\": 2.25, \"default\": 1.5, \"unit\": "
      "\"kg\", \"overridden\": true, \"departs_from_frame\": true}",
      "\"departures\": [{\"ruleset\": \"kinds\", \"name\": \"cap\", \"value\": 2.25, "
      "\"default\": 1.5}],\n  \"departs_from_frame\": true,",
      NULL},
     {NULL}},
    {"a limit set to its published value does not depart",
     {"kinds.cap=1.50", NULL},
     CM_FORMAT_TEXT,
     {"  kinds.cap = 1.5 kg  (set by the user)\n", NULL},
     {"departs", NULL}},
    {"a reading set is the user's choice (text)",
     {"kinds.how=y", "kinds.old=3"},
     CM_FORMAT_TEXT,
     {"  kinds.how = y  (set by the user)\n", "  kinds.old = 3  (set by the user)\n", NULL},
     {"depart", NULL}},
    {"a reading set is the user's choice (JSON)",
     {"kinds.old=3", NULL},
     CM_FORMAT_JSON,
     {"{\"name\": \"old\", \"kind\": \"reading\", \"value\": 3, \"default\": 2, \"unit\": null, "
      "\"overridden\": true, \"departs_from_frame\": false}",
      "{\"name\": \"how\", \"kind\": \"reading\", \"value\": \"x\", \"default\": \"x\", "
      "\"unit\": null, \"choices\": [\"x\", \"y\"], \"overridden\": false",
      "\"departures\": [],\n  \"departs_from_frame\": false,", NULL},
     {NULL}},
    {"nothing set departs nowhere",
     {NULL},
     CM_FORMAT_TEXT,
     {"  kinds.cap = 1.5 kg\n", NULL},
     {"set by the user", "depart"}},
};

static void test_departure(void **state)
{
	const departure_row *row = *state;
	open_kinds(CM_LANG_EN, "kind = 'limit',");
	for (int i = 0; i < 2 && row->sets[i]; i++)
		set(row->sets[i]);
	check_job(row->format);
	for (int i = 0; i < 4 && row->has[i]; i++)
		assert_has(cur.report, row->has[i]);
	for (int i = 0; i < 2 && row->lacks[i]; i++)
		assert_lacks(cur.report, row->lacks[i]);
}

/* ---- --set values --------------------------------------------------------- */

typedef struct refused_row {
	const char *assignment;
	cm_lang lang;
	const char *message;
} refused_row;

static const refused_row refused_rows[] = {
    {"inrs-cadre-vert.heavy_work_reading=both", CM_LANG_EN,
     "--set inrs-cadre-vert.heavy_work_reading=both: not an accepted value (expected one of: "
     "level-and-duration, duration-above-level)"},
    {"inrs-cadre-vert.wbv_reading=A8", CM_LANG_FR,
     "--set inrs-cadre-vert.wbv_reading=A8 : valeur non acceptée (attendu l'une de : exposure, "
     "a8)"},
    {"inrs-cadre-vert.wbv_reading=", CM_LANG_NL,
     "--set inrs-cadre-vert.wbv_reading=: geen aanvaarde waarde (verwacht een van: exposure, "
     "a8)"},
    /* a number keeps the message with the default */
    {"inrs-cadre-vert.load_kg=5kg", CM_LANG_EN,
     "--set inrs-cadre-vert.load_kg=5kg: not an accepted value (default: 5)"},
};

static void test_refused(void **state)
{
	const refused_row *row = *state;
	open_ctx(row->lang, NULL, NULL);
	set(row->assignment);
	assert_int_equal(cm_ctx_load_rules(cur.ctx, &cur.err), CM_EUSAGE);
	assert_int_equal(cur.err.nproblems, 1);
	assert_string_equal(cur.err.problems[0].message, row->message);
}

/* A boolean parameter lists its two values. */
static void test_refused_boolean(void **state)
{
	(void)state;
	open_ctx(CM_LANG_EN, "flags",
	         "return { id = 'flags', version = '1', valid_from = '2024-01-01', source = 's',\n"
	         "  title = { en = 'F', nl = 'F', fr = 'F' },\n"
	         "  params = { { name = 'strict', default = true,\n"
	         "               doc = { en = 'd', nl = 'd', fr = 'd' } } },\n"
	         "  rules = { { id = 'f', title = { en = 'F', nl = 'F', fr = 'F' },\n"
	         "              eval = function() return {} end } } }\n");
	set("flags.strict=yes");
	assert_int_equal(cm_ctx_load_rules(cur.ctx, &cur.err), CM_EUSAGE);
	assert_string_equal(cur.err.problems[0].message,
	                    "--set flags.strict=yes: not an accepted value (expected one of: true, "
	                    "false)");
}

typedef struct shown_row {
	const char *assignment; /* NULL: none */
	cm_lang lang;
	cm_format format;
	const char *shown;
} shown_row;

static const shown_row shown_rows[] = {
    {NULL, CM_LANG_EN, CM_FORMAT_TEXT, "  inrs-cadre-vert.max_hr_fraction = 0.85\n"},
    {NULL, CM_LANG_NL, CM_FORMAT_TEXT, "  inrs-cadre-vert.max_hr_fraction = 0,85\n"},
    {NULL, CM_LANG_FR, CM_FORMAT_TEXT, "  inrs-cadre-vert.vibration_ms2 = 0,5 m/s²\n"},
    {NULL, CM_LANG_NL, CM_FORMAT_JSON,
     "{\"name\": \"max_hr_fraction\", \"kind\": \"limit\", "
     "\"value\": 0.85, \"default\": 0.85,"},
    /* one form for a number, whatever was typed: "07.50" is not JSON */
    {"inrs-cadre-vert.load_kg=07.50", CM_LANG_EN, CM_FORMAT_JSON,
     "\"name\": \"load_kg\", \"kind\": \"limit\", \"value\": 7.5, \"default\": 5,"},
    {"inrs-cadre-vert.load_kg=+7", CM_LANG_FR, CM_FORMAT_TEXT,
     "  inrs-cadre-vert.load_kg = 7 kg  (fixé par l'utilisateur ; s'écarte du cadre publié : "
     "5 kg)\n"},
    {"inrs-cadre-vert.max_hr_fraction=.8", CM_LANG_NL, CM_FORMAT_TEXT,
     "Dit besluit past grenzen toe die afwijken van het gepubliceerde kader: "
     "inrs-cadre-vert.max_hr_fraction = 0,8 in plaats van 0,85\n"},
};

static void test_shown(void **state)
{
	const shown_row *row = *state;
	open_ctx(row->lang, NULL, NULL);
	if (row->assignment)
		set(row->assignment);
	check_job(row->format);
	assert_has(cur.report, row->shown);
}

/* ---- the table of tests ------------------------------------------------- */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	enum {
		NTESTS = COUNT(margin_rows) + COUNT(kind_rows) + COUNT(departure_rows) +
		         COUNT(refused_rows) + COUNT(shown_rows) + 1
	};
	static struct CMUnitTest tests[NTESTS];
	static char names[NTESTS][160];
	size_t n = 0;
	for (size_t i = 0; i < COUNT(margin_rows); i++, n++) {
		snprintf(names[n], sizeof names[n], "margin of { %s }", margin_rows[i].finding);
		tests[n] = (struct CMUnitTest){names[n], test_margin, NULL, teardown,
		                               (void *)&margin_rows[i]};
	}
	for (size_t i = 0; i < COUNT(kind_rows); i++, n++) {
		snprintf(names[n], sizeof names[n], "parameter kind { %s }", kind_rows[i].field);
		tests[n] =
		    (struct CMUnitTest){names[n], test_kind, NULL, teardown, (void *)&kind_rows[i]};
	}
	for (size_t i = 0; i < COUNT(departure_rows); i++, n++)
		tests[n] = (struct CMUnitTest){departure_rows[i].name, test_departure, NULL,
		                               teardown, (void *)&departure_rows[i]};
	for (size_t i = 0; i < COUNT(refused_rows); i++, n++) {
		snprintf(names[n], sizeof names[n], "--set %s is refused",
		         refused_rows[i].assignment);
		tests[n] = (struct CMUnitTest){names[n], test_refused, NULL, teardown,
		                               (void *)&refused_rows[i]};
	}
	tests[n++] = (struct CMUnitTest){"--set on a boolean lists true and false",
	                                 test_refused_boolean, NULL, teardown, NULL};
	for (size_t i = 0; i < COUNT(shown_rows); i++, n++) {
		snprintf(names[n], sizeof names[n], "parameter shown as \"%.*s\"",
		         (int)strcspn(shown_rows[i].shown, "\n"), shown_rows[i].shown);
		tests[n] = (struct CMUnitTest){names[n], test_shown, NULL, teardown,
		                               (void *)&shown_rows[i]};
	}
	return _cmocka_run_group_tests("params", tests, n, NULL, NULL);
}
