/*
 * utf8.h — reading UTF-8 one sequence at a time, strictly (RFC 3629:
 * shortest forms only, no surrogates, nothing above U+10FFFF), and the one
 * cleaner of text that reaches a report, a listing or a message: profile
 * texts (loaders), rule-set and catalogue texts (sandbox.c, finding.c,
 * rules.c), ClaML titles (claml.c), ICF statements (explain.c), file names
 * (profile.c, ctx.c). Internal.
 */
#ifndef CM_UTF8_H
#define CM_UTF8_H

#include <stddef.h>

enum { CMI_UTF8_BAD = -1 };

/* Reads the sequence at s (n > 0 bytes left). Returns its length and sets
 * *cp to its code point; when the bytes are not valid UTF-8, returns the
 * length of the maximal ill-formed part (Unicode 3.9, at least 1) and sets
 * *cp to CMI_UTF8_BAD, so each bad part counts once. */
size_t cmi_utf8_next(const char *s, size_t n, long *cp /* OUT */);

/* 1 for a code point the cleaner takes out: C0 controls (TAB and the line
 * breaks too), DEL, C1 controls (U+0080-U+009F: NEL, the 8-bit CSI
 * U+009B), the line and paragraph separators, the bidi controls (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the noncharacters
 * (U+FDD0-U+FDEF and the last two of every plane, U+FFFE, U+FFFF, ...);
 * also for CMI_UTF8_BAD. */
int cmi_utf8_unsafe(long cp);

/* The cleaner: the text becomes one plain line of valid UTF-8, in place.
 * Each unsafe code point and each ill-formed part (cmi_utf8_next) becomes
 * one space; the rest is kept byte for byte. The text never grows; returns
 * its new length and ends it with a NUL. len may count NULs inside the text
 * (a Lua string may hold them): they become spaces too. */
size_t cmi_text_plain_len(char *s, size_t len);

/* The same for a C string. */
void cmi_text_plain(char *s);

/* The cleaner for a file name, which the reader must be able to find on
 * disk: each byte of an unsafe code point or ill-formed part is written as
 * \xHH (upper-case hex) instead, the rest is kept. out holds at least
 * 4 * strlen(name) + 1 bytes; returns the length written (NUL-terminated). */
size_t cmi_text_escape(const char *name, char *out);

/* The length of s[0..len) without a last sequence that is cut short (a
 * fixed buffer filled to its end), so that a truncated text stays valid
 * UTF-8: the largest length <= len that ends on a character boundary. */
size_t cmi_utf8_whole(const char *s, size_t len);

/* Names a code point for a message, as "U+200B ZERO WIDTH SPACE": the
 * Unicode name of the characters a pasted code may carry unseen (spaces,
 * joiners, dashes, bidi controls, ...), else the character itself after the
 * number ("U+00E9 (é)"), else the number alone (a control, a noncharacter). */
void cmi_utf8_describe(long cp, char *buf, size_t size);

/* snprintf into a fixed buffer that, when the text does not fit, stops
 * before the character that would be split, not inside it. Returns what
 * snprintf returns (the untruncated length). */
int cmi_text_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
