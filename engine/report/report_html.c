/*
 * report_html.c — the report as one self-contained HTML file, to attach to
 * a file or print: no network, no external CSS, script or font.
 *
 * What it shows, in the report's language and for its audience (the same
 * views as the text and JSON, report.c): a header with the job, the person
 * id (never a name), the date, the verdict in words and colour; a chart
 * (inline SVG) of every judged figure as a share of its limit, as the job
 * is and with the cheapest adaptation set; the findings with the source's
 * row labels and the tasks' titles; each set with, for each adaptation,
 * the findings it resolves (those that exceed again when it alone is left
 * out of the set), so that a set reads as the start of a plan; what stays
 * unresolved; the return-to-work window;
 * advice; the sources; the reproducibility block. Print CSS gives A4
 * pages: rows are not cut, pages are numbered, the verdict is on the first.
 *
 * The chart and the adaptations' findings come from the assessment: the
 * search keeps the cheapest set's evaluation and what each member of each
 * set resolves (search.c, step 6), so this file runs no rule set, and a
 * rule set that failed there is the search's failure, shown as such.
 *
 * Not here: which findings an audience may read (report.c), the findings
 * themselves (check.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "catalogue.h"
#include "claml.h"
#include "messages.h"
#include "report.h"

/* ---- writing ------------------------------------------------------------ */

/* Text as HTML: & < > " ' escaped; the rules' texts arrive plain already. */
void cmi_html_escape(cmi_sb *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			cmi_sb_puts(sb, "&amp;");
			break;
		case '<':
			cmi_sb_puts(sb, "&lt;");
			break;
		case '>':
			cmi_sb_puts(sb, "&gt;");
			break;
		case '"':
			cmi_sb_puts(sb, "&quot;");
			break;
		case '\'':
			cmi_sb_puts(sb, "&#39;");
			break;
		default:
			cmi_sb_add(sb, s, 1);
		}
	}
}

#define esc cmi_html_escape

static const char *M(const cm_assessment *a, cmi_msg_id id)
{
	return cmi_msg(a->ctx->lang, id);
}

static void tag_text(cmi_sb *sb, const char *tag, const char *text)
{
	cmi_sb_printf(sb, "<%s>", tag);
	esc(sb, text);
	cmi_sb_printf(sb, "</%s>\n", tag);
}

const char *const cmi_html_css =
    "body{font:11pt/1.4 'DejaVu Sans',Arial,sans-serif;color:#222;margin:2em;max-width:60em}"
    "h1{font-size:16pt;margin:0 0 .3em}h2{font-size:13pt;border-bottom:1px solid #999;"
    "margin-top:1.6em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;"
    "padding:.2em .4em;text-align:left;vertical-align:top}th{background:#eee}"
    "tr{page-break-inside:avoid;break-inside:avoid}.verdict{font-size:13pt;font-weight:bold;"
    "padding:.4em .6em;border-radius:.3em;display:inline-block}"
    ".v-feasible{background:#d8f0d8;color:#145214}.v-feasible-with-adaptations{background:"
    "#fff1c6;color:#6b4a00}.v-not-feasible{background:#f6d0d0;color:#7a1010}"
    ".v-incomplete{background:#dde3f0;color:#1f3a6b}.st-exceeds{color:#a01010;"
    "font-weight:bold}.st-unknown{color:#1f3a6b}dl{display:grid;grid-template-columns:"
    "max-content auto;gap:.1em 1em}dt{font-weight:bold}dd{margin:0}.sha{font-family:monospace;"
    "font-size:8pt;word-break:break-all}.note{color:#555;font-size:9pt}"
    "@page{size:A4;margin:18mm 15mm 20mm;@bottom-right{content:counter(page) ' / ' "
    "counter(pages)}}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid;"
    "break-after:avoid}svg{max-width:100%}}";

/* ---- the cheapest set's evaluation (the chart) --------------------------- */

/* The finding of ev with base finding f's key, or NULL (the task is gone). */
static const cmi_finding *same(const cmi_eval *ev, const cmi_finding *f)
{
	for (int i = 0; i < ev->nfindings; i++)
		if (cmi_finding_same_key(&ev->findings[i], f))
			return &ev->findings[i];
	return NULL;
}

/* A finding's figure as a share of its limit (finding.c); -1 where it has
 * none to draw. */
