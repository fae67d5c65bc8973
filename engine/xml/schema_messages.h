/*
 * schema_messages.h — libxml2's schema-validation errors in the project's
 * words and languages, from what the XSD itself declares. Internal.
 */
#ifndef CM_SCHEMA_MESSAGES_H
#define CM_SCHEMA_MESSAGES_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "ctx.h"

/* What the messages need to know of one schema: its elements, where each
 * may appear, the attributes each takes and their types. Opaque. */
typedef struct cmi_xsd cmi_xsd;

/* Reads that table from a parsed XSD, before the same document is compiled
 * (compiling may change it). root names the element a document must start
 * with; it must be declared globally in the schema. *out is the caller's
 * (cmi_xsd_free). CM_ENOMEM, or CM_ERULES for a schema it cannot read. */
cm_status cmi_xsd_read(cm_ctx *ctx, const xmlDoc *xsd, const char *root, cmi_xsd **out /* OUT */,
                       cm_error *err);
void cmi_xsd_free(cmi_xsd *xsd);

/* The schema's target namespace, and its root element's name. */
const char *cmi_xsd_namespace(const cmi_xsd *xsd);
const char *cmi_xsd_root(const cmi_xsd *xsd);

/* Rewrites one schema-validation error: the message in lang into msg, the
 * element path (with /@name when it concerns an attribute) into path, and
 * the line it concerns into *line, and returns 1. Returns 0, leaving the
 * buffers as they were, for an error it has no words for (the caller keeps
 * libxml2's text), and -1 for one that another error of the same element
 * already says better (the caller drops it). */
int cmi_schema_message(const cmi_xsd *xsd, cm_lang lang, const xmlError *e, char *msg, size_t msize,
                       char *path, size_t psize, int *line /* OUT */);

/* The message for a document whose root element is not the schema's. */
void cmi_schema_root_message(const cmi_xsd *xsd, cm_lang lang, const xmlNode *root, char *msg,
                             size_t size);

#endif
