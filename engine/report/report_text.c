/*
 * report_text.c — the report for a terminal: header, one aligned table per
 * rule set with each finding's explanation under it, the readings in
 * force, the adaptation sets, what stays unresolved, and the verdict with
 * its reason and, when a limit was changed with --set, a line saying the
 * verdict no longer applies the published frame.
 *
 * Columns are measured in code points, which is right for the Latin
 * scripts the three report languages use.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>

#include "catalogue.h"
#include "claml.h"
#include "messages.h"
#include "report.h"

typedef struct cells {
	char value[64], limit[64], margin[64], task[160];
	const char *status;
} cells;

static int needs_space(const char *unit)
{
	return strncmp(unit, "°", strlen("°")) != 0 && unit[0] != '/';
}

static void quantity(const cm_value *v, const char *unit, cm_lang lang, char *buf, size_t size)
{
	char num[48];
	if (v->kind == CM_VALUE_BOOL) {
		snprintf(buf, size, "%s", cmi_msg(lang, v->boolean ? R_YES : R_NO));
		return;
	}
	if (v->kind == CM_VALUE_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	cmi_format_number(v->number, lang, num, sizeof num);
	unit = cmi_unit(lang, unit);
	if (!unit)
		snprintf(buf, size, "%s", num);
	else
		snprintf(buf, size, "%s%s%s", num, needs_space(unit) ? " " : "", unit);
}

/* Where a finding comes from: "shelves/water", "picking", or "-". */
static void place(const cm_finding *f, char *buf, size_t size)
{
	cmi_text_snprintf(buf, size, "%s%s%s", f->task ? f->task : "-", f->element ? "/" : "",
	                  f->element ? f->element : "");
}

static const char *op_symbol(const char *op)
{
	if (!op)
		return "";
	return !strcmp(op, "<=") ? "≤ " : !strcmp(op, ">=") ? "≥ " : "= ";
}

static void fill(const cm_finding *f, cm_lang lang, cells *c)
{
	static const cmi_msg_id status_msg[] = {R_ST_WITHIN, R_ST_EXCEEDS, R_ST_UNKNOWN,
	                                        R_ST_NOT_APPLICABLE};
	char limit[48];
	quantity(&f->value, f->unit, lang, c->value, sizeof c->value);
	quantity(&f->limit, f->unit, lang, limit, sizeof limit);
	if (f->limit.kind == CM_VALUE_NONE)
		snprintf(c->limit, sizeof c->limit, "-");
	else
		snprintf(c->limit, sizeof c->limit, "%s%s", op_symbol(f->op), limit);
	c->margin[0] = '\0';
	if (!isnan(f->margin) && (f->status == CM_WITHIN || f->status == CM_EXCEEDS)) {
		cm_value m = {CM_VALUE_NUMBER, f->margin, 0};
		quantity(&m, f->unit, lang, c->margin, sizeof c->margin);
	}
	place(f, c->task, sizeof c->task);
	/* A yes/no requirement is met or not; "exceeds" reads as a measurement. */
	if (f->value.kind == CM_VALUE_BOOL && f->status == CM_WITHIN)
		c->status = cmi_msg(lang, R_ST_MET);
	else if (f->value.kind == CM_VALUE_BOOL && f->status == CM_EXCEEDS)
		c->status = cmi_msg(lang, R_ST_NOT_MET);
	else
		c->status = cmi_msg(lang, status_msg[f->status]);
}

/* The six columns of finding f; c holds the text they point to. */
static void columns(const cm_finding *f, cm_lang lang, cells *c, const char *col[6])
{
	fill(f, lang, c);
	col[0] = f->rule;
	col[1] = c->task;
	col[2] = c->value;
	col[3] = c->limit;
	col[4] = c->status;
	col[5] = c->margin;
}

static int widest(int w, const char *s)
{
	int n = cmi_utf8_width(s);
	return n > w ? n : w;
}

static void table_row(cmi_sb *sb, const char *const col[6], const int width[6])
{
	cmi_sb_puts(sb, "  ");
	for (int i = 0; i < 5; i++) {
		cmi_sb_pad(sb, col[i], width[i]);
		cmi_sb_puts(sb, "  ");
	}
	cmi_sb_puts(sb, col[5]);
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
	cmi_sb_puts(sb, "\n");
}

