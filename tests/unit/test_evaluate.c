/*
 * test_evaluate.c — the evaluation path (engine/evaluate.c) against its
 * own reference: the same evaluation with fresh tables.
 *
 * Inside a check, a contract-2 rule set reads a job table kept for the
 * check, the evaluation's adaptations applied to it through capamatch.set
 * and undone from its log; outside one, every evaluation builds fresh
 * tables. The rows here evaluate subsets of the order picker's offers in
 * an order that makes every undo matter (each subset right after another),
 * inside a check, and compare each finding with the same subset evaluated
 * outside; a missed or wrong undo changes a later subset's findings (with
 * the undo left out on purpose, every row fails at its first subset).
 * Then the adapter: a rule set on today's contract that writes to its job
 * table sees a fresh one in the next evaluation, and one that declares
 * contract 2 and writes anyway changes only what it reads itself.
 */
#include <math.h>

#include <lauxlib.h>

#include "support.h"

#include "ctx.h"
#include "catalogue.h"
#include "evaluate.h"
#include "person.h"
#include "rules.h"

#define JOB "examples/jobs/orderpicker.xml"

static int same_value(cm_value x, cm_value y)
{
	return x.kind == y.kind && x.boolean == y.boolean &&
	       (x.number == y.number || (x.number != x.number && y.number != y.number));
}

static int same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

/* Fails naming the finding where a and b differ. */
static void assert_same_eval(const cmi_eval *a, const cmi_eval *b, const char *what)
{
	if (a->nfindings != b->nfindings)
		fail_msg("%s: %d findings against %d", what, a->nfindings, b->nfindings);
	for (int i = 0; i < a->nfindings; i++) {
		const cmi_finding *f = &a->findings[i], *g = &b->findings[i];
		if (f->set != g->set || f->rule != g->rule || f->status != g->status ||
		    !same_value(f->value, g->value) || !same_value(f->limit, g->limit) ||
		    !same_text(f->task, g->task) || !same_text(f->element, g->element) ||
		    !(f->margin == g->margin || (f->margin != f->margin && g->margin != g->margin)))
			fail_msg("%s: finding %d (set %d rule %d) differs", what, i, f->set,
			         f->rule);
	}
	for (int s = 0; s < a->nsets; s++)
		if (!same_text(a->failed[s], b->failed[s]))
			fail_msg("%s: set %d failed differently", what, s);
}

static void evaluate_as(cm_ctx *ctx, const cm_job *job, const cm_person *person,
                        const cmi_adaptation **apply, int n, cmi_eval *ev)
{
	cm_error err = {0};
	cmi_eval_input in = {.job = job, .person = person, .apply = apply, .napply = n, .age = 47};
	assert_int_equal(cmi_evaluate(ctx, &in, ev, &err), CM_OK);
}

static void evaluate(cm_ctx *ctx, const cm_job *job, const cmi_adaptation **apply, int n,
                     cmi_eval *ev)
{
	evaluate_as(ctx, job, NULL, apply, n, ev);
}

/* Subsets of the job's offers, as bit masks, in the order they are
 * evaluated; 0 (the job as it is) between them checks the undo. */
typedef struct subsets_row {
	const char *name;
	int size;       /* every subset of this many offers, each followed by the job as it is */
	int contract_1; /* with the installed catalogue made contract 1: direct writes */
	/* with a person: capacity and screening run beside the groene kader, the
	 * three reading one job table (rules.h, shared_job) that an evaluation
	 * adapts once */
	const char *person;
	/* and a copy of the groene kader under --rules-dir, id "d-kader", which
	 * sorts between capacity and the groene kader: not a file the build
	 * compiled, so it has a job table of its own, adapted through the same
	 * log */
	int user_copy;
} subsets_row;

/* rules/inrs-cadre-vert.lua as the user's own rule set "d-kader". */
static void write_kader_copy(const char *dir)
{
	char *src = test_slurp("rules/inrs-cadre-vert.lua"), path[128];
	assert_non_null(src);
	char *at = strstr(src, "id = \"inrs-cadre-vert\",");
	assert_non_null(at);
	memcpy(at, "id = \"d-kader\",        ", strlen("id = \"inrs-cadre-vert\","));
	snprintf(path, sizeof path, "%s/d-kader.lua", dir);
	assert_int_equal(test_write_file(path, src), 0);
	free(src);
}

/* rules/adaptations.lua as a catalogue written before contracts: no
 * contract field, and every write a plain t[k] = v. */
static void write_contract_1_catalogue(const char *dir)
{
	static const char *const from[] = {"local write = capamatch.set", "  contract = 2,\n"};
	static const char *const to[] = {"local function write(t, k, v) t[k] = v end", ""};
	char *src = test_slurp("rules/adaptations.lua"), path[128];
	assert_non_null(src);
	for (int i = 0; i < 2; i++) {
		char *at = strstr(src, from[i]);
		assert_non_null(at);
		size_t n = strlen(from[i]), m = strlen(to[i]);
		char *out = malloc(strlen(src) + m + 1);
		assert_non_null(out);
		memcpy(out, src, (size_t)(at - src));
		memcpy(out + (at - src), to[i], m);
		strcpy(out + (at - src) + m, at + n);
		free(src);
		src = out;
	}
	snprintf(path, sizeof path, "%s/adaptations.lua", dir);
	assert_int_equal(test_write_file(path, src), 0);
	free(src);
}

