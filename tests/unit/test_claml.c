/*
 * test_claml.c — the ClaML loader (icf/claml.c), row by row.
 *
 * Lookups: one row per code of tests/fixtures/icf/classification.xml (the
 * ICF's codes with titles invented for the tests) and per code it lacks:
 * the class found, its kind, parent, children, and the title asked in each
 * language with the language it came in (the fallback: asked, English,
 * then any).
 * Refusals: one row per document that must be refused (not well-formed,
 * every kind of declaration in an internal subset, the wrong root, each
 * broken piece of the tree, each bound), with the exact message and line
 * of its first problem. Readings: documents accepted, with what they must
 * mean (titles from mixed content, inherited and regional xml:lang, the
 * first label winning, what is ignored).
 * Then allocation faults on the fixture, the public entry point, and the
 * explanation with a classification loaded.
 */
#include "support.h"

#include "claml.h"
#include "ctx.h"
#include "grammar.h"

#define FIXTURE "tests/fixtures/icf/classification.xml"

/* Three lines; the classes begin on line 4. */
#define HEAD                                                                                       \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                             \
	"<!DOCTYPE ClaML SYSTEM \"ClaML.dtd\">\n"                                                  \
	"<ClaML version=\"2.0.0\">\n"
#define TAIL "</ClaML>\n"
/* A sound tree of two classes, on one line. */
#define TREE                                                                                       \
	"<Class code=\"b\" kind=\"component\"><SubClass code=\"b2\"/></Class>"                     \
	"<Class code=\"b2\" kind=\"chapter\"><SuperClass code=\"b\"/></Class>\n"

static cm_ctx *ctx;
static cmi_icf_classes *fixture;

