/*
 * load_job.c — job profile XML to cm_job.
 *
 * xml.c has already refused malformed, hostile and schema-invalid input; this
 * module maps the tree to the model and adds the checks a schema cannot
 * express: physical ranges (from job_fields.c), unique ids, task references,
 * and each offered adaptation against the catalogue. Every problem is
 * collected with its file, line and element path, so the user sees all of a
 * file's problems at once; a job with any problem is never handed out.
 *
 * Not here: what any value means (rules/), ICF code semantics (icf/).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "catalogue.h"
#include "claml.h"
#include "file.h"
#include "grammar.h"
#include "messages.h"
#include "profile.h"
#include "rules.h"

typedef struct loader {
	cmi_loader p; /* the file's problems and arena */
	cm_job *job;
} loader;

#define problem(L, ...)    cmi_loader_problem(&(L)->p, __VA_ARGS__)
#define problem_at(L, ...) cmi_loader_problem_at(&(L)->p, __VA_ARGS__)
#define attr_text(L, ...)  cmi_loader_attr(&(L)->p, __VA_ARGS__)

/* An attribute the schema requires: "" when absent, so that a document the
 * schema refused can still be read for the other checks (the schema has
 * already said the attribute is missing). */
static const char *required_text(loader *L, const xmlNode *node, const char *name)
{
	const char *s = attr_text(L, node, name);
	return s ? s : "";
}

static int parse_field(loader *L, const xmlNode *node, const cmi_field *f, cmi_value *out)
{
	const char *text = attr_text(L, node, f->xml);
	if (!text)
		return 1;
	out->set = 1;
	out->str = text;
	if (f->type == CMI_BOOL) {
		out->num = strcmp(text, "true") == 0 || strcmp(text, "1") == 0;
	} else if (f->type == CMI_NUM && !cmi_parse_number(text, f->min, f->max, &out->num)) {
		out->set = 0; /* never read as a number by a later check */
		problem(L, node, f->xml, cmi_msg(L->p.ctx->lang, M_OUT_OF_RANGE), f->xml, text,
		        f->min, f->max);
		return 0;
	}
	return 1;
}

static void load_elem(loader *L, const xmlNode *node, const cmi_elem_desc *d, cmi_elem *out)
{
	out->desc = d;
	out->line = (int)xmlGetLineNo(node);
	out->values = cmi_arena_alloc(&L->job->arena, (size_t)d->nfields * sizeof *out->values);
	if (!out->values) {
		L->p.nomem = 1;
		return;
	}
	for (int i = 0; i < d->nfields; i++)
		parse_field(L, node, &d->fields[i], &out->values[i]);
}

static void *alloc_array(loader *L, int n, size_t size)
{
	if (n == 0)
		return NULL;
	void *p = cmi_arena_alloc(&L->job->arena, (size_t)n * size);
	if (!p)
		L->p.nomem = 1;
	return p;
}

