/*
 * test_text.c — text from rule sets and profiles reaches a terminal, JSON
 * and HTML only as printable, valid UTF-8 (issues 13 and 20).
 *
 *  - the cleaner itself (utf8.h: cmi_text_plain_len), bytes in, bytes out,
 *    a row for each class of character; the file-name escape
 *    (cmi_text_escape), the truncation that keeps characters whole
 *    (cmi_utf8_whole, cmi_text_snprintf) and the names of characters
 *    (cmi_utf8_describe);
 *  - profiles: titles and diagnoses with new lines, C1 and bidi controls
 *    and noncharacters are one plain line once loaded, and a file name with
 *    bytes that are not UTF-8 is shown escaped (tests/text/run checks every
 *    report of every format and audience end to end);
 *  - the hostile fixture tests/fixtures/rules-hostile-text: `capamatch
 *    rules`, the text report and the JSON report hold no control, C1, bidi
 *    control or ill-formed byte, still hold the harmless text around them,
 *    and the JSON parses (a strict validator below, with rows of its own so
 *    that it is known to refuse); the same for the hostile catalogue
 *    tests/fixtures/rules-hostile-catalogue;
 *  - jstr on text that does not come from a rule set (a job's name);
 *  - tostring never prints an address, whatever the metatable says.
 *
 * The golden cases hostile-text-* show the same output byte for byte; this
 * file says which properties matter.
 */
#include <ctype.h>

#include "support.h"

#include "sandbox.h"
#include "strbuf.h"
#include "utf8.h"

#define JOB     "examples/jobs/orderpicker.xml"
#define HOSTILE "tests/fixtures/rules-hostile-text"

/* ---- the cleaner --------------------------------------------------------- */

typedef struct plain_row {
	const char *in;
	size_t len; /* sizeof "..." - 1: NULs inside count */
	const char *out;
} plain_row;

#define ROW(in, out)                                                                               \
	{                                                                                          \
		in, sizeof in - 1, out                                                             \
	}

