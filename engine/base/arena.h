/*
 * arena.h — a bump allocator for objects that die together (a loaded
 * profile, one assessment). Internal.
 */
#ifndef CM_ARENA_H
#define CM_ARENA_H

#include <stddef.h>

#include "ctx.h"

typedef struct cmi_arena_block cmi_arena_block;

/* Invariants: blocks is a list of owned blocks, newest first; every pointer
 * handed out lives until cmi_arena_free. Zero-initialise before use. */
typedef struct cmi_arena {
	cm_ctx *ctx; /* allocation seam; not owned */
	cmi_arena_block *blocks;
} cmi_arena;

void cmi_arena_init(cmi_arena *a, cm_ctx *ctx);
/* Zeroed memory aligned for any type, or NULL when out of memory. */
void *cmi_arena_alloc(cmi_arena *a, size_t n);
/* The same, not zeroed: for an array its owner fills before reading. */
void *cmi_arena_alloc_raw(cmi_arena *a, size_t n);
char *cmi_arena_strdup(cmi_arena *a, const char *s);
char *cmi_arena_strndup(cmi_arena *a, const char *s, size_t n);
void cmi_arena_free(cmi_arena *a);

#endif
