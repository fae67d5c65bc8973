/*
 * check.c — `check` and `match`: evaluate a job as it is (with a person,
 * for match), search its adaptations, score it, and decide the verdict.
 *
 * Each rule set has a role in an assessment: judged, advice (an advisory
 * set: shown, never part of the verdict or the search) or off (it needs a
 * person and this is a check, or it is the return-to-work frame and the
 * match is outside its window: day 1 the return, window_days days). The
 * score (rank's order within a verdict) is each weighted rule's worst
 * ratio of demand to limit, times its weight, summed.
 *
 * Verdict (doc/semantics.md): incomplete if a rule set failed on an adapted job
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
#include "catalogue.h"
#include "date.h"
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
	if (a->role[set] == CMI_ROLE_OFF)
		return NULL;
	if (rs->unusable)
		return rs->unusable;
	return a->role[set] == CMI_ROLE_ADVICE ? a->advice.failed[set] : a->base.failed[set];
}

int cmi_judged_failed(const cm_assessment *a)
{
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++)
		if (a->role[i] == CMI_ROLE_JUDGED && cmi_ruleset_failure(a, i))
			return 1;
	return 0;
}

static cm_verdict decide(const cm_assessment *a)
{
	if (a->search.failure) /* what is unresolved may then be wrong */
		return CM_VERDICT_INCOMPLETE;
	if (a->search.nunresolved > 0)
		return CM_VERDICT_NOT_FEASIBLE;
	if (any_status(&a->base, CM_UNKNOWN) || cmi_judged_failed(a) || a->search.nunsearched > 0)
		return CM_VERDICT_INCOMPLETE;
	if (any_status(&a->base, CM_EXCEEDS))
		return CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS;
	return CM_VERDICT_FEASIBLE;
}

/* The public views of an evaluation's findings, in the arena; each is
 * written whole, so the array is not zeroed first. */
