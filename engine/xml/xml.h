/*
 * xml.h — reading profiles safely with libxml2 and validating them against
 * the project's XSDs. Internal.
 */
#ifndef CM_XML_H
#define CM_XML_H

#include <libxml/tree.h>

#include "ctx.h"

typedef enum cmi_schema_id {
	CMI_SCHEMA_JOB = 0,
	CMI_SCHEMA_PERSON,
	CMI_SCHEMA_COUNT
} cmi_schema_id;

/* Largest profile read; a real profile is a few KB. */
#define CMI_XML_MAX_BYTES (16u << 20)

/* Parses buf as a profile and validates it against the schema.
 *
 * Refused, with CM_EINPUT and *doc NULL: a document that is too large, not
 * UTF-8 (xml_prescan.c), not well-formed, has a DOCTYPE, has the wrong root
 * element or namespace, or exceeds a bound of xml.c (attributes per tag,
 * elements, tasks, offers...). CM_ENOMEM and CM_ERULES (the schema itself
 * cannot be read) also leave *doc NULL.
 *
 * Otherwise CM_OK and *doc is the caller's (xmlFreeDoc): *valid is 1 when
 * it matches the schema, else 0 with every schema problem (up to
 * CMI_MAX_PROBLEMS, then one line saying the rest is not listed) already in
 * err, worded for ctx->lang. An invalid document is still a tree the caller
 * can walk (to add its own range and reference checks), but an attribute
 * or element may be anything: nothing the schema promises holds. */
cm_status cmi_xml_parse(cm_ctx *ctx, cmi_schema_id schema, const char *name, const char *buf,
                        size_t len, xmlDocPtr *doc /* OUT */, int *valid /* OUT */, cm_error *err);
/* Which profile buf holds, by its root element and namespace;
 * CMI_SCHEMA_COUNT when it is neither. Reads up to the root's start tag
 * only. */
cmi_schema_id cmi_xml_kind(const char *buf, size_t len);
/* "/job/task[2]/handling/@mass-kg" for a node and optional attribute name. */
void cmi_xml_path(const xmlNode *node, const char *attr, char *buf, size_t size);
void cmi_xml_free(struct cmi_xml *xml);

#endif
