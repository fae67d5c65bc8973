/*
 * check.c — `check`: evaluate a job as it is, search its adaptations, and
 * decide the verdict.
 *
 * Verdict (DESIGN.md §6): incomplete if a rule set failed on an adapted job
 * during the search (the search then cannot know what it would have found);
 * not-feasible if any exceeding finding is unresolved; otherwise incomplete
 * if any finding is unknown, a rule set did not run, or the search could
 * not cover a group; otherwise
 * feasible-with-adaptations if something exceeds (and so a set is needed);
 * otherwise feasible. A rule set that did not run makes the result
 * incomplete rather than feasible: limits it would have checked are simply
 * not known.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "assessment.h"
#include "messages.h"

static const char *const verdict_names[] = {"feasible", "feasible-with-adaptations", "not-feasible",
                                            "incomplete"};

const char *cm_verdict_name(cm_verdict v)
{
	return (unsigned)v < 4 ? verdict_names[v] : "?";
}

static int any_status(const cmi_eval *ev, cm_finding_status s)
{
	for (int i = 0; i < ev->nfindings; i++)
		if (ev->findings[i].status == s)
			return 1;
	return 0;
}

const char *cmi_ruleset_failure(const cm_assessment *a, int set)
{
	const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, set);
	return rs->unusable ? rs->unusable : a->base.failed[set];
}

static int any_failed(const cm_assessment *a)
{
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++)
		if (cmi_ruleset_failure(a, i))
			return 1;
	return 0;
}

static cm_verdict decide(const cm_assessment *a)
{
	if (a->search.failure) /* what is unresolved may then be wrong */
		return CM_VERDICT_INCOMPLETE;
	if (a->search.nunresolved > 0)
		return CM_VERDICT_NOT_FEASIBLE;
	if (any_status(&a->base, CM_UNKNOWN) || any_failed(a) || a->search.nunsearched > 0)
		return CM_VERDICT_INCOMPLETE;
	if (any_status(&a->base, CM_EXCEEDS))
		return CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS;
	return CM_VERDICT_FEASIBLE;
}

static cm_status build_views(cm_assessment *a, cm_error *err)
{
	a->findings =
	    cmi_arena_alloc(&a->arena, (size_t)a->base.nfindings * sizeof *a->findings + 1);
	a->sets = cmi_arena_alloc(&a->arena, (size_t)a->search.nsets * sizeof *a->sets + 1);
	if (!a->findings || !a->sets)
		return cmi_error_nomem(err);
	for (int i = 0; i < a->base.nfindings; i++) {
		const cmi_finding *f = &a->base.findings[i];
		a->findings[i] = (cm_finding){cmi_ruleset_at(a->ctx, f->set)->id,
		                              cmi_ruleset_at(a->ctx, f->set)->rules[f->rule].id,
		                              f->status,
		                              f->value,
		                              f->limit,
		                              f->unit,
		                              f->op,
		                              f->task,
		                              f->margin,
		                              f->text,
		                              f->element};
	}
	for (int i = 0; i < a->search.nsets; i++) {
		const cmi_set *s = &a->search.sets[i];
		const char **ids = cmi_arena_alloc(&a->arena, (size_t)s->n * sizeof *ids + 1);
		if (!ids)
			return cmi_error_nomem(err);
		for (int j = 0; j < s->n; j++)
			ids[j] = s->members[j]->id;
		a->sets[i] = (cm_adaptation_set){s->cost_eur, (size_t)s->n, ids};
	}
	return CM_OK;
}

static cm_status check(cm_ctx *ctx, const cm_job *job, const cm_check_options *opt,
                       cm_assessment **out, cm_error *err)
{
	*out = NULL;
	cm_status st = cm_ctx_load_rules(ctx, err);
	if (st != CM_OK)
		return st;
	cm_assessment *a = cmi_alloc(ctx, sizeof *a);
	if (!a)
		return cmi_error_nomem(err);
	memset(a, 0, sizeof *a);
	a->ctx = ctx;
	a->job = job;
	a->age = opt && opt->age >= 0 ? opt->age : -1;
	if (opt && opt->date)
		snprintf(a->date, sizeof a->date, "%s", opt->date);
	cmi_arena_init(&a->arena, ctx);
	cmi_check_begin(ctx);
	cmi_eval_input base = {job, NULL, 0, a->age, NULL, 1, NULL}; /* the one evaluation shown */
	st = cmi_evaluate(ctx, &base, &a->base, err);
	if (st == CM_OK)
		st = cmi_search_run(ctx, job, a->age, &a->base, &a->arena, &a->search, err);
	cmi_check_end(ctx);
	if (st == CM_OK)
		st = build_views(a, err);
	if (st != CM_OK) {
		cm_assessment_free(a);
		return st;
	}
	a->verdict = decide(a);
	*out = a;
	return CM_OK;
}

cm_status cm_check(cm_ctx *ctx, const cm_job *job, const cm_check_options *opt, cm_assessment **out,
                   cm_error *err)
{
	locale_t old = cmi_locale_enter(ctx);
	cm_status st = check(ctx, job, opt, out, err);
	cmi_locale_leave(old);
	return st;
}

void cm_assessment_free(cm_assessment *a)
{
	if (!a)
		return;
	cmi_eval_free(&a->base);
	cmi_arena_free(&a->arena);
	cmi_free(a->ctx, a);
}

cm_verdict cm_assessment_verdict(const cm_assessment *a)
{
	return a->verdict;
}

size_t cm_assessment_nfindings(const cm_assessment *a)
{
	return (size_t)a->base.nfindings;
}

const cm_finding *cm_assessment_finding(const cm_assessment *a, size_t i)
{
	return i < (size_t)a->base.nfindings ? &a->findings[i] : NULL;
}

size_t cm_assessment_nsets(const cm_assessment *a)
{
	return (size_t)a->search.nsets;
}

const cm_adaptation_set *cm_assessment_set(const cm_assessment *a, size_t i)
{
	return i < (size_t)a->search.nsets ? &a->sets[i] : NULL;
}

size_t cm_assessment_nunresolved(const cm_assessment *a)
{
	return (size_t)a->search.nunresolved;
}

const cm_finding *cm_assessment_unresolved(const cm_assessment *a, size_t i)
{
	return i < (size_t)a->search.nunresolved ? &a->findings[a->search.unresolved[i]] : NULL;
}

/* The i-th rule set that did not run, counting in rule-set order. */
static int nth_failed(const cm_assessment *a, size_t i)
{
	for (int s = 0; s < cmi_nrulesets(a->ctx); s++)
		if (cmi_ruleset_failure(a, s) && i-- == 0)
			return s;
	return -1;
}

size_t cm_assessment_nfailed(const cm_assessment *a)
{
	size_t n = 0;
	while (nth_failed(a, n) >= 0)
		n++;
	return n;
}

const char *cm_assessment_failed(const cm_assessment *a, size_t i, const char **ruleset)
{
	int s = nth_failed(a, i);
	if (s < 0)
		return NULL;
	if (ruleset)
		*ruleset = cmi_ruleset_at(a->ctx, s)->id;
	return cmi_ruleset_failure(a, s);
}
