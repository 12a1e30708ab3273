/* SPDX-License-Identifier: Apache-2.0 */
/* The bump allocator (arena.h): objects are aligned, disjoint and keep
 * their contents while others are allocated, large objects and hints are
 * handled, clearing frees everything and leaves the arena usable. */
#include "arena.h"
#include "test.h"

#include <stdalign.h>

static void test_empty(void)
{
        struct arena a = { 0 };
        ASSERT_EQ(arena_footprint(&a), 0);
        arena_clear(&a);
        arena_clear(&a);
        ASSERT_EQ(arena_footprint(&a), 0);
}

/* Sizes that straddle the alignment, the quarter-block limit for a
 * block of its own, and whole blocks. */
static const size_t sizes[] = { 0, 1, 3, 8, 15, 16, 17, 24, 64, 100, 255, 256,
                                1000, 1023, 1024, 4000, 4096, 9000, 16384, 70000 };

static void test_objects_disjoint(void)
{
        struct arena a = { 0 };
        enum { N = 600 };
        unsigned char *p[N];
        size_t len[N], total = 0;

        for (size_t i = 0; i < N; i++) {
                len[i] = sizes[(i * 7) % ELEMENTSOF(sizes)];
                p[i] = arena_alloc(&a, len[i]);
                ASSERT_TRUE(p[i] != NULL);
                ASSERT_EQ((uintptr_t)p[i] % alignof(max_align_t), 0);
                memset(p[i], (int)(i & 0xff), len[i]);
                total += len[i];
        }
        /* Every object still holds its own bytes: none overlapped. */
        for (size_t i = 0; i < N; i++)
                for (size_t k = 0; k < len[i]; k++)
                        ASSERT_EQ(p[i][k], i & 0xff);
        ASSERT_TRUE(arena_footprint(&a) >= total);
        arena_clear(&a);
        ASSERT_EQ(arena_footprint(&a), 0);
}

static void test_strings(void)
{
        struct arena a = { 0 };
        char *s[300];
        for (size_t i = 0; i < ELEMENTSOF(s); i++) {
                char buf[64];
                int n = snprintf(buf, sizeof buf, "name-%zu", i);
                s[i] = arena_strndup(&a, buf, (size_t)n);
                /* a word after each string, aligned again */
                uint64_t *w = arena_alloc(&a, sizeof(*w));
                ASSERT_EQ((uintptr_t)w % alignof(max_align_t), 0);
                *w = UINT64_MAX;
        }
        for (size_t i = 0; i < ELEMENTSOF(s); i++) {
                char buf[64];
                snprintf(buf, sizeof buf, "name-%zu", i);
                ASSERT_STREQ(s[i], buf);
        }
        /* bytes with a NUL inside are copied whole */
        char *z = arena_strndup(&a, "a\0b", 3);
        ASSERT_TRUE(memcmp(z, "a\0b\0", 4) == 0);
        char *e = arena_strndup(&a, "xyz", 0);
        ASSERT_STREQ(e, "");
        arena_clear(&a);
}

static void test_arrays(void)
{
        struct arena a = { 0 };
        uint32_t *v = arena_alloc_array(&a, 1000, sizeof(*v));
        for (uint32_t i = 0; i < 1000; i++)
                v[i] = i * 3;
        void **q = arena_alloc_array(&a, 0, sizeof(*q));
        ASSERT_TRUE(q != NULL);
        for (uint32_t i = 0; i < 1000; i++)
                ASSERT_EQ(v[i], i * 3);
        arena_clear(&a);
}

/* Blocks stay small enough for malloc's free lists, whatever the hint,
 * and a hint big enough for the objects means one block. */
static void test_blocks(void)
{
#ifndef ARENA_PER_OBJECT
        struct arena a = { 0 };
        arena_reserve(&a, 1U << 30);
        (void)arena_alloc(&a, 8);
        ASSERT_TRUE(arena_footprint(&a) < 128 * 1024);
        arena_clear(&a);

        arena_reserve(&a, 20000);
        for (int i = 0; i < 1000; i++)
                (void)arena_alloc(&a, 16);
        ASSERT_TRUE(arena_footprint(&a) <= 20000 + 64);
        /* a large object does not waste the current block's free space */
        size_t before = arena_footprint(&a);
        (void)arena_alloc(&a, 100000);
        void *small = arena_alloc(&a, 16);
        ASSERT_TRUE(small != NULL);
        ASSERT_TRUE(arena_footprint(&a) <= before + 100000 + 64);
        arena_clear(&a);

        /* without a hint, blocks grow: 10,000 objects of 48 bytes take
         * a few blocks, not thousands of headers' worth */
        for (int i = 0; i < 10000; i++)
                (void)arena_alloc(&a, 48);
        ASSERT_TRUE(arena_footprint(&a) <= 10000 * 48 + 120 * 1024);
        arena_clear(&a);
#else
        printf("SKIP-PART block sizes: built with one malloc per object\n");
#endif
}

int main(void)
{
        RUN(test_empty);
        RUN(test_objects_disjoint);
        RUN(test_strings);
        RUN(test_arrays);
        RUN(test_blocks);
        return test_exit();
}
