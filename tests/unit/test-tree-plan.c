/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The range-tree planner (compile-tree.c plan_tree()): its splits and
 * chains for hand-made range lists, and for thousands of random ones the
 * same choice in every interval as the planner it replaced (kept below
 * as the oracle: the dynamic programme diagonal by diagonal with a full
 * root table, as of 267d42a), so no compiled program changes.
 */
#include "test.h"
#include "compile-internal.h"

/* ---- the oracle: the planner before the column-order rewrite ---- */

#define REF_MAX_DP 600
#define REF_CHAIN 0x8000
#define REF_CHAIN_MAX 6
#define REF_SPAN (2 * REF_CHAIN_MAX + 2)
#define REF_SIZE_WEIGHT 2048

struct ref_plan {
        size_t n;
        size_t *row;
        uint16_t *root;
};

static size_t ref_cell(const size_t *row, size_t i, size_t j)
{
        return row[i] + (j - i - 1);
}

static bool ref_singleton(const struct range *r, size_t n, size_t i)
{
        return i + 1 < n && r[i + 1].lo == r[i].lo + 1;
}

static bool ref_chain_else(const struct range *r, size_t n, size_t i, size_t j,
                           uint64_t *ret)
{
        bool have = false;
        uint64_t a = 0, best_w = 0;
        for (size_t k = i; k < j; k++)
                if (!ref_singleton(r, n, k)) {
                        if (have && r[k].verdict != a)
                                return false;
                        have = true;
                        a = r[k].verdict;
                }
        if (!have)
                for (size_t k = i; k < j; k++)
                        if (r[k].weight >= best_w) {
                                best_w = r[k].weight;
                                a = r[k].verdict;
                        }
        *ret = a;
        return true;
}

static uint64_t ref_chain_cost(const struct range *r, size_t i, size_t j,
                               uint64_t a)
{
        uint64_t cost = 0, rest = 0;
        size_t mem[REF_CHAIN_MAX + 1], k = 0;
        for (size_t m = i; m < j; m++) {
                if (r[m].verdict == a)
                        continue;
                if (k == REF_CHAIN_MAX + 1)
                        break;
                size_t p = k++;
                while (p > 0 && r[mem[p - 1]].weight < r[m].weight) {
                        mem[p] = mem[p - 1];
                        p--;
                }
                mem[p] = m;
        }
        if (k > REF_CHAIN_MAX)
                return UINT64_MAX;
        for (size_t p = 0; p < k; p++)
                cost += (p + 1) * r[mem[p]].weight;
        for (size_t m = i; m < j; m++)
                if (r[m].verdict == a)
                        rest += r[m].weight;
        return cost + k * rest + k * REF_SIZE_WEIGHT;
}

static void ref_plan_tree(const struct range *r, size_t n, struct ref_plan *t)
{
        *t = (struct ref_plan){ .n = n };
        if (n < 2 || n > REF_MAX_DP)
                return;
        uint64_t *pre = xcalloc(n + 1, sizeof(uint64_t));
        for (size_t i = 0; i < n; i++)
                pre[i + 1] = pre[i] + r[i].weight;
        if ((pre[n] + REF_SIZE_WEIGHT) * n > UINT32_MAX) {
                free(pre);
                return;
        }
        size_t cells = n * (n + 1) / 2;
        t->row = xmalloc(n * sizeof(size_t));
        for (size_t i = 0, at = 0; i < n; at += n - i, i++)
                t->row[i] = at;
        uint64_t *cc = xmalloc(n * REF_SPAN * sizeof(uint64_t));
        for (size_t i = 0; i < n; i++) {
                bool possible = true;
                for (size_t len = 0; len < REF_SPAN; len++) {
                        uint64_t v = UINT64_MAX, a;
                        if (possible && len >= 2 && i + len <= n) {
                                possible = ref_chain_else(r, n, i, i + len, &a);
                                if (possible)
                                        v = ref_chain_cost(r, i, i + len, a);
                        }
                        cc[i * REF_SPAN + len] = v;
                }
        }
        t->root = xmalloc(cells * sizeof(uint16_t));
        uint32_t *cost = xmalloc(cells * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++)
                cost[t->row[i]] = 0;
        for (size_t len = 2; len <= n; len++)
                for (size_t i = 0; i + len <= n; i++) {
                        size_t j = i + len, ij = ref_cell(t->row, i, j);
                        size_t lo = len == 2 ? i + 1 : t->root[ij - 1] & ~REF_CHAIN;
                        size_t hi = len == 2 ? i + 1
                                             : t->root[ref_cell(t->row, i + 1, j)] &
                                                       ~REF_CHAIN;
                        if (hi < lo)
                                hi = lo;
                        uint64_t best = UINT64_MAX;
                        size_t bk = lo;
                        for (size_t k = lo; k <= hi; k++) {
                                uint64_t c = (uint64_t)cost[ref_cell(t->row, i, k)] +
                                             cost[ref_cell(t->row, k, j)];
                                if (c < best) {
                                        best = c;
                                        bk = k;
                                }
                        }
                        best += pre[j] - pre[i] + REF_SIZE_WEIGHT;
                        uint64_t ch = len < REF_SPAN ? cc[i * REF_SPAN + len]
                                                     : UINT64_MAX;
                        cost[ij] = (uint32_t)(ch <= best ? ch : best);
                        t->root[ij] = (uint16_t)(bk | (ch <= best ? REF_CHAIN : 0));
                }
        free(cost);
        free(pre);
        free(cc);
}

