/*
 * rank.c — one person against many jobs: each job's rank item (verdict,
 * cheapest cost, score, its detail in the report's format), the ranking's
 * order, and the ranking report around the items.
 *
 * The items are what a ranking keeps of each job; the caller streams the
 * jobs (cm_match on each, brief), so that memory holds one profile at a
 * time plus the items.
 *
 * A ranking must be defensible: each job says in one sentence why it
 * stands where it does (its group, its cost, its score and, behind each
 * part of the score, the figures of the finding it comes from). The
 * sentence is built here from numbers and ids when the item is rendered,
 * never from rendered finding texts, so that rank stays brief. Ranks are
 * decided at the shown precision: jobs that read the same share a rank and
 * are listed by id (cm_rank_compare), never by hidden decimals. What judged
 * the ranking (the rule sets, the return-to-work window) depends on the
 * person and the date only, so it is said once at the top.
 *
 * Not here: reading the jobs, workers, the score itself (check.c computes
 * it with the assessment; the weights are the rule sets').
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "model.h"
#include "report.h"

double cm_assessment_score(const cm_assessment *a)
{
	return a->score;
}

const char *cmi_job_isco(const cm_job *job)
{
	for (int i = 0; i < job->nelems; i++)
		if (!strcmp(job->elems[i].desc->xml, "occupation") && job->elems[i].values[0].set)
			return job->elems[i].values[0].str;
	return NULL;
}

/* ---- each job's sentence -------------------------------------------------- */

/* A rule's title in the language, else English, else its id. */
static const char *rule_title(const cm_assessment *a, int set, int rule)
{
	const cmi_rule *r = &cmi_ruleset_at(a->ctx, set)->rules[rule];
	const char *t = r->title[a->ctx->lang];
	return t ? t : r->title[CM_LANG_EN] ? r->title[CM_LANG_EN] : r->id;
}

/* A contribution's rule as the ranking names it: its id, with its rule set
 * in front when another set has a rule of that id too (push-pull is the
 * frame's and the capacity's). */
static void term_name(const cm_assessment *a, int k, char *buf, size_t size)
{
	const cmi_contribution *c = &a->contrib[k];
	const char *id = cmi_ruleset_at(a->ctx, c->set)->rules[c->rule].id;
	int twice = 0;
	for (int j = 0; j < a->ncontrib && !twice; j++)
		twice =
		    a->contrib[j].set != c->set &&
		    !strcmp(cmi_ruleset_at(a->ctx, a->contrib[j].set)->rules[a->contrib[j].rule].id,
		            id);
	if (twice)
		snprintf(buf, size, "%s/%s", cmi_ruleset_at(a->ctx, c->set)->id, id);
	else
		snprintf(buf, size, "%s", id);
}

/* "; " between two clauses, " ; " in French. */
static const char *semicolon(cm_lang lang)
{
	return lang == CM_LANG_FR ? " ; " : "; ";
}

/* A figure with its unit, as the report's language writes it. */
static void figure(cm_lang lang, cm_value v, const char *unit, char *buf, size_t size)
{
	char num[48];
	cmi_format_number(v.number, lang, num, sizeof num);
	if (unit && *unit)
		snprintf(buf, size, "%s %s", num, cmi_unit(lang, unit));
	else
		snprintf(buf, size, "%s", num);
}

/* The figures behind contribution c: "picking: demand 12 kg, limit 10 kg"
 * (worker: "the job asks 12 kg and the limit is 10 kg"); empty when the
 * finding has none. */
