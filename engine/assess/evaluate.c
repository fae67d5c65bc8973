/*
 * evaluate.c — runs the rule sets on one version of a job.
 *
 * For each rule set, one protected call: it finds the set's job and person
 * tables, applies the adaptations, then runs each rule's eval with the
 * sandbox's per-call limits started again for it (sandbox.c), and reads
 * what it returns with finding.c (text only when the evaluation will be
 * shown). The engine records which rule is running before calling it, so
 * an error still names the rule; one call per rule set instead of one per
 * rule saves a pcall, its message handler and its limit bookkeeping for
 * every rule (doc/evaluation.md).
 *
 * Which tables a set's rules read depends on its contract (rules/README.md):
 *  - contract 2 (the shipped sets): the rules are pure, so the job and
 *    person tables are built once per check and rule set and kept
 *    (cmi_set_cache); the evaluation's adaptations are applied to the kept
 *    job table through capamatch.set, which logs each write, and undone
 *    from the log once the rules have run. A set the user wrote has tables
 *    of its own: one that breaks its promise changes only what it reads
 *    itself. The sets whose files the build compiled (rules.h,
 *    shared_job), whose purity the project's tests hold, read one job
 *    table between them: an evaluation applies its adaptations to it once,
 *    for the first of them, and undoes them once every set has run
 *    (finish), where each set applied them again before (apply_all was a
 *    third of rank's instructions).
 *  - contract 1 (today's user rule sets; the adapter): fresh tables for
 *    each rule set and evaluation, the adaptations applied to them, as
 *    before contracts existed, so a rule may still write to what it gets.
 *    A catalogue of contract 1, which writes the job as it likes, gives
 *    every set fresh tables whenever adaptations are applied.
 *  - contract 3 (the groene kader, screening): as 2, and each rule emits its findings
 *    through the engine's emit (cmi_eval_emit), numbers and ids read
 *    straight into C (finding.c, cmi_finding_emit), so no Lua table is made
 *    per finding; only a rendered evaluation builds the table a report's
 *    text is rendered from, so that text is what it always was.
 * Outside a check (no session) nothing is kept.
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
	cmi_finding_reader rd; /* rd.rule: the rule running, -1 while preparing */
	int failed_adaptation; /* index into apply while applying, else -1 */
	int stopped;           /* the budget or the set's share stopped it before rd.rule */
	int job, person;       /* registry references the set's rules read */
	int own;               /* job and person are this evaluation's: released after */
	int logged;            /* adaptations were applied to the set's own kept table: undo them */
	int shared_applied;    /* they are applied to the shared job table: undone once every
	                          set has run (finish), or before a set with a table of its own
	                          applies them through the same log */
	int emitted;           /* findings the running rule has emitted */
	int narrow;            /* registry reference: the job as own_task rules see it
	                          (in->narrow_to), made once while the shared table's
	                          adaptations are on (shared_undone), or LUA_NOREF */
	int narrow_kept;       /* narrow is the shared cache's, not this evaluation's */
} run;

/* Protected: applies the evaluation's adaptations to the job table on top
 * of the stack, in catalogue order. logged: through the open write log,
 * which then tells an adaptation that changed nothing (stop_if_idle). */
static void apply_all(lua_State *L, run *r, int logged)
{
	const cmi_catalogue *cat = cmi_rules_catalogue(r->ctx);
	int watch = logged && r->in->stop_if_idle;
	if (watch)
		cmi_rules_log_take_changed(r->ctx);
	for (int i = 0; i < r->in->napply; i++) {
		r->failed_adaptation = i;
		cmi_catalogue_apply(L, cat, r->apply[i], -1);
		if (watch && !cmi_rules_log_take_changed(r->ctx)) {
			r->ev->idle = r->apply[i];
			break; /* the rest are undone with it */
		}
	}
	r->failed_adaptation = -1;
	if (r->in->want_hours && !r->ev->have_hours && !r->ev->idle) {
		r->ev->hours_after = cmi_catalogue_sum_hours(L, r->in->job->ntasks);
		r->ev->have_hours = 1;
	}
}

/* Whether field `key` of the table on top of the stack is one of the ids
 * (keep_nil: or absent). */
static int field_in(lua_State *L, const char *key, const char *const *ids, int keep_nil)
{
	if (!lua_istable(L, -1))
		return 0;
	lua_getfield(L, -1, key);
	int in = keep_nil && lua_isnil(L, -1);
	const char *id = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	for (int i = 0; id && ids[i] && !in; i++)
		in = strcmp(id, ids[i]) == 0;
	lua_pop(L, 1);
	return in;
}

