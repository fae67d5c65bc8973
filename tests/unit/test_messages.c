/*
 * test_messages.c — every message exists in en, nl and fr and takes the same
 * arguments in each (a mismatch would be undefined behaviour at printf
 * time), and report numbers are written as each language writes them.
 */
#include <math.h>

#include "support.h"

#include "messages.h"
#include "report.h"

/* The conversion letters of a format, in order ("%s %d %%" -> "sd"). */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = fmt; *p && o + 1 < size; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p && strchr("0123456789.-+ #zl", *p))
			p++;
		out[o++] = *p;
	}
	out[o] = '\0';
}

static void test_same_arguments(void **state)
{
	(void)state;
	for (int id = 0; id < cmi_msg_count(); id++) {
		char en[32], other[32];
		const char *text_en = cmi_msg(CM_LANG_EN, (cmi_msg_id)id);
		assert_non_null(text_en);
		assert_true(strlen(text_en) > 0);
		conversions(text_en, en, sizeof en);
		for (int lang = CM_LANG_NL; lang <= CM_LANG_FR; lang++) {
			const char *t = cmi_msg((cm_lang)lang, (cmi_msg_id)id);
			if (t == text_en && strchr(text_en, ' '))
				fail_msg("message %d has no translation for language %d", id, lang);
			conversions(t, other, sizeof other);
			if (strcmp(en, other))
				fail_msg("message %d: '%s' takes %s, language %d takes %s", id,
				         text_en, en, lang, other);
		}
	}
}

typedef struct number_row {
	double x;
	cm_lang lang;
	const char *text;
} number_row;

static const number_row numbers[] = {
    {12, CM_LANG_EN, "12"},         {7.92, CM_LANG_EN, "7.92"},   {7.92, CM_LANG_NL, "7,92"},
    {147.05, CM_LANG_FR, "147,05"}, {1.1, CM_LANG_EN, "1.1"},     {1.10, CM_LANG_NL, "1,1"},
    {0.004, CM_LANG_EN, "0"},       {-0.004, CM_LANG_EN, "0"},    {-4.92, CM_LANG_EN, "-4.92"},
    {0.125, CM_LANG_EN, "0.12"},    {1e6, CM_LANG_EN, "1000000"}, {2.999, CM_LANG_FR, "3"},
};

static void test_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		char buf[64];
		cmi_format_number(numbers[i].x, numbers[i].lang, buf, sizeof buf);
		if (strcmp(buf, numbers[i].text))
			fail_msg("%g in language %d: got '%s', expected '%s'", numbers[i].x,
			         numbers[i].lang, buf, numbers[i].text);
	}
}

/* JSON numbers, as the reference writes them: %.15g, or %.17g where %.15g
 * does not read back as the same double. cmi_json_number writes integers
 * and figures of at most six decimals without printf; every kind of value
 * is held to the reference here, the edges by name and 100,000 more drawn
 * at random: integers, six-decimal figures and their neighbours one ulp
 * away, and any double. */
static void reference_json(double x, char *buf, size_t size)
{
	if (!isfinite(x)) {
		snprintf(buf, size, "null");
		return;
	}
	snprintf(buf, size, "%.15g", x);
	if (strtod(buf, NULL) != x)
		snprintf(buf, size, "%.17g", x);
}

static void assert_json_number(cm_ctx *ctx, double x)
{
	char want[64];
	reference_json(x, want, sizeof want);
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	cmi_json_number(&sb, x);
	if (!sb.buf || strcmp(sb.buf, want))
		fail_msg("%.17g: wrote '%s', the reference '%s'", x, sb.buf ? sb.buf : "", want);
	cmi_sb_free(&sb);
}

static void test_json_numbers(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	static const double edges[] = {0,
	                               -0.0,
	                               1,
	                               -1,
	                               0.5,
	                               -0.25,
	                               1e-4,
	                               9.9e-5,
	                               1.5e-4,
	                               0.000123,
	                               0.1,
	                               0.3,
	                               11.73,
	                               13.2786,
	                               147.05,
	                               1e9,
	                               999999999.999999,
	                               1e9 + 0.5,
	                               1e15,
	                               1e15 + 1,
	                               123456789.123456,
	                               4.4262000000000006,
	                               1.7050298380221653,
	                               1e300,
	                               -1e-300,
	                               5e-324,
	                               NAN,
	                               INFINITY,
	                               -INFINITY};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		assert_json_number(ctx, edges[i]);
	unsigned long long r = 20261207u;
	for (int i = 0; i < 100000; i++) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		unsigned long long bits = r >> 11;
		double x;
		switch (i % 4) {
		case 0: /* an integer */
			x = (double)(long long)(bits % 2000000000000000ULL) - 1e15;
			break;
		case 1: /* a figure of at most six decimals, below and above 1 */
			x = (double)(long long)(bits % 2000000000000000ULL - 1000000000000000ULL) /
			    pow(10, (double)(1 + bits % 12));
			break;
		case 2: /* its neighbour one ulp away */
			x = nextafter((double)(long long)(bits % 2000000000ULL) / 1e6,
			              bits & 1 ? 1e300 : -1e300);
			break;
		default: /* any bits */
			memcpy(&x, &r, sizeof x);
			break;
		}
		assert_json_number(ctx, x);
	}
	cm_ctx_free(ctx);
}