static double share(const cmi_finding *f)
{
	double r = cmi_finding_share(f);
	return isnan(r) ? -1 : r;
}

/* ---- sections ------------------------------------------------------------ */

/* What the person profile records (medical: never in the employer's view). */
static void person_data(const cm_assessment *a, cmi_sb *sb)
{
	const cm_person *p = a->person;
	for (int i = 0; i < p->ndiagnoses; i++) {
		cmi_sb_printf(sb, "<dt>%s</dt><dd>", M(a, R_DIAGNOSIS));
		esc(sb, p->diagnoses[i].text);
		cmi_sb_puts(sb, "</dd>\n");
	}
	if (p->ncodes) {
		cmi_sb_puts(sb, "<dt>ICF</dt><dd>");
		for (int i = 0; i < p->ncodes; i++) {
			cmi_sb_puts(sb, i ? "<br/>" : "");
			esc(sb, p->codes[i].text);
			const cmi_icf_class *k =
			    a->ctx->icf_classes
			        ? cmi_icf_class_find(a->ctx->icf_classes, p->codes[i].st.code)
			        : NULL;
			cm_lang got;
			const char *title = k ? cmi_icf_class_title(k, a->ctx->lang, &got) : NULL;
			if (title) {
				cmi_sb_puts(sb, " — ");
				esc(sb, title);
			}
		}
		cmi_sb_puts(sb, "</dd>\n");
	}
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *c = &p->capacities[i];
		char num[48];
		cmi_format_number(c->value, a->ctx->lang, num, sizeof num);
		cmi_sb_printf(sb, "<dt>%s</dt><dd>", i ? "" : M(a, R_CAPACITIES));
		esc(sb, cmi_capacity_words(a->ctx->lang, c->item));
		cmi_sb_printf(sb, " %s %s (", num, strcmp(c->unit, "kg") ? "min" : "kg");
		esc(sb,
		    cmi_capacity_words(a->ctx->lang, c->frequency ? c->frequency : "occasional"));
		cmi_sb_puts(sb, ")</dd>\n");
	}
	for (int i = 0; i < p->nscreenings; i++) {
		char num[48];
		cmi_format_number(p->screenings[i].score, a->ctx->lang, num, sizeof num);
		cmi_sb_printf(sb, "<dt>%s</dt><dd>", i ? "" : M(a, R_SCREENING));
		esc(sb, p->screenings[i].instrument);
		cmi_sb_printf(sb, " %s</dd>\n", num);
	}
}

static void header(const cm_assessment *a, cmi_sb *sb)
{
	static const char *const vclass[] = {"v-feasible", "v-feasible-with-adaptations",
	                                     "v-not-feasible", "v-incomplete"};
	static const cmi_msg_id vwords[] = {R_V_FEASIBLE, R_V_WITH_ADAPTATIONS, R_V_NOT_FEASIBLE,
	                                    R_V_INCOMPLETE};
	cmi_sb title, heading; /* not fixed buffers: a long title is shown whole, never cut */
	cmi_sb_init(&title, a->ctx);
	cmi_sb_init(&heading, a->ctx);
	cmi_sb_printf(&title, "%s — %s", a->job->id, cmi_job_title(a->job, a->ctx->lang));
	cmi_sb_printf(&heading, M(a, a->person ? R_HEADING_MATCH : R_HEADING),
	              title.buf ? title.buf : "");
	cmi_sb_puts(sb, "<header>\n");
	tag_text(sb, "h1", heading.buf ? heading.buf : "");
	sb->failed |= title.failed || heading.failed;
	cmi_sb_free(&title);
	cmi_sb_free(&heading);
	cmi_sb_printf(sb, "<p class=\"verdict %s\" id=\"verdict\">", vclass[a->verdict]);
	esc(sb, M(a, R_VERDICT));
	esc(sb, M(a, R_COLON));
	cmi_sb_puts(sb, " ");
	esc(sb, M(a, vwords[a->verdict]));
	cmi_sb_puts(sb, "</p>\n<p>");
	cmi_sb reason;
	cmi_sb_init(&reason, a->ctx);
	cmi_verdict_reason(a, &reason);
	esc(sb, reason.buf);
	sb->failed |= reason.failed;
	cmi_sb_free(&reason);
	cmi_sb_puts(sb, "</p>\n<dl>\n");
	if (a->person) {
		cmi_sb_printf(sb, "<dt>%s</dt><dd>", M(a, R_PERSON));
		esc(sb, a->person->id);
		cmi_sb_puts(sb, "</dd>\n");
	}
	if (a->person && a->audience != CM_AUDIENCE_EMPLOYER)
		person_data(a, sb);
	cmi_sb_printf(sb, "<dt>%s</dt><dd>", M(a, R_PROFILE));
	esc(sb, a->job->file);
	cmi_sb_printf(sb, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", M(a, R_ASSESSED),
	              a->date[0] ? a->date : "-");
	cmi_sb_printf(sb, "<dt>%s</dt><dd>", M(a, R_AGE));
	if (a->age >= 0)
		cmi_sb_printf(sb, "%d", a->age);
	else
		esc(sb, M(a, R_AGE_UNKNOWN));
	cmi_sb_puts(sb, "</dd>\n");
	for (int i = 0; a->person && i < cmi_nrulesets(a->ctx); i++) {
		char line[512];
		if (!cmi_window_line(a, i, line, sizeof line))
			continue;
		cmi_sb_printf(sb, "<dt>%s</dt><dd id=\"window\">", M(a, R_RETURN));
		esc(sb, line);
		cmi_sb_puts(sb, "</dd>\n");
	}
	cmi_sb_puts(sb, "</dl>\n</header>\n");
}