static void behind(const cm_assessment *a, const cmi_contribution *c, int worker, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	char v[96], l[96], what[300] = "";
	if (c->demand.kind == CM_VALUE_NUMBER && c->limit.kind == CM_VALUE_NUMBER && c->op &&
	    strcmp(c->op, "=")) {
		figure(lang, c->demand, c->unit, v, sizeof v);
		figure(lang, c->limit, c->unit, l, sizeof l);
		int ge = !strcmp(c->op, ">=");
		snprintf(what, sizeof what,
		         cmi_msg(lang, worker ? (ge ? R_RANK_WHY_W_GE : R_RANK_WHY_W_LE)
		                              : (ge ? R_RANK_WHY_GE : R_RANK_WHY_LE)),
		         v, l);
	} else if (c->demand.kind == CM_VALUE_BOOL || (c->op && !strcmp(c->op, "="))) {
		int met = c->status == CM_WITHIN;
		snprintf(what, sizeof what, "%s",
		         cmi_msg(lang, worker ? (met ? R_RANK_WHY_W_MET : R_RANK_WHY_W_NOT_MET)
		                              : (met ? R_RANK_WHY_MET : R_RANK_WHY_NOT_MET)));
	}
	if (what[0] && c->task && !worker)
		cmi_sb_printf(sb, "%s%s ", c->task, cmi_msg(lang, R_COLON));
	cmi_sb_puts(sb, what);
	if (c->capped && !worker) {
		char num[48];
		cmi_format_number(c->ratio, lang, num, sizeof num);
		cmi_sb_puts(sb, what[0] ? semicolon(lang) : "");
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_CAPPED), num);
	}
}

/* The score and its parts: "22.5 = weight × ratio of each rule: demands 2 ×
 * 1.5 (demand 2, limit 1) + …"; for the worker, each part in plain words
 * under the rule's title. */
static void score_parts(const cm_assessment *a, int worker, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	char num[48], weight[48], ratio[48], name[160];
	cmi_format_number(a->score, lang, num, sizeof num);
	if (!a->ncontrib) {
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_NONE), num);
		return;
	}
	cmi_sb parts;
	cmi_sb_init(&parts, a->ctx);
	for (int k = 0; k < a->ncontrib; k++) {
		const cmi_contribution *c = &a->contrib[k];
		cmi_format_number(c->weight, lang, weight, sizeof weight);
		cmi_format_number(c->ratio, lang, ratio, sizeof ratio);
		cmi_sb detail;
		cmi_sb_init(&detail, a->ctx);
		behind(a, c, worker, &detail);
		const char *d = detail.buf && detail.len ? detail.buf : NULL;
		if (worker) {
			cmi_sb_puts(&parts, k ? semicolon(lang) : "");
			cmi_sb_printf(&parts, cmi_msg(lang, R_RANK_WHY_W_TERM),
			              rule_title(a, c->set, c->rule), d ? d : "-", ratio, weight);
		} else {
			term_name(a, k, name, sizeof name);
			cmi_sb_printf(&parts, "%s%s %s × %s", k ? " + " : "", name, weight, ratio);
			if (d)
				cmi_sb_printf(&parts, " (%s)", d);
		}
		parts.failed |= detail.failed;
		cmi_sb_free(&detail);
	}
	if (worker)
		cmi_sb_printf(sb, "%s", parts.buf ? parts.buf : "");
	else
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_SUM), num, parts.buf ? parts.buf : "");
	sb->failed |= parts.failed;
	cmi_sb_free(&parts);
}

