/*
 * report.c — rendering entry point and the pieces both formats share, so
 * that text and JSON can never disagree on a reason or a number.
 */
#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "report.h"

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

void cmi_unknown_rules(const cm_assessment *a, cmi_sb *sb)
{
	int n = 0;
	for (int i = 0; i < a->base.nfindings; i++)
		if (a->findings[i].status == CM_UNKNOWN)
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

cm_status cm_report_render(cm_ctx *ctx, const cm_assessment *a, cm_format format, char **out,
                           size_t *len, cm_error *err)
{
	*out = NULL;
	*len = 0;
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	locale_t old = cmi_locale_enter(ctx);
	if (format == CM_FORMAT_JSON)
		cmi_report_json(a, &sb);
	else
		cmi_report_text(a, &sb);
	cmi_locale_leave(old);
	if (!(*out = cmi_sb_detach(&sb, len)))
		return cmi_error_nomem(err);
	return CM_OK;
}
