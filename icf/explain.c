/*
 * explain.c — an ICF coded statement in words (doc/icf.md): which
 * component and chapter, which level and under which code, and what each
 * qualifier means for that component, with the generic scale's band.
 *
 * The meaning of a qualifier depends on its component and position (d's
 * second is capacity without assistance, s's second the nature of the
 * change); the generic scale (0-4 with its bands, 8, 9) holds for every
 * position but s's nature and location, whose own codes are the
 * classification's and are shown as digits only.
 *
 * With a classification loaded (claml.c), a code must be in it, and the
 * explanation adds its title in the report's language, its parent's, and
 * its children's (one line; a count when there are too many to read in
 * one). A title in another language says which ("[en]").
 *
 * The whole interface is cm_icf_explain in capamatch.h.
 *
 * Not here: reading the classification (claml.c), the grammar (grammar.c),
 * how a rule reads a qualifier (rules/capacity.lua).
 */
#include <stdio.h>
#include <string.h>

#include "claml.h"
#include "grammar.h"
#include "messages.h"
#include "strbuf.h"
#include "utf8.h"

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

/* Children listed on one line at most; past this, their number. The
 * ICF's widest classes (chapters, blocks) have a few dozen. */
enum { MAX_CHILDREN_LISTED = 10 };

/* k's title in lang, and in mark (8 bytes) what follows it: the language
 * it is in when that is another (" [en]"), else nothing. NULL when k has
 * no title. */
static const char *title_of(const cmi_icf_class *k, cm_lang lang, char *mark)
{
	cm_lang got = lang;
	const char *t = cmi_icf_class_title(k, lang, &got);
	if (got != lang)
		snprintf(mark, 8, " [%s]", cmi_lang_code(got));
	else
		mark[0] = '\0';
	return t;
}

/* The children on one line: code and title, or their number when there
 * are too many; nothing for a class without. */
static void children(const cmi_icf_class *k, cm_lang lang, cmi_sb *out)
{
	size_t n = cmi_icf_class_nchildren(k);
	if (n > MAX_CHILDREN_LISTED)
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_CHILDREN_MANY), (int)n,
		              (int)MAX_CHILDREN_LISTED);
	else if (n > 0)
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_CHILDREN), (int)n);
	for (size_t i = 0; n <= MAX_CHILDREN_LISTED && i < n; i++) {
		const cmi_icf_class *c = cmi_icf_class_child(k, i);
		char mark[8];
		const char *t = title_of(c, lang, mark);
		if (i > 0)
			cmi_sb_printf(out, "%s ", cmi_msg(lang, M_ICFX_CHILD_SEP));
		cmi_sb_printf(out, "%s%s%s%s", cmi_icf_class_code(c), t ? " " : "", t ? t : "",
		              mark);
	}
	if (n > 0)
		cmi_sb_puts(out, "\n");
}

/* The lines a classification adds: the code's title, its parent, its
 * children. */
static void classified(const cmi_icf_class *k, cm_lang lang, cmi_sb *out)
{
	char mark[8];
	const char *t = title_of(k, lang, mark);
	if (t) {
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_TITLE), t, mark);
		cmi_sb_puts(out, "\n");
	}
	const cmi_icf_class *p = cmi_icf_class_parent(k);
	if (p && (t = title_of(p, lang, mark)))
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_PARENT), cmi_icf_class_code(p), t, mark);
	else if (p)
		cmi_sb_printf(out, cmi_msg(lang, M_ICFX_PARENT_UNTITLED), cmi_icf_class_code(p));
	if (p)
		cmi_sb_puts(out, "\n");
	children(k, lang, out);
}

/* A line with the component, chapter, level and parent, then one for each
 * qualifier (or one saying there is none); k is the code's class when a
 * classification is loaded, else NULL. */
static void explain(const cmi_icf_statement *st, const char *text, const cmi_icf_class *k,
                    cm_lang lang, cmi_sb *out)
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
	if (k)
		classified(k, lang, out);
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

static cm_status not_classified(cm_ctx *ctx, const char *statement, cm_error *err)
{
	char text[512];
	cmi_text_snprintf(text, sizeof text, cmi_msg(ctx->lang, M_ICFX_NOT_CLASSIFIED), statement,
	                  cmi_icf_classes_name(ctx->icf_classes));
	cmi_text_plain(text); /* the statement is the user's text: one plain line */
	return cmi_error_add(err, CM_EINPUT, NULL, 0, NULL, "%s", text);
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
			cmi_text_plain(why); /* the statement is the user's text: one plain line */
			st = cmi_error_add(err, CM_EINPUT, NULL, 0, NULL, "%s", why);
			continue;
		}
		const cmi_icf_class *k = NULL;
		if (ctx->icf_classes && !(k = cmi_icf_class_find(ctx->icf_classes, s.code))) {
			st = not_classified(ctx, statements[i], err);
			continue;
		}
		explain(&s, statements[i], k, ctx->lang, &sb);
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