void cmi_rank_why(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	int worker = a->audience == CM_AUDIENCE_WORKER;
	char cost[64], num[48];
	cmi_format_money(a->search.nsets ? a->search.sets[0].cost_eur : 0, lang, cost, sizeof cost);
	cmi_format_number(a->score, lang, num, sizeof num);
	cmi_sb parts, unresolved;
	cmi_sb_init(&parts, a->ctx);
	cmi_sb_init(&unresolved, a->ctx);
	score_parts(a, worker, &parts);
	for (int i = 0, n = 0; i < a->search.nunresolved; i++) {
		if (!cmi_first_of_rule(a, a->search.unresolved, i, -1, 0))
			continue;
		const cmi_finding *f = &a->base.findings[a->search.unresolved[i]];
		cmi_sb_puts(&unresolved, n++ ? ", " : "");
		cmi_sb_puts(&unresolved, worker ? rule_title(a, f->set, f->rule)
		                                : a->findings[a->search.unresolved[i]].rule);
	}
	const char *p = parts.buf ? parts.buf : "", *u = unresolved.buf ? unresolved.buf : "";
	switch (a->verdict) {
	case CM_VERDICT_FEASIBLE:
		if (worker)
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_W_FEASIBLE), num, p);
		else
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_FEASIBLE), p);
		break;
	case CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS:
		if (worker)
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_W_ADAPT), cost, num, p);
		else
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_ADAPT), cost, p);
		break;
	case CM_VERDICT_INCOMPLETE:
		if (worker)
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_W_INCOMPLETE), num, p);
		else
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_INCOMPLETE), p);
		break;
	default:
		if (worker)
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_W_NOT_FEASIBLE), u, num, p);
		else
			cmi_sb_printf(sb, cmi_msg(lang, R_RANK_WHY_NOT_FEASIBLE), u, p);
		break;
	}
	sb->failed |= parts.failed | unresolved.failed;
	cmi_sb_free(&parts);
	cmi_sb_free(&unresolved);
}

/* ---- items ---------------------------------------------------------------- */

cm_status cm_rank_item_of(cm_ctx *ctx, const cm_assessment *a, cm_format format, size_t order,
                          cm_rank_item *out, cm_error *err)
{
	return cm_rank_item_for(ctx, a, format, CM_AUDIENCE_MEDICAL, order, out, err);
}

/* No employer view of a ranking: it weighs a person's capacities (medical
 * figures) against occupations, and every line would show them. */
static cm_status audience_ok(cm_ctx *ctx, cm_audience audience, cm_error *err)
{
	if (audience == CM_AUDIENCE_MEDICAL || audience == CM_AUDIENCE_WORKER)
		return CM_OK;
	return cmi_error_add(err, CM_EUSAGE, NULL, 0, NULL, "%s",
	                     cmi_msg(ctx->lang, M_RANK_NO_EMPLOYER));
}

cm_status cm_rank_item_for(cm_ctx *ctx, const cm_assessment *a, cm_format format,
                           cm_audience audience, size_t order, cm_rank_item *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
	cm_status st = audience_ok(ctx, audience, err);
	if (st != CM_OK)
		return st;
	/* the writers read the audience from the assessment: a shallow copy
	 * carries it (as cm_report_render_for does) */
	cm_assessment view = *a;
	view.audience = audience;
	a = &view;
	snprintf(out->job, sizeof out->job, "%s", a->job->id);
	out->verdict = a->verdict;
	out->cost_eur = a->verdict == CM_VERDICT_NOT_FEASIBLE ? -1
	                : a->search.nsets                     ? a->search.sets[0].cost_eur
	                                                      : 0;
	out->score = a->score;
	out->order = order;
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	locale_t old = cmi_locale_enter(ctx);
	if (format == CM_FORMAT_TEXT)
		cmi_report_rank_text(a, &sb);
	else if (format == CM_FORMAT_HTML)
		cmi_report_rank_html(a, &sb);
	else
		cmi_report_rank_line(a, &sb);
	cmi_locale_leave(old);
	size_t len;
	if (!(out->detail = cmi_sb_detach(&sb, &len)))
		return cmi_error_nomem(err);
	return CM_OK;
}

/* The ranking's groups, in order. */
static int group_of(cm_verdict v)
{
	static const int groups[] = {[CM_VERDICT_FEASIBLE] = 0,
	                             [CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS] = 1,
	                             [CM_VERDICT_INCOMPLETE] = 2,
	                             [CM_VERDICT_NOT_FEASIBLE] = 3};
	return (unsigned)v < 4 ? groups[v] : 4;
}

static int cmp_ll(long long x, long long y)
{
	return x < y ? -1 : x > y;
}

/* 0 when a and b stand level: the same group, cost and score as shown
 * (cmi_shown_units: printf's rounding, as a whole number of the last
 * digit), so that two scores that read the same are equal. */
