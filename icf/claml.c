/*
 * claml.c — the ICF classification from a ClaML file, so that codes can be
 * checked for existence and shown with their titles. The WHO publishes the
 * ICF in ClaML (Classification Markup Language, ClaML 2.0.0); its text is
 * the WHO's and not shipped: the user names the file.
 *
 * Model: <ClaML> holds, after its metadata (Meta, Identifier, Title,
 * ClassKinds, RubricKinds...), one <Class code=... kind=...> per class. In
 * the WHO's ICF the kinds are component (b, s, d, e), chapter (b1...),
 * block (b110-b139) and category (b110, b1100...). A class names its parent
 * in <SuperClass code=.../> and its children, in order, in <SubClass
 * code=.../>; its titles are the <Label xml:lang=...> of its <Rubric
 * kind="preferred">. Kept per class: code, kind, parent, children and one
 * title per report language (en, nl, fr), the classes sorted by code for
 * binary search (the ICF's 1,500 classes: 11 comparisons a lookup, for
 * every code of every profile).
 *
 * Reading, in order:
 *  1. file.c reads the file (libxml2's readers silently gunzip), at most
 *     CMI_CLAML_MAX_BYTES.
 *  2. xml_prescan.c checks the bytes: UTF-8 only, XML characters,
 *     attributes per tag, the length of comments, PIs and CDATA sections.
 *  3. libxml2 reads it as a stream of SAX events, so no tree is built (a
 *     tree of the WHO's 10 MB would be about ten times that, for a few
 *     fields of it): network off, no entity substitution, no DTD loaded or
 *     validated, the encoding declaration ignored (step 2 made sure it is
 *     UTF-8). The WHO's file opens with <!DOCTYPE ClaML SYSTEM "ClaML.dtd">:
 *     that is read, and the DTD never opened. Any declaration in an internal
 *     subset stops the parser where it stands, an entity above all (entity
 *     bombs, external entities that read files): a ClaML file needs none.
 *     Elements and depth are bounded (see below).
 *  4. The classes are then sorted and checked as a whole, each step on a
 *     file the steps before found sound: no code twice; every SuperClass
 *     and SubClass names a class of the file, and a class has at most one
 *     SuperClass (the ICF is a tree); the two directions agree; no class is
 *     its own ancestor.
 * Every problem names the file and the line of the element at fault; the
 * file is refused whole, never half read.
 *
 * Codes: a category must be a bare ICF code the grammar (grammar.c)
 * accepts; a file whose categories are not (an ICD-10 file given by
 * mistake) is refused. Components ("b") and blocks ("b110-b139") are no
 * ICF codes and keep their spelling: they are the tree's inner nodes, found
 * by that spelling. As in the grammar, a or p followed by digits is d, in
 * the file and in lookups alike.
 *
 * Titles: the whole text of the Label (mixed content: the text of a
 * <Reference> inside it is part of it), made one plain line (utf8.h:
 * controls and bidi controls become spaces) with white space collapsed. The
 * first Label of a language wins, across one or several preferred Rubrics;
 * other languages are not kept; a Label without xml:lang takes that of its
 * nearest ancestor.
 *
 * Not here: the other rubrics (definitions, inclusions, exclusions, coding
 * hints) and ClaML's Modifiers (the ICF's qualifiers are grammar.c's), the
 * metadata, validation against ClaML.dtd (the checks above are what the
 * engine relies on), encodings other than UTF-8 (iconv converts a file).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "arena.h"
#include "claml.h"
#include "file.h"
#include "grammar.h"
#include "messages.h"
#include "strbuf.h"
#include "utf8.h"
#include "xml_prescan.h"

/* Bounds, each with its reason. The WHO's ICF is about 10 MB. Measured
 * here (2026-12): a 59 MB file of 300,000 classes, each with a title,
 * loads in 0.8 s and 200 MB; 2.1 million <a/> are refused in 0.15 s. */
enum {
	/* Elements: far above the ICF's (1,500 classes with a handful of
	 * rubrics each); 64 MiB of the densest markup (<a/>) would be 16
	 * million events. */
	MAX_ELEMENTS = 2000000,
	/* Levels of nesting: a title is at level 4 (ClaML, Class, Rubric,
	 * Label) and the mixed content of a definition adds a few more. */
	MAX_DEPTH = 32,
	/* Attributes of one start tag (a Class has code, kind and usage);
	 * libxml2 2.9's duplicate check is quadratic (xml_prescan.c). */
	MAX_ATTRS = 32,
	/* Bytes of one comment, PI or CDATA section (xml.c says why). */
	MAX_SECTION = 1 << 20
};

