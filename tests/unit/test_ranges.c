/*
 * test_ranges.c — the job format's ranges, whose one list is job_fields.c,
 * reach Lua:
 *  - capamatch.range gives a number attribute's range and raises for a
 *    name the job format does not have or an attribute that is no number.
 */
#include "support.h"

#include <lauxlib.h>

#include "ctx.h"
#include "rules.h"

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
	    cmocka_unit_test(test_range_from_lua),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