/* Advice is a flag raised or not: "exceeds" would read as a verdict. */
static void advice_status(const cm_assessment *a, const cmi_eval *ev, const cm_finding *f,
                          const char *col[6])
{
	if (ev != &a->advice)
		return;
	if (f->status == CM_EXCEEDS)
		col[4] = cmi_msg(a->ctx->lang, R_ST_FLAGGED);
	else if (f->status == CM_WITHIN)
		col[4] = cmi_msg(a->ctx->lang, R_ST_NO_FLAG);
}

/* The findings of rule set `set` in ev (the base or the advice evaluation),
 * as the report's audience reads them. */
static void ruleset_table(const cm_assessment *a, const cmi_eval *ev, int set, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const cmi_msg_id head[6] = {R_COL_RULE,  R_COL_TASK,   R_COL_VALUE,
	                            R_COL_LIMIT, R_COL_STATUS, R_COL_MARGIN};
	int width[6] = {0};
	for (int i = 0; i < 6; i++)
		width[i] = cmi_utf8_width(cmi_msg(lang, head[i]));
	for (int i = 0; i < ev->nfindings; i++) {
		if (ev->findings[i].set != set)
			continue;
		cells c;
		const char *col[6];
		cm_finding f = cmi_report_finding(a, ev, i);
		columns(&f, lang, &c, col);
		advice_status(a, ev, &f, col);
		for (int k = 0; k < 6; k++)
			width[k] = widest(width[k], col[k]);
	}
	const char *hcol[6];
	for (int k = 0; k < 6; k++)
		hcol[k] = cmi_msg(lang, head[k]);
	table_row(sb, hcol, width);
	for (int i = 0; i < ev->nfindings; i++) {
		if (ev->findings[i].set != set)
			continue;
		cells c;
		const char *col[6];
		cm_finding f = cmi_report_finding(a, ev, i);
		columns(&f, lang, &c, col);
		advice_status(a, ev, &f, col);
		table_row(sb, col, width);
		cmi_sb_printf(sb, "  %*s  %s\n", width[0], "", f.text);
	}
}

/* The return-to-work window of each set that has one (match). */
static void windows(const cm_assessment *a, int w, cmi_sb *sb)
{
	char line[512];
	for (int i = 0, n = 0; i < cmi_nrulesets(a->ctx); i++) {
		if (!cmi_window_line(a, i, line, sizeof line))
			continue;
		if (n++)
			cmi_sb_printf(sb, "%*s", w + 2, "");
		else
			cmi_sb_pad(sb, cmi_msg(a->ctx->lang, R_RETURN), w + 2);
		cmi_sb_printf(sb, "%s\n", line);
	}
}

/* What the person profile records: medical, so never in the employer's
 * view. */
