/*
 * schema_messages.c — libxml2's schema-validation errors reworded: each kind
 * of error in the project's words, in en, nl and fr, naming the attribute or
 * element and what is expected.
 *
 * Model: libxml2 gives an error code, the node, and for some codes the value
 * (str1) and the facet (str2); the attribute at fault is only in its English
 * text ("Element 'x', attribute 'y': ..."), which libxml2 2.9.14 always
 * writes so. What is expected comes from the schema itself: cmi_xsd_read
 * walks the XSD document once per context, before it is compiled, into a
 * small table of element declarations (the attributes each takes with their
 * types, the elements it may contain), so the schema stays the one place
 * that says which attribute goes where, which values an enumeration takes
 * and where each element belongs. The codes were checked by experiment
 * against libxml2 2.9.14: it reports an element out of place, and a missing
 * child, as XML_SCHEMAV_ELEMENT_CONTENT (not _CVC_COMPLEX_TYPE_2_4), with
 * the element list only in its text.
 *
 * The table reads what job.xsd uses: global and local elements, element
 * refs, sequences and choices (nested), named and inline complex and simple
 * types, simple content, attributes, anyAttribute, restrictions with
 * enumeration, pattern, minInclusive and maxInclusive. Anything else
 * (groups, attribute groups, complex content) is left out of the table, and
 * its errors keep libxml2's text.
 *
 * A pattern is described in words only when it is exactly the pattern those
 * words describe (described[] below): if the schema's pattern changes, the
 * message falls back to quoting the new one, never to stale words.
 *
 * Not here: collecting errors, lines and the cut-off (xml.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlschemas.h>

#include "arena.h"
#include "messages.h"
#include "schema_messages.h"
#include "xml.h"

#define XSD_NS     "http://www.w3.org/2001/XMLSchema"
#define XML_NS_URI "http://www.w3.org/XML/1998/namespace"

enum {
	MAX_TYPE_DEPTH = 8, /* restriction chains in the schema; ours are 1 deep */
	LIBXML_DIGITS = 24, /* significant digits libxml2 2.9 keeps of an xs:decimal */
	SHOWN_VALUE = 64,   /* bytes of a value quoted in a message */
	SHOWN_TEXT = 32,    /* bytes of stray text quoted in a message */
	LIST_SIZE = 512     /* a list of names in a message */
};

typedef enum xsd_kind {
	XSD_OTHER,
	XSD_DECIMAL,
	XSD_INTEGER,
	XSD_BOOLEAN,
	XSD_ENUM,
	XSD_PATTERN
} xsd_kind;

typedef struct xsd_type {
	xsd_kind kind;
	const char *pattern;   /* XSD_PATTERN: as written in the schema */
	const char *values;    /* XSD_ENUM: "good, fair, poor" */
	const char *min, *max; /* minInclusive, maxInclusive as written; NULL: none */
} xsd_type;

typedef struct xsd_attr {
	const char *name; /* as written: "mass-kg", "xml:lang" for a ref */
	int required;
	xsd_type type;
	struct xsd_attr *next;
} xsd_attr;

typedef struct xsd_child {
	struct xsd_elem *elem;
	struct xsd_child *next;
} xsd_child;

/* One element declaration. Invariants: every pointer lives in the table's
 * arena; lists are in schema order. */
typedef struct xsd_elem {
	const char *name;
	xsd_attr *attrs;
	const char *any_attr;  /* xs:anyAttribute's namespace ("##local", a URI); NULL: none */
	xsd_child *children;   /* the elements it may contain */
	int text;              /* simple content: text, no elements */
	const xmlNode *decl;   /* while reading only: its xs:element in the XSD */
	struct xsd_elem *next; /* every declaration */
} xsd_elem;

struct cmi_xsd {
	cmi_arena arena; /* owns everything below */
	const char *ns;  /* targetNamespace */
	xsd_elem *root;
	xsd_elem *elems; /* every declaration, globals included */
};

/* ---- reading the XSD ----------------------------------------------------- */

typedef struct reader {
	cmi_xsd *t;
	const xmlNode *schema; /* the XSD's root, xs:schema */
	int nomem;
	int bad; /* something the table cannot hold, e.g. a ref to nothing */
} reader;

static int is_xs(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, (const xmlChar *)XSD_NS) &&
	       xmlStrEqual(n->name, (const xmlChar *)name);
}

