/*
 * rank.c — one person against many jobs: each job's rank item (verdict,
 * cheapest cost, score, its detail in the report's format), the ranking's
 * order, and the ranking report around the items.
 *
 * The items are what a ranking keeps of each job; the caller streams the
 * jobs (cm_match on each, brief), so that memory holds one profile at a
 * time plus the items.
 *
 * Not here: reading the jobs, workers, the score itself (check.c computes
 * it with the assessment; the weights are the rule sets').
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "report.h"

double cm_assessment_score(const cm_assessment *a)
{
	return a->score;
}

cm_status cm_rank_item_of(cm_ctx *ctx, const cm_assessment *a, cm_format format, size_t order,
                          cm_rank_item *out, cm_error *err)
{
	memset(out, 0, sizeof *out);
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

static int cmp_double(double x, double y)
{
	return x < y ? -1 : x > y ? 1 : 0;
}

int cm_rank_compare(const void *pa, const void *pb)
{
	const cm_rank_item *a = pa, *b = pb;
	int c = group_of(a->verdict) - group_of(b->verdict);
	if (!c && a->verdict == CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS)
		c = cmp_double(a->cost_eur, b->cost_eur);
	if (!c)
		c = cmp_double(a->score, b->score);
	if (!c)
		c = strcmp(a->job, b->job);
	if (!c)
		c = a->order < b->order ? -1 : a->order > b->order;
	return c;
}

static const cmi_msg_id verdict_words[] = {R_V_FEASIBLE, R_V_WITH_ADAPTATIONS, R_V_NOT_FEASIBLE,
                                           R_V_INCOMPLETE};

static void rank_text(cm_ctx *ctx, const cm_person *p, const char *date, const cm_rank_item *items,
                      size_t n, size_t listed, size_t refused, cmi_sb *sb)
{
	cm_lang lang = ctx->lang;
	cmi_sb_printf(sb, cmi_msg(lang, R_RANK_HEADING), p->id, n + refused, date ? date : "-");
	cmi_sb_puts(sb, "\n\n");
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
	for (size_t i = 0; i < listed; i++) {
		const cm_rank_item *it = &items[i];
		char cost[64] = "-", score[48];
		if (it->cost_eur >= 0) {
			cmi_format_money(it->cost_eur, lang, cost, sizeof cost - 4);
			strcat(cost, " EUR");
		}
		cmi_format_number(it->score, lang, score, sizeof score);
		cmi_sb_printf(sb, "  %3zu  ", i + 1);
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
	cmi_sb_printf(sb, "\n%s\n\n", cmi_msg(lang, R_RANK_ORDER));
	cmi_repro r = {ctx, NULL, p, NULL, date, n + refused};
	cmi_repro_text(&r, sb);
	cmi_sb_printf(sb, "\n\n%s capamatch %s. %s\n", cmi_msg(lang, R_ENGINE), CM_VERSION,
	              cmi_msg(lang, R_NOTE));
}

/* HTML: one self-contained page, the table of occupations in rank order. */
static void rank_html(cm_ctx *ctx, const cm_person *p, const char *date, const cm_rank_item *items,
                      size_t n, size_t listed, size_t refused, cmi_sb *sb)
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
	cmi_sb_puts(sb, "</h1></header>\n<section id=\"ranking\">\n<table>\n<tr>");
	char heads[256];
	snprintf(heads, sizeof heads, "%s|%s", cmi_msg(lang, R_RANK_COLUMNS),
	         cmi_msg(lang, H_CONTRIBUTIONS));
	for (char *c = heads, *bar; c; c = bar ? bar + 1 : NULL) {
		if ((bar = strchr(c, '|')))
			*bar = '\0';
		cmi_sb_puts(sb, "<th>");
		cmi_html_escape(sb, c);
		cmi_sb_puts(sb, "</th>");
	}
	cmi_sb_puts(sb, "</tr>\n");
	for (size_t i = 0; i < listed; i++)
		cmi_sb_printf(sb, "<tr><td>%zu</td>%s</tr>\n", i + 1,
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
	cmi_sb_puts(sb, "</p>\n</section>\n<section id=\"reproducibility\">\n<pre class=\"sha\">");
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
                      size_t n, size_t listed, size_t refused, int lines, cmi_sb *sb)
{
	const char *sep = lines ? ", " : ",\n  "; /* one line, or one key a line */
	cmi_sb_printf(sb, "{%s\"capamatch\": {\"version\": \"%s\", \"command\": \"rank\"}",
	              lines ? "" : "\n  ", CM_VERSION);
	if (lines)
		cmi_sb_puts(sb, ", \"summary\": true");
	cmi_sb_printf(sb, "%s\"language\": \"%s\"%s\"assessment_date\": ", sep,
	              cmi_lang_code(ctx->lang), sep);
	cmi_json_string(sb, date);
	cmi_sb_printf(sb, "%s\"person\": ", sep);
	cmi_json_string(sb, p->id);
	cmi_sb_printf(sb, "%s\"jobs\": %zu, \"refused\": %zu, \"listed\": %zu%s\"ranking\": [", sep,
	              n + refused, refused, listed, sep);
	for (size_t i = 0; i < listed; i++) {
		const cm_rank_item *it = &items[i];
		cmi_sb_puts(sb, i ? "," : "");
		cmi_sb_puts(sb, lines ? (i ? " " : "") : "\n    ");
		if (!lines && it->detail) { /* the job's line, with its rank in front */
			cmi_sb_printf(sb, "{\"rank\": %zu, %s", i + 1, it->detail + 1);
			continue;
		}
		cmi_sb_printf(sb, "{\"rank\": %zu, \"job\": ", i + 1);
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
	*out = NULL;
	*len = 0;
	if (listed > n)
		listed = n;
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	locale_t old = cmi_locale_enter(ctx);
	if (format == CM_FORMAT_TEXT)
		rank_text(ctx, person, date, items, n, listed, refused, &sb);
	else if (format == CM_FORMAT_HTML)
		rank_html(ctx, person, date, items, n, listed, refused, &sb);
	else
		rank_json(ctx, person, date, items, n, listed, refused, format == CM_FORMAT_JSONL,
		          &sb);
	cmi_locale_leave(old);
	if (!(*out = cmi_sb_detach(&sb, len)))
		return cmi_error_nomem(err);
	return CM_OK;
}
