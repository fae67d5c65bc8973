/*
 * fuzz_person.c — libFuzzer entry point for person profiles: one call to
 * cm_person_load_memory (the secure parse, the schema, ranges, the ICF
 * grammar of every statement), and for an accepted profile one cm_match
 * against the order picker, so that whatever the loader lets through also
 * meets the capacity and screening rules and the reports of every audience.
 * `make fuzz` builds it with libFuzzer; `make check` replays
 * tests/fuzz/corpus/person/ under the sanitizers (replay.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "capamatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cm_ctx *ctx; /* one context and job for the whole run */
	static cm_job *job;
	cm_error err = {0};
	if (!ctx && cm_ctx_new(".", &ctx, &err) != CM_OK) {
		cm_error_clear(&err);
		return 0;
	}
	if (!job && cm_job_load(ctx, "examples/jobs/orderpicker.xml", &job, &err) != CM_OK) {
		cm_error_clear(&err);
		return 0;
	}
	cm_ctx_set_search_limit(ctx, 6, 3); /* keep one input fast */
	cm_person *person = NULL;
	cm_assessment *a = NULL;
	cm_match_options opt = {NULL, "2026-11-20", 0};
	if (cm_person_load_memory(ctx, "fuzz.xml", (const char *)data, size, &person, &err) ==
	        CM_OK &&
	    cm_match(ctx, person, job, &opt, &a, &err) == CM_OK) {
		for (int audience = CM_AUDIENCE_MEDICAL; audience <= CM_AUDIENCE_EMPLOYER; audience++)
			for (int format = CM_FORMAT_TEXT; format <= CM_FORMAT_JSON; format++) {
				char *out = NULL;
				size_t len;
				cm_report_render_for(ctx, a, (cm_format)format, (cm_audience)audience,
				                     &out, &len, &err);
				cm_free(out);
			}
	}
	cm_assessment_free(a);
	cm_person_free(person);
	cm_error_clear(&err);
	return 0;
}