/* The copy of the groene kader found, in the same evaluation, what the
 * groene kader found: both read the job with the same adaptations. */
static void assert_copy_agrees(cm_ctx *ctx, const cmi_eval *ev)
{
	int copy = -1, kader = -1;
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "d-kader"))
			copy = i;
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "inrs-cadre-vert"))
			kader = i;
	}
	assert_true(copy >= 0 && kader >= 0);
	const cmi_finding *a[256], *b[256];
	int na = 0, nb = 0;
	for (int i = 0; i < ev->nfindings; i++) {
		if (ev->findings[i].set == copy && na < 256)
			a[na++] = &ev->findings[i];
		if (ev->findings[i].set == kader && nb < 256)
			b[nb++] = &ev->findings[i];
	}
	assert_true(na > 0);
	assert_int_equal(na, nb);
	for (int i = 0; i < na; i++)
		if (a[i]->rule != b[i]->rule || a[i]->status != b[i]->status ||
		    !same_value(a[i]->value, b[i]->value) || !same_text(a[i]->task, b[i]->task))
			fail_msg("d-kader's finding %d differs from the groene kader's", i);
}

static void test_kept_equals_fresh(void **state)
{
	const subsets_row *t = *state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_person *person = NULL;
	char dir[64] = "";
	if (t->contract_1 || t->user_copy) {
		assert_int_equal(test_make_tmpdir(dir, "catalogue"), 0);
		if (t->contract_1)
			write_contract_1_catalogue(dir);
		if (t->user_copy)
			write_kader_copy(dir);
		assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	}
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cmi_rules_catalogue(ctx)->contract, t->contract_1 ? 1 : 2);
	int shared = 0, own = 0;
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		assert_null(rs->unusable);
		assert_int_equal(rs->shared_job, strcmp(rs->id, "d-kader") != 0);
		shared += rs->shared_job;
		own += !rs->shared_job;
	}
	assert_int_equal(shared, 3);
	assert_int_equal(own, t->user_copy);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	if (t->person)
		assert_int_equal(cm_person_load(ctx, t->person, &person, &err), CM_OK);
	int n = job->nadaptations < 13 ? job->nadaptations : 13;
	assert_true(n >= 10);
	int done = 0;
	for (unsigned mask = 1; mask < (1u << n); mask++) {
		if (__builtin_popcount(mask) != t->size)
			continue;
		const cmi_adaptation *apply[16];
		int m = 0;
		for (int i = 0; i < n; i++)
			if (mask & (1u << i))
				apply[m++] = &job->adaptations[i];
		cmi_eval fresh, kept, after, base;
		evaluate_as(ctx, job, person, apply, m, &fresh); /* outside a check: fresh tables */
		evaluate_as(ctx, job, person, NULL, 0, &base);
		cmi_check_begin(ctx);
		evaluate_as(ctx, job, person, NULL, 0, &after); /* builds the kept tables */
		cmi_eval_free(&after);
		evaluate_as(ctx, job, person, apply, m, &kept);
		evaluate_as(ctx, job, person, NULL, 0, &after); /* the adaptations undone */
		cmi_check_end(ctx);
		if (t->user_copy)
			assert_copy_agrees(ctx, &kept);
		char what[64];
		snprintf(what, sizeof what, "subset %#x", mask);
		assert_same_eval(&kept, &fresh, what);
		snprintf(what, sizeof what, "after subset %#x", mask);
		assert_same_eval(&after, &base, what);
		cmi_eval_free(&fresh);
		cmi_eval_free(&kept);
		cmi_eval_free(&after);
		cmi_eval_free(&base);
		done++;
	}
	assert_true(done > 0);
	cmi_rules_release_caches(ctx);
	cm_person_free(person);
	cm_job_free(job);
	cm_ctx_free(ctx);
	if (dir[0])
		test_remove_tree(dir);
}

/* Every pair of offers evaluated one after another inside ONE check, as the
 * search does: the catalogue hands each offer's table, built once for the
 * check's job table, to every evaluation (catalogue.c), so each must still
 * equal the pair evaluated afresh, and the job as it is between them. */