/* An attribute of the XSD node copied into the arena; NULL when absent. */
static const char *prop(reader *r, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *s = cmi_arena_strdup(&r->t->arena, (const char *)v);
	xmlFree(v);
	r->nomem |= !s;
	return s;
}

static int prop_is(const xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	int eq = v && xmlStrEqual(v, (const xmlChar *)value);
	xmlFree(v);
	return eq;
}

/* The top-level xs:<kind> named name, or NULL. */
static const xmlNode *global(const reader *r, const char *kind, const char *name)
{
	for (const xmlNode *n = r->schema->children; n; n = n->next)
		if (is_xs(n, kind) && prop_is(n, "name", name))
			return n;
	return NULL;
}

/* Splits a QName of the XSD: its local part, and whether its prefix names
 * the XSD namespace (a built-in type). */
static const char *qname_local(const xmlNode *at, const char *qname, int *builtin)
{
	const char *colon = strchr(qname, ':');
	char prefix[64] = "";
	if (colon && (size_t)(colon - qname) < sizeof prefix)
		memcpy(prefix, qname, (size_t)(colon - qname));
	xmlNsPtr ns = xmlSearchNs(at->doc, (xmlNodePtr)at, colon ? (const xmlChar *)prefix : NULL);
	*builtin = ns && xmlStrEqual(ns->href, (const xmlChar *)XSD_NS);
	return colon ? colon + 1 : qname;
}

static void builtin_type(const char *name, xsd_type *t)
{
	static const struct {
		const char *name;
		xsd_kind kind;
		const char *min;
	} builtins[] = {
	    {"decimal", XSD_DECIMAL, NULL},
	    {"integer", XSD_INTEGER, NULL},
	    {"long", XSD_INTEGER, NULL},
	    {"int", XSD_INTEGER, NULL},
	    {"nonNegativeInteger", XSD_INTEGER, "0"},
	    {"positiveInteger", XSD_INTEGER, "1"},
	    {"unsignedInt", XSD_INTEGER, "0"},
	    {"boolean", XSD_BOOLEAN, NULL},
	};
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if (!strcmp(name, builtins[i].name)) {
			t->kind = builtins[i].kind;
			t->min = builtins[i].min;
		}
}

static void read_simple(reader *r, const xmlNode *st, xsd_type *t, int depth);

static void resolve_type(reader *r, const xmlNode *at, const char *qname, xsd_type *t, int depth)
{
	int builtin;
	const char *local = qname_local(at, qname, &builtin);
	if (builtin) {
		builtin_type(local, t);
		return;
	}
	const xmlNode *st = global(r, "simpleType", local);
	if (st && depth < MAX_TYPE_DEPTH)
		read_simple(r, st, t, depth + 1);
}

/* "a, b, c" of the enumeration values of a restriction. */
static const char *join_values(reader *r, const xmlNode *restriction)
{
	size_t size = 1;
	for (const xmlNode *f = restriction->children; f; f = f->next)
		if (is_xs(f, "enumeration")) {
			xmlChar *v = xmlGetNoNsProp(f, (const xmlChar *)"value");
			size += (v ? strlen((const char *)v) : 0) + 2;
			xmlFree(v);
		}
	char *s = cmi_arena_alloc(&r->t->arena, size);
	if (!s) {
		r->nomem = 1;
		return NULL;
	}
	for (const xmlNode *f = restriction->children; f; f = f->next)
		if (is_xs(f, "enumeration")) {
			xmlChar *v = xmlGetNoNsProp(f, (const xmlChar *)"value");
			if (*s)
				strcat(s, ", ");
			strcat(s, v ? (const char *)v : "");
			xmlFree(v);
		}
	return s;
}

static void read_facets(reader *r, const xmlNode *restriction, xsd_type *t)
{
	for (const xmlNode *f = restriction->children; f; f = f->next) {
		if (is_xs(f, "enumeration") && t->kind != XSD_ENUM) {
			t->kind = XSD_ENUM;
			t->values = join_values(r, restriction);
		} else if (is_xs(f, "pattern") && t->kind != XSD_ENUM) {
			t->kind = XSD_PATTERN;
			t->pattern = prop(r, f, "value");
		} else if (is_xs(f, "minInclusive")) {
			t->min = prop(r, f, "value");
		} else if (is_xs(f, "maxInclusive")) {
			t->max = prop(r, f, "value");
		}
	}
}

