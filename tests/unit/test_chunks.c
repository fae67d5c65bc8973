/*
 * test_chunks.c — the shipped rule files compiled by the build
 * (engine/host/chunks.h): that the table holds every file as it is, that
 * loading a context takes them from it, and that the compiled form behaves
 * as the text: the same functions on the same lines, under the name of
 * the file it was read from, and an error naming that file and line.
 * A file that differs by one byte is compiled from its text.
 *
 * The results of the rule sets loaded this way are the golden reports'
 * business (tests/golden), which every build now reaches through this
 * table.
 */
#include <lauxlib.h>
#include <sys/stat.h>

#include "support.h"

#include "chunks.h"
#include "file.h"
#include "rules.h"
#include "sandbox.h"

/* The files the Makefile compiles (CHUNK_SRC), found here by listing rules/
 * and rules/lib/ anew, so that a file added to one and not the other fails. */
enum { PATH_CAP = 300 }; /* a directory, '/', and a d_name of up to 255 bytes */
static int shipped(char files[][PATH_CAP], int max)
{
	static const char *const dirs[] = {"rules", "rules/lib"};
	int n = 0;
	for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
		DIR *dir = opendir(dirs[d]);
		assert_non_null(dir);
		struct dirent *e;
		while ((e = readdir(dir))) {
			size_t len = strlen(e->d_name);
			if (len > 4 && !strcmp(e->d_name + len - 4, ".lua")) {
				assert_true(n < max);
				snprintf(files[n++], PATH_CAP, "%s/%s", dirs[d], e->d_name);
			}
		}
		closedir(dir);
	}
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	char *buf = NULL, *copy;
	assert_non_null(ctx);
	assert_int_equal(cmi_read_file(ctx, path, 1 << 20, &buf, len, &err), CM_OK);
	copy = malloc(*len + 1);
	assert_non_null(copy);
	memcpy(copy, buf, *len + 1);
	cmi_free(ctx, buf);
	cm_ctx_free(ctx);
	return copy;
}

static void test_every_shipped_file_is_in_the_table(void **state)
{
	(void)state;
	char files[32][PATH_CAP];
	int n = shipped(files, 32), count;
	const cmi_chunk *all = cmi_chunk_all(&count);
	assert_int_equal(count, n);
	for (int i = 0; i < n; i++) {
		size_t len;
		char *src = slurp(files[i], &len), sha[65];
		cmi_sha256_hex(src, len, sha);
		const cmi_chunk *k = cmi_chunk_find(sha);
		if (!k)
			fail_msg("%s: its bytes are not those the build compiled (rebuild)",
			         files[i]);
		assert_string_equal(k->file, files[i]);
		assert_true(k->head < k->body && k->body < k->len);
		free(src);
	}
	assert_ptr_equal(all[0].sha256, cmi_chunk_find(all[0].sha256)->sha256);
	assert_null(
	    cmi_chunk_find("0000000000000000000000000000000000000000000000000000000000000000"));
}

static void test_a_context_loads_them_compiled(void **state)
{
	(void)state;
	char files[32][PATH_CAP];
	int n = shipped(files, 32);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	/* the rule sets, the catalogue and the helpers: every shipped file */
	assert_int_equal(cmi_sandbox_compiled_loads(cmi_rules_sandbox(ctx)), n);
	cm_ctx_free(ctx);
}

/* What the reader finds in the table a chunk returned: the first line of
 * the first function met (depth first, keys in the order next gives, which
 * is the same for the same table built the same way), its source, and the
 * error a call of the helpers' compare with nil gives. */
typedef struct probe {
	char source[300];
	int line;
	char error[300];
} probe;

static int first_function(lua_State *L, int t, int depth, probe *p)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_isfunction(L, -1) && !lua_iscfunction(L, -1)) {
			lua_Debug ar;
			lua_getinfo(L, ">S", &ar);
			snprintf(p->source, sizeof p->source, "%s", ar.source);
			p->line = ar.linedefined;
			lua_pop(L, 1);
			return 1;
		}
		if (lua_istable(L, -1) && depth < 4 &&
		    first_function(L, lua_gettop(L), depth + 1, p)) {
			lua_pop(L, 2);
			return 1;
		}
		lua_pop(L, 1);
	}
	return 0;
}