static void load_title(loader *L, const xmlNode *node, cmi_text *t)
{
	xmlChar *lang = xmlGetNsProp(node, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	xmlChar *text = xmlNodeGetContent(node);
	if (text) /* one line: no forged report line, no terminal escape */
		cmi_text_plain((char *)text);
	t->lang = cmi_arena_strdup(&L->job->arena, lang ? (const char *)lang : "und");
	t->text = cmi_arena_strdup(&L->job->arena, text ? (const char *)text : "");
	if (!t->lang || !t->text)
		L->p.nomem = 1;
	xmlFree(lang);
	xmlFree(text);
}

/* The generic elements of one scope, counted per kind: index by the
 * descriptor's place in cmi_elem_all. */
enum { MAX_KINDS = 24 };

typedef struct kind_count {
	int n[MAX_KINDS];
	int first_line[MAX_KINDS];
} kind_count;

static int kind_slot(const cmi_elem_desc *d)
{
	int n;
	return (int)(d - cmi_elem_all(&n));
}

/* A kind that may come once (a task's posture, the job's schedule) is a
 * problem the second time; the message says where the first one is. */
static void count_kind(loader *L, kind_count *kc, const xmlNode *node, int once, cmi_scope scope)
{
	int k = 0;
	const char *parent = scope == CMI_TASK_ELEM ? "task" : "job";
	const cmi_elem_desc *d = cmi_elem_find(scope, (const char *)node->name);
	if (d)
		k = kind_slot(d);
	else if (xmlStrEqual(node->name, (const xmlChar *)"icf-demands"))
		k = MAX_KINDS - 2;
	else if (xmlStrEqual(node->name, (const xmlChar *)"adaptations"))
		k = MAX_KINDS - 1;
	else
		return;
	if (kc->n[k]++ == 0)
		kc->first_line[k] = (int)xmlGetLineNo(node);
	else if (once)
		problem(L, node, NULL, cmi_msg(L->p.ctx->lang, M_ELEM_ONCE),
		        (const char *)node->name, parent, kc->first_line[k]);
}

/* An element's own id; ids are unique within a task (a task has at most a
 * few dozen elements, so looking back is cheap). */
static void check_elem_id(loader *L, const xmlNode *node, cmi_task *t, cmi_elem *e)
{
	int idf = cmi_field_find(e->desc, "id");
	if (idf < 0 || !e->values || !e->values[idf].set)
		return;
	e->label = e->values[idf].str;
	for (cmi_elem *p = t->elems; p < e; p++)
		if (p->label && !strcmp(p->label, e->label))
			problem(L, node, "id", cmi_msg(L->p.ctx->lang, M_DUPLICATE_ELEMENT_ID),
			        e->label, t->id);
}

/* Several handling (or push-pull) elements without an id are told apart by
 * their position among their kind: "handling[2]", which no id can be. */
static void label_by_position(loader *L, cmi_task *t, const kind_count *kc)
{
	int seen[MAX_KINDS] = {0};
	for (int i = 0; i < t->nelems && !L->p.nomem; i++) {
		cmi_elem *e = &t->elems[i];
		int k = kind_slot(e->desc);
		seen[k]++;
		if (e->label || kc->n[k] < 2)
			continue;
		char label[64];
		snprintf(label, sizeof label, "%s[%d]", e->desc->xml, seen[k]);
		if (!(e->label = cmi_arena_strdup(&L->job->arena, label)))
			L->p.nomem = 1;
	}
}

static void load_task(loader *L, const xmlNode *node, cmi_task *t)
{
	t->id = required_text(L, node, "id");
	t->line = (int)xmlGetLineNo(node);
	if (L->p.schema_to > L->p.schema_from) {
		char path[512];
		cmi_xml_path(node, "id", path, sizeof path);
		L->job->doubtful_ids |=
		    !t->id[0] || cmi_loader_said_by_schema(&L->p, t->line, path);
	}
	cmi_value hours = {0};
	if (parse_field(L, node, &cmi_task_hours_field, &hours))
		t->hours_per_day = hours.num;
	t->titles = alloc_array(L, cmi_loader_count_children(node, "title"), sizeof *t->titles);
	t->elems = alloc_array(L, cmi_loader_count_children(node, NULL), sizeof *t->elems);
	kind_count kc = {{0}, {0}};
	for (const xmlNode *c = node->children; c && !L->p.nomem; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const cmi_elem_desc *d = cmi_elem_find(CMI_TASK_ELEM, (const char *)c->name);
		if (d) {
			count_kind(L, &kc, c, !d->many, CMI_TASK_ELEM);
			cmi_elem *e = &t->elems[t->nelems++];
			load_elem(L, c, d, e);
			check_elem_id(L, c, t, e);
		} else if (xmlStrEqual(c->name, (const xmlChar *)"title")) {
			load_title(L, c, &t->titles[t->ntitles++]);
		}
	}
	label_by_position(L, t, &kc);
}

/* A demand's code against the ICF grammar (the schema only checks its
 * characters: d43000 passes it) and the classification when one is loaded;
 * a or p is kept as d, so that the capacity rules compare one spelling. */
static void check_demand_code(loader *L, const xmlNode *node, cmi_demand *d)
{
	cm_ctx *ctx = L->p.ctx;
	if (!d->code || !d->code[0])
		return;
	if (!ctx->icf && cmi_icf_grammar_new(ctx, &ctx->icf, L->p.err) != CM_OK) {
		L->p.nomem = 1;
		return;
	}
	cmi_icf_statement st;
	char why[512];
	if (!cmi_icf_parse(ctx->icf, ctx->lang, d->code, &st, why, sizeof why)) {
		problem(L, node, "code", "%s", why);
		return;
	}
	if (ctx->icf_classes && !cmi_icf_class_find(ctx->icf_classes, st.code)) {
		problem(L, node, "code", cmi_msg(ctx->lang, M_ICFX_NOT_CLASSIFIED), d->code,
		        cmi_icf_classes_name(ctx->icf_classes));
		return;
	}
	if (strcmp(st.code, d->code) && !(d->code = cmi_arena_strdup(&L->job->arena, st.code)))
		L->p.nomem = 1;
}

static void load_demand(loader *L, const xmlNode *node, cmi_demand *d)
{
	d->code = attr_text(L, node, "code");
	d->task = attr_text(L, node, "task");
	d->line = (int)xmlGetLineNo(node);
	const char *md = attr_text(L, node, "max-difficulty");
	d->max_difficulty = md ? atof(md) : 0;
	if (d->task && !L->job->doubtful_ids && !cmi_job_find_task(L->job, d->task))
		problem(L, node, "task", cmi_msg(L->p.ctx->lang, M_NO_SUCH_TASK), d->task);
	check_demand_code(L, node, d);
}

/* Every attribute but the three the schema types is for the catalogue. The
 * element path is written from the position (walking siblings for each of
 * thousands of adaptations would be quadratic). */
static void load_adaptation(loader *L, const xmlNode *node, cmi_adaptation *a, int order, int count)
{
	a->id = required_text(L, node, "id");
	a->kind = required_text(L, node, "kind");
	a->line = (int)xmlGetLineNo(node);
	a->order = order;
	a->kind_index = -1;
	cmi_value cost = {0};
	if (parse_field(L, node, &cmi_cost_field, &cost))
		a->cost_eur = cost.num;
	int n = 0;
	for (const xmlAttr *at = node->properties; at; at = at->next)
		n++;
	a->attrs = alloc_array(L, n, sizeof *a->attrs);
	for (const xmlAttr *at = node->properties; at && !L->p.nomem; at = at->next) {
		const char *name = (const char *)at->name;
		if (at->ns || !strcmp(name, "id") || !strcmp(name, "kind") ||
		    !strcmp(name, "cost-eur"))
			continue; /* a prefixed attribute is the schema's to refuse */
		cmi_adapt_attr *x = &a->attrs[a->nattrs++];
		if (!(x->name = cmi_arena_strdup(&L->job->arena, name)))
			L->p.nomem = 1;
		x->value = attr_text(L, node, name);
		x->line = a->line;
	}
	char path[64];
	if (count > 1)
		snprintf(path, sizeof path, "/job/adaptations/adaptation[%d]", order + 1);
	else
		snprintf(path, sizeof path, "/job/adaptations/adaptation");
	if (!(a->path = cmi_arena_strdup(&L->job->arena, path)))
		L->p.nomem = 1;
}

static void load_list(loader *L, const xmlNode *node)
{
	int n = cmi_loader_count_children(node, NULL);
	int is_demands = xmlStrEqual(node->name, (const xmlChar *)"icf-demands");
	if (is_demands)
		L->job->demands = alloc_array(L, n, sizeof *L->job->demands);
	else
		L->job->adaptations = alloc_array(L, n, sizeof *L->job->adaptations);
	for (const xmlNode *c = node->children; c && !L->p.nomem; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_demands)
			load_demand(L, c, &L->job->demands[L->job->ndemands++]);
		else {
			cmi_adaptation *a = &L->job->adaptations[L->job->nadaptations];
			load_adaptation(L, c, a, L->job->nadaptations++, n);
		}
	}
}

