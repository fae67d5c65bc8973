/*
 * profile.c — the parts of loading a profile that do not depend on its
 * kind: xml.c's parse and validation, the problem list (every problem of
 * a file, with line and element path, sorted by line, the schema's not
 * repeated), attribute text, the input's hash.
 *
 * Not here: what any element means (load_job.c, load_person.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "messages.h"
#include "profile.h"

cm_status cmi_loader_open(cmi_loader *L, cm_ctx *ctx, cmi_arena *arena, cmi_schema_id schema,
                          const char *name, const char *buf, size_t len, xmlDocPtr *doc,
                          cm_error *err)
{
	memset(L, 0, sizeof *L);
	*doc = NULL;
	int valid = 0;
	size_t first = err->nproblems;
	cm_status st = cmi_xml_parse(ctx, schema, name, buf, len, doc, &valid, err);
	if (st != CM_OK)
		return st;
	/* A document the schema refused is read on (xml.c has made sure its root
	 * is the right one), unless the schema's list is already full. */
	if (!valid && err->nproblems - first >= CMI_MAX_PROBLEMS) {
		xmlFreeDoc(*doc);
		*doc = NULL;
		return CM_EINPUT;
	}
	*L = (cmi_loader){ctx, arena, NULL,          err, first, (int)(err->nproblems - first),
	                  0,   first, err->nproblems};
	/* Shown in every report and message: escaped, so that the reader sees
	 * which bytes the name holds and no terminal acts on them. */
	char *file = cmi_arena_alloc(arena, 4 * strlen(name) + 1);
	if (file)
		cmi_text_escape(name, file);
	L->file = file;
	L->nomem = !L->file;
	return CM_OK;
}

cm_status cmi_loader_close(cmi_loader *L)
{
	if (L->nomem)
		return cmi_error_nomem(L->err);
	cmi_error_sort_lines(L->err, L->first);
	if ((size_t)L->problems > L->err->nproblems - L->first)
		cmi_error_add(L->err, CM_EINPUT, L->file, 0, NULL, "%s",
		              cmi_msg(L->ctx->lang, M_XML_TOO_MANY));
	return L->problems > 0 ? CM_EINPUT : CM_OK;
}

/* A schema-invalid file is still checked for ranges and references, so the
 * user sees every problem at once; where the schema already spoke about an
 * attribute (a number it could not read), the loader says nothing more. */
int cmi_loader_said_by_schema(const cmi_loader *L, int line, const char *path)
{
	for (size_t i = L->schema_from; path && i < L->schema_to; i++) {
		const cm_problem *p = &L->err->problems[i];
		if (p->line == line && p->path && !strcmp(p->path, path))
			return 1;
	}
	return 0;
}

/* One problem at a line and element path; past CMI_MAX_PROBLEMS it is only
 * counted (cmi_loader_close then says the rest was not listed). */
static void report(cmi_loader *L, int line, const char *path, const char *fmt, va_list ap)
{
	if (cmi_loader_said_by_schema(L, line, path))
		return;
	L->problems++;
	if (L->err->nproblems < CMI_MAX_PROBLEMS)
		cmi_error_addv(L->err, CM_EINPUT, L->file, line, path, fmt, ap);
}

void cmi_loader_problem(cmi_loader *L, const xmlNode *node, const char *attr, const char *fmt, ...)
{
	char path[512] = "";
	/* the path walks siblings: only if it may be listed or compared */
	if (L->err->nproblems < CMI_MAX_PROBLEMS || L->schema_to > L->schema_from)
		cmi_xml_path(node, attr, path, sizeof path);
	va_list ap;
	va_start(ap, fmt);
	report(L, (int)xmlGetLineNo(node), path, fmt, ap);
	va_end(ap);
}

void cmi_loader_problem_at(cmi_loader *L, int line, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(L, line, path, fmt, ap);
	va_end(ap);
}

const char *cmi_loader_attr(cmi_loader *L, const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *start = (const char *)v + strspn((const char *)v, " \t\r\n");
	size_t n = strlen(start);
	while (n > 0 && strchr(" \t\r\n", start[n - 1]))
		n--;
	char *s = cmi_arena_strndup(L->arena, start, n);
	xmlFree(v);
	if (!s)
		L->nomem = 1;
	else
		cmi_text_plain(s); /* &#10; and C1 controls reach here: reports show it */
	return s;
}

int cmi_loader_count_children(const xmlNode *node, const char *name)
{
	int n = 0;
	for (const xmlNode *c = node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (!name || xmlStrEqual(c->name, (const xmlChar *)name)))
			n++;
	return n;
}
