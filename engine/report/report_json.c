/*
 * report_json.c — the report for programs. The keys listed in
 * examples/README.md (verdict, findings[], adaptation_sets[], unresolved)
 * are a contract; others may be added, never renamed. Numbers carry full
 * precision (the shortest text that reads back to the same double).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "catalogue.h"
#include "claml.h"
#include "messages.h"
#include "report.h"
#include "utf8.h"

/* Valid JSON whatever s holds: text from rules arrives plain already
 * (cmi_text_plain), but a string from elsewhere may not. Controls, DEL
 * and C1 are escaped, U+2028/U+2029 too (JavaScript reads them as line
 * ends), and each ill-formed UTF-8 part becomes \ufffd. */
void cmi_json_string(cmi_sb *sb, const char *s)
{
	if (!s) {
		cmi_sb_puts(sb, "null");
		return;
	}
	cmi_sb_puts(sb, "\"");
	for (size_t i = 0, len = strlen(s), n; i < len; i += n) {
		/* a run of printable ASCII that needs no escape goes in whole:
		 * ids and keys are nearly all of it (rank writes thousands a job) */
		for (n = 0; i + n < len && s[i + n] >= 0x20 && s[i + n] < 0x7F && s[i + n] != '"' &&
		            s[i + n] != '\\';
		     n++)
			;
		if (n) {
			cmi_sb_add(sb, s + i, n);
			continue;
		}
		long cp;
		n = cmi_utf8_next(s + i, len - i, &cp);
		if (cp == CMI_UTF8_BAD)
			cmi_sb_puts(sb, "\\ufffd");
		else if (cp == '"' || cp == '\\')
			cmi_sb_printf(sb, "\\%c", (int)cp);
		else if (cp == '\n')
			cmi_sb_puts(sb, "\\n");
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
			cmi_sb_printf(sb, "\\u%04lx", cp);
		else
			cmi_sb_add(sb, s + i, n);
	}
	cmi_sb_puts(sb, "\"");
}

void cmi_json_number(cmi_sb *sb, double x)
{
	if (!isfinite(x)) {
		cmi_sb_puts(sb, "null");
		return;
	}
	char buf[40];
	/* An integer of at most 15 digits prints as its digits under %.15g:
	 * written here without printf, which rank calls for every weight and
	 * limit. -0 keeps its sign, as %.15g gives it. */
	if (x == floor(x) && fabs(x) < 1e15 && !(x == 0 && signbit(x))) {
		long long v = (long long)x;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
		char *end = buf + sizeof buf, *p = end;
		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--p = '-';
		cmi_sb_add(sb, p, (size_t)(end - p));
		return;
	}
	/* A figure of at most six decimals (what rules keep, H.tidy) prints as
	 * those decimals: the division below is correctly rounded, so when it
	 * gives x back, x is the double nearest that decimal, which %.15g
	 * prints (at most 15 digits here, and no exponent from 1e-4 up). */
	double ax = fabs(x);
	if (ax >= 1e-4 && ax < 1e9) {
		long long m = llround(ax * 1e6);
		if ((double)m / 1e6 == ax) {
			char *end = buf + sizeof buf, *p = end;
			int frac = 6;
			while (frac > 0 && m % 10 == 0) { /* no trailing zeros */
				m /= 10;
				frac--;
			}
			for (int i = 0; i < frac; i++, m /= 10)
				*--p = (char)('0' + m % 10);
			*--p = '.';
			do
				*--p = (char)('0' + m % 10);
			while (m /= 10);
			if (x < 0)
				*--p = '-';
			cmi_sb_add(sb, p, (size_t)(end - p));
			return;
		}
	}
	snprintf(buf, sizeof buf, "%.15g", x);
	if (strtod(buf, NULL) != x)
		snprintf(buf, sizeof buf, "%.17g", x);
	cmi_sb_puts(sb, buf);
}

static void jvalue(cmi_sb *sb, const cm_value *v)
{
	if (v->kind == CM_VALUE_NUMBER)
		cmi_json_number(sb, v->number);
	else if (v->kind == CM_VALUE_BOOL)
		cmi_sb_puts(sb, v->boolean ? "true" : "false");
	else
		cmi_sb_puts(sb, "null");
}

static void key(cmi_sb *sb, int *first, const char *k)
{
	cmi_sb_puts(sb, *first ? "" : ", ");
	*first = 0;
	cmi_json_string(sb, k);
	cmi_sb_puts(sb, ": ");
}

