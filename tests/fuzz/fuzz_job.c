/*
 * fuzz_job.c — libFuzzer entry point for job profiles: one call to
 * cm_job_load_memory, which parses, validates and maps untrusted XML, and
 * for an accepted profile one cm_check. `make fuzz` builds it with
 * libFuzzer; `make check` replays tests/fuzz/corpus/job/ through the same
 * function under the sanitizers (replay.c), so every input that once
 * crashed stays a test.
 */
#include <stddef.h>
#include <stdint.h>

#include "capamatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cm_ctx *ctx; /* one context for the whole run: rules load once */
	cm_error err = {0};
	if (!ctx && cm_ctx_new(".", &ctx, &err) != CM_OK) {
		cm_error_clear(&err);
		return 0;
	}
	cm_ctx_set_search_limit(ctx, 6, 3); /* keep one input fast */
	cm_job *job = NULL;
	cm_assessment *a = NULL;
	if (cm_job_load_memory(ctx, "fuzz.xml", (const char *)data, size, &job, &err) == CM_OK)
		cm_check(ctx, job, NULL, &a, &err);
	cm_assessment_free(a);
	cm_job_free(job);
	cm_error_clear(&err);
	return 0;
}
