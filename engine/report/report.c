/*
 * report.c — rendering entry point and the pieces both formats share, so
 * that text and JSON can never disagree on a reason or a number.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "report.h"
#include "utf8.h"

const char *cmi_title(const cmi_text *titles, int n, cm_lang lang)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++)
			if (!strcmp(titles[i].lang, cmi_lang_code(pass ? CM_LANG_EN : lang)))
				return titles[i].text;
	return n ? titles[0].text : NULL;
}

const char *cmi_job_title(const cm_job *job, cm_lang lang)
{
	const char *t = cmi_title(job->titles, job->ntitles, lang);
	return t ? t : job->id;
}

int cmi_first_of_rule(const cm_assessment *a, const int *idx, int k, int status, int by_set)
{
	const cm_finding *f = &a->findings[idx ? idx[k] : k];
	if (status >= 0 && f->status != (cm_finding_status)status)
		return 0;
	for (int j = 0; j < k; j++) {
		const cm_finding *g = &a->findings[idx ? idx[j] : j];
		if ((status < 0 || g->status == f->status) && !strcmp(g->rule, f->rule) &&
		    (!by_set || !strcmp(g->ruleset, f->ruleset)))
			return 0;
	}
	return 1;
}

int cmi_window_line(const cm_assessment *a, int set, char *buf, size_t size)
{
	const cmi_window *w = &a->windows[set];
	const char *id = cmi_ruleset_at(a->ctx, set)->id;
	cm_lang lang = a->ctx->lang;
	if (!a->person || w->state == CMI_WINDOW_NONE)
		return 0;
	if (a->employer) { /* the frame's name is the diagnosis it is for */
		if (w->state == CMI_WINDOW_NO_RETURN)
			cmi_text_snprintf(buf, size, "%s", cmi_msg(lang, R_EMP_WINDOW_NO_RETURN));
		else
			cmi_text_snprintf(buf, size,
			                  cmi_msg(lang, w->state == CMI_WINDOW_IN
			                                    ? R_EMP_WINDOW_IN
			                                    : R_EMP_WINDOW_AFTER),
			                  w->first, w->last, w->reevaluate);
	} else if (w->state == CMI_WINDOW_NO_RETURN) {
		cmi_text_snprintf(buf, size, cmi_msg(lang, R_WINDOW_NO_RETURN), id);
	} else {
		cmi_text_snprintf(
		    buf, size,
		    cmi_msg(lang, w->state == CMI_WINDOW_IN ? R_WINDOW_IN : R_WINDOW_AFTER), id,
		    w->first, w->last, w->reevaluate);
	}
	return 1;
}

void cmi_unknown_rules(const cm_assessment *a, cmi_sb *sb)
{
	int n = 0;
	for (int i = 0; i < a->base.nfindings; i++)
		if (cmi_first_of_rule(a, NULL, i, CM_UNKNOWN, 1))
			cmi_sb_printf(sb, "%s%s", n++ ? ", " : "",
			              cmi_report_finding(a, &a->base, i).rule);
}

void cmi_verdict_reason(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	switch (a->verdict) {
	case CM_VERDICT_NOT_FEASIBLE:
		cmi_sb_puts(sb, cmi_msg(lang, R_WHY_NOT_FEASIBLE));
		break;
	case CM_VERDICT_INCOMPLETE:
		if (a->search.failure) {
			cmi_sb_puts(sb, cmi_msg(lang, R_WHY_INCOMPLETE_SEARCH));
		} else if (cmi_judged_failed(a)) {
			cmi_sb_puts(sb, cmi_msg(lang, R_WHY_INCOMPLETE_NOT_RUN));
		} else if (a->search.nunsearched > 0) {
			cmi_sb_puts(sb, cmi_msg(lang, R_WHY_INCOMPLETE_UNSEARCHED));
		} else {
			cmi_sb unknown;
			cmi_sb_init(&unknown, a->ctx);
			cmi_unknown_rules(a, &unknown);
			cmi_sb_printf(sb, cmi_msg(lang, R_WHY_INCOMPLETE_UNKNOWN),
			              unknown.buf ? unknown.buf : "");
			sb->failed |= unknown.failed; /* never a reason with its list missing */
			cmi_sb_free(&unknown);
		}
		break;
	case CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS:
		cmi_sb_puts(sb, cmi_msg(lang, R_WHY_WITH_ADAPTATIONS));
		break;
	case CM_VERDICT_FEASIBLE:
		cmi_sb_puts(sb, cmi_msg(lang, R_WHY_FEASIBLE));
		break;
	}
}

int cmi_report_shows_set(const cm_assessment *a, int set)
{
	if (a->role[set] == CMI_ROLE_OFF)
		return 0;
	return !(a->audience == CM_AUDIENCE_EMPLOYER && a->role[set] == CMI_ROLE_ADVICE);
}

