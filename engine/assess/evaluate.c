/*
 * evaluate.c — runs the rule sets on one version of a job.
 *
 * For each rule set: a protected call builds a fresh job table (lua_job.c),
 * applies the adaptations through the catalogue, and builds the person
 * table; then each rule's eval runs in its own protected call with the
 * sandbox's limits armed, and what it returns is read by finding.c (with
 * text only when the evaluation will be shown). One call per rule costs
 * about a microsecond more than one call per job (doc/platform.md)
 * and buys an error message that names the rule.
 *
 * The job table is built per rule set and evaluation rather than shared:
 * rules and adaptations may write to what they are given, and Lua has no
 * read-only tables short of proxies, which would hide the table from next,
 * rawget and rawlen (a change of the rule contract) and slow every read:
 * the rules' reads took 12-15 µs through read-only views against 7-10 µs on
 * a plain table, and building the views 15-23 µs (bench/readonly-view.lua).
 * Building the table costs 4-8 µs for the order picker and a deep copy of
 * a cached one 5-8 µs, no faster (bench/job_table.c; README.md,
 * Performance).
 *
 * A failing rule stops its rule set for this evaluation (its findings are
 * withdrawn: a half-run rule set must not look complete); the others run.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "catalogue.h"
#include "evaluate.h"
#include "lua_job.h"
#include "lua_person.h"
#include "messages.h"

typedef struct run {
	cm_ctx *ctx;
	const cmi_eval_input *in;
	const cmi_adaptation *const *apply; /* in catalogue order */
	cmi_eval *ev;
	cmi_finding_reader rd;
	int failed_adaptation; /* index into apply when an adaptation raised */
	int job, person;       /* registry references prepare made, for this set */
} run;

/* Protected: (run*) -> registers the job table with the adaptations
 * applied and the person table (r->job, r->person) for the set's rules. */
static int prepare(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	const cmi_catalogue *cat = cmi_rules_catalogue(r->ctx);
	cmi_lua_push_job(L, r->in->job);
	for (int i = 0; i < r->in->napply; i++) {
		r->failed_adaptation = i;
		cmi_catalogue_apply(L, cat, r->apply[i], -1);
	}
	r->failed_adaptation = -1;
	/* Only a set that declares it needs the person reads more of it than
	 * the age: such a set is medical (rules.c), so what it writes is
	 * redacted for an employer; any other set, which the employer's view
	 * shows as written, never sees a code, a capacity or a score. */
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	cmi_lua_push_person(L, rs->needs_person ? r->in->person : NULL, r->in->age);
	r->person = luaL_ref(L, LUA_REGISTRYINDEX);
	r->job = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

/* A slot for one more finding. */
static cmi_finding *next_slot(lua_State *L, run *r)
{
	cmi_eval *ev = r->ev;
	if (ev->nfindings == ev->cap) {
		int cap = ev->cap ? ev->cap * 2 : 32;
		ev->findings = cmi_lua_realloc(L, ev->findings, (size_t)cap * sizeof *ev->findings);
		ev->cap = cap;
	}
	return &ev->findings[ev->nfindings];
}

/* Protected: (run*) -> the findings of rule r->rd.rule read into C; the
 * rule's eval gets the job and person tables prepare registered and the
 * rule set's parameters. */
static int run_rule(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->rules[r->rd.rule].eval_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->job);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->params_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->person);
	lua_call(L, 3, 1);
	if (!lua_istable(L, -1))
		return luaL_error(L, "eval must return an array of findings");
	lua_Integer n = luaL_len(L, -1);
	if (n <= 0)
		return luaL_error(L, "eval returned no finding");
	if (n > CMI_MAX_FINDINGS) /* before the loop: a lying __len would not fit an int */
		return cmi_finding_too_many(L);
	for (int i = 1; i <= (int)n; i++) {
		if (lua_geti(L, -1, i) != LUA_TTABLE)
			return luaL_error(L, "finding %d is not a table", i);
		cmi_finding *f = next_slot(L, r);
		cmi_finding_read(L, lua_gettop(L), i, &r->rd, f);
		r->ev->nfindings++;
		lua_pop(L, 1);
	}
	return 0;
}

static void set_failed(run *r, const char *rule, const char *msg)
{
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	char text[1200];
	cmi_text_snprintf(text, sizeof text, cmi_msg(r->ctx->lang, M_RULE_FAILED), rs->id, rule,
	                  msg);
	if (!(r->ev->failed[r->rd.set] = cmi_arena_strdup(&r->ev->arena, text)))
		r->ev->nomem = 1;
}

/* Once the check's time budget, or this rule set's share of it, is spent,
 * the rule set stops here, as if rule had failed (its findings are
 * withdrawn by the caller). Read before every rule (22 rules each just
 * under their own limits ran for 212 s) and after a failed call, which the
 * budget may have stopped. */
static int out_of_time(run *r, const char *rule)
{
	char why[300];
	cmi_sandbox *sb = cmi_rules_sandbox(r->ctx);
	if (cmi_check_spent(r->ctx))
		snprintf(why, sizeof why, cmi_msg(r->ctx->lang, M_CHECK_SPENT),
		         r->ctx->check_seconds);
	else if (cmi_sandbox_account_spent(sb))
		snprintf(why, sizeof why, cmi_msg(r->ctx->lang, M_SHARE_SPENT),
		         cmi_sandbox_account_seconds(sb), r->ctx->check_seconds);
	else
		return 0;
	set_failed(r, rule, why);
	cmi_eval_budget *b = r->in->budget;
	if (b && !cmi_check_spent(r->ctx) && !b->spent[r->rd.set] && r->ev->failed[r->rd.set] &&
	    !(b->spent[r->rd.set] = cmi_arena_strdup(b->arena, r->ev->failed[r->rd.set])))
		r->ev->nomem = 1; /* the check learns which set ran out (check.c) */
	return 1;
}

