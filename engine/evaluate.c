/*
 * evaluate.c — runs the rule sets on one version of a job.
 *
 * For each rule set: a protected call builds a fresh job table (lua_job.c),
 * applies the adaptations through the catalogue, and builds the person
 * table; then each rule's eval runs in its own protected call with the
 * sandbox's limits armed, and what it returns is checked and copied into C.
 * One call per rule costs about a microsecond more than one call per job
 * (reference/platform.md) and buys an error message that names the rule.
 *
 * A failing rule stops its rule set for this evaluation (its findings are
 * withdrawn: a half-run rule set must not look complete); the others run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "catalogue.h"
#include "evaluate.h"
#include "lua_job.h"
#include "messages.h"

/* What one rule set may hand to C in one evaluation. Findings are copied
 * out of the Lua heap (into ev->findings and the arena), so the Lua memory
 * cap does not see them: without these, one eval returning a table whose
 * __len says 2^31 took 1.1 GB and every second of the time limit. The
 * installed inrs-cadre-vert gives about 22 + 3 per task element, so 3,022
 * on the largest job the bounds allow (1,000 elements); the caps leave
 * three times that. Per rule set, so a hostile set cannot use up what the
 * installed one needs. */
#define MAX_FINDINGS      10000
#define MAX_FINDINGS_TEXT "10,000"
/* Bytes of the strings copied (text, unit, op, task, element, with their
 * terminators): 400 a finding on average at the cap on findings. */
#define MAX_TEXT_BYTES      (4u << 20)
#define MAX_TEXT_BYTES_TEXT "4 MiB"

typedef struct run {
	cm_ctx *ctx;
	const cm_job *job;
	const cmi_adaptation *const *apply;
	int napply;
	int age;
	cmi_eval *ev;
	int set, rule;
	int failed_adaptation; /* index into apply when an adaptation raised */
} run;

static const char *const status_names[] = {"within", "exceeds", "unknown", "not-applicable"};

/* Protected: (run*) -> job table with the adaptations applied, person. */
static int prepare(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	const cmi_catalogue *cat = cmi_rules_catalogue(r->ctx->rules);
	cmi_lua_push_job(L, r->job);
	for (int i = 0; i < r->napply; i++) {
		r->failed_adaptation = i;
		cmi_catalogue_apply(L, cat, r->apply[i], -1);
	}
	r->failed_adaptation = -1;
	lua_createtable(L, 0, 1);
	if (r->age >= 0) {
		lua_pushinteger(L, r->age);
		lua_setfield(L, -2, "age");
	}
	return 2;
}

static const char *keep(lua_State *L, run *r, const char *s, size_t len)
{
	if (!s)
		return NULL;
	if (len + 1 > MAX_TEXT_BYTES - r->ev->set_bytes)
		luaL_error(L, "the findings' text is over " MAX_TEXT_BYTES_TEXT
		              " (what one rule set may give in one evaluation)");
	r->ev->set_bytes += len + 1;
	/* All len bytes: a NUL inside a Lua string must not cut the text short. */
	char *d = cmi_arena_strndup(&r->ev->arena, s, len);
	if (!d) {
		r->ev->nomem = 1;
		luaL_error(L, "out of memory");
	}
	cmi_sandbox_plain_len(d, len); /* reports go to terminals: no escapes from rules */
	return d;
}

static cm_value read_value(lua_State *L, int t, const char *field, int i)
{
	cm_value v = {CM_VALUE_NONE, 0, 0};
	int type = lua_getfield(L, t, field);
	if (type == LUA_TNUMBER) {
		v.kind = CM_VALUE_NUMBER;
		v.number = lua_tonumber(L, -1);
		if (!isfinite(v.number))
			luaL_error(L, "finding %d: %s is not a finite number", i, field);
	} else if (type == LUA_TBOOLEAN) {
		v.kind = CM_VALUE_BOOL;
		v.boolean = lua_toboolean(L, -1);
	} else if (type != LUA_TNIL) {
		luaL_error(L, "finding %d: %s must be a number, a boolean or nil", i, field);
	}
	lua_pop(L, 1);
	return v;
}

static const char *read_string(lua_State *L, run *r, int t, const char *field, int i)
{
	int type = lua_getfield(L, t, field);
	if (type != LUA_TNIL && type != LUA_TSTRING)
		luaL_error(L, "finding %d: %s must be a string or nil", i, field);
	size_t len = 0;
	const char *v = lua_tolstring(L, -1, &len);
	const char *s = keep(L, r, v, len);
	lua_pop(L, 1);
	return s;
}