static int by_id_then_line(const void *a, const void *b)
{
	const cmi_task *x = *(const cmi_task *const *)a, *y = *(const cmi_task *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : x->line - y->line;
}

/* Sorted by id, for duplicate detection and for cmi_job_find_task: a file
 * of thousands of tasks must not cost a comparison of every pair. */
static void index_tasks(loader *L)
{
	cm_job *job = L->job;
	job->task_index = alloc_array(L, job->ntasks, sizeof *job->task_index);
	if (L->p.nomem || job->ntasks == 0)
		return;
	for (int i = 0; i < job->ntasks; i++)
		job->task_index[i] = &job->tasks[i];
	qsort(job->task_index, (size_t)job->ntasks, sizeof *job->task_index, by_id_then_line);
	for (int i = 1; i < job->ntasks; i++) {
		const cmi_task *t = job->task_index[i];
		if (!t->id[0] || strcmp(t->id, job->task_index[i - 1]->id))
			continue;
		char path[64];
		snprintf(path, sizeof path, "/job/task[%d]/@id", (int)(t - job->tasks) + 1);
		problem_at(L, t->line, path, cmi_msg(L->p.ctx->lang, M_DUPLICATE_ID), t->id);
	}
}

/* Tasks first: demands and adaptations refer to them. Problems are put in
 * document order at the end, so the order of work here does not show. */
static void load_tasks(loader *L, const xmlNode *root)
{
	cm_job *job = L->job;
	job->tasks = alloc_array(L, cmi_loader_count_children(root, "task"), sizeof *job->tasks);
	for (const xmlNode *c = root->children; c && !L->p.nomem; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)"task"))
			load_task(L, c, &job->tasks[job->ntasks++]);
	if (!L->p.nomem)
		index_tasks(L);
}