static const plain_row plain_rows[] = {
    ROW("plain text", "plain text"),
    ROW("a\x1b[31mb", "a [31mb"), /* ESC */
    ROW("\a\r\n\t", "    "),      /* BEL CR LF TAB */
    ROW("a\0b", "a b"),           /* NUL inside a Lua string */
    ROW("\x7f", " "),             /* DEL */
    ROW("\xc2\x9b"
        "31m",
        " 31m"),                            /* U+009B, the 8-bit CSI */
    ROW("\xc2\x80\xc2\x85\xc2\x9f", "   "), /* C1: first, NEL, last */
    ROW("\xe2\x80\xae"
        "gk 5",
        " gk 5"),                                   /* U+202E right-to-left override */
    ROW("\xe2\x80\xaa\xe2\x80\xac", "  "),          /* U+202A, U+202C */
    ROW("\xe2\x81\xa6\xe2\x81\xa9", "  "),          /* U+2066, U+2069 isolates */
    ROW("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "   "), /* LRM, RLM, ALM */
    ROW("\xe2\x80\xa8\xe2\x80\xa9", "  "),          /* line and paragraph separators */
    ROW("\xff", " "),                               /* never UTF-8 */
    ROW("a\xe2\x80"
        "b",
        "a b"),                      /* a cut sequence is one part */
    ROW("\xe2\x80", " "),            /* cut at the end */
    ROW("\xc0\xaf", "  "),           /* overlong '/': two parts */
    ROW("\xe0\x80\xaf", "   "),      /* overlong, three bytes */
    ROW("\xed\xa0\x80", "   "),      /* a surrogate */
    ROW("\xf4\x90\x80\x80", "    "), /* above U+10FFFF */
    ROW("\x80\xbf", "  "),           /* stray continuation bytes */
    ROW("\xc2\xa0\xc3\xa9\xe2\x80\x94\xe2\x82\xac", "\xc2\xa0\xc3\xa9\xe2\x80\x94\xe2\x82\xac"),
    ROW("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"), /* four bytes, valid */
    ROW("\xef\xbf\xbd", "\xef\xbf\xbd"),         /* U+FFFD itself stays */
    /* noncharacters (issue 20): HTML forbids them */
    ROW("\xef\xbf\xbe\xef\xbf\xbf", "  "),                       /* U+FFFE, U+FFFF */
    ROW("\xef\xb7\x90\xef\xb7\xaf", "  "),                       /* U+FDD0, U+FDEF */
    ROW("\xf0\x9f\xbf\xbe\xf4\x8f\xbf\xbf", "  "),               /* U+1FFFE, U+10FFFF */
    ROW("\xef\xb7\x8f\xef\xb7\xb0", "\xef\xb7\x8f\xef\xb7\xb0"), /* U+FDCF, U+FDF0 */
    ROW("\xf0\x9f\xbf\xbd", "\xf0\x9f\xbf\xbd"),                 /* U+1FFFD stays */
    /* a forged report line (issue 20): the new line becomes a space */
    ROW("Order picker\nVerdict: feasible", "Order picker Verdict: feasible"),
    ROW("\x0b\x0c\xc2\x85", "   "), /* VT, FF, NEL */
    ROW("", ""),
};

/* Each class of character the cleaner takes out, one code point of each
 * edge, against cmi_utf8_unsafe directly (what the rows above show as
 * text). */
static const struct {
	long cp;
	int unsafe;
} class_rows[] = {
    {0x00, 1},    {0x09, 1},    {0x0A, 1},    {0x1B, 1},     {0x1F, 1},     {0x20, 0},
    {0x7E, 0},    {0x7F, 1},    {0x80, 1},    {0x9B, 1},     {0x9F, 1},     {0xA0, 0},
    {0x061B, 0},  {0x061C, 1},  {0x200B, 0},  {0x200D, 0},   {0x200E, 1},   {0x200F, 1},
    {0x2027, 0},  {0x2028, 1},  {0x2029, 1},  {0x202A, 1},   {0x202E, 1},   {0x202F, 0},
    {0x2065, 0},  {0x2066, 1},  {0x2069, 1},  {0x206A, 0},   {0xFDCF, 0},   {0xFDD0, 1},
    {0xFDEF, 1},  {0xFDF0, 0},  {0xFFFD, 0},  {0xFFFE, 1},   {0xFFFF, 1},   {0x10000, 0},
    {0x1FFFE, 1}, {0x1FFFF, 1}, {0xEFFFE, 1}, {0x10FFFD, 0}, {0x10FFFF, 1}, {CMI_UTF8_BAD, 1},
};

static void test_class_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof class_rows / sizeof *class_rows; i++)
		if (cmi_utf8_unsafe(class_rows[i].cp) != class_rows[i].unsafe)
			fail_msg("U+%04lX: unsafe is %d, want %d", class_rows[i].cp,
			         cmi_utf8_unsafe(class_rows[i].cp), class_rows[i].unsafe);
}

/* A file name keeps what is safe and shows every other byte as \xHH. */
static const struct {
	const char *in, *out;
} escape_rows[] = {
    {"examples/jobs/orderpicker.xml", "examples/jobs/orderpicker.xml"},
    {"job\xff\xfe.xml", "job\\xFF\\xFE.xml"},
    {"a\x1b[2Jb", "a\\x1B[2Jb"},
    {"a\nb\tc", "a\\x0Ab\\x09c"},
    {"\xc2\x9b"
     "31m",
     "\\xC2\\x9B31m"},
    {"\xe2\x80\xae"
     "lmx.exe",
     "\\xE2\\x80\\xAElmx.exe"},
    {"\xef\xbf\xbe", "\\xEF\\xBF\\xBE"},
    {"\xe2\x80"
     "x",
     "\\xE2\\x80x"},
    {"caf\xc3\xa9 \xe2\x82\xac.xml", "caf\xc3\xa9 \xe2\x82\xac.xml"},
    {"", ""},
};

