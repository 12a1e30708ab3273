/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: the number dispatch, a search tree over the ranges of
 * equal verdicts planned for the expected weight of each range, with the
 * verdicts' code at its leaves (compile-internal.h has the map of the
 * compiler's files).
 */
#include "compile-internal.h"

static struct tgt verdict_tgt(struct ctx *c, uint64_t v)
{
        if (!(v & VERDICT_BLOCK))
                return tgt_ret((uint32_t)v);
        struct block *b = &c->blocks[v & UINT32_MAX];
        if (!b->rules) {
                /* libseccomp's program: placed next to its first user */
                if (b->label == SIZE_MAX && put_lsc_paths(c, b))
                        return tgt_label(b->label);
                if (b->label == SIZE_MAX) {
                        b->labels = xmalloc((b->prog.n + 1) * sizeof(size_t));
                        for (size_t i = 0; i < b->prog.n; i++)
                                b->labels[i] = SIZE_MAX;
                        b->label = to_label(c, put_lsc_target(c, b, b->prog.entry, -1));
                }
                return tgt_label(b->label);
        }
        /* argument blocks are placed next to their first user; a later
         * user far away reaches it through a JA */
        if (b->label == SIZE_MAX)
                put_block(c, b);
        return tgt_label(b->label);
}

/* The shape of the search over the ranges: an optimal alphabetic tree
 * for the weights (dynamic programming with Knuth's bound on the root,
 * O(n^2)), where a short stretch like [A][x][A][y][A] may instead become a
 * chain "jeq x; jeq y; else A" (k instructions instead of 2k, and cheaper
 * when x and y are rare), or a weight-balanced split for very long range
 * lists. */
struct tree_plan {
        size_t n;
        /* per interval [i, j), 0 <= i < j <= n, at plan_cell(): */
        size_t *row;     /* where the intervals starting at i begin */
        uint16_t *root;  /* the split, or PLAN_CHAIN: a JEQ chain instead */
};

#define PLAN_MAX_DP 600
#define PLAN_CHAIN 0x8000 /* above any split: n <= PLAN_MAX_DP */
#define CHAIN_MAX 6 /* singletons in one chain */
/* What one instruction of program size is worth in executed weight: a
 * little, so that among trees of nearly equal speed the smaller wins. */
#define SIZE_WEIGHT 2048

/* The intervals are stored row by row (all [i, j) for i, then for i + 1):
 * half of an (n+1)^2 table.  Size matters: the tables are the compile's
 * largest memory, and on x86_64 (n ~ 160) square ones cost more in fresh
 * pages than the whole dynamic programme. */
static size_t *plan_rows(size_t n)
{
        size_t *row = xmalloc(n * sizeof(size_t));
        for (size_t i = 0, at = 0; i < n; at += n - i, i++)
                row[i] = at;
        return row;
}

static size_t plan_cell(const size_t *row, size_t i, size_t j)
{
        return row[i] + (j - i - 1);
}

static bool is_singleton(const struct range *r, size_t n, size_t i)
{
        return i + 1 < n && r[i + 1].lo == r[i].lo + 1;
}

/* The verdict the chain falls back to, or false when [i, j) is not a
 * chain: every range with another verdict must be a single number. */