/* A SuperClass or SubClass as written, until the classes are linked. */
typedef struct ref {
	struct ref *next; /* newest first */
	const char *code; /* normalised like a class's code; scratch arena */
	int line;
} ref;

/* Invariants, once loaded: code is unique; parent and children point into
 * the same classification and agree (k is among its parent's children);
 * following parents ends at a root. supers and subs are NULL. */
struct cmi_icf_class {
	const char *code;               /* normalised (see the file's comment); arena */
	const char *kind;               /* as written; arena, shared by classes of one kind */
	const char *title[CMI_NLANGS];  /* by cm_lang; arena; NULL: none in that language */
	const cmi_icf_class *parent;    /* NULL: a root */
	const cmi_icf_class **children; /* nchildren, in the file's order; arena */
	size_t nchildren;
	int line;    /* of its <Class> */
	ref *supers; /* while loading (scratch arena), newest first */
	ref *subs;   /* the same, in file order once linked */
	size_t nsubs;
};

/* Invariants: classes is sorted by code; every string and children array
 * is in arena; the classes array is owned on its own (it grows while
 * loading). */
struct cmi_icf_classes {
	cm_ctx *ctx;            /* allocation seam; not owned */
	cmi_arena arena;        /* codes, kinds, titles, children */
	const char *name;       /* as loaded (the path); arena */
	cmi_icf_class *classes; /* owned (cmi_alloc); nclasses entries */
	size_t nclasses;
};

/* What reading one file needs. The parser context carries it in _private. */
typedef struct loader {
	cm_ctx *ctx;
	cm_error *err;
	cmi_icf_classes *out; /* being filled */
	cmi_arena scratch;    /* references, marks: freed when loading ends */
	size_t cap;           /* classes allocated in out */
	int problems;         /* seen, listed or not */
	int nomem;            /* an allocation failed: stop, CM_ENOMEM */
	int elements;
	int depth; /* of the element being read; the root is 1 */
	int root_line;
	long cur;                /* index of the <Class> being read; -1: none */
	int in_rubric;           /* inside one of its preferred Rubrics */
	int label_depth;         /* depth of the Label being read; 0: none */
	int label_lang;          /* its cm_lang; -1: a language not kept */
	cmi_sb text;             /* the Label's text so far */
	int lang[MAX_DEPTH + 1]; /* xml:lang in effect at each depth (cm_lang, -1: none kept) */
	char generic[512];       /* what libxml2 sent to its generic channel */
} loader;

/* ---- problems ----------------------------------------------------------------- */

static void vproblem(loader *l, int line, const char *fmt, va_list ap)
{
	if (++l->problems > CMI_MAX_PROBLEMS) {
		if (l->problems == CMI_MAX_PROBLEMS + 1)
			cmi_error_add(l->err, CM_EINPUT, l->out->name, 0, NULL, "%s",
			              cmi_msg(l->ctx->lang, M_XML_TOO_MANY));
		return;
	}
	cmi_error_addv(l->err, CM_EINPUT, l->out->name, line, NULL, fmt, ap);
}

/* A problem in the file, worded by message id in the context's language. */
static void problem(loader *l, int line, cmi_msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	vproblem(l, line, cmi_msg(l->ctx->lang, id), ap);
	va_end(ap);
}

