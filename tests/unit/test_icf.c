/*
 * test_icf.c — the ICF code grammar (icf/grammar.c) against
 * doc/icf.md, one row per coded statement: a valid one with the parts
 * it must give (normalised code, level, facilitator, qualifiers), an
 * invalid one with the exact English reason, which names the wrong part.
 * Every rule of the reference has rows on both sides of it.
 */
#include "support.h"

#include "grammar.h"

#define U CMI_ICF_UNRECORDED

typedef struct row {
	const char *text;
	const char *why; /* NULL: valid */
	const char *code;
	int level;
	int facilitator;
	int nq;
	int q[4];
} row;

/* A statement refused with this reason. */
#define BAD(text, why)                                                                             \
	{                                                                                          \
		text, why, NULL, 0, 0, 0,                                                          \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}

static const row rows[] = {
    /* b: chapter, 2nd, 3rd, 4th level; one qualifier */
    {"b2", NULL, "b2", 1, 0, 0, {0}},
    {"b280", NULL, "b280", 2, 0, 0, {0}},
    {"b2801", NULL, "b2801", 3, 0, 0, {0}},
    {"b28013", NULL, "b28013", 4, 0, 0, {0}},
    {"b28013.2", NULL, "b28013", 4, 0, 1, {2}},
    {"b280.0", NULL, "b280", 2, 0, 1, {0}},
    {"b280.4", NULL, "b280", 2, 0, 1, {4}},
    {"b280.8", NULL, "b280", 2, 0, 1, {8}},
    {"b280.9", NULL, "b280", 2, 0, 1, {9}},
    {"b280._", NULL, "b280", 2, 0, 1, {U}},
    {"b455.3", NULL, "b455", 2, 0, 1, {3}},
    BAD("b280.7",
        "b280.7: qualifier 1: 7 is not a generic qualifier (0-4, 8, 9, or _ not recorded)"),
    BAD("b280.5",
        "b280.5: qualifier 1: 5 is not a generic qualifier (0-4, 8, 9, or _ not recorded)"),
    BAD("b280.12", "b280.12: 2 qualifiers, where b codes take at most 1"),
    BAD("b280130", "b280130: too many digits for b (at most 5)"),
    BAD("b28", "b28: 2 digits are no level of the b codes (they have 1, 3, 4 or 5)"),
    BAD("b280+2", "b280+2: + (a facilitator) is for environmental factors (e) only"),
    BAD("b280.", "b280.: a separator without a qualifier"),
    /* s: up to three qualifiers, the 2nd and 3rd on their own scales */
    {"s76002", NULL, "s76002", 4, 0, 0, {0}},
    {"s760.3", NULL, "s760", 2, 0, 1, {3}},
    {"s76002.326", NULL, "s76002", 4, 0, 3, {3, 2, 6}},
    {"s76002.377", NULL, "s76002", 4, 0, 3, {3, 7, 7}},
    {"s76002.2_8", NULL, "s76002", 4, 0, 3, {2, U, 8}},
    {"s76002.399", NULL, "s76002", 4, 0, 3, {3, 9, 9}},
    {"s7", NULL, "s7", 1, 0, 0, {0}},
    BAD("s76002.726",
        "s76002.726: qualifier 1: 7 is not a generic qualifier (0-4, 8, 9, or _ not recorded)"),
    BAD("s76002.3261", "s76002.3261: 4 qualifiers, where s codes take at most 3"),
    BAD("s760021", "s760021: too many digits for s (at most 5)"),
    BAD("s76", "s76: 2 digits are no level of the s codes (they have 1, 3, 4 or 5)"),
    /* d (a, p): three levels, up to four qualifiers */
    {"d4", NULL, "d4", 1, 0, 0, {0}},
    {"d430", NULL, "d430", 2, 0, 0, {0}},
    {"d4300", NULL, "d4300", 3, 0, 0, {0}},
    {"d4300.1", NULL, "d4300", 3, 0, 1, {1}},
    {"d4300.12", NULL, "d4300", 3, 0, 2, {1, 2}},
    {"d4300._3", NULL, "d4300", 3, 0, 2, {U, 3}},
    {"d4300.3_", NULL, "d4300", 3, 0, 2, {3, U}},
    {"d4300.1234", NULL, "d4300", 3, 0, 4, {1, 2, 3, 4}},
    {"d4300.__", NULL, "d4300", 3, 0, 2, {U, U}},
    {"d4300.89", NULL, "d4300", 3, 0, 2, {8, 9}},
    {"a4300.12", NULL, "d4300", 3, 0, 2, {1, 2}},
    {"p4300.12", NULL, "d4300", 3, 0, 2, {1, 2}},
    {"a450", NULL, "d450", 2, 0, 0, {0}},
    BAD("d43000", "d43000: too many digits for d (at most 4)"),
    BAD("d43", "d43: 2 digits are no level of the d codes (they have 1, 3 or 4)"),
    BAD("d4300.2.3", "d4300.2.3: one separator only (. or, for e, +)"),
    BAD("d4300..2", "d4300..2: one separator only (. or, for e, +)"),
    BAD("d4300.12345", "d4300.12345: 5 qualifiers, where d codes take at most 4"),
    BAD("d4300.16",
        "d4300.16: qualifier 2: 6 is not a generic qualifier (0-4, 8, 9, or _ not recorded)"),
    BAD("d4300.x", "d4300.x: qualifier 1 is 'x', not a digit or _"),
    BAD("d4300.1 ", "d4300.1 : qualifier 2 is ' ', not a digit or _"),
    BAD("d4300+1", "d4300+1: + (a facilitator) is for environmental factors (e) only"),
    BAD("d4300.", "d4300.: a separator without a qualifier"),
    BAD("d4300x", "d4300x: 'x' after the code: qualifiers follow a separator"),
    /* e: barrier '.', facilitator '+', one qualifier */
    {"e3", NULL, "e3", 1, 0, 0, {0}},
    {"e310", NULL, "e310", 2, 0, 0, {0}},
    {"e3100", NULL, "e3100", 3, 0, 0, {0}},
    {"e310.2", NULL, "e310", 2, 0, 1, {2}},
    {"e310+3", NULL, "e310", 2, 1, 1, {3}},
    {"e310+_", NULL, "e310", 2, 1, 1, {U}},
    BAD("e310+", "e310+: a facilitator without its extent (as in e310+2)"),
    BAD("e310.", "e310.: a separator without a qualifier"),
    BAD("e310+23", "e310+23: 2 qualifiers, where e codes take at most 1"),
    BAD("e31000", "e31000: too many digits for e (at most 4)"),
    BAD("e310.+2", "e310.+2: one separator only (. or, for e, +)"),
    BAD("e310+7",
        "e310+7: qualifier 1: 7 is not a generic qualifier (0-4, 8, 9, or _ not recorded)"),
    /* the component */
    BAD("x430", "x430: 'x' is not an ICF component (b, s, d, a, p or e)"),
    BAD("D4300", "D4300: 'D' is not an ICF component (b, s, d, a, p or e)"),
    BAD("db4300", "db4300: 'db' is not an ICF component (b, s, d, a, p or e)"),
    BAD("4300", "4300: an ICF code starts with its component: b, s, d (or a, p) or e"),
    BAD(".2", ".2: an ICF code starts with its component: b, s, d (or a, p) or e"),
    BAD("d", "d: no digits after the component"),
    BAD("e.2", "e.2: no digits after the component"),
    BAD("", "an empty ICF code"),
    BAD(" d4300", " d4300: ' d' is not an ICF component (b, s, d, a, p or e)"),
    /* characters outside ASCII (issue 20): named, and the message is valid
     * UTF-8 (the caller makes the quoted statement one plain line) */
    BAD("d4300\n", "d4300\n: character 6 is U+000A LINE FEED, which has no place in an ICF code "
                   "(letters, digits, ., + and _ only)"),
    BAD("d4300\xe2\x80\x8b.2", "d4300\xe2\x80\x8b.2: character 6 is U+200B ZERO WIDTH SPACE, "
                               "which has no place in an ICF code (letters, digits, ., + and _ "
                               "only)"),
    BAD("d4300.\xc2\xa0"
        "2",
        "d4300.\xc2\xa0"
        "2: character 7 is U+00A0 NO-BREAK SPACE, which has "
        "no place in an ICF code (letters, digits, ., + and _ only)"),
    BAD("d43\xc3\xa9"
        "00.2",
        "d43\xc3\xa9"
        "00.2: character 4 is U+00E9 (\xc3\xa9), which has no "
        "place in an ICF code (letters, digits, ., + and _ only)"),
    BAD("\xef\xbb\xbf"
        "d4300.2",
        "\xef\xbb\xbf"
        "d4300.2: character 1 is U+FEFF ZERO WIDTH "
        "NO-BREAK SPACE, which has no place in an ICF code (letters, "
        "digits, ., + and _ only)"),
    BAD("d4300\xff.2", "d4300\xff.2: character 6 is the byte 0xFF, which is not UTF-8"),
    BAD("d4300.\xe2\x80", "d4300.\xe2\x80: character 7 is the byte 0xE2, which is not UTF-8"),
    BAD("d\xc3\xa9\xff", "d\xc3\xa9\xff: character 2 is U+00E9 (\xc3\xa9), which has no place "
                         "in an ICF code (letters, digits, ., + and _ only)"),
};

