/*
 * xml.c — the one place capamatch touches untrusted XML.
 *
 * Model, in the order a profile meets it:
 *  1. The caller reads the file (libxml2's file readers silently gunzip, so
 *     a small file could expand without bound); at most CMI_XML_MAX_BYTES.
 *  2. xml_prescan.c checks the bytes: UTF-8 and nothing else (refused
 *     before libxml2 converts anything), XML characters, attributes per
 *     start tag, the length of comments, PIs and CDATA sections.
 *  3. libxml2 parses from memory with network access and entity
 *     substitution off, the document's encoding declaration ignored (step 2
 *     made sure it says UTF-8), and stops at any DOCTYPE (profiles never need
 *     one; stopping there, before the internal subset is read, closes
 *     external entities and entity bombs in one place) and past MAX_ELEMENTS.
 *  4. The root must be the schema's; the counts of child_bounds[] are
 *     checked on the tree.
 *  5. The document is validated against the XSD, compiled once per context;
 *     each error is reworded by schema_messages.c from a table read from
 *     the same XSD, or keeps libxml2's text (namespace stripped) when it has
 *     no words for it. A well-formed document that fails validation is
 *     still handed back, flagged, so the caller can add its own checks.
 * Every problem is one cm_problem with the file and the line where the
 * element's start tag begins.
 *
 * libxml2 reports through callbacks, and through per-thread handlers that
 * print to stderr by default: every libxml2 call made here runs with those
 * handlers pointed at the collector (quiet_enter), and the client's are put
 * back afterwards (quiet_leave), so the library never prints and never
 * leaves a client's handlers changed.
 *
 * Not here: mapping to the model (load_job.c), range checks, how many of
 * each element a job may have beyond the bounds below (load_job.c).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "file.h"
#include "messages.h"
#include "schema_messages.h"
#include "xml.h"
#include "xml_prescan.h"

/* Bounds on what real profiles never need, each with its reason, so that
 * every pass over a profile is linear and loading anything under 16 MiB
 * takes well under a second (make bench, 2026-12: at most 0.13 s for
 * validate on the largest and most hostile inputs). Real profiles have a
 * few dozen tasks and offers and a handful of elements per task; the
 * search evaluates every offer on the whole job, so the bounds on the
 * elements of all tasks together and on offers bound a check's work too
 * (a check costs about 50 µs per finding per evaluation, 2026-12: 200
 * tasks of 50 handlings with 200 offers took 100 s before these two). */
enum {
	/* Attributes (and xmlns declarations) on one start tag: <handling>
	 * takes 10, an <adaptation> at most 7, plus xmlns and xml:lang.
	 * libxml2 2.9's duplicate-attribute check is quadratic: 40,000 on one
	 * element took 30 s, and it has no bound of its own. */
	MAX_ATTRS = 32,
	/* Bytes of one comment, PI or CDATA section (1 MiB): libxml2 ends one
	 * past 10,000,000 bytes and parses what follows as markup, which the
	 * pre-scan skipped. */
	MAX_SECTION = 1 << 20,
	/* Elements in a profile: above the sum of the bounds below (about
	 * 11,000). Stops the parser before memory grows: 16 MiB of <a/> is 4
	 * million nodes, about 500 MB. */
	MAX_ELEMENTS = 16384,
	/* Levels of nesting: a profile has 3 (job, task, handling). libxml2
	 * stops at 256 with a message about its own options. Also bounds the
	 * cuts stop_validation makes (one per level). */
	MAX_DEPTH = 16
};

typedef enum bound_scope { PER_PARENT, PER_JOB } bound_scope;

