/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A bump allocator for objects that are made together and die together
 * (a parsed document tree): allocating is moving a pointer, freeing is one
 * call, and the objects sit next to each other.  A malloc per object cost
 * a header and free-list work each time, spread the objects over more
 * pages, and freeing Docker's default profile's tree node by node cost
 * more than building it (BENCHMARKS.md, start-up).
 *
 * Blocks come from malloc and stay below glibc's mmap threshold, so a
 * cleared arena's memory goes back to malloc's free lists and is reused by
 * whatever runs next, instead of being unmapped and faulted in again.
 *
 * Built with -DSC_ARENA_MALLOC (make CFLAGS=-DSC_ARENA_MALLOC), or under
 * AddressSanitizer, every allocation is a malloc of its own, chained in
 * the arena: ASan and valgrind then see each object's bounds as before.
 *
 * Out of memory aborts (sc_oom), as everywhere.  Not thread-safe.
 */
#ifndef SC_ARENA_H
#define SC_ARENA_H

#include "util.h"

#if defined(__SANITIZE_ADDRESS__) || defined(SC_ARENA_MALLOC)
#define ARENA_PER_OBJECT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_PER_OBJECT 1
#endif
#endif

struct arena_block;

/* Zero-initialised ({0}) is an empty arena ready for use. */
struct arena {
        struct arena_block *blocks; /* newest first */
        char *next, *end;           /* free space in the newest block */
        size_t block_size;          /* the next block's size (0: default) */
};

/* A hint: the first block holds about this many bytes (rounded up to the
 * minimum, capped below the mmap threshold).  Call before allocating. */
void arena_reserve(struct arena *a, size_t bytes);
/* size bytes aligned for any object (max_align_t), uninitialised. */
void *arena_alloc(struct arena *a, size_t size);
/* An array of n elements of size bytes, uninitialised; aborts on overflow. */
void *arena_alloc_array(struct arena *a, size_t n, size_t size);
/* s[0..n) and a NUL, byte-aligned. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free everything allocated; the arena is empty and reusable. */
void arena_clear(struct arena *a);
/* Bytes the arena holds from malloc (blocks, or objects in the per-object
 * build): for tests and measurements. */
size_t arena_footprint(const struct arena *a);

#endif