static int setup(void **state)
{
	(void)state;
	cm_error err = {0};
	ctx = test_ctx();
	if (!ctx || cmi_icf_classes_load(ctx, FIXTURE, &fixture, &err) != CM_OK) {
		for (size_t i = 0; i < err.nproblems; i++)
			fprintf(stderr, "%s:%d: %s\n", err.problems[i].file, err.problems[i].line,
			        err.problems[i].message);
		cm_error_clear(&err);
		return 1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cmi_icf_classes_free(fixture);
	cm_ctx_free(ctx);
	return 0;
}

/* ---- lookups in the fixture ------------------------------------------------------------ */

#define EN CM_LANG_EN
#define NL CM_LANG_NL
#define FR CM_LANG_FR

typedef struct class_row {
	const char *code;  /* as looked up */
	const char *found; /* the class's code; NULL: not in the classification */
	const char *kind;
	const char *parent;   /* NULL: a root */
	const char *children; /* their codes, each followed by a space */
	const char *title[3]; /* asked in en, nl, fr */
	cm_lang got[3];       /* the language each came in */
} class_row;

#define ABSENT(code)                                                                               \
	{                                                                                          \
		code, NULL, NULL, NULL, NULL, {NULL, NULL, NULL},                                  \
		{                                                                                  \
			EN, EN, EN                                                                 \
		}                                                                                  \
	}

static const class_row class_rows[] = {
    {"b",
     "b",
     "component",
     NULL,
     "b2 b4 ",
     {"Functions of the body", "Functies van het lichaam", "Fonctions du corps"},
     {EN, NL, FR}},
    {"b2",
     "b2",
     "chapter",
     "b",
     "b280-b289 ",
     {"Senses and pain", "Zintuigen en pijn", "Sens et douleur"},
     {EN, NL, FR}},
    {"b280-b289",
     "b280-b289",
     "block",
     "b2",
     "b280 ",
     {"Feeling pain", "Pijn voelen", "Ressentir la douleur"},
     {EN, NL, FR}},
    {"b280",
     "b280",
     "category",
     "b280-b289",
     "b2800 b2801 ",
     {"Sensation of pain", "Pijngewaarwording", "Sensation douloureuse"},
     {EN, NL, FR}},
    /* English only: English for every language */
    {"b2800",
     "b2800",
     "category",
     "b280",
     "",
     {"Pain felt all over", "Pain felt all over", "Pain felt all over"},
     {EN, EN, EN}},
    {"b2801",
     "b2801",
     "category",
     "b280",
     "b28013 b28014 ",
     {"Pain in one part of the body", "Pijn in één deel van het lichaam",
      "Douleur dans une partie du corps"},
     {EN, NL, FR}},
    {"b28013",
     "b28013",
     "category",
     "b2801",
     "",
     {"Back pain", "Rugpijn", "Mal de dos"},
     {EN, NL, FR}},
    /* a label over two lines, with runs of spaces: collapsed */
    {"b455",
     "b455",
     "category",
     "b4",
     "",
     {"Tolerance of physical effort", "Verdragen van lichamelijke inspanning",
      "Tolérance à l'effort physique"},
     {EN, NL, FR}},
    {"d4",
     "d4",
     "chapter",
     "d",
     "d410-d429 d430-d449 d450-d469 ",
     {"Moving about", "Zich verplaatsen", "Se déplacer"},
     {EN, NL, FR}},
    {"d430",
     "d430",
     "category",
     "d430-d449",
     "d4300 d4301 ",
     {"Moving objects by hand", "Voorwerpen met de hand verplaatsen",
      "Déplacer des objets à la main"},
     {EN, NL, FR}},
    /* one preferred rubric per language */
    {"d4300",
     "d4300",
     "category",
     "d430",
     "",
     {"Raising an object", "Een voorwerp optillen", "Soulever un objet"},
     {EN, NL, FR}},
    /* a and p are d, as in the grammar */
    {"a4300",
     "d4300",
     "category",
     "d430",
     "",
     {"Raising an object", "Een voorwerp optillen", "Soulever un objet"},
     {EN, NL, FR}},
    {"p4300",
     "d4300",
     "category",
     "d430",
     "",
     {"Raising an object", "Een voorwerp optillen", "Soulever un objet"},
     {EN, NL, FR}},
    {"d4301",
     "d4301",
     "category",
     "d430",
     "",
     {"Holding an object while moving", "Holding an object while moving",
      "Holding an object while moving"},
     {EN, EN, EN}},
    {"d4105",
     "d4105",
     "category",
     "d410",
     "",
     {"Bending forward", "Bending forward", "Bending forward"},
     {EN, EN, EN}},
    {"d4500",
     "d4500",
     "category",
     "d450",
     "",
     {"Walking a short way", "Walking a short way", "Walking a short way"},
     {EN, EN, EN}},
    /* no English title: English asks get another language */
    {"e310",
     "e310",
     "category",
     "e3",
     "",
     {"Naaste familie", "Naaste familie", "Famille proche"},
     {NL, NL, FR}},
    {"s7",
     "s7",
     "chapter",
     "s",
     "",
     {"Parts of the body that move", "Lichaamsdelen die bewegen", "Parties du corps qui bougent"},
     {EN, NL, FR}},
    ABSENT("d4399"),
    ABSENT("b281"),
    ABSENT("b28"),
    ABSENT("B280"),
    ABSENT("d43000"),
    ABSENT("b280.1"),
    ABSENT("a"),
    ABSENT("a280-b289"),
    ABSENT(""),
    ABSENT("S_generic"), /* a Modifier, not a class */
    ABSENT("0"),         /* a ModifierClass */
};

enum { NCLASS_ROWS = sizeof class_rows / sizeof class_rows[0] };

static void test_class_row(void **state)
{
	const class_row *r = *state;
	const cmi_icf_class *k = cmi_icf_class_find(fixture, r->code);
	if (!r->found) {
		assert_null(k);
		return;
	}
	if (!k)
		fail_msg("%s: not found", r->code);
	assert_string_equal(cmi_icf_class_code(k), r->found);
	assert_string_equal(cmi_icf_class_kind(k), r->kind);
	const cmi_icf_class *p = cmi_icf_class_parent(k);
	if (r->parent)
		assert_string_equal(p ? cmi_icf_class_code(p) : "(none)", r->parent);
	else
		assert_null(p);
	char children[256] = "";
	for (size_t i = 0; i < cmi_icf_class_nchildren(k); i++) {
		const cmi_icf_class *c = cmi_icf_class_child(k, i);
		assert_ptr_equal(cmi_icf_class_parent(c), k);
		strcat(children, cmi_icf_class_code(c));
		strcat(children, " ");
	}
	assert_string_equal(children, r->children);
	assert_null(cmi_icf_class_child(k, cmi_icf_class_nchildren(k)));
	for (int l = 0; l < 3; l++) {
		cm_lang got = (cm_lang)-1;
		const char *t = cmi_icf_class_title(k, (cm_lang)l, &got);
		assert_string_equal(t ? t : "(none)", r->title[l]);
		assert_int_equal(got, r->got[l]);
		assert_ptr_equal(cmi_icf_class_title(k, (cm_lang)l, NULL), t);
	}
}

static void test_fixture_whole(void **state)
{
	(void)state;
	assert_int_equal(cmi_icf_classes_count(fixture), 27);
	assert_string_equal(cmi_icf_classes_name(fixture), FIXTURE);
}

/* ---- documents refused ------------------------------------------------------------------- */

typedef struct refused_row {
	const char *label;
	const char *doc;
	cm_status status;
	int line;            /* of the first problem */
	const char *message; /* the first problem's, exactly */
	size_t nproblems;    /* 0: not checked */
} refused_row;

static const refused_row refused_rows[] = {
    {"not well-formed", HEAD "<Class code=\"b\" kind=\"component\">\n</Klass>\n" TAIL, CM_EINPUT, 5,
     "Opening and ending tag mismatch: Class line 4 and Klass", 0},
    {"not XML", "ClaML", CM_EINPUT, 1, "Start tag expected, '<' not found", 1},
    {"empty", "", CM_EINPUT, 1, "Document is empty", 0},
    /* every declaration in an internal subset, before anything acts on it */
    {"entity bomb",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE ClaML [\n<!ENTITY a \"aaaaaaaaaa\">\n"
     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<ClaML>&b;</ClaML>\n",
     CM_EINPUT, 3,
     "the DOCTYPE declares the entity 'a': a classification needs none (entities are refused: "
     "they can expand without bound or read other files)",
     1},
    {"external entity",
     "<!DOCTYPE ClaML SYSTEM \"ClaML.dtd\" [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
     "<ClaML>&x;</ClaML>\n",
     CM_EINPUT, 2,
     "the DOCTYPE declares the entity 'x': a classification needs none (entities are refused: "
     "they can expand without bound or read other files)",
     1},
    {"parameter entity",
     "<!DOCTYPE ClaML [\n<!ENTITY % p SYSTEM \"http://example.invalid/x.dtd\">\n%p;\n]>\n"
     "<ClaML/>\n",
     CM_EINPUT, 2,
     "the DOCTYPE declares the entity 'p': a classification needs none (entities are refused: "
     "they can expand without bound or read other files)",
     1},
    {"unparsed entity",
     "<!DOCTYPE ClaML [\n<!NOTATION n SYSTEM \"n\">\n<!ENTITY u SYSTEM \"u\" NDATA n>\n]>\n"
     "<ClaML/>\n",
     CM_EINPUT, 2,
     "the DOCTYPE declares NOTATION 'n': a classification needs no declarations of its own", 1},
    {"element declaration", "<!DOCTYPE ClaML [\n<!ELEMENT ClaML ANY>\n]>\n<ClaML/>\n", CM_EINPUT, 2,
     "the DOCTYPE declares ELEMENT 'ClaML': a classification needs no declarations of its own", 1},
    {"attribute declaration",
     "<!DOCTYPE ClaML [\n<!ATTLIST Class kind CDATA \"category\">\n]>\n<ClaML/>\n", CM_EINPUT, 2,
     "the DOCTYPE declares ATTLIST 'Class': a classification needs no declarations of its own", 1},
    {"undeclared entity", HEAD "<Class code=\"b\" kind=\"component\">&x;</Class>\n" TAIL, CM_EINPUT,
     4, "Entity 'x' not defined", 1},
    /* the root and the classes */
    {"wrong root", "<?xml version=\"1.0\"?>\n<job id=\"x\"><Class code=\"b\" kind=\"c\"/></job>\n",
     CM_EINPUT, 2,
     "the root element is <job>, not <ClaML> (expected an ICF classification in ClaML)", 1},
    {"no class", HEAD "<Meta name=\"x\" value=\"y\"/>\n" TAIL, CM_EINPUT, 3,
     "no <Class> in this file (expected the classes of the ICF)", 1},
    {"class without code",
     HEAD TREE "<Class kind=\"chapter\">\n<SuperClass code=\"b\"/></Class>\n" TAIL, CM_EINPUT, 5,
     "<Class> without a code attribute", 1},
    {"class with an empty code", HEAD "<Class code=\"\" kind=\"chapter\"/>\n" TAIL, CM_EINPUT, 4,
     "<Class> without a code attribute", 1},
    {"class without kind", HEAD "<Class\n code=\"b\"/>\n" TAIL, CM_EINPUT, 4,
     "class b without a kind attribute", 1},
    {"subclass without code",
     HEAD "<Class code=\"b\" kind=\"component\">\n  <SubClass/>\n</Class>\n" TAIL, CM_EINPUT, 5,
     "<SubClass> without a code attribute", 1},
    {"superclass without code",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\"><SuperClass/></Class>\n" TAIL, CM_EINPUT, 5,
     "<SuperClass> without a code attribute", 1},
    {"category not an ICF code", HEAD "<Class code=\"A00\" kind=\"category\"/>\n" TAIL, CM_EINPUT,
     4,
     "a category must be an ICF code without qualifiers: A00: 'A' is not an ICF component (b, s, "
     "d, a, p or e)",
     1},
    {"category of 2 digits", HEAD "<Class code=\"b28\" kind=\"category\"/>\n" TAIL, CM_EINPUT, 4,
     "a category must be an ICF code without qualifiers: b28: 2 digits are no level of the b "
     "codes (they have 1, 3, 4 or 5)",
     1},
    {"category with a qualifier", HEAD "<Class code=\"d4300.1\" kind=\"category\"/>\n" TAIL,
     CM_EINPUT, 4, "a category must be an ICF code without qualifiers: d4300.1", 1},
    /* the tree */
    {"duplicate", HEAD TREE "\n<Class code=\"b2\" kind=\"chapter\"/>\n" TAIL, CM_EINPUT, 6,
     "class b2 is defined twice (first on line 4)", 1},
    {"duplicate through a",
     HEAD "<Class code=\"d4300\" kind=\"category\"/>\n"
          "<Class code=\"a4300\" kind=\"category\"/>\n" TAIL,
     CM_EINPUT, 5, "class d4300 is defined twice (first on line 4)", 1},
    {"dangling superclass",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\">\n<SuperClass code=\"x\"/></Class>\n" TAIL,
     CM_EINPUT, 6, "<SuperClass code=\"x\">: the file has no such class", 1},
    {"dangling subclass",
     HEAD "<Class code=\"b\" kind=\"component\">\n<SubClass code=\"b9\"/></Class>\n" TAIL,
     CM_EINPUT, 5, "<SubClass code=\"b9\">: the file has no such class", 1},
    {"two superclasses",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\"><SuperClass code=\"b\"/>"
               "<SuperClass code=\"b2\"/></Class>\n" TAIL,
     CM_EINPUT, 5, "class b4 has more than one SuperClass (the ICF is a tree)", 1},
    {"subclass of another",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\">\n<SubClass code=\"b2\"/></Class>\n" TAIL,
     CM_EINPUT, 6, "class b4 lists SubClass b2, whose SuperClass is b", 1},
    {"subclass without superclass",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\"><SuperClass code=\"b\"/>\n"
               "<SubClass code=\"b455\"/></Class>\n<Class code=\"b455\" kind=\"category\"/>\n" TAIL,
     CM_EINPUT, 6, "class b4 lists SubClass b455, which has no SuperClass", 1},
    {"subclass twice",
     HEAD "<Class code=\"b\" kind=\"component\"><SubClass code=\"b2\"/>\n<SubClass code=\"b2\"/>"
          "</Class>\n<Class code=\"b2\" kind=\"chapter\"><SuperClass code=\"b\"/></Class>\n" TAIL,
     CM_EINPUT, 5, "class b lists SubClass b2 twice", 1},
    {"superclass not listed",
     HEAD TREE "<Class code=\"b4\" kind=\"chapter\">\n<SuperClass code=\"b\"/></Class>\n" TAIL,
     CM_EINPUT, 6, "class b4 has SuperClass b, which does not list it as a SubClass", 1},
    {"cycle",
     HEAD "<Class code=\"b2\" kind=\"chapter\"><SuperClass code=\"b4\"/><SubClass code=\"b4\"/>"
          "</Class>\n<Class code=\"b4\" kind=\"chapter\"><SuperClass code=\"b2\"/>"
          "<SubClass code=\"b2\"/></Class>\n" TAIL,
     CM_EINPUT, 4, "class b2 is its own ancestor (its chain of SuperClass leads back to it)", 1},
    {"own parent",
     HEAD TREE "\n<Class code=\"b4\" kind=\"chapter\"><SuperClass code=\"b4\"/>"
               "<SubClass code=\"b4\"/></Class>\n" TAIL,
     CM_EINPUT, 6, "class b4 is its own ancestor (its chain of SuperClass leads back to it)", 1},
    /* the bytes */
    {"latin-1", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<ClaML/>\n", CM_EINPUT, 1,
     "not UTF-8 (found encoding=\"ISO-8859-1\"): convert the classification to UTF-8 (iconv -t "
     "UTF-8)",
     1},
    {"bad UTF-8", HEAD "<Class code=\"b\" kind=\"c\xE9\"/>\n" TAIL, CM_EINPUT, 4,
     "not valid UTF-8 (byte 0xE9): convert the classification to UTF-8", 1},
    {"control character", HEAD "\n<Class code=\"b\x01\" kind=\"c\"/>\n" TAIL, CM_EINPUT, 5,
     "character U+0001 is not allowed in XML", 1},
    {"too many attributes",
     HEAD "<Class a1=\"\" a2=\"\" a3=\"\" a4=\"\" a5=\"\" a6=\"\" a7=\"\" a8=\"\" a9=\"\" b1=\"\" "
          "b2=\"\" b3=\"\" b4=\"\" b5=\"\" b6=\"\" b7=\"\" b8=\"\" b9=\"\" c1=\"\" c2=\"\" c3=\"\" "
          "c4=\"\" c5=\"\" c6=\"\" c7=\"\" c8=\"\" c9=\"\" d1=\"\" d2=\"\" d3=\"\" d4=\"\" d5=\"\" "
          "d6=\"\"/>\n" TAIL,
     CM_EINPUT, 4, "<Class> has too many attributes (at most 32)", 1},
    {"too deep",
     HEAD "<a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a><a>"
          "<a><a><a><a>\n<a/></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a></a>"
          "</a></a></a></a></a></a></a></a></a></a></a></a></a></a></a>" TAIL,
     CM_EINPUT, 5, "elements nested too deep (at most 32 levels)", 1},
};

enum { NREFUSED_ROWS = sizeof refused_rows / sizeof refused_rows[0] };

static void test_refused_row(void **state)
{
	const refused_row *r = *state;
	cm_error err = {0};
	cmi_icf_classes *c = (cmi_icf_classes *)&err; /* must be set to NULL */
	cm_status st =
	    cmi_icf_classes_load_memory(ctx, "test.xml", r->doc, strlen(r->doc), &c, &err);
	assert_null(c);
	assert_int_equal(st, r->status);
	assert_int_equal(err.code, r->status);
	assert_true(err.nproblems >= 1);
	if (strcmp(err.problems[0].message, r->message) || err.problems[0].line != r->line)
		fail_msg("%s: line %d: %s\n   (want line %d: %s)", r->label, err.problems[0].line,
		         err.problems[0].message, r->line, r->message);
	assert_string_equal(err.problems[0].file, "test.xml");
	if (r->nproblems)
		assert_int_equal(err.nproblems, r->nproblems);
	cm_error_clear(&err);
}

/* Many problems: the first CMI_MAX_PROBLEMS listed by line, then one line
 * saying the rest is not. */
static void test_too_many_problems(void **state)
{
	(void)state;
	char *doc = malloc(1 << 16);
	assert_non_null(doc);
	size_t o = (size_t)sprintf(doc, HEAD);
	for (int i = 0; i < 60; i++)
		o += (size_t)sprintf(doc + o, "<Class code=\"A%02d\" kind=\"category\"/>\n", i);
	strcpy(doc + o, TAIL);
	cm_error err = {0};
	cmi_icf_classes *c = NULL;
	assert_int_equal(cmi_icf_classes_load_memory(ctx, "many.xml", doc, strlen(doc), &c, &err),
	                 CM_EINPUT);
	assert_int_equal(err.nproblems, CMI_MAX_PROBLEMS + 1);
	assert_int_equal(err.problems[0].line, 4);
	assert_int_equal(err.problems[CMI_MAX_PROBLEMS - 1].line, 4 + CMI_MAX_PROBLEMS - 1);
	assert_string_equal(err.problems[CMI_MAX_PROBLEMS].message,
	                    "too many errors; the rest of this file is not reported");
	cm_error_clear(&err);
	free(doc);
}

/* The bounds on size and elements. */
static void test_bounds(void **state)
{
	(void)state;
	cm_error err = {0};
	cmi_icf_classes *c = NULL;
	/* refused on its length alone, before a byte is read */
	assert_int_equal(
	    cmi_icf_classes_load_memory(ctx, "big.xml", "", CMI_CLAML_MAX_BYTES + 1, &c, &err),
	    CM_EINPUT);
	assert_string_equal(err.problems[0].message, "file too large (at most 64 MiB)");
	cm_error_clear(&err);
	size_t n = 2000001;
	char *doc = malloc(n * 4 + 32);
	assert_non_null(doc);
	size_t o = (size_t)sprintf(doc, "<ClaML>");
	for (size_t i = 0; i + 1 < n; i++, o += 4)
		memcpy(doc + o, "<a/>", 4);
	strcpy(doc + o, "</ClaML>");
	assert_int_equal(
	    cmi_icf_classes_load_memory(ctx, "elements.xml", doc, strlen(doc), &c, &err),
	    CM_EINPUT);
	assert_int_equal(err.nproblems, 1);
	assert_string_equal(err.problems[0].message,
	                    "too many elements (at most 2000000 in a classification)");
	cm_error_clear(&err);
	free(doc);
	assert_int_equal(cmi_icf_classes_load(ctx, "tests/fixtures/icf/no-such.xml", &c, &err),
	                 CM_EIO);
	assert_string_equal(err.problems[0].message, "cannot open: No such file or directory");
	cm_error_clear(&err);
}

/* The messages are in the context's language. */
static void test_refused_languages(void **state)
{
	(void)state;
	static const char doc[] =
	    HEAD "<Class code=\"b\" kind=\"component\">\n<SubClass code=\"b9\"/></Class>\n" TAIL;
	cm_error err = {0};
	cmi_icf_classes *c = NULL;
	cm_ctx_set_lang(ctx, CM_LANG_NL);
	cmi_icf_classes_load_memory(ctx, "t.xml", doc, strlen(doc), &c, &err);
	assert_string_equal(err.problems[0].message,
	                    "<SubClass code=\"b9\">: het bestand heeft geen klasse met die code");
	cm_error_clear(&err);
	cm_ctx_set_lang(ctx, CM_LANG_FR);
	cmi_icf_classes_load_memory(ctx, "t.xml", doc, strlen(doc), &c, &err);
	assert_string_equal(err.problems[0].message,
	                    "<SubClass code=\"b9\"> : aucune classe de ce code dans le fichier");
	cm_error_clear(&err);
	cm_ctx_set_lang(ctx, CM_LANG_EN);
}

/* ---- documents accepted, and how they read ------------------------------------------------- */

typedef struct reading_row {
	const char *label;
	const char *doc;
	const char *code; /* then its title asked in lang */
	cm_lang lang;
	const char *title; /* NULL: none */
	size_t nclasses;
} reading_row;

#define CLASS_B(content) HEAD "<Class code=\"b\" kind=\"component\">" content "</Class>\n" TAIL

static const reading_row reading_rows[] = {
    {"no DOCTYPE", "<ClaML><Class code=\"b\" kind=\"component\"/></ClaML>", "b", EN, NULL, 1},
    {"public DOCTYPE",
     "<!DOCTYPE ClaML PUBLIC \"-//x//DTD ClaML//EN\" \"http://example.invalid/ClaML.dtd\">\n"
     "<ClaML><Class code=\"b\" kind=\"component\"/></ClaML>",
     "b", EN, NULL, 1},
    {"namespace", "<c:ClaML xmlns:c=\"urn:x\"><c:Class code=\"b\" kind=\"component\"/></c:ClaML>",
     "b", EN, NULL, 1},
    {"two kinds of tree", HEAD TREE TAIL, "b2", EN, NULL, 2},
    {"mixed content",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"en\">Pain <Reference>b2</Reference> "
             "in\n\t the <Term>back</Term></Label></Rubric>"),
     "b", EN, "Pain b2 in the back", 1},
    {"entities and a CDATA section",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"en\">Lift &amp; carry &#233; "
             "<![CDATA[<raw>]]></Label></Rubric>"),
     "b", EN, "Lift & carry \xC3\xA9 <raw>", 1},
    {"bidi and C1 controls become spaces",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"en\">a&#x202E;b&#x85;c "
             "</Label></Rubric>"),
     "b", EN, "a b c", 1},
    {"the first label of a language wins",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"nl\">Een</Label>"
             "<Label xml:lang=\"nl\">Twee</Label></Rubric>"
             "<Rubric kind=\"preferred\"><Label xml:lang=\"nl\">Drie</Label></Rubric>"),
     "b", NL, "Een", 1},
    {"an empty label is none",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"nl\"> </Label>"
             "<Label xml:lang=\"nl\">Twee</Label></Rubric>"),
     "b", NL, "Twee", 1},
    {"regional languages",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"nl-BE\">Vlaams</Label>"
             "<Label xml:lang=\"FR_be\">Belge</Label></Rubric>"),
     "b", FR, "Belge", 1},
    {"inherited language",
     "<ClaML xml:lang=\"fr\"><Class code=\"b\" kind=\"component\"><Rubric kind=\"preferred\">"
     "<Label>Corps</Label></Rubric></Class></ClaML>",
     "b", FR, "Corps", 1},
    {"a language not kept",
     CLASS_B("<Rubric kind=\"preferred\"><Label xml:lang=\"de\">K\xC3\xB6rper</Label>"
             "<Label xml:lang=\"english\">No</Label></Rubric>"),
     "b", EN, NULL, 1},
    {"other rubrics are not titles",
     CLASS_B("<Rubric kind=\"definition\"><Label xml:lang=\"en\">Def</Label></Rubric>"
             "<Rubric><Label xml:lang=\"en\">No kind</Label></Rubric>"),
     "b", EN, NULL, 1},
    {"a label outside a rubric is none", CLASS_B("<Label xml:lang=\"en\">Loose</Label>"), "b", EN,
     NULL, 1},
    {"modifiers are ignored",
     HEAD "<Modifier code=\"m\"><SubClass code=\"0\"/></Modifier>"
          "<ModifierClass modifier=\"m\" code=\"0\"><SuperClass code=\"m\"/>"
          "<Rubric kind=\"preferred\"><Label xml:lang=\"en\">Zero</Label></Rubric>"
          "</ModifierClass><Class code=\"b\" kind=\"component\"/>" TAIL,
     "b", EN, NULL, 1},
    {"a class inside a class is not one",
     CLASS_B("<Class code=\"b9\" kind=\"chapter\"><SuperClass code=\"x\"/></Class>"), "b", EN, NULL,
     1},
    {"a and p are d in the file too",
     HEAD "<Class code=\"p4\" kind=\"chapter\"><SubClass code=\"a430\"/></Class>"
          "<Class code=\"a430\" kind=\"category\"><SuperClass code=\"d4\"/></Class>" TAIL,
     "d430", EN, NULL, 2},
    {"an undeclared parameter entity is not a declaration",
     "<!DOCTYPE ClaML SYSTEM \"ClaML.dtd\" [\n%p;\n<!-- a comment -->\n]>\n"
     "<ClaML><Class code=\"b\" kind=\"component\"/></ClaML>",
     "b", EN, NULL, 1},
};