/* An xs:simpleType: its restriction's base, then the facets on top. */
static void read_simple(reader *r, const xmlNode *st, xsd_type *t, int depth)
{
	for (const xmlNode *c = st->children; c; c = c->next) {
		if (!is_xs(c, "restriction"))
			continue;
		const char *base = prop(r, c, "base");
		if (base)
			resolve_type(r, c, base, t, depth);
		for (const xmlNode *b = c->children; b; b = b->next)
			if (is_xs(b, "simpleType") && depth < MAX_TYPE_DEPTH)
				read_simple(r, b, t, depth + 1);
		read_facets(r, c, t);
	}
}

static void read_attr(reader *r, const xmlNode *n, xsd_elem *e)
{
	xsd_attr *a = cmi_arena_alloc(&r->t->arena, sizeof *a);
	if (!a) {
		r->nomem = 1;
		return;
	}
	a->name = prop(r, n, "name");
	if (!a->name)
		a->name = prop(r, n, "ref");
	a->required = prop_is(n, "use", "required");
	const char *type = prop(r, n, "type");
	if (type)
		resolve_type(r, n, type, &a->type, 0);
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is_xs(c, "simpleType"))
			read_simple(r, c, &a->type, 0);
	if (!a->name)
		return;
	xsd_attr **tail = &e->attrs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = a;
}

static xsd_elem *read_elem(reader *r, const xmlNode *decl);

static void add_child(reader *r, xsd_elem *parent, xsd_elem *child)
{
	xsd_child *c = cmi_arena_alloc(&r->t->arena, sizeof *c);
	if (!c || !child) {
		r->nomem |= !c;
		return;
	}
	c->elem = child;
	xsd_child **tail = &parent->children;
	while (*tail)
		tail = &(*tail)->next;
	*tail = c;
}

/* A global element, read once; refs to it share the declaration. */
static xsd_elem *global_elem(reader *r, const char *name)
{
	for (xsd_elem *e = r->t->elems; e; e = e->next)
		if (e->decl && e->decl->parent == r->schema && !strcmp(e->name, name))
			return e;
	const xmlNode *decl = global(r, "element", name);
	if (!decl) {
		r->bad = 1;
		return NULL;
	}
	return read_elem(r, decl);
}

/* xs:sequence, xs:choice, xs:all, nested in any way. */
static void read_group(reader *r, const xmlNode *g, xsd_elem *e)
{
	for (const xmlNode *c = g->children; c && !r->nomem; c = c->next) {
		if (is_xs(c, "element")) {
			xmlChar *ref = xmlGetNoNsProp(c, (const xmlChar *)"ref");
			int builtin;
			add_child(r, e,
			          ref ? global_elem(r, qname_local(c, (const char *)ref, &builtin))
			              : read_elem(r, c));
			xmlFree(ref);
		} else if (is_xs(c, "sequence") || is_xs(c, "choice") || is_xs(c, "all")) {
			read_group(r, c, e);
		}
	}
}

/* An xs:complexType, or the xs:extension of its simple content. */
static void read_complex(reader *r, const xmlNode *ct, xsd_elem *e)
{
	for (const xmlNode *c = ct->children; c && !r->nomem; c = c->next) {
		if (is_xs(c, "sequence") || is_xs(c, "choice") || is_xs(c, "all")) {
			read_group(r, c, e);
		} else if (is_xs(c, "attribute")) {
			read_attr(r, c, e);
		} else if (is_xs(c, "anyAttribute")) {
			e->any_attr = prop(r, c, "namespace");
			if (!e->any_attr)
				e->any_attr = "##any";
		} else if (is_xs(c, "simpleContent")) {
			e->text = 1;
			read_complex(r, c, e);
		} else if (is_xs(c, "extension") || is_xs(c, "restriction")) {
			read_complex(r, c, e);
		}
	}
}