static void test_one_check(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	int n = job->nadaptations < 13 ? job->nadaptations : 13;
	assert_true(n >= 10);
	enum { MAX = 13 * 12 / 2 };
	static cmi_eval fresh[MAX];
	static const cmi_adaptation *pairs[MAX][2];
	int m = 0;
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++, m++) {
			pairs[m][0] = &job->adaptations[i];
			pairs[m][1] = &job->adaptations[j];
			evaluate(ctx, job, pairs[m], 2, &fresh[m]); /* outside a check */
		}
	cmi_eval base, kept, after;
	evaluate(ctx, job, NULL, 0, &base);
	cmi_check_begin(ctx);
	for (int round = 0; round < 2; round++) /* the second round: every table from the cache */
		for (int k = 0; k < m; k++) {
			char what[64];
			evaluate(ctx, job, pairs[k], 2, &kept);
			snprintf(what, sizeof what, "round %d, pair %d", round, k);
			assert_same_eval(&kept, &fresh[k], what);
			evaluate(ctx, job, NULL, 0, &after);
			snprintf(what, sizeof what, "round %d, after pair %d", round, k);
			assert_same_eval(&after, &base, what);
			cmi_eval_free(&kept);
			cmi_eval_free(&after);
		}
	cmi_check_end(ctx);
	for (int k = 0; k < m; k++)
		cmi_eval_free(&fresh[k]);
	cmi_eval_free(&base);
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* stop_if_idle (the search's): each pair of the order picker's offers,
 * an offer twice included, is evaluated inside a check with it. Where an
 * adaptation is named idle, no rule ran, and the whole evaluation of the
 * pair must find exactly what the evaluation without that adaptation
 * finds. Both must happen: an offer applied a second time changes nothing
 * (the lifting aid, the pace), a load split a second time does. */
static void test_idle(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	int n = job->nadaptations, idle = 0, busy = 0;
	cmi_check_begin(ctx);
	for (int i = 0; i < n; i++)
		for (int j = i; j < n; j++) {
			const cmi_adaptation *pair[2] = {&job->adaptations[i],
			                                 &job->adaptations[j]};
			cmi_eval ev, whole, without;
			cmi_eval_input in = {
			    .job = job, .apply = pair, .napply = 2, .age = 47, .stop_if_idle = 1};
			assert_int_equal(cmi_evaluate(ctx, &in, &ev, &err), CM_OK);
			if (!ev.idle) {
				busy++;
				cmi_eval_free(&ev);
				continue;
			}
			idle++;
			assert_int_equal(ev.nfindings, 0);
			const cmi_adaptation *rest = ev.idle == pair[0] ? pair[1] : pair[0];
			evaluate(ctx, job, pair, 2, &whole);
			evaluate(ctx, job, &rest, 1, &without);
			char what[160];
			snprintf(what, sizeof what, "%s with %s, %s idle", pair[0]->id, pair[1]->id,
			         ev.idle->id);
			assert_same_eval(&whole, &without, what);
			cmi_eval_free(&ev);
			cmi_eval_free(&whole);
			cmi_eval_free(&without);
		}
	cmi_check_end(ctx);
	if (idle < 8 || busy < 40)
		fail_msg("%d pairs idle, %d not: both kinds expected", idle, busy);
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* Whether the evaluation narrowed to ids shows finding f: all but an
 * own_task rule's findings, of a set on the shared job table, about a task
 * not named (evaluate.h, narrow_to). */
static int shown_narrowed(cm_ctx *ctx, const cmi_finding *f, const char *const *ids)
{
	const cmi_ruleset *rs = cmi_ruleset_at(ctx, f->set);
	const cmi_decl *reads = &rs->rules[f->rule].reads;
	if (!rs->shared_job || !reads->declared || !reads->own_task || !f->task)
		return 1;
	for (int i = 0; ids[i]; i++)
		if (!strcmp(f->task, ids[i]))
			return 1;
	return 0;
}

/* Whether g, of the narrowed evaluation, stands where the whole job's f
 * is not (f NULL: after the last): an own_task rule's not-applicable
 * finding of no task. */
static int stand_in(cm_ctx *ctx, const cmi_finding *g, const cmi_finding *f)
{
	const cmi_ruleset *rs = cmi_ruleset_at(ctx, g->set);
	const cmi_decl *reads = &rs->rules[g->rule].reads;
	int same = f && g->set == f->set && g->rule == f->rule && same_text(g->task, f->task);
	return !same && rs->shared_job && reads->declared && reads->own_task && !g->task &&
	       g->status == CM_NOT_APPLICABLE;
}

/* Every offer of the order picker aimed at a task, matched against case
 * 0042, evaluated narrowed to its task: the findings are the whole job's
 * but for the own_task rules' findings about the other tasks, in the same
 * order, except that a rule whose element only the other tasks hold says
 * once that it is not applicable. The job's d4500 demand names no task, so
 * it stays, and with it its finding. */
static void test_narrowed(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_person *person = NULL;
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_person_load(ctx, "examples/persons/case-0042.xml", &person, &err),
	                 CM_OK);
	int narrowed = 0, hidden = 0;
	cmi_check_begin(ctx);
	for (int i = 0; i < job->nadaptations; i++) {
		const cmi_adaptation *a = &job->adaptations[i];
		const char *ids[2] = {NULL, NULL};
		int was_hidden = hidden;
		for (int k = 0; k < a->nattrs; k++)
			if (!strcmp(a->attrs[k].name, "task"))
				ids[0] = a->attrs[k].value;
		if (!ids[0])
			continue;
		cmi_eval whole, part;
		cmi_eval_input in = {
		    .job = job, .person = person, .apply = &a, .napply = 1, .age = 47};
		assert_int_equal(cmi_evaluate(ctx, &in, &whole, &err), CM_OK);
		in.narrow_to = ids;
		assert_int_equal(cmi_evaluate(ctx, &in, &part, &err), CM_OK);
		int k = 0;
		for (int w = 0; w < whole.nfindings; w++) {
			const cmi_finding *f = &whole.findings[w];
			if (!shown_narrowed(ctx, f, ids)) {
				hidden++;
				continue;
			}
			if (k >= part.nfindings)
				fail_msg(
				    "%s: narrowed, finding %d of set %d rule %d (%s %s) is missing",
				    a->id, w, f->set, f->rule, f->task ? f->task : "-",
				    f->element ? f->element : "-");
			const cmi_finding *g = &part.findings[k++];
			/* an own_task rule that finds its element in no task left
			 * says so once, without a task: not-applicable, never an
			 * exceeding the search would read */
			while (stand_in(ctx, g, f) && k < part.nfindings)
				g = &part.findings[k++];
			if (g->set != f->set || g->rule != f->rule || g->status != f->status ||
			    !same_text(g->task, f->task) || !same_text(g->element, f->element) ||
			    !same_value(g->value, f->value))
				fail_msg(
				    "%s: narrowed, finding %d is set %d rule %d (%s %s), whole %d "
				    "rule %d (%s %s)",
				    a->id, k - 1, g->set, g->rule, g->task ? g->task : "-",
				    g->element ? g->element : "-", f->set, f->rule,
				    f->task ? f->task : "-", f->element ? f->element : "-");
		}
		while (k < part.nfindings && stand_in(ctx, &part.findings[k], NULL))
			k++;
		if (k != part.nfindings)
			fail_msg("%s: narrowed gives %d findings, the whole job %d of them", a->id,
			         part.nfindings, k);
		narrowed += hidden > was_hidden;
		cmi_eval_free(&whole);
		cmi_eval_free(&part);
	}
	cmi_check_end(ctx);
	/* it does narrow: the three tasks' offers each hide the others' findings */
	if (narrowed < 8 || hidden < 8)
		fail_msg("%d evaluations narrowed, %d findings hidden", narrowed, hidden);
	cmi_rules_release_caches(ctx);
	cm_person_free(person);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* The person table of a compiled set is kept from one check to the next
 * (rules.h, cmi_set_cache): rank matches one person against every job.
 * It is the person's by serial, not by address (a person freed and
 * another loaded may take its memory): two persons loaded in turn each get
 * their own, and each match's report is the one a fresh context gives. */
static const char *const kept_persons[] = {
    "<person xmlns='urn:capamatch:person:1' id='a'><age years='47'/>"
    "<capacity item='lift-floor-waist' kg='4' frequency='occasional'/>"
    "<capacity item='push' kg='10' frequency='occasional'/></person>",
    "<person xmlns='urn:capamatch:person:1' id='a'><age years='47'/>"
    "<capacity item='lift-floor-waist' kg='40' frequency='constant'/>"
    "<capacity item='push' kg='90' frequency='constant'/></person>",
};

static char *match_report(cm_ctx *ctx, const cm_person *p, const cm_job *job)
{
	cm_error err = {0};
	cm_assessment *a = NULL;
	cm_match_options opt = {"2026-11-02", NULL, 0};
	assert_int_equal(cm_match(ctx, p, job, &opt, &a, &err), CM_OK);
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &out, &len, &err), CM_OK);
	cm_assessment_free(a);
	return out;
}