/* Two bars a figure: as the job is (grey) and with the cheapest set
 * (green within, red past the limit; none when the set removes the task).
 * The line marks the limit; the scale runs to three times it. */
static void chart(const cm_assessment *a, const cmi_eval *with, cmi_sb *sb)
{
	enum { LABEL = 260, WIDTH = 360, ROW = 26, SCALE = 3 };
	int rows = 0;
	for (int i = 0; i < a->base.nfindings; i++) {
		cm_finding f = cmi_report_finding(a, &a->base, i);
		if (f.value.kind == CM_VALUE_NUMBER && share(&a->base.findings[i]) >= 0 &&
		    f.limit.kind == CM_VALUE_NUMBER)
			rows++;
	}
	cmi_sb_printf(sb, "<section id=\"chart\">\n<h2>%s</h2>\n", M(a, H_CHART));
	cmi_sb_printf(sb, "<p class=\"note\">%s</p>\n",
	              M(a, with ? H_CHART_NOTE : H_CHART_NOTE_BASE));
	int h = rows * ROW + 30;
	cmi_sb_printf(sb,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	              "viewBox=\"0 0 %d %d\" role=\"img\" font-size=\"11\">\n",
	              LABEL + WIDTH + 60, h, LABEL + WIDTH + 60, h);
	int x1 = LABEL + WIDTH / SCALE;
	cmi_sb_printf(sb,
	              "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#333\" "
	              "stroke-dasharray=\"4 2\"/>\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">",
	              x1, x1, h - 18, x1, h - 5);
	esc(sb, M(a, H_CHART_LIMIT));
	cmi_sb_puts(sb, "</text>\n");
	int y = 4;
	for (int i = 0; i < a->base.nfindings; i++) {
		const cmi_finding *bf = &a->base.findings[i];
		cm_finding f = cmi_report_finding(a, &a->base, i);
		double s0 = share(bf);
		if (f.value.kind != CM_VALUE_NUMBER || f.limit.kind != CM_VALUE_NUMBER || s0 < 0)
			continue;
		char label[300];
		/* the element tells two findings of one rule and task apart (d4300,
		 * d4105); the employer's view has none */
		cmi_text_snprintf(label, sizeof label, "%s%s%s%s%s%s", f.rule,
		                  f.task || f.element ? " (" : "", f.task ? f.task : "",
		                  f.task && f.element ? ", " : "", f.element ? f.element : "",
		                  f.task || f.element ? ")" : "");
		cmi_sb_printf(sb, "<g><title>");
		esc(sb, f.text);
		cmi_sb_printf(sb, "</title><text x=\"0\" y=\"%d\">", y + 15);
		esc(sb, label);
		cmi_sb_puts(sb, "</text>\n");
		double w0 = (s0 > SCALE ? SCALE : s0) * WIDTH / SCALE;
		cmi_sb_printf(sb,
		              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" fill=\"%s\"/>\n",
		              LABEL, y + 2, w0, s0 > 1 ? "#b0b0b0" : "#cfcfcf");
		if (with) {
			const cmi_finding *wf = same(with, bf);
			double s1 = share(wf);
			if (s1 >= 0) {
				double w1 = (s1 > SCALE ? SCALE : s1) * WIDTH / SCALE;
				cmi_sb_printf(sb,
				              "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"9\" "
				              "fill=\"%s\"/>\n",
				              LABEL, y + 12, w1, s1 > 1 ? "#c03030" : "#3a9a3a");
			} else {
				cmi_sb_printf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"9\">", LABEL,
				              y + 21);
				esc(sb, M(a, H_CHART_GONE));
				cmi_sb_puts(sb, "</text>\n");
			}
		}
		cmi_sb_puts(sb, "</g>\n");
		y += ROW;
	}
	cmi_sb_puts(sb, "</svg>\n</section>\n");
}