/* "key": "text" (null when text is NULL). */
static void field(cmi_sb *sb, int *first, const char *k, const char *text)
{
	key(sb, first, k);
	cmi_json_string(sb, text);
}

static void finding(cmi_sb *sb, const cm_finding *f)
{
	int first = 1;
	cmi_sb_puts(sb, "{");
	field(sb, &first, "ruleset", f->ruleset);
	field(sb, &first, "rule", f->rule);
	field(sb, &first, "status", cm_finding_status_name(f->status));
	key(sb, &first, "value");
	jvalue(sb, &f->value);
	key(sb, &first, "limit");
	jvalue(sb, &f->limit);
	field(sb, &first, "unit", f->unit);
	field(sb, &first, "op", f->op);
	field(sb, &first, "task", f->task);
	field(sb, &first, "element", f->element);
	key(sb, &first, "margin");
	cmi_json_number(sb, f->margin);
	field(sb, &first, "text", f->text);
	cmi_sb_puts(sb, "}");
}

static void job(cmi_sb *sb, const cm_assessment *a)
{
	int first = 1;
	cmi_sb_puts(sb, "{");
	field(sb, &first, "id", a->job->id);
	field(sb, &first, "title", cmi_job_title(a->job, a->ctx->lang));
	field(sb, &first, "file", a->job->file);
	field(sb, &first, "sha256", a->job->sha256);
	key(sb, &first, "tasks");
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < a->job->ntasks; i++) {
		const cmi_task *t = &a->job->tasks[i];
		int tfirst = 1;
		cmi_sb_puts(sb, i ? ", {" : "{");
		field(sb, &tfirst, "id", t->id);
		key(sb, &tfirst, "hours_per_day");
		cmi_json_number(sb, t->hours_per_day);
		field(sb, &tfirst, "title", cmi_title(t->titles, t->ntitles, a->ctx->lang));
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, "]}");
}

/* A parameter value: numbers and booleans are kept as valid JSON text
 * (rules.c writes numbers "%.14g"), strings are quoted. */
static void param_value(cmi_sb *sb, const cmi_param *p, const char *value)
{
	if (p->type == LUA_TSTRING)
		cmi_json_string(sb, value);
	else
		cmi_sb_puts(sb, value);
}

static void param(cmi_sb *sb, const cmi_param *p)
{
	int first = 1;
	cmi_sb_puts(sb, "{");
	field(sb, &first, "name", p->name);
	field(sb, &first, "kind", p->kind == CMI_PARAM_LIMIT ? "limit" : "reading");
	key(sb, &first, "value");
	param_value(sb, p, p->value);
	key(sb, &first, "default");
	param_value(sb, p, p->published);
	field(sb, &first, "unit", p->unit);
	if (p->nchoices) {
		key(sb, &first, "choices");
		cmi_sb_puts(sb, "[");
		for (int i = 0; i < p->nchoices; i++) {
			cmi_sb_puts(sb, i ? ", " : "");
			cmi_json_string(sb, p->choices[i]);
		}
		cmi_sb_puts(sb, "]");
	}
	key(sb, &first, "overridden");
	cmi_sb_puts(sb, p->overridden ? "true" : "false");
	key(sb, &first, "departs_from_frame");
	cmi_sb_puts(sb, cmi_param_departs(p) ? "true" : "false");
	cmi_sb_puts(sb, "}");
}

/* The parameters pick selects, of the rule sets a shows (all when a is
 * NULL), as {ruleset, name, value, default} objects; how many. */
static int param_entries(cmi_sb *sb, cm_ctx *ctx, const cm_assessment *a,
                         int (*pick)(const cmi_param *p))
{
	int n = 0;
	for (int i = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		for (int j = 0; (!a || cmi_report_shows_set(a, i)) && j < rs->nparams; j++) {
			const cmi_param *p = &rs->params[j];
			if (!pick(p))
				continue;
			int first = 1;
			cmi_sb_puts(sb, n++ ? ", {" : "{");
			field(sb, &first, "ruleset", a ? cmi_report_set_id(a, i) : rs->id);
			field(sb, &first, "name", p->name);
			key(sb, &first, "value");
			param_value(sb, p, p->value);
			key(sb, &first, "default");
			param_value(sb, p, p->published);
			cmi_sb_puts(sb, "}");
		}
	}
	return n;
}