enum { NREADING_ROWS = sizeof reading_rows / sizeof reading_rows[0] };

static void test_reading_row(void **state)
{
	const reading_row *r = *state;
	cm_error err = {0};
	cmi_icf_classes *c = NULL;
	cm_status st =
	    cmi_icf_classes_load_memory(ctx, "test.xml", r->doc, strlen(r->doc), &c, &err);
	if (st != CM_OK)
		fail_msg("%s: refused: line %d: %s", r->label, err.problems[0].line,
		         err.problems[0].message);
	assert_int_equal(cmi_icf_classes_count(c), r->nclasses);
	const cmi_icf_class *k = cmi_icf_class_find(c, r->code);
	assert_non_null(k);
	const char *t = cmi_icf_class_title(k, r->lang, NULL);
	assert_string_equal(t ? t : "(none)", r->title ? r->title : "(none)");
	cmi_icf_classes_free(c);
}

/* ---- allocation faults --------------------------------------------------------------- */

/* Loading the fixture with the nth allocation failing, for every n until
 * one run never reaches it: CM_ENOMEM, nothing handed out, nothing leaked
 * (ASan), or, when the fault was absorbed, the same classification. */
static void test_faults(void **state)
{
	(void)state;
	int done = 0;
	for (long n = 1; !done && n < 100000; n++) {
		cm_ctx *fctx = test_ctx();
		assert_non_null(fctx);
		cm_error err = {0};
		cmi_icf_grammar_new(fctx, &fctx->icf, &err); /* made before the count starts */
		cmi_ctx_fail_after(fctx, n);
		cmi_icf_classes *c = NULL;
		cm_status st = cmi_icf_classes_load(fctx, FIXTURE, &c, &err);
		done = fctx->fail_after > 0; /* the nth allocation never came */
		if (st != CM_OK) {
			assert_int_equal(st, CM_ENOMEM);
			assert_null(c);
			assert_true(err.nproblems >= 1);
		} else {
			assert_int_equal(cmi_icf_classes_count(c), 27);
			const cmi_icf_class *k = cmi_icf_class_find(c, "b28013");
			assert_non_null(k);
			assert_string_equal(cmi_icf_class_title(k, CM_LANG_NL, NULL), "Rugpijn");
		}
		cmi_icf_classes_free(c);
		cm_error_clear(&err);
		cm_ctx_free(fctx);
	}
	assert_true(done);
}

