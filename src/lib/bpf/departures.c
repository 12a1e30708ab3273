/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Where libseccomp's verdict departs from the literal reading: for every
 * syscall whose rules libseccomp merges into a tree, one concrete argument
 * vector on which the runtime (libseccomp 2.5.4 as runc and crun drive it)
 * and the profile read literally (rules in order, first match wins, 64-bit
 * values) give different actions, as a warning on the rule.
 *
 * The search is exact, not sampled.  Both readings look at an argument
 * vector only through tests of its twelve 32-bit words of the form
 * (word & mask) op k, op one of ==, >, >= (a 64-bit comparison is a test
 * of the high word and one of the low word; libseccomp's program ANDs and
 * compares words, sometimes on an accumulator an earlier block masked).
 * Per word, the tests with one mask cut the values of (word & mask) into
 * intervals on which each of them is constant, so a word's whole behaviour
 * is which interval it hits for each mask: a cell.  The reachable cells of
 * a word are enumerated with a representative each, built bit by bit (a
 * word whose masked values lie in chosen intervals, or proof that none
 * exists), and the product of the words' cells is searched depth first,
 * pruned as soon as both readings are decided on the words chosen so far.
 * A syscall whose cells exceed the search's bounds is named in a warning
 * ("not searched") instead of passed over in silence.
 */
#include "compile-internal.h"
#include "syscalls.h"

/* Bounds of the search; past them the syscall is reported, not skipped. */
#define MAX_MASKS 16            /* distinct masks on one word */
#define MAX_CELLS 4096U         /* reachable cells of one word */
#define SEARCH_BUDGET 2000000U  /* solver steps and search nodes, per syscall */

static bool cond_holds(const struct cond *k, uint64_t v)
{
        switch (k->op) {
        case SC_OP_NE: return v != k->datum;
        case SC_OP_LT: return v < k->datum;
        case SC_OP_LE: return v <= k->datum;
        case SC_OP_EQ: return v == k->datum;
        case SC_OP_GE: return v >= k->datum;
        case SC_OP_GT: return v > k->datum;
        case SC_OP_MASKED_EQ: return (v & k->mask) == k->datum;
        case _SC_OP_MAX: case SC_OP_INVALID: break;
        }
        return false;
}

/* A rule as the profile says it: 64-bit values on every arch. */
struct lrule {
        struct cond c[8];
        size_t n;
        uint32_t ret;
        const struct sc_rule *src;
        const char *name;
};

/* The tests of (word & mask) for one mask: interval starts, sorted. */
struct cuts {
        uint32_t mask;
        uint32_t *start;
        size_t n, alloc;
};

struct word {
        struct cuts cuts[MAX_MASKS];
        size_t n_cuts;
        uint32_t *rep;          /* one value per reachable cell */
        size_t n_rep, alloc_rep;
        bool used;
};

struct search {
        const struct lrule *rules;
        size_t n_rules;
        uint32_t literal_default;
        const struct lsc_prog *prog;
        struct word w[12];
        size_t order[12], n_order;
        uint64_t a[6];
        uint16_t known;         /* words whose value is chosen (or unused) */
        uint64_t budget;
        const char *gave_up;    /* why the search stopped, NULL if it did not */
        bool found;
        /* libseccomp's program on partly known words: blocks seen */
        struct pseen { size_t blk; uint8_t word; uint32_t v; } *seen;
        size_t n_seen, alloc_seen;
};

static bool spend(struct search *s, const char *why)
{
        if (s->gave_up)
                return false;
        if (s->budget == 0) {
                s->gave_up = why;
                return false;
        }
        s->budget--;
        return true;
}

/* ---- the tests, per word ---- */

static void cut_add(struct cuts *c, uint32_t x)
{
        for (size_t i = 0; i < c->n; i++)
                if (c->start[i] == x)
                        return;
        GROW(c->start, c->n, c->alloc);
        c->start[c->n++] = x;
}