static const char *read_text(lua_State *L, run *r, int t, int i)
{
	const char *key = cmi_lang_code(r->ctx->lang);
	if (lua_getfield(L, t, "text") != LUA_TTABLE)
		luaL_error(L, "finding %d: text must be a table of en, nl and fr lines", i);
	if (lua_getfield(L, -1, key) != LUA_TSTRING)
		luaL_error(L, "finding %d: text.%s must be a string", i, key);
	size_t len = 0;
	const char *v = lua_tolstring(L, -1, &len);
	const char *s = keep(L, r, v, len);
	lua_pop(L, 2);
	return s;
}

static cm_finding_status read_status(lua_State *L, int t, int i)
{
	lua_getfield(L, t, "status");
	const char *s = lua_tostring(L, -1);
	for (int k = 0; s && k < 4; k++)
		if (!strcmp(s, status_names[k])) {
			lua_pop(L, 1);
			return (cm_finding_status)k;
		}
	luaL_error(L, "finding %d: status must be within, exceeds, unknown or not-applicable", i);
	return CM_UNKNOWN;
}

/* Room left (positive) or excess (negative) from op, value and limit, for
 * a judged finding only. A rule may judge on more than the figure it
 * reports (80 kg on 2 wheels exceeds though 80 ≤ 100): a margin whose sign
 * contradicts the status would then tell the reader the opposite of the
 * verdict, so there is none. An excess of 0 contradicts too: exceeded by
 * nothing. One place, for every rule set. */
static double margin_of(const cmi_finding *f)
{
	double m = NAN;
	if (f->status != CM_WITHIN && f->status != CM_EXCEEDS)
		return NAN;
	if (f->value.kind != CM_VALUE_NUMBER || f->limit.kind != CM_VALUE_NUMBER || !f->op)
		return NAN;
	if (!strcmp(f->op, "<="))
		m = f->limit.number - f->value.number;
	else if (!strcmp(f->op, ">="))
		m = f->value.number - f->limit.number;
	if ((f->status == CM_EXCEEDS && m >= 0) || (f->status == CM_WITHIN && m < 0))
		return NAN;
	return m;
}

static void read_finding(lua_State *L, run *r, int t, int i, cmi_finding *f)
{
	f->set = r->set;
	f->rule = r->rule;
	f->status = read_status(L, t, i);
	f->value = read_value(L, t, "value", i);
	f->limit = read_value(L, t, "limit", i);
	f->unit = read_string(L, r, t, "unit", i);
	f->op = read_string(L, r, t, "op", i);
	f->task = read_string(L, r, t, "task", i);
	f->element = read_string(L, r, t, "element", i);
	f->text = read_text(L, r, t, i);
	if (f->op && strcmp(f->op, "<=") && strcmp(f->op, ">=") && strcmp(f->op, "="))
		luaL_error(L, "finding %d: op must be <=, >= or =", i);
	if (f->status == CM_EXCEEDS && f->value.kind == CM_VALUE_NONE)
		luaL_error(L, "finding %d: exceeds without a value", i);
	f->margin = margin_of(f);
}

static int too_many_findings(lua_State *L)
{
	return luaL_error(L, "more than " MAX_FINDINGS_TEXT
	                     " findings (what one rule set may give in one evaluation)");
}

static cmi_finding *next_slot(lua_State *L, run *r)
{
	cmi_eval *ev = r->ev;
	if (r->ev->set_findings >= MAX_FINDINGS)
		too_many_findings(L);
	r->ev->set_findings++;
	if (ev->nfindings == ev->cap) {
		int cap = ev->cap ? ev->cap * 2 : 32;
		cmi_finding *grown = cmi_realloc(r->ctx, ev->findings, (size_t)cap * sizeof *grown);
		if (!grown) {
			ev->nomem = 1;
			luaL_error(L, "out of memory");
		}
		ev->findings = grown;
		ev->cap = cap;
	}
	return &ev->findings[ev->nfindings];
}

/* Protected: (run*, eval, job, params, person). */
static int run_rule(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	lua_call(L, 3, 1);
	if (!lua_istable(L, -1))
		return luaL_error(L, "eval must return an array of findings");
	lua_Integer n = luaL_len(L, -1);
	if (n <= 0)
		return luaL_error(L, "eval returned no finding");
	if (n > MAX_FINDINGS) /* before the loop: a lying __len would not fit an int */
		return too_many_findings(L);
	for (int i = 1; i <= (int)n; i++) {
		if (lua_geti(L, -1, i) != LUA_TTABLE)
			return luaL_error(L, "finding %d is not a table", i);
		cmi_finding *f = next_slot(L, r);
		read_finding(L, r, lua_gettop(L), i, f);
		r->ev->nfindings++;
		lua_pop(L, 1);
	}
	return 0;
}

static void set_failed(run *r, const char *rule, const char *msg)
{
	const cmi_ruleset *rs = &r->ctx->rules->sets[r->set];
	char text[1200];
	snprintf(text, sizeof text, cmi_msg(r->ctx->lang, M_RULE_FAILED), rs->id, rule, msg);
	if (!(r->ev->failed[r->set] = cmi_arena_strdup(&r->ev->arena, text)))
		r->ev->nomem = 1;
}