static void person_data(const cm_assessment *a, int w, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const cm_person *p = a->person;
	for (int i = 0; i < p->ndiagnoses; i++) {
		cmi_sb_pad(sb, i ? "" : cmi_msg(lang, R_DIAGNOSIS), w + 2);
		cmi_sb_printf(sb, "%s\n", p->diagnoses[i].text);
	}
	const cmi_icf_classes *classes = a->ctx->icf_classes;
	if (p->ncodes && !classes) {
		cmi_sb_pad(sb, "ICF", w + 2);
		for (int i = 0; i < p->ncodes; i++)
			cmi_sb_printf(sb, "%s%s", i ? "  " : "", p->codes[i].text);
		cmi_sb_puts(sb, "\n");
	}
	int wcode = 0; /* with a classification: a code a line, with its title */
	for (int i = 0; classes && i < p->ncodes; i++)
		wcode = widest(wcode, p->codes[i].text);
	for (int i = 0; classes && i < p->ncodes; i++) {
		cm_lang got;
		const char *title = cmi_icf_class_title(
		    cmi_icf_class_find(classes, p->codes[i].st.code), lang, &got);
		cmi_sb_pad(sb, i ? "" : "ICF", w + 2);
		cmi_sb_pad(sb, p->codes[i].text, wcode + 2);
		cmi_sb_printf(sb, "%s%s%s%s\n", title ? title : "",
		              title && got != lang ? " [" : "",
		              title && got != lang ? cmi_lang_code(got) : "",
		              title && got != lang ? "]" : "");
	}
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *c = &p->capacities[i];
		char value[48];
		cm_value v = {CM_VALUE_NUMBER, c->value, 0};
		quantity(&v, strcmp(c->unit, "kg") ? "min" : "kg", lang, value, sizeof value);
		cmi_sb_pad(sb, i ? "" : cmi_msg(lang, R_CAPACITIES), w + 2);
		cmi_sb_printf(sb, "%s %s (%s)\n", cmi_capacity_words(lang, c->item), value,
		              cmi_capacity_words(lang, c->frequency ? c->frequency : "occasional"));
	}
	for (int i = 0; i < p->nscreenings; i++) {
		char score[48];
		cmi_format_number(p->screenings[i].score, lang, score, sizeof score);
		cmi_sb_pad(sb, i ? "" : cmi_msg(lang, R_SCREENING), w + 2);
		cmi_sb_printf(sb, "%s %s\n", p->screenings[i].instrument, score);
	}
	if (!isnan(p->resting_bpm)) {
		char bpm[48];
		cm_value v = {CM_VALUE_NUMBER, p->resting_bpm, 0};
		quantity(&v, "bpm", lang, bpm, sizeof bpm);
		cmi_sb_pad(sb, cmi_msg(lang, R_RESTING), w + 2);
		cmi_sb_printf(sb, "%s\n", bpm);
	}
}

static void header(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const cm_job *job = a->job;
	const cm_person *p = a->person;
	cmi_sb title; /* not a fixed buffer: a long title is shown whole, never cut */
	cmi_sb_init(&title, a->ctx);
	cmi_sb_printf(&title, "%s — %s", job->id, cmi_job_title(job, lang));
	cmi_sb_printf(sb, cmi_msg(lang, p ? R_HEADING_MATCH : R_HEADING),
	              title.buf ? title.buf : "");
	sb->failed |= title.failed;
	cmi_sb_free(&title);
	cmi_sb_puts(sb, "\n\n");
	const cmi_msg_id labels[] = {R_PROFILE, R_ASSESSED,  R_AGE,        R_RULESETS,  R_PERSON,
	                             R_RETURN,  R_DIAGNOSIS, R_CAPACITIES, R_SCREENING, R_RESTING};
	int w = 0;
	for (int i = 0; i < (p ? 10 : 4); i++)
		w = widest(w, cmi_msg(lang, labels[i]));
	if (p) {
		cmi_sb_pad(sb, cmi_msg(lang, R_PERSON), w + 2);
		if (a->audience == CM_AUDIENCE_EMPLOYER) /* the id only: not even the file */
			cmi_sb_printf(sb, "%s\n", p->id);
		else
			cmi_sb_printf(sb, "%s (%s)\n%*ssha256 %s\n", p->id, p->file, w + 2, "",
			              p->sha256);
		if (a->audience != CM_AUDIENCE_EMPLOYER)
			person_data(a, w, sb);
	}
	cmi_sb_pad(sb, cmi_msg(lang, R_PROFILE), w + 2);
	cmi_sb_printf(sb, "%s\n%*ssha256 %s\n", job->file, w + 2, "", job->sha256);
	cmi_sb_pad(sb, cmi_msg(lang, R_ASSESSED), w + 2);
	cmi_sb_printf(sb, "%s", a->date[0] ? a->date : "-");
	if (p && a->date_source != CMI_DATE_GIVEN)
		cmi_sb_printf(sb, " (%s)",
		              cmi_msg(lang, a->date_source == CMI_DATE_PROFILE ? R_DATE_FROM_PROFILE
		                                                               : R_DATE_TODAY));
	cmi_sb_puts(sb, "\n");
	cmi_sb_pad(sb, cmi_msg(lang, R_AGE), w + 2);
	if (a->age >= 0)
		cmi_sb_printf(sb, "%d\n", a->age);
	else
		cmi_sb_printf(sb, "%s\n", cmi_msg(lang, R_AGE_UNKNOWN));
	windows(a, w, sb);
	cmi_sb_pad(sb, cmi_msg(lang, R_RULESETS), w + 2);
	for (int i = 0, n = 0; i < cmi_nrulesets(a->ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, i);
		if (!cmi_report_shows_set(a, i))
			continue;
		if (n++)
			cmi_sb_printf(sb, "%*s", w + 2, "");
		const char *id = cmi_report_set_id(a, i);
		if (rs->unusable && !rs->version)
			cmi_sb_printf(sb, "%s (%s)\n", id, cmi_msg(lang, M_NOT_LOADED));
		else if (cmi_report_hides_titles(a)) /* a frame's date tells which it is */
			cmi_sb_printf(sb, "%s %s — %s\n", id, rs->version,
			              cmi_report_set_title(a, i));
		else if (!rs->valid_from) /* it did not load for want of one: its failure says so */
			cmi_sb_printf(sb, "%s %s\n", id, rs->version);
		else
			cmi_sb_printf(sb, "%s %s, %s %s\n", id, rs->version,
			              cmi_msg(lang, R_VALID_FROM), rs->valid_from);
	}
	cmi_sb_puts(sb, "\n");
}