static void load_root(loader *L, const xmlNode *root)
{
	cm_job *job = L->job;
	job->id = required_text(L, root, "id");
	load_tasks(L, root);
	if (job->ntasks == 0)
		problem(L, root, NULL, "%s", cmi_msg(L->p.ctx->lang, M_NO_TASK));
	job->titles = alloc_array(L, cmi_loader_count_children(root, "title"), sizeof *job->titles);
	job->elems = alloc_array(L, cmi_loader_count_children(root, NULL), sizeof *job->elems);
	kind_count kc = {{0}, {0}};
	for (const xmlNode *c = root->children; c && !L->p.nomem; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		const cmi_elem_desc *d = cmi_elem_find(CMI_JOB_ELEM, name);
		if (strcmp(name, "task") && strcmp(name, "title"))
			count_kind(L, &kc, c, 1, CMI_JOB_ELEM);
		if (d && kc.n[kind_slot(d)] == 1)
			load_elem(L, c, d, &job->elems[job->nelems++]);
		else if (!strcmp(name, "title"))
			load_title(L, c, &job->titles[job->ntitles++]);
		else if ((!strcmp(name, "icf-demands") && kc.n[MAX_KINDS - 2] == 1) ||
		         (!strcmp(name, "adaptations") && kc.n[MAX_KINDS - 1] == 1))
			load_list(L, c);
	}
}

/* A job-level number, or -1 when the element or attribute is absent. */
static double job_number(const cm_job *job, const char *elem, const char *attr, int *line)
{
	for (int i = 0; i < job->nelems; i++) {
		const cmi_elem *e = &job->elems[i];
		int f = strcmp(e->desc->xml, elem) ? -1 : cmi_field_find(e->desc, attr);
		if (f >= 0 && e->values[f].set) {
			*line = e->line;
			return e->values[f].num;
		}
	}
	return -1;
}

/* Binary noise of a sum of decimals (5.5 + 1.0 + 1.1) must not make a day
 * that adds up exactly look too long. */
static int longer(double hours, double day)
{
	return hours > day + 1e-9;
}

/* "picking 5.5 + transport 1 + forklift 1.1", the first few terms. */
static void hours_terms(const cm_job *job, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < job->ntasks && o + 1 < size; i++) {
		int w = i < 8 ? snprintf(buf + o, size - o, "%s%s %.10g", i ? " + " : "",
		                         job->tasks[i].id, job->tasks[i].hours_per_day)
		              : snprintf(buf + o, size - o, " + …");
		o += w > 0 ? (size_t)w : 0;
		if (i >= 8)
			break;
	}
}

