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

void cmi_format_number(double x, cm_lang lang, char *buf, size_t size)
{
	snprintf(buf, size, "%.2f", x);
	char *dot = strchr(buf, '.');
	if (dot) {
		char *end = buf + strlen(buf) - 1;
		while (end > dot && *end == '0')
			*end-- = '\0';
		if (end == dot)
			*end = '\0';
		else if (lang != CM_LANG_EN)
			*dot = ',';
	}
	if (!strcmp(buf, "-0"))
		snprintf(buf, size, "0");
}

/* 11700 -> "11,700" (en), "11.700" (nl), "11 700" (fr). */
void cmi_format_money(double eur, cm_lang lang, char *buf, size_t size)
{
	char digits[64];
	snprintf(digits, sizeof digits, "%.0f", eur);
	const char *sep = lang == CM_LANG_EN ? "," : lang == CM_LANG_NL ? "." : " ";
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n && o + 4 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0 && digits[0] != '-')
			o += (size_t)snprintf(buf + o, size - o, "%s", sep);
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

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
	if (w->state == CMI_WINDOW_NO_RETURN)
		cmi_text_snprintf(buf, size, cmi_msg(lang, R_WINDOW_NO_RETURN), id);
	else
		cmi_text_snprintf(
		    buf, size,
		    cmi_msg(lang, w->state == CMI_WINDOW_IN ? R_WINDOW_IN : R_WINDOW_AFTER), id,
		    w->first, w->last, w->reevaluate);
	return 1;
}

void cmi_unknown_rules(const cm_assessment *a, cmi_sb *sb)
{
	int n = 0;
	for (int i = 0; i < a->base.nfindings; i++)
		if (cmi_first_of_rule(a, NULL, i, CM_UNKNOWN, 1))
			cmi_sb_printf(sb, "%s%s", n++ ? ", " : "", a->findings[i].rule);
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
	return a->person && a->audience == CM_AUDIENCE_EMPLOYER;
}

cm_finding cmi_report_finding(const cm_assessment *a, const cmi_eval *ev, int i)
{
	cm_finding f = (ev == &a->advice ? a->advice_findings : a->findings)[i];
	const cmi_finding *in = &ev->findings[i];
	const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, in->set);
	if (a->audience == CM_AUDIENCE_WORKER && in->text_worker)
		f.text = in->text_worker;
	if (a->audience == CM_AUDIENCE_EMPLOYER && rs->medical) {
		f.text = in->text_employer
		             ? in->text_employer
		             : cmi_msg(a->ctx->lang, in->status == CM_NOT_APPLICABLE ? R_WITHHELD_NA
		                                                                     : R_WITHHELD);
		f.value = f.limit = (cm_value){CM_VALUE_NONE, 0, 0};
		f.unit = NULL;
		f.op = NULL;
		f.element = NULL;
		f.margin = NAN;
	}
	return f;
}

const char *cmi_report_file_name(const cm_ctx *ctx, const char *path, char shown[CMI_SHOWN_FILE])
{
	size_t n = strlen(ctx->datadir);
	const char *name = path ? path : "";
	if (path && !strncmp(path, ctx->datadir, n) && path[n] == '/')
		name = path + n + 1;
	else if (path && strrchr(path, '/'))
		name =
		    strrchr(path, '/') + 1; /* a --rules-dir file: its name; the hash says which */
	char cut[CMI_SHOWN_FILE / 4 + 1];
	size_t len = strlen(name) < sizeof cut - 1 ? strlen(name) : sizeof cut - 1;
	memcpy(cut, name, len);
	cut[len] = '\0';
	cmi_text_escape(cut, shown);
	return shown;
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
	if (!(*out = cmi_sb_detach(&sb, len)))
		return cmi_error_nomem(err);
	return CM_OK;
}

cm_status cm_report_render(cm_ctx *ctx, const cm_assessment *a, cm_format format, char **out,
                           size_t *len, cm_error *err)
{
	return cm_report_render_for(ctx, a, format, CM_AUDIENCE_MEDICAL, out, len, err);
}