int cmi_report_hides_titles(const cm_assessment *a)
{
	return a->employer != NULL;
}

/* ---- the employer's view ------------------------------------------------
 *
 * An employer reads what the engine words, not what a rule set writes: a
 * set that reads the person (medical, rules.c) has each finding rendered
 * here from a fixed table of functional dimensions, its status and at
 * most one figure, a measured capacity of the person's; rule sets are
 * named by what they are to the employer, never by their id, title,
 * source or file, which may name the condition they are for. */

struct cmi_employer_view {
	const char **set_id;  /* by rule set: its name in this view */
	const char **text[2]; /* the engine's line for each finding of base [0] and
	                       * advice [1] of a medical set, else NULL */
};

enum { KIND_WINDOW, KIND_MEDICAL, KIND_JOB };

static int set_kind(const cmi_ruleset *rs)
{
	return rs->window_days > 0 ? KIND_WINDOW : rs->medical ? KIND_MEDICAL : KIND_JOB;
}

const char *cmi_report_set_id(const cm_assessment *a, int set)
{
	return a->employer ? a->employer->set_id[set] : cmi_ruleset_at(a->ctx, set)->id;
}

const char *cmi_report_set_title(const cm_assessment *a, int set)
{
	static const cmi_msg_id titles[] = {R_EMP_SET_WINDOW, R_EMP_SET_MEDICAL, R_EMP_SET_JOB};
	const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, set);
	if (a->employer)
		return cmi_msg(a->ctx->lang, titles[set_kind(rs)]);
	return rs->title[a->ctx->lang];
}

const char *cmi_report_failure(const cm_assessment *a, int set)
{
	const char *failure = cmi_ruleset_failure(a, set);
	/* a rule's error is its own text, and may quote what it read */
	return failure && a->employer ? cmi_msg(a->ctx->lang, R_EMP_NOT_RUN) : failure;
}

/* The functional dimensions an employer may read of a medical finding, and
 * what selects one: the ICF code the finding judges (the longest prefix
 * wins: d4451 is pushing though d445 is hand and arm use), else a word of
 * its rule's id. Only the engine's words reach the report: a code or an id
 * selects them, and is never shown. */
static const struct {
	const char *code;
	cmi_msg_id words;
} icf_dimensions[] = {
    {"d430", R_DIM_LIFTING_CARRYING}, {"d4300", R_DIM_LIFTING},
    {"d4305", R_DIM_LIFTING},         {"d4301", R_DIM_CARRYING},
    {"d4302", R_DIM_CARRYING},        {"d4303", R_DIM_CARRYING},
    {"d4304", R_DIM_CARRYING},        {"d435", R_DIM_PUSHING_PULLING},
    {"d4450", R_DIM_PUSHING_PULLING}, {"d4451", R_DIM_PUSHING_PULLING},
    {"d445", R_DIM_HAND_ARM},         {"d440", R_DIM_FINE_HAND},
    {"d410", R_DIM_BODY_POSITION},    {"d4105", R_DIM_BENDING},
    {"d415", R_DIM_POSTURE},          {"d4153", R_DIM_SITTING},
    {"d4154", R_DIM_STANDING},        {"d450", R_DIM_WALKING},
    {"d455", R_DIM_WALKING},          {"d460", R_DIM_WALKING},
    {"b455", R_DIM_HEAVY_WORK},       {"d240", R_DIM_PACE_STRESS},
};

/* Rule ids an employer may read as they are (the shipped capacity rules'
 * and plain dimension words), and a word of an id that selects a
 * dimension: "push" in "push-force", "sit" in "sitting-tolerance". */
static const struct {
	const char *word;
	cmi_msg_id words;
	const char *id; /* the rule id an employer reads for it */
} rule_dimensions[] = {
    {"lift", R_DIM_LIFTING, "lifting"},
    {"carr", R_DIM_CARRYING, "carrying"},
    {"push", R_DIM_PUSHING_PULLING, "push-pull"},
    {"pull", R_DIM_PUSHING_PULLING, "push-pull"},
    {"sit", R_DIM_SITTING, "sitting"},
    {"stand", R_DIM_STANDING, "standing"},
    {"walk", R_DIM_WALKING, "walking"},
    {"bend", R_DIM_BENDING, "bending"},
    {"toler", R_DIM_POSTURE, "tolerance"},
};

static const char *const plain_rule_ids[] = {"demands",   "lifting",   "carrying",
                                             "push-pull", "tolerance", "sitting",
                                             "standing",  "walking",   "bending"};

static int icf_shaped(const char *s)
{
	return s && (s[0] == 'b' || s[0] == 's' || s[0] == 'd') && s[1] >= '0' && s[1] <= '9';
}

