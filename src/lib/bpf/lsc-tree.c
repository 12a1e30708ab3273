/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libseccomp 2.5.4's argument tree and the code it generates for it: see
 * lsc-tree.h.  The tree decisions (sharing, order, pruning, EEXIST) follow
 * libseccomp's db.c step by step, since any difference changes verdicts;
 * names and structure are ours.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lsc-tree.h"
#include "util.h"

struct node {
        uint8_t arg;
        bool hi;
        enum sc_op op;        /* what the BPF tests: EQ, MASKED_EQ, GT, GE */
        enum sc_op op_orig;   /* the rule's operator: decides the order */
        uint32_t datum, mask;
        uint64_t datum_full;
        bool act_t_flg, act_f_flg;
        uint32_t act_t, act_f;
        struct node *nxt_t, *nxt_f, *lvl_prv, *lvl_nxt;
        unsigned refs;
        bool dead;
        uint8_t mark;         /* tree_cyclic()'s */
};

struct lsc_sys {
        bool is64;
        bool exists;         /* some rule was added */
        struct node *chains; /* NULL: unconditional */
        uint32_t action;     /* when unconditional */
        /* libseccomp's node count: the fewer, the earlier the syscall
         * comes in its program, which decides the layout below */
        unsigned node_cnt;
        /* every node ever made; released with the syscall (a node whose
         * last reference goes is only marked dead) */
        struct node **all;
        size_t n_all, alloc_all;
};

/* What a prune pass learnt (libseccomp's db_iter_state). */
enum {
        M_MATCH = 1 << 0,
        M_MATCH_ONCE = 1 << 1,
        M_X_FINISHED = 1 << 4,
        M_N_FINISHED = 1 << 5,
        M_X_PREFIX = 1 << 8,
        M_N_PREFIX = 1 << 9,
        M_MATCHSET = M_MATCH | M_MATCH_ONCE,
        M_REDUNDANT = M_MATCH | M_X_FINISHED | M_N_PREFIX,
};

struct walk {
        unsigned flags;
        uint32_t action;
        struct lsc_sys *sx;
};

/* libseccomp 2.5.4 can loop forever adding a rule (a level that its
 * pruning leaves circular): runc and crun then hang.  We count the steps
 * of one lsc_sys_add and give up (-ELOOP) long after any sane tree. */
#define STEP_LIMIT 5000000UL
static _Thread_local unsigned long steps;

static bool step(void)
{
        return ++steps <= STEP_LIMIT;
}

static struct node *node_new(struct lsc_sys *s)
{
        GROW(s->all, s->n_all, s->alloc_all);
        s->all[s->n_all] = xcalloc(1, sizeof(struct node));
        return s->all[s->n_all++];
}

static struct node *ref(struct node *n)
{
        if (n)
                n->refs++;
        return n;
}

/* ---- order and identity on a level ---- */

static unsigned word_rank(const struct node *n)
{
        return n->arg * 2U + (n->hi ? 1U : 0U);
}

static unsigned op_rank(enum sc_op op)
{
        switch (op) {
        case SC_OP_MASKED_EQ:
        case SC_OP_EQ:
        case SC_OP_NE:
                return 3;
        case SC_OP_LE:
        case SC_OP_LT:
                return 2;
        case SC_OP_GE:
        case SC_OP_GT:
                return 1;
        case _SC_OP_MAX:
        case SC_OP_INVALID:
                break;
        }
        return 0;
}

/* a sorts before b ("less" in libseccomp: the level keeps the greater
 * first) */
static bool node_lt(const struct node *a, const struct node *b)
{
        if (word_rank(a) != word_rank(b))
                return word_rank(a) < word_rank(b);
        if (op_rank(a->op_orig) != op_rank(b->op_orig))
                return op_rank(a->op_orig) < op_rank(b->op_orig);
        /* LT/LE: smaller values first, so invert */
        if (a->op_orig == SC_OP_LT || a->op_orig == SC_OP_LE)
                return a->datum > b->datum;
        return a->datum < b->datum;
}

/* The same test: one node. */
static bool node_same(const struct node *a, const struct node *b)
{
        return word_rank(a) == word_rank(b) && a->op == b->op &&
               a->datum == b->datum && a->mask == b->mask;
}

static bool is_leaf(const struct node *n)
{
        return !n->nxt_t && !n->nxt_f;
}

static bool is_zombie(const struct node *n)
{
        return is_leaf(n) && !n->act_t_flg && !n->act_f_flg;
}

static struct node *level_first(struct node *n)
{
        while (n->lvl_prv && step())
                n = n->lvl_prv;
        return n;
}

/* ---- references ---- */

static unsigned node_put(struct node **np);

static unsigned level_clean(struct node *n)
{
        unsigned cnt = 0;
        struct node *start = level_first(n);

        for (struct node *i = start; i && step(); i = i->lvl_nxt) {
                unsigned links = (i->lvl_prv != NULL) + (i->lvl_nxt != NULL);
                if (i->refs > links)
                        return 0;
        }
        for (struct node *i = start; i && step();)
                cnt += node_put(&i);
        return cnt;
}