static void test_escape_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof escape_rows / sizeof *escape_rows; i++) {
		char out[128];
		size_t n = cmi_text_escape(escape_rows[i].in, out);
		if (strcmp(out, escape_rows[i].out) || n != strlen(out))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, out, escape_rows[i].out);
		/* the worst case: 4 bytes out for each byte in */
		assert_true(n <= 4 * strlen(escape_rows[i].in));
	}
}

/* A truncation backs up to a character boundary, and only when it cut one. */
static const struct {
	const char *s;
	size_t len, whole;
} whole_rows[] = {
    {"abc", 3, 3},
    {"a\xc3\xa9", 3, 3},         /* é whole */
    {"a\xc3\xa9", 2, 1},         /* é cut after its lead */
    {"a\xe2\x82\xac", 3, 1},     /* € cut after two bytes */
    {"a\xe2\x82\xac", 2, 1},     /* € cut after its lead */
    {"a\xe2\x82\xac", 4, 4},     /* € whole */
    {"a\xf0\x9f\x98\x80", 4, 1}, /* a four-byte character cut after three */
    {"a\xf0\x9f\x98\x80", 5, 5},
    {"\x80\x80\x80\x80\x80", 5, 5}, /* stray bytes: no character was cut (the cleaner's) */
    {"a\xff", 2, 1},                /* a lone bad byte at the end goes too */
    {"", 0, 0},
};

static void test_whole_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof whole_rows / sizeof *whole_rows; i++)
		if (cmi_utf8_whole(whole_rows[i].s, whole_rows[i].len) != whole_rows[i].whole)
			fail_msg("row %zu: %zu, want %zu", i,
			         cmi_utf8_whole(whole_rows[i].s, whole_rows[i].len),
			         whole_rows[i].whole);
}

/* cmi_text_snprintf: for each buffer size, the text is a whole prefix. */
static void test_snprintf_keeps_characters(void **state)
{
	(void)state;
	const char *text = "x\xe2\x82\xac\xc3\xa9\xf0\x9f\x98\x80z"; /* x € é 😀 z */
	size_t len = strlen(text);
	for (size_t size = 1; size <= len + 2; size++) {
		char buf[32];
		int n = cmi_text_snprintf(buf, size, "%s", text);
		assert_int_equal(n, (int)len);
		size_t got = strlen(buf);
		assert_true(got < size);
		assert_memory_equal(buf, text, got);
		assert_int_equal(cmi_utf8_whole(buf, got), got); /* ends on a boundary */
		long cp;
		for (size_t i = 0, k; i < got; i += k) {
			k = cmi_utf8_next(buf + i, got - i, &cp);
			if (cp == CMI_UTF8_BAD)
				fail_msg("size %zu: \"%s\" is not valid UTF-8", size, buf);
		}
		/* and as long as fits: the next character would not */
		if (got < len) {
			size_t next = got + 1;
			while (next < len && ((unsigned char)text[next] & 0xC0) == 0x80)
				next++;
			assert_true(next >= size);
		}
	}
}

/* cmi_sb_printf copies a template of strings only (%s, %%) by hand and
 * gives any other to vsnprintf: either way, what snprintf prints. Each
 * row's template is printed with the same three strings, twice into one
 * buffer, so that the second print starts where the first ended. */
static const char *const printf_rows[] = {
    "",           "plain",       "%s",      "a %s b",    "%s%s%s", "100%%",
    "%% %s %%%%", "%s: %s (%s)", "%.2s|%s", "%5s|%-4s|", "%%s %s", "%s%%%s",
};