/* Element counts checked after parsing, before validation. */
static const struct child_bound {
	const char *parent; /* local name of the element that holds them */
	const char *child;  /* local name counted; NULL: every element */
	int max;
	bound_scope scope; /* PER_JOB: summed over every such parent in the job */
} child_bounds[] = {
    {"job", NULL, 256, PER_PARENT},   /* 200 tasks, 16 titles, the job-level elements */
    {"job", "task", 200, PER_PARENT}, /* a real job has a few dozen */
    {"job", "title", 16, PER_PARENT}, /* one per language, with room */
    {"task", NULL, 50, PER_PARENT},   /* a task has a handful of handlings and postures */
    {"task", NULL, 1000, PER_JOB},    /* and all tasks together a few hundred at most */
    {"task", "title", 16, PER_PARENT},
    {"icf-demands", "demand", 500, PER_JOB},     /* more codes than a job can usefully name */
    {"adaptations", "adaptation", 100, PER_JOB}, /* each is evaluated on the whole job */
    /* A person profile: a physician records dozens of codes, a handful of
     * measurements and scores. */
    {"person", NULL, 1000, PER_PARENT},
    {"icf", "code", 500, PER_JOB},
    {"person", "capacity", 100, PER_PARENT},
    {"person", "screening", 20, PER_PARENT},
    {"person", "diagnosis", 16, PER_PARENT},
};
enum { NBOUNDS = sizeof child_bounds / sizeof child_bounds[0] };

/* Invariants: each schema, its table and its XSD document are all NULL or
 * all set; the XSD document is kept because the compiled schema may point
 * into it. */
struct cmi_xml {
	xmlSchemaPtr schemas[CMI_SCHEMA_COUNT]; /* owned; NULL until first use */
	cmi_xsd *tables[CMI_SCHEMA_COUNT];      /* owned: what the messages know */
	xmlDocPtr xsds[CMI_SCHEMA_COUNT];       /* owned */
};

static const struct {
	const char *file, *root, *ns;
	cmi_msg_id given_as; /* "this is a ... profile": given where another is expected */
} schema_files[CMI_SCHEMA_COUNT] = {
    [CMI_SCHEMA_JOB] = {"job.xsd", "job", "urn:capamatch:job:1", M_XML_IS_JOB},
    [CMI_SCHEMA_PERSON] = {"person.xsd", "person", "urn:capamatch:person:1", M_XML_IS_PERSON},
};

/* Siblings detached from after to end validation early, put back after. */
typedef struct cut {
	xmlNodePtr after, next, last; /* last: after->parent->last before the cut */
} cut;

/* Where libxml2's callbacks put what they report. */
typedef struct collector {
	cm_ctx *ctx;
	cm_error *err;
	const char *file;
	const cmi_xsd *xsd; /* rewords schema errors; NULL while the schema compiles */
	int count;          /* problems seen (listed or not) */
	int elements;       /* start tags the parser has seen */
	char generic[512];  /* what libxml2 sent to its generic channel */
	cut cuts[MAX_DEPTH];
	int ncuts;
} collector;

/* ---- collecting problems --------------------------------------------------- */

