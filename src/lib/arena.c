/* SPDX-License-Identifier: Apache-2.0 */
#include "arena.h"

#define ALIGN _Alignof(max_align_t)
/* Block sizes, header included.  The largest stays below glibc's
 * smallest mmap threshold (128 KiB): see arena.h. */
#define MIN_BLOCK (4U * 1024U)
#define MAX_BLOCK (120U * 1024U)

struct arena_block {
        struct arena_block *next;
        size_t size;        /* bytes in data[] */
        max_align_t data[]; /* aligned for anything */
};

static struct arena_block *block_new(size_t size)
{
        if (size > SIZE_MAX - sizeof(struct arena_block))
                sc_oom();
        struct arena_block *b = xmalloc(sizeof(*b) + size);
        b->next = NULL;
        b->size = size;
        return b;
}

void arena_reserve(struct arena *a, size_t bytes)
{
        if (a->blocks)
                return;
        size_t total = bytes > SIZE_MAX - sizeof(struct arena_block)
                               ? SIZE_MAX
                               : bytes + sizeof(struct arena_block);
        a->block_size = total < MIN_BLOCK ? MIN_BLOCK : total > MAX_BLOCK ? MAX_BLOCK : total;
}

#ifdef ARENA_PER_OBJECT

/* Each object its own block: the sanitizers see every object's bounds. */
static void *arena_get(struct arena *a, size_t size, size_t align)
{
        (void)align; /* malloc aligns for anything */
        struct arena_block *b = block_new(size);
        b->next = a->blocks;
        a->blocks = b;
        return b->data;
}

#else

/* A new block for size bytes.  A large object gets a block of its own,
 * put behind the current one so that the current one's free space is
 * still used; otherwise the new block becomes current, and the next one
 * will be twice as large, up to MAX_BLOCK. */
static void *arena_get_slow(struct arena *a, size_t size)
{
        size_t block = a->block_size ? a->block_size : MIN_BLOCK;
        size_t room = block - sizeof(struct arena_block);
        if (size > room / 4) {
                struct arena_block *b = block_new(size);
                if (a->blocks) {
                        b->next = a->blocks->next;
                        a->blocks->next = b;
                } else {
                        a->blocks = b;
                        a->next = a->end = (char *)b->data + size;
                }
                return b->data;
        }
        struct arena_block *b = block_new(room);
        b->next = a->blocks;
        a->blocks = b;
        a->next = (char *)b->data + size;
        a->end = (char *)b->data + room;
        a->block_size = block * 2 > MAX_BLOCK ? MAX_BLOCK : block * 2;
        return b->data;
}

static void *arena_get(struct arena *a, size_t size, size_t align)
{
        if (a->next) {
                uintptr_t at = ((uintptr_t)a->next + (align - 1)) & ~(uintptr_t)(align - 1);
                if (at <= (uintptr_t)a->end && size <= (uintptr_t)a->end - at) {
                        a->next = (char *)at + size;
                        return (void *)at;
                }
        }
        return arena_get_slow(a, size);
}

#endif

void *arena_alloc(struct arena *a, size_t size)
{
        return arena_get(a, size, ALIGN);
}

void *arena_alloc_array(struct arena *a, size_t n, size_t size)
{
        if (size && n > SIZE_MAX / size)
                sc_oom();
        return arena_get(a, n * size, ALIGN);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
        if (n == SIZE_MAX)
                sc_oom();
        char *p = arena_get(a, n + 1, 1);
        memcpy(p, s, n);
        p[n] = 0;
        return p;
}

void arena_clear(struct arena *a)
{
        struct arena_block *b = a->blocks;
        while (b) {
                struct arena_block *next = b->next;
                free(b);
                b = next;
        }
        *a = (struct arena){ 0 };
}

size_t arena_footprint(const struct arena *a)
{
        size_t sum = 0;
        for (const struct arena_block *b = a->blocks; b; b = b->next)
                sum += sizeof(*b) + b->size;
        return sum;
}