/* Hours are measured separately but describe one day: a task longer than
 * the working day, tasks that add up to more, or heavy work longer than the
 * day is a recording error, and a report built on it would mislead. Without
 * a schedule the day is 24 h. */
static void check_hours(loader *L)
{
	cm_job *job = L->job;
	cm_lang lang = L->p.ctx->lang;
	int line = 0, hw_line = 0, over = 0;
	double day = job_number(job, "schedule", "hours-per-day", &line);
	char a[32], b[32], terms[512];
	if (day < 0)
		day = 24;
	snprintf(b, sizeof b, "%.10g", day);
	double sum = 0;
	for (int i = 0; i < job->ntasks; i++) {
		const cmi_task *t = &job->tasks[i];
		sum += t->hours_per_day;
		if (!longer(t->hours_per_day, day))
			continue;
		over = 1;
		char path[64];
		snprintf(a, sizeof a, "%.10g", t->hours_per_day);
		if (job->ntasks > 1)
			snprintf(path, sizeof path, "/job/task[%d]/@hours-per-day", i + 1);
		else
			snprintf(path, sizeof path, "/job/task/@hours-per-day");
		problem_at(L, t->line, path, cmi_msg(lang, M_TASK_OVER_DAY), t->id, a, b);
	}
	if (!over && longer(sum, day)) {
		snprintf(a, sizeof a, "%.10g", sum);
		hours_terms(job, terms, sizeof terms);
		if (line)
			problem_at(L, line, "/job/schedule/@hours-per-day",
			           cmi_msg(lang, M_TASKS_OVER_DAY), a, terms, b);
		else
			problem_at(L, job->tasks[0].line, "/job", cmi_msg(lang, M_TASKS_OVER_24), a,
			           terms);
	}
	double heavy = job_number(job, "heavy-work", "hours-per-day", &hw_line);
	if (longer(heavy, day)) {
		snprintf(a, sizeof a, "%.10g", heavy);
		problem_at(L, hw_line, "/job/heavy-work/@hours-per-day",
		           cmi_msg(lang, M_HEAVY_OVER_DAY), a, b);
	}
}

/* A task's sitting, standing or walking happens within the task: its hours
 * a day cannot exceed the task's, and its longest unbroken period cannot
 * exceed the hours it lasts (its own, else the task's). */
static void check_stances(loader *L)
{
	cm_job *job = L->job;
	cm_lang lang = L->p.ctx->lang;
	for (int i = 0; i < job->ntasks; i++) {
		const cmi_task *t = &job->tasks[i];
		for (int k = 0; k < t->nelems; k++) {
			const cmi_elem *e = &t->elems[k];
			int hf = cmi_field_find(e->desc, "hours-per-day");
			int cf = cmi_field_find(e->desc, "continuous-minutes");
			if (hf < 0 || cf < 0 || !e->values)
				continue;
			char task[32], path[128], a[32], b[32], name[32];
			snprintf(task, sizeof task, job->ntasks > 1 ? "/job/task[%d]" : "/job/task",
			         i + 1);
			snprintf(name, sizeof name, "<%s>", e->desc->xml);
			double hours = t->hours_per_day;
			const cmi_value *h = &e->values[hf], *c = &e->values[cf];
			if (h->set && longer(h->num, t->hours_per_day)) {
				snprintf(path, sizeof path, "%s/%s/@hours-per-day", task,
				         e->desc->xml);
				snprintf(a, sizeof a, "%.10g", h->num);
				snprintf(b, sizeof b, "%.10g", t->hours_per_day);
				problem_at(L, e->line, path, cmi_msg(lang, M_STANCE_OVER_TASK),
				           name, t->id, a, b);
				continue;
			}
			if (h->set)
				hours = h->num;
			if (c->set && longer(c->num, hours * 60)) {
				snprintf(path, sizeof path, "%s/%s/@continuous-minutes", task,
				         e->desc->xml);
				snprintf(a, sizeof a, "%.10g", c->num);
				snprintf(b, sizeof b, "%.10g", hours);
				problem_at(L, e->line, path, cmi_msg(lang, M_STANCE_LONGER), name,
				           t->id, a, b);
			}
		}
	}
}