/* (word & mask) op k is a test of the word: cut where its answer changes. */
static void atom_add(struct search *s, unsigned word, uint32_t mask,
                     enum lsc_jop op, uint32_t k)
{
        struct word *w = &s->w[word];
        struct cuts *c = NULL;

        if (mask == 0)
                return; /* constant */
        w->used = true;
        for (size_t i = 0; i < w->n_cuts && !c; i++)
                if (w->cuts[i].mask == mask)
                        c = &w->cuts[i];
        if (!c) {
                if (w->n_cuts == MAX_MASKS) {
                        s->gave_up = "more masks on one argument word than it compares";
                        return;
                }
                c = &w->cuts[w->n_cuts++];
                c->mask = mask;
                cut_add(c, 0);
        }
        /* (word & mask) <= mask: cuts past it change nothing */
        switch (op) {
        case LSC_JEQ:
                if ((k & ~mask) != 0)
                        return; /* never true */
                cut_add(c, k);
                if (k < mask)
                        cut_add(c, k + 1);
                return;
        case LSC_JGT:
                if (k < mask)
                        cut_add(c, k + 1);
                return;
        case LSC_JGE:
                if (k > 0 && k <= mask)
                        cut_add(c, k);
                return;
        }
}

/* A 64-bit condition of the literal reading as tests of its two words. */
static void cond_atoms(struct search *s, const struct cond *k)
{
        unsigned hi = k->index * 2 + 1, lo = k->index * 2;
        uint32_t dh = (uint32_t)(k->datum >> 32), dl = (uint32_t)k->datum;

        switch (k->op) {
        case SC_OP_MASKED_EQ:
                atom_add(s, hi, (uint32_t)(k->mask >> 32), LSC_JEQ, dh);
                atom_add(s, lo, (uint32_t)k->mask, LSC_JEQ, dl);
                return;
        case SC_OP_EQ:
        case SC_OP_NE:
                atom_add(s, hi, UINT32_MAX, LSC_JEQ, dh);
                atom_add(s, lo, UINT32_MAX, LSC_JEQ, dl);
                return;
        case SC_OP_LT:
        case SC_OP_LE:
        case SC_OP_GT:
        case SC_OP_GE:
                /* v < d: hi < dh, or hi == dh and lo < dl (and so on) */
                atom_add(s, hi, UINT32_MAX, LSC_JEQ, dh);
                atom_add(s, hi, UINT32_MAX, LSC_JGT, dh);
                atom_add(s, lo, UINT32_MAX, LSC_JGE, dl);
                atom_add(s, lo, UINT32_MAX, LSC_JGT, dl);
                return;
        case _SC_OP_MAX:
        case SC_OP_INVALID:
                break;
        }
}

#define NO_WORD 0xff

static bool pseen_add(struct search *s, size_t blk, uint8_t word, uint32_t v)
{
        for (size_t i = 0; i < s->n_seen; i++)
                if (s->seen[i].blk == blk && s->seen[i].word == word &&
                    s->seen[i].v == v)
                        return false;
        GROW(s->seen, s->n_seen, s->alloc_seen);
        s->seen[s->n_seen++] = (struct pseen){ blk, word, v };
        return true;
}

/* The accumulator when a block compares is (some word & mask): a block
 * that does not reload compares what the block before it left, masked or
 * not, so the tests are collected along every path with the state. */
static void prog_atoms(struct search *s, struct lsc_tgt t, uint8_t word,
                       uint32_t mask)
{
        while (!t.is_ret) {
                const struct lsc_block *b = &s->prog->b[t.v];
                for (size_t i = 0; i < b->n_ops; i++) {
                        if (b->ops[i].kind == LSC_LD) {
                                word = (uint8_t)b->ops[i].v;
                                mask = UINT32_MAX;
                        } else {
                                mask &= b->ops[i].v;
                        }
                }
                if (!pseen_add(s, t.v, word, mask))
                        return;
                if (word != NO_WORD)
                        atom_add(s, word, mask, b->jop, b->k);
                prog_atoms(s, b->jt, word, mask);
                t = b->jf;
        }
}

