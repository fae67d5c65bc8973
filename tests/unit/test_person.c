/*
 * test_person.c — person profiles, dates and the return-to-work window:
 *  - date.c's calendar, row by row (leap years, month ends, the range);
 *  - load_person.c's tables against schema/person.xsd (the items and the
 *    instruments the schema enumerates are the ones the loader has ranges
 *    for, in the same order);
 *  - loading, one row per profile: accepted, or refused with its problems
 *    counted and the first one's exact words;
 *  - the window of cm_match for a return on 2026-11-16 (doc/semantics.md: day 1
 *    the return day, last day 2026-12-06, re-evaluation 2026-12-07), at
 *    dates on both sides of each edge, and what the frame's role becomes.
 */
#include "support.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "assessment.h"
#include "date.h"
#include "person.h"

/* ---- dates ------------------------------------------------------------- */

typedef struct date_row {
	const char *text;
	int valid;
	long days; /* since 1970-01-01, when valid */
} date_row;

static const date_row date_rows[] = {
    {"1970-01-01", 1, 0},     {"2026-11-16", 1, 20773},
    {"2026-12-06", 1, 20793}, {"2024-02-29", 1, 19782},
    {"2000-02-29", 1, 11016}, {"1900-01-01", 1, -25567},
    {"2199-12-31", 1, 84005}, {"2023-02-29", 0, 0},
    {"1900-02-29", 0, 0},     {"2026-02-30", 0, 0},
    {"2026-04-31", 0, 0},     {"2026-13-01", 0, 0},
    {"2026-00-10", 0, 0},     {"2026-01-00", 0, 0},
    {"1899-12-31", 0, 0},     {"2200-01-01", 0, 0},
    {"2026-1-01", 0, 0},      {"2026-11-16Z", 0, 0},
    {"2026/11/16", 0, 0},     {"", 0, 0},
    {"20261116xx", 0, 0},
};
enum { NDATES = sizeof date_rows / sizeof date_rows[0] };

static void test_date(void **state)
{
	const date_row *r = *state;
	long days = -1;
	assert_int_equal(cmi_date_days(r->text, &days), r->valid);
	if (!r->valid)
		return;
	assert_int_equal(days, r->days);
	char back[11];
	cmi_date_text(days, back);
	assert_string_equal(back, r->text);
}

/* ---- the loader's tables and the schema ---------------------------------- */

