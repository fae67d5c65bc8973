/*
 * xml.c — the one place capamatch touches untrusted XML.
 *
 * Model: read the file ourselves (libxml2's file readers silently gunzip, so
 * a small file could expand without bound), parse from memory with network
 * access and entity substitution off, refuse any DOCTYPE (profiles never need
 * one, and that closes external entities and entity bombs in one check), then
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

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "messages.h"
#include "xml.h"

enum { MAX_PROBLEMS = 50 }; /* past this a file is hopeless; say so once */

struct cmi_xml {
	xmlSchemaPtr schemas[CMI_SCHEMA_COUNT]; /* owned; NULL until first use */
};

static const char *const schema_files[CMI_SCHEMA_COUNT] = {"job.xsd"};

/* Where libxml2's callbacks put what they report. */
typedef struct collector {
	cm_ctx *ctx;
	cm_error *err;
	const char *file;
	int count;
} collector;

/* Copies msg without "{namespace}" prefixes and the trailing newline. */
static void clean_message(const char *msg, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = msg; *p && o + 1 < size; p++) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			if (close && memchr(p, ':', (size_t)(close - p))) {
				p = close;
				continue;
			}
		}
		out[o++] = *p;
	}
	while (o > 0 && (out[o - 1] == '\n' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
}

static void on_error(void *data, xmlErrorPtr e)
{
	collector *c = data;
	if (e->level < XML_ERR_ERROR)
		return;
	if (++c->count > MAX_PROBLEMS) {
		if (c->count == MAX_PROBLEMS + 1)
			cmi_error_add(c->err, CM_EINPUT, c->file, 0, NULL, "%s",
			              cmi_msg(c->ctx->lang, M_XML_TOO_MANY));
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

cm_status cmi_xml_read_file(cm_ctx *ctx, const char *path, char **buf, size_t *len, cm_error *err)
{
	*buf = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cmi_error_add(err, CM_EIO, path, 0, NULL, cmi_msg(ctx->lang, M_CANNOT_OPEN),
		                     strerror(errno));
	cm_status st = CM_OK;
	struct stat sb;
	char *data = NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		st = cmi_error_add(err, CM_EIO, path, 0, NULL, "%s",
		                   cmi_msg(ctx->lang, M_NOT_A_FILE));
		goto done;
	}
	if ((unsigned long long)sb.st_size > CMI_XML_MAX_BYTES) {
		st = cmi_error_add(err, CM_EINPUT, path, 0, NULL, cmi_msg(ctx->lang, M_TOO_BIG),
		                   CMI_XML_MAX_BYTES >> 20);
		goto done;
	}
	size_t want = (size_t)sb.st_size, got = 0;
	data = cmi_alloc(ctx, want + 1);
	if (!data) {
		st = cmi_error_nomem(err);
		goto done;
	}
	while (got < want) {
		ssize_t n = read(fd, data + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			st = cmi_error_add(err, CM_EIO, path, 0, NULL,
			                   cmi_msg(ctx->lang, M_CANNOT_READ),
			                   n < 0 ? strerror(errno) : "short read");
			goto done;
		}
		got += (size_t)n;
	}
	data[got] = '\0';
	*buf = data;
	*len = got;
	data = NULL;
done:
	cmi_free(ctx, data);
	close(fd);
	return st;
}

static cm_status load_schema(cm_ctx *ctx, cmi_schema_id id, cm_error *err)
{
	if (!ctx->xml && !(ctx->xml = calloc(1, sizeof *ctx->xml)))
		return cmi_error_nomem(err);
	if (ctx->xml->schemas[id])
		return CM_OK;
	char path[4096];
	snprintf(path, sizeof path, "%s/schema/%s", ctx->datadir, schema_files[id]);
	collector c = {ctx, err, path, 0};
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
	collector c = {ctx, err, name, 0};
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	if (!pc)
		return cmi_error_nomem(err);
	pc->_private = &c;
	pc->sax->serror = on_parse_error;
	/* Deliberately absent: XML_PARSE_NOENT, _DTDLOAD, _HUGE, _RECOVER. */
	int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	xmlDocPtr d = xmlCtxtReadMemory(pc, buf, (int)len, name, NULL, options);
	xmlFreeParserCtxt(pc);
	if (!d || c.count > 0) {
		if (c.count == 0)
			cmi_error_add(err, CM_EINPUT, name, 0, NULL, "%s",
			              cmi_msg(ctx->lang, M_XML_MALFORMED));
		st = CM_EINPUT;
	} else if (d->intSubset || d->extSubset) {
		st = cmi_error_add(err, CM_EINPUT, name, 1, NULL, "%s",
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
