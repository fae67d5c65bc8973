/*
 * explain.c — an ICF coded statement in words (reference/icf.md): which
 * component and chapter, which level and under which code, and what each
 * qualifier means for that component, with the generic scale's band.
 *
 * The meaning of a qualifier depends on its component and position (d's
 * second is capacity without assistance, s's second the nature of the
 * change); the generic scale (0-4 with its bands, 8, 9) holds for every
 * position but s's nature and location, whose own codes are the
 * classification's and are shown as digits only.
 *
 * The whole interface is cm_icf_explain in capamatch.h.
 *
 * Not here: titles from a classification (the ClaML loader, to come), the
 * grammar (grammar.c), how a rule reads a qualifier (rules/capacity.lua).
 */
#include <stdio.h>
#include <string.h>

#include "grammar.h"
#include "messages.h"
#include "sandbox.h"
#include "strbuf.h"

/* The qualifiers' names, by component and position. */
static const cmi_msg_id names[4][4] = {
    [CMI_ICF_BODY_FUNCTION] = {M_ICFX_Q_IMPAIRMENT},
    [CMI_ICF_BODY_STRUCTURE] = {M_ICFX_Q_IMPAIRMENT, M_ICFX_Q_NATURE, M_ICFX_Q_LOCATION},
    [CMI_ICF_ACTIVITY] = {M_ICFX_Q_PERFORMANCE, M_ICFX_Q_CAPACITY, M_ICFX_Q_CAPACITY_ASSISTED,
                          M_ICFX_Q_PERFORMANCE_UNASSISTED},
    [CMI_ICF_ENVIRONMENT] = {M_ICFX_Q_BARRIER},
};

static const cmi_msg_id components[4] = {M_ICFX_BODY_FUNCTIONS, M_ICFX_BODY_STRUCTURES,
                                         M_ICFX_ACTIVITIES, M_ICFX_ENVIRONMENT};

static const cmi_msg_id scale[10] = {
    M_ICFX_SCALE_0, M_ICFX_SCALE_1, M_ICFX_SCALE_2, M_ICFX_SCALE_3, M_ICFX_SCALE_4, 0, 0, 0,
    M_ICFX_SCALE_8, M_ICFX_SCALE_9};

/* The levels a component has: b and s four, d and e three. */
static int levels_of(cmi_icf_component c)
{
	return c == CMI_ICF_BODY_FUNCTION || c == CMI_ICF_BODY_STRUCTURE ? 4 : 3;
}

/* The value of qualifier i in words. */
static void value_text(const cmi_icf_statement *st, int i, cm_lang lang, char *buf, size_t size)
{
	int q = st->qualifier[i];
	const char *sign = st->facilitator ? "+" : "";
	int own_codes = st->component == CMI_ICF_BODY_STRUCTURE && i > 0 && q >= 0 && q <= 7;
	if (q == CMI_ICF_UNRECORDED)
		snprintf(buf, size, "%s", cmi_msg(lang, M_ICFX_UNRECORDED));
	else if (own_codes)
		snprintf(buf, size, "%d", q);
	else
		snprintf(buf, size, "%s%d %s", sign, q, cmi_msg(lang, scale[q]));
}

/* A line with the component, chapter, level and parent, then one for each
 * qualifier (or one saying there is none). */
static void explain(const cmi_icf_statement *st, const char *text, cm_lang lang, cmi_sb *out)
{
	const char *component = cmi_msg(lang, components[st->component]);
	if (st->level == 1) {
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_HEAD_CHAPTER), text, component, st->code[0],
		              st->code[1]);
	} else {
		/* The parent: the chapter of a 2nd-level code, else one digit less. */
		char parent[8];
		size_t n = st->level == 2 ? 2 : strlen(st->code) - 1;
		memcpy(parent, st->code, n);
		parent[n] = '\0';
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_HEAD), text, component, st->code[0],
		              st->code[1], st->level, levels_of(st->component), parent);
	}
	cmi_sb_puts(out, "\n");
	if (st->nqualifiers == 0) {
		cmi_sb_printf(out, "%s\n", cmi_msg(lang, M_ICFX_NO_QUALIFIER));
		return;
	}
	for (int i = 0; i < st->nqualifiers; i++) {
		char value[128];
		value_text(st, i, lang, value, sizeof value);
		cmi_msg_id name = st->facilitator ? M_ICFX_Q_FACILITATOR : names[st->component][i];
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_QUALIFIER), i + 1, cmi_msg(lang, name),
		              value);
		cmi_sb_puts(out, "\n");
	}
}

cm_status cm_icf_explain(cm_ctx *ctx, const char *const *statements, size_t n, char **out,
                         cm_error *err)
{
	*out = NULL;
	if (!ctx->icf) {
		cm_status st = cmi_icf_grammar_new(ctx, &ctx->icf, err);
		if (st != CM_OK)
			return st;
	}
	cmi_sb sb;
	cmi_sb_init(&sb, ctx);
	cm_status st = CM_OK;
	for (size_t i = 0; i < n; i++) {
		cmi_icf_statement s;
		char why[512];
		if (!cmi_icf_parse(ctx->icf, ctx->lang, statements[i], &s, why, sizeof why)) {
			cmi_sandbox_plain(
			    why); /* the statement is the user's text: one plain line */
			st = cmi_error_add(err, CM_EINPUT, NULL, 0, NULL, "%s", why);
			continue;
		}
		explain(&s, statements[i], ctx->lang, &sb);
	}
	if (n == 0)
		cmi_sb_add(&sb, "", 0); /* an empty text, not a failure */
	size_t len;
	char *text = cmi_sb_detach(&sb, &len);
	if (st == CM_OK && !text)
		st = cmi_error_nomem(err);
	if (st != CM_OK) {
		cmi_free(ctx, text);
		return st;
	}
	*out = text;
	return CM_OK;
}