static void test_sb_printf_as_snprintf(void **state)
{
	(void)state;
	char longer[700];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	const char *args[][3] = {
	    {"one", "two", "three"}, {"", "", ""}, {longer, "é", longer}, {NULL, "b", NULL}};
	for (size_t i = 0; i < sizeof printf_rows / sizeof *printf_rows; i++)
		for (size_t k = 0; k < sizeof args / sizeof *args; k++) {
			const char *a = args[k][0], *b = args[k][1], *c = args[k][2];
			if ((!a || !c) && strstr(printf_rows[i], ".2s"))
				continue; /* a precision on a null string is glibc's own business */
			char want[4096];
			int n = snprintf(want, sizeof want, printf_rows[i], a, b, c);
			assert_true(n >= 0 && 2 * (size_t)n < sizeof want);
			snprintf(want + n, sizeof want - (size_t)n, printf_rows[i], a, b, c);
			cmi_sb sb;
			cmi_sb_init(&sb, NULL);
			cmi_sb_printf(&sb, printf_rows[i], a, b, c);
			cmi_sb_printf(&sb, printf_rows[i], a, b, c);
			size_t len;
			char *got = cmi_sb_detach(&sb, &len);
			assert_non_null(got);
			if (strcmp(got, want))
				fail_msg("\"%s\", row %zu: got \"%s\", printf gives \"%s\"",
				         printf_rows[i], k, got, want);
			assert_int_equal(len, strlen(want));
			free(got);
		}
}

static const struct {
	long cp;
	const char *name;
} describe_rows[] = {
    {0x200B, "U+200B ZERO WIDTH SPACE"},
    {0xA0, "U+00A0 NO-BREAK SPACE"},
    {0xFEFF, "U+FEFF ZERO WIDTH NO-BREAK SPACE"},
    {0x202E, "U+202E RIGHT-TO-LEFT OVERRIDE"},
    {0x0A, "U+000A LINE FEED"},
    {0xE9, "U+00E9 (\xc3\xa9)"},
    {0x20AC, "U+20AC (\xe2\x82\xac)"},
    {0x1F600, "U+1F600 (\xf0\x9f\x98\x80)"},
    {0x01, "U+0001"},
    {0xFFFE, "U+FFFE"},
};

static void test_describe_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof describe_rows / sizeof *describe_rows; i++) {
		char buf[96];
		cmi_utf8_describe(describe_rows[i].cp, buf, sizeof buf);
		assert_string_equal(buf, describe_rows[i].name);
	}
}

static void test_plain_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof plain_rows / sizeof *plain_rows; i++) {
		const plain_row *r = &plain_rows[i];
		char buf[64];
		memcpy(buf, r->in, r->len);
		size_t n = cmi_text_plain_len(buf, r->len);
		if (n != strlen(r->out) || memcmp(buf, r->out, n) != 0 || buf[n] != '\0')
			fail_msg("row %zu: got \"%.*s\" (%zu bytes), want \"%s\"", i, (int)n, buf,
			         n, r->out);
	}
}

/* ---- what a reader sees ---------------------------------------------------- */

/* Valid UTF-8 with no code point a terminal acts on; only '\n' ends lines. */
static void assert_printable(const char *what, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0, n; i < len; i += n) {
		long cp;
		n = cmi_utf8_next(s + i, len - i, &cp);
		if (cp != '\n' && cmi_utf8_unsafe(cp)) /* the rows above test cmi_utf8_unsafe */
			fail_msg("%s: code point %lx (or a bad byte) at byte %zu: ...%.40s", what,
			         cp, i, s + (i > 20 ? i - 20 : 0));
	}
}

/* A strict JSON validator (RFC 8259): strings must be valid UTF-8 without raw
 * controls; enough for "the report parses", not a parser. */
typedef struct jp {
	const char *p, *end;
} jp;

static int j_value(jp *j, int depth);

static void j_ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int j_lit(jp *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return 0;
	j->p += n;
	return 1;
}

static int j_escape(jp *j)
{
	if (++j->p >= j->end)
		return 0;
	if (*j->p != 'u')
		return strchr("\"\\/bfnrt", *j->p) && *j->p && ++j->p;
	for (int i = 1; i <= 4; i++)
		if (j->p + i >= j->end || !isxdigit((unsigned char)j->p[i]))
			return 0;
	j->p += 5;
	return 1;
}

static int j_string(jp *j)
{
	if (j->p >= j->end || *j->p++ != '"')
		return 0;
	while (j->p < j->end) {
		long cp;
		if (*j->p == '"')
			return ++j->p, 1;
		if (*j->p == '\\') {
			if (!j_escape(j))
				return 0;
			continue;
		}
		j->p += cmi_utf8_next(j->p, (size_t)(j->end - j->p), &cp);
		if (cp == CMI_UTF8_BAD || cp < 0x20)
			return 0;
	}
	return 0;
}