/* A task's title, else its id. */
static const char *task_name(const cm_assessment *a, const char *task)
{
	const cmi_task *t = task ? cmi_job_find_task(a->job, task) : NULL;
	const char *title = t ? cmi_title(t->titles, t->ntitles, a->ctx->lang) : NULL;
	return title ? title : task;
}

static void value_cell(const cm_assessment *a, const cm_value *v, const char *unit, cmi_sb *sb)
{
	char num[48];
	if (v->kind == CM_VALUE_BOOL) {
		esc(sb, M(a, v->boolean ? R_YES : R_NO));
	} else if (v->kind == CM_VALUE_NUMBER) {
		cmi_format_number(v->number, a->ctx->lang, num, sizeof num);
		cmi_sb_puts(sb, num);
		if (unit) {
			cmi_sb_puts(sb, " ");
			esc(sb, cmi_unit(a->ctx->lang, unit));
		}
	} else {
		cmi_sb_puts(sb, "-");
	}
}

static void findings_table(const cm_assessment *a, const cmi_eval *ev, const char *id,
                           cmi_msg_id heading, cmi_sb *sb)
{
	static const cmi_msg_id st[] = {R_ST_WITHIN, R_ST_EXCEEDS, R_ST_UNKNOWN,
	                                R_ST_NOT_APPLICABLE};
	static const char *const cls[] = {"st-within", "st-exceeds", "st-unknown", "st-na"};
	cmi_sb_printf(sb, "<section id=\"%s\">\n<h2>%s</h2>\n<table>\n<tr>", id, M(a, heading));
	const cmi_msg_id cols[] = {R_COL_RULE, R_COL_TASK, R_COL_VALUE, R_COL_LIMIT, R_COL_STATUS};
	for (int k = 0; k < 5; k++)
		cmi_sb_printf(sb, "<th>%s</th>", M(a, cols[k]));
	cmi_sb_puts(sb, "<th></th></tr>\n");
	for (int i = 0; i < ev->nfindings; i++) {
		const cmi_finding *in = &ev->findings[i];
		if (!cmi_report_shows_set(a, in->set))
			continue;
		cm_finding f = cmi_report_finding(a, ev, i);
		const cmi_rule *rule = &cmi_ruleset_at(a->ctx, in->set)->rules[in->rule];
		cmi_sb_puts(sb, "<tr><td>");
		esc(sb, f.rule);
		if (rule->label[a->ctx->lang] && !cmi_report_hides_titles(a)) {
			cmi_sb_puts(sb, "<br/><span class=\"note\">");
			esc(sb, rule->label[a->ctx->lang]);
			cmi_sb_puts(sb, "</span>");
		}
		cmi_sb_puts(sb, "</td><td>");
		esc(sb, f.task ? task_name(a, f.task) : "-");
		cmi_sb_puts(sb, "</td><td>");
		value_cell(a, &f.value, f.unit, sb);
		cmi_sb_puts(sb, "</td><td>");
		if (f.limit.kind != CM_VALUE_NONE && f.op)
			cmi_sb_puts(sb, !strcmp(f.op, "<=")   ? "≤ "
			                : !strcmp(f.op, ">=") ? "≥ "
			                                      : "= ");
		value_cell(a, &f.limit, f.unit, sb);
		cmi_sb_printf(sb, "</td><td class=\"%s\">%s</td><td>", cls[f.status],
		              ev == &a->advice
		                  ? M(a, f.status == CM_EXCEEDS ? R_ST_FLAGGED : R_ST_NO_FLAG)
		                  : M(a, st[f.status]));
		esc(sb, f.text);
		cmi_sb_puts(sb, "</td></tr>\n");
	}
	cmi_sb_puts(sb, "</table>\n</section>\n");
}