static int cmp_shown(const cm_rank_item *a, const cm_rank_item *b)
{
	int c = group_of(a->verdict) - group_of(b->verdict);
	if (!c && a->verdict == CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS)
		c = cmp_ll(cmi_shown_units(a->cost_eur, 0), cmi_shown_units(b->cost_eur, 0));
	if (!c)
		c = cmp_ll(cmi_shown_units(a->score, 2), cmi_shown_units(b->score, 2));
	return c;
}

int cm_rank_compare(const void *pa, const void *pb)
{
	const cm_rank_item *a = pa, *b = pb;
	int c = cmp_shown(a, b);
	if (!c)
		c = strcmp(a->job, b->job);
	if (!c)
		c = a->order < b->order ? -1 : a->order > b->order;
	return c;
}

/* The rank of sorted item i: jobs that stand level share the first's. */
static size_t rank_of(const cm_rank_item *items, size_t i, size_t *prev)
{
	if (i == 0 || cmp_shown(&items[i - 1], &items[i]))
		*prev = i + 1;
	return *prev;
}

static const cmi_msg_id verdict_words[] = {R_V_FEASIBLE, R_V_WITH_ADAPTATIONS, R_V_NOT_FEASIBLE,
                                           R_V_INCOMPLETE};

/* ---- the rule sets of a ranking ------------------------------------------ */

/* What rule set i is to this ranking, in words: judged, advice only, off
 * (and why: its window, or it could not be loaded); the window's dates. */
static cmi_role set_state(cm_ctx *ctx, const cm_person *p, const char *date, int i, char *buf,
                          size_t size)
{
	cm_lang lang = ctx->lang;
	const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
	cmi_window w;
	cmi_role role = cmi_role_of(ctx, p, date, i, &w);
	char line[400] = "";
	if (w.state == CMI_WINDOW_NO_RETURN)
		snprintf(line, sizeof line, cmi_msg(lang, R_WINDOW_NO_RETURN), rs->id);
	else if (w.state != CMI_WINDOW_NONE)
		snprintf(line, sizeof line,
		         cmi_msg(lang, w.state == CMI_WINDOW_IN ? R_WINDOW_IN : R_WINDOW_AFTER),
		         rs->id, w.first, w.last, w.reevaluate);
	if (rs->unusable && role != CMI_ROLE_OFF) {
		snprintf(buf, size, cmi_msg(lang, R_RANK_SET_UNUSABLE), rs->unusable);
		return CMI_ROLE_OFF;
	}
	if (role == CMI_ROLE_OFF)
		snprintf(buf, size, cmi_msg(lang, R_RANK_SET_OFF), line);
	else
		snprintf(
		    buf, size, "%s%s%s",
		    cmi_msg(lang, role == CMI_ROLE_JUDGED ? R_RANK_SET_JUDGED : R_RANK_SET_ADVICE),
		    line[0] ? semicolon(lang) : "", line);
	return role;
}

/* The sentence that a rule set which would judge is off: "judged by
 * capacity only (off: inrs-cadre-vert)"; 0 when none is. */
static int only_line(cm_ctx *ctx, const cm_person *p, const char *date, char *buf, size_t size)
{
	char judged[300] = "", off[300] = "", state[600];
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		cmi_role role = set_state(ctx, p, date, i, state, sizeof state);
		char *to = role == CMI_ROLE_JUDGED                 ? judged
		           : role == CMI_ROLE_OFF && !rs->advisory ? off
		                                                   : NULL;
		if (to && strlen(to) + strlen(rs->id) + 3 < sizeof judged)
			strcat(strcat(to, to[0] ? ", " : ""), rs->id);
	}
	if (!off[0])
		return 0;
	snprintf(buf, size, cmi_msg(ctx->lang, R_RANK_ONLY), judged[0] ? judged : "-", off);
	return 1;
}

