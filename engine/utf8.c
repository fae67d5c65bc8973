/*
 * utf8.c — a strict UTF-8 decoder, one sequence per call.
 *
 * Ill-formed input is cut into "maximal subparts" (Unicode 3.9, the
 * practice W3C and ICU follow): a lead byte and the continuation bytes that
 * could still have completed it form one bad part; a stray byte is one part
 * on its own. So E2 80 followed by "x" is one bad part, not two.
 *
 * Not here: what to do with a bad part or a control (sandbox.c replaces
 * it, report_json.c escapes it).
 */
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