static bool chain_else(const struct range *r, size_t n, size_t i, size_t j,
                       uint64_t *ret)
{
        bool have = false;
        uint64_t a = 0, best_w = 0;
        for (size_t k = i; k < j; k++)
                if (!is_singleton(r, n, k)) {
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

/* Ranges of [i, j) tested by the chain, heaviest first. */
static size_t chain_members(const struct range *r, size_t i, size_t j,
                            uint64_t a, size_t out[CHAIN_MAX + 1])
{
        size_t k = 0;
        for (size_t m = i; m < j; m++) {
                if (r[m].verdict == a)
                        continue;
                if (k == CHAIN_MAX + 1)
                        return k;
                size_t p = k++;
                while (p > 0 && r[out[p - 1]].weight < r[m].weight) {
                        out[p] = out[p - 1];
                        p--;
                }
                out[p] = m;
        }
        return k;
}

/* The cost of [i, j) as a chain falling back to a (from chain_else). */
static uint64_t chain_cost(const struct range *r, size_t i, size_t j,
                           uint64_t a)
{
        uint64_t cost = 0, rest = 0;
        size_t mem[CHAIN_MAX + 1];
        size_t k = chain_members(r, i, j, a, mem);
        if (k > CHAIN_MAX)
                return UINT64_MAX;
        for (size_t p = 0; p < k; p++)
                cost += (p + 1) * r[mem[p]].weight;
        for (size_t m = i; m < j; m++)
                if (r[m].verdict == a)
                        rest += r[m].weight;
        return cost + k * rest + k * SIZE_WEIGHT;
}

#define CHAIN_SPAN (2 * CHAIN_MAX + 2)

/* chain_cost() of every short interval, [i * CHAIN_SPAN + len]; a chain
 * is only possible where some range is a single number, and stops being
 * possible for longer intervals once it is not (more than one run wider
 * than a number with different verdicts) */
static uint64_t *chain_costs(const struct range *r, size_t n)
{
        uint64_t *cc = xmalloc(n * CHAIN_SPAN * sizeof(uint64_t));
        for (size_t i = 0; i < n; i++) {
                bool possible = true;
                for (size_t len = 0; len < CHAIN_SPAN; len++) {
                        uint64_t v = UINT64_MAX, a;
                        if (possible && len >= 2 && i + len <= n) {
                                possible = chain_else(r, n, i, i + len, &a);
                                if (possible)
                                        v = chain_cost(r, i, i + len, a);
                        }
                        cc[i * CHAIN_SPAN + len] = v;
                }
        }
        return cc;
}

static void plan_tree(const struct range *r, size_t n, struct tree_plan *t)
{
        uint64_t *pre, *cc;
        uint32_t *cost;

        *t = (struct tree_plan){ .n = n };
        if (n < 2 || n > PLAN_MAX_DP)
                return;
        pre = xcalloc(n + 1, sizeof(uint64_t));
        for (size_t i = 0; i < n; i++)
                pre[i + 1] = pre[i] + r[i].weight;
        /* Costs are kept in 32 bits (half the table).  An interval's cost,
         * whichever split the search takes, is at most that of a path of
         * length n through total weight W: (W + SIZE_WEIGHT) * n, below
         * 2^32 for what range_weight() gives (W <= 17408 + 4160 n, so
         * 1.5e9 at n = PLAN_MAX_DP); sums of two are taken in 64 bits.
         * Should weights ever outgrow that, the weight-balanced split
         * takes over rather than a wrong optimum. */
        if ((pre[n] + SIZE_WEIGHT) * n > UINT32_MAX) {
                free(pre);
                return;
        }
        size_t cells = n * (n + 1) / 2;
        const size_t *row = t->row = plan_rows(n);
        cc = chain_costs(r, n);
        /* only entries with j > i are read, each after it is written,
         * except the single-range costs: zero those */
        t->root = xmalloc(cells * sizeof(uint16_t));
        cost = xmalloc(cells * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++)
                cost[row[i]] = 0;
        for (size_t len = 2; len <= n; len++)
                for (size_t i = 0; i + len <= n; i++) {
                        size_t j = i + len, ij = plan_cell(row, i, j);
                        size_t lo = len == 2 ? i + 1
                                             : t->root[ij - 1] & ~PLAN_CHAIN;
                        size_t hi = len == 2 ? i + 1
                                             : t->root[plan_cell(row, i + 1, j)] &
                                                       ~PLAN_CHAIN;
                        /* the chain option can break Knuth's monotonicity:
                         * never search an empty window */
                        if (hi < lo)
                                hi = lo;
                        /* cost[i][k] is contiguous in k; cost[k][j] starts
                         * at row k and moves down a row per step */
                        const uint32_t *left = &cost[ij - (j - lo)];
                        size_t kj = plan_cell(row, lo, j);
                        uint64_t best = UINT64_MAX;
                        size_t bk = lo;
                        for (size_t k = lo; k <= hi; k++) {
                                uint64_t cst = (uint64_t)left[k - lo] + cost[kj];
                                if (cst < best) {
                                        best = cst;
                                        bk = k;
                                }
                                kj += n - k - 1;
                        }
                        best += pre[j] - pre[i] + SIZE_WEIGHT;
                        uint64_t ch = len < CHAIN_SPAN ? cc[i * CHAIN_SPAN + len]
                                                       : UINT64_MAX;
                        cost[ij] = (uint32_t)(ch <= best ? ch : best);
                        t->root[ij] = (uint16_t)(bk | (ch <= best ? PLAN_CHAIN : 0));
                }
        free(cost);
        free(pre);
        free(cc);
}

static size_t plan_split(const struct tree_plan *t, const struct range *r,
                         size_t i, size_t j)
{
        if (t->root)
                return t->root[plan_cell(t->row, i, j)] & ~PLAN_CHAIN;
        uint64_t total = 0, acc = 0, best = UINT64_MAX;
        size_t m = i + 1;
        for (size_t k = i; k < j; k++)
                total += r[k].weight;
        for (size_t k = i + 1; k < j; k++) {
                acc += r[k - 1].weight;
                uint64_t diff = acc * 2 > total ? acc * 2 - total
                                                : total - acc * 2;
                if (diff < best) {
                        best = diff;
                        m = k;
                }
        }
        return m;
}

static struct tgt put_tree(struct ctx *c, const struct tree_plan *t,
                           const struct range *r, size_t i, size_t j)
{
        if (j - i == 1)
                return verdict_tgt(c, r[i].verdict);

        if (t->root && (t->root[plan_cell(t->row, i, j)] & PLAN_CHAIN)) {
                uint64_t a;
                size_t mem[CHAIN_MAX + 1];
                chain_else(r, t->n, i, j, &a);
                size_t k = chain_members(r, i, j, a, mem);
                struct tgt next = verdict_tgt(c, a);
                for (size_t p = k; p-- > 0;) {
                        struct tgt hit = verdict_tgt(c, r[mem[p]].verdict);
                        next = tgt_label(put_jcond(c, SC_BPF_JEQ, r[mem[p]].lo,
                                                   hit, next));
                }
                return next;
        }
        size_t m = plan_split(t, r, i, j);
        struct tgt right = put_tree(c, t, r, m, j);
        struct tgt left = put_tree(c, t, r, i, m);
        return tgt_label(put_jcond(c, SC_BPF_JGE, r[m].lo, right, left));
}

static struct tgt put_ranges(struct ctx *c, const struct range *r, size_t n)
{
        struct tree_plan plan;
        plan_tree(r, n, &plan);
        struct tgt root = put_tree(c, &plan, r, 0, n);
        free(plan.row);
        free(plan.root);
        return root;
}

struct tgt put_group(struct ctx *c, const struct group *g)
{
        _cleanup_free_ struct range *r = NULL;
        size_t n = build_ranges(c, g, &r);
        struct tgt root = put_ranges(c, r, n);

        if (root.is_ret)
                return root;
        if (n == 1) /* a single argument block: it loads what it needs */
                return root;
        if (root.label != c->n - 1)
                put_ja(c, root.label);
        return tgt_label(put_ld(c, SC_OFF_NR));
}
