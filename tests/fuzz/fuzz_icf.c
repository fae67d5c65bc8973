/*
 * fuzz_icf.c — libFuzzer entry point for ICF coded statements
 * (icf/grammar.c): any bytes are one statement. A statement the grammar
 * accepts must come back whole: its parts within the grammar's limits,
 * and the statement written again from them (normalised: a and p as d)
 * parsed to the same parts. A refused one must say why. `make fuzz` builds
 * it with libFuzzer; `make check` replays tests/fuzz/corpus/icf/ through
 * it under the sanitizers (replay.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok)
{
	if (!ok)
		abort();
}

/* The statement st says, written again. */
static void write_again(const cmi_icf_statement *st, char *out, size_t size)
{
	size_t n = (size_t)snprintf(out, size, "%s", st->code);
	if (st->nqualifiers)
		out[n++] = st->facilitator ? '+' : '.';
	for (int i = 0; i < st->nqualifiers; i++)
		out[n++] = st->qualifier[i] == CMI_ICF_UNRECORDED ? '_' : (char)('0' + st->qualifier[i]);
	out[n] = '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cm_ctx *ctx; /* one context and grammar for the whole run */
	static cmi_icf_grammar *g;
	cm_error err = {0};
	if (!ctx && (cm_ctx_new(".", &ctx, &err) != CM_OK ||
	             cmi_icf_grammar_new(ctx, &g, &err) != CM_OK)) {
		cm_error_clear(&err);
		abort(); /* a replay that checks nothing must not pass */
	}
	char *text = malloc(size + 1);
	require(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0'; /* a NUL inside ends the statement, as in C */
	cmi_icf_statement st, again;
	char why[512] = "", written[32];
	if (cmi_icf_parse(g, CM_LANG_EN, text, &st, why, sizeof why)) {
		size_t n = strlen(st.code);
		require(strchr("bsde", st.code[0]) != NULL && n >= 2 && n <= 6);
		require(st.level == (n == 2 ? 1 : (int)n - 2));
		require(st.nqualifiers >= 0 && st.nqualifiers <= 4);
		for (int i = 0; i < st.nqualifiers; i++)
			require(st.qualifier[i] >= CMI_ICF_UNRECORDED && st.qualifier[i] <= 9);
		write_again(&st, written, sizeof written);
		require(cmi_icf_parse(g, CM_LANG_EN, written, &again, why, sizeof why));
		require(memcmp(&st, &again, sizeof st) == 0);
	} else {
		require(why[0] != '\0');
	}
	free(text);
	return 0;
}