/* ---- one word's cells ---- */

struct ivl {
        uint32_t mask, lo, hi;
};

/* A word whose (word & c[i].mask) lies in [c[i].lo, c[i].hi] for every i,
 * built from the top bit down; tight[i] says the masked prefix still equals
 * that of lo (bit 0) or hi (bit 1).  Failed states are remembered while
 * they fit in memo (few intervals), so no state is explored twice.
 * Returns 1 (found, *ret), 0 (none exists) or -1 (out of budget). */
static int solve(struct search *s, const struct ivl *c, size_t n, int bit,
                 uint32_t w, const uint8_t *tight, uint32_t *memo,
                 uint32_t *ret)
{
        if (bit < 0) {
                *ret = w;
                return 1;
        }
        uint32_t state = 0;
        for (size_t i = 0; i < n; i++)
                state |= (uint32_t)tight[i] << (2 * i);
        /* memo: per bit, one bit per state (2 bits per interval) */
        size_t row = (size_t)bit << (2 * n);
        if (memo && (memo[(row + state) >> 5] >> ((row + state) & 31) & 1))
                return 0;
        if (!spend(s, "its argument words take too many steps to search"))
                return -1;
        uint32_t b = UINT32_C(1) << bit;
        bool matters = false;
        for (size_t i = 0; i < n; i++)
                matters = matters || (tight[i] && (c[i].mask & b));
        for (uint32_t v = 0; v <= (matters ? 1U : 0U); v++) {
                uint8_t nt[MAX_MASKS];
                bool ok = true;
                for (size_t i = 0; i < n && ok; i++) {
                        uint32_t x = (c[i].mask & b) ? v : 0;
                        nt[i] = tight[i];
                        if (tight[i] & 1) {
                                uint32_t lb = (c[i].lo >> bit) & 1;
                                ok = x >= lb;
                                if (x > lb)
                                        nt[i] &= (uint8_t)~1U;
                        }
                        if (ok && (tight[i] & 2)) {
                                uint32_t hb = (c[i].hi >> bit) & 1;
                                ok = x <= hb;
                                if (x < hb)
                                        nt[i] &= (uint8_t)~2U;
                        }
                }
                if (!ok)
                        continue;
                int r = solve(s, c, n, bit - 1, w | (v ? b : 0), nt, memo, ret);
                if (r != 0)
                        return r;
        }
        if (memo)
                memo[(row + state) >> 5] |= UINT32_C(1) << ((row + state) & 31);
        return 0;
}

static int solve_word(struct search *s, const struct ivl *c, size_t n,
                      uint32_t *ret)
{
        uint8_t tight[MAX_MASKS];
        /* failed states remembered for 2-5 intervals (32 << 10 bits at
         * most, 4 KiB); one interval needs none: it never backtracks far */
        uint32_t memo_buf[(32U << 10) / 32];
        bool use_memo = n >= 2 && n <= 5;

        for (size_t i = 0; i < n; i++) {
                if (c[i].lo > c[i].hi)
                        return 0;
                tight[i] = 3;
        }
        if (n == 1 && c[0].mask == UINT32_MAX) {
                *ret = c[0].lo; /* a plain interval: its first word */
                return 1;
        }
        if (use_memo)
                memset(memo_buf, 0, ((32U << (2 * n)) + 31) / 32 * sizeof(uint32_t));
        return solve(s, c, n, 31, 0, tight, use_memo ? memo_buf : NULL, ret);
}

/* Every combination of one interval per mask that some word reaches. */
static void cells_of(struct search *s, struct word *w, size_t i,
                     struct ivl *c)
{
        const struct cuts *k = &w->cuts[i];