/* ---- the public entry and the explanation ------------------------------------------------ */

static void test_set_classification(void **state)
{
	(void)state;
	cm_ctx *c = test_ctx();
	assert_non_null(c);
	cm_error err = {0};
	assert_int_equal(cm_ctx_set_icf_classification(c, FIXTURE, &err), CM_OK);
	const cmi_icf_classes *loaded = c->icf_classes;
	assert_non_null(loaded);
	/* a refused file leaves the one loaded before */
	assert_int_equal(cm_ctx_set_icf_classification(c, "tests/fixtures/icf/cycle.xml", &err),
	                 CM_EINPUT);
	assert_ptr_equal(c->icf_classes, loaded);
	assert_string_equal(err.problems[0].file, "tests/fixtures/icf/cycle.xml");
	assert_int_equal(err.problems[0].line, 4);
	cm_error_clear(&err);
	const char *codes[] = {"d4399.2", "b28013.2", "b281"};
	char *text = NULL;
	assert_int_equal(cm_icf_explain(c, codes, 3, &text, &err), CM_EINPUT);
	assert_null(text);
	assert_int_equal(err.nproblems, 2);
	assert_string_equal(err.problems[0].message,
	                    "d4399.2: not in the ICF classification (" FIXTURE ")");
	assert_null(err.problems[0].file);
	cm_error_clear(&err);
	assert_int_equal(cm_icf_explain(c, codes + 1, 1, &text, &err), CM_OK);
	assert_string_equal(text,
	                    "b28013.2: body functions (b), chapter 2, level 4 of 4, under b2801\n"
	                    "  title: Back pain\n"
	                    "  parent b2801: Pain in one part of the body\n"
	                    "  qualifier 1, extent of impairment: 2 moderate (25-49 %)\n");
	cm_free(text);
	/* NULL forgets it: codes are then only checked by the grammar */
	assert_int_equal(cm_ctx_set_icf_classification(c, NULL, &err), CM_OK);
	assert_null(c->icf_classes);
	assert_int_equal(cm_icf_explain(c, codes, 1, &text, &err), CM_OK);
	cm_free(text);
	cm_ctx_free(c);
}