/* The enumeration of simpleType `name` in schema/person.xsd, in order. */
static int enumeration(const char *name, char values[][32], int max)
{
	xmlDocPtr doc = xmlReadFile("schema/person.xsd", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	int n = 0;
	for (xmlNodePtr t = xmlDocGetRootElement(doc)->children; t; t = t->next) {
		xmlChar *tn = t->type == XML_ELEMENT_NODE ? xmlGetProp(t, BAD_CAST "name") : NULL;
		int hit = tn && xmlStrEqual(t->name, BAD_CAST "simpleType") &&
		          xmlStrEqual(tn, BAD_CAST name);
		xmlFree(tn);
		if (!hit)
			continue;
		for (xmlNodePtr r = t->children; r; r = r->next)
			for (xmlNodePtr e = r->type == XML_ELEMENT_NODE ? r->children : NULL; e;
			     e = e->next) {
				if (e->type != XML_ELEMENT_NODE || n >= max)
					continue;
				xmlChar *v = xmlGetProp(e, BAD_CAST "value");
				snprintf(values[n++], 32, "%s", (const char *)v);
				xmlFree(v);
			}
	}
	xmlFreeDoc(doc);
	return n;
}

static void test_items_match_the_schema(void **state)
{
	(void)state;
	char values[32][32];
	int n = enumeration("item", values, 32);
	assert_int_equal(n, cmi_ncapacity_items);
	for (int i = 0; i < n; i++)
		assert_string_equal(values[i], cmi_capacity_items[i].item);
	n = enumeration("instrument", values, 32);
	assert_int_equal(n, cmi_ninstruments);
	for (int i = 0; i < n; i++)
		assert_string_equal(values[i], cmi_instruments[i].id);
}

/* ---- loading ------------------------------------------------------------ */

typedef struct load_row {
	const char *name;
	const char *body;  /* inside <person id="p"> */
	int problems;      /* 0: accepted */
	const char *first; /* the first problem's message, exactly */
} load_row;

static const load_row load_rows[] = {
    {"empty", "", 0, NULL},
    {"everything",
     "<age years='47'/><assessment date='2026-11-02'/><return-to-work date='2026-11-16'/>"
     "<heart-rate resting-bpm='68'/><diagnosis>x</diagnosis>"
     "<icf><code>b28013.2</code><code>a4300.12</code><code>e310+3</code></icf>"
     "<capacity item='lift-floor-waist' kg='10'/>"
     "<capacity item='lift-floor-waist' kg='6' frequency='frequent'/>"
     "<capacity item='sitting' minutes='45' frequency='constant'/>"
     "<screening instrument='tsk-17' score='17'/><screening instrument='ompsq-10' score='100'/>",
     0, NULL},
    {"age low", "<age years='13'/>", 1,
     "years=\"13\" is out of range (expected a number from 14 to 100)"},
    {"age high", "<age years='101'/>", 1,
     "years=\"101\" is out of range (expected a number from 14 to 100)"},
    {"age twice", "<age years='40'/><age years='41'/>", 1,
     "<age> may appear only once in <person> (the first one is on line 1)"},
    {"icf twice", "<icf/><icf/>", 1,
     "<icf> may appear only once in <person> (the first one is on line 1)"},
    {"leap day", "<assessment date='2023-02-29'/>", 1,
     "date=\"2023-02-29\" is not a date (expected YYYY-MM-DD, from 1900-01-01 to 2199-12-31)"},
    {"heart rate", "<heart-rate resting-bpm='29'/>", 1,
     "resting-bpm=\"29\" is out of range (expected a number from 30 to 150)"},
    {"bad code", "<icf><code>d43000</code></icf>", 1, "d43000: too many digits for d (at most 4)"},
    {"a is d", "<icf><code>d4300.1</code><code>a4300.2</code></icf>", 1,
     "ICF code d4300 is given twice (the first is on line 1)"},
    {"three bad codes", "<icf><code>x1</code><code>b2.7</code><code>e1+</code></icf>", 3,
     "x1: 'x' is not an ICF component (b, s, d, a, p or e)"},
    {"kg for minutes", "<capacity item='walking' kg='3' minutes='20'/>", 1,
     "capacity walking is measured in minutes, not in kg"},
    {"no value", "<capacity item='push'/>", 1,
     "capacity push needs kg=\"...\" (the measured value)"},
    {"push range", "<capacity item='push' kg='501'/>", 1,
     "kg=\"501\" is out of range (expected a number from 0 to 500)"},
    {"lift range", "<capacity item='carry' kg='200.5'/>", 1,
     "kg=\"200.5\" is out of range (expected a number from 0 to 200)"},
    {"same frequency",
     "<capacity item='carry' kg='9'/><capacity item='carry' kg='8' "
     "frequency='occasional'/>",
     1, "capacity carry at frequency occasional is given twice (the first is on line 1)"},
    {"frequent above occasional",
     "<capacity item='lift-floor-waist' kg='10'/>"
     "<capacity item='lift-floor-waist' kg='12' frequency='frequent'/>",
     1,
     "capacity lift-floor-waist at frequency frequent (12 kg) is above the one at frequency "
     "occasional (10 kg, line 1): a figure at a higher rate cannot exceed one at a lower rate"},
    {"occasional below constant",
     "<capacity item='push' kg='20.5' frequency='constant'/>"
     "<capacity item='push' kg='20' frequency='occasional'/>",
     1,
     "capacity push at frequency occasional (20 kg) is below the one at frequency constant "
     "(20.5 kg, line 1): a figure at a higher rate cannot exceed one at a lower rate"},
    {"equal figures at two rates, other items apart",
     "<capacity item='lift-floor-waist' kg='10' frequency='frequent'/>"
     "<capacity item='lift-floor-waist' kg='10'/>"
     "<capacity item='lift-waist-shoulder' kg='30' frequency='constant'/>",
     0, NULL},
    {"tsk range", "<screening instrument='tsk-17' score='16'/>", 1,
     "score=\"16\" is out of range for tsk-17 (expected a number from 17 to 68)"},
    {"ompsq range", "<screening instrument='ompsq-10' score='100.5'/>", 1,
     "score=\"100.5\" is out of range for ompsq-10 (expected a number from 0 to 100)"},
    {"instrument twice",
     "<screening instrument='tsk-17' score='20'/><screening instrument='tsk-17' score='30'/>", 1,
     "instrument tsk-17 is given twice (the first is on line 1)"},
};
enum { NLOADS = sizeof load_rows / sizeof load_rows[0] };

static void test_load(void **state)
{
	const load_row *r = *state;
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	char xml[4096];
	snprintf(xml, sizeof xml,
	         "<?xml version='1.0'?><person xmlns='urn:capamatch:person:1' id='p'>%s</person>",
	         r->body);
	cm_person *p = NULL;
	cm_error err = {0};
	cm_status st = cm_person_load_memory(ctx, "p.xml", xml, strlen(xml), &p, &err);
	if (r->problems == 0) {
		if (st != CM_OK)
			fail_msg("%s: %s", r->name, err.problems[0].message);
		assert_string_equal(cm_person_id(p), "p");
	} else {
		assert_int_equal(st, CM_EINPUT);
		assert_null(p);
		assert_int_equal(err.nproblems, r->problems);
		assert_string_equal(err.problems[0].message, r->first);
		assert_string_equal(err.problems[0].file, "p.xml");
	}
	cm_person_free(p);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
}

/* A job given as a person, in one line. */
static void test_job_as_person(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_person *p = NULL;
	cm_error err = {0};
	assert_int_equal(cm_person_load(ctx, "examples/jobs/orderpicker.xml", &p, &err), CM_EINPUT);
	assert_int_equal(err.nproblems, 1);
	assert_non_null(strstr(err.problems[0].message, "this is a job profile"));
	assert_string_equal(cm_profile_kind(ctx, "examples/jobs/orderpicker.xml"), "job");
	assert_string_equal(cm_profile_kind(ctx, "examples/persons/case-0042.xml"), "person");
	assert_null(cm_profile_kind(ctx, "README.md"));
	cm_error_clear(&err);
	cm_ctx_free(ctx);
}

/* ---- the window ------------------------------------------------------------ */

typedef struct window_row {
	const char *ret;  /* the return-to-work date, or NULL */
	const char *date; /* the assessment date */
	cmi_window_state state;
} window_row;

static const window_row window_rows[] = {
    {"2026-11-16", "2026-11-02", CMI_WINDOW_IN},    /* before the return */
    {"2026-11-16", "2026-11-16", CMI_WINDOW_IN},    /* day 1 */
    {"2026-11-16", "2026-12-06", CMI_WINDOW_IN},    /* day 21, the last */
    {"2026-11-16", "2026-12-07", CMI_WINDOW_AFTER}, /* the re-evaluation day */
    {"2026-11-16", "2027-06-01", CMI_WINDOW_AFTER},
    {"2024-02-20", "2024-03-11", CMI_WINDOW_IN}, /* through a leap day: 2024-02-20 + 20 */
    {"2024-02-20", "2024-03-12", CMI_WINDOW_AFTER},
    {NULL, "2026-11-20", CMI_WINDOW_NO_RETURN},
};
enum { NWINDOWS = sizeof window_rows / sizeof window_rows[0] };

static void test_window(void **state)
{
	const window_row *r = *state;
	cm_ctx *ctx = test_ctx();
	char xml[512];
	char ret[64] = "";
	if (r->ret)
		snprintf(ret, sizeof ret, "<return-to-work date='%s'/>", r->ret);
	snprintf(xml, sizeof xml,
	         "<person xmlns='urn:capamatch:person:1' id='w'><age years='47'/>%s</person>", ret);
	cm_person *p = NULL;
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	cm_error err = {0};
	assert_int_equal(cm_person_load_memory(ctx, "w.xml", xml, strlen(xml), &p, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, "examples/jobs/receptionist.xml", &job, &err), CM_OK);
	cm_match_options opt = {r->date, "2000-01-01", 0};
	assert_int_equal(cm_match(ctx, p, job, &opt, &a, &err), CM_OK);
	int frame = -1;
	for (int i = 0; i < cmi_nrulesets(ctx); i++)
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "inrs-cadre-vert"))
			frame = i;
	assert_true(frame >= 0);
	assert_int_equal(a->windows[frame].state, r->state);
	assert_int_equal(a->role[frame],
	                 r->state == CMI_WINDOW_IN ? CMI_ROLE_JUDGED : CMI_ROLE_OFF);
	if (r->ret && !strcmp(r->ret, "2026-11-16")) {
		assert_string_equal(a->windows[frame].first, "2026-11-16");
		assert_string_equal(a->windows[frame].last, "2026-12-06");
		assert_string_equal(a->windows[frame].reevaluate, "2026-12-07");
	}
	/* a check has no window: the frame is always judged */
	cm_assessment *c = NULL;
	cm_check_options copt = {47, r->date};
	assert_int_equal(cm_check(ctx, job, &copt, &c, &err), CM_OK);
	assert_int_equal(c->role[frame], CMI_ROLE_JUDGED);
	assert_int_equal(c->windows[frame].state, CMI_WINDOW_NONE);
	cm_assessment_free(c);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_person_free(p);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
}

