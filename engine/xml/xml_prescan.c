/*
 * xml_prescan.c — what xml.c checks in a profile's bytes before libxml2
 * reads them, in one linear pass.
 *
 * Why before: libxml2 2.9 compares every attribute of a start tag with every
 * earlier one to find duplicates (40,000 attributes on one element took
 * 30 s, 100,000 minutes) and bounds their number nowhere; and it converts
 * whatever encoding a profile declares, printing what fails to stderr. So:
 *  - the encoding: a UTF-16 or UTF-32 byte order mark, a zero byte among the
 *    first four, EBCDIC, or an XML declaration naming anything but UTF-8 is
 *    refused (US-ASCII too: one rule, one message);
 *  - every byte sequence is UTF-8 (RFC 3629: no overlong form, no surrogate)
 *    and every character one XML 1.0 allows (no C0 control but tab, LF and
 *    CR; not U+FFFE or U+FFFF);
 *  - a start tag has at most max_attrs '=' outside its quoted values;
 *  - a comment, PI or CDATA section has at most max_section bytes.
 *
 * The model of the markup is just enough to find start tags. It must never
 * count fewer attributes than libxml2 would parse; counting more is harmless
 * (that document is malformed and refused either way, only with another
 * message). So it skips only what libxml2 skips too, where the two cannot
 * disagree (each case was an attack that got 60,000 attributes past a
 * naive scan):
 *  - any '<' outside a comment, PI or CDATA section opens markup, even
 *    inside a tag or a quoted value: libxml2 stops a value at '<' and goes on
 *    parsing there;
 *  - "<?" opens a PI only before an ASCII name start: libxml2 reads "<?" with
 *    a target it refuses as two bytes and goes on;
 *  - the XML declaration ends at its first '>': libxml2 skips a malformed
 *    one up to there;
 *  - libxml2 ends a comment, PI or CDATA section early at a character that
 *    XML forbids, or past 10,000,000 bytes, and reads on as markup: the
 *    first is refused here outright, the second by max_section.
 *
 * Not here: well-formedness (libxml2 says what is wrong), DOCTYPEs (xml.c
 * stops the parser at the first), element counts (xml.c, after parsing).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "xml_prescan.h"

typedef enum state { CONTENT, TAG, QUOTED, DECL, COMMENT, PI, CDATA } state;

/* Invariants: i <= len; line counts the '\n' before i, plus one. */
typedef struct scanner {
	const unsigned char *s; /* the profile; not owned */
	size_t len, i;
	size_t start; /* offset after a UTF-8 byte order mark */
	int line;
	state st;
	unsigned char quote; /* QUOTED: the quote that ends the value */
	int attrs;           /* TAG: '=' seen since its '<' */
	size_t tag;          /* TAG: offset of its '<' */
	int tag_line;
	size_t section; /* COMMENT, PI, CDATA: offset of its '<' */
	int section_line;
	int max_attrs;
	size_t max_section;
	cmi_prescan *out;
} scanner;

static int at(const scanner *sc, size_t i, const char *lit)
{
	size_t n = strlen(lit);
	return i <= sc->len && sc->len - i >= n && memcmp(sc->s + i, lit, n) == 0;
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static cmi_prescan_fault fault(scanner *sc, cmi_prescan_fault f, int line, unsigned code)
{
	sc->out->fault = f;
	sc->out->line = line;
	sc->out->code = code;
	return f;
}

/* Copies up to n bytes of s as printable ASCII ('?' for anything else). */
static void copy_ascii(char *dst, size_t size, const unsigned char *s, size_t n)
{
	size_t o = 0;
	for (size_t k = 0; k < n && o + 1 < size; k++)
		dst[o++] = s[k] >= 0x20 && s[k] < 0x7f ? (char)s[k] : '?';
	dst[o] = '\0';
}

/* A byte order mark or zero bytes of an encoding other than UTF-8, or NULL. */
static const char *wide_encoding(const unsigned char *s, size_t len)
{
	if (len >= 4 && ((s[0] == 0 && s[1] == 0 && s[2] == 0xFE && s[3] == 0xFF) ||
	                 (s[0] == 0xFF && s[1] == 0xFE && s[2] == 0 && s[3] == 0)))
		return "UTF-32";
	if (len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE)))
		return "UTF-16";
	if (len >= 4 && s[0] == 0x4C && s[1] == 0x6F && s[2] == 0xA7 && s[3] == 0x94)
		return "EBCDIC";
	if (len >= 2 && (s[0] == 0 || s[1] == 0)) /* "<" in UTF-16 or UTF-32, no mark */
		return len >= 4 && ((s[0] == 0 && s[1] == 0) || (s[2] == 0 && s[3] == 0))
		           ? "UTF-32"
		           : "UTF-16";
	return NULL;
}

/* The value of encoding="..." in the XML declaration at start, if any:
 * *value and *n; 0 when there is none (libxml2 judges a malformed one). */
