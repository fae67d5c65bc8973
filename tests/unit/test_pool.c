/*
 * test_pool.c — the small-block pool of a Lua state (engine/host/lua_pool.h):
 * a block given back is handed out again for its class and only for it,
 * every block is aligned and apart from every other, the cap stops new
 * chunks, and release empties the pool; then a Lua state on the sandbox's
 * allocator cycling through every size class stays within its memory cap.
 */
#include <stdint.h>

#include "support.h"

#include "ctx.h"
#include "lua_pool.h"
#include "sandbox.h"

/* Sizes at and around every class edge. */
static const size_t sizes[] = {1, 15, 16, 17, 24, 31, 32, 33, 100, 255, 256, 257, 500, 511, 512};
#define NSIZES (sizeof sizes / sizeof *sizes)

static void test_classes(void **state)
{
	(void)state;
	static const struct {
		size_t a, b;
		int same;
	} rows[] = {
	    {1, 16, 1},    {16, 17, 0},   {17, 32, 1}, {32, 33, 0},
	    {497, 512, 1}, {496, 497, 0}, {1, 512, 0},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		assert_int_equal(cmi_pool_same_class(rows[i].a, rows[i].b), rows[i].same);
	assert_true(cmi_pool_small(CMI_POOL_MAX));
	assert_false(cmi_pool_small(CMI_POOL_MAX + 1));
}

/* Every block aligned as malloc's, writable to its size, apart from the
 * others; given back, each is the next one its class hands out. */
static void test_reuse_and_alignment(void **state)
{
	(void)state;
	cmi_pool p = {.cap = SIZE_MAX};
	enum { PER = 300 };
	static unsigned char *blocks[NSIZES][PER];
	for (size_t s = 0; s < NSIZES; s++)
		for (int i = 0; i < PER; i++) {
			blocks[s][i] = cmi_pool_alloc(&p, sizes[s]);
			assert_non_null(blocks[s][i]);
			assert_int_equal((uintptr_t)blocks[s][i] % _Alignof(max_align_t), 0);
			memset(blocks[s][i], (int)(s * PER + i) & 0xff, sizes[s]);
		}
	for (size_t s = 0; s < NSIZES; s++)
		for (int i = 0; i < PER; i++)
			for (size_t k = 0; k < sizes[s]; k++)
				assert_int_equal(blocks[s][i][k], (s * PER + i) & 0xff);
	assert_true(p.held >= NSIZES * PER * CMI_POOL_STEP);
	for (size_t s = 0; s < NSIZES; s++) {
		cmi_pool_free(&p, blocks[s][7], sizes[s]);
		/* a size of another class never gets it */
		size_t other =
		    sizes[s] + CMI_POOL_STEP <= CMI_POOL_MAX ? sizes[s] + CMI_POOL_STEP : 1;
		void *q = cmi_pool_alloc(&p, other);
		assert_ptr_not_equal(q, blocks[s][7]);
		cmi_pool_free(&p, q, other);
		assert_ptr_equal(cmi_pool_alloc(&p, sizes[s]), blocks[s][7]);
	}
	/* a block given back under another size of its class serves that class */
	cmi_pool_free(&p, blocks[3][0], 30); /* made for 17 bytes: the class of 17 to 32 */
	assert_ptr_equal(cmi_pool_alloc(&p, 25), blocks[3][0]);
	cmi_pool_release(&p);
	assert_int_equal(p.held, 0);
	assert_null(p.chunks);
	assert_int_equal(p.cap, SIZE_MAX);
	assert_non_null(cmi_pool_alloc(&p, 16)); /* usable again */
	cmi_pool_release(&p);
}

/* No chunk past the cap: allocation then fails, and what was given back
 * is still handed out. */
static void test_cap(void **state)
{
	(void)state;
	cmi_pool p = {.cap = 100 * 1024};
	assert_false(cmi_pool_full(&p));
	void *first = cmi_pool_alloc(&p, 64);
	assert_non_null(first);
	assert_true(cmi_pool_full(&p)); /* a second 64 KiB chunk would pass 100 KiB */
	size_t n = 1;
	void *last = first;
	for (void *b; (b = cmi_pool_alloc(&p, 64)); n++)
		last = b;
	assert_true(p.held <= p.cap);
	assert_true(n * 64 > 60 * 1024 && n * 64 <= 64 * 1024);
	cmi_pool_free(&p, last, 64);
	assert_ptr_equal(cmi_pool_alloc(&p, 64), last);
	assert_null(cmi_pool_alloc(&p, 64));
	cmi_pool_release(&p);
	cmi_pool zero = {0};
	assert_true(cmi_pool_full(&zero));
	assert_null(cmi_pool_alloc(&zero, 1));
}

/* Runs code in a fresh sandbox with a 4 MiB heap; the message in msg. */
static cm_status run(const char *code, char *msg, size_t size)
{
	cm_ctx *ctx = test_ctx();
	assert_non_null(ctx);
	cm_ctx_set_lua_limits(ctx, 4u << 20, 0);
	cmi_sandbox *sb = NULL;
	cm_error err = {0};
	assert_int_equal(cmi_sandbox_new(ctx, &sb, &err), CM_OK);
	msg[0] = '\0';
	cm_status st = cmi_sandbox_run_chunk(sb, "cycle", code, strlen(code), msg, size);
	cmi_sandbox_free(sb);
	cm_ctx_free(ctx);
	return st;
}

/* A rule that fills a quarter of the heap with strings of one size, drops
 * them and moves to the next size: each round's garbage stays on its
 * class's list, so without the chunks' cap (twice the heap) the footprint
 * would grow with every round, to about 30 MiB here. With it the rule
 * stops at the memory limit. The same rounds at one size reuse their
 * garbage and finish. */
static void test_hostile_cycle(void **state)
{
	(void)state;
	static const char *const code[] = {
	    "for len = 1, 480, 16 do\n"
	    "  local t = {}\n"
	    "  for i = 1, 4000 do t[i] = string.rep('x', len) .. i end\n"
	    "end\n"
	    "return 'done'\n",
	    "for len = 1, 480, 16 do\n"
	    "  local t = {}\n"
	    "  for i = 1, 4000 do t[i] = string.rep('x', 400) .. i end\n"
	    "end\n"
	    "return 'done'\n",
	};
	char msg[512];
	assert_int_equal(run(code[0], msg, sizeof msg), CM_ERULES);
	assert_non_null(strstr(msg, "memory"));
	assert_int_equal(run(code[1], msg, sizeof msg), CM_OK);
}

/* Tables whose array part grows to 32 slots (512 bytes) and shrinks to 2
 * when a rehash finds it mostly empty, round after round. A shrink kept in
 * place would leave each round's 512-byte block on the 32-byte list, and
 * the 512-byte class would cut a new one every round: 10 MB over these
 * rounds, past the chunks' cap of twice the 4 MiB heap. Copied, the rounds
 * reuse their blocks and finish. */
static void test_shrink_cycle(void **state)
{
	(void)state;
	static const char code[] = "for round = 1, 20000 do\n"
	                           "  local t = {}\n"
	                           "  for i = 1, 30 do t[i] = i end\n"
	                           "  for i = 3, 30 do t[i] = nil end\n"
	                           "  t.x = 1 t.y = 2 t.z = 3\n"
	                           "end\n"
	                           "return 'done'\n";
	char msg[512];
	cm_status st = run(code, msg, sizeof msg);
	if (st != CM_OK)
		fail_msg("the rounds stopped: %s", msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_classes),      cmocka_unit_test(test_reuse_and_alignment),
	    cmocka_unit_test(test_cap),          cmocka_unit_test(test_hostile_cycle),
	    cmocka_unit_test(test_shrink_cycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