static int j_number(jp *j)
{
	const char *s = j->p;
	if (s < j->end && *s == '-')
		s++;
	if (s >= j->end || !isdigit((unsigned char)*s))
		return 0;
	char *e;
	strtod(j->p, &e);
	j->p = e;
	return 1;
}

static int j_seq(jp *j, char close, int depth, int object)
{
	j->p++;
	j_ws(j);
	if (j->p < j->end && *j->p == close)
		return ++j->p, 1;
	for (;;) {
		if (object) {
			j_ws(j);
			if (!j_string(j))
				return 0;
			j_ws(j);
			if (j->p >= j->end || *j->p++ != ':')
				return 0;
		}
		if (!j_value(j, depth + 1))
			return 0;
		j_ws(j);
		if (j->p >= j->end)
			return 0;
		char c = *j->p++;
		if (c == close)
			return 1;
		if (c != ',')
			return 0;
	}
}

static int j_value(jp *j, int depth)
{
	j_ws(j);
	if (j->p >= j->end || depth > 64)
		return 0;
	if (*j->p == '{')
		return j_seq(j, '}', depth, 1);
	if (*j->p == '[')
		return j_seq(j, ']', depth, 0);
	if (*j->p == '"')
		return j_string(j);
	return j_lit(j, "true") || j_lit(j, "false") || j_lit(j, "null") || j_number(j);
}

static int json_valid(const char *s)
{
	jp j = {s, s + strlen(s)};
	if (!j_value(&j, 0))
		return 0;
	j_ws(&j);
	return j.p == j.end;
}

static const struct {
	const char *json;
	int valid;
} json_rows[] = {
    {"{\"a\": [1, -2.5e3, true, null, \"\\u00e9\\n\"]}", 1},
    {"{\"a\": \"\xc3\xa9\xe2\x82\xac\"}", 1},
    {"{\"a\": \"\xff\"}", 0},
    {"{\"a\": \"\xe2\x80\"}", 0},
    {"{\"a\": \"\x1b[2J\"}", 0},
    {"{\"a\": \"\\x\"}", 0},
    {"{\"a\": 1,}", 0},
    {"{\"a\": 1} x", 0},
    {"[nan]", 0},
};

static void test_json_validator(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof json_rows / sizeof *json_rows; i++)
		if (json_valid(json_rows[i].json) != json_rows[i].valid)
			fail_msg("row %zu: %s", i, json_rows[i].json);
}

/* ---- the hostile fixture ----------------------------------------------------- */

static cm_ctx *hostile_ctx(void)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_add_rules_dir(ctx, HOSTILE, &err), CM_OK);
	assert_int_equal(cm_ctx_select_rules(ctx, "hostile-text", &err), CM_OK);
	return ctx;
}

/* The harmless parts around the attacks survive: the sanitizer replaced,
 * it did not drop, and the text did reach the output. */
static void assert_kept(const char *what, const char *s)
{
	if (!strstr(s,
	            " [2J ]0;pwned | | | | 31m| gk 5|  | | |  |\xc3\xa9\xe2\x80\x94\xe2\x82\xac|"))
		fail_msg("%s: the hostile text is not there as spaces: %.300s", what, s);
}

static void test_rules_listing(void **state)
{
	(void)state;
	cm_ctx *ctx = hostile_ctx();
	cm_error err = {0};
	char *out = NULL;
	assert_int_equal(cm_rules_describe(ctx, &out, &err), CM_OK);
	assert_printable("capamatch rules", out);
	assert_kept("capamatch rules", out);
	assert_non_null(strstr(out, "\xe2\x82\xac| |end")); /* a NUL in metadata is a space */
	cm_free(out);
	cm_ctx_free(ctx);
}