static int set_by_user(const cmi_param *p)
{
	return p->overridden;
}

/* The limits in force that are not the published ones (rules.h), for the
 * whole report: "departs_from_frame" and the list. */
static void departures(cmi_sb *sb, const cm_assessment *a)
{
	cmi_sb_puts(sb, "[");
	int n = param_entries(sb, a->ctx, a, cmi_param_departs);
	cmi_sb_printf(sb, "],\n  \"departs_from_frame\": %s", n ? "true" : "false");
}

static void ruleset(cmi_sb *sb, const cm_assessment *a, int i)
{
	const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, i);
	const char *failure = cmi_report_failure(a, i);
	int first = 1;
	cmi_sb_puts(sb, "    {");
	field(sb, &first, "id", cmi_report_set_id(a, i));
	field(sb, &first, "version", rs->version);
	if (!cmi_report_hides_titles(a)) { /* "…with low-back pain" names the diagnosis */
		field(sb, &first, "valid_from", rs->valid_from);
		field(sb, &first, "title", rs->title[a->ctx->lang]);
		field(sb, &first, "source", rs->source);
	} else { /* the engine's words for what the set is; a frame's date tells which */
		field(sb, &first, "title", cmi_report_set_title(a, i));
	}
	key(sb, &first, "ran");
	cmi_sb_puts(sb, failure ? "false" : "true");
	field(sb, &first, "error", failure);
	key(sb, &first, "parameters");
	cmi_sb_puts(sb, "[");
	for (int j = 0; j < rs->nparams; j++) {
		cmi_sb_puts(sb, j ? ", " : "");
		param(sb, &rs->params[j]);
	}
	cmi_sb_puts(sb, "]}");
}

static void index_list(cmi_sb *sb, const cm_assessment *a, const int *idx, int n, int rules_only)
{
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < n; i++) {
		cm_finding f = cmi_report_finding(a, &a->base, idx[i]);
		cmi_sb_puts(sb, i ? ", " : "");
		if (rules_only) {
			cmi_json_string(sb, f.rule);
			continue;
		}
		int first = 1;
		cmi_sb_puts(sb, "{");
		field(sb, &first, "ruleset", f.ruleset);
		field(sb, &first, "rule", f.rule);
		field(sb, &first, "task", f.task);
		field(sb, &first, "element", f.element);
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, "]");
}

/* Unique rule ids, in finding order: the contract's `unresolved`. */
static void unresolved_rules(cmi_sb *sb, const cm_assessment *a)
{
	const cmi_search *s = &a->search;
	int *unique = cmi_calloc(a->ctx, (size_t)s->nunresolved + 1, sizeof *unique), n = 0;
	if (!unique) {
		sb->failed = 1;
		return;
	}
	for (int i = 0; i < s->nunresolved; i++)
		if (cmi_first_of_rule(a, s->unresolved, i, -1, 0))
			unique[n++] = s->unresolved[i];
	index_list(sb, a, unique, n, 1);
	free(unique);
}

/* A set's "resolves": each member's id with the rule ids (each once, in
 * finding order) of the findings that exceed again when it alone is left
 * out (search.c, step 6); [] for a member needed only together with
 * others. */
static void resolves(cmi_sb *sb, const cm_assessment *a, const cmi_set *s)
{
	cmi_sb_puts(sb, "{");
	for (int m = 0; m < s->n; m++) {
		const cmi_resolved *r = &s->resolves[m];
		cmi_sb_puts(sb, m ? ", " : "");
		cmi_json_string(sb, s->members[m]->id);
		cmi_sb_puts(sb, ": [");
		for (int j = 0, n = 0; j < r->n; j++) {
			if (!cmi_report_shows_set(a, a->base.findings[r->findings[j]].set) ||
			    !cmi_first_of_rule(a, r->findings, j, -1, 0))
				continue;
			cmi_sb_puts(sb, n++ ? ", " : "");
			cmi_json_string(sb, a->findings[r->findings[j]].rule);
		}
		cmi_sb_puts(sb, "]");
	}
	cmi_sb_puts(sb, "}");
}

