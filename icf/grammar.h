/*
 * grammar.h — ICF coded statements (doc/icf.md): a code of one of the
 * four components with its qualifiers, checked and split into parts, each
 * wrong part named. Internal.
 */
#ifndef CM_ICF_GRAMMAR_H
#define CM_ICF_GRAMMAR_H

#include "ctx.h"

typedef enum cmi_icf_component {
	CMI_ICF_BODY_FUNCTION = 0, /* b */
	CMI_ICF_BODY_STRUCTURE,    /* s */
	CMI_ICF_ACTIVITY,          /* d (written a or p too) */
	CMI_ICF_ENVIRONMENT        /* e */
} cmi_icf_component;

/* A qualifier written `_`: not recorded. */
#define CMI_ICF_UNRECORDED (-1)

typedef struct cmi_icf_statement {
	cmi_icf_component component;
	char code[8];     /* normalised ("a4300" is "d4300"), NUL-terminated */
	int level;        /* 1: chapter, 2, 3, 4 */
	int facilitator;  /* an e code written with '+' */
	int nqualifiers;  /* 0: a bare code, which says nothing of severity */
	int qualifier[4]; /* in the order written: a digit, or CMI_ICF_UNRECORDED */
} cmi_icf_statement;

/* The compiled pattern (PCRE2, JIT where available): made once per context,
 * read-only after. */
typedef struct cmi_icf_grammar cmi_icf_grammar;

cm_status cmi_icf_grammar_new(cm_ctx *ctx, cmi_icf_grammar **out /* OUT */, cm_error *err);
void cmi_icf_grammar_free(cmi_icf_grammar *g);

/* 1 when text is a valid coded statement, with *out filled; otherwise 0,
 * with why (in lang, one line naming the wrong part) written. */
int cmi_icf_parse(const cmi_icf_grammar *g, cm_lang lang, const char *text,
                  cmi_icf_statement *out /* OUT */, char *why, size_t size);

#endif