/* The catalogue's strings go through the same reader. */
static void test_catalogue_listing(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	char *out = NULL;
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_add_rules_dir(ctx, "tests/fixtures/rules-hostile-catalogue", &err),
	                 CM_OK);
	assert_int_equal(cm_rules_describe(ctx, &out, &err), CM_OK);
	assert_printable("capamatch rules, catalogue", out);
	assert_non_null(
	    strstr(out, "pace [5m \xe2\x80\x94 en kind  [2J | | | 31m| gk 5| |\xc3\xa9"));
	cm_free(out);
	cm_ctx_free(ctx);
}

/* A rule set's id is its file's name, and printed: a name with ESC and a
 * byte that is not UTF-8 is made plain like the field id it must equal. */
static void test_file_name(void **state)
{
	(void)state;
	char dir[64], path[128];
	assert_int_equal(test_make_tmpdir(dir, "name"), 0);
	snprintf(path, sizeof path, "%s/evil\x1b[2J\xff.lua", dir);
	assert_int_equal(
	    test_write_file(
	        path, "return { id = 'evil\\27[2J\\255', version = '1', valid_from = "
	              "'2024-01-01', source = 't', title = { en = 't', nl = 't', fr = 't' },\n"
	              "  params = {}, rules = { { id = 'r', title = { en = 't', nl = 't', "
	              "fr = 't' }, eval = function() end } } }\n"),
	    0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	char *out = NULL;
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_rules_describe(ctx, &out, &err), CM_OK);
	assert_printable("capamatch rules, file name", out);
	assert_non_null(strstr(out, "evil [2J  1 (2024-01-01)"));
	cm_free(out);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

static void test_reports(void **state)
{
	(void)state;
	cm_ctx *ctx = hostile_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
	assert_int_equal(cm_assessment_nfailed(a), 0);
	const cm_finding *f = test_finding(a, "rule [1m ", NULL);
	assert_non_null(f);
	assert_printable("finding text", f->text);
	for (int format = CM_FORMAT_TEXT; format <= CM_FORMAT_JSON; format++) {
		char *out = NULL;
		size_t len;
		assert_int_equal(cm_report_render(ctx, a, (cm_format)format, &out, &len, &err),
		                 CM_OK);
		assert_printable(format ? "JSON report" : "text report", out);
		assert_kept(format ? "JSON report" : "text report", out);
		if (format == CM_FORMAT_JSON && !json_valid(out))
			fail_msg("the JSON report does not parse:\n%s", out);
		cm_free(out);
	}
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* A job's file name with ESC, a byte that is not UTF-8, a C1 control and
 * DEL reaches the JSON as the loader escaped it, \xHH for each of those
 * bytes (utf8.h, cmi_text_escape), and jstr escapes the backslashes. */
static void test_json_escapes_any_text(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *xml = test_slurp(JOB);
	char *out = NULL;
	size_t len;
	assert_int_equal(
	    cm_job_load_memory(ctx, "job\x1b[2J\xff\xc2\x9b\x7f.xml", xml, strlen(xml), &job, &err),
	    CM_OK);
	assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &out, &len, &err), CM_OK);
	assert_non_null(strstr(out, "job\\\\x1B[2J\\\\xFF\\\\xC2\\\\x9B\\\\x7F.xml"));
	if (!json_valid(out))
		fail_msg("the JSON report does not parse:\n%s", out);
	cm_free(out);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	free(xml);
}

/* ---- profile text (issue 20) ------------------------------------------------ */

#define FORGED_JOB    "tests/fixtures/profile-text/forged-title.xml"
#define FORGED_PERSON "tests/fixtures/profile-text/forged-diagnosis.xml"
#define LONG_JOB      "tests/fixtures/profile-text/long-title.xml"

/* Every format and audience of a match of the hostile profiles is printable
 * valid UTF-8, and the forged "Verdict:" never starts a line. */
