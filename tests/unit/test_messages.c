/*
 * test_messages.c — every message exists in en, nl and fr and takes the same
 * arguments in each (a mismatch would be undefined behaviour at printf
 * time), and report numbers are written as each language writes them.
 */
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
	    cmocka_unit_test(test_same_arguments),
	    cmocka_unit_test(test_numbers),
	    cmocka_unit_test(test_lang_parse),
	    cmocka_unit_test(test_french_colon_spacing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
