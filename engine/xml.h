/*
 * xml.h — reading profiles safely with libxml2 and validating them against
 * the project's XSDs. Internal.
 */
#ifndef CM_XML_H
#define CM_XML_H

#include <libxml/tree.h>

#include "ctx.h"

typedef enum cmi_schema_id { CMI_SCHEMA_JOB = 0, CMI_SCHEMA_COUNT } cmi_schema_id;

/* Largest profile read; a real profile is a few KB. */
#define CMI_XML_MAX_BYTES (16u << 20)

/* Parses buf as a profile: no network, no entity substitution, no DTD, no
 * gzip; a document with a DOCTYPE is refused; then validates it against the
 * schema. On success *doc is the caller's (xmlFreeDoc). On failure err holds
 * every problem with file:line and *doc is NULL. */
cm_status cmi_xml_parse(cm_ctx *ctx, cmi_schema_id schema, const char *name, const char *buf,
                        size_t len, xmlDocPtr *doc /* OUT */, cm_error *err);
/* "/job/task[2]/handling/@mass-kg" for a node and optional attribute name. */
void cmi_xml_path(const xmlNode *node, const char *attr, char *buf, size_t size);
void cmi_xml_free(struct cmi_xml *xml);

#endif