enum { NROWS = sizeof rows / sizeof rows[0] };

static cm_ctx *ctx;
static cmi_icf_grammar *grammar;

static int setup(void **state)
{
	(void)state;
	cm_error err = {0};
	ctx = test_ctx();
	return !ctx || cmi_icf_grammar_new(ctx, &grammar, &err) != CM_OK;
}

static int teardown(void **state)
{
	(void)state;
	cmi_icf_grammar_free(grammar);
	cm_ctx_free(ctx);
	return 0;
}

static void test_row(void **state)
{
	const row *r = *state;
	cmi_icf_statement st;
	char why[256] = "";
	int ok = cmi_icf_parse(grammar, CM_LANG_EN, r->text, &st, why, sizeof why);
	if (!r->why) {
		if (!ok)
			fail_msg("\"%s\" refused: %s", r->text, why);
		assert_string_equal(st.code, r->code);
		assert_int_equal(st.level, r->level);
		assert_int_equal(st.facilitator, r->facilitator);
		assert_int_equal(st.nqualifiers, r->nq);
		for (int i = 0; i < r->nq; i++)
			assert_int_equal(st.qualifier[i], r->q[i]);
	} else {
		if (ok)
			fail_msg("\"%s\" accepted (want: %s)", r->text, r->why);
		assert_string_equal(why, r->why);
	}
}