/* Children: listed with their titles up to ten, counted past that; a
 * class without titles is shown by its code. */
static void test_explain_children(void **state)
{
	(void)state;
	cm_ctx *c = test_ctx();
	assert_non_null(c);
	char doc[8192];
	size_t o = (size_t)sprintf(doc, HEAD "<Class code=\"d4\" kind=\"chapter\">");
	for (int i = 0; i < 11; i++)
		o += (size_t)sprintf(doc + o, "<SubClass code=\"d4%d\"/>", 10 + i);
	o += (size_t)sprintf(doc + o, "<SubClass code=\"d450\"/></Class>\n<Class code=\"d450\" "
	                              "kind=\"category\"><SuperClass code=\"d4\"/>");
	for (int i = 0; i < 10; i++)
		o += (size_t)sprintf(doc + o, "<SubClass code=\"d450%d\"/>", i);
	o += (size_t)sprintf(doc + o, "<Rubric kind=\"preferred\"><Label xml:lang=\"fr\">Marcher"
	                              "</Label></Rubric></Class>\n");
	for (int i = 0; i < 11; i++)
		o += (size_t)sprintf(
		    doc + o,
		    "<Class code=\"d4%d\" kind=\"category\"><SuperClass code=\"d4\"/>"
		    "</Class>\n",
		    10 + i);
	for (int i = 0; i < 10; i++)
		o += (size_t)sprintf(doc + o,
		                     "<Class code=\"d450%d\" kind=\"category\"><SuperClass "
		                     "code=\"d450\"/>%s</Class>\n",
		                     i,
		                     i == 1
		                         ? "<Rubric kind=\"preferred\"><Label xml:lang=\"en\">Short"
		                           "</Label></Rubric>"
		                         : "");
	strcpy(doc + o, TAIL);
	cm_error err = {0};
	assert_int_equal(
	    cmi_icf_classes_load_memory(c, "kids.xml", doc, strlen(doc), &c->icf_classes, &err),
	    CM_OK);
	const char *codes[] = {"d4", "d450"};
	char *text = NULL;
	assert_int_equal(cm_icf_explain(c, codes, 2, &text, &err), CM_OK);
	assert_string_equal(text,
	                    "d4: activities and participation (d), chapter 4\n"
	                    "  children: 12 (more than 10: not listed)\n"
	                    "  no qualifier: the code says nothing about severity\n"
	                    "d450: activities and participation (d), chapter 4, level 2 of 3, "
	                    "under d4\n"
	                    "  title: Marcher [fr]\n"
	                    "  parent d4\n"
	                    "  children (10): d4500; d4501 Short; d4502; d4503; d4504; d4505; "
	                    "d4506; d4507; d4508; d4509\n"
	                    "  no qualifier: the code says nothing about severity\n");
	cm_free(text);
	cm_ctx_set_lang(c, CM_LANG_FR);
	const char *one[] = {"d450"};
	assert_int_equal(cm_icf_explain(c, one, 1, &text, &err), CM_OK);
	assert_non_null(strstr(text, "  titre : Marcher\n  code parent d4\n"
	                             "  codes enfants (10) : d4500 ; d4501 Short [en] ; d4502 ;"));
	cm_free(text);
	cm_ctx_free(c);
}