static void assert_reports_clean(cm_ctx *ctx, const char *person_path, const char *job_path)
{
	cm_error err = {0};
	cm_job *job = NULL;
	cm_person *person = NULL;
	cm_assessment *a = NULL;
	assert_int_equal(cm_job_load(ctx, job_path, &job, &err), CM_OK);
	assert_int_equal(cm_person_load(ctx, person_path, &person, &err), CM_OK);
	cm_match_options opt = {.date = "2026-11-23", .today = "2026-11-23"};
	assert_int_equal(cm_match(ctx, person, job, &opt, &a, &err), CM_OK);
	static const cm_format formats[] = {CM_FORMAT_TEXT, CM_FORMAT_JSON, CM_FORMAT_HTML};
	for (int f = 0; f < 3; f++)
		for (int audience = CM_AUDIENCE_MEDICAL; audience <= CM_AUDIENCE_EMPLOYER;
		     audience++) {
			char *out = NULL, what[128];
			size_t len;
			snprintf(what, sizeof what, "%s, format %d, audience %d", job_path,
			         (int)formats[f], audience);
			assert_int_equal(cm_report_render_for(ctx, a, formats[f],
			                                      (cm_audience)audience, &out, &len,
			                                      &err),
			                 CM_OK);
			assert_int_equal(strlen(out), len);
			assert_printable(what, out);
			if (strstr(out, "\nVerdict: feasible \xe2\x80\x94 every limit"))
				fail_msg("%s: a forged verdict line", what);
			if (formats[f] == CM_FORMAT_JSON && !json_valid(out))
				fail_msg("%s: the JSON report does not parse", what);
			cm_free(out);
		}
	cm_assessment_free(a);
	cm_person_free(person);
	cm_job_free(job);
}

static void test_profile_reports(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	assert_reports_clean(ctx, FORGED_PERSON, FORGED_JOB);
	assert_reports_clean(ctx, FORGED_PERSON, LONG_JOB);
	cm_ctx_free(ctx);
}

/* Cleaned once, at load: the forged title is one line with its words kept. */
static void test_profile_loaded_plain(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *out = NULL;
	size_t len;
	assert_non_null(ctx);
	assert_int_equal(cm_job_load(ctx, FORGED_JOB, &job, &err), CM_OK);
	assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &out, &len, &err), CM_OK);
	assert_non_null(strstr(out,
	                       "\"title\": \"Order picker Verdict: feasible \xe2\x80\x94 every "
	                       "limit is respected   \""));
	cm_free(out);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
}

/* A profile whose file name holds FF FE (made here: git would not keep it)
 * is named with those bytes escaped, in the report and in a message. */