/* The component follows the letter, a and p being d. */
static void test_components(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		cmi_icf_component c;
	} cases[] = {{"b280", CMI_ICF_BODY_FUNCTION}, {"s760", CMI_ICF_BODY_STRUCTURE},
	             {"d430", CMI_ICF_ACTIVITY},      {"a430", CMI_ICF_ACTIVITY},
	             {"p430", CMI_ICF_ACTIVITY},      {"e310", CMI_ICF_ENVIRONMENT}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cmi_icf_statement st;
		char why[256];
		assert_true(
		    cmi_icf_parse(grammar, CM_LANG_EN, cases[i].text, &st, why, sizeof why));
		assert_int_equal(st.component, cases[i].c);
	}
}

/* The reasons are in the report's language too. */
static void test_languages(void **state)
{
	(void)state;
	cmi_icf_statement st;
	char why[256];
	assert_false(cmi_icf_parse(grammar, CM_LANG_NL, "d43000", &st, why, sizeof why));
	assert_string_equal(why, "d43000: te veel cijfers voor d (hoogstens 4)");
	assert_false(cmi_icf_parse(grammar, CM_LANG_FR, "e310+", &st, why, sizeof why));
	assert_string_equal(why, "e310+ : un facilitateur sans son ampleur (comme dans e310+2)");
}

/* The public entry: every wrong statement is a problem of its own and
 * nothing is handed out; no statement is an empty text. */
static void test_explain(void **state)
{
	(void)state;
	cm_error err = {0};
	char *text = NULL;
	const char *mixed[] = {"d4300.2", "d43000", "e310+"};
	assert_int_equal(cm_icf_explain(ctx, mixed, 3, &text, &err), CM_EINPUT);
	assert_null(text);
	assert_int_equal(err.nproblems, 2);
	assert_string_equal(err.problems[0].message, "d43000: too many digits for d (at most 4)");
	cm_error_clear(&err);
	assert_int_equal(cm_icf_explain(ctx, mixed, 1, &text, &err), CM_OK);
	assert_string_equal(text, "d4300.2: activities and participation (d), chapter 4, level 3 "
	                          "of 3, under d430\n  qualifier 1, performance: 2 moderate "
	                          "(25-49 %)\n");
	cm_free(text);
	assert_int_equal(cm_icf_explain(ctx, NULL, 0, &text, &err), CM_OK);
	assert_string_equal(text, "");
	cm_free(text);
}

int main(void)
{
	static struct CMUnitTest tests[NROWS + 3];
	for (int i = 0; i < NROWS; i++)
		tests[i] =
		    (struct CMUnitTest){rows[i].text, test_row, NULL, NULL, (void *)&rows[i]};
	tests[NROWS] = (struct CMUnitTest){"components", test_components, NULL, NULL, NULL};
	tests[NROWS + 1] = (struct CMUnitTest){"languages", test_languages, NULL, NULL, NULL};
	tests[NROWS + 2] = (struct CMUnitTest){"explain", test_explain, NULL, NULL, NULL};
	return cmocka_run_group_tests_name("icf grammar", tests, setup, teardown);
}