static void test_person_kept(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	int capacity = -1;
	for (int i = 0; i < cmi_nrulesets(ctx); i++)
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "capacity"))
			capacity = i;
	assert_true(capacity >= 0 && cmi_ruleset_at(ctx, capacity)->shared_job);
	char *reports[2] = {NULL, NULL};
	for (int round = 0; round < 4; round++) {
		int k = round % 2;
		cm_person *p = NULL;
		assert_int_equal(cm_person_load_memory(ctx, "p.xml", kept_persons[k],
		                                       strlen(kept_persons[k]), &p, &err),
		                 CM_OK);
		char *got = match_report(ctx, p, job);
		const cmi_set_cache *c = cmi_rules_cache(ctx, capacity);
		assert_true(c->person != LUA_NOREF); /* kept past the check */
		assert_true(c->for_person == p->serial);
		if (round < 2) {
			cm_ctx *fresh = test_ctx();
			assert_int_equal(cm_ctx_load_rules(fresh, &err), CM_OK);
			reports[k] = match_report(fresh, p, job);
			cmi_rules_release_caches(fresh);
			cm_ctx_free(fresh);
		}
		if (strcmp(got, reports[k]))
			fail_msg("round %d: the report differs from a fresh context's", round);
		cm_free(got);
		cm_person_free(p);
	}
	/* the two persons' reports differ: a kept table of the other shows */
	assert_true(strcmp(reports[0], reports[1]) != 0);
	cm_free(reports[0]);
	cm_free(reports[1]);
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* A rule set beside the groene kader, written to a fresh directory: its
 * first rule reports the first task's hours, then writes the task. */