static int read_probe(lua_State *L)
{
	probe *p = lua_touserdata(L, 1);
	if (!first_function(L, 2, 0, p))
		return luaL_error(L, "no function in the chunk's table");
	if (lua_getfield(L, 2, "compare") == LUA_TFUNCTION) {
		lua_pushnil(L);
		lua_pushstring(L, "<=");
		lua_pushinteger(L, 5);
		if (lua_pcall(L, 3, 0, 0) != LUA_OK)
			snprintf(p->error, sizeof p->error, "%s", lua_tostring(L, -1));
	}
	return 0;
}

static void run_probe(cmi_sandbox *sb, const char *path, probe *p)
{
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	cm_status ran;
	char msg[512];
	memset(p, 0, sizeof *p);
	assert_int_equal(
	    cmi_sandbox_run_file(ctx, sb, path, read_probe, p, NULL, &ran, msg, sizeof msg, &err),
	    CM_OK);
	if (ran != CM_OK)
		fail_msg("%s: %s", path, msg);
	cm_ctx_free(ctx);
}

static void test_compiled_is_the_text_under_its_own_name(void **state)
{
	(void)state;
	char files[32][PATH_CAP], dir[64], copy[400], edited[400], expect[420];
	int n = shipped(files, 32);
	assert_int_equal(test_make_tmpdir(dir, "chunks"), 0);
	cm_ctx *ctx = test_ctx();
	cm_error err = {0};
	assert_non_null(ctx);
	assert_int_equal(cm_ctx_load_rules(ctx, &err), CM_OK);
	cmi_sandbox *sb = cmi_rules_sandbox(ctx);
	for (int i = 0; i < n; i++) {
		size_t len;
		char *src = slurp(files[i], &len);
		/* the same bytes under another name: compiled, named as read */
		snprintf(copy, sizeof copy, "%s/copy-%d.lua", dir, i);
		assert_int_equal(test_write_file(copy, src), 0);
		/* one more line at the end: the text, compiled here */
		snprintf(edited, sizeof edited, "%s/edited-%d.lua", dir, i);
		char *more = malloc(len + 16);
		assert_non_null(more);
		snprintf(more, len + 16, "%s\n-- edited\n", src);
		assert_int_equal(test_write_file(edited, more), 0);
		free(more);
		free(src);

		probe compiled, text;
		int before = cmi_sandbox_compiled_loads(sb);
		run_probe(sb, copy, &compiled);
		assert_int_equal(cmi_sandbox_compiled_loads(sb), before + 1);
		run_probe(sb, edited, &text);
		assert_int_equal(cmi_sandbox_compiled_loads(sb), before + 1);

		snprintf(expect, sizeof expect, "@%s", copy);
		assert_string_equal(compiled.source, expect);
		snprintf(expect, sizeof expect, "@%s", edited);
		assert_string_equal(text.source, expect);
		assert_true(compiled.line > 0);
		assert_int_equal(compiled.line, text.line);
		if (strstr(files[i], "lib/capamatch.lua")) {
			/* an error inside compiled code names the file and line */
			snprintf(expect, sizeof expect, "%s:", copy);
			if (strncmp(compiled.error, expect, strlen(expect)) ||
			    !strstr(compiled.error, "attempt to compare"))
				fail_msg("compare(nil) in %s: \"%s\"", copy, compiled.error);
			assert_string_equal(strchr(compiled.error, ':'), strchr(text.error, ':'));
		}
		unlink(copy);
		unlink(edited);
	}
	cm_ctx_free(ctx);
	rmdir(dir);
}

/* The name goes back in Lua's own length code: the lengths where its
 * groups of 7 bits change. */
static void test_size_code(void **state)
{
	(void)state;
	static const struct {
		size_t n;
		int len;
		unsigned char code[3];
	} rows[] = {
	    {0, 1, {0x80}},         {1, 1, {0x81}},         {127, 1, {0xff}},
	    {128, 2, {0x01, 0x80}}, {300, 2, {0x02, 0xac}}, {16384, 3, {0x01, 0x00, 0x80}},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		unsigned char out[10];
		assert_int_equal(cmi_chunk_size_code(rows[i].n, out), rows[i].len);
		assert_memory_equal(out, rows[i].code, (size_t)rows[i].len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_shipped_file_is_in_the_table),
	    cmocka_unit_test(test_a_context_loads_them_compiled),
	    cmocka_unit_test(test_compiled_is_the_text_under_its_own_name),
	    cmocka_unit_test(test_size_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