/* The element's type: named (complex, simple or built-in) or inline. */
static void read_elem_type(reader *r, const xmlNode *decl, xsd_elem *e)
{
	xmlChar *type = xmlGetNoNsProp(decl, (const xmlChar *)"type");
	if (type) {
		int builtin;
		const char *local = qname_local(decl, (const char *)type, &builtin);
		const xmlNode *ct = builtin ? NULL : global(r, "complexType", local);
		if (ct)
			read_complex(r, ct, e);
		else
			e->text = 1; /* a simple type */
		xmlFree(type);
	}
	for (const xmlNode *c = decl->children; c; c = c->next) {
		if (is_xs(c, "complexType"))
			read_complex(r, c, e);
		else if (is_xs(c, "simpleType"))
			e->text = 1;
	}
}

static xsd_elem *read_elem(reader *r, const xmlNode *decl)
{
	xsd_elem *e = cmi_arena_alloc(&r->t->arena, sizeof *e);
	if (!e) {
		r->nomem = 1;
		return NULL;
	}
	e->name = prop(r, decl, "name");
	if (!e->name) {
		r->bad = 1;
		return NULL;
	}
	e->decl = decl;
	xsd_elem **tail = &r->t->elems; /* listed before its content: a recursive ref finds it */
	while (*tail)
		tail = &(*tail)->next;
	*tail = e;
	read_elem_type(r, decl, e);
	return e;
}

cm_status cmi_xsd_read(cm_ctx *ctx, const xmlDoc *xsd, const char *root, cmi_xsd **out,
                       cm_error *err)
{
	*out = NULL;
	cmi_xsd *t = cmi_alloc(ctx, sizeof *t);
	if (!t)
		return cmi_error_nomem(err);
	memset(t, 0, sizeof *t);
	cmi_arena_init(&t->arena, ctx);
	reader r = {.t = t, .schema = xmlDocGetRootElement(xsd)};
	if (!is_xs(r.schema, "schema")) {
		r.bad = 1;
	} else {
		t->ns = prop(&r, r.schema, "targetNamespace");
		t->root = global_elem(&r, root);
	}
	for (xsd_elem *e = t->elems; e; e = e->next)
		e->decl = NULL; /* the XSD document does not outlive the reading */
	if (r.nomem || r.bad || !t->ns || !t->root) {
		cmi_xsd_free(t);
		return r.nomem ? cmi_error_nomem(err) : CM_ERULES;
	}
	*out = t;
	return CM_OK;
}

void cmi_xsd_free(cmi_xsd *xsd)
{
	if (!xsd)
		return;
	cm_ctx *ctx = xsd->arena.ctx;
	cmi_arena_free(&xsd->arena);
	cmi_free(ctx, xsd);
}

const char *cmi_xsd_namespace(const cmi_xsd *xsd)
{
	return xsd->ns;
}

const char *cmi_xsd_root(const cmi_xsd *xsd)
{
	return xsd->root->name;
}

/* Which profile the schema is of, for the messages that name it. */
static int is_person(const cmi_xsd *xsd)
{
	return !strcmp(cmi_xsd_root(xsd), "person");
}

/* ---- looking things up ------------------------------------------------------ */

static int in_ns(const cmi_xsd *t, const xmlNode *n)
{
	return n->ns && xmlStrEqual(n->ns->href, (const xmlChar *)t->ns);
}

static xsd_elem *child_decl(const xsd_elem *parent, const char *name)
{
	for (const xsd_child *c = parent ? parent->children : NULL; c; c = c->next)
		if (!strcmp(c->elem->name, name))
			return c->elem;
	return NULL;
}

/* The declaration a document element was validated against, or NULL. */
static const xsd_elem *decl_of(const cmi_xsd *t, const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE || !in_ns(t, n))
		return NULL;
	if (!n->parent || n->parent->type != XML_ELEMENT_NODE)
		return xmlStrEqual(n->name, (const xmlChar *)t->root->name) ? t->root : NULL;
	return child_decl(decl_of(t, n->parent), (const char *)n->name);
}