static unsigned tree_put(struct node **tp)
{
        unsigned cnt = node_put(tp);
        if (*tp)
                cnt += level_clean(*tp);
        return cnt;
}

/* Drop a reference; the last one takes the node out of its level and
 * drops what hangs below.  *np becomes a neighbour (or NULL) then. */
static unsigned node_put(struct node **np)
{
        struct node *n = *np;
        unsigned cnt = 0;

        if (!n || --n->refs > 0)
                return 0;
        struct node *p = n->lvl_prv, *q = n->lvl_nxt, *t = n->nxt_t,
                    *f = n->nxt_f;
        if (p)
                p->lvl_nxt = NULL;
        if (q)
                q->lvl_prv = NULL;
        if (p)
                cnt += node_put(&p);
        if (q)
                cnt += node_put(&q);
        if (p)
                p->lvl_nxt = ref(q);
        if (q)
                q->lvl_prv = ref(p);
        *np = p ? p : q;
        cnt += tree_put(&t);
        cnt += tree_put(&f);
        n->dead = true;
        return cnt + 1;
}

/* Remove node (and its subtrees) from the tree at *tp, and zombies met on
 * the way. */
static unsigned tree_remove(struct node **tp, struct node *node)
{
        unsigned cnt = 0;
        struct node *c;

        if (!tp || !*tp || !node)
                return 0;
        c = level_first(*tp);
        do {
                if (c == node)
                        goto remove;
                cnt += tree_remove(&c->nxt_t, node);
                cnt += tree_remove(&c->nxt_f, node);
                if (is_zombie(c))
                        goto remove;
                c = c->lvl_nxt;
        } while (c && cnt == 0 && step());
        return cnt;

remove:
        if (c == *tp)
                *tp = c->lvl_prv ? c->lvl_prv : c->lvl_nxt;
        if (c->lvl_prv)
                c->lvl_prv->lvl_nxt = c->lvl_nxt;
        if (c->lvl_nxt)
                c->lvl_nxt->lvl_prv = c->lvl_prv;
        c->lvl_prv = c->lvl_nxt = NULL;
        return cnt + node_put(&c);
}

/* -EEXIST when some action in the tree differs from action. */
static int tree_act_check(const struct node *t, uint32_t action)
{
        if (!t)
                return 0;
        for (const struct node *c = level_first((struct node *)t); c && step();
             c = c->lvl_nxt) {
                if ((c->act_t_flg && c->act_t != action) ||
                    (c->act_f_flg && c->act_f != action))
                        return -EEXIST;
                if (tree_act_check(c->nxt_t, action) < 0 ||
                    tree_act_check(c->nxt_f, action) < 0)
                        return -EEXIST;
        }
        return 0;
}

/* ---- pruning the existing tree against a new chain ---- */

static unsigned prune(struct node **xp, struct node *n, struct walk *st);

/* Prune below x (branch t or f) against n's subtree or n itself. */
static unsigned prune_down(struct node **xp, struct node **sub,
                           struct node *n, const struct walk *st,
                           unsigned clear, unsigned set, unsigned *got)
{
        struct walk nx = *st;
        unsigned cnt;

        ref(*xp);
        nx.flags &= ~clear;
        nx.flags |= set;
        cnt = prune(sub, n, &nx);
        cnt += node_put(xp);
        *got = nx.flags;
        return cnt;
}

/* Which side of a pair of nodes prune() follows one level down: both
 * (they test the same), the existing tree's (x sorts before n) or the new
 * chain's (n sorts before x). */
enum prune_down_side {
        DOWN_BOTH,
        DOWN_X,
        DOWN_N,
};

enum prune_after {
        PRUNE_ON,    /* go on with x */
        PRUNE_NEXT,  /* x went away: the next node of the level */
        PRUNE_OUT,   /* a descent matched: this level is done */
};

/* prune()'s descents from x: the true branch, then the false branch
 * (_db_tree_prune writes this block out four times for each side). */
static enum prune_after prune_branches(struct node **xp, struct node *n,
                                       const struct walk *st, struct walk *sn,
                                       enum prune_down_side side, unsigned *cnt)
{
        unsigned clear = side == DOWN_BOTH ? 0 : M_MATCH;
        unsigned set = side == DOWN_BOTH ? M_MATCHSET
                     : side == DOWN_X    ? M_X_PREFIX
                                         : M_N_PREFIX;

        for (int branch = 0; branch < 2; branch++) {
                struct node *keep = *xp;
                struct node **x_sub = branch ? &keep->nxt_f : &keep->nxt_t;
                struct node *n_sub = branch ? n->nxt_f : n->nxt_t;
                struct node **sub = x_sub, *against = n_sub;
                unsigned got;

                switch (side) {
                case DOWN_BOTH:
                        if (!n_sub)
                                continue;
                        break;
                case DOWN_X:
                        if (!*x_sub)
                                continue;
                        against = n;
                        break;
                case DOWN_N:
                        if (!n_sub)
                                continue;
                        sub = &keep;
                        break;
                }
                *cnt += prune_down(xp, sub, against, st, clear, set, &got);
                if (got & M_MATCH) {
                        sn->flags |= got;
                        if (side != DOWN_BOTH)
                                return PRUNE_OUT;
                }
                if (!*xp)
                        return PRUNE_NEXT;
        }
        return PRUNE_ON;
}