/* Task ids are what the table shows; the profile's titles say what each is,
 * so the reader does not need the XML beside the report. */
static void tasks(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const cm_job *job = a->job;
	int w = 0, wh = 0;
	char hours[48];
	for (int i = 0; i < job->ntasks; i++) {
		cm_value h = {CM_VALUE_NUMBER, job->tasks[i].hours_per_day, 0};
		quantity(&h, "h", lang, hours, sizeof hours);
		w = widest(w, job->tasks[i].id);
		wh = widest(wh, hours);
	}
	cmi_sb_printf(sb, "%s\n", cmi_msg(lang, R_TASKS));
	for (int i = 0; i < job->ntasks; i++) {
		const cmi_task *t = &job->tasks[i];
		cm_value h = {CM_VALUE_NUMBER, t->hours_per_day, 0};
		quantity(&h, "h", lang, hours, sizeof hours);
		const char *title = cmi_title(t->titles, t->ntitles, lang);
		cmi_sb_puts(sb, "  ");
		cmi_sb_pad(sb, t->id, w + 2);
		if (!title) {
			cmi_sb_printf(sb, "%s\n", hours);
			continue;
		}
		cmi_sb_pad(sb, hours, wh + 2);
		cmi_sb_printf(sb, "%s\n", title);
	}
	cmi_sb_puts(sb, "\n");
}

/* A parameter's value as the report language writes numbers ("0,85" in nl
 * and fr), exactly as given: no rounding, unlike finding figures. */
static void param_value(const cmi_param *p, const char *value, cm_lang lang, char *buf, size_t size)
{
	const char *unit = cmi_unit(lang, p->unit);
	snprintf(buf, size, "%s%s%s", value, unit && needs_space(unit) ? " " : "",
	         unit ? unit : "");
	char *dot = strchr(buf, '.');
	if (p->type == LUA_TNUMBER && lang != CM_LANG_EN && dot && dot < buf + strlen(value))
		*dot = ',';
}

static void params(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	cmi_sb_printf(sb, "%s\n", cmi_msg(lang, R_PARAMS));
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, i);
		for (int j = 0; cmi_report_shows_set(a, i) && j < rs->nparams; j++) {
			const cmi_param *p = &rs->params[j];
			char value[128], published[128];
			param_value(p, p->value, lang, value, sizeof value);
			cmi_sb_printf(sb, "  %s.%s = %s", cmi_report_set_id(a, i), p->name, value);
			if (cmi_param_departs(p)) {
				param_value(p, p->published, lang, published, sizeof published);
				cmi_sb_puts(sb, "  (");
				cmi_sb_printf(sb, cmi_msg(lang, R_DEPARTS), published);
				cmi_sb_puts(sb, ")");
			} else if (p->overridden) {
				cmi_sb_printf(sb, "  (%s)", cmi_msg(lang, R_OVERRIDDEN));
			}
			cmi_sb_puts(sb, "\n");
		}
	}
	cmi_sb_puts(sb, "\n");
}

/* Once, under the verdict: the limits in force that are not the published
 * ones, so that no reader takes the verdict for the frame's. */