/* cmi_format_number writes six-decimal figures without printf, so it is
 * held to cmi_format_number_printf (%.2f, trailing zeros and a lone point
 * dropped, the language's decimal comma, "-0" as "0"; test_numbers holds
 * that to its rows) on the halfway cases by name and on 100,000 values
 * drawn as above. */
/* The i-th value of a test against printf: the edges first, then values
 * of up to twelve decimals, values a step off six decimals, and random bit
 * patterns (NaN, the infinities, the subnormals among them). */
static double sample(int i, const double *edges, int nedges, unsigned long long *r)
{
	if (i < nedges)
		return edges[i];
	*r = *r * 6364136223846793005ULL + 1442695040888963407ULL;
	unsigned long long bits = *r >> 11;
	double x;
	if (i % 3 == 0)
		x = (double)(long long)(bits % 2000000000000000ULL - 1000000000000000ULL) /
		    pow(10, (double)(1 + bits % 12));
	else if (i % 3 == 1)
		x = nextafter((double)(long long)(bits % 2000000000ULL) / 1e6,
		              bits & 1 ? 1e300 : -1e300);
	else
		memcpy(&x, r, sizeof x);
	return x;
}

static void test_numbers_as_printf(void **state)
{
	(void)state;
	static const double edges[] = {0.125, 0.135, 0.145, 2.675,    1.005,         -0.005, -0.015,
	                               0.004, 0.005, 0.995, 99.995,   999999999.995, 1e9,    1e-7,
	                               -0.0,  1e300, NAN,   INFINITY, 5e-324};
	const int nedges = (int)(sizeof edges / sizeof edges[0]);
	unsigned long long r = 20261207u;
	for (int i = 0; i < 100000 + nedges; i++) {
		double x = sample(i, edges, nedges, &r);
		for (int lang = CM_LANG_EN; lang <= CM_LANG_FR; lang++) {
			char got[64], want[512];
			cmi_format_number(x, lang, got, sizeof got);
			cmi_format_number_printf(x, (cm_lang)lang, want, sizeof want);
			if (strlen(want) < sizeof got && strcmp(got, want))
				fail_msg("%.17g in language %d: '%s', printf '%s'", x, lang, got,
				         want);
		}
	}
}

/* rank's comparisons: the value as shown, without printf, is printf's.
 * The edges hold the ties printf breaks to even (0.5, 2.5, 0.125 with two
 * decimals) and both sides of 1e15, where printf takes over. */
static void test_shown_as_printf(void **state)
{
	(void)state;
	static const double edges[] = {0.5,
	                               1.5,
	                               2.5,
	                               -2.5,
	                               0.125,
	                               0.375,
	                               2.675,
	                               -0.004,
	                               -0.0,
	                               0.0005,
	                               0.0015,
	                               1e15,
	                               1e15 - 0.5,
	                               999999999999999.9,
	                               -999999999999999.9,
	                               1e16,
	                               NAN,
	                               -INFINITY,
	                               5e-324,
	                               4503599627370495.5};
	const int nedges = (int)(sizeof edges / sizeof edges[0]);
	unsigned long long r = 20261208u;
	for (int i = 0; i < 100000 + nedges; i++) {
		double x = sample(i, edges, nedges, &r);
		for (int d = 0; d <= 3; d++) {
			long long got = cmi_shown_units(x, d), want = cmi_shown_units_printf(x, d);
			if (got != want)
				fail_msg("%.17g to %d decimals: %lld, printf %lld", x, d, got,
				         want);
		}
	}
}

static void test_lang_parse(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int lang;
	} rows[] = {{"en", CM_LANG_EN},
	            {"nl", CM_LANG_NL},
	            {"fr", CM_LANG_FR},
	            {"nl_BE.UTF-8", CM_LANG_NL},
	            {"fr_BE", CM_LANG_FR},
	            {"de", -1},
	            {"C.UTF-8", -1},
	            {"", -1},
	            {"n", -1},
	            {"nlx", -1}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (cm_lang_parse(rows[i].s) != rows[i].lang)
			fail_msg("cm_lang_parse(\"%s\") = %d, expected %d", rows[i].s,
			         cm_lang_parse(rows[i].s), rows[i].lang);
}

/* French sets a space before ':' (« limite : 5 kg »); Dutch and English do
 * not. Every French message is read, so a new row cannot forget it. */
static void test_french_colon_spacing(void **state)
{
	(void)state;
	int bad = 0;
	for (int id = 0; id < cmi_msg_count(); id++) {
		const char *fr = cmi_msg(CM_LANG_FR, (cmi_msg_id)id);
		for (const char *c = strchr(fr, ':'); c; c = strchr(c + 1, ':')) {
			int ends_phrase = c[1] == ' ' || c[1] == '\0' || c[1] == '\n';
			if (ends_phrase && (c == fr || c[-1] != ' ')) {
				print_message("French message %d lacks the space before ':': %s\n",
				              id, fr);
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_arguments),       cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_json_numbers),         cmocka_unit_test(test_numbers_as_printf),
	    cmocka_unit_test(test_shown_as_printf),      cmocka_unit_test(test_lang_parse),
	    cmocka_unit_test(test_french_colon_spacing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