static void problem_fmt(loader *l, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem_fmt(loader *l, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(l, line, fmt, ap);
	va_end(ap);
}

/* ---- codes and attributes --------------------------------------------------------- */

/* Whether code is a or p and digits, which the grammar reads as d. ICF
 * codes have at most 5 digits. */
static int is_d_alias(const char *code)
{
	size_t n = strlen(code);
	return (code[0] == 'a' || code[0] == 'p') && n >= 2 && n <= 6 &&
	       strspn(code + 1, "0123456789") == n - 1;
}

/* The value of attribute prefix:name (prefix NULL: none) among SAX2's
 * (localname, prefix, URI, value, end) tuples; *len its length (the value
 * is not NUL-terminated). */
static const xmlChar *attr(const xmlChar **attrs, int nattrs, const char *prefix, const char *name,
                           size_t *len)
{
	for (int i = 0; i < nattrs; i++) {
		const xmlChar **a = attrs + 5 * i;
		int same_prefix =
		    prefix ? a[1] && xmlStrEqual(a[1], (const xmlChar *)prefix) : !a[1];
		if (same_prefix && xmlStrEqual(a[0], (const xmlChar *)name)) {
			*len = (size_t)(a[4] - a[3]);
			return a[3];
		}
	}
	return NULL;
}

/* A code from an attribute, as one plain line and normalised, in arena;
 * NULL when out of memory (then the parser stops). */
static char *copy_code(loader *l, xmlParserCtxtPtr pc, cmi_arena *arena, const xmlChar *v,
                       size_t len)
{
	char *s = cmi_arena_strndup(arena, (const char *)v, len);
	if (!s) {
		l->nomem = 1;
		xmlStopParser(pc);
		return NULL;
	}
	cmi_text_plain_len(s, len);
	if (is_d_alias(s))
		s[0] = 'd';
	return s;
}

/* The cm_lang of an xml:lang value ("en", "nl-BE", "FR"), or -1. */
static int lang_of(const xmlChar *v, size_t len)
{
	if (len < 2 || (len > 2 && v[2] != '-' && v[2] != '_'))
		return -1;
	for (int i = 0; i < CMI_NLANGS; i++) {
		const char *code = cmi_lang_code((cm_lang)i);
		if ((v[0] | 0x20) == code[0] && (v[1] | 0x20) == code[1])
			return i;
	}
	return -1;
}

/* libxml2 gives the line where a start tag ends; the user looks for the
 * line where it begins. No raw '<' can occur inside a tag, so the nearest
 * one back from the tag's last byte is its opening. */
static int tag_line(xmlParserCtxtPtr pc)
{
	xmlParserInputPtr in = pc->input;
	if (!in || !in->cur || !in->base)
		return in ? in->line : 0;
	int n = 0;
	for (const xmlChar *p = in->cur > in->base ? in->cur - 1 : in->cur;
	     p > in->base && *p != '<'; p--)
		n += *p == '\n';
	return in->line - n;
}

static int named(const xmlChar *name, const char *want)
{
	return xmlStrEqual(name, (const xmlChar *)want);
}

/* ---- reading: classes ------------------------------------------------------------ */

/* A category must be a bare ICF code: one that profiles can name. */
static int check_category(loader *l, const char *code, int line)
{
	cmi_icf_statement st;
	char why[512];
	if (!cmi_icf_parse(l->ctx->icf, l->ctx->lang, code, &st, why, sizeof why)) {
		problem(l, line, M_CLAML_CATEGORY, why);
		return 0;
	}
	if (st.nqualifiers > 0) {
		problem(l, line, M_CLAML_CATEGORY, code);
		return 0;
	}
	return 1;
}

/* The kind as kept: the previous class's string when it is the same
 * (classes of a kind come in runs), else a new copy; NULL out of memory. */
static const char *copy_kind(loader *l, const xmlChar *v, size_t len)
{
	cmi_icf_classes *c = l->out;
	const char *prev = c->nclasses ? c->classes[c->nclasses - 1].kind : NULL;
	if (prev && strlen(prev) == len && !memcmp(prev, v, len))
		return prev;
	char *s = cmi_arena_strndup(&c->arena, (const char *)v, len);
	if (s)
		cmi_text_plain_len(s, len);
	return s;
}

static cmi_icf_class *new_class(loader *l)
{
	cmi_icf_classes *c = l->out;
	if (c->nclasses == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		cmi_icf_class *grown = cmi_realloc(l->ctx, c->classes, cap * sizeof *grown);
		if (!grown)
			return NULL;
		c->classes = grown;
		l->cap = cap;
	}
	cmi_icf_class *k = &c->classes[c->nclasses++];
	memset(k, 0, sizeof *k);
	return k;
}

static void start_class(loader *l, xmlParserCtxtPtr pc, const xmlChar **attrs, int nattrs, int line)
{
	size_t len, kind_len;
	const xmlChar *v = attr(attrs, nattrs, NULL, "code", &len);
	const xmlChar *kv = attr(attrs, nattrs, NULL, "kind", &kind_len);
	if (!v || len == 0) {
		problem(l, line, M_CLAML_NO_CODE, "Class");
		return;
	}
	char *code = copy_code(l, pc, &l->out->arena, v, len);
	if (!code)
		return;
	if (!kv) {
		problem(l, line, M_CLAML_NO_KIND, code);
		return;
	}
	const char *kind = copy_kind(l, kv, kind_len);
	cmi_icf_class *k = kind ? new_class(l) : NULL;
	if (!k) {
		l->nomem = 1;
		xmlStopParser(pc);
		return;
	}
	k->code = code;
	k->kind = kind;
	k->line = line;
	if (!strcmp(kind, "category") && !check_category(l, code, line))
		return; /* the file is refused; nothing more of this class matters */
	l->cur = (long)(l->out->nclasses - 1);
}

/* A SuperClass or SubClass of the class being read. */
static void start_ref(loader *l, xmlParserCtxtPtr pc, const char *element, const xmlChar **attrs,
                      int nattrs, int line)
{
	size_t len;
	const xmlChar *v = attr(attrs, nattrs, NULL, "code", &len);
	if (!v || len == 0) {
		problem(l, line, M_CLAML_NO_CODE, element);
		return;
	}
	ref *r = cmi_arena_alloc(&l->scratch, sizeof *r);
	if (!r) {
		l->nomem = 1;
		xmlStopParser(pc);
		return;
	}
	if (!(r->code = copy_code(l, pc, &l->scratch, v, len)))
		return;
	r->line = line;
	cmi_icf_class *k = &l->out->classes[l->cur];
	if (!strcmp(element, "SuperClass")) {
		r->next = k->supers;
		k->supers = r;
	} else {
		r->next = k->subs;
		k->subs = r;
		k->nsubs++;
	}
}

/* The Label ends: its text becomes the class's title in its language,
 * unless an earlier Label gave one. */
static void end_label(loader *l, xmlParserCtxtPtr pc)
{
	l->label_depth = 0;
	if (l->label_lang < 0 || l->cur < 0)
		return;
	cmi_icf_class *k = &l->out->classes[l->cur];
	if (k->title[l->label_lang])
		return;
	char *t = l->text.failed ? NULL
	                         : cmi_arena_strndup(&l->out->arena, l->text.buf ? l->text.buf : "",
	                                             l->text.len);
	if (!t) {
		l->nomem = 1;
		xmlStopParser(pc);
		return;
	}
	cmi_text_plain_len(t, l->text.len); /* controls, new lines too, become spaces */
	size_t o = 0;
	for (const char *p = t; *p; p++)
		if (*p != ' ' || (o > 0 && t[o - 1] != ' '))
			t[o++] = *p;
	while (o > 0 && t[o - 1] == ' ')
		o--;
	t[o] = '\0';
	if (o > 0)
		k->title[l->label_lang] = t;
}

/* ---- reading: SAX callbacks ------------------------------------------------------- */

/* What an element at a depth means: the root, a Class, a SuperClass,
 * SubClass or Rubric of a Class, a Label of a preferred Rubric. */
static void start_known(loader *l, xmlParserCtxtPtr pc, const xmlChar *name, const xmlChar **attrs,
                        int nattrs, int line)
{
	size_t len;
	if (l->depth == 1) {
		l->root_line = line;
		if (!named(name, "ClaML")) {
			problem(l, line, M_CLAML_ROOT, (const char *)name);
			xmlStopParser(pc);
		}
	} else if (l->depth == 2 && named(name, "Class")) {
		start_class(l, pc, attrs, nattrs, line);
	} else if (l->depth == 3 && l->cur >= 0 &&
	           (named(name, "SuperClass") || named(name, "SubClass"))) {
		start_ref(l, pc, (const char *)name, attrs, nattrs, line);
	} else if (l->depth == 3 && l->cur >= 0 && named(name, "Rubric")) {
		const xmlChar *kind = attr(attrs, nattrs, NULL, "kind", &len);
		l->in_rubric = kind && len == 9 && !memcmp(kind, "preferred", 9);
	} else if (l->depth == 4 && l->in_rubric && named(name, "Label")) {
		l->label_depth = l->depth;
		l->label_lang = l->lang[l->depth];
		l->text.len = 0; /* the buffer is reused from one Label to the next */
	}
}

static void on_start(void *data, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                     const xmlChar **attrs)
{
	(void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
	xmlParserCtxtPtr pc = data;
	loader *l = pc->_private;
	int line = tag_line(pc);
	if (++l->elements > MAX_ELEMENTS || ++l->depth > MAX_DEPTH) {
		int elements = l->elements > MAX_ELEMENTS;
		problem(l, line, elements ? M_CLAML_ELEMENTS : M_XML_DEPTH,
		        elements ? MAX_ELEMENTS : MAX_DEPTH);
		xmlStopParser(pc);
		return;
	}
	size_t len;
	const xmlChar *lang = attr(attrs, nattrs, "xml", "lang", &len);
	l->lang[l->depth] = lang ? lang_of(lang, len) : l->lang[l->depth - 1];
	start_known(l, pc, localname, attrs, nattrs, line);
}

static void on_end(void *data, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	(void)localname, (void)prefix, (void)uri;
	xmlParserCtxtPtr pc = data;
	loader *l = pc->_private;
	if (l->label_depth == l->depth)
		end_label(l, pc);
	if (l->depth == 3)
		l->in_rubric = 0;
	if (l->depth == 2)
		l->cur = -1;
	l->depth--;
}

static void on_characters(void *data, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr pc = data;
	loader *l = pc->_private;
	if (l->label_depth && l->label_lang >= 0 && l->cur >= 0)
		cmi_sb_add(&l->text, (const char *)ch, (size_t)len);
}

/* Any declaration in an internal subset stops the parser before libxml2
 * acts on it further: no entity is ever expanded or fetched. */
static void refuse(void *data, cmi_msg_id id, const char *what, const xmlChar *name)
{
	xmlParserCtxtPtr pc = data;
	loader *l = pc->_private;
	int line = pc->input ? pc->input->line : 0;
	if (id == M_CLAML_ENTITY)
		problem(l, line, id, (const char *)name);
	else
		problem(l, line, id, what, (const char *)name);
	xmlStopParser(pc);
}

static void on_entity(void *data, const xmlChar *name, int type, const xmlChar *public_id,
                      const xmlChar *system_id, xmlChar *content)
{
	(void)type, (void)public_id, (void)system_id, (void)content;
	refuse(data, M_CLAML_ENTITY, NULL, name);
}

static void on_unparsed_entity(void *data, const xmlChar *name, const xmlChar *public_id,
                               const xmlChar *system_id, const xmlChar *notation)
{
	(void)public_id, (void)system_id, (void)notation;
	refuse(data, M_CLAML_ENTITY, NULL, name);
}

static void on_element_decl(void *data, const xmlChar *name, int type, xmlElementContentPtr content)
{
	(void)type, (void)content; /* content stays the parser's */
	refuse(data, M_CLAML_DECLARATION, "ELEMENT", name);
}

static void on_attribute_decl(void *data, const xmlChar *element, const xmlChar *name, int type,
                              int def, const xmlChar *dflt, xmlEnumerationPtr tree)
{
	(void)name, (void)type, (void)def, (void)dflt;
	xmlFreeEnumeration(tree); /* handed to this callback */
	refuse(data, M_CLAML_DECLARATION, "ATTLIST", element);
}

static void on_notation(void *data, const xmlChar *name, const xmlChar *public_id,
                        const xmlChar *system_id)
{
	(void)public_id, (void)system_id;
	refuse(data, M_CLAML_DECLARATION, "NOTATION", name);
}

/* libxml2's own errors (not well-formed), in its words (English), on one
 * line. Warnings (an undeclared DTD, say) are not problems. */
static void report_error(loader *l, const xmlError *e)
{
	if (e->level < XML_ERR_ERROR)
		return;
	char msg[1024];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "?");
	size_t n = strlen(msg);
	for (size_t i = 0; i < n; i++)
		if (msg[i] == '\n')
			msg[i] = ' ';
	while (n > 0 && msg[n - 1] == ' ')
		msg[--n] = '\0';
	problem_fmt(l, e->line, "%s", msg);
}

static void on_parse_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr pc = data;
	report_error(pc->_private, e);
}

