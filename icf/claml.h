/*
 * claml.h — the ICF classification read from a ClaML file (the WHO's
 * publication format): which codes exist, their kind, parent and children,
 * and their preferred titles in the report languages. Internal; the public
 * entry is cm_ctx_set_icf_classification in capamatch.h.
 */
#ifndef CM_ICF_CLAML_H
#define CM_ICF_CLAML_H

#include "ctx.h"

/* Largest classification file read: the WHO's ICF is about 10 MB. */
#define CMI_CLAML_MAX_BYTES (64u << 20)

/* A loaded classification. Read-only once loaded; owns every class and
 * string it hands out, which live until cmi_icf_classes_free. */
typedef struct cmi_icf_classes cmi_icf_classes;
/* One class of it (a component, chapter, block or category). */
typedef struct cmi_icf_class cmi_icf_class;

/* Reads and checks the ClaML file at path. On failure *out is NULL and err
 * holds every problem (up to CMI_MAX_PROBLEMS) with the file and line. */
cm_status cmi_icf_classes_load(cm_ctx *ctx, const char *path, cmi_icf_classes **out /* OUT */,
                               cm_error *err);
/* The same from memory; name is used in messages and kept; buf is not. */
cm_status cmi_icf_classes_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                      cmi_icf_classes **out /* OUT */, cm_error *err);
void cmi_icf_classes_free(cmi_icf_classes *c);

/* The name it was loaded under (the path), its number of classes, and
 * class i (i < count) in the order of their codes (strcmp). */
const char *cmi_icf_classes_name(const cmi_icf_classes *c);
size_t cmi_icf_classes_count(const cmi_icf_classes *c);
const cmi_icf_class *cmi_icf_classes_at(const cmi_icf_classes *c, size_t i);

/* The class of a bare code ("d4300", "b110-b139"; a and p read as d, as
 * the grammar reads them), or NULL when the classification has none. A
 * binary search over the sorted codes. */
const cmi_icf_class *cmi_icf_class_find(const cmi_icf_classes *c, const char *code);

/* The code, normalised (a4300 is d4300) when it is an ICF code. */
const char *cmi_icf_class_code(const cmi_icf_class *k);
/* The kind as the file names it: "component", "chapter", "block",
 * "category" in the WHO's ICF. */
const char *cmi_icf_class_kind(const cmi_icf_class *k);
/* Its SuperClass, or NULL for a root (a component). */
const cmi_icf_class *cmi_icf_class_parent(const cmi_icf_class *k);
/* Its SubClasses, in the file's order; i < nchildren. */
size_t cmi_icf_class_nchildren(const cmi_icf_class *k);
const cmi_icf_class *cmi_icf_class_child(const cmi_icf_class *k, size_t i);
/* Its preferred title in lang, else in English, else in Dutch or French,
 * whichever the file has; NULL when it has none. *got (unless got is NULL)
 * receives the language of the title returned. One plain line. */
const char *cmi_icf_class_title(const cmi_icf_class *k, cm_lang lang, cm_lang *got /* OUT */);

#endif
