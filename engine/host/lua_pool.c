/*
 * lua_pool.c — chunks for the small-block free lists of lua_pool.h.
 *
 * A chunk is 64 KiB: an evaluation's garbage fits a few, and the order
 * picker's whole state (rule sets, messages, helpers) about twenty. A
 * block is handed out from the free list of its class, else cut from the
 * newest chunk; the tail of a chunk too short for the block asked for is
 * left unused (at most CMI_POOL_MAX bytes a chunk). Not here: deciding
 * which blocks are small, or the state's cap (sandbox.c).
 */
#include <stdlib.h>

#include "lua_pool.h"

#define CHUNK_BYTES (64 * 1024)

/* The chunk's header, then its blocks; the union keeps them aligned as
 * malloc's own blocks are. */
struct cmi_pool_chunk {
	union {
		cmi_pool_chunk *next;
		max_align_t align;
	} u;
};

int cmi_pool_full(const cmi_pool *p)
{
	return p->held > p->cap || p->cap - p->held < CHUNK_BYTES;
}

void *cmi_pool_alloc(cmi_pool *p, size_t n)
{
	size_t cls = (n - 1) / CMI_POOL_STEP;
	void *block = p->free[cls];
	if (block) {
		p->free[cls] = *(void **)block;
		return block;
	}
	size_t size = (cls + 1) * CMI_POOL_STEP;
	if ((size_t)(p->end - p->next) < size) {
		if (cmi_pool_full(p))
			return NULL;
		cmi_pool_chunk *c = malloc(CHUNK_BYTES);
		if (!c)
			return NULL;
		c->u.next = p->chunks;
		p->chunks = c;
		p->held += CHUNK_BYTES;
		p->next = (char *)(c + 1);
		p->end = (char *)c + CHUNK_BYTES;
	}
	block = p->next;
	p->next += size;
	return block;
}

void cmi_pool_release(cmi_pool *p)
{
	size_t cap = p->cap;
	for (cmi_pool_chunk *c = p->chunks, *next; c; c = next) {
		next = c->u.next;
		free(c);
	}
	*p = (cmi_pool){.cap = cap};
}
