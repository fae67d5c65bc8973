/*
 * fuzz_claml.c — libFuzzer entry point for ICF classifications in ClaML
 * (icf/claml.c): any bytes are one file. A file refused must say why, in
 * at least one problem. A file accepted must be the tree claml.h promises:
 * every class found again by its code, codes in strictly increasing order,
 * each class among its parent's children and each child's parent itself,
 * every chain of parents ending within the number of classes, every title
 * one non-empty plain line with no space at either end. `make fuzz` builds
 * it with libFuzzer; `make check` replays tests/fuzz/corpus/claml/ through
 * it under the sanitizers (replay.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "claml.h"
#include "messages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

static void check_title(const char *t)
{
	size_t n = strlen(t);
	require(n > 0 && t[0] != ' ' && t[n - 1] != ' ');
	for (size_t i = 0; i < n; i++)
		require((unsigned char)t[i] >= 0x20 && t[i] != 0x7f);
}

static void check_class(const cmi_icf_classes *c, const cmi_icf_class *k)
{
	require(cmi_icf_class_find(c, cmi_icf_class_code(k)) == k);
	require(cmi_icf_class_kind(k) != NULL);
	const cmi_icf_class *p = cmi_icf_class_parent(k);
	if (p) {
		size_t i = 0, n = cmi_icf_class_nchildren(p);
		while (i < n && cmi_icf_class_child(p, i) != k)
			i++;
		require(i < n);
	}
	for (size_t i = 0; i < cmi_icf_class_nchildren(k); i++)
		require(cmi_icf_class_parent(cmi_icf_class_child(k, i)) == k);
	size_t steps = 0;
	for (const cmi_icf_class *a = p; a; a = cmi_icf_class_parent(a))
		require(++steps <= cmi_icf_classes_count(c));
	for (int l = 0; l < CMI_NLANGS; l++) {
		const char *t = cmi_icf_class_title(k, (cm_lang)l, NULL);
		if (t)
			check_title(t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cm_ctx *ctx; /* one context for the whole run */
	cm_error err = {0};
	if (!ctx && cm_ctx_new(".", &ctx, &err) != CM_OK)
		abort(); /* a replay that checks nothing must not pass */
	cmi_icf_classes *c = NULL;
	if (cmi_icf_classes_load_memory(ctx, "fuzz.xml", (const char *)data, size, &c, &err) ==
	    CM_OK) {
		size_t n = cmi_icf_classes_count(c);
		require(n > 0 && err.nproblems == 0);
		for (size_t i = 0; i < n; i++) {
			const cmi_icf_class *k = cmi_icf_classes_at(c, i);
			check_class(c, k);
			if (i > 0)
				require(strcmp(cmi_icf_class_code(cmi_icf_classes_at(c, i - 1)),
				               cmi_icf_class_code(k)) < 0);
		}
	} else {
		require(c == NULL && err.nproblems > 0 && err.problems[0].message[0]);
	}
	cmi_icf_classes_free(c);
	cm_error_clear(&err);
	return 0;
}
