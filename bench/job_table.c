/*
 * job_table.c — what building a job's Lua table costs, against a deep copy
 * of one already built: the figures behind building it per evaluation
 * rather than caching it (engine/evaluate.c, README.md Performance).
 * `make bench` runs it on the order picker and on the largest job the
 * bounds allow. Never part of `make check`: timings are no test.
 *
 * Usage: build/bench_job_table PROFILE.xml
 */
#include <stdio.h>
#include <time.h>

#include <lauxlib.h>

#include "capamatch.h"
#include "lua_job.h"

enum { ROUNDS = 20000 };

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Pushes a deep copy of the table at src (raw: a job table has no
 * metatables). */
static void copy(lua_State *L, int src)
{
	src = lua_absindex(L, src);
	lua_createtable(L, (int)lua_rawlen(L, src), 4);
	lua_pushnil(L);
	while (lua_next(L, src)) {
		if (lua_type(L, -1) == LUA_TTABLE) {
			copy(L, -1);
			lua_remove(L, -2);
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
}

int main(int argc, char **argv)
{
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	cm_job *job = NULL;
	if (argc != 2 || cm_ctx_new(".", &ctx, &err) != CM_OK ||
	    cm_job_load(ctx, argv[1], &job, &err) != CM_OK) {
		fprintf(stderr, "usage: bench_job_table PROFILE.xml (a valid one)\n");
		return 2;
	}
	lua_State *L = luaL_newstate(); /* no sandbox: the tables alone are timed */
	double t0 = now();
	for (int i = 0; i < ROUNDS; i++) {
		cmi_lua_push_job(L, job);
		lua_pop(L, 1);
	}
	double built = (now() - t0) / ROUNDS;
	cmi_lua_push_job(L, job);
	t0 = now();
	for (int i = 0; i < ROUNDS; i++) {
		copy(L, -1);
		lua_pop(L, 1);
	}
	double copied = (now() - t0) / ROUNDS;
	printf("%-40s build %.2f µs, deep copy of a built one %.2f µs\n", argv[1], 1e6 * built,
	       1e6 * copied);
	lua_close(L);
	cm_job_free(job);
	cm_ctx_free(ctx);
	return 0;
}