/* The dimension a word of s selects (at its start or after a '-' or '_'):
 * "push" in "push-force", "sit" in "sitting"; its index, or -1. */
static int word_dimension(const char *s)
{
	for (const char *w = s; w && *w; w++) {
		if (w != s && w[-1] != '-' && w[-1] != '_')
			continue;
		for (size_t i = 0; i < sizeof rule_dimensions / sizeof *rule_dimensions; i++)
			if (!strncmp(w, rule_dimensions[i].word, strlen(rule_dimensions[i].word)))
				return (int)i;
	}
	return -1;
}

/* The dimension of a medical finding: by the ICF code it judges, else by a
 * word of its element ("sitting" of the tolerance rule), else of its rule's
 * id; *rule_id: the rule id to show. */
static cmi_msg_id dimension_of(const char *element, const char *rule, const char **rule_id)
{
	*rule_id = NULL;
	for (size_t i = 0; i < sizeof plain_rule_ids / sizeof *plain_rule_ids; i++)
		if (!strcmp(rule, plain_rule_ids[i]))
			*rule_id = plain_rule_ids[i];
	int by_rule = word_dimension(rule);
	if (!*rule_id)
		*rule_id = by_rule >= 0 ? rule_dimensions[by_rule].id : "limit";
	size_t best = 0;
	cmi_msg_id words = R_DIM_OTHER;
	for (size_t i = 0;
	     icf_shaped(element) && i < sizeof icf_dimensions / sizeof *icf_dimensions; i++) {
		size_t n = strlen(icf_dimensions[i].code);
		if (n > best && !strncmp(element, icf_dimensions[i].code, n)) {
			best = n;
			words = icf_dimensions[i].words;
		}
	}
	if (best)
		return words;
	int by_element = icf_shaped(element) ? -1 : word_dimension(element);
	if (by_element >= 0)
		return rule_dimensions[by_element].words;
	return by_rule >= 0 ? rule_dimensions[by_rule].words : words;
}

/* Whether the finding's limit is one of the person's measured capacities
 * (an FCE figure, in the finding's unit): the one figure an employer may
 * read of a medical finding. A figure a rule derived from an ICF qualifier
 * (23 kg × (1 − the band's upper edge)) is measured by nobody, and a rule
 * set cannot pass it for one. */
static int measured_capacity(const cm_person *p, const cmi_finding *f)
{
	if (!p || f->limit.kind != CM_VALUE_NUMBER || !f->unit)
		return 0;
	double x = f->limit.number;
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *c = &p->capacities[i];
		double v = !strcmp(c->unit, "kg") && !strcmp(f->unit, "kg")         ? c->value
		           : !strcmp(c->unit, "minutes") && !strcmp(f->unit, "min") ? c->value
		           : !strcmp(c->unit, "minutes") && !strcmp(f->unit, "h")   ? c->value / 60
		                                                                    : NAN;
		if (fabs(v - x) <= 1e-9 * (fabs(v) > 1 ? fabs(v) : 1))
			return 1;
	}
	return 0;
}

/* The task a finding names, if it is one of the job's: a rule's task field
 * is its own text. */
static const char *job_task(const cm_job *job, const char *task)
{
	for (int i = 0; task && i < job->ntasks; i++)
		if (!strcmp(job->tasks[i].id, task))
			return job->tasks[i].id;
	return NULL;
}

static const char *employer_line(const cm_assessment *a, const cmi_finding *in, cmi_arena *arena)
{
	static const cmi_msg_id by_status[] = {R_EMP_WITHIN, R_EMP_EXCEEDS, R_EMP_UNKNOWN,
	                                       R_EMP_NOT_APPLICABLE};
	cm_lang lang = a->ctx->lang;
	const char *rule_id, *task = job_task(a->job, in->task);
	cmi_msg_id words = dimension_of(
	    in->element, cmi_ruleset_at(a->ctx, in->set)->rules[in->rule].id, &rule_id);
	char where[256] = "", line[1024];
	if (task)
		snprintf(where, sizeof where, " (%s)", task);
	int n = snprintf(line, sizeof line, cmi_msg(lang, by_status[in->status]),
	                 cmi_msg(lang, words), where);
	if (n > 0 && (size_t)n < sizeof line && measured_capacity(a->person, in)) {
		char num[64], figure[96];
		const char *unit = cmi_unit(lang, in->unit);
		cmi_format_number(in->limit.number, lang, num, sizeof num);
		snprintf(figure, sizeof figure, "%s %s", num, unit);
		snprintf(line + n, sizeof line - (size_t)n, cmi_msg(lang, R_EMP_MEASURED), figure);
	}
	return cmi_arena_strdup(arena, line);
}

