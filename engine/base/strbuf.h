/*
 * strbuf.h — a growable text buffer with a sticky error flag, for reports.
 * A writer appends freely and checks `failed` once at the end. Internal.
 */
#ifndef CM_STRBUF_H
#define CM_STRBUF_H

#include <stddef.h>

#include "ctx.h"

/* Invariants: buf is NUL-terminated when len > 0 or after cmi_sb_detach;
 * once failed is set every append is a no-op. */
typedef struct cmi_sb {
	cm_ctx *ctx; /* allocation seam; not owned */
	char *buf;   /* owned until detached */
	size_t len;
	size_t cap;
	int failed; /* an allocation failed: content is incomplete */
} cmi_sb;

void cmi_sb_init(cmi_sb *sb, cm_ctx *ctx);
void cmi_sb_add(cmi_sb *sb, const char *s, size_t n);
void cmi_sb_puts(cmi_sb *sb, const char *s);
void cmi_sb_printf(cmi_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cmi_sb_pad(cmi_sb *sb, const char *s, int width); /* s, then spaces to width columns */
/* Hands the buffer to the caller (free with cmi_free); NULL if failed. */
char *cmi_sb_detach(cmi_sb *sb, size_t *len /* OUT */);
void cmi_sb_free(cmi_sb *sb);
/* Display width of UTF-8 text: one column per code point. */
int cmi_utf8_width(const char *s);

#endif