/* Protected: r->narrow from the job table on top of the stack, as the
 * adaptations left it: the same table but for `tasks`, which holds only
 * the tasks named by in->narrow_to that are still there, and
 * `icf_demands`, which holds only theirs and those of no task. A shallow
 * copy: the tasks and everything else are the job table's own. */
static void make_narrow(lua_State *L, run *r)
{
	const char *const *ids = r->in->narrow_to;
	int job = lua_gettop(L);
	lua_createtable(L, 0, 16);
	int out = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, job)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		int tasks = k && !strcmp(k, "tasks"), demands = k && !strcmp(k, "icf_demands");
		if ((tasks || demands) && lua_istable(L, -1)) {
			lua_newtable(L);
			lua_Integer n = 0, len = (lua_Integer)lua_rawlen(L, -2);
			for (lua_Integer i = 1; i <= len; i++) {
				lua_rawgeti(L, -2, i);
				if (tasks ? field_in(L, "id", ids, 0) : field_in(L, "task", ids, 1))
					lua_rawseti(L, -2, ++n);
				else
					lua_pop(L, 1);
			}
			lua_remove(L, -2);
		}
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, out);
	}
	r->narrow = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Whether kept copy k holds the tasks ids[0..n) names, in any order (a
 * subset lists them in its members' order). */
static int same_tasks(const struct cmi_narrowed *k, const char *const *ids, int n)
{
	if (k->ref == LUA_NOREF || k->nids != n)
		return 0;
	for (int i = 0; i < n; i++) {
		int in = 0;
		for (int j = 0; j < n && !in; j++)
			in = k->ids[j] == ids[i];
		if (!in)
			return 0;
	}
	return 1;
}

/* Protected: r->narrow for the shared job table of cache jc, its
 * adaptations on. Adaptations that wrote nothing a narrowed job is made of
 * (cmi_rules_log_structural: the job table's own keys, its arrays of tasks
 * and demands, their ids) leave it the same table of the same tasks and
 * values as the job as it is: one made under such adaptations is kept in
 * jc for every later evaluation of the same tasks that wrote nothing of
 * the kind either (make_narrow was a fifteenth of a check). */
static void narrow_job(lua_State *L, run *r, cmi_set_cache *jc)
{
	const char *const *ids = r->in->narrow_to;
	int n = 0, slots = (int)(sizeof jc->narrowed / sizeof *jc->narrowed);
	int cap = (int)(sizeof jc->narrowed[0].ids / sizeof *jc->narrowed[0].ids);
	while (ids[n] && n <= cap)
		n++;
	int reusable = n <= cap && !cmi_rules_log_structural(r->ctx);
	for (int i = 0; reusable && i < slots; i++)
		if (same_tasks(&jc->narrowed[i], ids, n)) {
			r->narrow = jc->narrowed[i].ref;
			r->narrow_kept = 1;
			return;
		}
	lua_rawgeti(L, LUA_REGISTRYINDEX, jc->job);
	make_narrow(L, r);
	lua_pop(L, 1);
	if (reusable) {
		struct cmi_narrowed *k = &jc->narrowed[jc->next];
		jc->next = (jc->next + 1) % slots;
		cmi_sandbox_unref(cmi_rules_sandbox(r->ctx), k->ref);
		k->ref = r->narrow;
		k->nids = n;
		memcpy(k->ids, ids, (size_t)n * sizeof *ids);
		r->narrow_kept = 1;
	}
}

/* The shared table's adaptations are off it: the narrowed copy, made once
 * for all the shipped sets while they are on (prepare), goes with them. */
static void shared_undone(run *r, cmi_sandbox *sb)
{
	r->shared_applied = 0;
	if (!r->narrow_kept)
		cmi_sandbox_unref(sb, r->narrow);
	r->narrow = LUA_NOREF;
	r->narrow_kept = 0;
}

/* Whether the set reads tables kept for the check (see the top). */
static int kept_tables(const run *r, const cmi_ruleset *rs)
{
	if (rs->contract < 2)
		return 0;
	if (r->in->napply > 0 && cmi_rules_catalogue(r->ctx)->contract < 2)
		return 0;
	return cmi_sandbox_session_id(cmi_rules_sandbox(r->ctx)) != 0;
}

/* Protected: sets r->job and r->person for the set's rules, the
 * adaptations applied. Only a set that declares it needs the person reads
 * more of it than the age: such a set is medical (rules.c), so what it
 * writes is redacted for an employer; any other set, which the employer's
 * view shows as written, never sees a code, a capacity or a score. */
static void prepare(lua_State *L, run *r, const cmi_ruleset *rs)
{
	const cm_person *person = rs->needs_person ? r->in->person : NULL;
	if (!kept_tables(r, rs)) {
		cmi_lua_push_job(L, r->in->job);
		apply_all(L, r, 0);
		cmi_lua_push_person(L, person, r->in->age);
		r->own = 1;
		r->person = luaL_ref(L, LUA_REGISTRYINDEX);
		r->job = luaL_ref(L, LUA_REGISTRYINDEX);
		return;
	}
	cmi_sandbox *sb = cmi_rules_sandbox(r->ctx);
	unsigned long session = cmi_sandbox_session_id(sb);
	cmi_set_cache *c = cmi_rules_cache(r->ctx, r->rd.set);
	cmi_set_cache *jc = rs->shared_job ? cmi_rules_shared_cache(r->ctx) : c;
	if (!rs->shared_job && r->shared_applied) {
		/* one log for both: the shared table's writes go back first, to
		 * be made again for the next set that reads it */
		cmi_rules_log_undo(L, r->ctx);
		shared_undone(r, sb);
	}
	if (jc->job == LUA_NOREF || jc->job_session != session || jc->for_job != r->in->job) {
		cmi_sandbox_unref(sb, jc->job);
		cmi_rules_cache_drop_narrowed(r->ctx, jc); /* made of the old one */
		jc->job = LUA_NOREF;                       /* valid once built */
		cmi_lua_push_job(L, r->in->job);
		jc->job = luaL_ref(L, LUA_REGISTRYINDEX);
		jc->job_session = session;
		jc->for_job = r->in->job;
	}
	unsigned long serial = person ? person->serial : 0;
	if (c->person == LUA_NOREF || (!rs->shared_job && c->person_session != session) ||
	    c->for_person != serial || c->age != r->in->age) {
		cmi_sandbox_unref(sb, c->person);
		c->person = LUA_NOREF;
		cmi_lua_push_person(L, person, r->in->age);
		c->person = luaL_ref(L, LUA_REGISTRYINDEX);
		c->person_session = session;
		c->for_person = serial;
		c->age = r->in->age;
	}
	r->job = jc->job;
	r->person = c->person;
	if (r->in->napply > 0 && !(rs->shared_job && r->shared_applied)) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, jc->job);
		if (rs->shared_job)
			r->shared_applied = 1;
		else
			r->logged = 1;
		cmi_rules_log_open(r->ctx);
		if (rs->shared_job) /* only its narrowed copies are kept */
			cmi_rules_log_watch(L, r->ctx, -1);
		apply_all(L, r, 1);
		cmi_rules_log_close(r->ctx);
		lua_pop(L, 1);
	}
	if (r->in->narrow_to && rs->shared_job && r->shared_applied && !r->ev->idle &&
	    r->narrow == LUA_NOREF)
		narrow_job(L, r, jc);
}

