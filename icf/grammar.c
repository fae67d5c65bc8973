/*
 * grammar.c — the ICF code grammar of doc/icf.md.
 *
 * One PCRE2 pattern, compiled once per context (JIT where the platform has
 * it), splits any text into the four parts a coded statement has: the
 * component letter, the code's digits, the separator and the qualifiers.
 * It matches everything on purpose: the rules are then checked part by
 * part, so that a wrong statement is answered with the part that is wrong
 * ("too many digits for d", "7 is not a generic qualifier") rather than a
 * bare "invalid". The rules, per component:
 *
 *   b, s: 1, 3, 4 or 5 digits (chapter, 2nd, 3rd, 4th level);
 *   d (a, p): 1, 3 or 4; e: 1, 3 or 4;
 *   separator '.', and '+' (a facilitator) for e only, once;
 *   qualifiers: b 1, s up to 3, d up to 4, e exactly 1 when there is a
 *   separator; each a digit or '_' (not recorded); the generic scale is
 *   0-4, 8, 9, except s's 2nd and 3rd (nature and location: 0-9).
 *
 * Not here: whether a code exists in the classification (the ClaML
 * loader), or what a qualifier means for a job (rules/capacity.lua).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "grammar.h"
#include "messages.h"
#include "utf8.h"

/* Invariants: re and match are made together and live until free; match
 * is the one scratch buffer of parse (a context is used by one thread). */
struct cmi_icf_grammar {
	cm_ctx *ctx; /* not owned */
	pcre2_code *re;
	pcre2_match_data *match;
};

/* Any text: component letters, digits, separators, the rest. */
static const char pattern[] = "^([^0-9.+]*)([0-9]*)([.+]*)(.*)$";

typedef struct component_rule {
	char letter;
	cmi_icf_component component;
	int max_digits;     /* 5: four levels; 4: three */
	int max_qualifiers; /* after a separator */
	int min_qualifiers;
	int facilitator;    /* '+' allowed */
	const char *levels; /* the digit counts allowed, for messages */
} component_rule;

static const component_rule rules[] = {
    {'b', CMI_ICF_BODY_FUNCTION, 5, 1, 1, 0, "1, 3, 4 or 5"},
    {'s', CMI_ICF_BODY_STRUCTURE, 5, 3, 1, 0, "1, 3, 4 or 5"},
    {'d', CMI_ICF_ACTIVITY, 4, 4, 1, 0, "1, 3 or 4"},
    {'e', CMI_ICF_ENVIRONMENT, 4, 1, 1, 1, "1, 3 or 4"},
};

cm_status cmi_icf_grammar_new(cm_ctx *ctx, cmi_icf_grammar **out, cm_error *err)
{
	*out = NULL;
	cmi_icf_grammar *g = cmi_calloc(ctx, 1, sizeof *g);
	if (!g)
		return cmi_error_nomem(err);
	g->ctx = ctx;
	int code;
	PCRE2_SIZE at;
	g->re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_DOTALL, &code, &at,
	                      NULL);
	if (g->re) {
		pcre2_jit_compile(g->re, PCRE2_JIT_COMPLETE); /* without JIT it still matches */
		g->match = pcre2_match_data_create_from_pattern(g->re, NULL);
	}
	if (!g->re || !g->match) {
		cmi_icf_grammar_free(g);
		return cmi_error_nomem(err); /* the pattern is ours: only memory can fail */
	}
	*out = g;
	return CM_OK;
}

void cmi_icf_grammar_free(cmi_icf_grammar *g)
{
	if (!g)
		return;
	pcre2_match_data_free(g->match);
	pcre2_code_free(g->re);
	cmi_free(g->ctx, g);
}

static const component_rule *rule_of(char letter)
{
	if (letter == 'a' || letter == 'p')
		letter = 'd';
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].letter == letter)
			return &rules[i];
	return NULL;
}

/* 0 with the reason written; lets parse end with `return fail(...)`. */
static int fail(char *why, size_t size, cm_lang lang, cmi_msg_id id, ...)
{
	va_list ap;
	va_start(ap, id);
	if (vsnprintf(why, size, cmi_msg(lang, id), ap) >= (int)size && size > 0)
		why[cmi_utf8_whole(why, size - 1)] = '\0'; /* never cut inside a character */
	va_end(ap);
	return 0;
}

static int generic(int digit)
{
	return (digit >= 0 && digit <= 4) || digit == 8 || digit == 9;
}

