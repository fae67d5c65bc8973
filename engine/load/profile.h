/*
 * profile.h — what every profile loader shares: reading a file into a
 * validated tree, collecting every problem with file, line and element
 * path, copying attribute text into the profile's arena, and the input's
 * SHA-256. load_job.c and load_person.c are its clients. Internal.
 */
#ifndef CM_PROFILE_H
#define CM_PROFILE_H

#include <libxml/tree.h>

#include "arena.h"
#include "file.h"
#include "utf8.h" /* the cleaner every profile text goes through */
#include "xml.h"

/* One file being loaded. The schema's problems count among the file's;
 * those in err->problems[schema_from, schema_to) are the schema's, so that
 * a later check says nothing more about an attribute the schema spoke of. */
typedef struct cmi_loader {
	cm_ctx *ctx;
	cmi_arena *arena; /* the profile's: texts are copied here */
	const char *file; /* in the arena */
	cm_error *err;
	size_t first; /* this file's problems start here in err */
	int problems; /* counted, also past CMI_MAX_PROBLEMS */
	int nomem;
	size_t schema_from, schema_to;
} cmi_loader;

/* Parses and validates buf against schema. On CM_OK, *doc is the caller's
 * (xmlFreeDoc) and L is ready for the mapping; a document the schema refused
 * is still handed out, unless the schema's problems fill the list already
 * (then CM_EINPUT). */
cm_status cmi_loader_open(cmi_loader *L, cm_ctx *ctx, cmi_arena *arena, cmi_schema_id schema,
                          const char *name, const char *buf, size_t len, xmlDocPtr *doc /* OUT */,
                          cm_error *err);
/* Sorts the file's problems by line and says when some were not listed;
 * CM_OK when the file had none. */
cm_status cmi_loader_close(cmi_loader *L);

void cmi_loader_problem(cmi_loader *L, const xmlNode *node, const char *attr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void cmi_loader_problem_at(cmi_loader *L, int line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* An attribute's text in the arena without surrounding white space (as the
 * schema's token, decimal and boolean types read it); NULL when absent. */
const char *cmi_loader_attr(cmi_loader *L, const xmlNode *node, const char *name);
/* 1 when the schema already reported a problem at that line and path. */
int cmi_loader_said_by_schema(const cmi_loader *L, int line, const char *path);
/* A child element's count (name NULL: every element child). */
int cmi_loader_count_children(const xmlNode *node, const char *name);

#endif
