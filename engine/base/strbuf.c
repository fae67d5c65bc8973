/*
 * strbuf.c — growable text with a sticky error flag.
 *
 * Report writers append hundreds of pieces; checking every append would bury
 * the layout code. Instead a failed allocation sets `failed`, later appends do
 * nothing, and the writer checks once in cmi_sb_detach.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strbuf.h"

void cmi_sb_init(cmi_sb *sb, cm_ctx *ctx)
{
	memset(sb, 0, sizeof *sb);
	sb->ctx = ctx;
}

static int reserve(cmi_sb *sb, size_t extra)
{
	if (sb->failed)
		return 0;
	if (sb->len + extra + 1 <= sb->cap)
		return 1;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	char *grown = cmi_realloc(sb->ctx, sb->buf, cap);
	if (!grown) {
		sb->failed = 1;
		return 0;
	}
	sb->buf = grown;
	sb->cap = cap;
	return 1;
}

void cmi_sb_add(cmi_sb *sb, const char *s, size_t n)
{
	if (!reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void cmi_sb_puts(cmi_sb *sb, const char *s)
{
	cmi_sb_add(sb, s, strlen(s));
}

/* Whether fmt converts nothing but %s (and prints %%): the messages'
 * templates mostly do, their numbers formatted before (cmi_format_number). */
static int only_strings(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + 2, '%'))
		if (p[1] != 's' && p[1] != '%')
			return 0;
	return 1;
}

/* A template of strings only is copied piece by piece, which is what
 * vsnprintf would print (glibc's "(null)" for a null string included) at
 * a tenth of its cost: a rank line's reasons are a dozen such calls. Any
 * other is printed once into the room there is, and again only when it
 * did not fit: report writers call this for most lines, and measuring
 * first doubled what printf cost them. */
void cmi_sb_printf(cmi_sb *sb, const char *fmt, ...)
{
	va_list ap;
	if (only_strings(fmt)) {
		va_start(ap, fmt);
		for (const char *p = fmt;; p += 2) {
			const char *pct = strchr(p, '%');
			if (!pct) {
				cmi_sb_puts(sb, p);
				break;
			}
			cmi_sb_add(sb, p, (size_t)(pct - p));
			if (pct[1] == '%') {
				cmi_sb_add(sb, "%", 1);
			} else {
				const char *s = va_arg(ap, const char *);
				cmi_sb_puts(sb, s ? s : "(null)");
			}
			p = pct;
		}
		va_end(ap);
		return;
	}
	if (!reserve(sb, 64))
		return;
	va_start(ap, fmt);
	int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->buf[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= sb->cap - sb->len) {
		if (!reserve(sb, (size_t)n)) {
			sb->buf[sb->len] = '\0';
			return;
		}
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

int cmi_utf8_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void cmi_sb_pad(cmi_sb *sb, const char *s, int width)
{
	cmi_sb_puts(sb, s);
	for (int w = cmi_utf8_width(s); w < width; w++)
		cmi_sb_add(sb, " ", 1);
}

char *cmi_sb_detach(cmi_sb *sb, size_t *len)
{
	if (sb->failed || !reserve(sb, 0)) {
		cmi_sb_free(sb);
		return NULL;
	}
	char *out = sb->buf;
	out[sb->len] = '\0';
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->cap = 0;
	return out;
}

void cmi_sb_free(cmi_sb *sb)
{
	cmi_free(sb->ctx, sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