static void sets_text(cm_ctx *ctx, const cm_person *p, const char *date, cmi_sb *sb)
{
	char state[600];
	int w = 0;
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		int k = cmi_utf8_width(cmi_ruleset_at(ctx, i)->id);
		w = k > w ? k : w;
	}
	cmi_sb_printf(sb, "%s\n", cmi_msg(ctx->lang, R_RANK_SETS_HEAD));
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		set_state(ctx, p, date, i, state, sizeof state);
		cmi_sb_puts(sb, "  ");
		cmi_sb_pad(sb, cmi_ruleset_at(ctx, i)->id, w + 2);
		cmi_sb_printf(sb, "%s\n", state);
	}
	if (only_line(ctx, p, date, state, sizeof state))
		cmi_sb_printf(sb, "%s\n", state);
}

static void sets_html(cm_ctx *ctx, const cm_person *p, const char *date, cmi_sb *sb)
{
	char state[600];
	cmi_sb_puts(sb, "<section id=\"rule-sets\">\n<p>");
	cmi_html_escape(sb, cmi_msg(ctx->lang, R_RANK_SETS_HEAD));
	cmi_sb_puts(sb, "</p>\n<ul>\n");
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		cmi_role role = set_state(ctx, p, date, i, state, sizeof state);
		cmi_sb_printf(sb, "<li class=\"%s\"><b>",
		              role == CMI_ROLE_JUDGED   ? "set-judged"
		              : role == CMI_ROLE_ADVICE ? "set-advice"
		                                        : "set-off");
		cmi_html_escape(sb, cmi_ruleset_at(ctx, i)->id);
		cmi_sb_puts(sb, "</b> ");
		cmi_html_escape(sb, state);
		cmi_sb_puts(sb, "</li>\n");
	}
	cmi_sb_puts(sb, "</ul>\n");
	if (only_line(ctx, p, date, state, sizeof state)) {
		cmi_sb_puts(sb, "<p class=\"st-exceeds\">");
		cmi_html_escape(sb, state);
		cmi_sb_puts(sb, "</p>\n");
	}
	cmi_sb_puts(sb, "</section>\n");
}

static void sets_json(cm_ctx *ctx, const cm_person *p, const char *date, cmi_sb *sb)
{
	static const char *const roles[] = {"off", "judged", "advice"};
	static const char *const states[] = {"none", "applies", "after-window", "no-return-date"};
	char state[600];
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		cmi_window w;
		cmi_role_of(ctx, p, date, i, &w);
		cmi_role role = set_state(ctx, p, date, i, state, sizeof state);
		cmi_sb_puts(sb, i ? ", {\"ruleset\": " : "{\"ruleset\": ");
		cmi_json_string(sb, cmi_ruleset_at(ctx, i)->id);
		cmi_sb_printf(sb, ", \"role\": \"%s\"", roles[role]);
		if (w.state != CMI_WINDOW_NONE) {
			cmi_sb_printf(sb, ", \"window\": {\"state\": \"%s\"", states[w.state]);
			if (w.state != CMI_WINDOW_NO_RETURN)
				cmi_sb_printf(sb,
				              ", \"first_day\": \"%s\", \"last_day\": \"%s\", "
				              "\"reevaluation\": \"%s\"",
				              w.first, w.last, w.reevaluate);
			cmi_sb_puts(sb, "}");
		}
		cmi_sb_puts(sb, ", \"why\": ");
		cmi_json_string(sb, state);
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, "]");
}

/* ---- the reports ------------------------------------------------------------ */