static void sets(cmi_sb *sb, const cm_assessment *a)
{
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < a->search.nsets; i++) {
		const cmi_set *s = &a->search.sets[i];
		cmi_sb_puts(sb, i ? ",\n    {" : "\n    {");
		int first = 1;
		key(sb, &first, "adaptations");
		cmi_sb_puts(sb, "[");
		for (int j = 0; j < s->n; j++) {
			cmi_sb_puts(sb, j ? ", " : "");
			cmi_json_string(sb, s->members[j]->id);
		}
		cmi_sb_puts(sb, "]");
		key(sb, &first, "cost_eur");
		cmi_json_number(sb, s->cost_eur);
		key(sb, &first, "hours_per_day_before");
		cmi_json_number(sb, cmi_job_task_hours(a->job));
		key(sb, &first, "hours_per_day_after");
		cmi_json_number(sb, s->hours_after);
		if (s->resolves) {
			key(sb, &first, "resolves");
			resolves(sb, a, s);
		}
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, a->search.nsets ? "\n  ]" : "]");
}

static void search_info(cmi_sb *sb, const cm_assessment *a)
{
	const cmi_search *s = &a->search;
	cmi_sb_printf(sb,
	              "{\"total_sets\": %.0f, \"largest_group\": %d, \"max_group\": %d, "
	              "\"max_sets\": %d, \"rejected\": %d, \"evaluations\": %d, \"failure\": ",
	              s->total_sets, s->largest_group, a->ctx->max_group, a->ctx->max_sets,
	              s->rejected, s->evaluations);
	if (s->failure) {
		int first = 1;
		cmi_sb_puts(sb, "{");
		field(sb, &first, "with", s->failure_with);
		field(sb, &first, "error", /* a rule's own text, which may quote what it read */
		      cmi_report_hides_titles(a) ? cmi_msg(a->ctx->lang, R_EMP_NOT_RUN)
		                                 : s->failure);
		cmi_sb_puts(sb, "}}");
	} else {
		cmi_sb_puts(sb, "null}");
	}
}

static const char *const audience_names[] = {"medical", "worker", "employer"};

static void contributions(cmi_sb *sb, const cm_assessment *a, int figures);

/* The person: an employer reads the id only. */
static void person(cmi_sb *sb, const cm_assessment *a)
{
	const cm_person *p = a->person;
	int first = 1;
	cmi_sb_puts(sb, "{");
	field(sb, &first, "id", p->id);
	if (a->audience != CM_AUDIENCE_EMPLOYER) {
		field(sb, &first, "file", p->file);
		field(sb, &first, "sha256", p->sha256);
		key(sb, &first, "diagnoses");
		cmi_sb_puts(sb, "[");
		for (int i = 0; i < p->ndiagnoses; i++) {
			cmi_sb_puts(sb, i ? ", " : "");
			cmi_json_string(sb, p->diagnoses[i].text);
		}
		cmi_sb_puts(sb, "]");
		key(sb, &first, "icf");
		cmi_sb_puts(sb, "[");
		for (int i = 0; i < p->ncodes; i++) {
			cmi_sb_puts(sb, i ? ", " : "");
			cmi_json_string(sb, p->codes[i].text);
		}
		cmi_sb_puts(sb, "]");
		if (a->ctx->icf_classes) { /* the classification's titles, by code */
			key(sb, &first, "icf_titles");
			cmi_sb_puts(sb, "{");
			for (int i = 0; i < p->ncodes; i++) {
				cm_lang got;
				const cmi_icf_class *k =
				    cmi_icf_class_find(a->ctx->icf_classes, p->codes[i].st.code);
				cmi_sb_puts(sb, i ? ", " : "");
				cmi_json_string(sb, p->codes[i].st.code);
				cmi_sb_puts(sb, ": ");
				cmi_json_string(sb, cmi_icf_class_title(k, a->ctx->lang, &got));
			}
			cmi_sb_puts(sb, "}");
		}
		key(sb, &first, "capacities");
		cmi_sb_puts(sb, "[");
		for (int i = 0; i < p->ncapacities; i++) {
			const cmi_capacity *c = &p->capacities[i];
			int cf = 1;
			cmi_sb_puts(sb, i ? ", {" : "{");
			field(sb, &cf, "item", c->item);
			key(sb, &cf, c->unit);
			cmi_json_number(sb, c->value);
			field(sb, &cf, "frequency", c->frequency);
			cmi_sb_puts(sb, "}");
		}
		cmi_sb_puts(sb, "]");
		key(sb, &first, "screening");
		cmi_sb_puts(sb, "[");
		for (int i = 0; i < p->nscreenings; i++) {
			int cf = 1;
			cmi_sb_puts(sb, i ? ", {" : "{");
			field(sb, &cf, "instrument", p->screenings[i].instrument);
			key(sb, &cf, "score");
			cmi_json_number(sb, p->screenings[i].score);
			cmi_sb_puts(sb, "}");
		}
		cmi_sb_puts(sb, "]");
		key(sb, &first, "resting_bpm");
		cmi_json_number(sb, p->resting_bpm);
	}
	cmi_sb_puts(sb, "}");
}

