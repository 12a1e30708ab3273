/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Steps 1 and 2 of the decompiler (see decompile.c's outline), shared with
 * the comparison grid (compare.c): the constants a stack of programs
 * compares seccomp_data words with, and the classes of argument values
 * those constants cut each argument into.
 */
#include "argclass.h"
#include "seccomp-vocab.h"

/* Bound on the interval classes of one argument. */
#define MAX_CLASSES 512U

void u64set_add(struct u64set *s, uint64_t v)
{
        GROW(s->v, s->n, s->alloc);
        s->v[s->n++] = v;
}

static int u64_cmp(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
        return x < y ? -1 : x > y;
}

void u64set_uniq(struct u64set *s)
{
        size_t j = 0;
        if (!s->n)
                return;
        qsort(s->v, s->n, sizeof(uint64_t), u64_cmp);
        for (size_t i = 1; i < s->n; i++)
                if (s->v[i] != s->v[j])
                        s->v[++j] = s->v[i];
        s->n = j + 1;
}

bool u64set_has(const struct u64set *s, uint64_t v)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->v[i] == v)
                        return true;
        return false;
}

void u64set_clear(struct u64set *s)
{
        free(s->v);
        *s = (struct u64set){ 0 };
}

/* ---- 1. constants ---- */

#define N_CONST_SETS (2 + 6 * 2 * 2)

/* Every set of constants in k, always in the same order, so freeing,
 * sorting and merging are one loop each. */
static size_t const_sets(struct prog_consts *k, struct u64set **out)
{
        size_t n = 0;
        out[n++] = &k->arch;
        out[n++] = &k->nr;
        for (size_t i = 0; i < 6; i++)
                for (size_t h = 0; h < 2; h++) {
                        out[n++] = &k->word[i][h];
                        out[n++] = &k->masked[i][h];
                }
        return n;
}

void prog_consts_clear(struct prog_consts *k)
{
        if (k->memo) {
                for (size_t i = 0; i < 6; i++)
                        for (size_t h = 0; h < 2; h++) {
                                free(k->memo->breakpoints[i][h].v);
                                free(k->memo->probe_vals[i][h].v);
                        }
                free(k->memo);
                k->memo = NULL;
        }
        struct u64set *sets[N_CONST_SETS];
        size_t n = const_sets(k, sets);
        for (size_t j = 0; j < n; j++)
                u64set_clear(sets[j]);
}

/* What A holds on entry to an instruction: a seccomp_data word (offset),
 * ANDed with mask (0: not masked). */
struct acc_origin {
        bool reached;
        int64_t src;    /* offset, or -1: something else */
        uint32_t mask;
};

static void acc_origin_join(struct acc_origin *to,
                            const struct acc_origin *from)
{
        if (!to->reached) {
                *to = *from;
                return;
        }
        if (to->src != from->src || to->mask != from->mask) {
                to->src = -1;
                to->mask = 0;
        }
}

/* Which constants the program compares with which seccomp_data word.
 * Jumps only go forward, so one pass in program order sees every
 * predecessor of an instruction before the instruction: A's origin is
 * known exactly where all paths agree, and dead code is skipped. */