static unsigned prune(struct node **existing, struct node *n, struct walk *st)
{
        unsigned cnt = 0;
        struct walk sn = *st;
        struct node *x = *existing, *x_next;

        if (!n || !x)
                goto out;
        if ((st->flags & M_MATCHSET) == M_MATCH_ONCE)
                goto out;
        x = level_first(x);
        do {
                x_next = x->lvl_nxt;
                if (node_same(x, n)) {
                        sn.flags |= M_MATCHSET;
                        if (is_leaf(n))
                                sn.flags |= M_N_FINISHED;
                        if (is_leaf(x))
                                sn.flags |= M_X_FINISHED;
                        /* keep nodes that carry more than the new rule */
                        if ((x->act_t_flg || x->nxt_t) &&
                            !(n->act_t_flg || n->nxt_t))
                                goto out;
                        if ((x->act_f_flg || x->nxt_f) &&
                            !(n->act_f_flg || n->nxt_f))
                                goto out;
                        if ((sn.flags & M_N_FINISHED) &&
                            (sn.flags & M_X_FINISHED) &&
                            (n->act_t_flg != x->act_t_flg ||
                             n->act_t != x->act_t ||
                             n->act_f_flg != x->act_f_flg ||
                             n->act_f != x->act_f))
                                goto out;
                        if (prune_branches(&x, n, st, &sn, DOWN_BOTH, &cnt) ==
                            PRUNE_NEXT)
                                goto next;
                        bool same_act = tree_act_check(x, sn.action) == 0;
                        if (same_act && (sn.flags & M_MATCH) &&
                            (sn.flags & M_N_FINISHED) &&
                            (sn.flags & M_X_PREFIX)) {
                                /* the new rule is shorter: drop x */
                                cnt += tree_remove(&st->sx->chains, x);
                                if (!st->sx->chains)
                                        goto out;
                        } else if (same_act && (sn.flags & M_MATCH) &&
                                   (sn.flags & M_X_FINISHED) &&
                                   (sn.flags & M_N_PREFIX)) {
                                /* the new rule is longer */
                                goto out;
                        }
                } else if (node_lt(x, n)) {
                        if (st->flags & M_N_PREFIX)
                                goto out;
                        if (prune_branches(&x, n, st, &sn, DOWN_X, &cnt) ==
                            PRUNE_OUT)
                                goto out;
                } else {
                        if (st->flags & M_X_PREFIX)
                                goto out;
                        if (prune_branches(&x, n, st, &sn, DOWN_N, &cnt) ==
                            PRUNE_OUT)
                                goto out;
                }
next:
                x = x_next;
        } while (x && step());
        sn.flags &= ~M_MATCH;
out:
        if (sn.flags & M_MATCH)
                st->flags |= sn.flags;
        else
                st->flags &= ~M_MATCH;
        return cnt;
}

/* ---- merging a new chain into the tree ---- */

static int merge(struct lsc_sys *s, struct node **existing, struct node *n)
{
        struct node *x = *existing;
        int r;

        do {
                if (node_same(x, n)) {
                        if (n->act_t_flg) {
                                if (!x->act_t_flg) {
                                        r = tree_act_check(x->nxt_t, n->act_t);
                                        if (r < 0)
                                                return r;
                                        s->node_cnt -= node_put(&x->nxt_t);
                                        x->nxt_t = NULL;
                                        x->act_t = n->act_t;
                                        x->act_t_flg = true;
                                } else if (n->act_t != x->act_t) {
                                        /* a range's high-word node: the
                                         * larger 64-bit value wins */
                                        if (n->hi && n->datum_full > x->datum_full)
                                                x->act_t = n->act_t;
                                        if (is_leaf(x) || is_leaf(n))
                                                return -EEXIST;
                                }
                        }
                        if (n->act_f_flg) {
                                if (!x->act_f_flg) {
                                        r = tree_act_check(x->nxt_f, n->act_f);
                                        if (r < 0)
                                                return r;
                                        s->node_cnt -= node_put(&x->nxt_f);
                                        x->nxt_f = NULL;
                                        x->act_f = n->act_f;
                                        x->act_f_flg = true;
                                } else if (n->act_f != x->act_f) {
                                        /* libseccomp 2.5.4 writes the true
                                         * action here (fixed upstream
                                         * later); kept, it is what runs */
                                        if (n->hi && n->datum_full < x->datum_full)
                                                x->act_t = n->act_t;
                                        if (is_leaf(x) || is_leaf(n))
                                                return -EEXIST;
                                }
                        }
                        if (n->nxt_t) {
                                if (x->nxt_t) {
                                        r = merge(s, &x->nxt_t, n->nxt_t);
                                        if (r < 0)
                                                return r;
                                } else if (!x->act_t_flg)
                                        x->nxt_t = ref(n->nxt_t);
                                else
                                        return 0; /* x already decides */
                        }
                        if (n->nxt_f) {
                                if (x->nxt_f) {
                                        r = merge(s, &x->nxt_f, n->nxt_f);
                                        if (r < 0)
                                                return r;
                                } else if (!x->act_f_flg)
                                        x->nxt_f = ref(n->nxt_f);
                                else
                                        return 0;
                        }
                        return 0;
                } else if (!node_lt(x, n)) {
                        if (!x->lvl_nxt) {
                                n->lvl_prv = ref(x);
                                x->lvl_nxt = ref(n);
                                return 0;
                        }
                        x = x->lvl_nxt;
                        if (!step())
                                return -ELOOP;
                } else {
                        /* n goes before x */
                        if (x->lvl_prv) {
                                x->lvl_prv->lvl_nxt = ref(n);
                                n->lvl_prv = x->lvl_prv;
                                x->lvl_prv = ref(n);
                                n->lvl_nxt = x;
                        } else {
                                x->lvl_prv = ref(n);
                                n->lvl_nxt = ref(x);
                        }
                        if (*existing == x) {
                                *existing = ref(n);
                                node_put(&x);
                        }
                        return 0;
                }
        } while (x);
        return 0;
}

