/*
 * test_ranges.c — a number an adaptation writes into the job has the job
 * format's range, whose one list is job_fields.c:
 *  - each such attribute of the shipped catalogue (rules/adaptations.lua,
 *    through capamatch.range) has exactly the range of the job attribute
 *    it writes; a row per attribute, naming what its apply sets;
 *  - so the loader accepts an offered workstation height anywhere a
 *    handling may be (v-cm 0 to 300) and a trunk extension (a negative
 *    flexion, down to -90), which the catalogue once refused (0 to 175,
 *    0 to 180), and refuses past them with the range in the message;
 *  - capamatch.range gives a number attribute's range and raises for a
 *    name the job format does not have or an attribute that is no number.
 */
#include "support.h"

#include <lauxlib.h>

#include "catalogue.h"
#include "ctx.h"
#include "job_fields.h"
#include "rules.h"

static const struct {
	const char *kind, *attr;     /* the catalogue's */
	const char *element, *field; /* the job attribute its apply writes */
} rows[] = {
    {"lifting-aid", "residual-mass-kg", "handling", "mass-kg"},
    {"reduce-hours", "hours-per-day", "task", "hours-per-day"},
    {"workstation-height", "v-cm", "handling", "v-cm"},
    {"workstation-height", "trunk-flexion-deg", "posture", "trunk-flexion-deg"},
    {"pace", "actions-per-minute", "repetition", "actions-per-minute"},
    {"seat-suspension", "aw-ms2", "vibration", "aw-ms2"},
    {"pauses", "pause-minutes-per-hour", "posture", "pause-minutes-per-hour"},
    {"limit-heavy-work", "hours-per-day", "heavy-work", "hours-per-day"},
    {"carry-aid", "residual-mass-kg", "carry", "mass-kg"},
    {"carry-aid", "distance-m", "carry", "distance-m"},
    {"sit-stand", "continuous-minutes", "sitting", "continuous-minutes"},
    {"rest-stops", "continuous-minutes", "walking", "continuous-minutes"},
};

static const cmi_field *job_field(const char *element, const char *name)
{
	if (!strcmp(element, "task"))
		return strcmp(name, cmi_task_hours_field.xml) ? NULL : &cmi_task_hours_field;
	const cmi_elem_desc *d = cmi_elem_find(CMI_TASK_ELEM, element);
	if (!d)
		d = cmi_elem_find(CMI_JOB_ELEM, element);
	int i = d ? cmi_field_find(d, name) : -1;
	return i >= 0 ? &d->fields[i] : NULL;
}

static const cmi_kind_attr *catalogue_attr(const cmi_catalogue *cat, const char *kind,
                                           const char *name)
{
	for (int k = 0; k < cat->nkinds; k++)
		if (!strcmp(cat->kinds[k].kind, kind))
			for (int a = 0; a < cat->kinds[k].nattrs; a++)
				if (!strcmp(cat->kinds[k].attrs[a].name, name))
					return &cat->kinds[k].attrs[a];
	return NULL;
}

static void test_catalogue_reads_the_format(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	const cmi_catalogue *cat = cmi_rules_catalogue(ctx);
	assert_non_null(cat);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const cmi_kind_attr *a = catalogue_attr(cat, rows[i].kind, rows[i].attr);
		const cmi_field *f = job_field(rows[i].element, rows[i].field);
		if (!a || a->type != CMI_ATTR_NUMBER || !f || f->type != CMI_NUM)
			fail_msg("%s %s or <%s %s>: no such number", rows[i].kind, rows[i].attr,
			         rows[i].element, rows[i].field);
		if (a->min != f->min || a->max != f->max)
			fail_msg("%s %s takes %g to %g, <%s %s> holds %g to %g", rows[i].kind,
			         rows[i].attr, a->min, a->max, rows[i].element, rows[i].field,
			         f->min, f->max);
	}
	cm_ctx_free(ctx);
}

#define JOB(offer)                                                                                 \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<job xmlns=\"urn:capamatch:job:1\" id=\"j\">\n"                                           \
	"  <task id=\"t\" hours-per-day=\"8\">\n"                                                  \
	"    <handling id=\"h\" mass-kg=\"10\" per-minute=\"1\" v-cm=\"20\"/>\n"                   \
	"    <posture trunk-flexion-deg=\"40\"/>\n"                                                \
	"  </task>\n"                                                                              \
	"  <adaptations>\n"                                                                        \
	"    <adaptation id=\"a\" kind=\"workstation-height\" task=\"t\" " offer                   \
	" cost-eur=\"100\"/>\n"                                                                    \
	"  </adaptations>\n"                                                                       \
	"</job>\n"