/* A slot for one more finding. The findings live in the evaluation's
 * arena, which it frees anyway: one block for a generated job's 34 (a
 * malloc of its own, past glibc's small sizes, cost 5,800 instructions an
 * evaluation, doc/evaluation.md); a grown array leaves the old one in the
 * arena, at most as much again. */
static cmi_finding *next_slot(lua_State *L, run *r)
{
	cmi_eval *ev = r->ev;
	if (ev->nfindings == ev->cap) {
		int cap = ev->cap ? ev->cap * 2 : 48;
		cmi_finding *grown = cmi_arena_alloc_raw(&ev->arena, (size_t)cap * sizeof *grown);
		if (!grown)
			cmi_lua_nomem(L);
		if (ev->nfindings > 0)
			memcpy(grown, ev->findings, (size_t)ev->nfindings * sizeof *grown);
		ev->findings = grown;
		ev->cap = cap;
	}
	return &ev->findings[ev->nfindings];
}

int cmi_eval_emit(lua_State *L)
{
	run *r = *(run **)lua_touserdata(L, lua_upvalueindex(1));
	if (!r)
		return luaL_error(L, "emit: no rule of a contract-3 rule set is running");
	cmi_finding *f = next_slot(L, r);
	cmi_finding_emit(L, 1, lua_gettop(L), ++r->emitted, &r->rd, f);
	r->ev->nfindings++;
	return 0;
}