        for (size_t j = 0; j < k->n && !s->gave_up; j++) {
                uint32_t rep;
                c[i] = (struct ivl){ .mask = k->mask, .lo = k->start[j],
                                     .hi = j + 1 < k->n ? k->start[j + 1] - 1
                                                        : k->mask };
                int r = solve_word(s, c, i + 1, &rep);
                if (r < 0)
                        return;
                if (r == 0)
                        continue;
                if (i + 1 < w->n_cuts) {
                        cells_of(s, w, i + 1, c);
                        continue;
                }
                if (w->n_rep == MAX_CELLS) {
                        s->gave_up = "an argument word has too many cells";
                        return;
                }
                GROW(w->rep, w->n_rep, w->alloc_rep);
                w->rep[w->n_rep++] = rep;
        }
}

static int u32_cmp(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
        return x < y ? -1 : x > y;
}

/* ---- both readings on partly chosen words ---- */

struct vset {
        uint32_t v[8];
        size_t n;
        bool many; /* more than v holds: decides nothing */
};

static void vset_add(struct vset *vs, uint32_t x)
{
        for (size_t i = 0; i < vs->n; i++)
                if (vs->v[i] == x)
                        return;
        if (vs->n < ELEMENTSOF(vs->v))
                vs->v[vs->n++] = x;
        else
                vs->many = true;
}

static bool word_known(const struct search *s, unsigned w)
{
        return (s->known >> w) & 1;
}

/* The literal reading's possible answers: a rule whose words are not all
 * chosen may or may not match. */
static void literal_set(const struct search *s, struct vset *out)
{
        for (size_t i = 0; i < s->n_rules; i++) {
                const struct lrule *r = &s->rules[i];
                bool all = true, none = false;
                for (size_t j = 0; j < r->n && !none; j++) {
                        unsigned x = r->c[j].index;
                        if (!word_known(s, 2 * x) || !word_known(s, 2 * x + 1))
                                all = false;
                        else if (!cond_holds(&r->c[j], s->a[x]))
                                none = true;
                }
                if (none)
                        continue;
                vset_add(out, r->ret);
                if (all)
                        return;
        }
        vset_add(out, s->literal_default);
}

/* libseccomp's program's possible answers: both ways where the word it
 * compares is not chosen yet. */
static void prog_set(struct search *s, struct lsc_tgt t, uint8_t word,
                     uint32_t acc, struct vset *out)
{
        while (!t.is_ret) {
                const struct lsc_block *b = &s->prog->b[t.v];
                for (size_t i = 0; i < b->n_ops; i++) {
                        if (b->ops[i].kind == LSC_AND) {
                                acc &= b->ops[i].v;
                                continue;
                        }
                        unsigned x = b->ops[i].v;
                        word = word_known(s, x) ? NO_WORD : (uint8_t)x;
                        acc = word == NO_WORD
                                      ? (uint32_t)(LSC_WORD_HI(x)
                                                           ? s->a[LSC_WORD_ARG(x)] >> 32
                                                           : s->a[LSC_WORD_ARG(x)])
                                      : UINT32_MAX;
                }
                /* a state seen before leads where it led then */
                if (!pseen_add(s, t.v, word, acc))
                        return;
                if (word != NO_WORD) {
                        prog_set(s, b->jt, word, acc, out);
                        t = b->jf;
                        continue;
                }
                bool yes = b->jop == LSC_JEQ ? acc == b->k
                         : b->jop == LSC_JGT ? acc > b->k : acc >= b->k;
                t = yes ? b->jt : b->jf;
        }
        vset_add(out, t.v);
}

static bool vset_disjoint(const struct vset *a, const struct vset *b)
{
        if (a->many || b->many)
                return false;
        for (size_t i = 0; i < a->n; i++)
                for (size_t j = 0; j < b->n; j++)
                        if (a->v[i] == b->v[j])
                                return false;
        return true;
}

static uint32_t literal_verdict(const struct search *s)
{
        for (size_t i = 0; i < s->n_rules; i++) {
                bool ok = true;
                for (size_t j = 0; j < s->rules[i].n && ok; j++)
                        ok = cond_holds(&s->rules[i].c[j], s->a[s->rules[i].c[j].index]);
                if (ok)
                        return s->rules[i].ret;
        }
        return s->literal_default;
}