static void departures(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	cmi_sb list;
	cmi_sb_init(&list, a->ctx);
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, i);
		for (int j = 0; cmi_report_shows_set(a, i) && j < rs->nparams; j++) {
			const cmi_param *p = &rs->params[j];
			char value[128], published[128];
			if (!cmi_param_departs(p))
				continue;
			param_value(p, p->value, lang, value, sizeof value);
			param_value(p, p->published, lang, published, sizeof published);
			cmi_sb_printf(&list, "%s%s.%s = ", list.len ? ", " : "",
			              cmi_report_set_id(a, i), p->name);
			cmi_sb_printf(&list, cmi_msg(lang, R_INSTEAD_OF), value, published);
		}
	}
	if (list.len) {
		cmi_sb_puts(sb, "\n");
		cmi_sb_printf(sb, cmi_msg(lang, R_DEPARTURES), list.buf);
	}
	sb->failed |= list.failed; /* never a report without the line it needs */
	cmi_sb_free(&list);
}

static void finding_list(const cm_assessment *a, const int *idx, int n, cmi_sb *sb)
{
	for (int i = 0; i < n; i++) {
		cm_finding f = cmi_report_finding(a, &a->base, idx[i]);
		char where[160];
		place(&f, where, sizeof where);
		if (f.task)
			cmi_sb_printf(sb, "  %s (%s)\n", f.rule, where);
		else
			cmi_sb_printf(sb, "  %s\n", f.rule);
	}
}

static void adaptation_sets(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const cmi_search *s = &a->search;
	cmi_sb_printf(sb, "%s\n", cmi_msg(lang, R_SETS));
	if (s->nsets == 0) {
		cmi_msg_id why = a->verdict == CM_VERDICT_FEASIBLE ? R_NO_SETS_NEEDED
		                 : a->job->nadaptations == 0       ? R_NONE_OFFERED
		                                                   : R_NO_SETS;
		cmi_sb_printf(sb, "  %s\n", cmi_msg(lang, why));
	}
	for (int i = 0; i < s->nsets; i++) {
		char cost[64];
		cmi_format_money(s->sets[i].cost_eur, lang, cost, sizeof cost);
		cmi_sb_printf(sb, "  %d. %s EUR%s ", i + 1, cost, cmi_msg(lang, R_COLON));
		for (int j = 0; j < s->sets[i].n; j++)
			cmi_sb_printf(sb, "%s%s", j ? ", " : "", s->sets[i].members[j]->id);
		char after[64], before[64];
		cmi_format_number(s->sets[i].hours_after, lang, after, sizeof after);
		cmi_format_number(cmi_job_task_hours(a->job), lang, before, sizeof before);
		cmi_sb_puts(sb, "\n     ");
		cmi_sb_printf(sb, cmi_msg(lang, R_SET_HOURS), after, before);
		cmi_sb_puts(sb, "\n");
	}
	if (s->total_sets > s->nsets + s->rejected) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_MORE_SETS), s->total_sets, s->nsets);
		cmi_sb_puts(sb, "\n");
	}
	if (s->failure && cmi_report_hides_titles(a)) { /* the error's text is a rule's */
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_EMP_SEARCH_FAILED), s->failure_with);
		cmi_sb_puts(sb, "\n");
	} else if (s->failure) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_SEARCH_FAILED), s->failure_with, s->failure);
		cmi_sb_puts(sb, "\n");
	}
	if (s->rejected > 0) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_REJECTED), s->rejected);
		cmi_sb_puts(sb, "\n");
	}
	if (s->nunresolved > 0) {
		cmi_sb_printf(sb, "\n%s\n", cmi_msg(lang, R_UNRESOLVED));
		finding_list(a, s->unresolved, s->nunresolved, sb);
	}
	if (s->nunsearched > 0) {
		cmi_sb_puts(sb, "\n");
		cmi_sb_printf(sb, cmi_msg(lang, R_UNSEARCHED), s->largest_group, a->ctx->max_group);
		cmi_sb_puts(sb, "\n");
		finding_list(a, s->unsearched, s->nunsearched, sb);
	}
	cmi_sb_puts(sb, "\n");
}