/* The per-thread handlers, while the parse runs: libxml2 would print. */
static void on_thread_error(void *data, xmlErrorPtr e)
{
	report_error(data, e);
}

static void on_generic(void *data, const char *fmt, ...)
{
	loader *l = data;
	size_t o = strlen(l->generic);
	if (o + 1 >= sizeof l->generic)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(l->generic + o, sizeof l->generic - o, fmt, ap);
	va_end(ap);
}

/* ---- reading: the passes ---------------------------------------------------------- */

static cm_status prescan(loader *l, const char *buf, size_t len)
{
	cmi_prescan p;
	if (cmi_xml_prescan(buf, len, MAX_ATTRS, MAX_SECTION, &p) == CMI_PRESCAN_OK)
		return CM_OK;
	switch (p.fault) {
	case CMI_PRESCAN_ENCODING:
		problem(l, p.line, M_CLAML_ENCODING, p.detail);
		break;
	case CMI_PRESCAN_BAD_UTF8:
		problem(l, p.line, M_CLAML_BAD_UTF8, p.code);
		break;
	case CMI_PRESCAN_BAD_CHAR:
		problem(l, p.line, M_XML_BAD_CHAR, p.code);
		break;
	case CMI_PRESCAN_ATTRS:
		problem(l, p.line, M_XML_ATTRS, p.detail, (int)MAX_ATTRS);
		break;
	default:
		problem(l, p.line, M_XML_SECTION, (int)(MAX_SECTION >> 10));
		break;
	}
	return CM_EINPUT;
}