static void word_set(struct search *s, unsigned w, uint32_t v)
{
        unsigned x = w / 2;
        if (w & 1)
                s->a[x] = (s->a[x] & UINT32_MAX) | (uint64_t)v << 32;
        else
                s->a[x] = (s->a[x] & ~(uint64_t)UINT32_MAX) | v;
}

/* Depth first over the words' cells in argument order; s->a holds the
 * witness when s->found. */
static void search_from(struct search *s, size_t depth)
{
        if (s->found || !spend(s, "its argument words have too many cells together"))
                return;
        if (depth == s->n_order) {
                s->found = literal_verdict(s) != lsc_prog_eval(s->prog, s->a);
                return;
        }
        if (depth > 0) {
                struct vset lit = { .n = 0 }, got = { .n = 0 };
                literal_set(s, &lit);
                s->n_seen = 0;
                prog_set(s, s->prog->entry, NO_WORD, 0, &got);
                if (!lit.many && !got.many && lit.n == 1 && got.n == 1 &&
                    lit.v[0] == got.v[0])
                        return; /* decided, and the same, whatever follows */
                if (vset_disjoint(&lit, &got)) {
                        /* they differ whatever follows: any cells do */
                        for (size_t i = depth; i < s->n_order; i++)
                                word_set(s, (unsigned)s->order[i],
                                         s->w[s->order[i]].rep[0]);
                        s->found = literal_verdict(s) !=
                                   lsc_prog_eval(s->prog, s->a);
                        if (s->found)
                                return;
                        for (size_t i = depth; i < s->n_order; i++)
                                word_set(s, (unsigned)s->order[i], 0);
                }
        }
        unsigned w = (unsigned)s->order[depth];
        s->known |= (uint16_t)(1U << w);
        for (size_t i = 0; i < s->w[w].n_rep && !s->found && !s->gave_up; i++) {
                word_set(s, w, s->w[w].rep[i]);
                search_from(s, depth + 1);
        }
        if (!s->found) {
                word_set(s, w, 0);
                s->known &= (uint16_t)~(1U << w);
        }
}

/* ---- the literal reading of one syscall ---- */

static void lrule_add(struct lrule *r, const struct sc_arg *a)
{
        struct cond k = { .index = a->index, .op = a->op, .datum = a->value,
                          .mask = UINT64_MAX };
        if (a->op == SC_OP_MASKED_EQ) {
                k.mask = a->value;
                k.datum = a->value_two & a->value;
                if (k.mask == 0)
                        return;
        }
        if (r->n < ELEMENTSOF(r->c))
                r->c[r->n++] = k;
}

struct lrules {
        struct lrule *v;
        size_t n, alloc;
};

/* One profile rule on one syscall: as runc hands it to libseccomp (an
 * index named twice makes each condition its own rule), but with the
 * 64-bit values the profile names; through socketcall/ipc (call >= 0)
 * "arg0 == call" replaces the conditions on arg0. */
static void lrules_add_rule(struct lrules *out, const struct sc_rule *r,
                            const char *name, uint32_t ret, int64_t call)
{
        unsigned count[6] = { 0 };
        bool split = false;
        /* the call number is libseccomp's test, not the profile's: on
         * the low word, as the kernel reads it (an int) */
        struct sc_arg a0 = { .index = 0, .op = SC_OP_MASKED_EQ,
                             .value = UINT32_MAX, .value_two = (uint64_t)call };

        for (size_t i = 0; i < r->n_args; i++)
                if (r->args[i].index < 6 && ++count[r->args[i].index] > 1)
                        split = true;
        for (size_t i = 0; i < (split ? r->n_args : 1); i++) {
                struct lrule l = { .ret = ret, .src = r, .name = name };
                for (size_t j = split ? i : 0; j < (split ? i + 1 : r->n_args); j++)
                        if (call < 0 || r->args[j].index != 0)
                                lrule_add(&l, &r->args[j]);
                if (call >= 0)
                        lrule_add(&l, &a0);
                GROW(out->v, out->n, out->alloc);
                out->v[out->n++] = l;
        }
}

