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

struct tgt lsc_tgt(struct ctx *c, struct block *b, struct lsc_tgt t,
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
        struct tgt f = lsc_tgt(c, b, k->jf, word);
        struct tgt t = lsc_tgt(c, b, k->jt, word);
        uint16_t op = k->jop == LSC_JEQ ? SC_BPF_JEQ
                    : k->jop == LSC_JGT ? SC_BPF_JGT : SC_BPF_JGE;
        size_t l = put_jcond(c, op, k->k, t, f);
        for (size_t j = k->n_ops; j-- > 0;) {
                if (k->ops[j].kind == LSC_AND)
                        l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K,
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

struct pstate {
        uint32_t lo[12], hi[12];   /* what the path knows of each word */
        uint8_t vw, rw;            /* word in A: libseccomp's, ours */
        uint32_t vm, rm;           /* masks applied to it */
};

struct pmemo {
        uint32_t block;
        struct pstate st;
        struct tgt t;
};

struct pexp {
        struct block *b;
        struct pmemo *memo;
        size_t n_memo, alloc_memo;
        size_t budget;  /* instructions (4 per block emitted) */
        size_t steps;   /* blocks visited, emitted or decided */
        bool over;
};

static struct tgt put_path(struct ctx *c, struct pexp *x, struct lsc_tgt t,
                           struct pstate st);
static struct tgt put_path_switch(struct ctx *c, struct pexp *x, uint32_t i,
                                  struct pstate st);

/* A run of equality tests of one word chained by their false branches is
 * a switch: at most one can hold, so their order does not matter (the
 * first of equal constants wins), and ascending constants put the small
 * values programs pass most (0, flags) first. */
struct case_ {
        uint32_t k;
        struct lsc_tgt t;
};

static int case_cmp(const void *a, const void *b)
{
        const struct case_ *x = a, *y = b;
        return x->k < y->k ? -1 : x->k > y->k;
}

static void state_add_ld(struct ctx *c, size_t *l, const struct pstate *st)
{
        if (st->rw == st->vw && (st->rm & st->vm) == st->vm) {
                if (st->rm != st->vm)
                        *l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, st->vm, 0, 0);
        } else {
                if (st->vm != UINT32_MAX)
                        *l = put(c, SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, st->vm, 0, 0);
                *l = put_ld(c, lsc_word_off(c, st->vw));
        }
}

static struct tgt put_path_switch(struct ctx *c, struct pexp *x, uint32_t i,
                                  struct pstate st)
{
        struct case_ cs[64];
        size_t n = 0;
        uint32_t w = st.vw;
        struct lsc_tgt rest = { .v = i };
        struct pstate no = st;

        no.rw = st.vw;
        no.rm = st.vm;
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
                        cs[n++] = (struct case_){ k->k, k->jt };
                rest = k->jf;
        }
        qsort(cs, n, sizeof(cs[0]), case_cmp);
        for (size_t j = 0; j < n; j++)
                if (no.lo[w] == cs[j].k)
                        no.lo[w]++;
        for (size_t j = n; j-- > 0;)
                if (no.hi[w] == cs[j].k)
                        no.hi[w]--;
        struct tgt next = put_path(c, x, rest, no);
        for (size_t j = n; j-- > 0 && !x->over;) {
                struct pstate yes = no;
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

static struct tgt put_path_block(struct ctx *c, struct pexp *x, uint32_t i,
                                 struct pstate st)
{
        const struct lsc_block *k = &x->b->prog.b[i];

        for (size_t j = 0; j < k->n_ops; j++) {
                if (k->ops[j].kind == LSC_LD) {
                        st.vw = (uint8_t)k->ops[j].v;
                        st.vm = UINT32_MAX;
                } else
                        st.vm &= k->ops[j].v;
        }
        /* the value libseccomp compares: word & vm */
        uint32_t lo, hi, w = st.vw;
        if (st.vm == UINT32_MAX) {
                lo = st.lo[w];
                hi = st.hi[w];
        } else if (st.lo[w] == st.hi[w]) {
                lo = hi = st.lo[w] & st.vm;
        } else {
                lo = 0;
                hi = st.vm;
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
        if (k->jop == LSC_JEQ && st.vm == UINT32_MAX)
                return put_path_switch(c, x, i, st);

        struct pstate yes = st, no = st;
        yes.rw = no.rw = st.vw;
        yes.rm = no.rm = st.vm;
        if (st.vm == UINT32_MAX) {
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

static bool pstate_eq(const struct pstate *a, const struct pstate *b)
{
        return memcmp(a, b, sizeof(*a)) == 0;
}

static struct tgt put_path(struct ctx *c, struct pexp *x, struct lsc_tgt t,
                           struct pstate st)
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
                if (x->memo[i].block == t.v && pstate_eq(&x->memo[i].st, &st))
                        return x->memo[i].t;
        struct tgt r = put_path_block(c, x, t.v, st);
        if (x->over)
                return r;
        GROW(x->memo, x->n_memo, x->alloc_memo);
        x->memo[x->n_memo++] = (struct pmemo){ .block = t.v, .st = st, .t = r };
        return r;
}

/* The specialised form, or false (nothing emitted) when over budget. */
bool put_lsc_paths(struct ctx *c, struct block *b)
{
        size_t n0 = c->n, n_rets0 = c->n_rets;
        _cleanup_free_ size_t *rets0 = xmalloc((c->n_rets + 1) * sizeof(size_t));
        struct pexp x = { .b = b, .budget = 4 * (2 * b->prog.n + 8),
                          .steps = 8 * b->prog.n + 64 };
        struct pstate st;

        for (size_t i = 0; i < c->n_rets; i++)
                rets0[i] = c->rets[i].label;
        for (size_t i = 0; i < 12; i++) {
                st.lo[i] = 0;
                st.hi[i] = UINT32_MAX;
        }
        st.vw = st.rw = ACC_NONE;
        st.vm = st.rm = UINT32_MAX;
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