/* Builds what the employer's view words, in arena; -1: out of memory. */
static int employer_view(const cm_assessment *a, cmi_arena *arena, struct cmi_employer_view *v)
{
	static const char *const names[] = {"return-to-work-limits", "functional-limits",
	                                    "workplace-limits"};
	int nsets = cmi_nrulesets(a->ctx), count[3] = {0};
	v->set_id = cmi_arena_alloc(arena, (size_t)nsets * sizeof *v->set_id + 1);
	if (!v->set_id)
		return -1;
	for (int i = 0; i < nsets; i++) {
		int kind = set_kind(cmi_ruleset_at(a->ctx, i));
		char name[64];
		if (count[kind]++)
			snprintf(name, sizeof name, "%s-%d", names[kind], count[kind]);
		else
			snprintf(name, sizeof name, "%s", names[kind]);
		if (!(v->set_id[i] = cmi_arena_strdup(arena, name)))
			return -1;
	}
	const cmi_eval *evs[2] = {&a->base, &a->advice};
	for (int e = 0; e < 2; e++) {
		const cmi_eval *ev = evs[e];
		v->text[e] = cmi_arena_alloc(arena, (size_t)ev->nfindings * sizeof *v->text[e] + 1);
		if (!v->text[e])
			return -1;
		for (int i = 0; i < ev->nfindings; i++) {
			const cmi_finding *in = &ev->findings[i];
			v->text[e][i] = NULL;
			if (cmi_ruleset_at(a->ctx, in->set)->medical &&
			    !(v->text[e][i] = employer_line(a, in, arena)))
				return -1;
		}
	}
	return 0;
}

cm_finding cmi_report_finding(const cm_assessment *a, const cmi_eval *ev, int i)
{
	cm_finding f = (ev == &a->advice ? a->advice_findings : a->findings)[i];
	const cmi_finding *in = &ev->findings[i];
	const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, in->set);
	if (a->audience == CM_AUDIENCE_WORKER && in->text_worker)
		f.text = in->text_worker;
	if (!a->employer)
		return f;
	f.ruleset = a->employer->set_id[in->set];
	if (rs->medical) {
		/* nothing of the rule's: its words, its figures, its element (an
		 * ICF code), not even a task or rule id that is not the job's or
		 * the engine's */
		f.text = a->employer->text[ev == &a->advice][i];
		dimension_of(in->element, rs->rules[in->rule].id, &f.rule);
		f.task = job_task(a->job, in->task);
		f.value = f.limit = (cm_value){CM_VALUE_NONE, 0, 0};
		f.unit = NULL;
		f.op = NULL;
		f.element = NULL;
		f.margin = NAN;
	}
	return f;
}

cmi_repro cmi_repro_of(const cm_assessment *a)
{
	return (cmi_repro){
	    a->ctx, a->job,  a->person && a->audience != CM_AUDIENCE_EMPLOYER ? a->person : NULL,
	    a,      a->date, 1};
}

int cm_assessment_is_personal(const cm_assessment *a)
{
	return a->person != NULL;
}

cm_status cm_report_render_for(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                               cm_audience audience, char **out, size_t *len, cm_error *err)
{
	*out = NULL;
	*len = 0;
	if ((unsigned)audience > CM_AUDIENCE_EMPLOYER)
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, "audience %d", (int)audience);
	if (a->brief && format != CM_FORMAT_JSONL) /* no texts to show */
		return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, "%s",
		                     cmi_msg(ctx->lang, M_BRIEF_REPORT));
	/* The writers read the audience from the assessment: a shallow copy
	 * carries it, so the caller's stays const and nothing is shared that
	 * the copy could free. */
	cm_assessment view = *a;
	view.audience = audience;
	view.employer = NULL;
	struct cmi_employer_view employer = {0};
	cmi_arena arena;
	cmi_arena_init(&arena, ctx);
	if (a->person && audience == CM_AUDIENCE_EMPLOYER) {
		if (employer_view(a, &arena, &employer) < 0) {
			cmi_arena_free(&arena);
			return cmi_error_nomem(err);
		}
		view.employer = &employer;
	}
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	locale_t old = cmi_locale_enter(ctx);
	if (format == CM_FORMAT_JSONL)
		cmi_report_rank_line(&view, &sb);
	else if (format == CM_FORMAT_HTML)
		cmi_report_html(&view, &sb);
	else if (format == CM_FORMAT_JSON)
		cmi_report_json(&view, &sb);
	else
		cmi_report_text(&view, &sb);
	cmi_locale_leave(old);
	cmi_arena_free(&arena);
	if (!(*out = cmi_sb_detach(&sb, len)))
		return cmi_error_nomem(err);
	return CM_OK;
}

cm_status cm_report_render(cm_ctx *ctx, const cm_assessment *a, cm_format format, char **out,
                           size_t *len, cm_error *err)
{
	return cm_report_render_for(ctx, a, format, CM_AUDIENCE_MEDICAL, out, len, err);
}
