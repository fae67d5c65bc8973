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
#include <nettle/sha2.h>

#include "catalogue.h"
#include "file.h"
#include "load_job.h"
#include "messages.h"
#include "rules.h"
#include "xml.h"

typedef struct loader {
	cm_ctx *ctx;
	cm_job *job;
	cm_error *err;
	int problems;
	int nomem;
} loader;

/* One problem at a line and element path; past CMI_MAX_PROBLEMS it is only
 * counted (cm_job_load_memory then says the rest was not listed). */
static void report(loader *L, int line, const char *path, const char *fmt, va_list ap)
{
	L->problems++;
	if (L->err->nproblems < CMI_MAX_PROBLEMS)
		cmi_error_addv(L->err, CM_EINPUT, L->job->file, line, path, fmt, ap);
}

static void problem(loader *L, const xmlNode *node, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(loader *L, const xmlNode *node, const char *attr, const char *fmt, ...)
{
	char path[512] = "";
	if (L->err->nproblems < CMI_MAX_PROBLEMS) /* the path walks siblings: only if listed */
		cmi_xml_path(node, attr, path, sizeof path);
	va_list ap;
	va_start(ap, fmt);
	report(L, (int)xmlGetLineNo(node), path, fmt, ap);
	va_end(ap);
}

static void problem_at(loader *L, int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem_at(loader *L, int line, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(L, line, path, fmt, ap);
	va_end(ap);
}

/* Copies an attribute's text into the arena without surrounding white
 * space, as the schema's token, decimal and boolean types read it; NULL when
 * absent. */
static const char *attr_text(loader *L, const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *start = (const char *)v + strspn((const char *)v, " \t\r\n");
	size_t n = strlen(start);
	while (n > 0 && strchr(" \t\r\n", start[n - 1]))
		n--;
	const char *s = cmi_arena_strndup(&L->job->arena, start, n);
	xmlFree(v);
	if (!s)
		L->nomem = 1;
	return s;
}

/* [+-] digits [. digits], as xs:decimal: no exponent, no hexadecimal, no
 * "inf" or "nan", all of which strtod would take. */
static int is_decimal(const char *s)
{
	s += *s == '+' || *s == '-';
	size_t whole = strspn(s, "0123456789");
	s += whole;
	size_t frac = 0;
	if (*s == '.') {
		frac = strspn(s + 1, "0123456789");
		s += 1 + frac;
	}
	return (whole > 0 || frac > 0) && *s == '\0';
}

int cmi_parse_number(const char *text, double min, double max, double *out)
{
	if (!is_decimal(text))
		return 0;
	double v = strtod(text, NULL);
	if (!isfinite(v) || v < min || v > max)
		return 0;
	*out = v;
	return 1;
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
		problem(L, node, f->xml, cmi_msg(L->ctx->lang, M_OUT_OF_RANGE), f->xml, text,
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
		L->nomem = 1;
		return;
	}
	for (int i = 0; i < d->nfields; i++)
		parse_field(L, node, &d->fields[i], &out->values[i]);
}

static int count_children(const xmlNode *node, const char *name)
{
	int n = 0;
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (!name || xmlStrEqual(c->name, (const xmlChar *)name)))
			n++;
	return n;
}

static void *alloc_array(loader *L, int n, size_t size)
{
	if (n == 0)
		return NULL;
	void *p = cmi_arena_alloc(&L->job->arena, (size_t)n * size);
	if (!p)
		L->nomem = 1;
	return p;
}

static void load_title(loader *L, const xmlNode *node, cmi_text *t)
{
	xmlChar *lang = xmlGetNsProp(node, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	xmlChar *text = xmlNodeGetContent(node);
	t->lang = cmi_arena_strdup(&L->job->arena, lang ? (const char *)lang : "und");
	t->text = cmi_arena_strdup(&L->job->arena, text ? (const char *)text : "");
	if (!t->lang || !t->text)
		L->nomem = 1;
	xmlFree(lang);
	xmlFree(text);
}

static void load_task(loader *L, const xmlNode *node, cmi_task *t)
{
	t->id = attr_text(L, node, "id");
	t->line = (int)xmlGetLineNo(node);
	cmi_value hours = {0};
	if (parse_field(L, node, &cmi_task_hours_field, &hours))
		t->hours_per_day = hours.num;
	t->titles = alloc_array(L, count_children(node, "title"), sizeof *t->titles);
	t->elems = alloc_array(L, count_children(node, NULL), sizeof *t->elems);
	for (const xmlNode *c = node->children; c && !L->nomem; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const cmi_elem_desc *d = cmi_elem_find(CMI_TASK_ELEM, (const char *)c->name);
		if (d)
			load_elem(L, c, d, &t->elems[t->nelems++]);
		else if (xmlStrEqual(c->name, (const xmlChar *)"title"))
			load_title(L, c, &t->titles[t->ntitles++]);
	}
}

static void load_demand(loader *L, const xmlNode *node, cmi_demand *d)
{
	d->code = attr_text(L, node, "code");
	d->task = attr_text(L, node, "task");
	d->line = (int)xmlGetLineNo(node);
	const char *md = attr_text(L, node, "max-difficulty");
	d->max_difficulty = md ? atof(md) : 0;
	if (d->task && !cmi_job_find_task(L->job, d->task))
		problem(L, node, "task", cmi_msg(L->ctx->lang, M_NO_SUCH_TASK), d->task);
}

/* Every attribute but the three the schema types is for the catalogue. The
 * element path is written from the position (walking siblings for each of
 * thousands of adaptations would be quadratic). */
static void load_adaptation(loader *L, const xmlNode *node, cmi_adaptation *a, int order, int count)
{
	a->id = attr_text(L, node, "id");
	a->kind = attr_text(L, node, "kind");
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
	for (const xmlAttr *at = node->properties; at && !L->nomem; at = at->next) {
		const char *name = (const char *)at->name;
		if (!strcmp(name, "id") || !strcmp(name, "kind") || !strcmp(name, "cost-eur"))
			continue;
		cmi_adapt_attr *x = &a->attrs[a->nattrs++];
		if (!(x->name = cmi_arena_strdup(&L->job->arena, name)))
			L->nomem = 1;
		x->value = attr_text(L, node, name);
		x->line = a->line;
	}
	char path[64];
	if (count > 1)
		snprintf(path, sizeof path, "/job/adaptations/adaptation[%d]", order + 1);
	else
		snprintf(path, sizeof path, "/job/adaptations/adaptation");
	if (!(a->path = cmi_arena_strdup(&L->job->arena, path)))
		L->nomem = 1;
}

static void load_list(loader *L, const xmlNode *node)
{
	int n = count_children(node, NULL);
	int is_demands = xmlStrEqual(node->name, (const xmlChar *)"icf-demands");
	if (is_demands)
		L->job->demands = alloc_array(L, n, sizeof *L->job->demands);
	else
		L->job->adaptations = alloc_array(L, n, sizeof *L->job->adaptations);
	for (const xmlNode *c = node->children; c && !L->nomem; c = c->next) {
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
	if (L->nomem)
		return;
	for (int i = 0; i < job->ntasks; i++)
		job->task_index[i] = &job->tasks[i];
	qsort(job->task_index, (size_t)job->ntasks, sizeof *job->task_index, by_id_then_line);
	for (int i = 1; i < job->ntasks; i++) {
		const cmi_task *t = job->task_index[i];
		if (strcmp(t->id, job->task_index[i - 1]->id))
			continue;
		char path[64];
		snprintf(path, sizeof path, "/job/task[%d]/@id", (int)(t - job->tasks) + 1);
		problem_at(L, t->line, path, cmi_msg(L->ctx->lang, M_DUPLICATE_ID), t->id);
	}
}

/* Tasks first: demands and adaptations refer to them. Problems are put in
 * document order at the end, so the order of work here does not show. */
static void load_tasks(loader *L, const xmlNode *root)
{
	cm_job *job = L->job;
	job->tasks = alloc_array(L, count_children(root, "task"), sizeof *job->tasks);
	for (const xmlNode *c = root->children; c && !L->nomem; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)"task"))
			load_task(L, c, &job->tasks[job->ntasks++]);
	if (!L->nomem)
		index_tasks(L);
}

static void load_root(loader *L, const xmlNode *root)
{
	cm_job *job = L->job;
	job->id = attr_text(L, root, "id");
	load_tasks(L, root);
	job->titles = alloc_array(L, count_children(root, "title"), sizeof *job->titles);
	job->elems = alloc_array(L, count_children(root, NULL), sizeof *job->elems);
	for (const xmlNode *c = root->children; c && !L->nomem; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		const cmi_elem_desc *d = cmi_elem_find(CMI_JOB_ELEM, name);
		if (d)
			load_elem(L, c, d, &job->elems[job->nelems++]);
		else if (!strcmp(name, "title"))
			load_title(L, c, &job->titles[job->ntitles++]);
		else if (!strcmp(name, "icf-demands") || !strcmp(name, "adaptations"))
			load_list(L, c);
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
	if (L->nomem || !sorted)
		return;
	for (int i = 0; i < job->nadaptations; i++)
		sorted[i] = &job->adaptations[i];
	qsort(sorted, (size_t)job->nadaptations, sizeof *sorted, by_adaptation_id);
	for (int i = 1; i < job->nadaptations; i++) {
		const cmi_adaptation *a = sorted[i];
		if (strcmp(a->id, sorted[i - 1]->id))
			continue;
		char path[96];
		snprintf(path, sizeof path, "%s/@id", a->path);
		problem_at(L, a->line, path, cmi_msg(L->ctx->lang, M_DUPLICATE_ID), a->id);
	}
}

static int task_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, (*(const cmi_task *const *)elem)->id);
}