/* The rules the profile names for this syscall, in its order.  On 64-bit
 * arches the compiler's list is that (values as written).  On 32-bit
 * arches it keeps the low words libseccomp compares, and drops a rule
 * whose low words equal an earlier one's, so the list is built again from
 * the profile: every rule (but those with the default action, which runc
 * and crun skip) with a name that is this number on the arch, or a
 * socket/IPC call that reaches it through socketcall/ipc where the
 * compiler routed one so. */
static void literal_rules(const struct ctx *c, const struct section *s,
                          const struct sysent *e, struct lrules *out)
{
        if (s->info->is_64bit) {
                for (size_t i = 0; i < e->n_rules; i++) {
                        const struct crule *cr = &e->rules[i];
                        struct lrule l = { .ret = cr->ret, .src = cr->src,
                                           .name = cr->name };
                        for (size_t j = 0; j < cr->n && j < ELEMENTSOF(l.c); j++)
                                l.c[l.n++] = cr->c[j];
                        GROW(out->v, out->n, out->alloc);
                        out->v[out->n++] = l;
                }
                return;
        }
        /* a number has one name per arch (data/syscalls.tsv), so names are
         * compared, not looked up: moby names 350 calls in one rule */
        const char *own = sc_syscall_name(s->arch, e->nr);
        bool muxed = false;
        for (size_t i = 0; i < e->n_rules && !muxed && own; i++)
                muxed = !streq(e->rules[i].name, own);
        if (!own)
                return;
        for (size_t i = 0; i < c->p->n_rules; i++) {
                const struct sc_rule *r = &c->p->rules[i];
                uint32_t ret = sc_action_ret(r->action, r->has_errno_ret
                                                                ? r->errno_ret
                                                                : SC_DEFAULT_ERRNO);
                if (ret == c->default_ret)
                        continue;
                for (size_t j = 0; j < r->n_names; j++) {
                        uint32_t call;
                        if (streq(r->names[j], own))
                                lrules_add_rule(out, r, r->names[j], ret, -1);
                        else if (muxed &&
                                 ((streq(own, "socketcall") &&
                                   sc_socketcall_subcall(r->names[j], &call) >= 0) ||
                                  (streq(own, "ipc") &&
                                   sc_ipc_subcall(r->names[j], &call) >= 0)))
                                lrules_add_rule(out, r, r->names[j], ret, call);
                }
        }
}

/* ---- the report ---- */

