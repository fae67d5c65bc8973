/*
 * run.c — runs tests/lua/rules_test.lua inside the engine's own sandbox, so
 * that the Lua rule tests see exactly what a rule sees: the allowlist, the
 * locked environments, the shared helpers (`capamatch`) and the engine's
 * rendering of messages, not a copy of them that could drift.
 *
 * It loads the installed rule sets through the engine (cm_ctx_load_rules),
 * runs rules/inrs-cadre-vert.lua and rules/adaptations.lua again to hand
 * their tables to the test, and gives it one engine function, text(f):
 * f's text in en, nl and fr, rendered by finding.c from the rule set's
 * messages, or the engine's error for f. Prints each failure and
 * "lua rules: N passed, M failed"; exits 1 unless all passed.
 *
 * Usage, from the repository root: build/tests/lua-rules
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "arena.h"
#include "ctx.h"
#include "finding.h"
#include "rules.h"
#include "sandbox.h"

#define RULES     "rules/inrs-cadre-vert.lua"
#define CATALOGUE "rules/adaptations.lua"
#define TESTS     "tests/lua/rules_test.lua"

static cm_ctx *ctx;
static cmi_messages messages; /* inrs-cadre-vert's */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = f ? malloc(1 << 21) : NULL;
	*len = buf ? fread(buf, 1, (1 << 21) - 1, f) : 0;
	if (f)
		fclose(f);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

/* Pushes what the chunk at path returns, or returns 0 with a message. */
static int run_file(cmi_sandbox *sb, const char *path)
{
	char msg[1024];
	size_t len;
	char *src = slurp(path, &len);
	if (!src) {
		fprintf(stderr, "lua-rules: cannot read %s\n", path);
		return 0;
	}
	cm_status st = cmi_sandbox_run_chunk(sb, path, src, len, msg, sizeof msg);
	free(src);
	if (st != CM_OK)
		fprintf(stderr, "lua-rules: %s: %s\n", path, msg);
	return st == CM_OK;
}

/* Lua: text(f) -> { en = ..., nl = ..., fr = ... }, each as a report shows
 * it; raises the engine's own error for a finding it refuses. */
static int text(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_createtable(L, 0, CMI_NLANGS);
	for (int l = 0; l < CMI_NLANGS; l++) {
		cmi_arena arena;
		cmi_arena_init(&arena, ctx);
		cmi_finding_reader rd = {.arena = &arena, .lang = (cm_lang)l, .render = 1};
		cmi_finding_reader_start(&rd, &messages, 0);
		cmi_finding f;
		/* An error here leaks the arena's blocks: only in a failing test. */
		cmi_finding_read(L, 1, 1, &rd, &f);
		lua_pushstring(L, f.text);
		lua_setfield(L, -2, cmi_lang_code((cm_lang)l));
		cmi_arena_free(&arena);
	}
	return 1;
}

/* What the suite returned. */
typedef struct outcome {
	long passed, failed;
} outcome;

/* Protected: (outcome*, rules, catalogue, suite) -> rules' messages read,
 * then suite(rules, catalogue, text) run and its outcome printed. */
static int run_suite(lua_State *L)
{
	outcome *o = lua_touserdata(L, 1);
	lua_getfield(L, 2, "messages");
	cmi_messages_read(L, -1, &messages);
	lua_pop(L, 1);
	lua_pushvalue(L, 4);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, 3);
	lua_pushcfunction(L, text);
	lua_call(L, 3, 3);
	o->passed = (long)lua_tointeger(L, -3);
	o->failed = (long)lua_tointeger(L, -2);
	lua_Integer n = luaL_len(L, -1);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_geti(L, -1, i);
		printf("FAIL %s\n", lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return 0;
}

int main(void)
{
	cm_error err = {0};
	if (cm_ctx_new(".", &ctx, &err) == CM_OK) {
		/* The whole suite is one call: far more than one evaluation needs. */
		cm_ctx_set_lua_limits(ctx, 256u << 20, 4000000000L);
		cm_ctx_set_lua_seconds(ctx, 600);
	}
	if (!ctx || cm_ctx_load_rules(ctx, &err) != CM_OK) {
		fprintf(stderr, "lua-rules: %s\n",
		        err.nproblems ? err.problems[0].message : "no context");
		printf("lua rules: 0 passed, 1 failed\n");
		return 1;
	}
	cmi_sandbox *sb = cmi_rules_sandbox(ctx);
	outcome o = {0, 1};
	char msg[2048];
	/* rules, catalogue, suite */
	if (run_file(sb, RULES) && run_file(sb, CATALOGUE) && run_file(sb, TESTS) &&
	    cmi_sandbox_call(sb, run_suite, &o, 3, 0, msg, sizeof msg) != CM_OK)
		fprintf(stderr, "lua-rules: %s: %s\n", TESTS, msg);
	printf("lua rules: %ld passed, %ld failed\n", o.passed, o.failed);
	cmi_messages_free(&messages);
	cm_ctx_free(ctx);
	return o.failed == 0 && o.passed > 0 ? 0 : 1;
}