static void set_handlers(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_characters;
	sax->entityDecl = on_entity;
	sax->unparsedEntityDecl = on_unparsed_entity;
	sax->elementDecl = on_element_decl;
	sax->attributeDecl = on_attribute_decl;
	sax->notationDecl = on_notation;
	sax->serror = on_parse_error;
}

static cm_status parse(loader *l, const char *buf, size_t len)
{
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc structured = xmlStructuredError;
	void *structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(l, on_generic);
	xmlSetStructuredErrorFunc(l, on_thread_error);
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	int well_formed = 0;
	if (pc) {
		set_handlers(pc->sax);
		pc->_private = l;
		/* Deliberately absent: XML_PARSE_NOENT, _DTDLOAD, _DTDATTR, _DTDVALID,
		 * _HUGE, _RECOVER. */
		int options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC;
		/* No tree is built; a document comes back only when libxml2 made one
		 * for an entity declaration (its "SAX compatibility"), already refused. */
		xmlFreeDoc(xmlCtxtReadMemory(pc, buf, (int)len, l->out->name, NULL, options));
		well_formed = pc->wellFormed;
		xmlFreeParserCtxt(pc);
	}
	xmlSetGenericErrorFunc(generic_ctx, generic);
	xmlSetStructuredErrorFunc(structured_ctx, structured);
	if (!pc || l->nomem)
		return cmi_error_nomem(l->err);
	if (l->problems == 0 && l->generic[0])
		problem_fmt(l, 0, "%s", l->generic);
	if (l->problems == 0 && !well_formed)
		problem(l, 0, M_XML_MALFORMED);
	if (l->problems == 0 && l->out->nclasses == 0)
		problem(l, l->root_line, M_CLAML_EMPTY);
	return l->problems ? CM_EINPUT : CM_OK;
}