/* ---- a rule as a chain ---- */

struct chain_arg {
        bool valid;
        enum sc_op op;
        uint64_t mask, datum;
};

static void node_set(struct node *c, uint32_t arg, bool hi, uint64_t mask,
                     uint64_t datum, enum sc_op op, enum sc_op orig)
{
        c->arg = (uint8_t)arg;
        c->hi = hi;
        c->mask = (uint32_t)(hi ? mask >> 32 : mask);
        c->datum = (uint32_t)(hi ? datum >> 32 : datum) & c->mask;
        c->datum_full = datum;
        c->op = op;
        c->op_orig = orig;
}

static struct node *chain64(struct lsc_sys *s, const struct chain_arg *ch,
                            uint32_t action, unsigned *ret_cnt)
{
        struct node *head = NULL, *cur[3] = { NULL }, *prev[3] = { NULL };
        enum sc_op op_prev = SC_OP_INVALID;

        for (uint32_t a = 0; a < 6; a++) {
                const struct chain_arg *c = &ch[a];
                if (!c->valid)
                        continue;
                if (c->op == SC_OP_MASKED_EQ && c->mask == 0)
                        continue;
                cur[0] = node_new(s);
                cur[1] = node_new(s);
                cur[2] = NULL;
                switch (c->op) {
                case SC_OP_GT:
                case SC_OP_GE:
                case SC_OP_LE:
                case SC_OP_LT:
                        cur[2] = node_new(s);
                        node_set(cur[0], a, true, c->mask, c->datum, SC_OP_GT, c->op);
                        node_set(cur[1], a, true, c->mask, c->datum, SC_OP_EQ, c->op);
                        node_set(cur[2], a, false, c->mask, c->datum,
                                 (c->op == SC_OP_GT || c->op == SC_OP_LE)
                                         ? SC_OP_GT : SC_OP_GE,
                                 c->op);
                        cur[0]->nxt_f = ref(cur[1]);
                        cur[1]->nxt_t = ref(cur[2]);
                        break;
                case SC_OP_EQ:
                case SC_OP_MASKED_EQ:
                case SC_OP_NE: {
                        enum sc_op o = c->op == SC_OP_MASKED_EQ ? SC_OP_MASKED_EQ
                                                                : SC_OP_EQ;
                        node_set(cur[0], a, true, c->mask, c->datum, o, c->op);
                        node_set(cur[1], a, false, c->mask, c->datum, o, c->op);
                        cur[0]->nxt_t = ref(cur[1]);
                        break;
                }
                case _SC_OP_MAX:
                case SC_OP_INVALID:
                        break;
                }
                if (prev[0]) {
                        switch (op_prev) {
                        case SC_OP_GT:
                        case SC_OP_GE:
                                prev[0]->nxt_t = ref(cur[0]);
                                prev[2]->nxt_t = ref(cur[0]);
                                break;
                        case SC_OP_EQ:
                        case SC_OP_MASKED_EQ:
                                prev[1]->nxt_t = ref(cur[0]);
                                break;
                        case SC_OP_LE:
                        case SC_OP_LT:
                                prev[1]->nxt_f = ref(cur[0]);
                                prev[2]->nxt_f = ref(cur[0]);
                                break;
                        case SC_OP_NE:
                                prev[0]->nxt_f = ref(cur[0]);
                                prev[1]->nxt_f = ref(cur[0]);
                                break;
                        case _SC_OP_MAX:
                        case SC_OP_INVALID:
                                break;
                        }
                } else
                        head = ref(cur[0]);
                *ret_cnt += cur[2] ? 3 : 2;
                memcpy(prev, cur, sizeof(prev));
                op_prev = c->op;
        }
        if (!head)
                return NULL;
        switch (op_prev) {
        case SC_OP_GT:
        case SC_OP_GE:
                cur[0]->act_t_flg = cur[2]->act_t_flg = true;
                cur[0]->act_t = cur[2]->act_t = action;
                break;
        case SC_OP_LE:
        case SC_OP_LT:
                cur[1]->act_f_flg = cur[2]->act_f_flg = true;
                cur[1]->act_f = cur[2]->act_f = action;
                break;
        case SC_OP_EQ:
        case SC_OP_MASKED_EQ:
                cur[1]->act_t_flg = true;
                cur[1]->act_t = action;
                break;
        case SC_OP_NE:
                cur[0]->act_f_flg = cur[1]->act_f_flg = true;
                cur[0]->act_f = cur[1]->act_f = action;
                break;
        case _SC_OP_MAX:
        case SC_OP_INVALID:
                break;
        }
        return head;
}