void cmi_repro_text(const cmi_repro *r, cmi_sb *sb)
{
	cm_ctx *ctx = r->ctx;
	char shown[CMI_SHOWN_FILE];
	cm_lang lang = ctx->lang;
	const cmi_msg_id labels[] = {R_REPRO_JOB,       R_REPRO_PERSON,  R_REPRO_RULESETS,
	                             R_REPRO_CATALOGUE, R_REPRO_HELPERS, R_REPRO_PARAMS,
	                             R_REPRO_ENGINE};
	int w = 0;
	for (int i = 0; i < 7; i++)
		w = widest(w, cmi_msg(lang, labels[i]));
	cmi_sb_printf(sb, "%s\n  ", cmi_msg(lang, R_REPRO));
	cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_JOB), w + 2);
	if (r->job)
		cmi_sb_printf(sb, "%s  sha256 %s\n", r->job->file, r->job->sha256);
	else /* rank: too many to list here; each job's line has its own */
		cmi_sb_printf(sb, cmi_msg(lang, R_REPRO_JOBS), r->njobs);
	if (!r->job)
		cmi_sb_puts(sb, "\n");
	if (r->person) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_PERSON), w + 2);
		cmi_sb_printf(sb, "%s  sha256 %s\n", r->person->file, r->person->sha256);
	}
	for (int i = 0, n = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		if (r->a && !cmi_report_shows_set(r->a, i))
			continue;
		cmi_sb_puts(sb, "  ");
		cmi_sb_pad(sb, n++ ? "" : cmi_msg(lang, R_REPRO_RULESETS), w + 2);
		if (r->a && cmi_report_hides_titles(r->a)) /* the file's name is the set's id */
			cmi_sb_printf(sb, "%s %s  sha256 %s\n", cmi_report_set_id(r->a, i),
			              rs->version ? rs->version : "-",
			              rs->sha256[0] ? rs->sha256 : "-");
		else
			cmi_sb_printf(sb, "%s %s  %s  sha256 %s\n", rs->id,
			              rs->version ? rs->version : "-",
			              cmi_report_file_name(ctx, rs->file, shown),
			              rs->sha256[0] ? rs->sha256 : "-");
	}
	const cmi_catalogue *cat = cmi_rules_catalogue(ctx);
	cmi_sb_puts(sb, "  ");
	cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_CATALOGUE), w + 2);
	cmi_sb_printf(sb, "adaptations %s  %s  sha256 %s\n  ", cat->version,
	              cmi_report_file_name(ctx, cat->file, shown), cat->sha256);
	cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_HELPERS), w + 2);
	cmi_sb_printf(sb, "rules/lib/capamatch.lua  sha256 %s\n", cmi_rules_helpers_sha256(ctx));
	int changed = 0;
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		for (int j = 0; (!r->a || cmi_report_shows_set(r->a, i)) && j < rs->nparams; j++) {
			const cmi_param *p = &rs->params[j];
			if (!p->overridden)
				continue;
			char value[128], published[128];
			param_value(p, p->value, lang, value, sizeof value);
			param_value(p, p->published, lang, published, sizeof published);
			cmi_sb_puts(sb, "  ");
			cmi_sb_pad(sb, changed++ ? "" : cmi_msg(lang, R_REPRO_PARAMS), w + 2);
			cmi_sb_printf(sb, "%s.%s = %s (",
			              r->a ? cmi_report_set_id(r->a, i) : rs->id, p->name, value);
			cmi_sb_printf(sb, cmi_msg(lang, R_REPRO_DEFAULT_WAS), published);
			cmi_sb_puts(sb, ")\n");
		}
	}
	if (!changed) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_PARAMS), w + 2);
		cmi_sb_printf(sb, "%s\n", cmi_msg(lang, R_REPRO_DEFAULTS));
	}
	cmi_sb_puts(sb, "  ");
	cmi_sb_pad(sb, cmi_msg(lang, R_REPRO_ENGINE), w + 2);
	cmi_sb_printf(sb, cmi_msg(lang, R_REPRO_ENGINE_LINE), CM_VERSION,
	              r->date && r->date[0] ? r->date : "-");
}

void cmi_report_text_reproducibility(const cm_assessment *a, cmi_sb *sb)
{
	cmi_repro r = cmi_repro_of(a);
	cmi_repro_text(&r, sb);
}

