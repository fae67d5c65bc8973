/*
 * test_text.c — text from rule sets reaches a terminal and JSON only as
 * printable, valid UTF-8 (issue 13).
 *
 *  - the sanitizer itself (cmi_sandbox_plain_len), bytes in, bytes out;
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
#include "utf8.h"

#define JOB     "examples/jobs/orderpicker.xml"
#define HOSTILE "tests/fixtures/rules-hostile-text"

/* ---- the sanitizer ------------------------------------------------------- */

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
    ROW("", ""),
};

static void test_plain_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof plain_rows / sizeof *plain_rows; i++) {
		const plain_row *r = &plain_rows[i];
		char buf[64];
		memcpy(buf, r->in, r->len);
		size_t n = cmi_sandbox_plain_len(buf, r->len);
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
		int bad = cp == CMI_UTF8_BAD || (cp < 0x20 && cp != '\n') ||
		          (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
		          cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
		          (cp >= 0x2066 && cp <= 0x2069);
		if (bad)
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
	if (!strstr(s, " [2J ]0;pwned | | | | 31m| gk 5|  | | |\xc3\xa9\xe2\x80\x94\xe2\x82\xac|"))
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

/* jstr escapes whatever it gets, not only text that is already plain: a job
 * named with ESC and a byte that is not UTF-8. */
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
	assert_non_null(strstr(out, "job\\u001b[2J\\ufffd\\u009b\\u007f.xml"));
	if (!json_valid(out))
		fail_msg("the JSON report does not parse:\n%s", out);
	cm_free(out);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	free(xml);
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
	    cmocka_unit_test(test_json_validator),
	    cmocka_unit_test(test_rules_listing),
	    cmocka_unit_test(test_catalogue_listing),
	    cmocka_unit_test(test_file_name),
	    cmocka_unit_test(test_reports),
	    cmocka_unit_test(test_json_escapes_any_text),
	    cmocka_unit_test(test_tostring_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