static void windows(cmi_sb *sb, const cm_assessment *a)
{
	static const char *const states[] = {"none", "applies", "after-window", "no-return-date"};
	int n = 0;
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < cmi_nrulesets(a->ctx); i++) {
		const cmi_window *w = &a->windows[i];
		if (w->state == CMI_WINDOW_NONE)
			continue;
		int first = 1, dated = w->state != CMI_WINDOW_NO_RETURN;
		cmi_sb_puts(sb, n++ ? ", {" : "{");
		field(sb, &first, "ruleset", cmi_report_set_id(a, i));
		key(sb, &first, "applied");
		cmi_sb_puts(sb, w->state == CMI_WINDOW_IN ? "true" : "false");
		field(sb, &first, "state", states[w->state]);
		field(sb, &first, "first_day", dated ? w->first : NULL);
		field(sb, &first, "last_day", dated ? w->last : NULL);
		field(sb, &first, "reevaluation", dated ? w->reevaluate : NULL);
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, "]");
}

/* The findings of ev whose rule set the report shows. */
static void finding_array(cmi_sb *sb, const cm_assessment *a, const cmi_eval *ev)
{
	int n = 0;
	for (int i = 0; i < ev->nfindings; i++) {
		if (!cmi_report_shows_set(a, ev->findings[i].set))
			continue;
		cmi_sb_puts(sb, n++ ? ",\n    " : "\n    ");
		cm_finding f = cmi_report_finding(a, ev, i);
		finding(sb, &f);
	}
	cmi_sb_puts(sb, n ? "\n  ]" : "]");
}

/* One file: its kind or id, its name as reports show it, its hash. */
static void file_entry(cmi_sb *sb, const char *what, const char *id, const char *version,
                       const char *file, const char *sha256)
{
	int first = 1;
	cmi_sb_puts(sb, "{");
	if (what)
		field(sb, &first, "kind", what);
	if (id) {
		field(sb, &first, "id", id);
		field(sb, &first, "version", version);
	}
	field(sb, &first, "file", file);
	field(sb, &first, "sha256", sha256 && sha256[0] ? sha256 : NULL);
	cmi_sb_puts(sb, "}");
}

/* What reproduces the report (report_text.c says the same in words). */
void cmi_repro_json(const cmi_repro *r, cmi_sb *sb)
{
	cm_ctx *ctx = r->ctx;
	char shown[CMI_SHOWN_FILE];
	cmi_sb_puts(sb, "{\"inputs\": [");
	if (r->job)
		file_entry(sb, "job", NULL, NULL, r->job->file, r->job->sha256);
	if (r->person) {
		cmi_sb_puts(sb, r->job ? ", " : "");
		file_entry(sb, "person", NULL, NULL, r->person->file, r->person->sha256);
	}
	cmi_sb_puts(sb, "], \"rule_sets\": [");
	for (int i = 0, n = 0; i < cmi_nrulesets(ctx); i++) {
		const cmi_ruleset *rs = cmi_ruleset_at(ctx, i);
		if (r->a && !cmi_report_shows_set(r->a, i))
			continue;
		cmi_sb_puts(sb, n++ ? ", " : "");
		if (r->a && cmi_report_hides_titles(r->a)) /* the file's name is the set's id */
			file_entry(sb, NULL, cmi_report_set_id(r->a, i), rs->version, NULL,
			           rs->sha256);
		else
			file_entry(sb, NULL, rs->id, rs->version,
			           cmi_report_file_name(ctx, rs->file, shown), rs->sha256);
	}
	const cmi_catalogue *cat = cmi_rules_catalogue(ctx);
	cmi_sb_puts(sb, "], \"catalogue\": ");
	file_entry(sb, NULL, "adaptations", cat->version,
	           cmi_report_file_name(ctx, cat->file, shown), cat->sha256);
	cmi_sb_puts(sb, ", \"helpers\": ");
	file_entry(sb, NULL, NULL, NULL, "rules/lib/capamatch.lua", cmi_rules_helpers_sha256(ctx));
	cmi_sb_puts(sb, ", \"parameters_set\": [");
	param_entries(sb, ctx, r->a, set_by_user);
	cmi_sb_printf(sb, "], \"engine_version\": \"%s\", \"assessment_date\": ", CM_VERSION);
	cmi_json_string(sb, r->date && r->date[0] ? r->date : NULL);
	cmi_sb_puts(sb, "}");
}