static int by_code(const void *a, const void *b)
{
	return strcmp(((const cmi_icf_class *)a)->code, ((const cmi_icf_class *)b)->code);
}

static int find_code(const void *key, const void *elem)
{
	return strcmp(key, ((const cmi_icf_class *)elem)->code);
}

static cmi_icf_class *lookup(const cmi_icf_classes *c, const char *code)
{
	return bsearch(code, c->classes, c->nclasses, sizeof *c->classes, find_code);
}

/* After sorting, equal codes are neighbours; each but the first in the
 * file is a problem. */
static void check_duplicates(loader *l)
{
	const cmi_icf_class *v = l->out->classes;
	size_t n = l->out->nclasses;
	for (size_t i = 0, j; i < n; i = j) {
		size_t first = i;
		for (j = i + 1; j < n && !strcmp(v[j].code, v[i].code); j++)
			if (v[j].line < v[first].line)
				first = j;
		for (size_t k = i; k < j; k++)
			if (k != first)
				problem(l, v[k].line, M_CLAML_DUPLICATE, v[k].code, v[first].line);
	}
}

static void link_parents(loader *l)
{
	for (size_t i = 0; i < l->out->nclasses; i++) {
		cmi_icf_class *k = &l->out->classes[i];
		if (!k->supers)
			continue;
		if (k->supers->next)
			problem(l, k->line, M_CLAML_SUPERS, k->code);
		else if (!(k->parent = lookup(l->out, k->supers->code)))
			problem(l, k->supers->line, M_CLAML_DANGLING, "SuperClass",
			        k->supers->code);
	}
}

