/*
 * load_person.c — person profile XML to cm_person.
 *
 * xml.c has refused malformed, hostile and schema-invalid input (the same
 * secure parse as job profiles); this module maps the tree and adds what a
 * schema cannot say: each ICF coded statement against the grammar (the
 * message names the wrong part), ranges (the tables below), real dates,
 * elements that come once, and that nothing is recorded twice. Every
 * problem of the file is listed at once; a person with any problem is never
 * handed out.
 *
 * Not here: what a qualifier or a score means for a job (rules/capacity.lua,
 * rules/screening.lua).
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "claml.h"
#include "date.h"
#include "file.h"
#include "messages.h"
#include "person.h"
#include "profile.h"

const cmi_capacity_item cmi_capacity_items[] = {
    {"lift-floor-waist", "kg", 0, 200},
    {"lift-waist-shoulder", "kg", 0, 200},
    {"carry", "kg", 0, 200},
    {"push", "kg", 0, 500}, /* force, in kilograms-force */
    {"pull", "kg", 0, 500},
    {"sitting", "minutes", 0, 1440},
    {"standing", "minutes", 0, 1440},
    {"walking", "minutes", 0, 1440},
};
const int cmi_ncapacity_items = sizeof cmi_capacity_items / sizeof cmi_capacity_items[0];

const cmi_instrument cmi_instruments[] = {
    {"tsk-17", 17, 68},   /* 17 items scored 1-4 */
    {"ompsq-10", 0, 100}, /* 10 items scored 0-10 */
};
const int cmi_ninstruments = sizeof cmi_instruments / sizeof cmi_instruments[0];

typedef struct loader {
	cmi_loader p;
	cm_person *person;
	int first_line[8]; /* of the elements that come once, by once_names */
} loader;

#define problem(L, ...) cmi_loader_problem(&(L)->p, __VA_ARGS__)

static const char *const once_names[] = {"age", "assessment", "return-to-work", "heart-rate",
                                         "icf"};
enum { NONCE = sizeof once_names / sizeof once_names[0] };

static int is(const xmlNode *n, const char *name)
{
	return xmlStrEqual(n->name, (const xmlChar *)name);
}

/* 0 the first time an element meant once is seen, else 1 with a problem
 * naming where the first one is. */
static int repeated(loader *L, const xmlNode *n)
{
	for (int i = 0; i < NONCE; i++) {
		if (!is(n, once_names[i]))
			continue;
		if (!L->first_line[i]) {
			L->first_line[i] = (int)xmlGetLineNo(n);
			return 0;
		}
		problem(L, n, NULL, cmi_msg(L->p.ctx->lang, M_ELEM_ONCE), once_names[i], "person",
		        L->first_line[i]);
		return 1;
	}
	return 0;
}

/* A number attribute in [min, max]; 0 with a problem when it is not one
 * (or, when absent, quietly: the schema said it is required). */
static int number(loader *L, const xmlNode *n, const char *attr, double min, double max,
                  double *out)
{
	const char *text = cmi_loader_attr(&L->p, n, attr);
	if (!text)
		return 0;
	if (cmi_parse_number(text, min, max, out))
		return 1;
	problem(L, n, attr, cmi_msg(L->p.ctx->lang, M_OUT_OF_RANGE), attr, text, min, max);
	return 0;
}

static void load_date(loader *L, const xmlNode *n, char out[11])
{
	const char *text = cmi_loader_attr(&L->p, n, "date");
	long days;
	if (!text)
		return;
	if (cmi_date_days(text, &days))
		snprintf(out, 11, "%s", text);
	else
		problem(L, n, "date", cmi_msg(L->p.ctx->lang, M_PERSON_DATE_RANGE), text);
}

static const cmi_capacity_item *find_item(const char *item)
{
	for (int i = 0; item && i < cmi_ncapacity_items; i++)
		if (!strcmp(cmi_capacity_items[i].item, item))
			return &cmi_capacity_items[i];
	return NULL;
}