static const xsd_attr *attr_decl(const xsd_elem *e, const char *name)
{
	for (const xsd_attr *a = e ? e->attrs : NULL; a; a = a->next)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

/* ---- writing lists and values ------------------------------------------------ */

static void append(char *buf, size_t size, const char *s)
{
	size_t o = strlen(buf);
	if (o < size)
		snprintf(buf + o, size - o, "%s", s);
}

/* "<a>", "<a> or <b>", "<a>, <b> or <c>": the elements that may contain name. */
static void join_parents(const cmi_xsd *t, cm_lang lang, const char *name, char *buf, size_t size)
{
	int total = 0, done = 0;
	for (const xsd_elem *e = t->elems; e; e = e->next)
		total += child_decl(e, name) != NULL;
	buf[0] = '\0';
	for (const xsd_elem *e = t->elems; e; e = e->next) {
		if (!child_decl(e, name))
			continue;
		if (done > 0)
			append(buf, size, done == total - 1 ? cmi_msg(lang, M_OR) : ", ");
		append(buf, size, "<");
		append(buf, size, e->name);
		append(buf, size, ">");
		done++;
	}
}

static void join_children(const xsd_elem *e, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const xsd_child *c = e->children; c; c = c->next) {
		if (buf[0])
			append(buf, size, ", ");
		append(buf, size, c->elem->name);
	}
}

/* The attributes an element takes, then what its wildcard admits. */
static void join_attrs(const xsd_elem *e, cm_lang lang, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const xsd_attr *a = e->attrs; a; a = a->next) {
		if (buf[0])
			append(buf, size, ", ");
		append(buf, size, a->name);
	}
	if (!e->any_attr)
		return;
	char any[160];
	if (!strcmp(e->any_attr, "##local"))
		snprintf(any, sizeof any, "%s", cmi_msg(lang, M_XSD_ANY_LOCAL));
	else if (!strcmp(e->any_attr, XML_NS_URI))
		snprintf(any, sizeof any, "xml:lang");
	else
		snprintf(any, sizeof any, cmi_msg(lang, M_XSD_ANY_NS), e->any_attr);
	if (buf[0])
		append(buf, size, ", ");
	append(buf, size, any);
}

/* Copies at most max bytes of s, whole characters only, then "…" if cut;
 * line breaks and tabs become spaces. */
