/*
 * utf8.c — a strict UTF-8 decoder, one sequence per call.
 *
 * Ill-formed input is cut into "maximal subparts" (Unicode 3.9, the
 * practice W3C and ICU follow): a lead byte and the continuation bytes that
 * could still have completed it form one bad part; a stray byte is one part
 * on its own. So E2 80 followed by "x" is one bad part, not two.
 *
 * Also the one cleaner of text for reports, listings and messages (why a
 * space, see cmi_text_plain_len) and the helpers that keep a truncated
 * text whole. report_json.c still escapes what it writes, as a last guard.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* The range a lead byte allows for the second byte: narrower than 80–BF
 * after E0 and F0 (overlong), ED (surrogates) and F4 (above U+10FFFF). */
static int second_ok(unsigned char lead, unsigned char b)
{
	unsigned char lo = 0x80, hi = 0xBF;
	if (lead == 0xE0)
		lo = 0xA0;
	else if (lead == 0xED)
		hi = 0x9F;
	else if (lead == 0xF0)
		lo = 0x90;
	else if (lead == 0xF4)
		hi = 0x8F;
	return b >= lo && b <= hi;
}

size_t cmi_utf8_next(const char *s, size_t n, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lead = p[0];
	size_t need;
	if (lead < 0x80) {
		*cp = lead;
		return 1;
	}
	if (lead >= 0xC2 && lead <= 0xDF)
		need = 2;
	else if (lead >= 0xE0 && lead <= 0xEF)
		need = 3;
	else if (lead >= 0xF0 && lead <= 0xF4)
		need = 4;
	else {
		*cp = CMI_UTF8_BAD;
		return 1;
	}
	long v = lead & (0x7F >> need);
	for (size_t i = 1; i < need; i++) {
		int ok = i < n && (i == 1 ? second_ok(lead, p[i]) : (p[i] & 0xC0) == 0x80);
		if (!ok) {
			*cp = CMI_UTF8_BAD;
			return i;
		}
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return need;
}

/* Code points a terminal acts on or that reorder what it shows: C0, DEL,
 * C1 (C2 9B is an 8-bit CSI), the line and paragraph separators and the
 * bidi controls (U+202E makes "gk 5" read "5 kg"); TAB and the line
 * breaks too, since a field is one line (a new line in a job title could
 * start a forged "Verdict:" line). Noncharacters are never text to
 * interchange (Unicode 15, 23.7) and HTML forbids them. */
int cmi_utf8_unsafe(long cp)
{
	return cp == CMI_UTF8_BAD || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp & 0xFFFE) == 0xFFFE;
}

/* A space, not U+FFFD: the text never grows, so it is cleaned in place
 * (in an arena, a Lua string's copy, a fixed buffer), and the words on
 * each side stay apart as a line break kept them. */
size_t cmi_text_plain_len(char *s, size_t len)
{
	/* Printable ASCII, most of every text, is kept byte by byte without
	 * decoding: every rule set's messages pass here at each start. */
	size_t in = 0, out;
	while (in < len && (unsigned char)s[in] >= 0x20 && (unsigned char)s[in] < 0x7F)
		in++;
	out = in;
	while (in < len) {
		unsigned char b = (unsigned char)s[in];
		if (b >= 0x20 && b < 0x7F) {
			s[out++] = s[in++];
			continue;
		}
		long cp;
		size_t n = cmi_utf8_next(s + in, len - in, &cp);
		if (cmi_utf8_unsafe(cp))
			s[out++] = ' ';
		else
			memmove(s + out, s + in, n), out += n;
		in += n;
	}
	s[out] = '\0';
	return out;
}

void cmi_text_plain(char *s)
{
	cmi_text_plain_len(s, strlen(s));
}

size_t cmi_text_escape(const char *name, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(name), in = 0, o = 0;
	while (in < len) {
		long cp;
		size_t n = cmi_utf8_next(name + in, len - in, &cp);
		for (size_t i = 0; i < n; i++) {
			unsigned char b = (unsigned char)name[in + i];
			if (!cmi_utf8_unsafe(cp)) {
				out[o++] = (char)b;
				continue;
			}
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[b >> 4];
			out[o++] = hex[b & 15];
		}
		in += n;
	}
	out[o] = '\0';
	return o;
}

size_t cmi_utf8_whole(const char *s, size_t len)
{
	/* The last lead byte, at most three continuation bytes back. */
	size_t lead = len;
	for (int k = 0; k < 4 && lead > 0; k++) {
		unsigned char b = (unsigned char)s[--lead];
		if ((b & 0xC0) != 0x80) {
			long cp;
			size_t n = cmi_utf8_next(s + lead, len - lead, &cp);
			/* whole, or bad for another reason than its end: the cleaner's */
			return cp == CMI_UTF8_BAD && lead + n == len ? lead : len;
		}
	}
	return len; /* only continuation bytes: not a cut character */
}