static void prog_consts_scan_filter(struct prog_consts *k,
                                    const struct sc_filter *f)
{
        _cleanup_free_ struct acc_origin *origin_at =
                xcalloc(f->n + 1, sizeof(*origin_at));

        origin_at[0] = (struct acc_origin){ .reached = true, .src = -1 };
        for (size_t pc = 0; pc < f->n; pc++) {
                const struct sc_insn *in = &f->insns[pc];
                uint16_t c = in->code;
                struct acc_origin a = origin_at[pc];

                if (!a.reached)
                        continue;
                if (c == (SC_BPF_LD | SC_BPF_W | SC_BPF_ABS)) {
                        a.src = in->k;
                        a.mask = 0;
                } else if (c == (SC_BPF_ALU | SC_BPF_AND | SC_BPF_K)) {
                        a.mask = a.mask ? (a.mask & in->k) : in->k;
                } else if (SC_BPF_CLASS(c) == SC_BPF_RET) {
                        continue;
                } else if (SC_BPF_CLASS(c) == SC_BPF_JMP) {
                        if (SC_BPF_OP(c) == SC_BPF_JA) {
                                if (pc + 1 + in->k < f->n)
                                        acc_origin_join(&origin_at[pc + 1 + in->k], &a);
                                continue;
                        }
                        if (SC_BPF_SRC(c) == SC_BPF_K) {
                                int64_t src = a.src;
                                uint32_t mask = a.mask;
                                if (src == SC_OFF_ARCH && !mask)
                                        u64set_add(&k->arch, in->k);
                                else if (src == SC_OFF_NR && !mask)
                                        u64set_add(&k->nr, in->k);
                                else if (src >= SC_OFF_ARGS &&
                                         src < SC_SECCOMP_DATA_SIZE) {
                                        unsigned i = (unsigned)(src - SC_OFF_ARGS) / 8;
                                        bool upper = (src % 8) != 0;
                                        unsigned h = upper == k->little_endian;
                                        if (SC_BPF_OP(c) == SC_BPF_JSET)
                                                u64set_add(&k->masked[i][h],
                                                           (uint64_t)in->k << 32);
                                        else if (mask)
                                                u64set_add(&k->masked[i][h],
                                                           ((uint64_t)mask << 32) |
                                                                (in->k & mask));
                                        else
                                                u64set_add(&k->word[i][h], in->k);
                                }
                        }
                        if (pc + 1 + in->jt < f->n)
                                acc_origin_join(&origin_at[pc + 1 + in->jt], &a);
                        if (pc + 1 + in->jf < f->n)
                                acc_origin_join(&origin_at[pc + 1 + in->jf], &a);
                        continue;
                } else if (SC_BPF_CLASS(c) != SC_BPF_ST &&
                           SC_BPF_CLASS(c) != SC_BPF_STX &&
                           !(SC_BPF_CLASS(c) == SC_BPF_LDX) &&
                           !(SC_BPF_CLASS(c) == SC_BPF_MISC &&
                             SC_BPF_MISCOP(c) == SC_BPF_TAX)) {
                        a.src = -1;
                        a.mask = 0;
                }
                acc_origin_join(&origin_at[pc + 1], &a);
        }
}

void prog_consts_scan(struct prog_consts *k, const struct sc_filter_stack *s)
{
        /* first the arch values, for the byte order of argument words */
        k->little_endian = true;
        for (size_t i = 0; i < s->n; i++) {
                const struct sc_filter *f = s->f[i];
                for (size_t pc = 0; pc + 1 < f->n; pc++)
                        if (f->insns[pc].code ==
                                    (SC_BPF_LD | SC_BPF_W | SC_BPF_ABS) &&
                            f->insns[pc].k == SC_OFF_ARCH &&
                            f->insns[pc + 1].code ==
                                    (SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K)) {
                                k->little_endian =
                                        sc_audit_arch_is_le(f->insns[pc + 1].k);
                                goto found;
                        }
        }
found:
        if (!k->memo)
                k->memo = xcalloc(1, sizeof(*k->memo));
        for (size_t i = 0; i < s->n; i++)
                prog_consts_scan_filter(k, s->f[i]);
        struct u64set *sets[N_CONST_SETS];
        size_t n = const_sets(k, sets);
        for (size_t j = 0; j < n; j++)
                u64set_uniq(sets[j]);
}

void prog_consts_merge(struct prog_consts *dst, const struct prog_consts *src)
{
        struct u64set *to[N_CONST_SETS], *from[N_CONST_SETS];
        size_t n = const_sets(dst, to);

        /* const_sets() only takes the sets' addresses: src is not written */
        const_sets((struct prog_consts *)src, from);
        for (size_t j = 0; j < n; j++) {
                for (size_t v = 0; v < from[j]->n; v++)
                        u64set_add(to[j], from[j]->v[v]);
                u64set_uniq(to[j]);
        }
}

/* ---- 2. argument classes ---- */

void arg_classes_clear(struct arg_classes *a)
{
        free(a->lo);
        free(a->hi);
        free(a->datum);
        free(a->rep);
        *a = (struct arg_classes){ 0 };
}

static void add_breakpoint(struct u64set *bp, uint64_t v, uint64_t max)
{
        if (v <= max)
                u64set_add(bp, v);
}