/* Qualifier i (from 0) of a statement of rule r. */
static int read_qualifier(const component_rule *r, const char *text, int i, char c, int *q,
                          cm_lang lang, char *why, size_t size)
{
	if (c == '_') {
		*q = CMI_ICF_UNRECORDED;
		return 1;
	}
	if (c < '0' || c > '9')
		return fail(why, size, lang, M_ICF_QUALIFIER_CHAR, text, i + 1, c);
	*q = c - '0';
	int any_digit = r->component == CMI_ICF_BODY_STRUCTURE && i > 0; /* nature, location */
	if (!any_digit && !generic(*q))
		return fail(why, size, lang, M_ICF_NOT_GENERIC, text, i + 1, *q);
	return 1;
}

/* A coded statement is ASCII. A character outside it is named, not quoted:
 * a zero-width space pasted with the code cannot be seen, and a lone byte
 * would make the message itself invalid UTF-8. ASCII controls too. */
static int foreign_character(const char *text, cm_lang lang, char *why, size_t size)
{
	size_t len = strlen(text);
	int k = 1;
	for (size_t i = 0, n; i < len; i += n, k++) {
		long cp;
		n = cmi_utf8_next(text + i, len - i, &cp);
		if (cp == CMI_UTF8_BAD)
			return !fail(why, size, lang, M_ICF_BYTE, text, k, (unsigned char)text[i]);
		if (cp >= 0x80 || cp < 0x20 || cp == 0x7F) {
			char name[96];
			cmi_utf8_describe(cp, name, sizeof name);
			return !fail(why, size, lang, M_ICF_CHARACTER, text, k, name);
		}
	}
	return 0;
}

int cmi_icf_parse(const cmi_icf_grammar *g, cm_lang lang, const char *text, cmi_icf_statement *out,
                  char *why, size_t size)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return fail(why, size, lang, M_ICF_EMPTY);
	if (foreign_character(text, lang, why, size))
		return 0;
	if (pcre2_match(g->re, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, g->match, NULL) < 0)
		return fail(why, size, lang, M_ICF_EMPTY); /* cannot happen: it matches any text */
	PCRE2_SIZE *v = pcre2_get_ovector_pointer(g->match);
	const char *letters = text + v[2], *digits = text + v[4], *seps = text + v[6],
	           *quals = text + v[8];
	size_t nletters = v[3] - v[2], ndigits = v[5] - v[4], nseps = v[7] - v[6],
	       nquals = v[9] - v[8];
	if (nletters == 0)
		return fail(why, size, lang, M_ICF_NO_COMPONENT, text);
	const component_rule *r = nletters == 1 ? rule_of(letters[0]) : NULL;
	if (!r)
		return fail(why, size, lang, M_ICF_COMPONENT, text, (int)nletters, letters);
	if (ndigits == 0)
		return fail(why, size, lang, M_ICF_NO_DIGITS, text);
	if ((int)ndigits > r->max_digits)
		return fail(why, size, lang, M_ICF_TOO_MANY_DIGITS, text, r->letter, r->max_digits);
	if (ndigits == 2)
		return fail(why, size, lang, M_ICF_NO_LEVEL, text, r->letter, r->levels);
	if (nseps > 1 || memchr(quals, '.', nquals) || memchr(quals, '+', nquals))
		return fail(why, size, lang, M_ICF_ONE_SEPARATOR, text);
	if (nseps == 0 && nquals > 0)
		return fail(why, size, lang, M_ICF_TRAILING, text, (int)nquals, quals);
	int facilitator = nseps == 1 && seps[0] == '+';
	if (facilitator && !r->facilitator)
		return fail(why, size, lang, M_ICF_FACILITATOR, text);
	if (nseps == 1 && (int)nquals < r->min_qualifiers)
		return fail(why, size, lang, facilitator ? M_ICF_NO_EXTENT : M_ICF_NO_QUALIFIER,
		            text);
	if ((int)nquals > r->max_qualifiers)
		return fail(why, size, lang, M_ICF_TOO_MANY_QUALIFIERS, text, (int)nquals,
		            r->letter, r->max_qualifiers);
	for (size_t i = 0; i < nquals; i++)
		if (!read_qualifier(r, text, (int)i, quals[i], &out->qualifier[i], lang, why, size))
			return 0;
	out->component = r->component;
	out->code[0] = r->letter;
	memcpy(out->code + 1, digits, ndigits);
	out->level = ndigits == 1 ? 1 : (int)ndigits - 1;
	out->facilitator = facilitator;
	out->nqualifiers = (int)nquals;
	return 1;
}