const cmi_task *cmi_job_find_task(const cm_job *job, const char *id)
{
	if (!job->task_index)
		return NULL;
	const cmi_task *const *t = bsearch(id, job->task_index, (size_t)job->ntasks,
	                                   sizeof *job->task_index, task_key_cmp);
	return t ? *t : NULL;
}

static void hash_input(cm_job *job, const char *buf, size_t len)
{
	struct sha256_ctx h;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&h);
	sha256_update(&h, len, (const uint8_t *)buf);
	sha256_digest(&h, sizeof digest, digest);
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		snprintf(job->sha256 + 2 * i, 3, "%02x", digest[i]);
}

static cm_status load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                             cm_job **out, cm_error *err)
{
	*out = NULL;
	cm_status st = cm_ctx_load_rules(ctx, err);
	if (st != CM_OK)
		return st;
	xmlDocPtr doc = NULL;
	int valid = 0;
	if ((st = cmi_xml_parse(ctx, CMI_SCHEMA_JOB, name, buf, len, &doc, &valid, err)) != CM_OK)
		return st;
	if (!valid) { /* its problems are in err; the checks below assume a valid tree */
		xmlFreeDoc(doc);
		return CM_EINPUT;
	}
	cm_job *job = cmi_alloc(ctx, sizeof *job);
	if (!job) {
		xmlFreeDoc(doc);
		return cmi_error_nomem(err);
	}
	memset(job, 0, sizeof *job);
	cmi_arena_init(&job->arena, ctx);
	loader L = {ctx, job, err, 0, 0};
	job->file = cmi_arena_strdup(&job->arena, name);
	L.nomem = !job->file;
	hash_input(job, buf, len);
	size_t first = err->nproblems; /* this file's problems start here */
	if (!L.nomem)
		load_root(&L, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if (!L.nomem) {
		check_adaptation_ids(&L);
		int faults = cmi_catalogue_check(ctx, cmi_rules_catalogue(ctx->rules), job, err);
		if (faults < 0)
			L.nomem = 1;
		else
			L.problems += faults;
		cmi_error_sort_lines(err, first);
		if ((size_t)L.problems > err->nproblems - first)
			cmi_error_add(err, CM_EINPUT, name, 0, NULL, "%s",
			              cmi_msg(ctx->lang, M_XML_TOO_MANY));
	}
	if (L.nomem || L.problems > 0) {
		cm_job_free(job);
		return L.nomem ? cmi_error_nomem(err) : CM_EINPUT;
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

cm_status cm_job_load(cm_ctx *ctx, const char *path, cm_job **out, cm_error *err)
{
	*out = NULL;
	char *buf;
	size_t len;
	cm_status st = cmi_read_file(ctx, path, CMI_XML_MAX_BYTES, &buf, &len, err);
	if (st != CM_OK)
		return st;
	st = cm_job_load_memory(ctx, path, buf, len, out, err);
	cmi_free(ctx, buf);
	return st;
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