int cmi_text_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n >= 0 && size > 0 && (size_t)n >= size)
		buf[cmi_utf8_whole(buf, size - 1)] = '\0';
	return n;
}

/* The characters a code copied from a word processor or a web page brings
 * along, invisible or looking like ASCII. Sorted by code point. */
static const struct {
	long cp;
	const char *name;
} names[] = {
    {0x0009, "CHARACTER TABULATION"},
    {0x000A, "LINE FEED"},
    {0x000D, "CARRIAGE RETURN"},
    {0x001B, "ESCAPE"},
    {0x007F, "DELETE"},
    {0x0085, "NEXT LINE"},
    {0x009B, "CONTROL SEQUENCE INTRODUCER"},
    {0x00A0, "NO-BREAK SPACE"},
    {0x00AD, "SOFT HYPHEN"},
    {0x00B7, "MIDDLE DOT"},
    {0x034F, "COMBINING GRAPHEME JOINER"},
    {0x061C, "ARABIC LETTER MARK"},
    {0x2000, "EN QUAD"},
    {0x2001, "EM QUAD"},
    {0x2002, "EN SPACE"},
    {0x2003, "EM SPACE"},
    {0x2007, "FIGURE SPACE"},
    {0x2008, "PUNCTUATION SPACE"},
    {0x2009, "THIN SPACE"},
    {0x200A, "HAIR SPACE"},
    {0x200B, "ZERO WIDTH SPACE"},
    {0x200C, "ZERO WIDTH NON-JOINER"},
    {0x200D, "ZERO WIDTH JOINER"},
    {0x200E, "LEFT-TO-RIGHT MARK"},
    {0x200F, "RIGHT-TO-LEFT MARK"},
    {0x2010, "HYPHEN"},
    {0x2011, "NON-BREAKING HYPHEN"},
    {0x2012, "FIGURE DASH"},
    {0x2013, "EN DASH"},
    {0x2014, "EM DASH"},
    {0x2024, "ONE DOT LEADER"},
    {0x2028, "LINE SEPARATOR"},
    {0x2029, "PARAGRAPH SEPARATOR"},
    {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
    {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
    {0x202C, "POP DIRECTIONAL FORMATTING"},
    {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
    {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
    {0x202F, "NARROW NO-BREAK SPACE"},
    {0x205F, "MEDIUM MATHEMATICAL SPACE"},
    {0x2060, "WORD JOINER"},
    {0x2066, "LEFT-TO-RIGHT ISOLATE"},
    {0x2067, "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, "FIRST STRONG ISOLATE"},
    {0x2069, "POP DIRECTIONAL ISOLATE"},
    {0x2212, "MINUS SIGN"},
    {0x2215, "DIVISION SLASH"},
    {0x3000, "IDEOGRAPHIC SPACE"},
    {0x3002, "IDEOGRAPHIC FULL STOP"},
    {0xFEFF, "ZERO WIDTH NO-BREAK SPACE"},
    {0xFF0B, "FULLWIDTH PLUS SIGN"},
    {0xFF0E, "FULLWIDTH FULL STOP"},
    {0xFF3F, "FULLWIDTH LOW LINE"},
    {0xFFFD, "REPLACEMENT CHARACTER"},
};

void cmi_utf8_describe(long cp, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].cp == cp) {
			snprintf(buf, size, "U+%04lX %s", cp, names[i].name);
			return;
		}
	if (cmi_utf8_unsafe(cp) || cp < 0) {
		snprintf(buf, size, "U+%04lX", cp < 0 ? 0xFFFDL : cp);
		return;
	}
	/* the character itself, encoded back (cp is a valid scalar value) */
	char c[5] = {0};
	if (cp < 0x800)
		c[0] = (char)(0xC0 | cp >> 6), c[1] = (char)(0x80 | (cp & 0x3F));
	else if (cp < 0x10000)
		c[0] = (char)(0xE0 | cp >> 12), c[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
		c[2] = (char)(0x80 | (cp & 0x3F));
	else
		c[0] = (char)(0xF0 | cp >> 18), c[1] = (char)(0x80 | (cp >> 12 & 0x3F)),
		c[2] = (char)(0x80 | (cp >> 6 & 0x3F)), c[3] = (char)(0x80 | (cp & 0x3F));
	if (cp < 0x80)
		c[0] = (char)cp, c[1] = '\0';
	snprintf(buf, size, "U+%04lX (%s)", cp, c);
}