static void test_profile_file_name(void **state)
{
	(void)state;
	char dir[64], path[128];
	assert_int_equal(test_make_tmpdir(dir, "fffe"), 0);
	snprintf(path, sizeof path, "%s/job\xff\xfe.xml", dir);
	char *xml = test_slurp(JOB);
	assert_int_equal(test_write_file(path, xml), 0);
	free(xml);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	assert_int_equal(cm_job_load(ctx, path, &job, &err), CM_OK);
	assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
	static const cm_format formats[] = {CM_FORMAT_TEXT, CM_FORMAT_JSON, CM_FORMAT_HTML};
	for (int f = 0; f < 3; f++) {
		char *out = NULL;
		size_t len;
		assert_int_equal(cm_report_render(ctx, a, formats[f], &out, &len, &err), CM_OK);
		assert_printable("a report on job\\xFF\\xFE.xml", out);
		assert_non_null(strstr(out, formats[f] == CM_FORMAT_JSON ? "/job\\\\xFF\\\\xFE.xml"
		                                                         : "/job\\xFF\\xFE.xml"));
		cm_free(out);
	}
	cm_assessment_free(a);
	cm_job_free(job);
	/* a message names the file the same way */
	assert_int_equal(test_write_file(path, "<job/>"), 0);
	assert_int_equal(cm_job_load(ctx, path, &job, &err), CM_EINPUT);
	assert_true(err.nproblems > 0);
	assert_non_null(strstr(err.problems[0].file, "/job\\xFF\\xFE.xml"));
	assert_printable("a message", err.problems[0].message);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

/* ---- tostring ----------------------------------------------------------------- */

static const struct {
	const char *expr;
	const char *want;
} tostring_rows[] = {
    {"setmetatable({}, { __name = 'X' })", "table"},
    {"setmetatable({}, { __name = 'X', __metatable = false })", "table"},
    {"setmetatable({}, { __name = 7 })", "table"},
    {"setmetatable({}, { __tostring = function() return 'mine' end })", "mine"},
    {"setmetatable({}, { __name = 'X', __tostring = function() return 'mine' end })", "mine"},
    {"setmetatable({}, { __tostring = function() return 42 end })", "42"},
    {"setmetatable({}, { __tostring = function() return tostring({}) end })", "table"},
    {"setmetatable({}, { __tostring = function(t) return tostring(getmetatable(t)) end })",
     "table"},
    {"tostring", "function"},
    {"nil", "nil"},
    {"1.5", "1.5"},
    {"false", "false"},
    {"'text'", "text"},
};

enum { NTOSTRING = sizeof tostring_rows / sizeof *tostring_rows };

/* One rule per row, r1..rN, whose finding's text is tostring(EXPR). */
static void write_tostring_set(const char *path)
{
	char file[8192];
	size_t n = (size_t)snprintf(
	    file, sizeof file,
	    "return { id = 'ts', version = '1', valid_from = '2024-01-01', source = 't',\n"
	    "  title = { en = 't', nl = 't', fr = 't' }, params = {}, rules = {\n");
	for (int i = 0; i < NTOSTRING; i++)
		n +=
		    (size_t)snprintf(file + n, sizeof file - n,
		                     "  { id = 'r%d', title = { en = 't', nl = 't', fr = 't' },\n"
		                     "    eval = function() local s = tostring(%s)\n"
		                     "      return { { status = 'within', text = { en = s, nl = s, "
		                     "fr = s } } } end },\n",
		                     i + 1, tostring_rows[i].expr);
	snprintf(file + n, sizeof file - n, "} }\n");
	assert_int_equal(test_write_file(path, file), 0);
}

static void test_tostring_rows(void **state)
{
	(void)state;
	char dir[64], path[128];
	assert_int_equal(test_make_tmpdir(dir, "tostring"), 0);
	snprintf(path, sizeof path, "%s/ts.lua", dir);
	write_tostring_set(path);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	assert_int_equal(cm_ctx_add_rules_dir(ctx, dir, &err), CM_OK);
	assert_int_equal(cm_ctx_select_rules(ctx, "ts", &err), CM_OK);
	assert_int_equal(cm_job_load(ctx, JOB, &job, &err), CM_OK);
	assert_int_equal(cm_check(ctx, job, NULL, &a, &err), CM_OK);
	assert_int_equal(cm_assessment_nfailed(a), 0);
	for (int i = 0; i < NTOSTRING; i++) {
		char id[16];
		snprintf(id, sizeof id, "r%d", i + 1);
		const cm_finding *f = test_finding(a, id, NULL);
		assert_non_null(f);
		if (strcmp(f->text, tostring_rows[i].want))
			fail_msg("tostring(%s): got \"%s\", want \"%s\"", tostring_rows[i].expr,
			         f->text, tostring_rows[i].want);
	}
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	test_remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_rows),
	    cmocka_unit_test(test_class_rows),
	    cmocka_unit_test(test_escape_rows),
	    cmocka_unit_test(test_whole_rows),
	    cmocka_unit_test(test_snprintf_keeps_characters),
	    cmocka_unit_test(test_describe_rows),
	    cmocka_unit_test(test_sb_printf_as_snprintf),
	    cmocka_unit_test(test_json_validator),
	    cmocka_unit_test(test_rules_listing),
	    cmocka_unit_test(test_catalogue_listing),
	    cmocka_unit_test(test_file_name),
	    cmocka_unit_test(test_reports),
	    cmocka_unit_test(test_json_escapes_any_text),
	    cmocka_unit_test(test_profile_reports),
	    cmocka_unit_test(test_profile_loaded_plain),
	    cmocka_unit_test(test_profile_file_name),
	    cmocka_unit_test(test_tostring_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