/* The list in file order (it was built newest first). */
static ref *reversed(ref *r)
{
	ref *out = NULL;
	while (r) {
		ref *next = r->next;
		r->next = out;
		out = r;
		r = next;
	}
	return out;
}

/* Each SubClass must name a class whose SuperClass is this one, once. */
static void link_children(loader *l, unsigned char *listed)
{
	cmi_icf_class *v = l->out->classes;
	for (size_t i = 0; i < l->out->nclasses; i++) {
		cmi_icf_class *k = &v[i];
		if (k->nsubs && !(k->children = cmi_arena_alloc(&l->out->arena,
		                                                k->nsubs * sizeof *k->children))) {
			l->nomem = 1;
			return;
		}
		size_t at = 0;
		for (const ref *r = k->subs = reversed(k->subs); r; r = r->next) {
			const cmi_icf_class *c = lookup(l->out, r->code);
			if (!c)
				problem(l, r->line, M_CLAML_DANGLING, "SubClass", r->code);
			else if (!c->parent)
				problem(l, r->line, M_CLAML_SUB_ORPHAN, k->code, c->code);
			else if (c->parent != k)
				problem(l, r->line, M_CLAML_SUB_MISMATCH, k->code, c->code,
				        c->parent->code);
			else if (listed[c - v])
				problem(l, r->line, M_CLAML_SUB_TWICE, k->code, c->code);
			else
				listed[c - v] = 1, k->children[at++] = c;
		}
		k->nchildren = k->nsubs;
	}
}

static void check_listed(loader *l, const unsigned char *listed)
{
	const cmi_icf_class *v = l->out->classes;
	for (size_t i = 0; i < l->out->nclasses; i++)
		if (v[i].parent && !listed[i])
			problem(l, v[i].supers->line, M_CLAML_SUPER_UNLISTED, v[i].code,
			        v[i].parent->code);
}

/* Walks up from each class, marking the path (1) until a class already
 * finished (2) or a root; meeting the path itself is a cycle. Each class
 * is walked over once: linear. */
static void check_cycles(loader *l, unsigned char *state)
{
	const cmi_icf_class *v = l->out->classes;
	for (size_t i = 0; i < l->out->nclasses; i++) {
		const cmi_icf_class *k = &v[i];
		while (k && state[k - v] == 0) {
			state[k - v] = 1;
			k = k->parent;
		}
		if (k && state[k - v] == 1)
			problem(l, k->line, M_CLAML_CYCLE, k->code);
		for (k = &v[i]; k && state[k - v] == 1; k = k->parent)
			state[k - v] = 2;
	}
}

/* The checks of the whole, each on a file the ones before found sound;
 * their problems are listed by line. */
static cm_status build(loader *l)
{
	cmi_icf_classes *c = l->out;
	size_t first = l->err ? l->err->nproblems : 0;
	qsort(c->classes, c->nclasses, sizeof *c->classes, by_code);
	unsigned char *marks = cmi_arena_alloc(&l->scratch, c->nclasses);
	if (!marks)
		return cmi_error_nomem(l->err);
	check_duplicates(l);
	if (l->problems == 0)
		link_parents(l);
	if (l->problems == 0)
		link_children(l, marks);
	if (l->problems == 0 && !l->nomem)
		check_listed(l, marks);
	if (l->problems == 0 && !l->nomem) {
		memset(marks, 0, c->nclasses);
		check_cycles(l, marks);
	}
	if (l->err)
		cmi_error_sort_lines(l->err, first);
	if (l->nomem)
		return cmi_error_nomem(l->err);
	for (size_t i = 0; i < c->nclasses; i++)
		c->classes[i].supers = c->classes[i].subs = NULL; /* the scratch arena goes */
	return l->problems ? CM_EINPUT : CM_OK;
}

/* ---- the interface ------------------------------------------------------------------ */