static int declared_encoding(const scanner *sc, const unsigned char **value, size_t *n)
{
	if (!at(sc, sc->start, "<?xml") || sc->start + 5 >= sc->len ||
	    !is_blank(sc->s[sc->start + 5]))
		return 0;
	const unsigned char *p = sc->s + sc->start + 5, *end = sc->s + sc->len;
	const unsigned char *gt = memchr(p, '>', (size_t)(end - p));
	end = gt ? gt : end;
	for (; end - p > 8; p++) {
		if (!is_blank(p[0]) || memcmp(p + 1, "encoding", 8) != 0)
			continue;
		const unsigned char *q = p + 9;
		while (q < end && is_blank(*q))
			q++;
		if (q >= end || *q++ != '=')
			return 0;
		while (q < end && is_blank(*q))
			q++;
		if (q >= end || (*q != '"' && *q != '\''))
			return 0;
		const unsigned char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
		*value = q + 1;
		*n = close ? (size_t)(close - q - 1) : (size_t)(end - q - 1);
		return 1;
	}
	return 0;
}

static int is_utf8_name(const unsigned char *v, size_t n)
{
	return (n == 5 && strncasecmp((const char *)v, "UTF-8", 5) == 0) ||
	       (n == 4 && strncasecmp((const char *)v, "UTF8", 4) == 0);
}

static cmi_prescan_fault check_encoding(scanner *sc)
{
	const char *wide = wide_encoding(sc->s, sc->len);
	if (wide) {
		snprintf(sc->out->detail, sizeof sc->out->detail, "%s", wide);
		return fault(sc, CMI_PRESCAN_ENCODING, 1, 0);
	}
	if (at(sc, 0, "\xEF\xBB\xBF"))
		sc->start = sc->i = 3;
	const unsigned char *v;
	size_t n;
	if (!declared_encoding(sc, &v, &n) || is_utf8_name(v, n))
		return CMI_PRESCAN_OK;
	char name[41];
	copy_ascii(name, sizeof name, v, n);
	snprintf(sc->out->detail, sizeof sc->out->detail, "encoding=\"%s\"", name);
	return fault(sc, CMI_PRESCAN_ENCODING, 1, 0);
}

/* Length of the UTF-8 sequence at p (RFC 3629 / Unicode table 3-7), 0 if it
 * is not one; *cp its code point. p[0] >= 0x80. */
static size_t utf8_seq(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], lo = 0x80, hi = 0xBF;
	size_t len;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		lo = c == 0xE0 ? 0xA0 : lo; /* no overlong form */
		hi = c == 0xED ? 0x9F : hi; /* no surrogate */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		lo = c == 0xF0 ? 0x90 : lo; /* no overlong form */
		hi = c == 0xF4 ? 0x8F : hi; /* nothing past U+10FFFF */
	} else {
		return 0;
	}
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	unsigned v = c & (0x7Fu >> len);
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[k] & 0x3Fu);
	}
	*cp = v;
	return len;
}

static void enter_section(scanner *sc, state st, size_t skip)
{
	sc->st = st;
	sc->section = sc->i;
	sc->section_line = sc->line;
	sc->i += skip;
}

static int is_name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

/* At a '<': what kind of markup it opens. */
static void open_markup(scanner *sc)
{
	size_t i = sc->i;
	if (at(sc, i, "<!--")) {
		enter_section(sc, COMMENT, 4);
	} else if (at(sc, i, "<![CDATA[")) {
		enter_section(sc, CDATA, 9);
	} else if (i == sc->start && at(sc, i, "<?xml") && i + 5 < sc->len &&
	           is_blank(sc->s[i + 5])) {
		sc->st = DECL;
		sc->i += 5;
	} else if (at(sc, i, "<?") && i + 2 < sc->len && is_name_start(sc->s[i + 2])) {
		enter_section(sc, PI, 2);
	} else {
		sc->st = TAG;
		sc->attrs = 0;
		sc->tag = i;
		sc->tag_line = sc->line;
		sc->i++;
	}
}

/* The tag's element name as written, for the message. */
static void tag_name(const scanner *sc, char *dst, size_t size)
{
	size_t b = sc->tag + 1, e = b;
	while (e < sc->len && e - b < size - 1 && !is_blank(sc->s[e]) &&
	       !strchr("/>=\"'", sc->s[e]))
		e++;
	while (e > b && e < sc->len && (sc->s[e] & 0xC0) == 0x80) /* not inside a character */
		e--;
	memcpy(dst, sc->s + b, e - b);
	dst[e - b] = '\0';
}