/* Runs one rule set, its share charged; on a rule's failure withdraws the
 * set's findings. */
static cm_status run_charged(run *r, cmi_sandbox *sb, cm_error *err)
{
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	char msg[1024];
	if (out_of_time(r, "-")) /* its share was spent before: not even the job table */
		return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
	cm_status st = cmi_sandbox_call(sb, prepare, r, 0, 0, msg, sizeof msg);
	if (st != CM_OK) {
		if (out_of_time(r, "-")) /* the budget passed during the call */
			return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
		/* Building the tables can only run out of memory; an adaptation's
		 * apply can also fail, which is the catalogue's fault. */
		if (st == CM_ENOMEM || r->failed_adaptation < 0)
			return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "%s", msg);
		const cmi_adaptation *a = r->apply[r->failed_adaptation];
		return cmi_error_add(err, CM_ERULES, NULL, 0, NULL,
		                     cmi_msg(r->ctx->lang, M_ADAPTATION_FAILED), a->id, a->kind,
		                     msg);
	}
	int first = r->ev->nfindings;
	cmi_finding_reader_start(&r->rd, &rs->messages, r->rd.set); /* the caps count per set */
	for (r->rd.rule = 0; r->rd.rule < rs->nrules; r->rd.rule++) {
		const cmi_rule *rule = &rs->rules[r->rd.rule];
		if (r->in->only && !r->in->only[r->rd.set][r->rd.rule])
			continue;
		if (out_of_time(r, rule->id)) {
			r->ev->nfindings = first;
			break;
		}
		if ((st = cmi_sandbox_call(sb, run_rule, r, 0, 0, msg, sizeof msg)) != CM_OK) {
			r->ev->nfindings = first;
			if (st == CM_ENOMEM)
				r->ev->nomem = 1;
			/* stopped by the check's budget: say so, not the rule's limit */
			if (!out_of_time(r, rule->id))
				set_failed(r, rule->id, msg);
			break;
		}
	}
	cmi_sandbox_unref(sb, r->job);
	cmi_sandbox_unref(sb, r->person);
	int stopped = cmi_rules_stop_hoarder(r->ctx, r->rd.set);
	if (stopped > 0 && !r->ev->failed[r->rd.set]) {
		r->ev->nfindings = first;
		set_failed(r, "-", rs->unusable);
	}
	if (stopped < 0)
		r->ev->nomem = 1;
	return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
}

/* The time a set's evaluation takes, the engine's building of its tables
 * and reading of its findings included, is charged to its share. */
static cm_status run_set(run *r, cmi_sandbox *sb, cm_error *err)
{
	cmi_eval_budget *b = r->in->budget;
	if (b)
		cmi_sandbox_account_begin(sb, b->ticks[r->rd.set], b->share);
	cm_status st = run_charged(r, sb, err);
	if (b)
		b->ticks[r->rd.set] = cmi_sandbox_account_end(sb);
	return st;
}

/* Catalogue order, then the order offered: a set means one thing. */
static int by_catalogue(const void *a, const void *b)
{
	const cmi_adaptation *x = *(const cmi_adaptation *const *)a;
	const cmi_adaptation *y = *(const cmi_adaptation *const *)b;
	if (x->kind_index != y->kind_index)
		return x->kind_index - y->kind_index;
	return x->order - y->order;
}

cm_status cmi_evaluate(cm_ctx *ctx, const cmi_eval_input *in, cmi_eval *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
	cmi_arena_init(&out->arena, ctx);
	int nsets = cmi_nrulesets(ctx);
	out->nsets = nsets;
	out->failed = cmi_arena_alloc(&out->arena, (size_t)(nsets + 1) * sizeof *out->failed);
	const cmi_adaptation **ordered =
	    cmi_arena_alloc(&out->arena, (size_t)in->napply * sizeof *ordered + 1);
	if (!out->failed || !ordered)
		return cmi_error_nomem(err);
	if (in->napply > 0)
		memcpy(ordered, in->apply, (size_t)in->napply * sizeof *ordered);
	qsort(ordered, (size_t)in->napply, sizeof *ordered, by_catalogue);
	run r = {ctx, in, ordered, out, {0}, -1, 0, 0};
	r.rd.arena = &out->arena;
	r.rd.lang = ctx->lang;
	r.rd.render = in->render;
	r.rd.scored = in->scored;
	for (r.rd.set = 0; r.rd.set < nsets; r.rd.set++) {
		if (cmi_ruleset_at(ctx, r.rd.set)->unusable)
			continue;
		if ((in->only && !in->only[r.rd.set]) || (in->active && !in->active[r.rd.set]))
			continue;
		if (!in->person && cmi_ruleset_at(ctx, r.rd.set)->needs_person)
			continue; /* whatever the mask: it has nothing to read */
		if (in->skip && in->skip[r.rd.set]) {
			out->failed[r.rd.set] = in->skip[r.rd.set];
			continue;
		}
		if (out_of_time(&r, "-")) { /* not even the job table is built */
			if (out->nomem)
				return cmi_error_nomem(err);
			continue;
		}
		cm_status st = run_set(&r, cmi_rules_sandbox(ctx), err);
		if (st != CM_OK)
			return st;
	}
	return CM_OK;
}

void cmi_eval_free(cmi_eval *e)
{
	if (!e)
		return;
	cmi_free(e->arena.ctx, e->findings);
	cmi_arena_free(&e->arena);
	memset(e, 0, sizeof *e);
}
