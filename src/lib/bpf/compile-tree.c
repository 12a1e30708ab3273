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
 * lists (struct tree_plan in compile-internal.h holds the result). */
#define PLAN_MAX_DP 600
#define CHAIN_MAX 6 /* singletons in one chain */
#define CHAIN_SPAN (2 * CHAIN_MAX + 2) /* intervals shorter than this */
/* What one instruction of program size is worth in executed weight: a
 * little, so that among trees of nearly equal speed the smaller wins. */
#define SIZE_WEIGHT 2048
/* a root step too large for a byte: the root is in plan->far */
#define PLAN_STEP_FAR UINT8_MAX

/* The intervals [i, j), 0 <= i < j <= n, are stored column by column
 * (all [i, 1), then all [i, 2), ...; column j has j cells): half of an
 * (n+1)^2 table, and the column the programme is filling is contiguous. */
static size_t plan_cell(const struct tree_plan *t, size_t i, size_t j)
{
        return t->col[j] + i;
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

/* The cost of [i, j) as a chain, UINT64_MAX when it cannot be one. */
static uint64_t chain_cost_of(const struct range *r, size_t n, size_t i,
                              size_t j)
{
        uint64_t a;
        if (j - i < 2 || j - i >= CHAIN_SPAN || !chain_else(r, n, i, j, &a))
                return UINT64_MAX;
        return chain_cost(r, i, j, a);
}

/* The chain option of the intervals [i, j) ending at one j, grown to
 * the left a range at a time (i = j - 2, j - 3, ...): what chain_else()
 * and chain_cost() say of each, without rescanning the interval.  The
 * fallback verdict a is the wide ranges' (all must share it) or, while
 * every range is a single number, the heaviest's (the last of equal
 * weight: a range added in front replaces it only when heavier); the
 * members, every range with another verdict, stay sorted heaviest first,
 * ties in number order (a range added in front goes before its equals),
 * and are collected anew only when a changes. */
struct chain_scan {
        const struct range *r;
        size_t n, i, j;
        bool wide;               /* some range is wider than a number */
        uint64_t a, heavy_w, heavy_v;
        size_t k;                /* members; CHAIN_MAX + 1: too many */
        size_t mem[CHAIN_MAX + 1];
        uint64_t mem_w;          /* their weight (while k <= CHAIN_MAX) */
};

static void chain_scan_insert(struct chain_scan *cs, size_t m)
{
        const struct range *r = cs->r;
        if (cs->k > CHAIN_MAX)
                return;
        size_t p = cs->k++;
        cs->mem_w += r[m].weight;
        while (p > 0 && r[cs->mem[p - 1]].weight < r[m].weight) {
                cs->mem[p] = cs->mem[p - 1];
                p--;
        }
        cs->mem[p] = m;
}

static void chain_scan_start(struct chain_scan *cs, const struct range *r,
                             size_t n, size_t j)
{
        *cs = (struct chain_scan){ .r = r, .n = n, .i = j - 1, .j = j,
                                   .wide = !is_singleton(r, n, j - 1),
                                   .a = r[j - 1].verdict,
                                   .heavy_w = r[j - 1].weight,
                                   .heavy_v = r[j - 1].verdict };
}

/* Add range i - 1 in front; false when [i - 1, j) and every longer
 * interval cannot be a chain. */
static bool chain_scan_grow(struct chain_scan *cs)
{
        const struct range *r = cs->r;
        size_t i = --cs->i;

        if (!is_singleton(r, cs->n, i)) {
                if (cs->wide && r[i].verdict != cs->a)
                        return false;
                cs->wide = true;
        }
        if (r[i].weight > cs->heavy_w) {
                cs->heavy_w = r[i].weight;
                cs->heavy_v = r[i].verdict;
        }
        uint64_t a = cs->wide && !is_singleton(r, cs->n, i) ? r[i].verdict
                     : cs->wide                              ? cs->a
                                                             : cs->heavy_v;
        if (a == cs->a) {
                if (r[i].verdict != a)
                        chain_scan_insert(cs, i);
                return true;
        }
        cs->a = a;
        cs->k = 0;
        cs->mem_w = 0;
        for (size_t m = i; m < cs->j; m++)
                if (r[m].verdict != a)
                        chain_scan_insert(cs, m);
        return true;
}

/* The chain's cost for [cs->i, j) of total weight w. */
static uint64_t chain_scan_cost(const struct chain_scan *cs, uint64_t w)
{
        uint64_t cost = 0;
        if (cs->k > CHAIN_MAX)
                return UINT64_MAX;
        for (size_t p = 0; p < cs->k; p++)
                cost += (p + 1) * cs->r[cs->mem[p]].weight;
        return cost + cs->k * (w - cs->mem_w) + cs->k * SIZE_WEIGHT;
}

/* The scratch part of plan_tree()'s second block. */
struct plan_scratch {
        uint32_t *pre;              /* weight of r[0..i) */
        uint16_t *prev_root, *root; /* root(i, j - 1), root(i, j) */
};

/* Two blocks: the costs, and the rest (columns, prefix weights, roots,
 * steps); two, not one, so that each fits more easily where the heap
 * already has room (a fresh page costs more than the whole programme). */
static void plan_alloc(struct tree_plan *t, struct plan_scratch *s)
{
        size_t n = t->n, cells = n * (n + 1) / 2;
        t->cost = xmalloc(cells * sizeof(uint32_t));
        /* widest elements first so each part stays aligned */
        t->col = xmalloc(2 * (n + 1) * sizeof(uint32_t) +
                         2 * n * sizeof(uint16_t) + cells);
        s->pre = t->col + n + 1;
        s->prev_root = (uint16_t *)(s->pre + n + 1);
        s->root = s->prev_root + n;
        t->step = (uint8_t *)(s->root + n);
        for (size_t j = 0; j <= n; j++)
                t->col[j] = (uint32_t)(j * (j - 1) / 2); /* 0 for j = 0 */
}

/* The roots of column j more than a byte's steps past root(i, j - 1)
 * (their step says PLAN_STEP_FAR): kept whole.  Found after the column,
 * so that the programme's loops call nothing. */
static void plan_far_roots(struct tree_plan *t, const uint16_t *root, size_t j)
{
        const uint8_t *sj = t->step + t->col[j];
        for (size_t i = 0; i + 2 <= j; i++)
                if (sj[i] == PLAN_STEP_FAR) {
                        GROW(t->far, t->n_far, t->alloc_far);
                        t->far[t->n_far++] = (struct plan_far){
                                .cell = (uint32_t)plan_cell(t, i, j),
                                .root = root[i] };
                }
}

/* The first k in [lo, hi] with the least cost(i, k) + cost(k, j), where
 * cost(k, j) = cj[k].  32 bits suffice: see plan_tree(). */
static inline size_t plan_best_split(const struct tree_plan *t,
                                     const uint32_t *cj, size_t i, size_t lo,
                                     size_t hi, uint32_t *ret_cost)
{
        const uint32_t *cost = t->cost, *col = t->col;
        uint32_t best = cost[col[lo] + i] + cj[lo];
        size_t bk = lo;
        for (size_t k = lo + 1; k <= hi; k++) {
                uint32_t cst = cost[col[k] + i] + cj[k];
                if (cst < best) {
                        best = cst;
                        bk = k;
                }
        }
        *ret_cost = best;
        return bk;
}

/* Keep [i, j)'s cost and root (its step from lo in the column's steps
 * sj); returns the root. */
static inline size_t plan_keep(uint32_t *cj, uint8_t *sj, uint16_t *root,
                               size_t i, size_t lo, size_t bk, uint32_t cost)
{
        cj[i] = cost;
        root[i] = (uint16_t)bk;
        sj[i] = (uint8_t)(bk - lo < PLAN_STEP_FAR ? bk - lo : PLAN_STEP_FAR);
        return bk;
}

/* The cells [i, j) too long for a chain, i from i_end - 1 down to 0,
 * with hi = root(i_end, j): the programme's hot loop.  The arrays are
 * locals: through t, every byte stored would make the compiler load
 * them again.  Returns whether a step was PLAN_STEP_FAR. */
static bool plan_solve_long(struct tree_plan *t, const struct plan_scratch *s,
                            size_t j, size_t i_end, size_t hi)
{
        const uint32_t *cost = t->cost, *col = t->col, *pre = s->pre;
        const uint16_t *prev_root = s->prev_root;
        uint16_t *root = s->root;
        uint32_t *cj = t->cost + col[j];
        uint8_t *sj = t->step + col[j];
        const uint32_t wj = pre[j] + SIZE_WEIGHT;
        bool far = false;

        for (size_t i = i_end; i-- > 0;) {
                size_t lo = prev_root[i];
                if (hi <= lo) {
                        /* most windows hold one split */
                        hi = lo;
                        cj[i] = cost[col[lo] + i] + cj[lo] + wj - pre[i];
                        root[i] = (uint16_t)lo;
                        sj[i] = 0;
                        continue;
                }
                uint32_t best;
                size_t bk = plan_best_split(t, cj, i, lo, hi, &best);
                far |= bk - lo >= PLAN_STEP_FAR;
                hi = plan_keep(cj, sj, root, i, lo, bk, best + wj - pre[i]);
        }
        return far;
}

/* The dynamic programme: cost(i, j) = min over splits k of cost(i, k) +
 * cost(k, j) + weight(i, j) + SIZE_WEIGHT, or the chain's cost if not
 * more; cost(i, i + 1) = 0.  Knuth's bound searches k only between
 * root(i, j - 1) and root(i + 1, j) (never an empty window: the chain
 * option can break its monotonicity); of equal costs the first split.
 *
 * Each cell depends on shorter intervals only, so the order of the
 * cells does not change a single value; it is chosen for speed and
 * memory.  Column by column (j = 1..n, i from j - 1 down to 0): the
 * right halves cost(k, j) are the column being filled (contiguous),
 * root(i + 1, j) is the split just found, root(i, j - 1) is kept from
 * the column before; only the left halves cost(i, k) are looked up
 * across the table.  The roots are kept for the reconstruction as their
 * step from the window's start (root(i, j) - root(i, j - 1) >= 0: a
 * byte, the windows are short; plan_far_roots() for the rare larger one),
 * not as a uint16 root with a chain bit; the chain bit is not needed
 * either: the cell is a chain exactly when its cost equals the chain's
 * (else the split was strictly cheaper).  5 bytes a cell, where the
 * diagonal-by-diagonal programme took 6 and 112 more per range for the
 * short intervals' chain costs, which chain_scan finds on the way.
 *
 * The chain option exists for the first CHAIN_SPAN - 2 cells of a
 * column; the rest is plan_solve_long(). */
static void plan_solve(struct tree_plan *t, struct plan_scratch *s)
{
        const struct range *r = t->r;
        const size_t n = t->n;

        for (size_t j = 1; j <= n; j++) {
                uint32_t *cj = t->cost + t->col[j];
                uint8_t *sj = t->step + t->col[j];
                /* [i, j) for i >= i_long is short enough for a chain */
                const size_t i_long = j >= CHAIN_SPAN ? j - CHAIN_SPAN + 1 : 0;
                bool chain_possible = true;
                struct chain_scan cs;
                chain_scan_start(&cs, r, n, j);
                cj[j - 1] = 0;
                /* root(i + 1, j): the split found one cell before */
                size_t hi = j - 1, i = j - 1;
                while (i > i_long) {
                        i--;
                        size_t lo = j - i == 2 ? i + 1 : s->prev_root[i];
                        if (hi < lo)
                                hi = lo;
                        uint32_t split, w = s->pre[j] - s->pre[i];
                        size_t bk = plan_best_split(t, cj, i, lo, hi, &split);
                        uint64_t best = (uint64_t)split + w + SIZE_WEIGHT;
                        /* or the chain, when it costs no more */
                        if (chain_possible)
                                chain_possible = chain_scan_grow(&cs);
                        if (chain_possible) {
                                uint64_t ch = chain_scan_cost(&cs, w);
                                if (ch <= best)
                                        best = ch;
                        }
                        hi = plan_keep(cj, sj, s->root, i, lo, bk,
                                       (uint32_t)best);
                }
                /* (a short interval's step is shorter than it) */
                if (plan_solve_long(t, s, j, i, hi))
                        plan_far_roots(t, s->root, j);
                uint16_t *tmp = s->prev_root;
                s->prev_root = s->root;
                s->root = tmp;
        }
}

void plan_tree(const struct range *r, size_t n, struct tree_plan *ret)
{
        struct tree_plan t = { .r = r, .n = n };
        struct plan_scratch s;
        uint64_t total = 0;

        *ret = t;
        if (n < 2 || n > PLAN_MAX_DP)
                return;
        for (size_t i = 0; i < n; i++)
                total += r[i].weight;
        /* Costs are kept and added in 32 bits.  Every tree (or chain)
         * over [i, j) costs at most (W(i, j) + SIZE_WEIGHT) * (j - i - 1):
         * no leaf is deeper than j - i - 1 and there are j - i - 1 tests
         * (a chain tests at most j - i - 1 ranges, each at most that
         * deep).  So cost(i, k) + cost(k, j) + W(i, j) + SIZE_WEIGHT, for
         * any split the search takes, stays below (W + SIZE_WEIGHT) * n,
         * less than 2^32 for what range_weight() gives (W <= 17408 +
         * 4160 n, so 1.5e9 at n = PLAN_MAX_DP); only a chain's cost, which
         * can lose to the split, is taken in 64 bits.  Should weights
         * ever outgrow that, the weight-balanced split takes over rather
         * than a wrong optimum. */
        if ((total + SIZE_WEIGHT) * n > UINT32_MAX)
                return;
        plan_alloc(&t, &s);
        s.pre[0] = 0;
        for (size_t i = 0; i < n; i++)
                s.pre[i + 1] = s.pre[i] + (uint32_t)r[i].weight;
        plan_solve(&t, &s);
        *ret = t;
}

void tree_plan_clear(struct tree_plan *t)
{
        free(t->cost);
        free(t->col);
        free(t->far);
        *t = (struct tree_plan){ 0 };
}

/* root(i, j): the steps summed along row i from root(i, i + 2) = i + 1,
 * back from j to the nearest root stored whole. */
static size_t plan_root(const struct tree_plan *t, size_t i, size_t j)
{
        size_t sum = 0;
        for (;; j--) {
                size_t cell = plan_cell(t, i, j);
                if (t->step[cell] == PLAN_STEP_FAR) {
                        for (size_t f = 0;; f++)
                                if (t->far[f].cell == cell)
                                        return sum + t->far[f].root;
                }
                sum += t->step[cell];
                if (j == i + 2)
                        return sum + i + 1;
        }
}

size_t plan_split(const struct tree_plan *t, size_t i, size_t j)
{
        const struct range *r = t->r;
        if (t->cost)
                return plan_root(t, i, j);
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

/* The programme chose the chain for [i, j) exactly when it cost no more
 * than the best split: then the cost stored is the chain's. */
bool plan_chain(const struct tree_plan *t, size_t i, size_t j,
                uint64_t *ret_else)
{
        if (!t->cost || j - i >= CHAIN_SPAN)
                return false;
        uint64_t ch = chain_cost_of(t->r, t->n, i, j);
        if (ch == UINT64_MAX || ch != t->cost[plan_cell(t, i, j)])
                return false;
        chain_else(t->r, t->n, i, j, ret_else);
        return true;
}

static struct tgt put_tree(struct ctx *c, const struct tree_plan *t, size_t i,
                           size_t j)
{
        const struct range *r = t->r;
        uint64_t a;

        if (j - i == 1)
                return verdict_tgt(c, r[i].verdict);
        if (plan_chain(t, i, j, &a)) {
                size_t mem[CHAIN_MAX + 1];
                size_t k = chain_members(r, i, j, a, mem);
                struct tgt next = verdict_tgt(c, a);
                for (size_t p = k; p-- > 0;) {
                        struct tgt hit = verdict_tgt(c, r[mem[p]].verdict);
                        next = tgt_label(put_jcond(c, SC_BPF_JEQ, r[mem[p]].lo,
                                                   hit, next));
                }
                return next;
        }
        size_t m = plan_split(t, i, j);
        struct tgt right = put_tree(c, t, m, j);
        struct tgt left = put_tree(c, t, i, m);
        return tgt_label(put_jcond(c, SC_BPF_JGE, r[m].lo, right, left));
}

static struct tgt put_ranges(struct ctx *c, const struct range *r, size_t n)
{
        struct tree_plan plan;
        plan_tree(r, n, &plan);
        struct tgt root = put_tree(c, &plan, 0, n);
        tree_plan_clear(&plan);
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