static void shown(const char *s, size_t max, char *buf, size_t size)
{
	size_t n = strlen(s);
	int cut = n > max;
	if (cut)
		for (n = max; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80;)
			n--;
	snprintf(buf, size, "%.*s%s", (int)n, s, cut ? "…" : "");
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

/* s[0..n) without surrounding white space, as the schema's types read it. */
static const char *trim(const char *s, size_t *n)
{
	while (*n > 0 && strchr(" \t\r\n", *s)) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n", s[*n - 1]))
		(*n)--;
	return s;
}

/* [+-] digits. */
static int is_integer(const char *s, size_t n)
{
	size_t sign = n > 0 && (*s == '+' || *s == '-');
	size_t digits = sign;
	while (digits < n && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	return digits == n && n > sign;
}

/* [+-] digits [sep digits] with digits on at least one side of sep (sep '.':
 * the lexical form of xs:decimal); with need_both, on both sides. */
static int is_decimal_with(const char *s, size_t n, char sep, int need_both)
{
	size_t i = n > 0 && (*s == '+' || *s == '-');
	size_t whole = 0, frac = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		whole++;
	int has_sep = i < n && s[i] == sep;
	for (i += has_sep; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		frac++;
	if (i != n)
		return 0;
	return need_both ? has_sep && whole > 0 && frac > 0 : whole > 0 || frac > 0;
}

/* ---- the messages ------------------------------------------------------------ */

/* Invariants: msg, path and *line are written only on success. */
typedef struct rewrite {
	const cmi_xsd *t;
	cm_lang lang;
	const xmlError *e;
	const xmlNode *node; /* the element the error is about */
	char *msg;
	size_t msize;
	char *path;
	size_t psize;
	int *line;
} rewrite;

static int say(rewrite *r, cmi_msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	vsnprintf(r->msg, r->msize, cmi_msg(r->lang, id), ap);
	va_end(ap);
	return 1;
}

static void place(rewrite *r, const xmlNode *n, const char *attr)
{
	cmi_xml_path(n, attr, r->path, r->psize);
	*r->line = (int)xmlGetLineNo(n);
}

/* The attribute libxml2's text names: "Element 'x', attribute 'y': ...". */
static int attr_named(const xmlError *e, char *name, size_t size)
{
	static const char key[] = ", attribute '";
	const char *p = e->message ? strstr(e->message, key) : NULL;
	if (!p)
		return 0;
	p += sizeof key - 1;
	const char *q = strstr(p, "': ");
	if (!q || (size_t)(q - p) >= size)
		return 0;
	memcpy(name, p, (size_t)(q - p));
	name[q - p] = '\0';
	return 1;
}

static void expected_number(const rewrite *r, const xsd_type *ty, char *buf, size_t size)
{
	cm_lang l = r->lang;
	if (ty->kind == XSD_INTEGER && ty->min && ty->max)
		snprintf(buf, size, cmi_msg(l, M_XSD_WHOLE_FROM_TO), ty->min, ty->max);
	else if (ty->kind == XSD_INTEGER && ty->min)
		snprintf(buf, size, cmi_msg(l, M_XSD_WHOLE_FROM), ty->min);
	else if (ty->kind == XSD_INTEGER)
		snprintf(buf, size, "%s", cmi_msg(l, M_XSD_WHOLE));
	else if (ty->min && ty->max)
		snprintf(buf, size, cmi_msg(l, M_XSD_NUMBER_FROM_TO), ty->min, ty->max);
	else
		snprintf(buf, size, "%s", cmi_msg(l, M_XSD_DECIMAL));
}

/* v[0..n) is the trimmed value, shown the value as quoted. */
static int number_message(rewrite *r, const char *name, const char *shown_value, const char *v,
                          size_t n, const xsd_type *ty)
{
	char want[160];
	expected_number(r, ty, want, sizeof want);
	int code = r->e->code;
	if (code == XML_SCHEMAV_CVC_MININCLUSIVE_VALID ||
	    code == XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID)
		return say(r, M_XSD_OUT_OF_RANGE, name, shown_value, want);
	if (ty->kind == XSD_INTEGER)
		return say(r, is_integer(v, n) ? M_XSD_OUT_OF_RANGE : M_XSD_NOT_WHOLE, name,
		           shown_value, want);
	if (is_decimal_with(v, n, ',', 1)) {
		char fixed[SHOWN_VALUE + 8], point[SHOWN_VALUE + 8];
		snprintf(fixed, sizeof fixed, "%.*s", (int)(n < SHOWN_VALUE ? n : SHOWN_VALUE), v);
		*strchr(fixed, ',') = '.';
		shown(fixed, SHOWN_VALUE, point, sizeof point);
		return say(r, M_XSD_DECIMAL_COMMA, name, shown_value, point);
	}
	if (is_decimal_with(v, n, '.', 0)) /* a decimal, but longer than libxml2 keeps */
		return say(r, M_XSD_DIGITS, name, shown_value, (int)LIBXML_DIGITS);
	return say(r, M_XSD_NOT_NUMBER, name, shown_value, want);
}

/* Words for a pattern, used only while the schema's pattern is exactly the
 * one they describe. */
static const struct {
	const char *pattern;
	cmi_msg_id msg;
} described[] = {
    {"[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}", M_XSD_ID},
    {"[bsdeap][0-9]{1,6}", M_XSD_ICF},
    {"[0-9]{1,4}", M_XSD_ISCO},
};

static int pattern_message(rewrite *r, const char *name, const char *shown_value,
                           const xsd_type *ty)
{
	const char *pattern = r->e->str2 ? r->e->str2 : ty->pattern;
	if (!pattern)
		return 0;
	for (size_t i = 0; i < sizeof described / sizeof described[0]; i++)
		if (!strcmp(pattern, described[i].pattern))
			return say(r, described[i].msg, name, shown_value);
	return say(r, M_XSD_PATTERN, name, shown_value, pattern);
}

static int value_message(rewrite *r)
{
	char name[128], value[SHOWN_VALUE + 8];
	if (!attr_named(r->e, name, sizeof name))
		return 0; /* about an element's text: none of ours is typed */
	const xsd_attr *a = attr_decl(decl_of(r->t, r->node), name);
	if (!a)
		return 0;
	xmlChar *raw = xmlGetNoNsProp(r->node, (const xmlChar *)name);
	const char *text = raw ? (const char *)raw : r->e->str1 ? r->e->str1 : "";
	size_t n = strlen(text);
	const char *v = trim(text, &n);
	shown(text, SHOWN_VALUE, value, sizeof value);
	int ok = 0;
	if (a->type.kind == XSD_DECIMAL || a->type.kind == XSD_INTEGER)
		ok = number_message(r, name, value, v, n, &a->type);
	else if (a->type.kind == XSD_BOOLEAN)
		ok = say(r, M_BAD_BOOLEAN, name, value);
	else if (a->type.kind == XSD_ENUM && a->type.values)
		ok = say(r, M_XSD_ENUM, name, value, a->type.values);
	else if (a->type.kind == XSD_PATTERN)
		ok = pattern_message(r, name, value, &a->type);
	if (ok)
		place(r, r->node, name);
	xmlFree(raw);
	return ok;
}

/* libxml2 names a namespaced attribute "{uri}name"; the user wrote p:name. */
static void written_attr(const xmlNode *n, const char *clark, char *buf, size_t size)
{
	const char *close = clark[0] == '{' ? strchr(clark, '}') : NULL;
	snprintf(buf, size, "%s", clark);
	if (!close)
		return;
	size_t urilen = (size_t)(close - clark - 1);
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns && a->ns->prefix && xmlStrEqual(a->name, (const xmlChar *)close + 1) &&
		    xmlStrlen(a->ns->href) == (int)urilen &&
		    !strncmp((const char *)a->ns->href, clark + 1, urilen))
			snprintf(buf, size, "%s:%s", a->ns->prefix, a->name);
}

static int attr_not_allowed(rewrite *r)
{
	const xsd_elem *d = decl_of(r->t, r->node);
	if (!d || !r->e->str1)
		return 0;
	char name[128], list[LIST_SIZE];
	written_attr(r->node, r->e->str1, name, sizeof name);
	join_attrs(d, r->lang, list, sizeof list);
	if (list[0])
		say(r, M_XSD_NO_ATTR, d->name, name, list);
	else
		say(r, M_XSD_NO_ATTRS, d->name, name);
	place(r, r->node, name);
	return 1;
}

static int attr_missing(rewrite *r)
{
	if (!r->e->str1)
		return 0;
	say(r, M_XSD_NEEDS_ATTR, (const char *)r->node->name, r->e->str1);
	place(r, r->node, r->e->str1);
	return 1;
}

/* The list in "Expected is ( {ns}a, {ns}b )", namespaces dropped; "" if none. */
static void expected_in_text(const char *m, char *buf, size_t size)
{
	const char *p = strstr(m, "Expected is ");
	const char *open = p ? strchr(p, '(') : NULL;
	const char *close = open ? strstr(open, " )") : NULL;
	size_t o = 0;
	for (p = open ? open + 1 : NULL; p && p < close && o + 1 < size; p++) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (end && end < close)
			p = end;
		else if (o > 0 || *p != ' ')
			buf[o++] = *p;
	}
	buf[o] = '\0';
}

/* Why an element of the schema's namespace may not be in pd: it belongs
 * elsewhere, or nowhere. */
static void misplaced(rewrite *r, const xsd_elem *pd, const char *name, const char *expected)
{
	char list[LIST_SIZE];
	if (child_decl(pd, name)) {
		if (expected[0])
			say(r, M_XSD_NOT_HERE_EXPECTED, name, pd->name, expected);
		else
			say(r, M_XSD_NOT_HERE, name, pd->name);
		return;
	}
	join_parents(r->t, r->lang, name, list, sizeof list);
	if (list[0]) {
		say(r, M_XSD_MISPLACED, name, pd->name, list);
		return;
	}
	if (!strcmp(name, r->t->root->name)) {
		say(r, M_XSD_ONLY_ROOT, name, pd->name);
		return;
	}
	join_children(pd, list, sizeof list);
	if (list[0])
		say(r, is_person(r->t) ? M_XSD_UNKNOWN_PERSON : M_XSD_UNKNOWN, name, pd->name,
		    list);
	else
		say(r, is_person(r->t) ? M_XSD_UNKNOWN_LEAF_PERSON : M_XSD_UNKNOWN_LEAF, name,
		    pd->name);
}

/* Why child may not be where it is: its namespace, or its place. */
static int child_message(rewrite *r, const xmlNode *child, const char *expected)
{
	const xsd_elem *pd = decl_of(r->t, child->parent);
	const char *name = (const char *)child->name;
	if (!in_ns(r->t, child) && child->ns)
		say(r, M_XSD_WRONG_NS, name, (const char *)child->ns->href, r->t->ns);
	else if (!in_ns(r->t, child))
		say(r, M_XSD_NO_NS, name, r->t->ns);
	else if (pd)
		misplaced(r, pd, name, expected);
	else
		return 0;
	place(r, child, NULL);
	return 1;
}

static int content_message(rewrite *r)
{
	const char *m = r->e->message ? r->e->message : "";
	char expected[LIST_SIZE];
	expected_in_text(m, expected, sizeof expected);
	if (strstr(m, "Missing child") && expected[0]) {
		say(r, M_XSD_MISSING_CHILD, (const char *)r->node->name, expected);
		place(r, r->node, NULL);
		return 1;
	}
	if (strstr(m, "not expected") && r->node->parent)
		return child_message(r, r->node, expected);
	return 0;
}

static const xmlNode *first_element(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

/* The first text in n that is not white space, quoted. */
static int text_message(rewrite *r)
{
	for (const xmlNode *c = r->node->children; c; c = c->next) {
		if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) || !c->content)
			continue;
		size_t n = strlen((const char *)c->content);
		const char *v = trim((const char *)c->content, &n);
		if (n == 0)
			continue;
		char text[SHOWN_TEXT + 8], full[SHOWN_TEXT + 8];
		snprintf(full, sizeof full, "%.*s", (int)(n < SHOWN_TEXT + 1 ? n : SHOWN_TEXT + 1),
		         v);
		shown(full, SHOWN_TEXT, text, sizeof text);
		say(r, M_XSD_NO_TEXT, (const char *)r->node->name, text);
		place(r, r->node, NULL);
		return 1;
	}
	return 0;
}