/* The order of the frequencies a figure is measured at (the schema's
 * three; none is occasional). */
static int frequency_rank(const char *frequency)
{
	static const char *const order[] = {"occasional", "frequent", "constant"};
	for (int i = 0; frequency && i < 3; i++)
		if (!strcmp(order[i], frequency))
			return i;
	return 0;
}

/* Whether c contradicts a figure of its item already read: a person lifts
 * (pushes, tolerates) no more at a higher rate than at a lower one
 * (doc/icf.md, "Readings of measured capacities"). Named with both
 * figures, at c's line. */
static int contradicts(loader *L, const xmlNode *n, const cmi_capacity *c)
{
	const cm_person *p = L->person;
	int r = frequency_rank(c->frequency);
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *o = &p->capacities[i];
		int s = frequency_rank(o->frequency);
		if (strcmp(o->item, c->item) || r == s)
			continue;
		if (r > s ? c->value > o->value : c->value < o->value) {
			problem(L, n, NULL,
			        cmi_msg(L->p.ctx->lang,
			                r > s ? M_PERSON_CAPACITY_ABOVE : M_PERSON_CAPACITY_BELOW),
			        c->item, c->frequency ? c->frequency : "occasional", c->value,
			        c->unit, o->frequency ? o->frequency : "occasional", o->value,
			        o->unit, o->line);
			return 1;
		}
	}
	return 0;
}

static void load_capacity(loader *L, const xmlNode *n)
{
	cm_person *p = L->person;
	const char *item = cmi_loader_attr(&L->p, n, "item");
	const cmi_capacity_item *it = find_item(item);
	if (!it)
		return; /* the schema named the item it does not know */
	const char *other = strcmp(it->unit, "kg") ? "kg" : "minutes";
	cm_lang lang = L->p.ctx->lang;
	if (xmlHasProp(n, (const xmlChar *)other))
		problem(L, n, other, cmi_msg(lang, M_PERSON_CAPACITY_UNIT), item, it->unit, other);
	if (!xmlHasProp(n, (const xmlChar *)it->unit)) {
		problem(L, n, NULL, cmi_msg(lang, M_PERSON_CAPACITY_NO_VALUE), item, it->unit);
		return;
	}
	cmi_capacity c = {item, it->unit, 0, cmi_loader_attr(&L->p, n, "frequency"),
	                  (int)xmlGetLineNo(n)};
	if (!number(L, n, it->unit, it->min, it->max, &c.value))
		return;
	const char *freq = c.frequency ? c.frequency : "occasional";
	for (int i = 0; i < p->ncapacities; i++) {
		const cmi_capacity *o = &p->capacities[i];
		if (!strcmp(o->item, item) &&
		    !strcmp(o->frequency ? o->frequency : "occasional", freq)) {
			problem(L, n, NULL, cmi_msg(lang, M_PERSON_CAPACITY_TWICE), item, freq,
			        o->line);
			return;
		}
	}
	if (contradicts(L, n, &c))
		return;
	p->capacities[p->ncapacities++] = c;
}

static void load_screening(loader *L, const xmlNode *n)
{
	cm_person *p = L->person;
	const char *id = cmi_loader_attr(&L->p, n, "instrument");
	const char *text = cmi_loader_attr(&L->p, n, "score");
	const cmi_instrument *ins = NULL;
	for (int i = 0; id && i < cmi_ninstruments; i++)
		if (!strcmp(cmi_instruments[i].id, id))
			ins = &cmi_instruments[i];
	if (!ins || !text)
		return; /* the schema has said why */
	cmi_screening s = {id, 0, (int)xmlGetLineNo(n)};
	if (!cmi_parse_number(text, ins->min, ins->max, &s.score)) {
		problem(L, n, "score", cmi_msg(L->p.ctx->lang, M_PERSON_SCORE_RANGE), text, id,
		        ins->min, ins->max);
		return;
	}
	for (int i = 0; i < p->nscreenings; i++) {
		if (!strcmp(p->screenings[i].instrument, id)) {
			problem(L, n, NULL, cmi_msg(L->p.ctx->lang, M_PERSON_SCREENING_TWICE), id,
			        p->screenings[i].line);
			return;
		}
	}
	p->screenings[p->nscreenings++] = s;
}

