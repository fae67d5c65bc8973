/*
 * replay.c — runs a fuzz entry point over stored inputs without libFuzzer,
 * so `make check` replays the corpus under ASan/UBSan with any compiler.
 * Prints "fuzz replay: N passed, 0 failed"; a crash ends the process,
 * which the test runner reports as a failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int done = 0;
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