/* Each set, each adaptation with the findings it resolves (the search's). */
static void sets(const cm_assessment *a, cmi_sb *sb)
{
	const cmi_search *s = &a->search;
	cmi_sb_printf(sb, "<section id=\"sets\">\n<h2>%s</h2>\n", M(a, R_SETS));
	if (s->nsets == 0) {
		cmi_msg_id why = a->verdict == CM_VERDICT_FEASIBLE ? R_NO_SETS_NEEDED
		                 : a->job->nadaptations == 0       ? R_NONE_OFFERED
		                                                   : R_NO_SETS;
		tag_text(sb, "p", M(a, why));
	}
	for (int i = 0; i < s->nsets; i++) {
		char cost[64];
		cmi_format_money(s->sets[i].cost_eur, a->ctx->lang, cost, sizeof cost);
		char after[64], before[64];
		cmi_format_number(s->sets[i].hours_after, a->ctx->lang, after, sizeof after);
		cmi_format_number(cmi_job_task_hours(a->job), a->ctx->lang, before, sizeof before);
		cmi_sb_printf(sb, "<h3>%d. %s EUR</h3>\n<p class=\"note\">", i + 1, cost);
		cmi_sb_printf(sb, M(a, R_SET_HOURS), after, before);
		cmi_sb_printf(sb, "</p>\n<table>\n<tr><th>%s</th><th>%s</th></tr>\n",
		              M(a, H_ADAPTATION), M(a, H_RESOLVES));
		for (int m = 0; m < s->sets[i].n; m++) {
			const cmi_adaptation *ad = s->sets[i].members[m];
			cmi_sb_puts(sb, "<tr><td>");
			esc(sb, ad->id);
			cmi_sb_puts(sb, " <span class=\"note\">");
			esc(sb, ad->kind);
			cmi_sb_puts(sb, "</span></td><td>");
			const cmi_resolved *r =
			    s->sets[i].resolves ? &s->sets[i].resolves[m] : NULL;
			int n = 0;
			for (int j = 0; r && j < r->n; j++) {
				cm_finding f = cmi_report_finding(a, &a->base, r->findings[j]);
				cmi_sb_puts(sb, n++ ? ", " : "");
				esc(sb, f.rule);
				if (f.task) {
					cmi_sb_puts(sb, " (");
					esc(sb, task_name(a, f.task));
					cmi_sb_puts(sb, ")");
				}
			}
			if (!n)
				esc(sb, M(a, H_TOGETHER));
			cmi_sb_puts(sb, "</td></tr>\n");
		}
		cmi_sb_puts(sb, "</table>\n");
	}
	if (s->nunresolved > 0) {
		cmi_sb_printf(sb, "<h3 id=\"unresolved\">%s</h3>\n<ul>\n", M(a, R_UNRESOLVED));
		for (int i = 0; i < s->nunresolved; i++) {
			cm_finding f = cmi_report_finding(a, &a->base, s->unresolved[i]);
			cmi_sb_puts(sb, "<li>");
			esc(sb, f.rule);
			if (f.task) {
				cmi_sb_puts(sb, " (");
				esc(sb, task_name(a, f.task));
				cmi_sb_puts(sb, ")");
			}
			cmi_sb_puts(sb, ": ");
			esc(sb, f.text);
			cmi_sb_puts(sb, "</li>\n");
		}
		cmi_sb_puts(sb, "</ul>\n");
	}
	cmi_sb_puts(sb, "</section>\n");
}

