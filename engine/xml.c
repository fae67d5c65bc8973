/*
 * xml.c — the one place capamatch touches untrusted XML.
 *
 * Model: read the file ourselves (libxml2's file readers silently gunzip, so
 * a small file could expand without bound), parse from memory with network
 * access and entity substitution off, stop at any DOCTYPE (profiles never
 * need one; stopping there, before the internal subset is read, closes
 * external entities and entity bombs in one place), then
 * validate against the XSD compiled once per context. libxml2's messages are
 * collected through its structured error callbacks, one cm_problem each, with
 * the namespace stripped from element names so that they read as the user
 * wrote them. They stay in English: they are libxml2's text.
 *
 * Not here: mapping to the model (load_job.c) and range checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "messages.h"
#include "xml.h"

struct cmi_xml {
	xmlSchemaPtr schemas[CMI_SCHEMA_COUNT]; /* owned; NULL until first use */
};

static const char *const schema_files[CMI_SCHEMA_COUNT] = {"job.xsd"};

enum { MAX_DEPTH = 256 }; /* libxml2 refuses deeper nesting without XML_PARSE_HUGE */

/* Where libxml2's callbacks put what they report. */
typedef struct collector {
	cm_ctx *ctx;
	cm_error *err;
	const char *file;
	int count;
	xmlNodePtr cut[MAX_DEPTH]; /* siblings detached to end validation early; owned */
	int ncut;
} collector;

/* Once CMI_MAX_PROBLEMS schema errors are listed, the rest of the document
 * is taken out of the validator's walk: detaching the siblings that follow
 * the node in error, at every level, ends it. libxml2 2.9 spends time per
 * error that grows with the document (40,000 errors took 70 s), so going on
 * only to drop what it finds would be a denial of service. */
static void stop_validation(collector *c, xmlNodePtr node)
{
	if (node && node->type == XML_ATTRIBUTE_NODE)
		node = node->parent;
	for (; node && node->type == XML_ELEMENT_NODE && c->ncut < MAX_DEPTH; node = node->parent) {
		if (!node->next)
			continue;
		c->cut[c->ncut++] = node->next;
		node->next->prev = NULL;
		node->next = NULL;
		if (node->parent)
			node->parent->last = node;
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
	if (++c->count > CMI_MAX_PROBLEMS) {
		if (c->count == CMI_MAX_PROBLEMS + 1) {
			cmi_error_add(c->err, CM_EINPUT, c->file, 0, NULL, "%s",
			              cmi_msg(c->ctx->lang, M_XML_TOO_MANY));
			if (e->domain == XML_FROM_SCHEMASV)
				stop_validation(c, e->node);
		}
		return;
	}
	char msg[1024], path[512] = "";
	clean_message(e->message ? e->message : "?", msg, sizeof msg);
	if (e->node && e->domain == XML_FROM_SCHEMASV)
		cmi_xml_path(e->node, NULL, path, sizeof path);
	cmi_error_add(c->err, CM_EINPUT, c->file, e->line, path[0] ? path : NULL, "%s", msg);
}

/* The parser hands its own context to serror; our collector rides in _private. */
static void on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = data;
	on_error(pc->_private, e);
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
	xmlSAX2StartElementNs(data, localname, prefix, uri, nns, ns, nattrs, ndefaulted, attrs);
	int back = lines_since_open(pc);
	if (pc->node && back > 0 && pc->node->line < 65535 && pc->node->line > back)
		pc->node->line = (unsigned short)(pc->node->line - back);
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
	cmi_error_add(c->err, CM_EINPUT, c->file, line, NULL, "%s",
	              cmi_msg(c->ctx->lang, M_XML_DOCTYPE));
	c->count++;
	xmlStopParser(pc);
}

static cm_status load_schema(cm_ctx *ctx, cmi_schema_id id, cm_error *err)
{
	if (!ctx->xml && !(ctx->xml = calloc(1, sizeof *ctx->xml)))
		return cmi_error_nomem(err);
	if (ctx->xml->schemas[id])
		return CM_OK;
	char path[4096];
	snprintf(path, sizeof path, "%s/schema/%s", ctx->datadir, schema_files[id]);
	collector c = {.ctx = ctx, .err = err, .file = path};
	/* The XSDs are local and import nothing; never let a schema reach out. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
	if (!pc)
		return cmi_error_nomem(err);
	xmlSchemaSetParserStructuredErrors(pc, on_error, &c);
	ctx->xml->schemas[id] = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!ctx->xml->schemas[id])
		return cmi_error_add(err, CM_ERULES, path, 0, NULL, "%s",
		                     cmi_msg(ctx->lang, M_SCHEMA_UNUSABLE));
	return CM_OK;
}

static cm_status validate(cm_ctx *ctx, cmi_schema_id id, xmlDocPtr doc, collector *c)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(ctx->xml->schemas[id]);
	if (!vc)
		return cmi_error_nomem(c->err);
	xmlSchemaSetValidStructuredErrors(vc, on_error, c);
	int rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	for (int i = 0; i < c->ncut; i++)
		xmlFreeNodeList(c->cut[i]);
	c->ncut = 0;
	if (rc != 0 && c->count == 0)
		cmi_error_add(c->err, CM_EINPUT, c->file, 0, NULL, "%s",
		              cmi_msg(ctx->lang, M_SCHEMA_INVALID));
	return rc == 0 ? CM_OK : CM_EINPUT;
}

cm_status cmi_xml_parse(cm_ctx *ctx, cmi_schema_id schema, const char *name, const char *buf,
                        size_t len, xmlDocPtr *doc, cm_error *err)
{
	*doc = NULL;
	cm_status st = load_schema(ctx, schema, err);
	if (st != CM_OK)
		return st;
	if (len > CMI_XML_MAX_BYTES || len > (size_t)INT32_MAX)
		return cmi_error_add(err, CM_EINPUT, name, 0, NULL, cmi_msg(ctx->lang, M_TOO_BIG),
		                     CMI_XML_MAX_BYTES >> 20);
	collector c = {.ctx = ctx, .err = err, .file = name};
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	if (!pc)
		return cmi_error_nomem(err);
	pc->_private = &c;
	pc->sax->serror = on_parse_error;
	pc->sax->startElementNs = on_start_element;
	pc->sax->internalSubset = on_doctype;
	/* Deliberately absent: XML_PARSE_NOENT, _DTDLOAD, _HUGE, _RECOVER. */
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	xmlDocPtr d = xmlCtxtReadMemory(pc, buf, (int)len, name, NULL, options);
	xmlFreeParserCtxt(pc);
	if (!d || c.count > 0) {
		if (c.count == 0)
			cmi_error_add(err, CM_EINPUT, name, 0, NULL, "%s",
			              cmi_msg(ctx->lang, M_XML_MALFORMED));
		st = CM_EINPUT;
	} else if (d->intSubset || d->extSubset) { /* on_doctype stops this first */
		st = cmi_error_add(err, CM_EINPUT, name, 0, NULL, "%s",
		                   cmi_msg(ctx->lang, M_XML_DOCTYPE));
	} else {
		st = validate(ctx, schema, d, &c);
	}
	if (st != CM_OK) {
		xmlFreeDoc(d);
		return st;
	}
	*doc = d;
	return CM_OK;
}

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
	for (int i = 0; i < CMI_SCHEMA_COUNT; i++)
		xmlSchemaFree(xml->schemas[i]);
	free(xml);
}