static struct node *chain32(struct lsc_sys *s, const struct chain_arg *ch,
                            uint32_t action, unsigned *ret_cnt)
{
        struct node *head = NULL, *prev = NULL, *c = NULL;
        bool on_true = true;

        for (uint32_t a = 0; a < 6; a++) {
                if (!ch[a].valid)
                        continue;
                if (ch[a].op == SC_OP_MASKED_EQ && (uint32_t)ch[a].mask == 0)
                        continue;
                c = node_new(s);
                enum sc_op op = ch[a].op;
                bool t = true;
                switch (op) {
                case SC_OP_NE:
                        op = SC_OP_EQ;
                        t = false;
                        break;
                case SC_OP_LT:
                        op = SC_OP_GE;
                        t = false;
                        break;
                case SC_OP_LE:
                        op = SC_OP_GT;
                        t = false;
                        break;
                case SC_OP_EQ: case SC_OP_GE: case SC_OP_GT:
                case SC_OP_MASKED_EQ: case _SC_OP_MAX: case SC_OP_INVALID:
                        break;
                }
                node_set(c, a, false, ch[a].mask, ch[a].datum, op, ch[a].op);
                if (prev) {
                        if (on_true)
                                prev->nxt_t = ref(c);
                        else
                                prev->nxt_f = ref(c);
                } else
                        head = ref(c);
                on_true = t;
                prev = c;
                (*ret_cnt)++;
        }
        if (!c)
                return NULL;
        if (on_true) {
                c->act_t_flg = true;
                c->act_t = action;
        } else {
                c->act_f_flg = true;
                c->act_f = action;
        }
        return head;
}

struct lsc_sys *lsc_sys_new(bool is64)
{
        struct lsc_sys *s = xcalloc(1, sizeof(*s));
        s->is64 = is64;
        return s;
}

void lsc_sys_free(struct lsc_sys *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n_all; i++)
                free(s->all[i]);
        free(s->all);
        free(s);
}

bool lsc_sys_uncond(const struct lsc_sys *s, uint32_t *ret_action)
{
        if (s->chains)
                return false;
        *ret_action = s->action;
        return true;
}

static int sys_add(struct lsc_sys *s, const struct lsc_cmp *c, size_t n,
                   uint32_t action)
{
        struct chain_arg ch[6] = { { 0 } };
        struct node *nc;
        bool removed = false;

        for (size_t i = 0; i < n; i++) {
                if (c[i].arg >= 6 || ch[c[i].arg].valid)
                        return -EINVAL;
                struct chain_arg *a = &ch[c[i].arg];
                a->valid = true;
                a->op = c[i].op;
                if (c[i].op == SC_OP_MASKED_EQ) {
                        a->mask = c[i].datum_a;
                        a->datum = c[i].datum_b;
                } else {
                        a->mask = UINT64_MAX;
                        a->datum = c[i].datum_a;
                }
        }
        unsigned cnt_new = 0;
        nc = s->is64 ? chain64(s, ch, action, &cnt_new)
                     : chain32(s, ch, action, &cnt_new);

        if (!s->exists) {
                s->exists = true;
                s->chains = nc;
                s->action = action;
                s->node_cnt = cnt_new;
                return 0;
        }
again:
        if (!s->chains) {
                if (removed) {
                        /* pruning emptied the tree: the new rule is it */
                        s->chains = nc;
                        s->action = action;
                        s->node_cnt = cnt_new;
                } else
                        /* unconditional already: it covers the new rule */
                        tree_put(&nc);
                return 0;
        }
        if (!nc) {
                /* unconditional beats the tree */
                tree_put(&s->chains);
                s->chains = NULL;
                s->action = action;
                s->node_cnt = 0;
                return 0;
        }
        struct walk st = { .action = action, .sx = s };
        unsigned cnt = prune(&s->chains, nc, &st);
        if (cnt > 0) {
                removed = true;
                s->node_cnt -= cnt;
                if (!s->chains)
                        goto again;
        } else if ((st.flags & M_REDUNDANT) == M_REDUNDANT) {
                tree_put(&nc);
                return 0;
        }
        if (steps > STEP_LIMIT)
                return -ELOOP;
        int r = merge(s, &s->chains, nc);
        if (r < 0)
                return r;
        if (steps > STEP_LIMIT)
                return -ELOOP;
        s->node_cnt += cnt_new;
        s->node_cnt -= tree_put(&nc);
        return 0;
}