static const char scribbler[] =
    "return { id = 'scribbler', version = '1', valid_from = '2026-01-01', source = 't',\n"
    "  title = { en = 't', nl = 't', fr = 't' }, params = {}, %s\n"
    "  rules = { { id = 'hours', title = { en = 'h', nl = 'h', fr = 'h' },\n"
    "    eval = function(job)\n"
    "      local h = job.tasks[1].hours_per_day\n"
    "      job.tasks[1].hours_per_day = 99\n"
    "      job.tasks[2] = nil\n"
    "      return { { status = 'within', value = h, limit = 100, op = '<=',\n"
    "                 text = { en = 'x', nl = 'x', fr = 'x' } } }\n"
    "    end } } }\n";

typedef struct scribble_row {
	const char *name;
	const char *contract; /* the field, or "" */
	int own_fresh;        /* the scribbler's second evaluation reads the profile again */
} scribble_row;

static void test_scribbler(void **state)
{
	const scribble_row *t = *state;
	char dir[64], path[128], text[2048];
	assert_int_equal(test_make_tmpdir(dir, "scribble"), 0);
	snprintf(path, sizeof path, "%s/scribbler.lua", dir);
	snprintf(text, sizeof text, scribbler, t->contract);
	assert_int_equal(test_write_file(path, text), 0);
	cm_ctx *ctx = test_ctx(), *alone = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	cm_job *job = NULL;
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(alone, &err), CM_OK);
	int s = -1;
	for (int i = 0; i < cmi_nrulesets(ctx); i++)
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "scribbler"))
			s = i;
	assert_true(s >= 0);
	assert_null(cmi_ruleset_at(ctx, s)->unusable);
	const cmi_adaptation *one[1] = {&job->adaptations[0]};
	cmi_eval first, second, ref;
	cmi_check_begin(ctx);
	evaluate(ctx, job, NULL, 0, &first);
	evaluate(ctx, job, one, 1, &second);
	cmi_check_end(ctx);
	cmi_check_begin(alone);
	evaluate(alone, job, one, 1, &ref);
	cmi_check_end(alone);
	/* the groene kader reads what it reads alone, whatever the scribbler did */
	int k = 0;
	for (int i = 0; i < second.nfindings; i++) {
		const cmi_finding *f = &second.findings[i];
		if (f->set == s)
			continue;
		assert_true(k < ref.nfindings);
		const cmi_finding *g = &ref.findings[k++];
		assert_int_equal(f->status, g->status);
		assert_true(same_value(f->value, g->value) && same_text(f->task, g->task));
	}
	assert_int_equal(k, ref.nfindings);
	/* the scribbler itself: a fresh table each evaluation on contract 1 */
	double hours = job->tasks[0].hours_per_day;
	for (int i = 0; i < first.nfindings; i++)
		if (first.findings[i].set == s)
			assert_true(first.findings[i].value.number == hours);
	for (int i = 0; i < second.nfindings; i++)
		if (second.findings[i].set == s)
			assert_int_equal(second.findings[i].value.number == hours, t->own_fresh);
	cmi_eval_free(&first);
	cmi_eval_free(&second);
	cmi_eval_free(&ref);
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
	cm_ctx_free(alone);
	test_remove_tree(dir);
}

/* A contract the engine does not know stops the rule set from loading,
 * with what to write instead. */
typedef struct contract_row {
	const char *name;
	const char *contract;
	const char *unusable; /* NULL: it loads */
} contract_row;