static void add_problem(collector *c, int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_problem(collector *c, int line, const char *path, const char *fmt, ...)
{
	if (++c->count > CMI_MAX_PROBLEMS) {
		if (c->count == CMI_MAX_PROBLEMS + 1)
			cmi_error_add(c->err, CM_EINPUT, c->file, 0, NULL, "%s",
			              cmi_msg(c->ctx->lang, M_XML_TOO_MANY));
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	cmi_error_addv(c->err, CM_EINPUT, c->file, line, path, fmt, ap);
	va_end(ap);
}

/* Once CMI_MAX_PROBLEMS schema errors are listed, the rest of the document
 * is taken out of the validator's walk: detaching the siblings that follow
 * the node in error, at every level, ends it. libxml2 2.9 spends time per
 * error that grows with the document (40,000 errors took 70 s), so going on
 * only to drop what it finds would be a denial of service. restore_cuts
 * puts the document back whole. */
static void stop_validation(collector *c, xmlNodePtr node)
{
	if (node && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	for (; node && node->type == XML_ELEMENT_NODE && c->ncuts < MAX_DEPTH;
	     node = node->parent) {
		if (!node->next)
			continue;
		c->cuts[c->ncuts++] =
		    (cut){node, node->next, node->parent ? node->parent->last : NULL};
		node->next->prev = NULL;
		node->next = NULL;
		if (node->parent)
			node->parent->last = node;
	}
}

static void restore_cuts(collector *c)
{
	while (c->ncuts > 0) {
		cut *k = &c->cuts[--c->ncuts];
		k->after->next = k->next;
		k->next->prev = k->after;
		if (k->after->parent)
			k->after->parent->last = k->last;
	}
}

/* Copies msg as one line: libxml2 writes "{urn:capamatch:job:1}handling"
 * for our elements (the prefix goes; any other braces are the user's text
 * and stay), and some messages span two lines (they are joined). */
static void clean_message(const char *msg, char *out, size_t size)
{
	static const char ns[] = "{urn:capamatch:";
	size_t o = 0;
	for (const char *p = msg; *p && o + 1 < size; p++) {
		const char *close;
		if (!strncmp(p, ns, sizeof ns - 1) && (close = strchr(p, '}'))) {
			p = close;
			continue;
		}
		out[o++] = *p == '\n' ? ' ' : *p;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static void on_error(void *data, xmlErrorPtr e)
{
	collector *c = data;
	if (e->level < XML_ERR_ERROR)
		return;
	if (c->count >= CMI_MAX_PROBLEMS) {
		if (c->count == CMI_MAX_PROBLEMS && e->domain == XML_FROM_SCHEMASV)
			stop_validation(c, e->node);
		add_problem(c, 0, NULL, "%s", ""); /* counted only */
		return;
	}
	char msg[1024], path[512] = "";
	int line = e->line;
	int worded = c->xsd ? cmi_schema_message(c->xsd, c->ctx->lang, e, msg, sizeof msg, path,
	                                         sizeof path, &line)
	                    : 0;
	if (worded < 0)
		return;
	if (!worded) {
		clean_message(e->message ? e->message : "?", msg, sizeof msg);
		if (e->node && e->domain == XML_FROM_SCHEMASV)
			cmi_xml_path(e->node, NULL, path, sizeof path);
	}
	add_problem(c, line, path[0] ? path : NULL, "%s", msg);
}

/* The parser hands its own context to serror; our collector rides in _private. */
static void on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = data;
	on_error(pc->_private, e);
}

/* libxml2's generic channel (what it would print to stderr). While our
 * structured handler is installed, libxml2 routes its own errors there, so
 * only direct prints reach this; they pass xmlGenericErrorContext, which
 * quiet_enter set to the collector. */
static void on_generic(void *data, const char *fmt, ...)
{
	collector *c = data;
	size_t o = strlen(c->generic);
	if (o + 1 >= sizeof c->generic)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->generic + o, sizeof c->generic - o, fmt, ap);
	va_end(ap);
}

/* ---- libxml2's per-thread handlers ------------------------------------------- */

/* The client's handlers, as they were before a call of ours. */
typedef struct quiet {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
	int count; /* the collector's count before the call */
} quiet;

static quiet quiet_enter(collector *c)
{
	quiet q = {xmlGenericError, xmlGenericErrorContext, xmlStructuredError,
	           xmlStructuredErrorContext, c->count};
	xmlSetGenericErrorFunc(c, on_generic);
	xmlSetStructuredErrorFunc(c, on_error);
	return q;
}

/* Puts the client's handlers back; what libxml2 printed is a problem unless
 * the call already reported one (then it is the same error again). */
static void quiet_leave(const quiet *q, collector *c)
{
	xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
	xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
	if (c->generic[0] && c->count == q->count) {
		char msg[sizeof c->generic];
		clean_message(c->generic, msg, sizeof msg);
		add_problem(c, 0, NULL, "%s", msg);
	}
	c->generic[0] = '\0';
}

/* ---- the schema --------------------------------------------------------------- */

static pthread_mutex_t loader_lock = PTHREAD_MUTEX_INITIALIZER;

/* Parses the XSD at path, reads its table, compiles it. */
static cm_status compile_schema(collector *c, const char *buf, size_t len, cmi_schema_id id)
{
	struct cmi_xml *x = c->ctx->xml;
	cm_status st = CM_ERULES;
	quiet q = quiet_enter(c);
	/* libxml2's entity loader is one for the process: contexts compiling
	 * their schemas on several threads take turns to swap it. */
	pthread_mutex_lock(&loader_lock);
	xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader); /* the XSDs import nothing */
	xmlDocPtr xsd = xmlReadMemory(buf, (int)len, c->file, NULL, XML_PARSE_NONET);
	cmi_xsd *table = NULL;
	xmlSchemaPtr schema = NULL;
	if (xsd)
		st = cmi_xsd_read(c->ctx, xsd, schema_files[id].root, &table, c->err);
	xmlSchemaParserCtxtPtr pc = st == CM_OK ? xmlSchemaNewDocParserCtxt(xsd) : NULL;
	if (pc) {
		xmlSchemaSetParserStructuredErrors(pc, on_error, c);
		schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
	}
	xmlSetExternalEntityLoader(loader);
	pthread_mutex_unlock(&loader_lock);
	quiet_leave(&q, c);
	if (!schema) {
		cmi_xsd_free(table);
		xmlFreeDoc(xsd);
		return st == CM_ENOMEM ? st : CM_ERULES;
	}
	x->schemas[id] = schema;
	x->tables[id] = table;
	x->xsds[id] = xsd;
	return CM_OK;
}

static cm_status load_schema(cm_ctx *ctx, cmi_schema_id id, cm_error *err)
{
	if (!ctx->xml && !(ctx->xml = cmi_calloc(ctx, 1, sizeof *ctx->xml)))
		return cmi_error_nomem(err);
	if (ctx->xml->schemas[id])
		return CM_OK;
	char path[4096], *buf;
	size_t len;
	snprintf(path, sizeof path, "%s/schema/%s", ctx->datadir, schema_files[id].file);
	cm_status st = cmi_read_file(ctx, path, CMI_XML_MAX_BYTES, &buf, &len, err);
	if (st != CM_OK)
		return st;
	collector c = {.ctx = ctx, .err = err, .file = path};
	st = compile_schema(&c, buf, len, id);
	cmi_free(ctx, buf);
	if (st == CM_ERULES)
		cmi_error_add(err, CM_ERULES, path, 0, NULL, "%s",
		              cmi_msg(ctx->lang, M_SCHEMA_UNUSABLE));
	return st;
}

/* ---- parsing ------------------------------------------------------------------- */

static cm_status prescan(collector *c, const char *buf, size_t len)
{
	cmi_prescan p;
	if (cmi_xml_prescan(buf, len, MAX_ATTRS, MAX_SECTION, &p) == CMI_PRESCAN_OK)
		return CM_OK;
	cm_lang l = c->ctx->lang;
	switch (p.fault) {
	case CMI_PRESCAN_ENCODING:
		add_problem(c, p.line, NULL, cmi_msg(l, M_XML_ENCODING), p.detail);
		break;
	case CMI_PRESCAN_BAD_UTF8:
		add_problem(c, p.line, NULL, cmi_msg(l, M_XML_BAD_UTF8), p.code);
		break;
	case CMI_PRESCAN_BAD_CHAR:
		add_problem(c, p.line, NULL, cmi_msg(l, M_XML_BAD_CHAR), p.code);
		break;
	case CMI_PRESCAN_ATTRS:
		add_problem(c, p.line, NULL, cmi_msg(l, M_XML_ATTRS), p.detail, (int)MAX_ATTRS);
		break;
	default:
		add_problem(c, p.line, NULL, cmi_msg(l, M_XML_SECTION), (int)(MAX_SECTION >> 10));
		break;
	}
	return CM_EINPUT;
}

/* Lines between the '<' that opened the construct being parsed and the
 * parser's position: libxml2 numbers an element by the line where its
 * start tag ends, and the user looks for the line where it begins. A raw
 * '<' cannot occur inside a tag, so the nearest one back is the opening. */
static int lines_since_open(xmlParserCtxtPtr pc)
{
	if (!pc->input || !pc->input->cur || !pc->input->base)
		return 0;
	int n = 0;
	for (const xmlChar *p = pc->input->cur; p > pc->input->base && *p != '<'; p--)
		n += *p == '\n';
	return n;
}

static void on_start_element(void *data, const xmlChar *localname, const xmlChar *prefix,
                             const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
                             int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr pc = data;
	collector *c = pc->_private;
	xmlSAX2StartElementNs(data, localname, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	int back = lines_since_open(pc);
	if (pc->node && back > 0 && pc->node->line < 65535 && pc->node->line > back)
		pc->node->line = (unsigned short)(pc->node->line - back);
	int line = pc->node ? (int)xmlGetLineNo(pc->node) : 0;
	if (++c->elements > MAX_ELEMENTS) {
		add_problem(c, line, NULL, cmi_msg(c->ctx->lang, M_XML_ELEMENTS),
		            (int)MAX_ELEMENTS);
		xmlStopParser(pc);
	} else if (pc->nodeNr > MAX_DEPTH) {
		add_problem(c, line, NULL, cmi_msg(c->ctx->lang, M_XML_DEPTH), (int)MAX_DEPTH);
		xmlStopParser(pc);
	}
}

/* A DOCTYPE is refused the moment the parser sees it, before a single
 * entity is declared: no external entity, no entity bomb, ever. */
static void on_doctype(void *data, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
	(void)name;
	(void)external_id;
	(void)system_id;
	xmlParserCtxtPtr pc = data;
	collector *c = pc->_private;
	int line = pc->input ? pc->input->line - lines_since_open(pc) : 0;
	add_problem(c, line, NULL, "%s", cmi_msg(c->ctx->lang, M_XML_DOCTYPE));
	xmlStopParser(pc);
}

static cm_status parse(collector *c, const char *buf, size_t len, xmlDocPtr *out)
{
	quiet q = quiet_enter(c);
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	xmlDocPtr d = NULL;
	if (pc) {
		pc->_private = c;
		pc->sax->serror = on_parse_error;
		pc->sax->startElementNs = on_start_element;
		pc->sax->internalSubset = on_doctype;
		/* Deliberately absent: XML_PARSE_NOENT, _DTDLOAD, _HUGE, _RECOVER.
		 * _COMPACT keeps short texts inside their nodes (fewer
		 * allocations); nothing here rewrites a node's content, which it
		 * forbids (stop_validation relinks nodes only). */
		int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA |
		              XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT;
		d = xmlCtxtReadMemory(pc, buf, (int)len, c->file, NULL, options);
		xmlFreeParserCtxt(pc);
	}
	quiet_leave(&q, c);
	if (!pc)
		return cmi_error_nomem(c->err);
	if (d && c->count == 0 && !d->intSubset && !d->extSubset) { /* on_doctype stops those */
		*out = d;
		return CM_OK;
	}
	if (c->count == 0)
		add_problem(c, 0, NULL, "%s", cmi_msg(c->ctx->lang, M_XML_MALFORMED));
	xmlFreeDoc(d);
	return CM_EINPUT;
}

/* ---- what is refused before validation ------------------------------------------- */

/* The schema whose root root is, or -1. */
static int other_profile(const xmlNode *root)
{
	for (int i = 0; i < CMI_SCHEMA_COUNT; i++)
		if (xmlStrEqual(root->name, (const xmlChar *)schema_files[i].root) && root->ns &&
		    xmlStrEqual(root->ns->href, (const xmlChar *)schema_files[i].ns))
			return i;
	return -1;
}

cmi_schema_id cmi_xml_kind(const char *buf, size_t len)
{
	if (len > CMI_XML_MAX_BYTES || len > (size_t)INT32_MAX)
		return CMI_SCHEMA_COUNT;
	/* The reader stops at the root's start tag: nothing past it is read,
	 * and no entity is substituted (no XML_PARSE_NOENT). */
	xmlTextReaderPtr r = xmlReaderForMemory(
	    buf, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int kind = -1;
	while (r && xmlTextReaderRead(r) == 1) {
		if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
			continue;
		const xmlChar *name = xmlTextReaderConstLocalName(r);
		const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
		for (int i = 0; i < CMI_SCHEMA_COUNT && kind < 0; i++)
			if (xmlStrEqual(name, (const xmlChar *)schema_files[i].root) &&
			    xmlStrEqual(ns, (const xmlChar *)schema_files[i].ns))
				kind = i;
		break;
	}
	xmlFreeTextReader(r);
	return kind < 0 ? CMI_SCHEMA_COUNT : (cmi_schema_id)kind;
}

static cm_status check_root(collector *c, const xmlNode *root)
{
	if (root && xmlStrEqual(root->name, (const xmlChar *)cmi_xsd_root(c->xsd)) && root->ns &&
	    xmlStrEqual(root->ns->href, (const xmlChar *)cmi_xsd_namespace(c->xsd)))
		return CM_OK;
	char msg[1024], path[512] = "";
	int line = 0;
	int other = root ? other_profile(root) : -1;
	if (other >= 0) { /* a person given as a job, or the reverse: one line */
		add_problem(c, (int)xmlGetLineNo(root), NULL, "%s",
		            cmi_msg(c->ctx->lang, schema_files[other].given_as));
		return CM_EINPUT;
	}
	if (root) {
		cmi_schema_root_message(c->xsd, c->ctx->lang, root, msg, sizeof msg);
		cmi_xml_path(root, NULL, path, sizeof path);
		line = (int)xmlGetLineNo(root);
	} else {
		snprintf(msg, sizeof msg, "%s", cmi_msg(c->ctx->lang, M_XML_MALFORMED));
	}
	add_problem(c, line, path[0] ? path : NULL, "%s", msg);
	return CM_EINPUT;
}

static int is_named(const xmlNode *n, const char *name)
{
	return xmlStrEqual(n->name, (const xmlChar *)name);
}

static void report_bound(collector *c, const struct child_bound *b, const xmlNode *n)
{
	char path[512] = "";
	if (c->count < CMI_MAX_PROBLEMS) /* the path walks siblings: only if listed */
		cmi_xml_path(n, NULL, path, sizeof path);
	const char *holder = b->scope == PER_JOB ? cmi_xsd_root(c->xsd) : b->parent;
	cm_lang l = c->ctx->lang;
	if (b->child)
		add_problem(c, (int)xmlGetLineNo(n), path, cmi_msg(l, M_XML_CHILDREN), b->child,
		            holder, b->max);
	else if (b->scope == PER_JOB)
		add_problem(c, (int)xmlGetLineNo(n), path, cmi_msg(l, M_XML_ELEMENTS_ALL),
		            b->parent, b->max);
	else
		add_problem(c, (int)xmlGetLineNo(n), path, cmi_msg(l, M_XML_ELEMENTS_IN), holder,
		            b->max);
}

/* Counts parent's element children against child_bounds[]; per_job keeps
 * the PER_JOB sums. The first element past a bound is reported. */
static void count_children(collector *c, const xmlNode *parent, int per_job[NBOUNDS])
{
	int here[NBOUNDS] = {0};
	for (const xmlNode *n = parent->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (int i = 0; i < NBOUNDS; i++) {
			const struct child_bound *b = &child_bounds[i];
			if (!is_named(parent, b->parent) || (b->child && !is_named(n, b->child)))
				continue;
			int *count = b->scope == PER_JOB ? &per_job[i] : &here[i];
			if (++*count == b->max + 1)
				report_bound(c, b, n);
		}
	}
}

/* Every bound concerns the root's children or theirs; what is over is
 * listed in document order. */
static cm_status check_bounds(collector *c, const xmlNode *root)
{
	int per_job[NBOUNDS] = {0}, before = c->count;
	size_t first = c->err->nproblems;
	count_children(c, root, per_job);
	for (const xmlNode *n = root->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			count_children(c, n, per_job);
	cmi_error_sort_lines(c->err, first);
	return c->count > before ? CM_EINPUT : CM_OK;
}

/* ---- validation -------------------------------------------------------------------- */

static cm_status validate(collector *c, cmi_schema_id id, xmlDocPtr doc, int *valid)
{
	int before = c->count;
	quiet q = quiet_enter(c);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(c->ctx->xml->schemas[id]);
	int rc = -1;
	if (vc) {
		xmlSchemaSetValidStructuredErrors(vc, on_error, c);
		rc = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
	}
	quiet_leave(&q, c);
	restore_cuts(c);
	if (!vc)
		return cmi_error_nomem(c->err);
	if (rc != 0 && c->count == before)
		add_problem(c, 0, NULL, "%s",
		            cmi_msg(c->ctx->lang, id == CMI_SCHEMA_PERSON ? M_SCHEMA_INVALID_PERSON
		                                                          : M_SCHEMA_INVALID));
	*valid = rc == 0;
	return CM_OK;
}

cm_status cmi_xml_parse(cm_ctx *ctx, cmi_schema_id schema, const char *name, const char *buf,
                        size_t len, xmlDocPtr *doc, int *valid, cm_error *err)
{
	*doc = NULL;
	*valid = 0;
	cm_status st = load_schema(ctx, schema, err);
	if (st != CM_OK)
		return st;
	if (len > CMI_XML_MAX_BYTES || len > (size_t)INT32_MAX)
		return cmi_error_add(err, CM_EINPUT, name, 0, NULL, cmi_msg(ctx->lang, M_TOO_BIG),
		                     CMI_XML_MAX_BYTES >> 20);
	collector c = {.ctx = ctx, .err = err, .file = name, .xsd = ctx->xml->tables[schema]};
	xmlDocPtr d = NULL;
	if ((st = prescan(&c, buf, len)) == CM_OK && (st = parse(&c, buf, len, &d)) == CM_OK &&
	    (st = check_root(&c, xmlDocGetRootElement(d))) == CM_OK &&
	    (st = check_bounds(&c, xmlDocGetRootElement(d))) == CM_OK)
		st = validate(&c, schema, d, valid);
	if (st != CM_OK) {
		xmlFreeDoc(d);
		return st;
	}
	*doc = d;
	return CM_OK;
}

/* ---- paths ----------------------------------------------------------------------------- */

/* Position of node among its element siblings of the same name, from 1; 0
 * when it is the only one (then no index is written). */
static int sibling_index(const xmlNode *node)
{
	int index = 0, total = 0;
	for (const xmlNode *s = node->parent ? node->parent->children : node; s; s = s->next) {
		if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, node->name))
			continue;
		total++;
		if (s == node)
			index = total;
	}
	return total > 1 ? index : 0;
}

void cmi_xml_path(const xmlNode *node, const char *attr, char *buf, size_t size)
{
	const xmlNode *chain[64];
	int n = 0;
	for (const xmlNode *p = node; p && p->type == XML_ELEMENT_NODE && n < 64; p = p->parent)
		chain[n++] = p;
	size_t o = 0;
	buf[0] = '\0';
	while (n-- > 0 && o < size) {
		int i = sibling_index(chain[n]);
		int w = i ? snprintf(buf + o, size - o, "/%s[%d]", chain[n]->name, i)
		          : snprintf(buf + o, size - o, "/%s", chain[n]->name);
		o += w > 0 ? (size_t)w : 0;
	}
	if (attr && o < size)
		snprintf(buf + o, size - o, "/@%s", attr);
}

void cmi_xml_free(struct cmi_xml *xml)
{
	if (!xml)
		return;
	for (int i = 0; i < CMI_SCHEMA_COUNT; i++) {
		xmlSchemaFree(xml->schemas[i]);
		cmi_xsd_free(xml->tables[i]);
		xmlFreeDoc(xml->xsds[i]);
	}
	free(xml);
}
