/*
 * replay.c — runs a fuzz entry point over stored inputs without libFuzzer,
 * so `make check` replays the corpus under ASan/UBSan with any compiler.
 * Prints "fuzz replay: N passed, 0 failed"; a crash ends the process,
 * which the test runner reports as a failure. The entry point swallows
 * every error (that is its job), so a replay whose rule sets did not load
 * would pass without checking anything: the rules are loaded here first,
 * and a failure to load them fails the replay.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "capamatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int rules_load(void)
{
	cm_ctx *ctx = NULL;
	cm_error err = {0};
	int ok = cm_ctx_new(".", &ctx, &err) == CM_OK && cm_ctx_load_rules(ctx, &err) == CM_OK;
	for (size_t i = 0; i < err.nproblems; i++)
		fprintf(stderr, "replay: %s\n", err.problems[i].message);
	cm_error_clear(&err);
	cm_ctx_free(ctx);
	return ok;
}

int main(int argc, char **argv)
{
	int done = 0;
	if (!rules_load()) {
		printf("fuzz replay: 0 passed, 1 failed\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			printf("fuzz replay: %d passed, 1 failed\n", done);
			return 1;
		}
		static uint8_t buf[1 << 22];
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		done++;
	}
	printf("fuzz replay: %d passed, 0 failed\n", done);
	return 0;
}
