/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Step 3 of the decompiler (see decompile.c's outline): the verdict table
 * of one syscall over the classes of the arguments it reads, and its cover
 * by boxes, each box one OCI rule.
 */
#include "verdict-table.h"

/* Bounds on the work per syscall: cells of the verdict table. */
#define MAX_CELLS 8192U
/* Real profiles have a handful of rules per syscall; thousands come only
 * from hostile programs and would make a profile nobody can read. */
#define MAX_RULES_PER_SYSCALL 64U

void syscall_rules_clear(struct syscall_rules *f)
{
        free(f->rules);
        free(f->key);
        *f = (struct syscall_rules){ 0 };
}

void verdict_table_clear(struct verdict_table *t)
{
        for (size_t i = 0; i < 6; i++)
                arg_classes_clear(&t->dom[i]);
        free(t->v);
        *t = (struct verdict_table){ 0 };
}

static void cell_decode(const struct verdict_table *t, size_t cell,
                        size_t idx[6])
{
        for (size_t j = t->n_args; j-- > 0;) {
                idx[j] = cell % t->dom[j].n;
                cell /= t->dom[j].n;
        }
}

static size_t cell_encode(const struct verdict_table *t, const size_t idx[6])
{
        size_t c = 0;
        for (size_t j = 0; j < t->n_args; j++)
                c = c * t->dom[j].n + idx[j];
        return c;
}

/* Fill t->v over the product of classes; returns the arguments read. */
static unsigned verdict_table_fill(struct verdict_table *t, struct probe *p)
{
        unsigned touched = 0;
        size_t n = 1;
        for (size_t j = 0; j < t->n_args; j++)
                n *= t->dom[j].n;
        free(t->v);
        t->n_cells = n;
        t->v = xcalloc(n, sizeof(uint32_t));
        for (size_t c = 0; c < n; c++) {
                size_t idx[6];
                struct sc_seccomp_data d = p->d;
                cell_decode(t, c, idx);
                for (size_t j = 0; j < t->n_args; j++)
                        d.args[t->args[j]] = t->dom[j].rep[idx[j]];
                t->v[c] = sc_stack_run_traced(p->s, &d, &touched);
        }
        return touched;
}

/* A set of classes of one argument a condition can state. */
struct cond_set {
        bool any;
        size_t lo, hi;        /* class range (interval mode) */
        size_t except;        /* NE: all but this class; SIZE_MAX if unused */
        size_t only;          /* EQ / MASKED_EQ: just this class */
        /* the single interval class [lo, hi] = lo, written as MASKED_EQ
         * rules over aligned power-of-two blocks (one condition per
         * argument cannot say lo <= x <= hi: runc ORs two conditions on
         * one index) */
        bool blocks;
};

static bool cond_set_has(const struct cond_set *c, size_t cls)
{
        if (c->any)
                return true;
        if (c->except != SIZE_MAX)
                return cls != c->except;
        if (c->only != SIZE_MAX)
                return cls == c->only;
        return cls >= c->lo && cls <= c->hi;
}

/* Walk the box's own cells (an odometer over each argument's classes in
 * the box).  With mark, mark them all; else stop at the first cell whose
 * verdict is not v, or when *visits runs out.  True when every cell was
 * v (or marked). */
static bool box_walk(const struct verdict_table *t, const struct cond_set *box,
                     uint32_t v, size_t *visits, bool *mark)
{
        size_t idx[6];

        for (size_t j = 0; j < t->n_args; j++) {
                idx[j] = 0;
                while (idx[j] < t->dom[j].n && !cond_set_has(&box[j], idx[j]))
                        idx[j]++;
                if (idx[j] == t->dom[j].n)
                        return true; /* empty box */
        }
        for (;;) {
                size_t c = cell_encode(t, idx);
                if (mark) {
                        mark[c] = true;
                } else {
                        if (*visits == 0)
                                return false;
                        (*visits)--;
                        if (t->v[c] != v)
                                return false;
                }
                size_t j = t->n_args;
                while (j-- > 0) {
                        do
                                idx[j]++;
                        while (idx[j] < t->dom[j].n && !cond_set_has(&box[j], idx[j]));
                        if (idx[j] < t->dom[j].n)
                                break;
                        idx[j] = 0;
                        while (!cond_set_has(&box[j], idx[j]))
                                idx[j]++;
                }
                if (j == SIZE_MAX)
                        return true;
        }
}

/* Merge neighbouring interval classes of one argument that no cell tells
 * apart: fewer, wider classes make fewer and plainer conditions.  Class k
 * of argument j sits at stride S (the product of the later arguments'
 * class counts) inside blocks of n_j * S cells. */
static void verdict_table_compress(struct verdict_table *t)
{
        for (size_t j = 0; j < t->n_args; j++) {
                struct arg_classes *a = &t->dom[j];
                size_t stride = 1;
                if (a->mask_mode || a->n < 2)
                        continue;
                for (size_t q = j + 1; q < t->n_args; q++)
                        stride *= t->dom[q].n;
                size_t block = a->n * stride, n_blocks = t->n_cells / block;
                _cleanup_free_ bool *keep = xcalloc(a->n, sizeof(bool));
                size_t n_keep = 1;
                keep[0] = true;
                for (size_t k = 1; k < a->n; k++) {
                        bool same = true;
                        for (size_t b = 0; b < n_blocks && same; b++)
                                for (size_t in = 0; in < stride && same; in++) {
                                        size_t c = b * block + k * stride + in;
                                        same = t->v[c] == t->v[c - stride];
                                }
                        keep[k] = !same;
                        n_keep += keep[k];
                }
                if (n_keep == a->n)
                        continue;
                uint32_t *nv = xcalloc(n_blocks * n_keep * stride, sizeof(uint32_t));
                size_t m = 0, w = 0;
                for (size_t b = 0; b < n_blocks; b++)
                        for (size_t k = 0; k < a->n; k++)
                                if (keep[k])
                                        for (size_t in = 0; in < stride; in++)
                                                nv[m++] = t->v[b * block + k * stride + in];
                for (size_t k = 0; k < a->n; k++) {
                        if (keep[k]) {
                                a->lo[w] = a->lo[k];
                                a->hi[w] = a->hi[k];
                                a->rep[w] = a->rep[k];
                                w++;
                        } else {
                                a->hi[w - 1] = a->hi[k];
                        }
                }
                a->n = n_keep;
                free(t->v);
                t->v = nv;
                t->n_cells = m;
        }
}

/* The sets one condition can state that contain class cls, largest first
 * (so the first that fits is the widest), EQ before the half lines of the
 * same size. */
static size_t cond_sets_for(const struct arg_classes *a, size_t cls,
                            struct cond_set *out)
{
        size_t n = 0;
        struct cond_set base = { .except = SIZE_MAX, .only = SIZE_MAX };
        bool point = !a->mask_mode && a->lo[cls] == a->hi[cls];

        out[n] = base;
        out[n++].any = true;
        if (a->mask_mode) {
                if (!(a->has_other && cls == a->n - 1)) {
                        out[n] = base;
                        out[n++].only = cls;
                }
                return n;
        }
        for (size_t p = 0; p < a->n; p++)
                if (p != cls && a->lo[p] == a->hi[p]) {
                        out[n] = base;
                        out[n++].except = p;
                }
        /* GE(lo = g) has n - g classes, LE(hi = l) has l + 1: merge the two
         * decreasing runs */
        size_t g = 0, l = a->n - 1;
        while (g <= cls || l + 1 > cls) {
                size_t gs = g <= cls ? a->n - g : 0;
                size_t ls = l + 1 > cls ? l + 1 : 0;
                if (point && gs <= 1 && ls <= 1) {
                        out[n] = base;
                        out[n++].only = cls;
                        point = false;
                }
                out[n] = base;
                if (gs >= ls) {
                        out[n].lo = g++;
                        out[n++].hi = a->n - 1;
                } else {
                        out[n].lo = 0;
                        out[n++].hi = l;
                        if (l-- == 0)
                                break;
                }
        }
        if (point) {
                out[n] = base;
                out[n++].only = cls;
        }
        return n;
}

static void cond_set_to_arg(const struct arg_classes *a, unsigned index,
                            const struct cond_set *c, struct sc_arg *out)
{
        *out = (struct sc_arg){ .index = index };
        if (a->mask_mode) {
                out->op = SC_OP_MASKED_EQ;
                out->value = a->mask;
                out->value_two = a->datum[c->only];
                out->has_value_two = true;
        } else if (c->except != SIZE_MAX) {
                out->op = SC_OP_NE;
                out->value = a->lo[c->except];
        } else if (c->only != SIZE_MAX) {
                out->op = SC_OP_EQ;
                out->value = a->lo[c->only];
        } else if (c->lo == 0) {
                out->op = SC_OP_LE;
                out->value = a->hi[c->hi];
        } else {
                out->op = SC_OP_GE;
                out->value = a->lo[c->lo];
        }
}

/* Widen the box of cell idx (verdict v) one argument after the other to
 * the widest set a condition can state whose cells all have verdict v.
 * An interval argument no condition fits is marked for aligned blocks (one
 * such argument per box at most).  False when the box cannot be stated, or
 * *visits ran out. */
static bool box_grow(const struct verdict_table *t, const size_t idx[6],
                     uint32_t v, struct cond_set *const cands[6],
                     struct cond_set box[6], size_t *visits)
{
        size_t n_blocks_args = 0;

        for (size_t j = 0; j < t->n_args; j++)
                box[j] = (struct cond_set){ .lo = idx[j], .hi = idx[j],
                                            .except = SIZE_MAX,
                                            .only = SIZE_MAX };
        for (size_t j = 0; j < t->n_args; j++) {
                size_t n = cond_sets_for(&t->dom[j], idx[j], cands[j]);
                size_t best = SIZE_MAX;
                struct cond_set keep = box[j];
                for (size_t q = 0; q < n && best == SIZE_MAX; q++) {
                        box[j] = cands[j][q];
                        if (box_walk(t, box, v, visits, NULL))
                                best = q;
                }
                if (!*visits)
                        return false;
                if (best == SIZE_MAX) {
                        box[j] = keep;
                        if (t->dom[j].mask_mode || n_blocks_args++)
                                return false;
                        box[j].blocks = true;
                        continue;
                }
                box[j] = cands[j][best];
        }
        return true;
}

#define MAX_BLOCKS 130U

/* [lo, hi] as aligned power-of-two blocks, each (x & mask[i]) == start[i]
 * (a MASKED_EQ condition); returns how many (at most MAX_BLOCKS). */
static size_t aligned_blocks(uint64_t lo, uint64_t hi,
                             uint64_t start[MAX_BLOCKS],
                             uint64_t mask[MAX_BLOCKS])
{
        size_t n = 0;

        for (;;) {
                uint64_t size = lo ? (lo & -lo) : UINT64_C(1) << 63;
                while (size > 1 && lo + (size - 1) > hi)
                        size >>= 1;
                /* the whole 64-bit range never gets here: it is "any" */
                start[n] = lo;
                mask[n++] = ~(size - 1);
                if (lo + (size - 1) >= hi || n == MAX_BLOCKS)
                        return n;
                lo += size;
        }
}

/* The rules of one box with verdict v: one, or one per aligned block of
 * the argument that needs them. */
static void box_rules_add(const struct verdict_table *t,
                          const struct cond_set box[6], uint32_t v,
                          struct syscall_rules *fn)
{
        uint64_t block_start[MAX_BLOCKS], block_mask[MAX_BLOCKS];
        size_t n_blocks = 1, block_arg = SIZE_MAX;

        for (size_t j = 0; j < t->n_args; j++)
                if (box[j].blocks) {
                        block_arg = j;
                        n_blocks = aligned_blocks(t->dom[j].lo[box[j].lo],
                                                  t->dom[j].hi[box[j].lo],
                                                  block_start, block_mask);
                }
        for (size_t q = 0; q < n_blocks; q++) {
                GROW(fn->rules, fn->n_rules, fn->alloc_rules);
                struct syscall_rule *r = &fn->rules[fn->n_rules++];
                *r = (struct syscall_rule){ .ret = v };
                for (size_t j = 0; j < t->n_args; j++) {
                        if (box[j].any)
                                continue;
                        if (j == block_arg) {
                                r->args[r->n_args++] = (struct sc_arg){
                                        .index = t->args[j],
                                        .op = SC_OP_MASKED_EQ,
                                        .value = block_mask[q],
                                        .value_two = block_start[q],
                                        .has_value_two = true };
                                continue;
                        }
                        cond_set_to_arg(&t->dom[j], t->args[j], &box[j],
                                        &r->args[r->n_args++]);
                }
        }
}

/* Cover the cells of each verdict but fallback with boxes. */
static void verdict_table_cover(const struct verdict_table *t,
                                uint32_t fallback, struct syscall_rules *fn,
                                size_t *visits_left)
{
        _cleanup_free_ bool *covered = xcalloc(t->n_cells, sizeof(bool));
        struct cond_set *cands[6] = { NULL };
        size_t max_cands = 0, visits = *visits_left;

        for (size_t j = 0; j < t->n_args; j++)
                if (2 * t->dom[j].n + 4 > max_cands)
                        max_cands = 2 * t->dom[j].n + 4;
        for (size_t j = 0; j < t->n_args; j++)
                cands[j] = xcalloc(max_cands, sizeof(struct cond_set));

        for (size_t c = 0; c < t->n_cells; c++) {
                size_t idx[6];
                struct cond_set box[6];
                uint32_t v = t->v[c];

                if (v == fallback || covered[c])
                        continue;
                if (fn->n_rules >= MAX_RULES_PER_SYSCALL) {
                        fn->inexact = true;
                        break;
                }
                cell_decode(t, c, idx);
                if (!box_grow(t, idx, v, cands, box, &visits)) {
                        fn->inexact = true;
                        covered[c] = true;
                        /* out of visits: a hostile program; stop, the final
                         * comparison reports what is missing */
                        if (!visits)
                                break;
                        continue;
                }
                box_rules_add(t, box, v, fn);
                box_walk(t, box, v, NULL, covered);
        }
        for (size_t j = 0; j < t->n_args; j++)
                free(cands[j]);
        *visits_left = visits;
}

/* The arguments the verdict depends on, grown to a fixpoint, and the
 * verdict table over their classes. */
static void verdict_table_build(struct verdict_table *t, struct probe *p,
                                const struct prog_consts *k, bool is64,
                                unsigned touched_at_zero)
{
        unsigned want = touched_at_zero & 0x3f, have = 0;

        while (want & ~have) {
                for (unsigned i = 0; i < 6; i++) {
                        if (!(want & (1U << i)) || (have & (1U << i)))
                                continue;
                        arg_classes_build(&t->dom[t->n_args], p, k, i, is64);
                        t->args[t->n_args++] = i;
                        have |= 1U << i;
                }
                size_t n = 1;
                for (size_t j = 0; j < t->n_args; j++) {
                        n *= t->dom[j].n;
                        if (n > MAX_CELLS)
                                break;
                }
                if (n > MAX_CELLS) {
                        /* too many: keep the first arguments only */
                        while (t->n_args > 1 && n > MAX_CELLS) {
                                arg_classes_clear(&t->dom[--t->n_args]);
                                n = 1;
                                for (size_t j = 0; j < t->n_args; j++)
                                        n *= t->dom[j].n;
                        }
                        verdict_table_fill(t, p);
                        return;
                }
                want |= verdict_table_fill(t, p) & 0x3f;
        }
}

static void syscall_rules_key(struct syscall_rules *fn)
{
        struct strbuf sb = { 0 };
        if (!fn->cond) {
                strbuf_printf(&sb, "%08x", fn->ret);
        } else {
                strbuf_printf(&sb, "c%08x", fn->fallback);
                for (size_t i = 0; i < fn->n_rules; i++) {
                        const struct syscall_rule *r = &fn->rules[i];
                        strbuf_printf(&sb, ";%08x", r->ret);
                        for (size_t j = 0; j < r->n_args; j++)
                                strbuf_printf(&sb, ",%u:%d:%" PRIx64 ":%" PRIx64,
                                              r->args[j].index, r->args[j].op,
                                              r->args[j].value,
                                              r->args[j].value_two);
                }
        }
        fn->key = strbuf_steal(&sb);
}

/* The verdict table of (audit, nr) over the classes of the arguments it
 * reads, compressed; NULL when the verdict does not depend on them.  It
 * does not depend on the default action, so it is built once. */
struct verdict_table *verdict_table_for(const struct sc_filter_stack *s,
                                        const struct prog_consts *k,
                                        uint32_t audit, uint32_t nr, bool is64)
{
        struct probe p = { .s = s, .d = { .nr = nr, .arch = audit } };
        unsigned touched = 0;
        struct verdict_table *t;

        sc_stack_run_traced(s, &p.d, &touched);
        if (!(touched & 0x3f))
                return NULL;
        t = xcalloc(1, sizeof(*t));
        verdict_table_build(t, &p, k, is64, touched);
        bool uniform = true;
        for (size_t c = 1; c < t->n_cells && uniform; c++)
                uniform = t->v[c] == t->v[0];
        if (uniform) {
                verdict_table_clear(t);
                free(t);
                return NULL;
        }
        verdict_table_compress(t);
        return t;
}

/* The rules of one syscall for a profile whose default is fallback. */
void syscall_rules_build(const struct verdict_table *t, uint32_t ret0,
                         uint32_t fallback, struct syscall_rules *fn,
                         size_t *visits)
{
        *fn = (struct syscall_rules){ .ret = ret0 };
        if (t) {
                fn->cond = true;
                fn->fallback = fallback;
                verdict_table_cover(t, fallback, fn, visits);
        }
        syscall_rules_key(fn);
}