static void report(struct ctx *c, const struct section *s,
                   const struct sysent *e, const struct search *q)
{
        const uint64_t *a = q->a;
        uint32_t want = literal_verdict(q);
        uint32_t got = lsc_prog_eval(q->prog, a);
        const struct lrule *lit = NULL;

        for (size_t i = 0; i < q->n_rules && !lit; i++) {
                bool ok = true;
                for (size_t j = 0; j < q->rules[i].n && ok; j++)
                        ok = cond_holds(&q->rules[i].c[j], a[q->rules[i].c[j].index]);
                if (ok)
                        lit = &q->rules[i];
        }
        /* the rule whose action the runtime gives, else the one the
         * profile matches */
        const struct sc_rule *at = lit ? lit->src : q->rules[0].src;
        const char *at_name = lit ? lit->name : q->rules[0].name;
        for (size_t i = 0; i < e->n_rules; i++)
                if (e->rules[i].ret == got) {
                        at = e->rules[i].src;
                        at_name = e->rules[i].name;
                        break;
                }
        int top = -1;
        bool high = false;
        for (size_t i = 0; i < q->n_rules; i++)
                for (size_t j = 0; j < q->rules[i].n; j++)
                        if ((int)q->rules[i].c[j].index > top)
                                top = (int)q->rules[i].c[j].index;
        for (size_t i = 0; i < e->n_rules; i++)
                for (size_t j = 0; j < e->rules[i].n; j++)
                        if ((int)e->rules[i].c[j].index > top)
                                top = (int)e->rules[i].c[j].index;
        struct strbuf sb = { 0 };
        for (int i = 0; i <= top; i++) {
                strbuf_printf(&sb, a[i] < 10 ? "%s%" PRIu64 : "%s%#" PRIx64,
                              i ? ", " : "", a[i]);
                high = high || a[i] > UINT32_MAX;
        }
        /* or a value the profile names is past 32 bits */
        for (size_t i = 0; i < q->n_rules; i++)
                for (size_t j = 0; j < q->rules[i].n; j++) {
                        const struct cond *k = &q->rules[i].c[j];
                        high = high || (k->datum >> 32) != 0 ||
                               (k->op == SC_OP_MASKED_EQ && (k->mask >> 32) != 0);
                }
        if (top < 5)
                strbuf_puts(&sb, ", ...");
        _cleanup_free_ char *args = strbuf_steal(&sb);
        /* the arguments are the call's: socketcall's, not socket's, where
         * a rule reaches it through the multiplexer */
        const char *call = sc_syscall_name(s->arch, e->nr);
        _cleanup_free_ char *gs = sc_ret_describe(got);
        _cleanup_free_ char *ls = sc_ret_describe(want);
        _cleanup_free_ char *path = sc_profile_json_path(
                c->p, ".syscalls[%zu]", at->src_index);
        _cleanup_free_ char *why = lit
                ? xasprintf("although syscalls[%zu] matches it first",
                            lit->src->src_index)
                : xstrdup("although no rule matches it");
        /* on x86 and x32, where the readings part on a high word */
        _cleanup_free_ char *note = high && !s->info->is_64bit
                ? xasprintf("; on %s libseccomp compares the low 32 bits of "
                            "an argument only", s->info->name)
                : xstrdup("");
        sc_diag_add(c->diags,
                    c->o->departures_are_errors ? SC_ERROR : SC_WARNING,
                    c->p->file, at->pos, path,
                    "under %s (libseccomp 2.5.4) %s%s%s(%s) gets %s %s "
                    "(the profile says %s%s)",
                    c->o->compat == SC_COMPAT_CRUN ? "crun" : "runc and crun",
                    call ? call : at_name, s == &c->secs[0] ? "" : " on ",
                    s == &c->secs[0] ? "" : s->info->name, args, gs, why, ls,
                    note);
        if (c->o->departures_are_errors && !c->error)
                c->error = -EINVAL;
}

/* Past the bounds: said, never silent; an error under --strict (it cannot
 * be shown that the readings agree). */
static void report_unsearched(struct ctx *c, const struct section *s,
                              const struct search *q, const char *why)
{
        const struct lrule *at = &q->rules[0];
        _cleanup_free_ char *path = sc_profile_json_path(
                c->p, ".syscalls[%zu]", at->src->src_index);
        sc_diag_add(c->diags,
                    c->o->departures_are_errors ? SC_ERROR : SC_WARNING,
                    c->p->file, at->src->pos, path,
                    "not searched: %s%s%s: %s, so where libseccomp 2.5.4 (under "
                    "%s) departs from the literal reading is not known",
                    at->name, s == &c->secs[0] ? "" : " on ",
                    s == &c->secs[0] ? "" : s->info->name, why,
                    c->o->compat == SC_COMPAT_CRUN ? "crun" : "runc and crun");
        if (c->o->departures_are_errors && !c->error)
                c->error = -EINVAL;
}