static void load_code(loader *L, const xmlNode *n)
{
	cm_person *p = L->person;
	cm_ctx *ctx = L->p.ctx;
	xmlChar *raw = xmlNodeGetContent(n);
	const char *start = raw ? (const char *)raw : "";
	start += strspn(start, " \t\r\n");
	size_t len = strcspn(start, " \t\r\n");
	cmi_person_code c = {.line = (int)xmlGetLineNo(n)};
	c.text = cmi_arena_strndup(&p->arena, start, len);
	xmlFree(raw);
	if (!c.text) {
		L->p.nomem = 1;
		return;
	}
	if (!ctx->icf && cmi_icf_grammar_new(ctx, &ctx->icf, L->p.err) != CM_OK) {
		L->p.nomem = 1; /* the pattern is ours: only memory can make it fail */
		return;
	}
	char why[512];
	if (!cmi_icf_parse(ctx->icf, ctx->lang, c.text, &c.st, why, sizeof why)) {
		problem(L, n, NULL, "%s", why);
		return;
	}
	if (ctx->icf_classes && !cmi_icf_class_find(ctx->icf_classes, c.st.code)) {
		problem(L, n, NULL, cmi_msg(ctx->lang, M_ICFX_NOT_CLASSIFIED), c.text,
		        cmi_icf_classes_name(ctx->icf_classes));
		return;
	}
	for (int i = 0; i < p->ncodes; i++) {
		if (!strcmp(p->codes[i].st.code, c.st.code)) {
			problem(L, n, NULL, cmi_msg(ctx->lang, M_PERSON_CODE_TWICE), c.st.code,
			        p->codes[i].line);
			return;
		}
	}
	p->codes[p->ncodes++] = c;
}

static void load_diagnosis(loader *L, const xmlNode *n)
{
	cm_person *p = L->person;
	xmlChar *lang = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
	xmlChar *text = xmlNodeGetContent(n);
	if (text) /* one line: no forged report line, no terminal escape */
		cmi_text_plain((char *)text);
	cmi_text *t = &p->diagnoses[p->ndiagnoses++];
	t->lang = cmi_arena_strdup(&p->arena, lang ? (const char *)lang : "und");
	t->text = cmi_arena_strdup(&p->arena, text ? (const char *)text : "");
	if (!t->lang || !t->text)
		L->p.nomem = 1;
	xmlFree(lang);
	xmlFree(text);
}

/* Room for each list, counted before the walk (the schema bounded them). */
static int allocate(loader *L, const xmlNode *root)
{
	cm_person *p = L->person;
	int codes = 0;
	for (const xmlNode *n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && is(n, "icf"))
			codes += cmi_loader_count_children(n, "code");
	int caps = cmi_loader_count_children(root, "capacity");
	int scr = cmi_loader_count_children(root, "screening");
	int dia = cmi_loader_count_children(root, "diagnosis");
	p->codes = cmi_arena_alloc(&p->arena, (size_t)codes * sizeof *p->codes + 1);
	p->capacities = cmi_arena_alloc(&p->arena, (size_t)caps * sizeof *p->capacities + 1);
	p->screenings = cmi_arena_alloc(&p->arena, (size_t)scr * sizeof *p->screenings + 1);
	p->diagnoses = cmi_arena_alloc(&p->arena, (size_t)dia * sizeof *p->diagnoses + 1);
	return p->codes && p->capacities && p->screenings && p->diagnoses;
}