static void test_loader_takes_the_format_range(void **state)
{
	(void)state;
	static const struct {
		const char *xml;
		cm_status want;
		const char *message; /* a part of the first problem's, when refused */
	} cases[] = {
	    {JOB("v-cm=\"300\" trunk-flexion-deg=\"-90\""), CM_OK, NULL},
	    {JOB("v-cm=\"200\" trunk-flexion-deg=\"-20\""), CM_OK, NULL},
	    {JOB("v-cm=\"0\" trunk-flexion-deg=\"180\""), CM_OK, NULL},
	    {JOB("v-cm=\"301\""), CM_EINPUT,
	     "v-cm=\"301\" is out of range (expected a number from 0 to 300)"},
	    {JOB("trunk-flexion-deg=\"-91\""), CM_EINPUT,
	     "trunk-flexion-deg=\"-91\" is out of range (expected a number from -90 to 180)"},
	};
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cm_error err = {0};
		cm_job *job = NULL;
		cm_status st = cm_job_load_memory(ctx, "test.xml", cases[i].xml,
		                                  strlen(cases[i].xml), &job, &err);
		if (st != cases[i].want)
			fail_msg("case %zu: status %d, expected %d (%s)", i, st, cases[i].want,
			         err.nproblems ? err.problems[0].message : "no problem");
		if (cases[i].message &&
		    (!err.nproblems || !strstr(err.problems[0].message, cases[i].message)))
			fail_msg("case %zu: \"%s\", expected \"%s\"", i,
			         err.nproblems ? err.problems[0].message : "", cases[i].message);
		cm_job_free(job);
		cm_error_clear(&err);
	}
	cm_ctx_free(ctx);
}

typedef struct range_case {
	const char *element, *attribute;
	int ok;
	double min, max;
} range_case;

/* Protected: (case, capamatch.range as a chunk reads it) ->
 * range(element, attribute), as the catalogue calls it; raises when it returns other than
 * the case's range. */
static int call_range(lua_State *L)
{
	const range_case *c = lua_touserdata(L, 1);
	lua_pushvalue(L, 2); /* the chunk's capamatch.range */
	lua_pushstring(L, c->element);
	lua_pushstring(L, c->attribute);
	lua_call(L, 2, 2);
	if (lua_tonumber(L, -2) != c->min || lua_tonumber(L, -1) != c->max)
		return luaL_error(L, "returned %f to %f", lua_tonumber(L, -2), lua_tonumber(L, -1));
	return 0;
}

static void test_range_from_lua(void **state)
{
	(void)state;
	static const range_case cases[] = {
	    {"handling", "v-cm", 1, 0, 300},
	    {"posture", "trunk-flexion-deg", 1, -90, 180},
	    {"task", "hours-per-day", 1, 0, 24},
	    {"heavy-work", "peak-bpm", 1, 30, 250},
	    {"handling", "coupling", 0, 0, 0}, /* not a number */
	    {"handling", "weight", 0, 0, 0},
	    {"shelf", "v-cm", 0, 0, 0},
	    {"task", "id", 0, 0, 0},
	};
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cmi_sandbox *sb = cmi_rules_sandbox(ctx);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char msg[512];
		static const char src[] = "return capamatch.range";
		cm_status st =
		    cmi_sandbox_run_chunk(sb, "range", src, sizeof src - 1, msg, sizeof msg);
		assert_int_equal(st, CM_OK);
		st = cmi_sandbox_call(sb, call_range, (void *)&cases[i], 1, 0, msg, sizeof msg);
		if ((st == CM_OK) != cases[i].ok)
			fail_msg("range(%s, %s): status %d (%s)", cases[i].element,
			         cases[i].attribute, st, st == CM_OK ? "" : msg);
		if (!cases[i].ok && !strstr(msg, "range: "))
			fail_msg("range(%s, %s): \"%s\" does not say range", cases[i].element,
			         cases[i].attribute, msg);
	}
	cm_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalogue_reads_the_format),
	    cmocka_unit_test(test_loader_takes_the_format_range),
	    cmocka_unit_test(test_range_from_lua),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