static void rank_text(cm_ctx *ctx, const cm_person *p, const char *date, const cm_rank_item *items,
                      size_t n, size_t listed, size_t refused, cm_audience audience, cmi_sb *sb)
{
	cm_lang lang = ctx->lang;
	cmi_sb_printf(sb, cmi_msg(lang, R_RANK_HEADING), p->id, n + refused, date ? date : "-");
	cmi_sb_puts(sb, "\n\n");
	sets_text(ctx, p, date, sb);
	cmi_sb_puts(sb, "\n");
	/* the column heads are one message, "#|job|verdict|cost|score" */
	char heads[256];
	snprintf(heads, sizeof heads, "%s", cmi_msg(lang, R_RANK_COLUMNS));
	const char *col[5] = {heads, "", "", "", ""};
	for (int k = 1, i = 0; heads[i] && k < 5; i++)
		if (heads[i] == '|') {
			heads[i] = '\0';
			col[k++] = heads + i + 1;
		}
	int wjob = cmi_utf8_width(col[1]), wverdict = cmi_utf8_width(col[2]);
	for (size_t i = 0; i < listed; i++) {
		int w = cmi_utf8_width(items[i].job);
		int v = cmi_utf8_width(cmi_msg(lang, verdict_words[items[i].verdict]));
		wjob = w > wjob ? w : wjob;
		wverdict = v > wverdict ? v : wverdict;
	}
	cmi_sb_printf(sb, "  %3s  ", col[0]);
	cmi_sb_pad(sb, col[1], wjob + 2);
	cmi_sb_pad(sb, col[2], wverdict + 2);
	cmi_sb_printf(sb, "%12s  %s\n", col[3], col[4]);
	size_t prev = 0;
	for (size_t i = 0; i < listed; i++) {
		const cm_rank_item *it = &items[i];
		char cost[64] = "-", score[48];
		if (it->cost_eur >= 0) {
			cmi_format_money(it->cost_eur, lang, cost, sizeof cost - 4);
			strcat(cost, " EUR");
		}
		cmi_format_number(it->score, lang, score, sizeof score);
		cmi_sb_printf(sb, "  %3zu  ", rank_of(items, i, &prev));
		cmi_sb_pad(sb, it->job, wjob + 2);
		cmi_sb_pad(sb, cmi_msg(lang, verdict_words[it->verdict]), wverdict + 2);
		cmi_sb_printf(sb, "%12s  %s\n", cost, score);
		if (it->detail)
			cmi_sb_puts(sb, it->detail);
	}
	if (listed < n) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_MORE), n - listed, listed);
		cmi_sb_puts(sb, "\n");
	}
	if (refused) {
		cmi_sb_puts(sb, "\n");
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_REFUSED), refused);
		cmi_sb_puts(sb, "\n");
	}
	cmi_sb_printf(sb, "\n%s\n%s\n\n", cmi_msg(lang, R_RANK_ORDER), cmi_msg(lang, R_RANK_TIE));
	if (audience == CM_AUDIENCE_WORKER)
		cmi_sb_printf(sb, "%s\n\n", cmi_msg(lang, R_RANK_WORKER_VIEW));
	cmi_repro r = {ctx, NULL, p, NULL, date, n + refused};
	cmi_repro_text(&r, sb);
	cmi_sb_printf(sb, "\n\n%s capamatch %s. %s\n", cmi_msg(lang, R_ENGINE), CM_VERSION,
	              cmi_msg(lang, R_NOTE));
}

