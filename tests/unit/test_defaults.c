/*
 * test_defaults.c — the library's limits have one definition (capamatch.h)
 * and the context keeps to it:
 *  - a new context has CM_DEFAULT_MAX_GROUP, CM_DEFAULT_MAX_SETS and
 *    CM_DEFAULT_CHECK_SECONDS;
 *  - cm_ctx_set_search_limit takes a max_group above CM_MAX_GROUP_CAP as
 *    the cap and a max_sets below 1 as 1; a value <= 0 for the check's
 *    seconds restores the default.
 * That the manual, the README and the help state the same numbers is
 * tests/defaults' part.
 */
#include "support.h"

#include "ctx.h"

static void test_new_context(void **state)
{
	(void)state;
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	assert_int_equal(ctx->max_group, CM_DEFAULT_MAX_GROUP);
	assert_int_equal(ctx->max_sets, CM_DEFAULT_MAX_SETS);
	assert_true(ctx->check_seconds == CM_DEFAULT_CHECK_SECONDS);
	cm_ctx_free(ctx);
}

static void test_search_limit(void **state)
{
	(void)state;
	static const struct {
		int group, sets;           /* given */
		int want_group, want_sets; /* kept */
	} rows[] = {
	    {1, 1, 1, 1},
	    {16, 10, 16, 10},
	    {CM_MAX_GROUP_CAP, 1000, CM_MAX_GROUP_CAP, 1000},
	    {CM_MAX_GROUP_CAP + 1, 0, CM_MAX_GROUP_CAP, 1},
	    {1000, -5, CM_MAX_GROUP_CAP, 1},
	};
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cm_ctx_set_search_limit(ctx, rows[i].group, rows[i].sets);
		if (ctx->max_group != rows[i].want_group || ctx->max_sets != rows[i].want_sets)
			fail_msg("set_search_limit(%d, %d) kept (%d, %d), expected (%d, %d)",
			         rows[i].group, rows[i].sets, ctx->max_group, ctx->max_sets,
			         rows[i].want_group, rows[i].want_sets);
	}
	cm_ctx_set_check_seconds(ctx, 2.5);
	assert_true(ctx->check_seconds == 2.5);
	cm_ctx_set_check_seconds(ctx, 0);
	assert_true(ctx->check_seconds == CM_DEFAULT_CHECK_SECONDS);
	cm_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_new_context),
	    cmocka_unit_test(test_search_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