static size_t ref_split(const struct ref_plan *t, const struct range *r,
                        size_t i, size_t j)
{
        if (t->root)
                return t->root[ref_cell(t->row, i, j)] & ~REF_CHAIN;
        uint64_t total = 0, acc = 0, best = UINT64_MAX;
        size_t m = i + 1;
        for (size_t k = i; k < j; k++)
                total += r[k].weight;
        for (size_t k = i + 1; k < j; k++) {
                acc += r[k - 1].weight;
                uint64_t diff = acc * 2 > total ? acc * 2 - total : total - acc * 2;
                if (diff < best) {
                        best = diff;
                        m = k;
                }
        }
        return m;
}

static bool ref_chain(const struct ref_plan *t, const struct range *r, size_t i,
                      size_t j, uint64_t *ret_else)
{
        if (!t->root || !(t->root[ref_cell(t->row, i, j)] & REF_CHAIN))
                return false;
        ref_chain_else(r, t->n, i, j, ret_else);
        return true;
}

/* ---- comparisons ---- */

/* Every interval of length >= 2 (or, when that is too many, every one the
 * emitter could visit from a sample): the same split, the same chain. */
static bool same_plan(const struct range *r, size_t n, size_t *ret_far)
{
        struct ref_plan ref;
        struct tree_plan t;
        bool ok = true;

        ref_plan_tree(r, n, &ref);
        plan_tree(r, n, &t);
        size_t stride = n > 200 ? 7 : 1;
        for (size_t i = 0; ok && i < n; i += stride)
                for (size_t j = i + 2; ok && j <= n; j++) {
                        uint64_t a = 0, b = 0;
                        bool ca = ref_chain(&ref, r, i, j, &a);
                        bool cb = plan_chain(&t, i, j, &b);
                        if (ca != cb || a != b ||
                            ref_split(&ref, r, i, j) != plan_split(&t, i, j)) {
                                TEST_FAIL("n=%zu [%zu, %zu): split %zu/%zu chain %d/%d",
                                          n, i, j, ref_split(&ref, r, i, j),
                                          plan_split(&t, i, j), ca, cb);
                                ok = false;
                        }
                }
        if (ret_far)
                *ret_far = t.n_far;
        free(ref.row);
        free(ref.root);
        tree_plan_clear(&t);
        return ok;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t rnd(uint64_t bound)
{
        /* xorshift64*: deterministic, so a failure reproduces */
        rng_state ^= rng_state >> 12;
        rng_state ^= rng_state << 25;
        rng_state ^= rng_state >> 27;
        return (rng_state * 0x2545f4914f6cdd1dULL) % bound;
}

/* Ranges like build_ranges() makes: increasing starts, single numbers
 * among wider runs, a few verdicts (some argument blocks), weights as
 * range_weight() gives them or tied on purpose. */
static struct range *random_ranges(size_t n, unsigned style)
{
        static const uint64_t verdicts[] = {
                0x7fff0000, 0x00050001, 0x80000000, VERDICT_BLOCK | 0,
                VERDICT_BLOCK | 1, 0x7ffc0000,
        };
        struct range *r = xcalloc(n ? n : 1, sizeof(*r));
        uint32_t lo = 0;
        size_t nv = 2 + style % 5;
        for (size_t i = 0; i < n; i++) {
                uint32_t width = rnd(3) ? 1 : 1 + (uint32_t)rnd(40);
                r[i].lo = lo;
                lo += width;
                size_t vi = rnd(nv);
                /* build_ranges() merges equal neighbours; the planner must
                 * not depend on it, so half the styles keep some */
                if (i > 0 && verdicts[vi] == r[i - 1].verdict && style % 2)
                        vi = (vi + 1) % nv;
                uint64_t v = r[i].verdict = verdicts[vi];
                switch (style % 3) {
                case 0: /* range_weight(): 64 + 16 per number, blocks heavy */
                        r[i].weight = 64 + 16 * (uint64_t)(width < 1024 ? width : 1024) +
                                      ((v & VERDICT_BLOCK) ? 4096 : 0);
                        break;
                case 1: /* few distinct weights: ties everywhere */
                        r[i].weight = 1 + rnd(3);
                        break;
                default: /* x32-like light ranges among heavy ones */
                        r[i].weight = rnd(4) ? 1 + rnd(500) : 80 + rnd(4200);
                        break;
                }
        }
        return r;
}

static void test_random_same_as_oracle(void)
{
        static const size_t sizes[] = { 0, 1, 2, 3, 4, 5, 7, 13, 14, 15, 27,
                                        40, 67, 119, 159, 230, 300 };
        for (size_t s = 0; s < ELEMENTSOF(sizes); s++)
                for (unsigned style = 0; style < 30; style++) {
                        struct range *r = random_ranges(sizes[s], style);
                        bool ok = same_plan(r, sizes[s], NULL);
                        free(r);
                        if (!ok)
                                return;
                }
}

/* Beyond the programme's limit (and at it) the weight-balanced split. */
static void test_limits(void)
{
        static const size_t sizes[] = { 599, 600, 601, 700 };
        for (size_t s = 0; s < ELEMENTSOF(sizes); s++) {
                struct range *r = random_ranges(sizes[s], 0);
                bool ok = same_plan(r, sizes[s], NULL);
                free(r);
                ASSERT_TRUE(ok);
        }
        /* weights too large for 32-bit costs: balanced splits, no chain */
        struct range *r = random_ranges(50, 0);
        r[7].weight = UINT32_MAX / 10;
        ASSERT_TRUE(same_plan(r, 50, NULL));
        struct tree_plan t;
        plan_tree(r, 50, &t);
        uint64_t a;
        ASSERT_TRUE(t.cost == NULL);
        ASSERT_TRUE(!plan_chain(&t, 0, 3, &a));
        tree_plan_clear(&t);
        free(r);
}

/* One very heavy range at the end of a long list: adding it moves the
 * root of [0, j) by ~290 ranges at once, more than a byte's step. */
static void test_far_root(void)
{
        size_t n = 600, far = 0;
        struct range *r = xcalloc(n, sizeof(*r));
        for (size_t i = 0; i < n; i++)
                r[i] = (struct range){ .lo = (uint32_t)(2 * i),
                                       .verdict = i % 2 ? 0x7fff0000 : 0x00050001,
                                       .weight = 64 };
        r[580].weight = 1000000;
        ASSERT_TRUE(same_plan(r, n, &far));
        ASSERT_TRUE(far > 0);
        free(r);
}

/* Hand-made lists and the plan read off them. */
static void test_table(void)
{
        static const struct {
                const char *name;
                size_t n;
                struct range r[8];
                size_t split;     /* of [0, n), when not a chain */
                bool chain;
                uint64_t chain_else;
        } cases[] = {
                { "two ranges", 2, { { 0, 1, 100 }, { 5, 2, 100 } }, 1, false, 0 },
                /* [A][x][A][y][A] with x, y single numbers: a chain */
                { "chain", 5,
                  { { 0, 1, 500 }, { 10, 2, 16 }, { 11, 1, 500 }, { 20, 3, 16 },
                    { 21, 1, 500 } },
                  0, true, 1 },
                /* wide runs with different verdicts: no chain; the heavy
                 * right part goes near the root */
                { "no chain", 4,
                  { { 0, 1, 10 }, { 5, 2, 10 }, { 10, 1, 10 }, { 20, 2, 5000 } },
                  3, false, 0 },
                /* equal weights: the first of equal cost */
                { "ties", 4,
                  { { 0, 1, 100 }, { 5, 2, 100 }, { 10, 1, 100 }, { 20, 2, 100 } },
                  2, false, 0 },
        };
        for (size_t c = 0; c < ELEMENTSOF(cases); c++) {
                struct tree_plan t;
                uint64_t a = 0;
                plan_tree(cases[c].r, cases[c].n, &t);
                bool chain = plan_chain(&t, 0, cases[c].n, &a);
                EXPECT_TRUE(chain == cases[c].chain, "%s: chain %d", cases[c].name,
                            chain);
                if (chain)
                        EXPECT_TRUE(a == cases[c].chain_else, "%s: else %" PRIu64,
                                    cases[c].name, a);
                else
                        EXPECT_TRUE(plan_split(&t, 0, cases[c].n) == cases[c].split,
                                    "%s: split %zu", cases[c].name,
                                    plan_split(&t, 0, cases[c].n));
                EXPECT_TRUE(same_plan(cases[c].r, cases[c].n, NULL), "%s: oracle",
                            cases[c].name);
                tree_plan_clear(&t);
        }
}

int main(void)
{
        RUN(test_table);
        RUN(test_random_same_as_oracle);
        RUN(test_limits);
        RUN(test_far_root);
        return test_exit();
}