/* Does a walk that libseccomp makes of the level holding n (along lvl_prv
 * to its start, then lvl_nxt) or of the levels below it never end?  A
 * level is marked on its first node: 1 "being walked", 2 "done". */
static bool level_cyclic(struct node *n, size_t bound)
{
        size_t len = 0;

        if (!n)
                return false;
        while (n->lvl_prv)
                if (++len > bound)
                        return true;
                else
                        n = n->lvl_prv;
        if (n->mark)
                return n->mark == 1;
        n->mark = 1;
        for (struct node *i = n; i; i = i->lvl_nxt)
                if (++len > bound || level_cyclic(i->nxt_t, bound) ||
                    level_cyclic(i->nxt_f, bound))
                        return true;
        n->mark = 2;
        return false;
}

static bool tree_cyclic(struct lsc_sys *s)
{
        for (size_t i = 0; i < s->n_all; i++)
                s->all[i]->mark = 0;
        return level_cyclic(s->chains, s->n_all);
}

int lsc_sys_add(struct lsc_sys *s, const struct lsc_cmp *c, size_t n,
                uint32_t action)
{
        steps = 0;
        int r = sys_add(s, c, n, action);
        /* libseccomp can link a level into a ring (a new node merged twice
         * into one shared level puts itself before itself).  It then spins
         * in whatever walks that level next: releasing the new chain at
         * the end of this very add (_db_level_clean's lvl_prv walk; our
         * walks only count steps, so look at the counter after every
         * part), a later add, or the code generator at load.  runc and
         * crun hang in every case; refuse the rule that made the ring. */
        if (steps > STEP_LIMIT || (r == 0 && tree_cyclic(s)))
                return -ELOOP;
        return r;
}

/* ---- the generated program ---- */

/* Accumulator as the generator believes it: word and mask, or unknown. */
struct acc {
        int word; /* -1: unknown (or the syscall number) */
        uint32_t mask;
};

static bool acc_eq(struct acc a, struct acc b)
{
        return a.word == b.word && a.mask == b.mask;
}

#define ACC_UNDEF ((struct acc){ -1, UINT32_MAX })

/* A block while the program is generated: targets may still name a tree
 * node or "the next block". */
enum gtgt_kind { G_RET, G_BLK, G_NODE, G_NXT };
struct gtgt {
        enum gtgt_kind kind;
        uint32_t v;            /* ret, or block index */
        const struct node *n;  /* G_NODE */
};

struct gblk {
        struct lsc_op ops[4];
        size_t n_ops;
        enum lsc_jop jop;
        uint32_t k;
        struct gtgt jt, jf;
        struct acc start, end;
        uint32_t hnext;        /* hash chain */
        bool placed;
};

#define GEN_BUCKETS 1024U
#define NO_BLOCK UINT32_MAX

struct lsc_gen {
        struct gblk *b;
        size_t n, alloc;
        uint32_t def;
        uint32_t bucket[GEN_BUCKETS];
};

static uint32_t gen_node(struct lsc_gen *g, const struct node *n, struct acc *acc)
{
        GROW(g->b, g->n, g->alloc);
        struct gblk *b = &g->b[g->n];
        *b = (struct gblk){ .start = *acc, .hnext = NO_BLOCK };
        int word = LSC_WORD(n->arg, n->hi);

        if (word != acc->word || (n->mask & acc->mask) != n->mask) {
                *acc = (struct acc){ word, UINT32_MAX };
                b->ops[b->n_ops++] = (struct lsc_op){ LSC_LD, (uint32_t)word };
                b->start = ACC_UNDEF;
        }
        if (n->mask != acc->mask) {
                acc->mask = n->mask;
                b->ops[b->n_ops++] = (struct lsc_op){ LSC_AND, n->mask };
        }
        b->end = *acc;
        b->jop = n->op == SC_OP_GT ? LSC_JGT : n->op == SC_OP_GE ? LSC_JGE
                                                                : LSC_JEQ;
        b->k = n->datum;
        b->jt = n->nxt_t ? (struct gtgt){ .kind = G_NODE, .n = n->nxt_t }
                : n->act_t_flg ? (struct gtgt){ .kind = G_RET, .v = n->act_t }
                               : (struct gtgt){ .kind = G_NXT };
        b->jf = n->nxt_f ? (struct gtgt){ .kind = G_NODE, .n = n->nxt_f }
                : n->act_f_flg ? (struct gtgt){ .kind = G_RET, .v = n->act_f }
                               : (struct gtgt){ .kind = G_NXT };
        return (uint32_t)(g->n++);
}

static bool gtgt_eq(struct gtgt a, struct gtgt b)
{
        return a.kind == b.kind && a.v == b.v;
}

static uint32_t mix(uint32_t h, uint32_t v)
{
        h ^= v + 0x9e3779b9U + (h << 6) + (h >> 2);
        return h;
}