/* An element that must be empty holds something: libxml2 reports the text
 * (white space included) and the elements, each once. */
static int empty_message(rewrite *r)
{
	const xmlNode *child = first_element(r->node);
	const char *m = r->e->message ? r->e->message : "";
	if (strstr(m, "Element content"))
		return child ? child_message(r, child, "") : 0;
	if (text_message(r))
		return 1;
	if (child) /* only white space around elements: those are the problem */
		return -1;
	say(r, M_XSD_EMPTY, (const char *)r->node->name, (const char *)r->node->name);
	place(r, r->node, NULL);
	return 1;
}

static int content_kind_message(rewrite *r)
{
	const xmlNode *child = first_element(r->node);
	switch (r->e->code) {
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
		return empty_message(r);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2: /* simple content */
		if (!child)
			return 0;
		say(r, M_XSD_TEXT_ONLY, (const char *)r->node->name, (const char *)child->name);
		place(r, r->node, NULL);
		return 1;
	default: /* element-only content */
		return text_message(r);
	}
}

void cmi_schema_root_message(const cmi_xsd *xsd, cm_lang lang, const xmlNode *root, char *msg,
                             size_t size)
{
	char found[256];
	const xmlNs *ns = root->ns;
	if (ns && ns->prefix)
		snprintf(found, sizeof found, "<%s:%s xmlns:%s=\"%s\">", ns->prefix, root->name,
		         ns->prefix, ns->href);
	else if (ns)
		snprintf(found, sizeof found, "<%s xmlns=\"%s\">", root->name, ns->href);
	else
		snprintf(found, sizeof found, "<%s>", root->name);
	snprintf(msg, size, cmi_msg(lang, M_XSD_ROOT), xsd->root->name, xsd->ns, found);
}

int cmi_schema_message(const cmi_xsd *xsd, cm_lang lang, const xmlError *e, char *msg, size_t msize,
                       char *path, size_t psize, int *line)
{
	const xmlNode *n = e->node;
	if (e->domain != XML_FROM_SCHEMASV || !n || n->type != XML_ELEMENT_NODE)
		return 0;
	rewrite r = {xsd, lang, e, n, msg, msize, path, psize, line};
	switch (e->code) {
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
	case XML_SCHEMAV_CVC_PATTERN_VALID:
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
		return value_message(&r);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1: /* not declared, no wildcard */
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2: /* not admitted by the wildcard */
		return attr_not_allowed(&r);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		return attr_missing(&r);
	case XML_SCHEMAV_ELEMENT_CONTENT:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4:
		return content_message(&r);
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
		return content_kind_message(&r);
	case XML_SCHEMAV_CVC_ELT_1:
		cmi_schema_root_message(xsd, lang, n, msg, msize);
		place(&r, n, NULL);
		return 1;
	default:
		return 0;
	}
}
