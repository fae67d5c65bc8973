/*
 * test_prescan.c — the scan of a profile's bytes before libxml2 reads them
 * (engine/xml/xml_prescan.c) gives the same answer with its runs of plain
 * bytes skipped as byte by byte, on every input.
 *
 *  - rows: inputs built around the skipped runs (a fault right after one,
 *    lines counted inside one, '=' and quotes inside values, a section
 *    after one), each with the fault, line, code and detail the scan's
 *    rules give (xml_prescan.c's header), checked on both paths;
 *  - random documents of markup tokens, plain text, new lines and bad
 *    bytes (a fixed seed, so any day and machine give the same inputs):
 *    both paths give the same fault, line, code and detail for each.
 *
 * test_load.c checks the messages the loader makes of each fault.
 */
#include "support.h"

#include "xml_prescan.h"

typedef struct prescan_row {
	const char *name;
	const char *in;
	size_t len; /* sizeof "..." - 1 */
	cmi_prescan_fault fault;
	int line;
	unsigned code;
	const char *detail;
} prescan_row;

#define ROW(name, in, fault, line, code, detail)                                                   \
	{                                                                                          \
		name, in, sizeof in - 1, fault, line, code, detail                                 \
	}

/* max_attrs 3, max_section 20 for every row */
static const prescan_row rows[] = {
    ROW("plain document", "<job id=\"a\">\n  text\n</job>\n", CMI_PRESCAN_OK, 0, 0, ""),
    ROW("control byte after a long run", "<a>\nplain text, plain text\n\n\x01",
        CMI_PRESCAN_BAD_CHAR, 4, 1, ""),
    ROW("bad UTF-8 after a run", "<a b=\"1\">abc\n\xff", CMI_PRESCAN_BAD_UTF8, 2, 0xff, ""),
    ROW("U+FFFE after a run", "<a>\n\n\xef\xbf\xbe", CMI_PRESCAN_BAD_CHAR, 3, 0xfffe, ""),
    ROW("fourth attribute after runs", "<elem   a=1   b=2\n c=3 d=4>", CMI_PRESCAN_ATTRS, 1, 0,
        "elem"),
    ROW("'=' inside a quoted value is no attribute", "<e a='=====' b=\"==\">", CMI_PRESCAN_OK, 0, 0,
        ""),
    ROW("the other quote inside a value", "<e a='\"=\"=' b=\"'='\" c=1>", CMI_PRESCAN_OK, 0, 0, ""),
    ROW("'=' in content is no attribute", "<e>a=b=c=d=e</e>", CMI_PRESCAN_OK, 0, 0, ""),
    ROW("'<' ends a quoted value", "<e a='x<f b=1 c=2 d=3 e=4'>", CMI_PRESCAN_ATTRS, 1, 0, "f"),
    ROW("new lines inside a value are counted", "<e a='\n\n'>\x02", CMI_PRESCAN_BAD_CHAR, 3, 2, ""),
    ROW("section too long after a run", "<a>text\n<!-- a comment longer than twenty -->",
        CMI_PRESCAN_SECTION, 2, 0, ""),
    ROW("'=' inside a comment is no attribute", "<!-- = = = = = --><e a=1>", CMI_PRESCAN_OK, 0, 0,
        ""),
    ROW("declared encoding", "<?xml version=\"1.0\" encoding=\"latin1\"?><a/>",
        CMI_PRESCAN_ENCODING, 1, 0, "encoding=\"latin1\""),
};

static void check_row(const prescan_row *r, int skip)
{
	cmi_prescan p;
	cmi_prescan_fault f = cmi_xml_prescan_bytes(r->in, r->len, 3, 20, skip, &p);
	if (f != r->fault || p.fault != r->fault || (r->fault && p.line != r->line) ||
	    p.code != r->code || strcmp(p.detail, r->detail))
		fail_msg(
		    "%s (skip %d): fault %d line %d code %u detail '%s', expected %d %d %u '%s'",
		    r->name, skip, f, p.line, p.code, p.detail, r->fault, r->line, r->code,
		    r->detail);
}

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		check_row(&rows[i], 1);
		check_row(&rows[i], 0);
	}
}

/* The tokens random documents are made of: markup that moves the scan's
 * state, plain runs, and bytes it refuses. */
static const char *const tokens[] = {
    "<",
    ">",
    "\"",
    "'",
    "=",
    "<!--",
    "-->",
    "<?",
    "?>",
    "<?pi",
    "<![CDATA[",
    "]]>",
    "\n",
    "\t",
    "\r",
    " ",
    "a",
    "text run ",
    "id",
    "<e ",
    "/>",
    "<?xml ",
    "encoding=\"UTF-8\"",
    "encoding='x'",
    "\xc3\xa9",
    "\xff",
    "\x01",
    "\xef\xbf\xbe",
    "\xef\xbb\xbf",
    "\xed\xa0\x80",
    "\xf4\x90\x80\x80",
    "\0",
};

static unsigned long next_random(unsigned long *s)
{
	*s = *s * 6364136223846793005ul + 1442695040888963407ul;
	return *s >> 33;
}

static void test_random_documents(void **state)
{
	(void)state;
	unsigned long seed = 20261208;
	char doc[2048];
	int faults[6] = {0};
	for (int n = 0; n < 100000; n++) {
		size_t len = 0;
		int ntok = 1 + (int)(next_random(&seed) % 60);
		/* most documents free of bad bytes, so the scan reaches their end */
		int clean = next_random(&seed) % 4 != 0;
		for (int t = 0; t < ntok; t++) {
			size_t k = next_random(&seed) % (sizeof tokens / sizeof *tokens);
			const char *tok = tokens[k];
			size_t tl = k == sizeof tokens / sizeof *tokens - 1 ? 1 : strlen(tok);
			if (clean && (unsigned char)tok[0] >= 0x80 && strcmp(tok, "\xc3\xa9"))
				continue;
			if (clean && (tok[0] == '\x01' || (tl == 1 && tok[0] == '\0')))
				continue;
			if (len + tl >= sizeof doc)
				break;
			memcpy(doc + len, tok, tl);
			len += tl;
		}
		cmi_prescan a, b;
		int max_attrs = 1 + (int)(next_random(&seed) % 4);
		size_t max_section = 5 + next_random(&seed) % 40;
		cmi_prescan_fault fa =
		    cmi_xml_prescan_bytes(doc, len, max_attrs, max_section, 1, &a);
		cmi_prescan_fault fb =
		    cmi_xml_prescan_bytes(doc, len, max_attrs, max_section, 0, &b);
		if (fa != fb || a.line != b.line || a.code != b.code || strcmp(a.detail, b.detail))
			fail_msg(
			    "document %d: skipped %d line %d code %u '%s', byte by byte %d line %d "
			    "code %u '%s'",
			    n, fa, a.line, a.code, a.detail, fb, b.line, b.code, b.detail);
		faults[fa]++;
	}
	/* the documents reach every fault, so the comparison covers each */
	for (int f = 0; f < 6; f++)
		if (faults[f] < 100)
			fail_msg("fault %d came %d times in 100000 documents", f, faults[f]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows),
	    cmocka_unit_test(test_random_documents),
	};
	return cmocka_run_group_tests_name("prescan", tests, NULL, NULL);
}
