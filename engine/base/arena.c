/*
 * arena.c — bump allocation in blocks that are freed together.
 *
 * A profile is a few hundred small objects that live exactly as long as the
 * profile; one arena per profile makes freeing it one loop and makes leaks
 * impossible by construction. Blocks grow to fit a large request; nothing is
 * ever freed individually.
 */
#include <stdalign.h>
#include <string.h>

#include "arena.h"

/* The first block is small enough for malloc's per-thread cache (up to
 * 1,032 bytes on glibc), the others 8 KiB. An assessment makes three
 * arenas and one evaluation's findings fill a block, so most first blocks
 * stay nearly empty (the advice evaluation's holds one array); a request
 * past the cache's size made glibc merge the chunks Lua had freed
 * (malloc_consolidate) at every assessment. */
enum { FIRST_BLOCK = 1024, BLOCK_SIZE = 8192 };

struct cmi_arena_block {
	cmi_arena_block *next;
	size_t used;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

void cmi_arena_init(cmi_arena *a, cm_ctx *ctx)
{
	a->ctx = ctx;
	a->blocks = NULL;
}

void *cmi_arena_alloc(cmi_arena *a, size_t n)
{
	void *p = cmi_arena_alloc_raw(a, n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *cmi_arena_alloc_raw(cmi_arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	n = (n + align - 1) & ~(align - 1);
	cmi_arena_block *b = a->blocks;
	if (!b || b->size - b->used < n) {
		size_t size = b ? BLOCK_SIZE : FIRST_BLOCK - sizeof *b;
		if (size < n)
			size = n;
		b = cmi_alloc(a->ctx, sizeof *b + size);
		if (!b)
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->blocks;
		a->blocks = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

char *cmi_arena_strndup(cmi_arena *a, const char *s, size_t n)
{
	char *d = cmi_arena_alloc(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *cmi_arena_strdup(cmi_arena *a, const char *s)
{
	return s ? cmi_arena_strndup(a, s, strlen(s)) : NULL;
}

void cmi_arena_free(cmi_arena *a)
{
	cmi_arena_block *b = a->blocks;
	while (b) {
		cmi_arena_block *next = b->next;
		cmi_free(a->ctx, b);
		b = next;
	}
	a->blocks = NULL;
}