static void load_root(loader *L, const xmlNode *root)
{
	cm_person *p = L->person;
	p->id = cmi_loader_attr(&L->p, root, "id");
	if (!p->id)
		p->id = "";
	if (!allocate(L, root)) {
		L->p.nomem = 1;
		return;
	}
	for (const xmlNode *n = root->children; n && !L->p.nomem; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || repeated(L, n))
			continue;
		double v;
		if (is(n, "age")) {
			if (number(L, n, "years", 14, 100, &v))
				p->age = (int)v;
		} else if (is(n, "assessment")) {
			load_date(L, n, p->assessment);
		} else if (is(n, "return-to-work")) {
			load_date(L, n, p->return_to_work);
		} else if (is(n, "heart-rate")) {
			if (number(L, n, "resting-bpm", 30, 150, &v))
				p->resting_bpm = v;
		} else if (is(n, "icf")) {
			for (const xmlNode *c = n->children; c && !L->p.nomem; c = c->next)
				if (c->type == XML_ELEMENT_NODE && is(c, "code"))
					load_code(L, c);
		} else if (is(n, "capacity")) {
			load_capacity(L, n);
		} else if (is(n, "screening")) {
			load_screening(L, n);
		} else if (is(n, "diagnosis")) {
			load_diagnosis(L, n);
		}
	}
}

static cm_status load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                             cm_person **out, cm_error *err)
{
	*out = NULL;
	cm_person *p = cmi_calloc(ctx, 1, sizeof *p);
	if (!p)
		return cmi_error_nomem(err);
	cmi_arena_init(&p->arena, ctx);
	static atomic_ulong serials;
	p->serial = atomic_fetch_add(&serials, 1) + 1;
	p->age = -1;
	p->resting_bpm = NAN;
	loader L = {.person = p};
	xmlDocPtr doc;
	cm_status st =
	    cmi_loader_open(&L.p, ctx, &p->arena, CMI_SCHEMA_PERSON, name, buf, len, &doc, err);
	if (st != CM_OK) {
		cm_person_free(p);
		return st;
	}
	p->file = L.p.file;
	cmi_sha256_hex(buf, len, p->sha256);
	if (!L.p.nomem)
		load_root(&L, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	if ((st = cmi_loader_close(&L.p)) != CM_OK) {
		cm_person_free(p);
		return st;
	}
	*out = p;
	return CM_OK;
}

cm_status cm_person_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                cm_person **out, cm_error *err)
{
	locale_t old = cmi_locale_enter(ctx);
	cm_status st = load_memory(ctx, name, buf, len, out, err);
	cmi_locale_leave(old);
	return st;
}

/* cm_person_load_memory as cmi_load_file calls it. */
static cm_status load_named(cm_ctx *ctx, const char *name, const char *buf, size_t len, void *out,
                            cm_error *err)
{
	return cm_person_load_memory(ctx, name, buf, len, out, err);
}

cm_status cm_person_load(cm_ctx *ctx, const char *path, cm_person **out, cm_error *err)
{
	*out = NULL;
	return cmi_load_file(ctx, path, CMI_XML_MAX_BYTES, load_named, out, err);
}

void cm_person_free(cm_person *person)
{
	if (!person)
		return;
	cmi_arena arena = person->arena;
	cm_ctx *ctx = arena.ctx;
	cmi_arena_free(&arena);
	cmi_free(ctx, person);
}

const char *cm_person_id(const cm_person *person)
{
	return person->id;
}

const char *cm_person_file(const cm_person *person)
{
	return person->file;
}

const char *cm_person_sha256(const cm_person *person)
{
	return person->sha256;
}

const char *cm_person_assessment_date(const cm_person *person)
{
	return person->assessment[0] ? person->assessment : NULL;
}

const char *cm_profile_kind(cm_ctx *ctx, const char *path)
{
	char *buf;
	size_t len;
	cm_error err = {0};
	if (cmi_read_file(ctx, path, CMI_XML_MAX_BYTES, &buf, &len, &err) != CM_OK) {
		cm_error_clear(&err);
		return NULL;
	}
	cmi_schema_id kind = cmi_xml_kind(buf, len);
	cmi_free(ctx, buf);
	return kind == CMI_SCHEMA_PERSON ? "person" : kind == CMI_SCHEMA_JOB ? "job" : NULL;
}