/* Once the check's time budget is spent, the rule set stops here, as if
 * rule had failed (its findings are withdrawn by the caller). Read before
 * every rule (22 rules each just under their own limits ran for 212 s) and
 * after a failed call, which the budget may have stopped. */
static int out_of_time(run *r, const char *rule)
{
	if (!cmi_check_spent(r->ctx))
		return 0;
	char why[200];
	snprintf(why, sizeof why, cmi_msg(r->ctx->lang, M_CHECK_SPENT), r->ctx->check_seconds);
	set_failed(r, rule, why);
	return 1;
}

/* Runs one rule set; on a rule's failure withdraws the set's findings. */
static cm_status run_set(run *r, cmi_sandbox *sb, cm_error *err)
{
	const cmi_ruleset *rs = &r->ctx->rules->sets[r->set];
	lua_State *L = cmi_sandbox_state(sb);
	char msg[1024];
	lua_pushcfunction(L, prepare);
	lua_pushlightuserdata(L, r);
	if (cmi_sandbox_pcall(sb, 1, 2, msg, sizeof msg) != LUA_OK) {
		if (out_of_time(r, "-")) /* the budget passed during the call */
			return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
		if (r->failed_adaptation < 0)
			return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "%s", msg);
		const cmi_adaptation *a = r->apply[r->failed_adaptation];
		return cmi_error_add(err, CM_ERULES, NULL, 0, NULL,
		                     cmi_msg(r->ctx->lang, M_ADAPTATION_FAILED), a->id, a->kind,
		                     msg);
	}
	int job = lua_gettop(L) - 1, person = job + 1, first = r->ev->nfindings;
	r->ev->set_findings = 0; /* the caps count per rule set */
	r->ev->set_bytes = 0;
	for (r->rule = 0; r->rule < rs->nrules; r->rule++) {
		if (out_of_time(r, rs->rules[r->rule].id)) {
			r->ev->nfindings = first;
			break;
		}
		lua_pushcfunction(L, run_rule);
		lua_pushlightuserdata(L, r);
		lua_rawgeti(L, LUA_REGISTRYINDEX, rs->rules[r->rule].eval_ref);
		lua_pushvalue(L, job);
		lua_rawgeti(L, LUA_REGISTRYINDEX, rs->params_ref);
		lua_pushvalue(L, person);
		if (cmi_sandbox_pcall(sb, 5, 0, msg, sizeof msg) != LUA_OK) {
			r->ev->nfindings = first;
			/* stopped by the check's budget: say so, not the rule's limit */
			if (!out_of_time(r, rs->rules[r->rule].id))
				set_failed(r, rs->rules[r->rule].id, msg);
			break;
		}
	}
	lua_pop(L, 2);
	int stopped = cmi_rules_stop_hoarder(r->ctx, r->ctx->rules, r->set);
	if (stopped > 0 && !r->ev->failed[r->set]) {
		r->ev->nfindings = first;
		set_failed(r, "-", rs->unusable);
	}
	if (stopped < 0)
		r->ev->nomem = 1;
	return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
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

cm_status cmi_evaluate(cm_ctx *ctx, const cm_job *job, const cmi_adaptation *const *apply,
                       int napply, int age, const char *const *skip, cmi_eval *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
	cmi_arena_init(&out->arena, ctx);
	cmi_rules *rules = ctx->rules;
	out->nsets = rules->nsets;
	out->failed =
	    cmi_arena_alloc(&out->arena, (size_t)(rules->nsets + 1) * sizeof *out->failed);
	const cmi_adaptation **ordered =
	    cmi_arena_alloc(&out->arena, (size_t)napply * sizeof *ordered + 1);
	if (!out->failed || !ordered)
		return cmi_error_nomem(err);
	if (napply > 0)
		memcpy(ordered, apply, (size_t)napply * sizeof *ordered);
	qsort(ordered, (size_t)napply, sizeof *ordered, by_catalogue);
	run r = {ctx, job, ordered, napply, age, out, 0, 0, -1};
	for (r.set = 0; r.set < rules->nsets; r.set++) {
		if (rules->sets[r.set].unusable)
			continue;
		if (skip && skip[r.set]) {
			out->failed[r.set] = skip[r.set];
			continue;
		}
		if (out_of_time(&r, "-")) { /* not even the job table is built */
			if (out->nomem)
				return cmi_error_nomem(err);
			continue;
		}
		cm_status st = run_set(&r, rules->sandbox, err);
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

static int same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int cmi_finding_same_key(const cmi_finding *a, const cmi_finding *b)
{
	return a->set == b->set && a->rule == b->rule && same_string(a->task, b->task) &&
	       same_string(a->element, b->element);
}

const char *cm_finding_status_name(cm_finding_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}