/* One rule set's section: its findings, or why it did not run. */
static void ruleset_section(const cm_assessment *a, const cmi_eval *ev, int i, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const char *failure = cmi_report_failure(a, i), *title = cmi_report_set_title(a, i);
	cmi_sb_printf(sb, "%s — %s\n", cmi_report_set_id(a, i), title ? title : "");
	if (failure) {
		cmi_sb_puts(sb, "  ");
		cmi_sb_printf(sb, cmi_msg(lang, R_NOT_RUN), failure);
		cmi_sb_puts(sb, "\n");
	} else {
		ruleset_table(a, ev, i, sb);
	}
	cmi_sb_puts(sb, "\n");
}

void cmi_report_text(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	header(a, sb);
	tasks(a, sb);
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++)
		if (cmi_report_shows_set(a, i) && a->role[i] == CMI_ROLE_JUDGED)
			ruleset_section(a, &a->base, i, sb);
	int advice = 0;
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++) {
		if (!cmi_report_shows_set(a, i) || a->role[i] != CMI_ROLE_ADVICE)
			continue;
		if (!advice++)
			cmi_sb_printf(sb, "%s\n\n", cmi_msg(lang, R_ADVICE));
		ruleset_section(a, &a->advice, i, sb);
	}
	params(a, sb);
	adaptation_sets(a, sb);
	static const cmi_msg_id verdict_msg[] = {R_V_FEASIBLE, R_V_WITH_ADAPTATIONS,
	                                         R_V_NOT_FEASIBLE, R_V_INCOMPLETE};
	cmi_sb_printf(sb, "%s%s %s — ", cmi_msg(lang, R_VERDICT), cmi_msg(lang, R_COLON),
	              cmi_msg(lang, verdict_msg[a->verdict]));
	cmi_verdict_reason(a, sb);
	departures(a, sb);
	if (a->person && a->audience == CM_AUDIENCE_EMPLOYER)
		cmi_sb_printf(sb, "\n\n%s", cmi_msg(lang, R_EMPLOYER_VIEW));
	cmi_sb_puts(sb, "\n\n");
	cmi_report_text_reproducibility(a, sb);
	cmi_sb_printf(sb, "\n\n%s capamatch %s. %s\n", cmi_msg(lang, R_ENGINE), CM_VERSION,
	              cmi_msg(lang, R_NOTE));
}

void cmi_report_rank_text(const cm_assessment *a, cmi_sb *sb)
{
	cm_lang lang = a->ctx->lang;
	const char *isco = cmi_job_isco(a->job);
	cmi_sb_printf(sb, "     %s", cmi_job_title(a->job, lang));
	if (isco) {
		cmi_sb_puts(sb, " (");
		cmi_sb_printf(sb, cmi_msg(lang, R_RANK_ISCO), isco);
		cmi_sb_puts(sb, ")");
	}
	cmi_sb_printf(sb, "\n     %s  sha256 %s\n     ", a->job->file, a->job->sha256);
	cmi_rank_why(a, sb);
	cmi_sb_puts(sb, "\n");
	if (a->search.nsets > 0) {
		cmi_sb_printf(sb, "     %s%s ", cmi_msg(lang, R_RANK_SET), cmi_msg(lang, R_COLON));
		for (int j = 0; j < a->search.sets[0].n; j++)
			cmi_sb_printf(sb, "%s%s", j ? ", " : "", a->search.sets[0].members[j]->id);
		cmi_sb_puts(sb, "\n");
	}
	if (a->search.nunresolved > 0) {
		cmi_sb_printf(sb, "     %s%s ", cmi_msg(lang, R_RANK_UNRESOLVED),
		              cmi_msg(lang, R_COLON));
		for (int i = 0, n = 0; i < a->search.nunresolved; i++)
			if (cmi_first_of_rule(a, a->search.unresolved, i, -1, 0))
				cmi_sb_printf(sb, "%s%s", n++ ? ", " : "",
				              a->findings[a->search.unresolved[i]].rule);
		cmi_sb_puts(sb, "\n");
	}
	if (a->verdict == CM_VERDICT_INCOMPLETE) {
		cmi_sb_puts(sb, "     ");
		cmi_verdict_reason(a, sb);
		cmi_sb_puts(sb, "\n");
	}
}