/* The assessment date: --date, else the profile's, else today; a bad one
 * is a usage error. */
static void test_date_sources(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_person *with = NULL, *without = NULL;
	cm_job *job = NULL;
	cm_error err = {0};
	const char *a_xml = "<person xmlns='urn:capamatch:person:1' id='d'>"
	                    "<assessment date='2026-11-02'/></person>";
	const char *b_xml = "<person xmlns='urn:capamatch:person:1' id='d'/>";
	assert_int_equal(cm_person_load_memory(ctx, "a", a_xml, strlen(a_xml), &with, &err), CM_OK);
	assert_int_equal(cm_person_load_memory(ctx, "b", b_xml, strlen(b_xml), &without, &err),
	                 CM_OK);
	assert_int_equal(cm_job_load(ctx, "examples/jobs/receptionist.xml", &job, &err), CM_OK);
	struct {
		const cm_person *p;
		const char *date, *today, *want;
		cmi_date_source source;
	} rows[] = {{with, "2026-12-01", "2026-12-02", "2026-12-01", CMI_DATE_GIVEN},
	            {with, NULL, "2026-12-02", "2026-11-02", CMI_DATE_PROFILE},
	            {without, NULL, "2026-12-02", "2026-12-02", CMI_DATE_TODAY}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cm_assessment *a = NULL;
		cm_match_options opt = {rows[i].date, rows[i].today, 0};
		assert_int_equal(cm_match(ctx, rows[i].p, job, &opt, &a, &err), CM_OK);
		assert_string_equal(a->date, rows[i].want);
		assert_int_equal(a->date_source, rows[i].source);
		cm_assessment_free(a);
	}
	cm_assessment *a = NULL;
	cm_match_options bad = {"2026-02-30", NULL, 0};
	assert_int_equal(cm_match(ctx, with, job, &bad, &a, &err), CM_EUSAGE);
	assert_null(a);
	cm_job_free(job);
	cm_person_free(with);
	cm_person_free(without);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
}

int main(void)
{
	static struct CMUnitTest tests[NDATES + NLOADS + NWINDOWS + 3];
	int n = 0;
	for (int i = 0; i < NDATES; i++)
		tests[n++] =
		    (struct CMUnitTest){date_rows[i].text[0] ? date_rows[i].text : "(empty)",
		                        test_date, NULL, NULL, (void *)&date_rows[i]};
	tests[n++] = (struct CMUnitTest){"items match the schema", test_items_match_the_schema,
	                                 NULL, NULL, NULL};
	for (int i = 0; i < NLOADS; i++)
		tests[n++] = (struct CMUnitTest){load_rows[i].name, test_load, NULL, NULL,
		                                 (void *)&load_rows[i]};
	tests[n++] = (struct CMUnitTest){"job as person", test_job_as_person, NULL, NULL, NULL};
	for (int i = 0; i < NWINDOWS; i++)
		tests[n++] = (struct CMUnitTest){window_rows[i].date, test_window, NULL, NULL,
		                                 (void *)&window_rows[i]};
	tests[n++] = (struct CMUnitTest){"date sources", test_date_sources, NULL, NULL, NULL};
	return cmocka_run_group_tests_name("person profiles", tests, NULL, NULL);
}