cm_status cmi_icf_classes_load_memory(cm_ctx *ctx, const char *name, const char *buf, size_t len,
                                      cmi_icf_classes **out, cm_error *err)
{
	*out = NULL;
	if (len > CMI_CLAML_MAX_BYTES)
		return cmi_error_add(err, CM_EINPUT, name, 0, NULL, cmi_msg(ctx->lang, M_TOO_BIG),
		                     (unsigned)(CMI_CLAML_MAX_BYTES >> 20));
	cm_status st = ctx->icf ? CM_OK : cmi_icf_grammar_new(ctx, &ctx->icf, err);
	if (st != CM_OK)
		return st;
	cmi_icf_classes *c = cmi_calloc(ctx, 1, sizeof *c);
	if (!c)
		return cmi_error_nomem(err);
	c->ctx = ctx;
	cmi_arena_init(&c->arena, ctx);
	loader l = {.ctx = ctx, .err = err, .out = c, .cur = -1, .label_lang = -1};
	l.lang[0] = -1;
	cmi_arena_init(&l.scratch, ctx);
	cmi_sb_init(&l.text, ctx);
	c->name = cmi_arena_strdup(&c->arena, name);
	st = c->name ? prescan(&l, buf, len) : cmi_error_nomem(err);
	if (st == CM_OK)
		st = parse(&l, buf, len);
	if (st == CM_OK)
		st = build(&l);
	cmi_sb_free(&l.text);
	cmi_arena_free(&l.scratch);
	if (st != CM_OK) {
		cmi_icf_classes_free(c);
		return st;
	}
	*out = c;
	return CM_OK;
}

/* cmi_icf_classes_load_memory as cmi_load_file calls it. */
static cm_status load_named(cm_ctx *ctx, const char *name, const char *buf, size_t len, void *out,
                            cm_error *err)
{
	return cmi_icf_classes_load_memory(ctx, name, buf, len, out, err);
}

cm_status cmi_icf_classes_load(cm_ctx *ctx, const char *path, cmi_icf_classes **out, cm_error *err)
{
	*out = NULL;
	return cmi_load_file(ctx, path, CMI_CLAML_MAX_BYTES, load_named, out, err);
}

void cmi_icf_classes_free(cmi_icf_classes *c)
{
	if (!c)
		return;
	cmi_free(c->ctx, c->classes);
	cmi_arena_free(&c->arena);
	cmi_free(c->ctx, c);
}

const char *cmi_icf_classes_name(const cmi_icf_classes *c)
{
	return c->name;
}

size_t cmi_icf_classes_count(const cmi_icf_classes *c)
{
	return c->nclasses;
}

const cmi_icf_class *cmi_icf_classes_at(const cmi_icf_classes *c, size_t i)
{
	return i < c->nclasses ? &c->classes[i] : NULL;
}

const cmi_icf_class *cmi_icf_class_find(const cmi_icf_classes *c, const char *code)
{
	char key[8];
	if (is_d_alias(code)) {
		snprintf(key, sizeof key, "d%s", code + 1);
		code = key;
	}
	return lookup(c, code);
}

const char *cmi_icf_class_code(const cmi_icf_class *k)
{
	return k->code;
}

const char *cmi_icf_class_kind(const cmi_icf_class *k)
{
	return k->kind;
}

const cmi_icf_class *cmi_icf_class_parent(const cmi_icf_class *k)
{
	return k->parent;
}

size_t cmi_icf_class_nchildren(const cmi_icf_class *k)
{
	return k->nchildren;
}

const cmi_icf_class *cmi_icf_class_child(const cmi_icf_class *k, size_t i)
{
	return i < k->nchildren ? k->children[i] : NULL;
}

const char *cmi_icf_class_title(const cmi_icf_class *k, cm_lang lang, cm_lang *got)
{
	int order[1 + CMI_NLANGS] = {(unsigned)lang < CMI_NLANGS ? (int)lang : CM_LANG_EN};
	for (int i = 0; i < CMI_NLANGS; i++)
		order[1 + i] = i; /* English first: it is CM_LANG_EN, 0 */
	for (int i = 0; i < 1 + CMI_NLANGS; i++)
		if (k->title[order[i]]) {
			if (got)
				*got = (cm_lang)order[i];
			return k->title[order[i]];
		}
	return NULL;
}

cm_status cm_ctx_set_icf_classification(cm_ctx *ctx, const char *path, cm_error *err)
{
	cmi_icf_classes *c = NULL;
	cm_status st = path ? cmi_icf_classes_load(ctx, path, &c, err) : CM_OK;
	if (st != CM_OK)
		return st;
	cmi_icf_classes_free(ctx->icf_classes);
	ctx->icf_classes = c;
	return CM_OK;
}