static void test_contract_field(void **state)
{
	const contract_row *t = *state;
	char dir[64], path[128], text[2048];
	assert_int_equal(test_make_tmpdir(dir, "contract"), 0);
	snprintf(path, sizeof path, "%s/scribbler.lua", dir);
	snprintf(text, sizeof text, scribbler, t->contract);
	assert_int_equal(test_write_file(path, text), 0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	const cmi_ruleset *rs = NULL;
	for (int i = 0; i < cmi_nrulesets(ctx); i++)
		if (!strcmp(cmi_ruleset_at(ctx, i)->id, "scribbler"))
			rs = cmi_ruleset_at(ctx, i);
	assert_non_null(rs);
	if (!t->unusable)
		assert_null(rs->unusable);
	else if (!rs->unusable || !strstr(rs->unusable, t->unusable))
		fail_msg("reason: %s", rs->unusable ? rs->unusable : "(none)");
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* A contract-3 rule set of one rule whose eval body is the row's: what it
 * emits, or why it stopped. */
static const char emitter[] =
    "return { id = 'emitter', version = '1', valid_from = '2026-01-01', source = 't',\n"
    "  title = { en = 't', nl = 't', fr = 't' }, params = {}, contract = 3,\n"
    "  messages = { m = { en = 'm %%s', nl = 'm %%s', fr = 'm %%s' },\n"
    "    w = { en = 'w', nl = 'w', fr = 'w' } },\n"
    "  rules = { { id = 'r', title = { en = 'r', nl = 'r', fr = 'r' },\n"
    "    eval = function(job, p, person, emit, render)\n"
    "      %s\n"
    "    end } } }\n";

typedef struct emit_row {
	const char *name;
	const char *body;
	const char *failed;   /* the set's reason, or NULL: it ran */
	const char *statuses; /* what it gave when it ran: "within,exceeds" */
	const char *text;     /* the first finding's text in a rendered evaluation, or NULL */
	const char *unshown;  /* what it gave when not rendered, or NULL: statuses */
	const char *worker;   /* the first finding's worker text when rendered, or NULL */
	double ratio;         /* its ratio when scored; 0: none (NaN) */
	int fails;            /* the passes where it fails (1: the search's evaluation, 2: a
	                         report's, 4: the scored one), 0: all; it gives statuses in
	                         the others (only a report reads what follows the message's
	                         arguments, only the scored evaluation its ratio) */
} emit_row;

static void test_emit(void **state)
{
	const emit_row *t = *state;
	char dir[64], path[128], text[4096];
	assert_int_equal(test_make_tmpdir(dir, "emit"), 0);
	snprintf(path, sizeof path, "%s/emitter.lua", dir);
	snprintf(text, sizeof text, emitter, t->body);
	assert_int_equal(test_write_file(path, text), 0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_select_rules(ctx, "emitter", &err), CM_OK);
	cm_job *job = NULL;
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	assert_null(cmi_ruleset_at(ctx, 0)->unusable);
	/* the search's evaluation, a report's, and rank's scored one */
	for (int pass = 0; pass < 3; pass++) {
		int render = pass == 1, scored = pass == 2;
		cmi_eval ev;
		cmi_eval_input in = {.job = job, .age = 47, .render = render, .scored = scored};
		cmi_check_begin(ctx);
		assert_int_equal(cmi_evaluate(ctx, &in, &ev, &err), CM_OK);
		cmi_check_end(ctx);
		if (t->failed && (!t->fails || (t->fails >> pass & 1))) {
			/* the error names the rule, whichever call raised it */
			if (!ev.failed[0] || !strstr(ev.failed[0], t->failed) ||
			    !strstr(ev.failed[0], "rule set emitter, rule r: "))
				fail_msg("reason: %s", ev.failed[0] ? ev.failed[0] : "(none)");
			assert_int_equal(ev.nfindings, 0);
		} else {
			char got[256] = "";
			if (ev.failed[0])
				fail_msg("failed: %s", ev.failed[0]);
			for (int i = 0; i < ev.nfindings; i++)
				snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s",
				         i ? "," : "",
				         cm_finding_status_name(ev.findings[i].status));
			assert_string_equal(got, !render && t->unshown ? t->unshown : t->statuses);
			if (render && t->text)
				assert_string_equal(ev.findings[0].text, t->text);
			if (render && t->worker)
				assert_string_equal(ev.findings[0].text_worker, t->worker);
			if (!render) {
				assert_null(ev.findings[0].text);
				assert_null(ev.findings[0].text_worker);
			}
			if (scored && t->ratio)
				assert_float_equal(ev.findings[0].ratio, t->ratio, 1e-12);
			else if (!render)
				assert_true(isnan(ev.findings[0].ratio));
		}
		cmi_eval_free(&ev);
	}
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

static const emit_row emit_rows[] = {
    {"two findings emitted, the message rendered only for a report",
     "emit('within', 1, 2, '<=', 'kg', 'picking', nil, 'm', 1.5); "
     "emit('exceeds', 3, 2, '<=', 'kg', nil, nil, 'm', 3)",
     NULL, "within,exceeds", "m 1.5", NULL, NULL, 0, 0},
    {"emitted, then returned: in that order",
     "emit('unknown', nil, nil, nil, nil, nil, nil, 'm', 'x'); "
     "return { { status = 'within', message = 'm', args = { 'y' } } }",
     NULL, "unknown,within", "m x", NULL, NULL, 0, 0},
    {"what it returns beside emitting is its own",
     "emit('within', nil, nil, nil, nil, nil, nil, 'm', 1); return 42", NULL, "within", "m 1", NULL,
     NULL, 0, 0},
    {"nothing emitted nor returned", "return nil", "rule r: eval emitted no finding", NULL, NULL,
     NULL, NULL, 0, 0},
    {"a status the engine does not know", "emit('fine', 1, 2, '<=')",
     "finding 1: status must be within, exceeds, unknown or not-applicable", NULL, NULL, NULL, NULL,
     0, 0},
    {"exceeds without a value",
     "emit('within', 1, nil, nil, nil, nil, nil, 'm', 1); emit('exceeds', nil, nil, nil, nil, nil, "
     "nil, 'm', 2)",
     "finding 2: exceeds without a value", NULL, NULL, NULL, NULL, 0, 0},
    {"an op the engine does not know", "emit('within', 1, 2, '<')",
     "finding 1: op must be <=, >= or =", NULL, NULL, NULL, NULL, 0, 0},
    {"a value that is not a number", "emit('within', 'heavy')",
     "finding 1: value must be a number, a boolean or nil", NULL, NULL, NULL, NULL, 0, 0},
    {"emit kept and called after its rule: refused",
     "local e = emit; emit('within', 1, nil, nil, nil, nil, nil, 'm', 1); "
     "return setmetatable({}, { __len = function() e('within', 1) return 0 end })",
     "emit: no rule of a contract-3 rule set is running", NULL, NULL, NULL, NULL, 0, 0},
    {"render, eval's fifth argument, says whether a report shows the findings",
     "assert(type(render) == 'boolean'); "
     "emit(render and 'within' or 'unknown', nil, nil, nil, nil, nil, nil, 'm', tostring(render))",
     NULL, "within", "m true", "unknown", NULL, 0, 0},
    {"after the message's arguments a ratio, read when scored, and named data, when rendered",
     "emit('exceeds', 3, 2, '<=', 'kg', nil, nil, 'm', 3, 0.75, "
     "{ worker = { message = 'w', args = {} } })",
     NULL, "exceeds", "m 3", NULL, "w", 0.75, 0},
    {"a ratio of nil, then named data",
     "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', 1, nil, "
     "{ worker = { message = 'w', args = {} } })",
     NULL, "within", "m 1", NULL, "w", 0, 0},
    {"a ratio that is not a number", "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', 1, 'big')",
     "finding 1: ratio must be a number", "within", NULL, NULL, NULL, 0, 4},
    {"more than a ratio and named data after the arguments",
     "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', 1, nil, nil, 3)",
     "emit takes the message's 1 arguments, then a ratio and a table of named data, got 4",
     "within", NULL, NULL, NULL, 0, 6},
    {"named data that is not a table", "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', 1, nil, 7)",
     "finding 1: emit's named data must be a table", "within", NULL, NULL, NULL, 0, 2},
    /* a report's evaluation reads an emitted finding where its arguments
     * stand: each of these is the reason the finding table of the same
     * fields gets */
    {"rendered without a message", "emit('within', 1, 2, '<=')",
     "finding 1: needs a message (or a text table of en, nl and fr lines)", "within", NULL, NULL,
     NULL, 0, 2},
    {"rendered with a message that is no id", "emit('within', 1, 2, '<=', 'kg', nil, nil, 5)",
     "finding 1: message must be a message id", "within", NULL, NULL, NULL, 0, 2},
    {"rendered with a message the set lacks", "emit('within', 1, 2, '<=', 'kg', nil, nil, 'zz', 1)",
     "finding 1: no message 'zz' in the rule set's messages", "within", NULL, NULL, NULL, 0, 2},
    {"rendered with too few arguments", "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm')",
     "finding 1: message 'm' takes 1 arguments, got 0", "within", NULL, NULL, NULL, 0, 2},
    {"rendered with a nil argument: that argument's reason",
     "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', nil)",
     "finding 1: message 'm', argument 1 must be a number, a string or a table", "within", NULL,
     NULL, NULL, 0, 2},
    {"rendered with an audience's wording that is no table",
     "emit('within', 1, 2, '<=', 'kg', nil, nil, 'm', 1, nil, { employer = 5 })",
     "finding 1: employer must be a table { message = id, args = {...} }", "within", NULL, NULL,
     NULL, 0, 2},
    {"the status's reason before the message's", "emit('fine', 1, 2, '<=', 'kg', nil, nil, 5)",
     "finding 1: status must be within, exceeds, unknown or not-applicable", NULL, NULL, NULL, NULL,
     0, 0},
    {"an exceeding finding's text, its task and element, rendered",
     "emit('exceeds', 7, 5, '<=', 'kg', 'picking', 'h1', 'm', 7, 1.4, "
     "{ employer = { message = 'w', args = {} } })",
     NULL, "exceeds", "m 7", NULL, NULL, 1.4, 0},
};

/* Three rules in one protected call, each looping n[i] times (about 2
 * instructions a turn) under a budget of 2,000,000 instructions: each rule
 * has the budget a call of its own had, whatever the rules before it
 * spent (cmi_sandbox_restart_limits). */
typedef struct budget_row {
	const char *name;
	int n[3];
	const char *failed; /* NULL: all three ran */
} budget_row;

static void test_budget_per_rule(void **state)
{
	const budget_row *t = *state;
	char dir[64], path[128], text[4096];
	assert_int_equal(test_make_tmpdir(dir, "budget"), 0);
	snprintf(path, sizeof path, "%s/counter.lua", dir);
	int o =
	    snprintf(text, sizeof text,
	             "local function loop(n) return function()\n"
	             "  local x = 0; for i = 1, n do x = x + i end\n"
	             "  return { { status = 'within', text = { en = 'x', nl = 'x', fr = 'x' } } }\n"
	             "end end\n"
	             "return { id = 'counter', version = '1', valid_from = '2026-01-01',\n"
	             "  source = 't', title = { en = 't', nl = 't', fr = 't' }, params = {},\n"
	             "  contract = 2, rules = {\n");
	for (int i = 0; i < 3; i++)
		o += snprintf(text + o, sizeof text - (size_t)o,
		              "  { id = 'r%d', title = { en = 'r', nl = 'r', fr = 'r' }, eval = "
		              "loop(%d) },\n",
		              i, t->n[i]);
	snprintf(text + o, sizeof text - (size_t)o, "} }\n");
	assert_int_equal(test_write_file(path, text), 0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_select_rules(ctx, "counter", &err), CM_OK);
	cm_ctx_set_lua_limits(ctx, 64u << 20, 2000000);
	cm_job *job = NULL;
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cmi_eval ev;
	cmi_eval_input in = {.job = job, .age = 47};
	cmi_check_begin(ctx);
	assert_int_equal(cmi_evaluate(ctx, &in, &ev, &err), CM_OK);
	cmi_check_end(ctx);
	if (!t->failed) {
		if (ev.failed[0])
			fail_msg("failed: %s", ev.failed[0]);
		assert_int_equal(ev.nfindings, 3);
	} else if (!ev.failed[0] || !strstr(ev.failed[0], t->failed)) {
		fail_msg("reason: %s", ev.failed[0] ? ev.failed[0] : "(none)");
	}
	cmi_eval_free(&ev);
	cmi_rules_release_caches(ctx);
	cm_job_free(job);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

static const budget_row budget_rows[] = {
    {"three rules of 1.2 M instructions under a budget of 2 M: each its own",
     {600000, 600000, 600000},
     NULL},
    {"the second rule over the budget: it is named",
     {600000, 1200000, 10},
     "rule set counter, rule r1: stopped: instruction limit of 2000000 reached"},
};

static const subsets_row subsets_rows[] = {
    {"every single offer, kept table against fresh", 1, 0, NULL, 0},
    {"every pair of offers, kept table against fresh", 2, 0, NULL, 0},
    {"every set of five offers, kept table against fresh", 5, 0, NULL, 0},
    {"a contract-1 catalogue: every pair, fresh tables inside a check too", 2, 1, NULL, 0},
    {"with a person, three shipped sets on one job table: every pair", 2, 0,
     "examples/persons/case-0042.xml", 0},
    {"with a person, three shipped sets on one job table: every set of four", 4, 0,
     "examples/persons/case-0042.xml", 0},
    {"and a user's copy of the groene kader, on a table of its own, between them: every pair", 2, 0,
     "examples/persons/case-0042.xml", 1},
};

static const scribble_row scribble_rows[] = {
    {"contract 1 (the adapter): fresh tables, the writes reach nothing", "", 1},
    {"contract 1 said: the same", "contract = 1,", 1},
    {"contract 2 broken: the writes reach only the scribbler", "contract = 2,", 0},
};

static const contract_row contract_rows[] = {
    {"contract 2 loads", "contract = 2,", NULL},
    {"contract 3 loads", "contract = 3,", NULL},
    {"contract 4 is refused", "contract = 4,",
     "field 'contract' must be a whole number from 1 to 3"},
    {"contract 1.5 is refused", "contract = 1.5,",
     "field 'contract' must be a whole number from 1 to 3"},
    {"a string contract is refused", "contract = '2',",
     "field 'contract' must be a whole number from 1 to 3"},
};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

int main(void)
{
	struct CMUnitTest tests[COUNT(subsets_rows) + COUNT(scribble_rows) + COUNT(contract_rows) +
	                        COUNT(emit_rows) + COUNT(budget_rows) + 4];
	size_t n = 0;
	tests[n++] = (struct CMUnitTest){"every pair inside one check, offers' tables reused",
	                                 test_one_check, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"an adaptation that changes nothing is named idle",
	                                 test_idle, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"a person table is kept from check to check, by serial",
	                                 test_person_kept, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"narrowed to a task: the whole job's findings but the "
	                                 "own_task rules' about the others",
	                                 test_narrowed, NULL, NULL, NULL};
	for (size_t i = 0; i < COUNT(subsets_rows); i++)
		tests[n++] = (struct CMUnitTest){subsets_rows[i].name, test_kept_equals_fresh, NULL,
		                                 NULL, (void *)&subsets_rows[i]};
	for (size_t i = 0; i < COUNT(scribble_rows); i++)
		tests[n++] = (struct CMUnitTest){scribble_rows[i].name, test_scribbler, NULL, NULL,
		                                 (void *)&scribble_rows[i]};
	for (size_t i = 0; i < COUNT(contract_rows); i++)
		tests[n++] = (struct CMUnitTest){contract_rows[i].name, test_contract_field, NULL,
		                                 NULL, (void *)&contract_rows[i]};
	for (size_t i = 0; i < COUNT(emit_rows); i++)
		tests[n++] = (struct CMUnitTest){emit_rows[i].name, test_emit, NULL, NULL,
		                                 (void *)&emit_rows[i]};
	for (size_t i = 0; i < COUNT(budget_rows); i++)
		tests[n++] = (struct CMUnitTest){budget_rows[i].name, test_budget_per_rule, NULL,
		                                 NULL, (void *)&budget_rows[i]};
	return _cmocka_run_group_tests("evaluate", tests, n, NULL, NULL);
}