int main(void)
{
	enum { NEXTRA = 8 };
	static struct CMUnitTest tests[NCLASS_ROWS + NREFUSED_ROWS + NREADING_ROWS + NEXTRA];
	int n = 0;
	for (int i = 0; i < NCLASS_ROWS; i++)
		tests[n++] =
		    (struct CMUnitTest){class_rows[i].code[0] ? class_rows[i].code : "(empty)",
		                        test_class_row, NULL, NULL, (void *)&class_rows[i]};
	for (int i = 0; i < NREFUSED_ROWS; i++)
		tests[n++] = (struct CMUnitTest){refused_rows[i].label, test_refused_row, NULL,
		                                 NULL, (void *)&refused_rows[i]};
	for (int i = 0; i < NREADING_ROWS; i++)
		tests[n++] = (struct CMUnitTest){reading_rows[i].label, test_reading_row, NULL,
		                                 NULL, (void *)&reading_rows[i]};
	tests[n++] = (struct CMUnitTest){"fixture", test_fixture_whole, NULL, NULL, NULL};
	tests[n++] =
	    (struct CMUnitTest){"too many problems", test_too_many_problems, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"bounds", test_bounds, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"languages", test_refused_languages, NULL, NULL, NULL};
	tests[n++] = (struct CMUnitTest){"faults", test_faults, NULL, NULL, NULL};
	tests[n++] =
	    (struct CMUnitTest){"set classification", test_set_classification, NULL, NULL, NULL};
	tests[n++] =
	    (struct CMUnitTest){"explain children", test_explain_children, NULL, NULL, NULL};
	return _cmocka_run_group_tests("icf classification", tests, (size_t)n, setup, teardown);
}