static void departure_of(struct ctx *c, const struct section *s,
                         const struct sysent *e)
{
        struct lsc_prog prog;
        struct search q = { .literal_default = c->default_ret,
                            .budget = SEARCH_BUDGET };
        struct lrules rules = { 0 };

        literal_rules(c, s, e, &rules);
        q.rules = rules.v;
        q.n_rules = rules.n;
        /* an unconditional rule beats the others in both readings (the
         * compiler's literal one keeps libseccomp's rule): nothing to say */
        bool uncond = rules.n == 0;
        for (size_t i = 0; i < rules.n; i++)
                uncond = uncond || rules.v[i].n == 0;
        if (uncond) {
                free(rules.v);
                return;
        }
        lsc_gen_program(c->gen, e->entry, &prog);
        q.prog = &prog;

        for (size_t i = 0; i < q.n_rules; i++)
                for (size_t j = 0; j < rules.v[i].n; j++)
                        cond_atoms(&q, &rules.v[i].c[j]);
        prog_atoms(&q, prog.entry, NO_WORD, UINT32_MAX);
        q.known = UINT16_MAX;
        for (unsigned w = 0; w < 12 && !q.gave_up; w++) {
                struct word *x = &q.w[w];
                struct ivl ivl[MAX_MASKS];
                if (!x->used)
                        continue;
                for (size_t i = 0; i < x->n_cuts; i++)
                        qsort(x->cuts[i].start, x->cuts[i].n,
                              sizeof(x->cuts[i].start[0]), u32_cmp);
                cells_of(&q, x, 0, ivl);
                q.known &= (uint16_t)~(1U << w);
        }
        /* argument order, high word first: the witness's first argument
         * is decided first, like libseccomp's own tests */
        for (unsigned x = 0; x < 6; x++)
                for (int hi = 1; hi >= 0; hi--)
                        if (q.w[2 * x + (unsigned)hi].used)
                                q.order[q.n_order++] = 2 * x + (unsigned)hi;
        if (!q.gave_up)
                search_from(&q, 0);
        if (q.found)
                report(c, s, e, &q);
        else if (q.gave_up)
                report_unsearched(c, s, &q, q.gave_up);
        for (unsigned w = 0; w < 12; w++) {
                for (size_t i = 0; i < q.w[w].n_cuts; i++)
                        free(q.w[w].cuts[i].start);
                free(q.w[w].rep);
        }
        free(q.seen);
        free(rules.v);
        lsc_prog_clear(&prog);
}

/* A section libseccomp never loads the syscall number in: one departure
 * for all its rules (compile-rules.c, section_lacks_nr_load). */
static void report_blind(struct ctx *c, const struct section *s)
{
        bool any = false;
        for (size_t j = 0; j < s->n_ents && !any; j++)
                any = s->ents[j].lsc || (s->ents[j].uncond &&
                                         s->ents[j].uncond_ret != c->default_ret);
        if (!any)
                return;
        _cleanup_free_ char *path = sc_profile_json_path(c->p, ".syscalls");
        sc_diag_add(c->diags,
                    c->o->departures_are_errors ? SC_ERROR : SC_WARNING,
                    c->p->file, c->p->pos, path,
                    "on %s libseccomp 2.5.4 never loads the syscall number "
                    "(its syscall list starts with a name that has no "
                    "number there, which it leaves out): every syscall "
                    "there gets the default action, whatever the rules say",
                    s->info->scmp_name);
        if (c->o->departures_are_errors && !c->error)
                c->error = -EINVAL;
}

void find_departures(struct ctx *c)
{
        for (size_t i = 0; i < c->n_secs; i++) {
                if (section_lacks_nr_load(c, &c->secs[i])) {
                        report_blind(c, &c->secs[i]);
                        continue;
                }
                for (size_t j = 0; j < c->secs[i].n_ents; j++) {
                        const struct sysent *e = &c->secs[i].ents[j];
                        /* On x86/x32 a rule whose only tests are on high
                         * words is unconditional to libseccomp but not to
                         * the profile: searched too. */
                        if (e->lsc && ((!e->entry.is_ret && e->n_rules > 0) ||
                                       (e->entry.is_ret && !c->secs[i].info->is_64bit)))
                                departure_of(c, &c->secs[i], e);
                }
        }
}
