/*
 * run.c — runs the Lua rule tests (tests/lua/rules_test.lua and
 * tests/lua/capacity_test.lua) inside the engine's own sandbox, so that
 * they see exactly what a rule sees: the allowlist, the locked
 * environments, the shared helpers (`capamatch`) and the engine's
 * rendering of messages, not a copy of them that could drift.
 *
 * It loads the installed rule sets through the engine (cm_ctx_load_rules),
 * runs the rule sets under test (SETS) and rules/adaptations.lua again to
 * hand their tables to the suites, and gives each rule set one engine
 * function, text(f): f's text in en, nl and fr, rendered by finding.c from
 * that rule set's messages, then its employer's and worker's wordings when
 * it has them, or the engine's error for f. Each suite is called as
 * suite(RULES, CATALOGUE, TEXT, SETS, TEXTS, HELP): the frame, the
 * catalogue and the frame's text(f) (what rules_test.lua was written
 * against), then every rule set and its text(f) by id, then what the suites
 * share (tests/lua/helpers.lua: counts, table comparison). Prints each
 * failure and the sum over the suites, "lua rules: N passed, M failed";
 * exits 1 unless all passed.
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

/* The rule sets under test; the first is the frame every suite gets as RULES. */
static const struct {
	const char *id, *path;
} SETS[] = {
    {"inrs-cadre-vert", "rules/inrs-cadre-vert.lua"},
    {"capacity", "rules/capacity.lua"},
    {"screening", "rules/screening.lua"},
};
#define NSETS ((int)(sizeof SETS / sizeof SETS[0]))

#define CATALOGUE "rules/adaptations.lua"
/* What the suites share (counts, table comparison): handed to each. */
#define HELPERS "tests/lua/helpers.lua"

static const char *const SUITES[] = {
    "tests/lua/rules_test.lua",
    "tests/lua/capacity_test.lua",
};
#define NSUITES ((int)(sizeof SUITES / sizeof SUITES[0]))

static cm_ctx *ctx;
static cmi_messages messages[NSETS]; /* by SETS */

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

/* Lua: text(f) -> { en = ..., nl = ..., fr = ... }, employer, worker (the
 * same tables of the finding's audience wordings, nil when it gives none),
 * each as a report shows it; raises the engine's own error for a finding it
 * refuses. Upvalue 1: the rule set's messages. The reader is a scored one,
 * as rank's, so that a rule's own `ratio` is checked too. */
static int text(lua_State *L)
{
	const cmi_messages *m = lua_touserdata(L, lua_upvalueindex(1));
	luaL_checktype(L, 1, LUA_TTABLE);
	for (int k = 0; k < 3; k++) /* at 2, 3, 4: the text, the employer's, the worker's */
		lua_createtable(L, 0, CMI_NLANGS);
	int given[3] = {0, 0, 0};
	for (int l = 0; l < CMI_NLANGS; l++) {
		cmi_arena arena;
		cmi_arena_init(&arena, ctx);
		cmi_finding_reader rd = {
		    .arena = &arena, .lang = (cm_lang)l, .render = 1, .scored = 1};
		cmi_finding_reader_start(&rd, m, 0);
		cmi_finding f;
		/* An error here leaks the arena's blocks: only in a failing test. */
		cmi_finding_read(L, 1, 1, &rd, &f);
		const char *got[3] = {f.text, f.text_employer, f.text_worker};
		for (int k = 0; k < 3; k++) {
			if (!got[k])
				continue;
			lua_pushstring(L, got[k]);
			lua_setfield(L, 2 + k, cmi_lang_code((cm_lang)l));
			given[k] = 1;
		}
		cmi_arena_free(&arena);
	}
	for (int k = 1; k < 3; k++) {
		if (!given[k]) {
			lua_pushnil(L);
			lua_replace(L, 2 + k);
		}
	}
	return 3;
}

/* What the suites returned, summed. */
typedef struct outcome {
	long passed, failed;
} outcome;

/* Protected: (outcome*, each of SETS, catalogue, helpers, each of SUITES) ->
 * the rule sets' messages read, then each
 * suite(RULES, CATALOGUE, TEXT, SETS, TEXTS, HELP)
 * run, its failures printed and its counts added to the outcome. */
static int run_suites(lua_State *L)
{
	outcome *o = lua_touserdata(L, 1);
	const int sets = 2, catalogue = sets + NSETS, helpers = catalogue + 1, suites = helpers + 1;
	lua_createtable(L, 0, NSETS); /* SETS: id -> rule set */
	lua_createtable(L, 0, NSETS); /* TEXTS: id -> text(f) with its messages */
	const int by_id = lua_gettop(L) - 1, texts = by_id + 1;
	for (int i = 0; i < NSETS; i++) {
		lua_getfield(L, sets + i, "messages");
		cmi_messages_read(L, -1, &messages[i]);
		lua_pop(L, 1);
		lua_pushvalue(L, sets + i);
		lua_setfield(L, by_id, SETS[i].id);
		lua_pushlightuserdata(L, &messages[i]);
		lua_pushcclosure(L, text, 1);
		lua_setfield(L, texts, SETS[i].id);
	}
	for (int s = 0; s < NSUITES; s++) {
		lua_pushvalue(L, suites + s);
		lua_pushvalue(L, sets); /* the frame */
		lua_pushvalue(L, catalogue);
		lua_getfield(L, texts, SETS[0].id);
		lua_pushvalue(L, by_id);
		lua_pushvalue(L, texts);
		lua_pushvalue(L, helpers);
		lua_call(L, 6, 3);
		o->passed += (long)lua_tointeger(L, -3);
		o->failed += (long)lua_tointeger(L, -2);
		lua_Integer n = luaL_len(L, -1);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, -1, i);
			printf("FAIL %s\n", lua_tostring(L, -1));
			lua_pop(L, 1);
		}
		lua_pop(L, 3);
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
	outcome o = {0, 0};
	char msg[2048];
	/* rule sets, catalogue, helpers, suites: the arguments of run_suites, in order */
	int loaded = 1;
	for (int i = 0; i < NSETS && loaded; i++)
		loaded = run_file(sb, SETS[i].path);
	loaded = loaded && run_file(sb, CATALOGUE) && run_file(sb, HELPERS);
	for (int s = 0; s < NSUITES && loaded; s++)
		loaded = run_file(sb, SUITES[s]);
	if (!loaded) {
		o.failed++;
	} else if (cmi_sandbox_call(sb, run_suites, &o, NSETS + 2 + NSUITES, 0, msg, sizeof msg) !=
	           CM_OK) {
		/* A suite that raised: what ran before it still counts, and so does it. */
		fprintf(stderr, "lua-rules: %s\n", msg);
		o.failed++;
	}
	printf("lua rules: %ld passed, %ld failed\n", o.passed, o.failed);
	for (int i = 0; i < NSETS; i++)
		cmi_messages_free(&messages[i]);
	cm_ctx_free(ctx);
	return o.failed == 0 && o.passed > 0 ? 0 : 1;
}