/* HTML: one self-contained page, the table of occupations in rank order. */
static void rank_html(cm_ctx *ctx, const cm_person *p, const char *date, const cm_rank_item *items,
                      size_t n, size_t listed, size_t refused, cm_audience audience, cmi_sb *sb)
{
	cm_lang lang = ctx->lang;
	char heading[600];
	cmi_text_snprintf(heading, sizeof heading, cmi_msg(lang, R_RANK_HEADING), p->id,
	                  n + refused, date ? date : "-");
	cmi_sb_printf(sb,
	              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	              "<title>",
	              cmi_lang_code(lang));
	cmi_html_escape(sb, heading);
	cmi_sb_printf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>",
	              cmi_html_css);
	cmi_html_escape(sb, heading);
	cmi_sb_puts(sb, "</h1></header>\n");
	sets_html(ctx, p, date, sb);
	cmi_sb_puts(sb, "<section id=\"ranking\">\n<table>\n<tr>");
	char heads[256];
	snprintf(heads, sizeof heads, "%s|%s|%s", cmi_msg(lang, R_RANK_COLUMNS),
	         cmi_msg(lang, H_CONTRIBUTIONS), cmi_msg(lang, R_RANK_WHY_COL));
	for (char *c = heads, *bar; c; c = bar ? bar + 1 : NULL) {
		if ((bar = strchr(c, '|')))
			*bar = '\0';
		cmi_sb_puts(sb, "<th>");
		cmi_html_escape(sb, c);
		cmi_sb_puts(sb, "</th>");
	}
	cmi_sb_puts(sb, "</tr>\n");
	size_t prev = 0;
	for (size_t i = 0; i < listed; i++)
		cmi_sb_printf(sb, "<tr><td>%zu</td>%s</tr>\n", rank_of(items, i, &prev),
		              items[i].detail ? items[i].detail : "");
	cmi_sb_puts(sb, "</table>\n");
	char line[300];
	if (listed < n) {
		snprintf(line, sizeof line, cmi_msg(lang, R_RANK_MORE), n - listed, listed);
		cmi_sb_puts(sb, "<p>");
		cmi_html_escape(sb, line);
		cmi_sb_puts(sb, "</p>\n");
	}
	if (refused) {
		snprintf(line, sizeof line, cmi_msg(lang, R_RANK_REFUSED), refused);
		cmi_sb_puts(sb, "<p class=\"st-exceeds\">");
		cmi_html_escape(sb, line);
		cmi_sb_puts(sb, "</p>\n");
	}
	cmi_sb_puts(sb, "<p class=\"note\">");
	cmi_html_escape(sb, cmi_msg(lang, R_RANK_ORDER));
	cmi_sb_puts(sb, "</p>\n<p class=\"note\" id=\"ties\">");
	cmi_html_escape(sb, cmi_msg(lang, R_RANK_TIE));
	cmi_sb_puts(sb, "</p>\n");
	if (audience == CM_AUDIENCE_WORKER) {
		cmi_sb_puts(sb, "<p class=\"note\">");
		cmi_html_escape(sb, cmi_msg(lang, R_RANK_WORKER_VIEW));
		cmi_sb_puts(sb, "</p>\n");
	}
	cmi_sb_puts(sb, "</section>\n<section id=\"reproducibility\">\n<pre class=\"sha\">");
	cmi_sb repro;
	cmi_sb_init(&repro, ctx);
	cmi_repro r = {ctx, NULL, p, NULL, date, n + refused};
	cmi_repro_text(&r, &repro);
	cmi_html_escape(sb, repro.buf);
	sb->failed |= repro.failed;
	cmi_sb_free(&repro);
	cmi_sb_printf(sb, "</pre>\n</section>\n<footer class=\"note\"><p>%s capamatch %s. ",
	              cmi_msg(lang, R_ENGINE), CM_VERSION);
	cmi_html_escape(sb, cmi_msg(lang, R_NOTE));
	cmi_sb_puts(sb, "</p></footer>\n</body>\n</html>\n");
}

/* JSON: the whole document (details inline, in rank order); JSONL: the
 * summary line, its ranking brief (the details went out line by line). */
