/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: code for libseccomp's argument programs (runc, crun), as
 * libseccomp lays them out or specialised path by path (compile-internal.h
 * has the map of the compiler's files).
 */
#include <string.h>

#include "compile-internal.h"

/* The word a block of libseccomp's program leaves in A when it jumps, if
 * it loads one and does not mask it; -1 when it depends on what came
 * before (the runtime does not reload then, and neither may we). */
static int lsc_block_word(const struct lsc_block *b)
{
        int w = -1;
        for (size_t i = 0; i < b->n_ops; i++)
                w = b->ops[i].kind == LSC_LD ? (int)b->ops[i].v : -1;
        return w;
}

static uint32_t lsc_word_off(const struct ctx *c, uint32_t w)
{
        return arg_off(c, LSC_WORD_ARG(w), LSC_WORD_HI(w));
}

static size_t put_lsc(struct ctx *c, struct block *b, uint32_t i);

struct tgt put_lsc_target(struct ctx *c, struct block *b, struct lsc_tgt t,
                          int word)
{
        if (t.is_ret)
                return tgt_ret(t.v);
        struct tgt l = tgt_label(put_lsc(c, b, t.v));
        /* A already holds the word the target starts by loading */
        return word >= 0 ? skip_reload(c, l, lsc_word_off(c, (uint32_t)word))
                         : l;
}

/* One block of libseccomp's program (targets first: code is emitted back
 * to front), exactly its loads and masks, so that a block that relies on
 * what an earlier one left in A sees the same word as in the runtime. */
static size_t put_lsc(struct ctx *c, struct block *b, uint32_t i)
{
        const struct lsc_block *k = &b->prog.b[i];
        int word = lsc_block_word(k);

        if (b->labels[i] != SIZE_MAX)
                return b->labels[i];
        struct tgt f = put_lsc_target(c, b, k->jf, word);
        struct tgt t = put_lsc_target(c, b, k->jt, word);
        uint16_t op = k->jop == LSC_JEQ ? SC_BPF_JEQ
                    : k->jop == LSC_JGT ? SC_BPF_JGT : SC_BPF_JGE;
        size_t l = put_jcond(c, op, k->k, t, f);
        for (size_t j = k->n_ops; j-- > 0;) {
                if (k->ops[j].kind == LSC_AND)
                        l = put_insn(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K,
                                     k->ops[j].v, 0, 0);
                else
                        l = put_ld(c, lsc_word_off(c, k->ops[j].v));
        }
        b->labels[i] = l;
        return l;
}

/* ---- libseccomp's program, specialised along each path ----
 *
 * libseccomp's tree is slow where rules share a word: a test that an
 * earlier one already decided is repeated, and a fallen-through level
 * reloads what it needs.  Walking the program path by path, we know what
 * each earlier test said about the words (intervals) and which word A
 * holds in libseccomp's program (virtual) and in ours (real): a test whose
 * answer is known is not emitted, a load of what A holds is not emitted.
 * The verdict of every path is libseccomp's by construction (every test
 * libseccomp makes either is emitted on the same value or is decided by
 * facts of the same path).  Paths are expanded into a tree, shared where
 * the state is equal; when that grows past a budget the program is emitted
 * as it is instead. */

#define ACC_NONE 0xffU

struct path_state {
        uint32_t lo[12], hi[12];   /* what the path knows of each word */
        /* the word in A, in libseccomp's program and in ours, and the
         * masks applied to it */
        uint8_t lsc_word, our_word;
        uint32_t lsc_mask, our_mask;
};

struct path_memo {
        uint32_t block;
        struct path_state st;
        struct tgt t;
};

struct path_walk {
        struct block *b;
        struct path_memo *memo;
        size_t n_memo, alloc_memo;
        size_t budget;  /* instructions (4 per block emitted) */
        size_t steps;   /* blocks visited, emitted or decided */
        bool over;
};

static struct tgt put_path(struct ctx *c, struct path_walk *x, struct lsc_tgt t,
                           struct path_state st);
static struct tgt put_path_switch(struct ctx *c, struct path_walk *x, uint32_t i,
                                  struct path_state st);

/* A run of equality tests of one word chained by their false branches is
 * a switch: at most one can hold, so their order does not matter (the
 * first of equal constants wins), and ascending constants put the small
 * values programs pass most (0, flags) first. */
struct eq_case {
        uint32_t k;
        struct lsc_tgt t;
};

static int eq_case_cmp(const void *a, const void *b)
{
        const struct eq_case *x = a, *y = b;
        return x->k < y->k ? -1 : x->k > y->k;
}

/* Make A hold what libseccomp's program compares (its word, its mask),
 * from what our code left in it. */
static void state_add_ld(struct ctx *c, size_t *l, const struct path_state *st)
{
        const uint16_t and = SC_BPF_ALU | SC_BPF_AND | SC_BPF_K;

        if (st->our_word == st->lsc_word &&
            (st->our_mask & st->lsc_mask) == st->lsc_mask) {
                if (st->our_mask != st->lsc_mask)
                        *l = put_insn(c, and, st->lsc_mask, 0, 0);
        } else {
                if (st->lsc_mask != UINT32_MAX)
                        *l = put_insn(c, and, st->lsc_mask, 0, 0);
                *l = put_ld(c, lsc_word_off(c, st->lsc_word));
        }
}

static struct tgt put_path_switch(struct ctx *c, struct path_walk *x,
                                  uint32_t i, struct path_state st)
{
        struct eq_case cs[64];
        size_t n = 0;
        uint32_t w = st.lsc_word;
        struct lsc_tgt rest = { .v = i };
        struct path_state no = st;

        no.our_word = st.lsc_word;
        no.our_mask = st.lsc_mask;
        while (!rest.is_ret && n < ELEMENTSOF(cs)) {
                const struct lsc_block *k = &x->b->prog.b[rest.v];
                bool same = k->jop == LSC_JEQ &&
                            (k->n_ops == 0 ||
                             (k->n_ops == 1 && k->ops[0].kind == LSC_LD &&
                              k->ops[0].v == w));
                if (!same && rest.v != i)
                        break;
                bool dup = false;
                for (size_t j = 0; j < n; j++)
                        dup = dup || cs[j].k == k->k;
                if (!dup && k->k >= no.lo[w] && k->k <= no.hi[w])
                        cs[n++] = (struct eq_case){ k->k, k->jt };
                rest = k->jf;
        }
        qsort(cs, n, sizeof(cs[0]), eq_case_cmp);
        for (size_t j = 0; j < n; j++)
                if (no.lo[w] == cs[j].k)
                        no.lo[w]++;
        for (size_t j = n; j-- > 0;)
                if (no.hi[w] == cs[j].k)
                        no.hi[w]--;
        struct tgt next = put_path(c, x, rest, no);
        for (size_t j = n; j-- > 0 && !x->over;) {
                struct path_state yes = no;
                yes.lo[w] = yes.hi[w] = cs[j].k;
                struct tgt t = put_path(c, x, cs[j].t, yes);
                if (x->over)
                        break;
                next = tgt_label(put_jcond(c, SC_BPF_JEQ, cs[j].k, t, next));
                if (x->budget < 2) {
                        x->over = true;
                        break;
                }
                x->budget -= 2;
        }
        if (x->over || next.is_ret)
                return next;
        size_t l = next.label;
        state_add_ld(c, &l, &st);
        return tgt_label(l);
}

static struct tgt put_path_block(struct ctx *c, struct path_walk *x, uint32_t i,
                                 struct path_state st)
{
        const struct lsc_block *k = &x->b->prog.b[i];

        for (size_t j = 0; j < k->n_ops; j++) {
                if (k->ops[j].kind == LSC_LD) {
                        st.lsc_word = (uint8_t)k->ops[j].v;
                        st.lsc_mask = UINT32_MAX;
                } else
                        st.lsc_mask &= k->ops[j].v;
        }
        /* the value libseccomp compares: word & lsc_mask */
        uint32_t lo, hi, w = st.lsc_word;
        if (st.lsc_mask == UINT32_MAX) {
                lo = st.lo[w];
                hi = st.hi[w];
        } else if (st.lo[w] == st.hi[w]) {
                lo = hi = st.lo[w] & st.lsc_mask;
        } else {
                lo = 0;
                hi = st.lsc_mask;
        }
        int known = -1;
        switch (k->jop) {
        case LSC_JEQ:
                if (lo == hi && lo == k->k)
                        known = 1;
                else if (k->k < lo || k->k > hi)
                        known = 0;
                break;
        case LSC_JGT:
                if (lo > k->k)
                        known = 1;
                else if (hi <= k->k)
                        known = 0;
                break;
        case LSC_JGE:
                if (lo >= k->k)
                        known = 1;
                else if (hi < k->k)
                        known = 0;
                break;
        }
        if (known >= 0)
                return put_path(c, x, known ? k->jt : k->jf, st);
        if (k->jop == LSC_JEQ && st.lsc_mask == UINT32_MAX)
                return put_path_switch(c, x, i, st);

        struct path_state yes = st, no = st;
        yes.our_word = no.our_word = st.lsc_word;
        yes.our_mask = no.our_mask = st.lsc_mask;
        if (st.lsc_mask == UINT32_MAX) {
                uint32_t kk = k->k;
                switch (k->jop) {
                case LSC_JEQ:
                        yes.lo[w] = yes.hi[w] = kk;
                        if (no.lo[w] == kk)
                                no.lo[w]++;
                        if (no.hi[w] == kk)
                                no.hi[w]--;
                        break;
                case LSC_JGT:
                        yes.lo[w] = kk + 1 > yes.lo[w] ? kk + 1 : yes.lo[w];
                        no.hi[w] = kk < no.hi[w] ? kk : no.hi[w];
                        break;
                case LSC_JGE:
                        yes.lo[w] = kk > yes.lo[w] ? kk : yes.lo[w];
                        no.hi[w] = kk - 1 < no.hi[w] ? kk - 1 : no.hi[w];
                        break;
                }
        }
        struct tgt f = put_path(c, x, k->jf, no);
        struct tgt t = put_path(c, x, k->jt, yes);
        if (x->over)
                return f;
        uint16_t op = k->jop == LSC_JEQ ? SC_BPF_JEQ
                    : k->jop == LSC_JGT ? SC_BPF_JGT : SC_BPF_JGE;
        size_t l = put_jcond(c, op, k->k, t, f);
        /* make A hold what libseccomp's program compares */
        state_add_ld(c, &l, &st);
        if (x->budget < 4) {
                x->over = true;
                return f;
        }
        x->budget -= 4;
        return tgt_label(l);
}

/* Field by field: the struct has padding after the two word bytes, which
 * copies by value leave undefined, so memcmp would read garbage. */
static bool path_state_eq(const struct path_state *a, const struct path_state *b)
{
        return memcmp(a->lo, b->lo, sizeof(a->lo)) == 0 &&
               memcmp(a->hi, b->hi, sizeof(a->hi)) == 0 &&
               a->lsc_word == b->lsc_word && a->our_word == b->our_word &&
               a->lsc_mask == b->lsc_mask && a->our_mask == b->our_mask;
}

static struct tgt put_path(struct ctx *c, struct path_walk *x, struct lsc_tgt t,
                           struct path_state st)
{
        if (t.is_ret)
                return tgt_ret(t.v);
        if (x->over)
                return tgt_ret(0);
        if (x->steps == 0) {
                x->over = true;
                return tgt_ret(0);
        }
        x->steps--;
        for (size_t i = 0; i < x->n_memo; i++)
                if (x->memo[i].block == t.v &&
                    path_state_eq(&x->memo[i].st, &st))
                        return x->memo[i].t;
        struct tgt r = put_path_block(c, x, t.v, st);
        if (x->over)
                return r;
        GROW(x->memo, x->n_memo, x->alloc_memo);
        x->memo[x->n_memo++] =
                (struct path_memo){ .block = t.v, .st = st, .t = r };
        return r;
}

/* The specialised form, or false (nothing emitted) when over budget. */
bool put_lsc_paths(struct ctx *c, struct block *b)
{
        size_t n0 = c->n, n_rets0 = c->n_rets;
        _cleanup_free_ size_t *rets0 = xmalloc((c->n_rets + 1) * sizeof(size_t));
        struct path_walk x = { .b = b, .budget = 4 * (2 * b->prog.n + 8),
                               .steps = 8 * b->prog.n + 64 };
        struct path_state st;

        for (size_t i = 0; i < c->n_rets; i++)
                rets0[i] = c->rets[i].label;
        for (size_t i = 0; i < 12; i++) {
                st.lo[i] = 0;
                st.hi[i] = UINT32_MAX;
        }
        st.lsc_word = st.our_word = ACC_NONE;
        st.lsc_mask = st.our_mask = UINT32_MAX;
        struct tgt t = put_path(c, &x, b->prog.entry, st);
        free(x.memo);
        if (x.over) {
                /* drop what was emitted */
                c->n = n0;
                c->n_rets = n_rets0;
                for (size_t i = 0; i < c->n_rets; i++)
                        c->rets[i].label = rets0[i];
                return false;
        }
        b->label = to_label(c, t);
        return true;
}