static int by_adaptation_id(const void *a, const void *b)
{
	const cmi_adaptation *x = *(const cmi_adaptation *const *)a;
	const cmi_adaptation *y = *(const cmi_adaptation *const *)b;
	int c = strcmp(x->id, y->id);
	return c ? c : x->order - y->order;
}

/* The later of two adaptations with one id is the one reported. */
static void check_adaptation_ids(loader *L)
{
	cm_job *job = L->job;
	const cmi_adaptation **sorted = alloc_array(L, job->nadaptations, sizeof *sorted);
	if (L->p.nomem || !sorted)
		return;
	for (int i = 0; i < job->nadaptations; i++)
		sorted[i] = &job->adaptations[i];
	qsort(sorted, (size_t)job->nadaptations, sizeof *sorted, by_adaptation_id);
	for (int i = 1; i < job->nadaptations; i++) {
		const cmi_adaptation *a = sorted[i];
		if (!a->id[0] || strcmp(a->id, sorted[i - 1]->id))
			continue;
		char path[96];
		snprintf(path, sizeof path, "%s/@id", a->path);
		problem_at(L, a->line, path, cmi_msg(L->p.ctx->lang, M_DUPLICATE_ID), a->id);
	}
	for (int i = 0; i < job->nadaptations; i++) {
		const cmi_adaptation *a = &job->adaptations[i];
		char path[96];
		snprintf(path, sizeof path, "%s/@id", a->path);
		if (a->id[0] && cmi_job_find_task(job, a->id))
			problem_at(L, a->line, path, cmi_msg(L->p.ctx->lang, M_ADAPTATION_IS_TASK),
			           a->id);
	}
}

static cm_status load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                             cm_job **out, cm_error *err)
{
	*out = NULL;
	cm_status st = cm_ctx_load_rules(ctx, err);
	if (st != CM_OK)
		return st;
	cm_job *job = cmi_calloc(ctx, 1, sizeof *job);
	if (!job)
		return cmi_error_nomem(err);
	cmi_arena_init(&job->arena, ctx);
	loader L = {.job = job};
	xmlDocPtr doc;
	st = cmi_loader_open(&L.p, ctx, &job->arena, CMI_SCHEMA_JOB, name, buf, len, &doc, err);
	if (st != CM_OK) {
		cm_job_free(job);
		return st;
	}
	job->file = L.p.file;
	cmi_sha256_hex(buf, len, job->sha256);
	if (!L.p.nomem)
		load_root(&L, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!L.p.nomem) {
		if (job->ntasks > 0) {
			check_hours(&L);
			check_stances(&L);
		}
		check_adaptation_ids(&L);
		int faults = cmi_catalogue_check(ctx, cmi_rules_catalogue(ctx), job, err);
		if (faults < 0)
			L.p.nomem = 1;
		else
			L.p.problems += faults;
	}
	if ((st = cmi_loader_close(&L.p)) != CM_OK) {
		cm_job_free(job);
		return st;
	}
	*out = job;
	return CM_OK;
}

cm_status cm_job_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                             cm_job **out, cm_error *err)
{
	locale_t old = cmi_locale_enter(ctx);
	cm_status st = load_memory(ctx, name, buf, len, out, err);
	cmi_locale_leave(old);
	return st;
}

/* cm_job_load_memory as cmi_load_file calls it. */
static cm_status load_named(cm_ctx *ctx, const char *name, const char *buf, size_t len, void *out,
                            cm_error *err)
{
	return cm_job_load_memory(ctx, name, buf, len, out, err);
}

cm_status cm_job_load(cm_ctx *ctx, const char *path, cm_job **out, cm_error *err)
{
	*out = NULL;
	return cmi_load_file(ctx, path, CMI_XML_MAX_BYTES, load_named, out, err);
}

void cm_job_free(cm_job *job)
{
	if (!job)
		return;
	cmi_arena arena = job->arena;
	cm_ctx *ctx = arena.ctx;
	cmi_arena_free(&arena);
	cmi_free(ctx, job);
}

const char *cm_job_id(const cm_job *job)
{
	return job->id;
}

const char *cm_job_file(const cm_job *job)
{
	return job->file;
}