void cmi_report_json(const cm_assessment *a, cmi_sb *sb)
{
	static const char *const sources[] = {"given", "person-profile", "today"};
	cmi_sb_printf(sb, "{\n  \"capamatch\": {\"version\": \"%s\", \"command\": \"%s\"},\n",
	              CM_VERSION, a->person ? "match" : "check");
	cmi_sb_puts(sb, "  \"assessment_date\": ");
	cmi_json_string(sb, a->date[0] ? a->date : NULL);
	if (a->person)
		cmi_sb_printf(sb, ",\n  \"assessment_date_from\": \"%s\",\n  \"audience\": \"%s\"",
		              sources[a->date_source], audience_names[a->audience]);
	cmi_sb_printf(sb, ",\n  \"language\": \"%s\",\n  \"job\": ", cmi_lang_code(a->ctx->lang));
	job(sb, a);
	if (a->person) {
		cmi_sb_puts(sb, ",\n  \"person\": ");
		person(sb, a);
		cmi_sb_puts(sb, ",\n  \"return_to_work\": ");
		windows(sb, a);
	}
	cmi_sb_puts(sb, ",\n  \"age\": ");
	if (a->age >= 0)
		cmi_sb_printf(sb, "%d", a->age);
	else
		cmi_sb_puts(sb, "null");
	cmi_sb_puts(sb, ",\n  \"rulesets\": [\n");
	for (int i = 0, n = 0; i < cmi_nrulesets(a->ctx); i++) {
		if (!cmi_report_shows_set(a, i))
			continue;
		cmi_sb_puts(sb, n++ ? ",\n" : "");
		ruleset(sb, a, i);
	}
	cmi_sb_puts(sb, "\n  ],\n  \"findings\": [");
	finding_array(sb, a, &a->base);
	if (a->person && a->audience != CM_AUDIENCE_EMPLOYER) {
		cmi_sb_puts(sb, ",\n  \"advice\": [");
		finding_array(sb, a, &a->advice);
		cmi_sb_puts(sb, ",\n  \"score\": ");
		cmi_json_number(sb, a->score);
		cmi_sb_puts(sb, ",\n  \"contributions\": ");
		contributions(sb, a, 0);
	}
	cmi_sb_puts(sb, ",\n  \"adaptation_sets\": ");
	sets(sb, a);
	cmi_sb_puts(sb, ",\n  \"unresolved\": ");
	unresolved_rules(sb, a);
	cmi_sb_puts(sb, ",\n  \"unresolved_findings\": ");
	index_list(sb, a, a->search.unresolved, a->search.nunresolved, 0);
	cmi_sb_puts(sb, ",\n  \"not_searched\": ");
	index_list(sb, a, a->search.unsearched, a->search.nunsearched, 0);
	cmi_sb_puts(sb, ",\n  \"search\": ");
	search_info(sb, a);
	cmi_sb_puts(sb, ",\n  \"departures\": ");
	departures(sb, a);
	cmi_sb_puts(sb, ",\n  \"reproducibility\": ");
	cmi_repro r = cmi_repro_of(a);
	cmi_repro_json(&r, sb);
	cmi_sb_printf(
	    sb, ",\n  \"verdict\": \"%s\",\n  \"verdict_reason\": ", cm_verdict_name(a->verdict));
	cmi_sb reason;
	cmi_sb_init(&reason, a->ctx);
	cmi_verdict_reason(a, &reason);
	cmi_json_string(sb, reason.buf ? reason.buf : "");
	sb->failed |= reason.failed;
	cmi_sb_free(&reason);
	cmi_sb_puts(sb, "\n}\n");
}