static void sources(const cm_assessment *a, cmi_sb *sb)
{
	cmi_sb_printf(sb, "<section id=\"sources\">\n<h2>%s</h2>\n<ul>\n", M(a, H_SOURCES));
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, i);
		if (!cmi_report_shows_set(a, i))
			continue;
		cmi_sb_puts(sb, "<li><b>");
		esc(sb, cmi_report_set_id(a, i));
		cmi_sb_puts(sb, "</b> ");
		esc(sb, rs->version);
		if (cmi_report_hides_titles(a)) { /* the engine's words for what the set is */
			cmi_sb_puts(sb, " — ");
			esc(sb, cmi_report_set_title(a, i));
		} else {
			cmi_sb_puts(sb, " — ");
			esc(sb, rs->title[a->ctx->lang]);
			cmi_sb_puts(sb, "<br/><span class=\"note\">");
			esc(sb, rs->source);
			cmi_sb_puts(sb, "</span>");
		}
		const char *failure = cmi_report_failure(a, i);
		if (failure) {
			char line[1400];
			cmi_text_snprintf(line, sizeof line, M(a, R_NOT_RUN), failure);
			cmi_sb_puts(sb, "<br/><span class=\"st-exceeds\">");
			esc(sb, line);
			cmi_sb_puts(sb, "</span>");
		}
		cmi_sb_puts(sb, "</li>\n");
	}
	cmi_sb_puts(sb, "</ul>\n</section>\n");
}

/* The text report's reproducibility block, as it is: one source of it. */
static void reproducibility(const cm_assessment *a, cmi_sb *sb)
{
	cmi_sb text;
	cmi_sb_init(&text, a->ctx);
	cmi_report_text_reproducibility(a, &text);
	cmi_sb_printf(sb, "<section id=\"reproducibility\">\n<pre class=\"sha\">");
	esc(sb, text.buf);
	cmi_sb_puts(sb, "</pre>\n</section>\n");
	sb->failed |= text.failed;
	cmi_sb_free(&text);
}

void cmi_report_html(const cm_assessment *a, cmi_sb *sb)
{
	const cmi_eval *with = a->search.have_cheapest ? &a->search.cheapest : NULL;
	char title[600];
	cmi_text_snprintf(title, sizeof title, M(a, a->person ? R_HEADING_MATCH : R_HEADING),
	                  a->job->id);
	cmi_sb_printf(sb,
	              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	              "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>",
	              cmi_lang_code(a->ctx->lang));
	esc(sb, title);
	cmi_sb_printf(sb, "</title>\n<style>%s</style>\n</head>\n<body>\n", cmi_html_css);
	header(a, sb);
	chart(a, with, sb);
	findings_table(a, &a->base, "findings", H_FINDINGS, sb);
	sets(a, sb);
	int advice = 0;
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++)
		advice |= cmi_report_shows_set(a, i) && a->role[i] == CMI_ROLE_ADVICE;
	if (advice)
		findings_table(a, &a->advice, "advice", R_ADVICE, sb);
	sources(a, sb);
	reproducibility(a, sb);
	cmi_sb_printf(sb, "<footer class=\"note\"><p>");
	if (a->person && a->audience == CM_AUDIENCE_EMPLOYER) {
		esc(sb, M(a, R_EMPLOYER_VIEW));
		cmi_sb_puts(sb, "</p><p>");
	}
	cmi_sb_printf(sb, "%s capamatch %s. ", M(a, R_ENGINE), CM_VERSION);
	esc(sb, M(a, R_NOTE));
	cmi_sb_puts(sb, "</p></footer>\n</body>\n</html>\n");
}