static uint32_t gblk_hash(const struct gblk *b)
{
        uint32_t h = (uint32_t)b->n_ops;
        for (size_t i = 0; i < b->n_ops; i++)
                h = mix(h, b->ops[i].v * 2U + b->ops[i].kind);
        h = mix(h, b->jop);
        h = mix(h, b->k);
        h = mix(h, b->jt.kind * 0x10001U ^ b->jt.v);
        h = mix(h, b->jf.kind * 0x10001U ^ b->jf.v);
        h = mix(h, (uint32_t)b->start.word ^ b->start.mask);
        h = mix(h, (uint32_t)b->end.word ^ b->end.mask);
        return h % GEN_BUCKETS;
}

static bool gblk_same(const struct gblk *o, const struct gblk *b)
{
        return o->n_ops == b->n_ops && o->jop == b->jop && o->k == b->k &&
               gtgt_eq(o->jt, b->jt) && gtgt_eq(o->jf, b->jf) &&
               acc_eq(o->start, b->start) && acc_eq(o->end, b->end) &&
               memcmp(o->ops, b->ops, b->n_ops * sizeof(b->ops[0])) == 0;
}

/* libseccomp keeps one copy of identical blocks (same code, same targets,
 * same accumulator assumptions), across syscalls and arches of the
 * filter: the layout below depends on it.  The copy made last is dropped
 * (it is the last block, nothing refers to it yet). */
static uint32_t gen_intern(struct lsc_gen *g, uint32_t i)
{
        struct gblk *b = &g->b[i];
        uint32_t h = gblk_hash(b);
        for (uint32_t j = g->bucket[h]; j != NO_BLOCK; j = g->b[j].hnext)
                if (gblk_same(&g->b[j], b)) {
                        if (i + 1 == g->n)
                                g->n--;
                        return j;
                }
        b->hnext = g->bucket[h];
        g->bucket[h] = i;
        return i;
}

static struct gtgt gen_level(struct lsc_gen *g, const struct node *level,
                             struct gtgt outer, struct acc acc);

static struct gtgt resolve_tgt(struct lsc_gen *g, struct gtgt t, struct gtgt nxt,
                               struct acc end)
{
        if (t.kind == G_NXT)
                return nxt;
        if (t.kind == G_NODE)
                return gen_level(g, t.n, nxt, end);
        return t;
}

/* One level of the tree: its blocks in order, each falling through to the
 * next, the last to outer.  Returns the first block. */
static struct gtgt gen_level(struct lsc_gen *g, const struct node *level,
                             struct gtgt outer, struct acc acc)
{
        size_t cnt = 0;
        const struct node *n = level_first((struct node *)level);
        uint32_t ids[64], *idv = ids;
        _cleanup_free_ uint32_t *heap = NULL;

        for (const struct node *i = n; i; i = i->lvl_nxt)
                cnt++;
        if (cnt > ELEMENTSOF(ids))
                idv = heap = xmalloc(cnt * sizeof(uint32_t));
        cnt = 0;
        for (; n; n = n->lvl_nxt)
                idv[cnt++] = gen_node(g, n, &acc);
        /* from the last block back, as libseccomp resolves them, each with
         * the (already interned) next block as its fall-through; blocks of
         * deeper levels are appended after these, so interning drops only
         * blocks that are last */
        struct gtgt nxt = outer;
        for (size_t i = cnt; i-- > 0;) {
                uint32_t id = idv[i];
                struct gtgt jt = g->b[id].jt, jf = g->b[id].jf;
                struct acc end = g->b[id].end;
                jt = resolve_tgt(g, jt, nxt, end);
                jf = resolve_tgt(g, jf, nxt, end);
                g->b[id].jt = jt;
                g->b[id].jf = jf;
                nxt = (struct gtgt){ .kind = G_BLK, .v = gen_intern(g, id) };
        }
        return nxt;
}

struct lsc_gen *lsc_gen_new(uint32_t def_ret)
{
        struct lsc_gen *g = xcalloc(1, sizeof(*g));
        g->def = def_ret;
        for (size_t i = 0; i < GEN_BUCKETS; i++)
                g->bucket[i] = NO_BLOCK;
        return g;
}

void lsc_gen_free(struct lsc_gen *g)
{
        if (!g)
                return;
        free(g->b);
        free(g);
}

struct lsc_tgt lsc_gen_add(struct lsc_gen *g, const struct lsc_sys *s)
{
        if (!s->chains)
                return (struct lsc_tgt){ .is_ret = true, .v = s->action };
        struct gtgt e = gen_level(g, s->chains,
                                  (struct gtgt){ .kind = G_RET, .v = g->def },
                                  ACC_UNDEF);
        return (struct lsc_tgt){ .is_ret = e.kind == G_RET, .v = e.v };
}

/* libseccomp lays blocks out depth first (jt before jf) and puts a reload
 * in front of a block whose assumed accumulator differs from what the
 * block that first jumps to it left. */