/* The rule ids of the base findings with this status, each once. */
static void rules_with(cmi_sb *sb, const cm_assessment *a, cm_finding_status status)
{
	int n = 0;
	cmi_sb_puts(sb, "[");
	for (int i = 0; i < a->base.nfindings; i++) {
		if (!cmi_first_of_rule(a, NULL, i, (int)status, 0)) /* each rule id once */
			continue;
		cmi_sb_puts(sb, n++ ? ", " : "");
		cmi_json_string(sb, a->findings[i].rule);
	}
	cmi_sb_puts(sb, "]");
}

/* The score's parts: each weighted rule's weight, worst ratio and product;
 * with figures (rank's line), the demand and limit behind the ratio. */
static void contributions(cmi_sb *sb, const cm_assessment *a, int figures)
{
	cmi_sb_puts(sb, "[");
	for (int k = 0; k < a->ncontrib; k++) {
		const cmi_contribution *c = &a->contrib[k];
		const cmi_ruleset *rs = cmi_ruleset_at(a->ctx, c->set);
		int cf = 1;
		cmi_sb_puts(sb, k ? ", {" : "{");
		field(sb, &cf, "ruleset", rs->id);
		field(sb, &cf, "rule", rs->rules[c->rule].id);
		key(sb, &cf, "weight");
		cmi_json_number(sb, c->weight);
		key(sb, &cf, "ratio");
		cmi_json_number(sb, c->ratio);
		key(sb, &cf, "contribution");
		cmi_json_number(sb, c->weight * c->ratio);
		if (figures && a->audience != CM_AUDIENCE_EMPLOYER) {
			key(sb, &cf, "demand");
			jvalue(sb, &c->demand);
			key(sb, &cf, "limit");
			jvalue(sb, &c->limit);
			field(sb, &cf, "op", c->op);
			field(sb, &cf, "unit", c->unit);
			field(sb, &cf, "task", c->task);
			key(sb, &cf, "capped");
			cmi_sb_puts(sb, c->capped ? "true" : "false");
		}
		cmi_sb_puts(sb, "}");
	}
	cmi_sb_puts(sb, "]");
}

void cmi_report_rank_line(const cm_assessment *a, cmi_sb *sb)
{
	int first = 1;
	cmi_sb_puts(sb, "{");
	field(sb, &first, "job", a->job->id);
	field(sb, &first, "title", cmi_job_title(a->job, a->ctx->lang));
	field(sb, &first, "isco08", cmi_job_isco(a->job));
	field(sb, &first, "file", a->job->file);
	field(sb, &first, "sha256", a->job->sha256);
	field(sb, &first, "verdict", cm_verdict_name(a->verdict));
	key(sb, &first, "cost_eur");
	if (a->verdict == CM_VERDICT_NOT_FEASIBLE)
		cmi_sb_puts(sb, "null");
	else
		cmi_json_number(sb, a->search.nsets ? a->search.sets[0].cost_eur : 0);
	key(sb, &first, "adaptations");
	cmi_sb_puts(sb, "[");
	for (int j = 0; a->search.nsets && j < a->search.sets[0].n; j++) {
		cmi_sb_puts(sb, j ? ", " : "");
		cmi_json_string(sb, a->search.sets[0].members[j]->id);
	}
	cmi_sb_puts(sb, "]");
	key(sb, &first, "score");
	cmi_json_number(sb, a->score);
	key(sb, &first, "contributions");
	contributions(sb, a, 1);
	key(sb, &first, "unresolved");
	unresolved_rules(sb, a);
	key(sb, &first, "unknown");
	rules_with(sb, a, CM_UNKNOWN);
	key(sb, &first, "return_to_work");
	windows(sb, a);
	key(sb, &first, "not_run");
	cmi_sb_puts(sb, "[");
	for (int i = 0, n = 0; i < cmi_nrulesets(a->ctx); i++) {
		if (!cmi_ruleset_failure(a, i))
			continue;
		cmi_sb_puts(sb, n++ ? ", " : "");
		cmi_json_string(sb, cmi_ruleset_at(a->ctx, i)->id);
	}
	cmi_sb_puts(sb, "]");
	if (a->audience != CM_AUDIENCE_EMPLOYER) {
		cmi_sb why;
		cmi_sb_init(&why, a->ctx);
		cmi_rank_why(a, &why);
		field(sb, &first, "why", why.buf ? why.buf : "");
		sb->failed |= why.failed;
		cmi_sb_free(&why);
	}
	cmi_sb_puts(sb, "}");
}
