/*
 * lua_pool.h — the small blocks of one Lua state, kept in free lists.
 *
 * An evaluation makes and drops thousands of small Lua objects (tables,
 * their parts, strings, closures); through malloc and free they cost about
 * a tenth of it (perf, doc/evaluation.md). Lua tells its allocator the size
 * of every block it frees, so blocks of up to CMI_POOL_MAX bytes can be
 * carved from large chunks and kept, per size class, on a free list
 * without a header: taking one and giving it back are a few instructions.
 *
 * The pool only hands out and takes back blocks; the state's memory cap,
 * and what counts against it, stay the sandbox's (sandbox.c). Chunks are
 * returned to malloc only by cmi_pool_release, once the state is closed:
 * a free list keeps what the state once held, up to the cap the sandbox
 * puts on the chunks. Not thread-safe: one pool per state, as the state.
 */
#ifndef CM_LUA_POOL_H
#define CM_LUA_POOL_H

#include <stddef.h>

/* Blocks of this size or less come from the pool; larger ones from malloc. */
#define CMI_POOL_MAX     512
#define CMI_POOL_STEP    16
#define CMI_POOL_CLASSES (CMI_POOL_MAX / CMI_POOL_STEP)

typedef struct cmi_pool_chunk cmi_pool_chunk;

/* Zeroed is empty. */
typedef struct cmi_pool {
	void *free[CMI_POOL_CLASSES]; /* per class, a list threaded through the blocks */
	cmi_pool_chunk *chunks;       /* owned: every chunk, newest first */
	char *next, *end;             /* the newest chunk's part not handed out yet */
	size_t held;                  /* bytes of chunks taken from malloc */
	size_t cap;                   /* no chunk is taken beyond this many bytes held */
} cmi_pool;

/* Whether a block of n bytes (n ≥ 1) belongs to the pool. */
static inline int cmi_pool_small(size_t n)
{
	return n <= CMI_POOL_MAX;
}

/* Whether blocks of a and b bytes (both small) are of one class. */
static inline int cmi_pool_same_class(size_t a, size_t b)
{
	return (a - 1) / CMI_POOL_STEP == (b - 1) / CMI_POOL_STEP;
}

/* A block of n bytes (1 ≤ n ≤ CMI_POOL_MAX), aligned for any Lua object;
 * NULL when a new chunk is needed and malloc fails or the cap stops it. */
void *cmi_pool_alloc(cmi_pool *p, size_t n);

/* Gives back a block that cmi_pool_alloc handed out for n bytes (or for
 * any size of n's class): it is kept for blocks of that class. */
static inline void cmi_pool_free(cmi_pool *p, void *block, size_t n)
{
	void **head = &p->free[(n - 1) / CMI_POOL_STEP];
	*(void **)block = *head;
	*head = block;
}

/* Whether the cap stops the next chunk. */
int cmi_pool_full(const cmi_pool *p);

/* Every chunk back to malloc; the pool is empty again (its cap stays). */
void cmi_pool_release(cmi_pool *p);

#endif