void cmi_report_rank_html(const cm_assessment *a, cmi_sb *sb)
{
	static const char *const vclass[] = {"v-feasible", "v-feasible-with-adaptations",
	                                     "v-not-feasible", "v-incomplete"};
	static const cmi_msg_id vwords[] = {R_V_FEASIBLE, R_V_WITH_ADAPTATIONS, R_V_NOT_FEASIBLE,
	                                    R_V_INCOMPLETE};
	char num[64];
	cmi_sb_puts(sb, "<td>");
	esc(sb, a->job->id);
	cmi_sb_puts(sb, "<br/><span class=\"note\">");
	esc(sb, cmi_job_title(a->job, a->ctx->lang));
	if (cmi_job_isco(a->job)) {
		char isco[64];
		snprintf(isco, sizeof isco, M(a, R_RANK_ISCO), cmi_job_isco(a->job));
		cmi_sb_puts(sb, "<br/>");
		esc(sb, isco);
	}
	cmi_sb_puts(sb, "</span><br/><span class=\"sha\">");
	esc(sb, a->job->file);
	cmi_sb_printf(sb, " sha256 %s</span></td><td class=\"%s\">", a->job->sha256,
	              vclass[a->verdict]);
	esc(sb, M(a, vwords[a->verdict]));
	cmi_sb_puts(sb, "</td><td>");
	if (a->verdict == CM_VERDICT_NOT_FEASIBLE) {
		cmi_sb_puts(sb, "-");
	} else {
		cmi_format_money(a->search.nsets ? a->search.sets[0].cost_eur : 0, a->ctx->lang,
		                 num, sizeof num);
		cmi_sb_printf(sb, "%s EUR", num);
	}
	cmi_format_number(a->score, a->ctx->lang, num, sizeof num);
	cmi_sb_printf(sb, "</td><td>%s</td><td>", num);
	/* the score's parts as a small stacked bar, each part labelled; every
	 * job's bar has the same scale (6 px a point, up to 40 points), so the
	 * rows compare */
	enum { W = 240, H = 14 };
	double scale = a->score > 40 ? W / a->score : W / 40.0;
	static const char *const colours[] = {"#4a7ab5", "#d08a2e", "#5a9e5a", "#b5524a",
	                                      "#8a6bb5", "#4aa5a5", "#a5a54a", "#777777"};
	cmi_sb_printf(sb,
	              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	              "class=\"contrib\">",
	              W, H);
	double x = 0;
	for (int k = 0; k < a->ncontrib; k++) {
		const cmi_contribution *c = &a->contrib[k];
		double w = c->weight * c->ratio * scale;
		char part[48];
		cmi_format_number(c->weight * c->ratio, a->ctx->lang, part, sizeof part);
		cmi_sb_printf(sb,
		              "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
		              x, w, H, colours[k % 8]);
		cmi_sb_puts(sb, "<title>");
		esc(sb, cmi_ruleset_at(a->ctx, c->set)->rules[c->rule].id);
		cmi_sb_printf(sb, " %s</title></rect>", part);
		x += w;
	}
	cmi_sb_puts(sb, "</svg><br/><span class=\"note\">");
	for (int k = 0; k < a->ncontrib; k++) {
		const cmi_contribution *c = &a->contrib[k];
		char part[48];
		cmi_format_number(c->weight * c->ratio, a->ctx->lang, part, sizeof part);
		cmi_sb_printf(sb, "%s<span style=\"color:%s\">&#9632;</span> ", k ? " " : "",
		              colours[k % 8]);
		esc(sb, cmi_ruleset_at(a->ctx, c->set)->rules[c->rule].id);
		cmi_sb_printf(sb, " %s", part);
	}
	/* why it stands here, then what the text ranking lists under it: the
	 * cheapest set and the rules no set resolves */
	cmi_sb_puts(sb, "</span></td><td class=\"why\"><p>");
	cmi_sb why;
	cmi_sb_init(&why, a->ctx);
	cmi_rank_why(a, &why);
	esc(sb, why.buf ? why.buf : "");
	sb->failed |= why.failed;
	cmi_sb_free(&why);
	cmi_sb_puts(sb, "</p>");
	if (a->search.nsets > 0) {
		cmi_sb_puts(sb, "<p class=\"cheapest-set\">");
		esc(sb, M(a, R_RANK_SET));
		esc(sb, M(a, R_COLON));
		for (int j = 0; j < a->search.sets[0].n; j++) {
			cmi_sb_puts(sb, j ? ", " : " ");
			esc(sb, a->search.sets[0].members[j]->id);
		}
		cmi_sb_puts(sb, "</p>");
	}
	if (a->search.nunresolved > 0) {
		cmi_sb_puts(sb, "<p class=\"unresolved st-exceeds\">");
		esc(sb, M(a, R_RANK_UNRESOLVED));
		esc(sb, M(a, R_COLON));
		for (int i = 0, n = 0; i < a->search.nunresolved; i++)
			if (cmi_first_of_rule(a, a->search.unresolved, i, -1, 0)) {
				cmi_sb_puts(sb, n++ ? ", " : " ");
				esc(sb, a->findings[a->search.unresolved[i]].rule);
			}
		cmi_sb_puts(sb, "</p>");
	}
	if (a->verdict == CM_VERDICT_INCOMPLETE) {
		cmi_sb reason;
		cmi_sb_init(&reason, a->ctx);
		cmi_verdict_reason(a, &reason);
		cmi_sb_puts(sb, "<p>");
		esc(sb, reason.buf ? reason.buf : "");
		cmi_sb_puts(sb, "</p>");
		sb->failed |= reason.failed;
		cmi_sb_free(&reason);
	}
	cmi_sb_puts(sb, "</td>");
}