static void layout(struct lsc_gen *g, uint32_t i)
{
        struct gtgt ts[2] = { g->b[i].jt, g->b[i].jf };
        for (size_t k = 0; k < 2; k++) {
                if (ts[k].kind != G_BLK || g->b[ts[k].v].placed)
                        continue;
                struct gblk *t = &g->b[ts[k].v];
                t->placed = true;
                if (t->start.word != -1 && !acc_eq(t->start, g->b[i].end)) {
                        size_t add = 1 + (t->start.mask != UINT32_MAX);
                        memmove(t->ops + add, t->ops,
                                t->n_ops * sizeof(t->ops[0]));
                        t->ops[0] = (struct lsc_op){ LSC_LD,
                                                     (uint32_t)t->start.word };
                        if (add == 2)
                                t->ops[1] = (struct lsc_op){ LSC_AND,
                                                             t->start.mask };
                        t->n_ops += add;
                        t->start = ACC_UNDEF;
                }
                layout(g, ts[k].v);
        }
}

void lsc_gen_layout(struct lsc_gen *g, const struct lsc_tgt *entries, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                if (entries[i].is_ret || g->b[entries[i].v].placed)
                        continue;
                /* the syscall's own block pulls the first one: it always
                 * loads its word */
                g->b[entries[i].v].placed = true;
                layout(g, entries[i].v);
        }
}

static struct lsc_tgt out_tgt(struct gtgt t, const uint32_t *map)
{
        if (t.kind == G_RET)
                return (struct lsc_tgt){ .is_ret = true, .v = t.v };
        return (struct lsc_tgt){ .v = map[t.v] };
}

static void mark(const struct lsc_gen *g, uint32_t i, uint32_t *map, size_t *m)
{
        if (map[i] != NO_BLOCK)
                return;
        map[i] = (uint32_t)(*m)++;
        if (g->b[i].jt.kind == G_BLK)
                mark(g, g->b[i].jt.v, map, m);
        if (g->b[i].jf.kind == G_BLK)
                mark(g, g->b[i].jf.v, map, m);
}

void lsc_gen_program(const struct lsc_gen *g, struct lsc_tgt entry,
                     struct lsc_prog *ret)
{
        *ret = (struct lsc_prog){ .entry = entry };
        if (entry.is_ret)
                return;
        _cleanup_free_ uint32_t *map = xmalloc((g->n + 1) * sizeof(uint32_t));
        size_t m = 0;
        for (size_t i = 0; i < g->n; i++)
                map[i] = NO_BLOCK;
        mark(g, entry.v, map, &m);
        ret->b = xcalloc(m, sizeof(struct lsc_block));
        for (size_t i = 0; i < g->n; i++) {
                if (map[i] == NO_BLOCK)
                        continue;
                const struct gblk *b = &g->b[i];
                struct lsc_block *o = &ret->b[map[i]];
                memcpy(o->ops, b->ops, sizeof(o->ops));
                o->n_ops = b->n_ops;
                o->jop = b->jop;
                o->k = b->k;
                o->jt = out_tgt(b->jt, map);
                o->jf = out_tgt(b->jf, map);
        }
        ret->n = m;
        ret->entry = (struct lsc_tgt){ .v = 0 };
}

unsigned lsc_sys_nodes(const struct lsc_sys *s)
{
        return s->node_cnt;
}

void lsc_sys_program(const struct lsc_sys *s, uint32_t def_ret,
                     struct lsc_prog *ret)
{
        struct lsc_gen *g = lsc_gen_new(def_ret);
        struct lsc_tgt e = lsc_gen_add(g, s);
        lsc_gen_layout(g, &e, 1);
        lsc_gen_program(g, e, ret);
        lsc_gen_free(g);
}

void lsc_prog_clear(struct lsc_prog *p)
{
        free(p->b);
        *p = (struct lsc_prog){ 0 };
}

uint32_t lsc_prog_eval(const struct lsc_prog *p, const uint64_t args[6])
{
        struct lsc_tgt t = p->entry;
        uint32_t a = 0;

        while (!t.is_ret) {
                const struct lsc_block *b = &p->b[t.v];
                for (size_t i = 0; i < b->n_ops; i++) {
                        uint32_t v = b->ops[i].v;
                        if (b->ops[i].kind == LSC_AND)
                                a &= v;
                        else
                                a = (uint32_t)(LSC_WORD_HI(v)
                                                       ? args[LSC_WORD_ARG(v)] >> 32
                                                       : args[LSC_WORD_ARG(v)]);
                }
                bool yes = b->jop == LSC_JEQ ? a == b->k
                         : b->jop == LSC_JGT ? a > b->k : a >= b->k;
                t = yes ? b->jt : b->jf;
        }
        return t.v;
}

static bool tgt_eq(struct lsc_tgt a, struct lsc_tgt b)
{
        return a.is_ret == b.is_ret && a.v == b.v;
}

bool lsc_prog_equal(const struct lsc_prog *a, const struct lsc_prog *b)
{
        if (a->n != b->n || !tgt_eq(a->entry, b->entry))
                return false;
        for (size_t i = 0; i < a->n; i++) {
                const struct lsc_block *x = &a->b[i], *y = &b->b[i];
                if (x->n_ops != y->n_ops || x->jop != y->jop || x->k != y->k ||
                    !tgt_eq(x->jt, y->jt) || !tgt_eq(x->jf, y->jf) ||
                    memcmp(x->ops, y->ops, x->n_ops * sizeof(x->ops[0])) != 0)
                        return false;
        }
        return true;
}