static cm_finding *finding_views(cm_assessment *a, const cmi_eval *ev)
{
	cm_finding *v = cmi_arena_alloc_raw(&a->arena, (size_t)ev->nfindings * sizeof *v + 1);
	for (int i = 0; v && i < ev->nfindings; i++) {
		const cmi_finding *f = &ev->findings[i];
		v[i] = (cm_finding){cmi_ruleset_at(a->ctx, f->set)->id,
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
	return v;
}

/* A ratio of demand to limit is capped, so that one absurd figure cannot
 * outweigh every other dimension. */
#define RATIO_CAP 10.0

/* How far a judged finding's demand goes towards its limit: 1 at the
 * limit, above 1 past it; a yes/no row is 0 met, 1 not met. -1: the
 * finding has no such ratio (unknown, not applicable, no figures).
 * *capped: the ratio was cut to RATIO_CAP. */
static double ratio_of(const cmi_finding *f, int *capped)
{
	*capped = 0;
	if (f->status != CM_WITHIN && f->status != CM_EXCEEDS)
		return -1;
	double r;
	if (!isnan(f->ratio)) { /* the rule's own reading of its figures */
		r = f->ratio;
	} else if (f->value.kind == CM_VALUE_BOOL || (f->op && !strcmp(f->op, "="))) {
		return f->status == CM_EXCEEDS ? 1 : 0;
	} else {
		r = cmi_finding_share(f);
		if (isnan(r))
			return -1;
		if (r < 0)
			r = 0;
	}
	*capped = r > RATIO_CAP;
	return *capped ? RATIO_CAP : r;
}

/* The score (doc/semantics.md): per weighted rule the worst ratio among its
 * findings on the job as it is, times the rule's weight, summed. Lower is
 * a lighter job for this person. Each contribution keeps the figures of
 * the finding its ratio comes from (the first of the worst), so that a
 * ranking can say what lies behind it without rendering any text. */
static cm_status score(cm_assessment *a, cm_error *err)
{
	/* entries below ncontrib are written whole before they are read */
	a->contrib =
	    cmi_arena_alloc_raw(&a->arena, (size_t)a->base.nfindings * sizeof *a->contrib + 1);
	if (!a->contrib)
		return cmi_error_nomem(err);
	for (int i = 0; i < a->base.nfindings; i++) {
		const cmi_finding *f = &a->base.findings[i];
		int capped;
		double w = cmi_ruleset_at(a->ctx, f->set)->rules[f->rule].weight,
		       r = ratio_of(f, &capped);
		if (w <= 0 || r < 0)
			continue;
		int k = 0;
		while (k < a->ncontrib &&
		       (a->contrib[k].set != f->set || a->contrib[k].rule != f->rule))
			k++;
		if (k < a->ncontrib && r <= a->contrib[k].ratio)
			continue;
		a->contrib[k] =
		    (cmi_contribution){f->set,   f->rule,  w,     r,       capped, f->status,
		                       f->value, f->limit, f->op, f->unit, f->task};
		if (k == a->ncontrib)
			a->ncontrib++;
	}
	a->score = 0;
	for (int k = 0; k < a->ncontrib; k++)
		a->score += a->contrib[k].weight * a->contrib[k].ratio;
	return CM_OK;
}

/* What each set leaves of the working day, once for every report (a set
 * that drops tasks can leave 1.5 h of an 8 h day). The search sums it
 * while it verifies the set, applied (search.c, verify); a set whose
 * verification ran no rule set is applied to a job table of its own (a
 * fresh one, and Lua's work: 6 % of a check when every set was). */
static cm_status set_hours(cm_assessment *a, cm_error *err)
{
	for (int i = 0; i < a->search.nsets; i++) {
		cmi_set *s = &a->search.sets[i];
		if (s->have_hours)
			continue;
		cm_status st = cmi_catalogue_hours_after(a->ctx, a->job, s->members, s->n,
		                                         &s->hours_after, err);
		if (st != CM_OK)
			return st;
	}
	return CM_OK;
}

static cm_status build_views(cm_assessment *a, cm_error *err)
{
	a->findings = finding_views(a, &a->base);
	a->advice_findings = finding_views(a, &a->advice);
	a->sets = cmi_arena_alloc(&a->arena, (size_t)a->search.nsets * sizeof *a->sets + 1);
	if (!a->findings || !a->advice_findings || !a->sets)
		return cmi_error_nomem(err);
	for (int i = 0; i < a->search.nsets; i++) {
		const cmi_set *s = &a->search.sets[i];
		const char **ids = cmi_arena_alloc(&a->arena, (size_t)s->n * sizeof *ids + 1);
		if (!ids)
			return cmi_error_nomem(err);
		for (int j = 0; j < s->n; j++)
			ids[j] = s->members[j]->id;
		a->sets[i] = (cm_adaptation_set){s->cost_eur, (size_t)s->n, ids,
		                                 cmi_job_task_hours(a->job), s->hours_after};
	}
	return CM_OK;
}

/* The return-to-work window of a set with window_days, for this person
 * and date (doc/semantics.md: day 1 is the return day; the frame applies when the
 * assessment is on or before the last day, also before the return). */
static void window_of(const cm_person *p, const char *date, int days, cmi_window *w)
{
	long ret, on;
	if (!p->return_to_work[0] || !cmi_date_days(p->return_to_work, &ret) ||
	    !cmi_date_days(date, &on)) {
		w->state = CMI_WINDOW_NO_RETURN;
		return;
	}
	cmi_date_text(ret, w->first);
	cmi_date_text(ret + days - 1, w->last);
	cmi_date_text(ret + days, w->reevaluate);
	w->state = on <= ret + days - 1 ? CMI_WINDOW_IN : CMI_WINDOW_AFTER;
}

cmi_role cmi_role_of(const cm_ctx *ctx, const cm_person *person, const char *date, int set,
                     cmi_window *w)
{
	const cmi_ruleset *rs = cmi_ruleset_at(ctx, set);
	cmi_role role = rs->advisory ? CMI_ROLE_ADVICE : CMI_ROLE_JUDGED;
	memset(w, 0, sizeof *w);
	if (rs->needs_person && !person)
		role = CMI_ROLE_OFF;
	if (person && rs->window_days > 0) {
		window_of(person, date, rs->window_days, w);
		if (w->state != CMI_WINDOW_IN)
			role = CMI_ROLE_OFF;
	}
	return role;
}

/* Which sets this assessment runs, and as what. The active masks (judged,
 * advice) are filled for cmi_evaluate. */
static cm_status assign_roles(cm_assessment *a, unsigned char **judged, unsigned char **advice,
                              cm_error *err)
{
	int n = cmi_nrulesets(a->ctx);
	a->role = cmi_arena_alloc(&a->arena, (size_t)n + 1);
	a->windows = cmi_arena_alloc(&a->arena, (size_t)n * sizeof *a->windows + 1);
	*judged = cmi_arena_alloc(&a->arena, (size_t)n + 1);
	*advice = cmi_arena_alloc(&a->arena, (size_t)n + 1);
	if (!a->role || !a->windows || !*judged || !*advice)
		return cmi_error_nomem(err);
	for (int i = 0; i < n; i++) {
		cmi_role role = cmi_role_of(a->ctx, a->person, a->date, i, &a->windows[i]);
		a->role[i] = (unsigned char)role;
		(*judged)[i] = role == CMI_ROLE_JUDGED;
		(*advice)[i] = role == CMI_ROLE_ADVICE;
	}
	return CM_OK;
}

/* Withdraws from the job as it is each set whose share of the budget ran
 * out after it ran there: its findings go, its reason stays. 1 if any. */
static int withdraw_spent(cmi_eval *base, const cmi_eval_budget *b)
{
	int any = 0;
	for (int s = 0; s < base->nsets; s++) {
		if (!b->spent[s] || base->failed[s])
			continue;
		int k = 0;
		for (int i = 0; i < base->nfindings; i++)
			if (base->findings[i].set != s)
				base->findings[k++] = base->findings[i];
		base->nfindings = k;
		base->failed[s] = b->spent[s];
		any = 1;
	}
	return any;
}

static cm_status assess(cm_ctx *ctx, const cm_job *job, const cm_person *person, int age,
                        const char *date, cmi_date_source source, int brief, cm_assessment **out,
                        cm_error *err)
{
	*out = NULL;
	cm_status st = cm_ctx_load_rules(ctx, err);
	if (st != CM_OK)
		return st;
	cm_assessment *a = cmi_calloc(ctx, 1, sizeof *a);
	if (!a)
		return cmi_error_nomem(err);
	a->ctx = ctx;
	a->job = job;
	a->person = person;
	a->age = person && person->age >= 0 ? person->age : age >= 0 ? age : -1;
	if (date)
		snprintf(a->date, sizeof a->date, "%s", date);
	a->date_source = source;
	a->brief = brief;
	cmi_arena_init(&a->arena, ctx);
	unsigned char *judged = NULL, *advice = NULL;
	st = assign_roles(a, &judged, &advice, err);
	/* Each rule set that runs gets an equal share of the check's budget,
	 * for all its evaluations together: a slow one beside the others then
	 * stops at its own share, and the others report what they report
	 * alone. */
	int nsets = cmi_nrulesets(ctx), running = 0;
	cmi_eval_budget budget = {.arena = &a->arena};
	if (st == CM_OK &&
	    (!(budget.ticks =
	           cmi_arena_alloc(&a->arena, (size_t)nsets * sizeof *budget.ticks + 1)) ||
	     !(budget.spent =
	           cmi_arena_alloc(&a->arena, (size_t)nsets * sizeof *budget.spent + 1))))
		st = cmi_error_nomem(err);
	for (int i = 0; st == CM_OK && i < nsets; i++) {
		budget.ticks[i] = 0;
		budget.spent[i] = NULL;
		running += (judged[i] || advice[i]) && !cmi_ruleset_at(ctx, i)->unusable;
	}
	budget.share = ctx->check_seconds / (running > 0 ? running : 1);
	if (st == CM_OK) {
		cmi_check_begin(ctx);
		/* the evaluations shown: the job as it is, judged and advice */
		cmi_eval_input base = {.job = job,
		                       .age = a->age,
		                       .render = !brief,
		                       .person = person,
		                       .active = judged,
		                       .scored = 1,
		                       .budget = &budget};
		st = cmi_evaluate(ctx, &base, &a->base, err);
		if (st == CM_OK)
			st = cmi_search_run(ctx, &base, &a->base, &a->arena, &a->search, err);
		/* A set whose share ran out during the search is withdrawn from the
		 * whole check, as if it had failed on the job as it is, and the
		 * search runs again without it: what the others find must not
		 * depend on when it ran out (an adapted job it failed on would
		 * count as one the search cannot judge). Each round withdraws a
		 * set, so there are at most as many as sets. */
		while (st == CM_OK && withdraw_spent(&a->base, &budget)) {
			cmi_search_free(&a->search);
			st = cmi_search_run(ctx, &base, &a->base, &a->arena, &a->search, err);
		}
		if (st == CM_OK && !brief) /* rank's brief reports show no set's hours */
			st = set_hours(a, err);
		cmi_eval_input adv = base;
		adv.active = advice;
		adv.scored = 0;
		if (st == CM_OK)
			st = cmi_evaluate(ctx, &adv, &a->advice, err);
		cmi_check_end(ctx);
		cmi_rules_release_caches(ctx); /* the tables kept for this check (evaluate.c) */
	}
	if (st == CM_OK)
		st = build_views(a, err);
	if (st == CM_OK)
		st = score(a, err);
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
	cm_status st = assess(ctx, job, NULL, opt ? opt->age : -1, opt ? opt->date : NULL,
	                      CMI_DATE_GIVEN, 0, out, err);
	cmi_locale_leave(old);
	return st;
}

cm_status cm_match(cm_ctx *ctx, const cm_person *person, const cm_job *job,
                   const cm_match_options *opt, cm_assessment **out, cm_error *err)
{
	*out = NULL;
	const char *date = opt ? opt->date : NULL;
	cmi_date_source source = CMI_DATE_GIVEN;
	if (!date && person->assessment[0]) {
		date = person->assessment;
		source = CMI_DATE_PROFILE;
	} else if (!date) {
		date = opt ? opt->today : NULL;
		source = CMI_DATE_TODAY;
	}
	long days;
	if (!date || !cmi_date_days(date, &days))
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL,
		                     cmi_msg(ctx->lang, M_MATCH_DATE), date ? date : "-");
	locale_t old = cmi_locale_enter(ctx);
	cm_status st = assess(ctx, job, person, -1, date, source, opt && opt->brief, out, err);
	cmi_locale_leave(old);
	return st;
}

void cm_assessment_free(cm_assessment *a)
{
	if (!a)
		return;
	cmi_eval_free(&a->base);
	cmi_eval_free(&a->advice);
	cmi_search_free(&a->search);
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

size_t cm_assessment_nadvice(const cm_assessment *a)
{
	return (size_t)a->advice.nfindings;
}

const cm_finding *cm_assessment_advice(const cm_assessment *a, size_t i)
{
	return i < (size_t)a->advice.nfindings ? &a->advice_findings[i] : NULL;
}