static void rank_json(cm_ctx *ctx, const cm_person *p, const char *date, const cm_rank_item *items,
                      size_t n, size_t listed, size_t refused, int lines, cm_audience audience,
                      cmi_sb *sb)
{
	const char *sep = lines ? ", " : ",\n  "; /* one line, or one key a line */
	cmi_sb_printf(sb, "{%s\"capamatch\": {\"version\": \"%s\", \"command\": \"rank\"}",
	              lines ? "" : "\n  ", CM_VERSION);
	if (lines)
		cmi_sb_puts(sb, ", \"summary\": true");
	cmi_sb_printf(sb,
	              "%s\"language\": \"%s\"%s\"audience\": \"%s\"%s\"assessment_date\": ", sep,
	              cmi_lang_code(ctx->lang), sep,
	              audience == CM_AUDIENCE_WORKER ? "worker" : "medical", sep);
	cmi_json_string(sb, date);
	cmi_sb_printf(sb, "%s\"person\": ", sep);
	cmi_json_string(sb, p->id);
	cmi_sb_printf(sb, "%s\"rule_sets_in_force\": ", sep);
	sets_json(ctx, p, date, sb);
	char only[700];
	cmi_sb_printf(sb, "%s\"judged_only_by\": ", sep);
	cmi_json_string(sb, only_line(ctx, p, date, only, sizeof only) ? only : NULL);
	cmi_sb_printf(sb, "%s\"order\": ", sep);
	cmi_json_string(sb, cmi_msg(ctx->lang, R_RANK_ORDER));
	cmi_sb_printf(sb, "%s\"ties\": ", sep);
	cmi_json_string(sb, cmi_msg(ctx->lang, R_RANK_TIE));
	cmi_sb_printf(sb, "%s\"jobs\": %zu, \"refused\": %zu, \"listed\": %zu%s\"ranking\": [", sep,
	              n + refused, refused, listed, sep);
	size_t prev = 0;
	for (size_t i = 0; i < listed; i++) {
		const cm_rank_item *it = &items[i];
		size_t rank = rank_of(items, i, &prev);
		cmi_sb_puts(sb, i ? "," : "");
		cmi_sb_puts(sb, lines ? (i ? " " : "") : "\n    ");
		if (!lines && it->detail) { /* the job's line, with its rank in front */
			cmi_sb_printf(sb, "{\"rank\": %zu, %s", rank, it->detail + 1);
			continue;
		}
		cmi_sb_printf(sb, "{\"rank\": %zu, \"job\": ", rank);
		cmi_json_string(sb, it->job);
		cmi_sb_printf(
		    sb, ", \"verdict\": \"%s\", \"cost_eur\": ", cm_verdict_name(it->verdict));
		if (it->cost_eur >= 0)
			cmi_json_number(sb, it->cost_eur);
		else
			cmi_sb_puts(sb, "null");
		cmi_sb_puts(sb, ", \"score\": ");
		cmi_json_number(sb, it->score);
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_printf(sb, "%s]%s\"reproducibility\": ", lines || !listed ? "" : "\n  ", sep);
	cmi_repro r = {ctx, NULL, p, NULL, date, n + refused};
	cmi_repro_json(&r, sb);
	cmi_sb_printf(sb, "%s}\n", lines ? "" : "\n");
}

cm_status cm_rank_render(cm_ctx *ctx, const cm_person *person, const char *date,
                         const cm_rank_item *items, size_t n, size_t listed, size_t refused,
                         cm_format format, char **out, size_t *len, cm_error *err)
{
	return cm_rank_render_for(ctx, person, date, items, n, listed, refused, format,
	                          CM_AUDIENCE_MEDICAL, out, len, err);
}

cm_status cm_rank_render_for(cm_ctx *ctx, const cm_person *person, const char *date,
                             const cm_rank_item *items, size_t n, size_t listed, size_t refused,
                             cm_format format, cm_audience audience, char **out, size_t *len,
                             cm_error *err)
{
	*out = NULL;
	*len = 0;
	cm_status st = audience_ok(ctx, audience, err);
	if (st != CM_OK)
		return st;
	if (listed > n)
		listed = n;
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	locale_t old = cmi_locale_enter(ctx);
	if (format == CM_FORMAT_TEXT)
		rank_text(ctx, person, date, items, n, listed, refused, audience, &sb);
	else if (format == CM_FORMAT_HTML)
		rank_html(ctx, person, date, items, n, listed, refused, audience, &sb);
	else
		rank_json(ctx, person, date, items, n, listed, refused, format == CM_FORMAT_JSONL,
		          audience, &sb);
	cmi_locale_leave(old);
	if (!(*out = cmi_sb_detach(&sb, len)))
		return cmi_error_nomem(err);
	return CM_OK;
}
