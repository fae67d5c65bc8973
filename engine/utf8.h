/*
 * utf8.h — reading UTF-8 one sequence at a time, strictly (RFC 3629:
 * shortest forms only, no surrogates, nothing above U+10FFFF). For the
 * text rules write (sandbox.c) and the JSON report's escaping
 * (report_json.c). Internal.
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

#endif
