/*
 * replay.c — runs a fuzz entry point over stored inputs without libFuzzer,
 * so `make check` replays the corpus under ASan/UBSan with any compiler.
 * Prints "fuzz replay: N passed, 0 failed"; a crash ends the process,
 * which the test runner reports as a failure. The entry point swallows
 * every error (that is its job), so a replay whose rule sets did not load
 * would pass without checking anything: the rules are loaded here first,
 * and a failure to load them fails the replay.
 *
 * Each input runs under a time limit, as SQLite's fuzzcheck does, so that
 * a slow input fails the replay by name instead of hanging CI: 10 s of
 * wall time (an ASan build on a loaded machine is the slow case),
 * CAPAMATCH_REPLAY_LIMIT_US microseconds when set (the test of this limit
 * sets 1).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

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

static const char *current; /* the input being run, for the alarm */

static void say(const char *s)
{
	ssize_t r = write(STDOUT_FILENO, s, strlen(s));
	(void)r;
}

/* Only async-signal-safe calls: the input may be anywhere in the engine. */
static void out_of_time(int sig)
{
	(void)sig;
	say("replay: ");
	say(current);
	say(": over the time limit\nfuzz replay: 0 passed, 1 failed\n");
	_exit(1);
}

static int arm(long us)
{
	struct itimerval t = {{0, 0}, {us / 1000000, us % 1000000}};
	return setitimer(ITIMER_REAL, &t, NULL);
}

int main(int argc, char **argv)
{
	int done = 0;
	const char *env = getenv("CAPAMATCH_REPLAY_LIMIT_US");
	long limit = env ? strtol(env, NULL, 10) : 10L * 1000000;
	if (limit <= 0) {
		fprintf(stderr, "replay: CAPAMATCH_REPLAY_LIMIT_US must be a positive number\n");
		printf("fuzz replay: 0 passed, 1 failed\n");
		return 1;
	}
	signal(SIGALRM, out_of_time);
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
		current = argv[i];
		arm(limit);
		LLVMFuzzerTestOneInput(buf, n);
		arm(0);
		done++;
	}
	printf("fuzz replay: %d passed, 0 failed\n", done);
	return 0;
}