/* Protected: the findings of rule r->rd.rule read into C; the rule's eval
 * gets the job and person tables and the rule set's parameters, and on
 * contract 3 the engine's emit, whose calls go to this evaluation while
 * the rule runs, and whether the evaluation is rendered. */
static void run_rule(lua_State *L, run *r, const cmi_ruleset *rs)
{
	int emits = rs->contract >= 3;
	const cmi_decl *reads = &rs->rules[r->rd.rule].reads;
	int narrowed = r->narrow != LUA_NOREF && reads->declared && reads->own_task;
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->rules[r->rd.rule].eval_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, narrowed ? r->narrow : r->job);
	lua_rawgeti(L, LUA_REGISTRYINDEX, rs->params_ref);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->person);
	if (emits) {
		if (cmi_rules_emit_ref(r->ctx) == LUA_NOREF) { /* one closure for the run */
			lua_pushlightuserdata(L, cmi_rules_emit_slot(r->ctx));
			lua_pushcclosure(L, cmi_eval_emit, 1);
			cmi_rules_set_emit_ref(r->ctx, luaL_ref(L, LUA_REGISTRYINDEX));
		}
		lua_rawgeti(L, LUA_REGISTRYINDEX, cmi_rules_emit_ref(r->ctx));
		/* whether a report shows this evaluation: only then are a
		 * message's arguments read, so a rule may skip building them */
		lua_pushboolean(L, r->rd.render);
		r->emitted = 0;
		*cmi_rules_emit_slot(r->ctx) = r;
	}
	lua_call(L, 3 + 2 * emits, 1);
	*cmi_rules_emit_slot(r->ctx) = NULL; /* and after a raise, run_charged */
	if (emits && !lua_istable(L, -1)) {  /* what it returns beside emitting is its own */
		lua_pop(L, 1);
		if (r->emitted == 0)
			luaL_error(L, "eval emitted no finding");
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "eval must return an array of findings");
	lua_Integer n = luaL_len(L, -1);
	if (n <= 0 && !(emits && r->emitted > 0))
		luaL_error(L, "eval returned no finding");
	if (n > CMI_MAX_FINDINGS) /* before the loop: a lying __len would not fit an int */
		cmi_finding_too_many(L);
	for (int i = 1; i <= (int)n; i++) {
		if (lua_geti(L, -1, i) != LUA_TTABLE)
			luaL_error(L, "finding %d is not a table", i);
		cmi_finding *f = next_slot(L, r);
		cmi_finding_read(L, lua_gettop(L), i, &r->rd, f);
		r->ev->nfindings++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* Protected: (run*) -> the set's tables prepared, then its rules run in
 * order, each with the per-call limits of its own; stops before a rule
 * once the check's budget or the set's share is spent (r->stopped), which
 * the timer otherwise only notices inside Lua. */
static int run_rules(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	cmi_sandbox *sb = cmi_rules_sandbox(r->ctx);
	r->rd.rule = -1;
	prepare(L, r, rs);
	for (r->rd.rule = 0; !r->ev->idle && r->rd.rule < rs->nrules; r->rd.rule++) {
		if (r->in->only && !r->in->only[r->rd.set][r->rd.rule])
			continue;
		if (cmi_check_spent(r->ctx) || cmi_sandbox_account_spent(sb)) {
			r->stopped = 1;
			break;
		}
		cmi_sandbox_restart_limits(L);
		run_rule(L, r, rs);
	}
	if (r->logged) {
		r->logged = 0;
		cmi_rules_log_undo(L, r->ctx);
	}
	return 0;
}

/* Protected: (run*) -> the adaptations undone after a failed run_rules. */
static int undo(lua_State *L)
{
	run *r = lua_touserdata(L, 1);
	cmi_rules_log_undo(L, r->ctx);
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

static void drop_tables(cmi_sandbox *sb, cmi_set_cache *c)
{
	cmi_sandbox_unref(sb, c->job);
	cmi_sandbox_unref(sb, c->person);
	c->job = c->person = LUA_NOREF;
}

/* After a failed run_rules: the kept job table gets its adaptations back
 * off; if even that fails (memory), the set's kept tables are dropped, to
 * be built again by its next evaluation. */
static void undo_after_failure(run *r, cmi_sandbox *sb)
{
	char msg[256];
	/* stopped while preparing: the shared table may hold part of the
	 * adaptations, or part of an undo; it is built again, and the log
	 * emptied below */
	int drop_shared = r->shared_applied && r->rd.rule < 0;
	if (!r->logged && !drop_shared)
		return;
	r->logged = 0;
	if (drop_shared) {
		shared_undone(r, sb);
		drop_tables(sb, cmi_rules_shared_cache(r->ctx));
	}
	if (cmi_sandbox_call(sb, undo, r, 0, 0, msg, sizeof msg) != CM_OK)
		drop_tables(sb, cmi_rules_cache(r->ctx, r->rd.set));
}

/* Once every set has run: the shared job table gets the evaluation's
 * adaptations back off, or is dropped if even that fails (memory). */
static void finish(run *r)
{
	char msg[256];
	if (!r->shared_applied)
		return;
	cmi_sandbox *sb = cmi_rules_sandbox(r->ctx);
	shared_undone(r, sb);
	if (cmi_sandbox_call(sb, undo, r, 0, 0, msg, sizeof msg) != CM_OK)
		drop_tables(sb, cmi_rules_shared_cache(r->ctx));
}

/* What a failed run_rules means: a rule's failure (or the budget) stops
 * the set; preparing can only run out of memory, or fail in an
 * adaptation's apply, which is the catalogue's fault and an error. */
static cm_status failed_call(run *r, cm_status st, const char *msg, cm_error *err)
{
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	if (r->rd.rule >= 0) {
		if (st == CM_ENOMEM)
			r->ev->nomem = 1;
		/* stopped by the check's budget: say so, not the rule's limit */
		if (!out_of_time(r, rs->rules[r->rd.rule].id))
			set_failed(r, rs->rules[r->rd.rule].id, msg);
		return CM_OK;
	}
	if (out_of_time(r, "-")) /* the budget passed while preparing */
		return CM_OK;
	if (st == CM_ENOMEM || r->failed_adaptation < 0)
		return cmi_error_add(err, CM_ENOMEM, NULL, 0, NULL, "%s", msg);
	const cmi_adaptation *a = r->apply[r->failed_adaptation];
	return cmi_error_add(err, CM_ERULES, NULL, 0, NULL,
	                     cmi_msg(r->ctx->lang, M_ADAPTATION_FAILED), a->id, a->kind, msg);
}

/* Runs one rule set, its share charged; on a rule's failure withdraws the
 * set's findings. */
static cm_status run_charged(run *r, cmi_sandbox *sb, cm_error *err)
{
	const cmi_ruleset *rs = cmi_ruleset_at(r->ctx, r->rd.set);
	char msg[1024];
	if (out_of_time(r, "-")) /* its share was spent before: not even the job table */
		return r->ev->nomem ? cmi_error_nomem(err) : CM_OK;
	int first = r->ev->nfindings;
	cmi_finding_reader_start(&r->rd, &rs->messages, r->rd.set); /* the caps count per set */
	r->job = r->person = LUA_NOREF;
	r->own = r->logged = r->stopped = 0;
	r->failed_adaptation = -1;
	cm_status st = cmi_sandbox_call(sb, run_rules, r, 0, 0, msg, sizeof msg);
	*cmi_rules_emit_slot(r->ctx) = NULL; /* a rule that raised left it set */
	undo_after_failure(r, sb);
	if (r->own) {
		cmi_sandbox_unref(sb, r->job);
		cmi_sandbox_unref(sb, r->person);
	}
	if (st != CM_OK) {
		r->ev->nfindings = first;
		st = failed_call(r, st, msg, err);
		if (st != CM_OK)
			return st;
	} else if (r->stopped && out_of_time(r, rs->rules[r->rd.rule].id)) {
		r->ev->nfindings = first;
	}
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
	run r = {ctx, in, ordered, out, {0}, -1, 0, LUA_NOREF, LUA_NOREF, 0, 0, 0, 0, LUA_NOREF, 0};
	r.rd.arena = &out->arena;
	r.rd.lang = ctx->lang;
	r.rd.render = in->render;
	r.rd.scored = in->scored;
	cm_status st = CM_OK;
	for (r.rd.set = 0; st == CM_OK && !out->idle && r.rd.set < nsets; r.rd.set++) {
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
				st = cmi_error_nomem(err);
			continue;
		}
		st = run_set(&r, cmi_rules_sandbox(ctx), err);
	}
	finish(&r);
	return st;
}

void cmi_eval_free(cmi_eval *e)
{
	if (!e)
		return;
	cmi_arena_free(&e->arena); /* and the findings */
	memset(e, 0, sizeof *e);
}
