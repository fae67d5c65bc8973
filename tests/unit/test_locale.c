/*
 * test_locale.c — a library client that set a locale with a decimal comma
 * (nl_BE) still reads "7.5" in a profile as seven and a half and gets the
 * same findings and report: every entry point works in the "C" locale.
 *
 * The nl_BE locale is generated into a temporary directory with localedef
 * (Debian's `locales`, installed by scripts/install-deps); without it the
 * test is skipped, and says so.
 */
#include <locale.h>
#include <unistd.h>

#include "support.h"

static char dir[] = "/tmp/capamatch-locale-XXXXXX";

static int make_locale(void)
{
	if (!mkdtemp(dir))
		return 0;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "localedef -i nl_BE -f UTF-8 %s/nl_BE.UTF-8 >/dev/null 2>&1",
	         dir);
	if (system(cmd) != 0)
		return 0;
	setenv("LOCPATH", dir, 1);
	return setlocale(LC_ALL, "nl_BE.UTF-8") != NULL;
}

static void test_decimal_comma_client(void **state)
{
	(void)state;
	if (!make_locale())
		skip();
	char probe[16];
	snprintf(probe, sizeof probe, "%.1f", 2.5);
	assert_string_equal(probe, "2,5"); /* the client's locale is really in force */

	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	char *text = NULL;
	size_t len = 0;
	assert_int_equal(cm_job_load(ctx, "examples/jobs/orderpicker.xml", &job, &err), CM_OK);
	cm_check_options opt = {47, "2026-11-23"};
	assert_int_equal(cm_check(ctx, job, &opt, &a, &err), CM_OK);
	const cm_finding *t = test_finding(a, "tonnage", NULL);
	assert_float_equal(t->value.number, 7.92, 1e-9); /* 5.5 h was read as 5.5 */
	assert_int_equal(cm_assessment_verdict(a), CM_VERDICT_FEASIBLE_WITH_ADAPTATIONS);
	assert_int_equal(cm_report_render(ctx, a, CM_FORMAT_JSON, &text, &len, &err), CM_OK);
	assert_non_null(strstr(text, "\"value\": 7.92,"));
	snprintf(probe, sizeof probe, "%.1f", 2.5);
	assert_string_equal(probe, "2,5"); /* and the client's locale is given back */
	cm_free(text);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_ctx_free(ctx);
	setlocale(LC_ALL, "C");
	char rm[64];
	snprintf(rm, sizeof rm, "rm -rf %s", dir);
	assert_int_equal(system(rm), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decimal_comma_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