/* One ASCII byte in a tag, a quoted value, the declaration or content. */
static cmi_prescan_fault markup_byte(scanner *sc, unsigned char c)
{
	if (c == '<') {
		open_markup(sc);
		return CMI_PRESCAN_OK;
	}
	if (sc->st == TAG && (c == '"' || c == '\'')) {
		sc->st = QUOTED;
		sc->quote = c;
	} else if (sc->st == QUOTED && c == sc->quote) {
		sc->st = TAG;
	} else if (sc->st == TAG && c == '=' && ++sc->attrs > sc->max_attrs) {
		tag_name(sc, sc->out->detail, sizeof sc->out->detail);
		return fault(sc, CMI_PRESCAN_ATTRS, sc->tag_line, 0);
	} else if ((sc->st == TAG || sc->st == DECL) && c == '>') {
		sc->st = CONTENT;
	}
	sc->i++;
	return CMI_PRESCAN_OK;
}

/* One ASCII byte inside a comment, PI or CDATA section. */
static void section_byte(scanner *sc)
{
	static const char *const ends[] = {[COMMENT] = "-->", [PI] = "?>", [CDATA] = "]]>"};
	const char *end = ends[sc->st];
	if (at(sc, sc->i, end)) {
		sc->st = CONTENT;
		sc->i += strlen(end);
	} else {
		sc->i++;
	}
}

static cmi_prescan_fault scan_byte(scanner *sc)
{
	int in_section = sc->st >= COMMENT;
	if (in_section && sc->i - sc->section > sc->max_section)
		return fault(sc, CMI_PRESCAN_SECTION, sc->section_line, 0);
	unsigned char c = sc->s[sc->i];
	if (c >= 0x80) {
		unsigned cp = 0;
		size_t n = utf8_seq(sc->s + sc->i, sc->len - sc->i, &cp);
		if (n == 0)
			return fault(sc, CMI_PRESCAN_BAD_UTF8, sc->line, c);
		if (cp == 0xFFFE || cp == 0xFFFF)
			return fault(sc, CMI_PRESCAN_BAD_CHAR, sc->line, cp);
		sc->i += n;
		return CMI_PRESCAN_OK;
	}
	if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
		return fault(sc, CMI_PRESCAN_BAD_CHAR, sc->line, c);
	sc->line += c == '\n';
	if (in_section)
		section_byte(sc);
	else
		return markup_byte(sc, c);
	return CMI_PRESCAN_OK;
}

/* Bytes that change nothing outside a comment, PI or CDATA section but the
 * position (and the line, for '\n'): printable ASCII but the five that
 * move markup_byte's state (< > " ' =), and tab, LF and CR. A profile is
 * mostly such runs, which skip_plain passes in a tight loop: byte by byte
 * through scan_byte, the scan took 6.4 % of the instructions of loading
 * 300 generated profiles, 3.8 % so (callgrind, cm_job_load). */
#define PLAIN(c)                                                                                   \
	(((c) >= 0x20 && (c) < 0x7f && (c) != '<' && (c) != '>' && (c) != '"' && (c) != '\'' &&    \
	  (c) != '=') ||                                                                           \
	 (c) == '\t' || (c) == '\n' || (c) == '\r')
#define PLAIN4(c)  PLAIN(c), PLAIN((c) + 1), PLAIN((c) + 2), PLAIN((c) + 3)
#define PLAIN16(c) PLAIN4(c), PLAIN4((c) + 4), PLAIN4((c) + 8), PLAIN4((c) + 12)
static const unsigned char plain[256] = {
    PLAIN16(0x00), PLAIN16(0x10), PLAIN16(0x20), PLAIN16(0x30), PLAIN16(0x40), PLAIN16(0x50),
    PLAIN16(0x60), PLAIN16(0x70), PLAIN16(0x80), PLAIN16(0x90), PLAIN16(0xA0), PLAIN16(0xB0),
    PLAIN16(0xC0), PLAIN16(0xD0), PLAIN16(0xE0), PLAIN16(0xF0)};

static void skip_plain(scanner *sc)
{
	const unsigned char *s = sc->s;
	size_t i = sc->i;
	int line = sc->line;
	while (i < sc->len && plain[s[i]]) {
		line += s[i] == '\n';
		i++;
	}
	sc->i = i;
	sc->line = line;
}

cmi_prescan_fault cmi_xml_prescan_bytes(const char *buf, size_t len, int max_attrs,
                                        size_t max_section, int skip, cmi_prescan *out)
{
	memset(out, 0, sizeof *out);
	scanner sc = {.s = (const unsigned char *)buf,
	              .len = len,
	              .line = 1,
	              .st = CONTENT,
	              .max_attrs = max_attrs,
	              .max_section = max_section,
	              .out = out};
	cmi_prescan_fault f = check_encoding(&sc);
	while (f == CMI_PRESCAN_OK && sc.i < sc.len) {
		if (skip && sc.st < COMMENT) {
			skip_plain(&sc);
			if (sc.i == sc.len)
				break;
		}
		f = scan_byte(&sc);
	}
	return f;
}

cmi_prescan_fault cmi_xml_prescan(const char *buf, size_t len, int max_attrs, size_t max_section,
                                  cmi_prescan *out)
{
	return cmi_xml_prescan_bytes(buf, len, max_attrs, max_section, 1, out);
}