/* Interval classes of argument i in [0, max]. */
static void interval_breakpoints(const struct prog_consts *k, unsigned i,
                                 uint64_t max, struct u64set *ret)
{
        struct u64set hi_words = { 0 }, lo_words = { 0 }, bp = { 0 };
        bool is64 = max == UINT64_MAX;

        u64set_add(&hi_words, 0);
        u64set_add(&lo_words, 0);
        u64set_add(&lo_words, UINT32_MAX);
        for (size_t j = 0; j < k->word[i][0].n; j++)
                u64set_add(&lo_words, k->word[i][0].v[j]);
        for (size_t j = 0; j < k->masked[i][0].n; j++)
                u64set_add(&lo_words, k->masked[i][0].v[j] & UINT32_MAX);
        if (is64) {
                for (size_t j = 0; j < k->word[i][1].n; j++)
                        u64set_add(&hi_words, k->word[i][1].v[j]);
                for (size_t j = 0; j < k->masked[i][1].n; j++)
                        u64set_add(&hi_words, k->masked[i][1].v[j] & UINT32_MAX);
        }
        u64set_uniq(&hi_words);
        u64set_uniq(&lo_words);
        add_breakpoint(&bp, 0, max);
        for (size_t h = 0; h < hi_words.n; h++) {
                add_breakpoint(&bp, hi_words.v[h] << 32, max);
                if (hi_words.v[h] < UINT32_MAX)
                        add_breakpoint(&bp, (hi_words.v[h] + 1) << 32, max);
                for (size_t l = 0; l < lo_words.n; l++) {
                        uint64_t v = (hi_words.v[h] << 32) | lo_words.v[l];
                        add_breakpoint(&bp, v, max);
                        if (v < max)
                                add_breakpoint(&bp, v + 1, max);
                }
        }
        u64set_uniq(&bp);
        if (bp.n > MAX_CLASSES)
                bp.n = MAX_CLASSES;
        u64set_clear(&hi_words);
        u64set_clear(&lo_words);
        *ret = bp;
}

/* Interval classes of argument i in [0, max]. */
static void arg_classes_intervals(struct arg_classes *a,
                                  const struct prog_consts *k, unsigned i,
                                  uint64_t max)
{
        unsigned w = max == UINT64_MAX;
        struct u64set *bp = &k->memo->breakpoints[i][w];

        if (!k->memo->have_breakpoints[i][w]) {
                interval_breakpoints(k, i, max, bp);
                k->memo->have_breakpoints[i][w] = true;
        }
        a->mask_mode = false;
        a->n = bp->n;
        a->lo = xcalloc(bp->n + 1, sizeof(uint64_t));
        a->hi = xcalloc(bp->n + 1, sizeof(uint64_t));
        a->rep = xcalloc(bp->n + 1, sizeof(uint64_t));
        for (size_t j = 0; j < bp->n; j++) {
                a->lo[j] = bp->v[j];
                a->hi[j] = j + 1 < bp->n ? bp->v[j + 1] - 1 : max;
                a->rep[j] = bp->v[j];
        }
}

/* 64-bit (mask, datum) candidates for argument i. */
static void mask_candidates(const struct prog_consts *k, unsigned i, bool is64,
                            struct u64set *ret_m, struct u64set *ret_d)
{
        const struct u64set *lo = &k->masked[i][0], *hi = &k->masked[i][1];
        size_t nh = is64 ? hi->n + 1 : 1;

        for (size_t h = 0; h < nh; h++) {
                uint64_t mh = 0, dh = 0;
                if (h < nh - 1) {
                        mh = hi->v[h] >> 32;
                        dh = hi->v[h] & UINT32_MAX;
                }
                for (size_t l = 0; l <= lo->n; l++) {
                        uint64_t ml = 0, dl = 0;
                        if (l < lo->n) {
                                ml = lo->v[l] >> 32;
                                dl = lo->v[l] & UINT32_MAX;
                        }
                        uint64_t m = (mh << 32) | ml;
                        if (!m)
                                continue;
                        u64set_add(ret_m, m);
                        u64set_add(ret_d, (dh << 32) | dl);
                }
        }
}

static void arg_classes_masked(struct arg_classes *a,
                               const struct prog_consts *k, unsigned i,
                               bool is64, uint64_t m)
{
        struct u64set masks = { 0 }, datums = { 0 }, mask_datums = { 0 };
        uint64_t max = is64 ? UINT64_MAX : UINT32_MAX;

        mask_candidates(k, i, is64, &masks, &datums);
        for (size_t j = 0; j < masks.n; j++)
                if (masks.v[j] == m)
                        u64set_add(&mask_datums, datums.v[j] & m);
        u64set_uniq(&mask_datums);
        a->mask_mode = true;
        a->mask = m;
        a->n = mask_datums.n;
        a->datum = xcalloc(mask_datums.n + 1, sizeof(uint64_t));
        a->rep = xcalloc(mask_datums.n + 1, sizeof(uint64_t));
        for (size_t j = 0; j < mask_datums.n; j++)
                a->datum[j] = a->rep[j] = mask_datums.v[j];
        /* a value whose masked bits match no datum */
        uint64_t cands[] = { 0, m, m & -m, max, ~m & max, m ^ (m & -m) };
        for (size_t c = 0; c < ELEMENTSOF(cands); c++)
                if (!u64set_has(&mask_datums, cands[c] & m)) {
                        a->has_other = true;
                        a->rep[a->n++] = cands[c];
                        break;
                }
        u64set_clear(&masks);
        u64set_clear(&datums);
        u64set_clear(&mask_datums);
}

static size_t interval_class(const struct arg_classes *a, uint64_t v)
{
        size_t lo = 0, hi = a->n;
        while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (a->lo[mid] <= v)
                        lo = mid;
                else
                        hi = mid;
        }
        return lo;
}

static uint32_t probe_arg(struct probe *p, unsigned i, uint64_t v,
                          unsigned *touched)
{
        uint64_t saved = p->d.args[i];
        p->d.args[i] = v;
        uint32_t r = sc_stack_run_traced(p->s, &p->d, touched);
        p->d.args[i] = saved;
        return r;
}

static size_t mask_class(const struct arg_classes *a, uint64_t v)
{
        for (size_t j = 0; j < a->n; j++)
                if (!(a->has_other && j == a->n - 1) &&
                    (v & a->mask) == a->datum[j])
                        return j;
        return a->n - 1;
}

/* How many of the probe values a model of the classes mispredicts. */
static size_t arg_classes_misses(const struct arg_classes *a, struct probe *p,
                                 unsigned i, const struct u64set *vals)
{
        size_t misses = 0;
        unsigned t = 0;
        for (size_t j = 0; j < vals->n; j++) {
                size_t cls = a->mask_mode ? mask_class(a, vals->v[j])
                                          : interval_class(a, vals->v[j]);
                if (a->mask_mode && !a->has_other &&
                    (vals->v[j] & a->mask) != a->datum[cls])
                        misses++;
                else if (probe_arg(p, i, vals->v[j], &t) !=
                         probe_arg(p, i, a->rep[cls], &t))
                        misses++;
        }
        return misses;
}

/* Build the classes of argument i for the syscall in p (other arguments
 * as in p->d): intervals, unless a mask model (MASKED_EQ) predicts the
 * verdicts at the probe values better. */
void arg_classes_build(struct arg_classes *a, struct probe *p,
                       const struct prog_consts *k, unsigned i, bool is64)
{
        uint64_t max = is64 ? UINT64_MAX : UINT32_MAX;
        struct u64set masks = { 0 }, datums = { 0 }, vals = { 0 };

        arg_classes_intervals(a, k, i, max);
        mask_candidates(k, i, is64, &masks, &datums);
        if (masks.n == 0)
                goto out;
        probe_values(k, i, is64, &vals);
        size_t best = arg_classes_misses(a, p, i, &vals);
        u64set_uniq(&masks);
        for (size_t j = 0; j < masks.n && best > 0; j++) {
                struct arg_classes m = { 0 };
                arg_classes_masked(&m, k, i, is64, masks.v[j]);
                size_t misses = arg_classes_misses(&m, p, i, &vals);
                if (misses < best) {
                        best = misses;
                        arg_classes_clear(a);
                        *a = m;
                } else {
                        arg_classes_clear(&m);
                }
        }
out:
        u64set_clear(&masks);
        u64set_clear(&datums);
        u64set_clear(&vals);
}

/* Every probe value of argument i: both ends of every interval and the
 * mask probes. */
static void probe_values_build(const struct prog_consts *k, unsigned i,
                               bool is64, struct u64set *out);

void probe_values(const struct prog_consts *k, unsigned i, bool is64,
                  struct u64set *out)
{
        struct u64set *pv = &k->memo->probe_vals[i][is64];
        if (!k->memo->have_probe_vals[i][is64]) {
                probe_values_build(k, i, is64, pv);
                k->memo->have_probe_vals[i][is64] = true;
        }
        for (size_t j = 0; j < pv->n; j++)
                u64set_add(out, pv->v[j]);
}

static void probe_values_build(const struct prog_consts *k, unsigned i,
                               bool is64, struct u64set *out)
{
        struct arg_classes a = { 0 };
        struct u64set masks = { 0 }, datums = { 0 };
        uint64_t max = is64 ? UINT64_MAX : UINT32_MAX;

        arg_classes_intervals(&a, k, i, max);
        for (size_t j = 0; j < a.n; j++) {
                u64set_add(out, a.lo[j]);
                u64set_add(out, a.hi[j]);
        }
        mask_candidates(k, i, is64, &masks, &datums);
        for (size_t j = 0; j < masks.n; j++) {
                uint64_t m = masks.v[j], d = datums.v[j] & m;
                u64set_add(out, d);
                u64set_add(out, (d | ~m) & max);
                u64set_add(out, d ^ (m & -m));
                u64set_add(out, m);
        }
        u64set_uniq(out);
        arg_classes_clear(&a);
        u64set_clear(&masks);
        u64set_clear(&datums);
}
