/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler: every syscall's verdict (a return value or an argument
 * block), and the verdict as a step function of the syscall number per
 * audit arch, the ranges the number dispatch is planned over
 * (compile-internal.h has the map of the compiler's files).
 */
#include "compile-internal.h"

/* ---- verdicts as a function of nr ---- */

static uint64_t block_for(struct ctx *c, const struct sysent *e, bool is64)
{
        for (size_t i = 0; i < c->n_blocks; i++) {
                const struct block *b = &c->blocks[i];
                bool same = b->n == e->n_rules && b->is64 == is64;
                for (size_t j = 0; same && j < b->n; j++)
                        same = crule_same_conds(&b->rules[j], &e->rules[j]) &&
                               b->rules[j].ret == e->rules[j].ret;
                if (same)
                        return VERDICT_BLOCK | i;
        }
        GROW(c->blocks, c->n_blocks, c->alloc_blocks);
        c->blocks[c->n_blocks] = (struct block){ .rules = e->rules,
                                                 .n = e->n_rules,
                                                 .fallback = c->default_ret,
                                                 .is64 = is64,
                                                 .label = SIZE_MAX };
        return VERDICT_BLOCK | c->n_blocks++;
}

struct lsc_order {
        struct sysent *e;
        unsigned nodes;
        uint32_t nr;  /* libseccomp's number: x32 ones with bit 30 */
        size_t seq;
};

/* linear program: fewest nodes first, ties in number order */
static int lsc_order_cmp(const void *a, const void *b)
{
        const struct lsc_order *x = a, *y = b;
        if (x->nodes != y->nodes)
                return x->nodes < y->nodes ? -1 : 1;
        return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* binary tree: by number, largest first */
static int lsc_order_tree_cmp(const void *a, const void *b)
{
        const struct lsc_order *x = a, *y = b;
        return x->nr > y->nr ? -1 : x->nr < y->nr;
}

/* runc 1.1.5 asks libseccomp for its binary tree when the profile has
 * more than 32 entries (one per name: runc splits rules by name). */
bool runc_tree(const struct ctx *c)
{
        size_t n = 0;
        if (c->o->compat == SC_COMPAT_CRUN)
                return false;
        for (size_t i = 0; i < c->p->n_rules; i++)
                n += c->p->rules[i].n_names;
        return n > 32;
}

static int sysent_nr_cmp(const void *a, const void *b)
{
        const struct sysent *const *x = a, *const *y = b;
        return (*x)->nr < (*y)->nr ? -1 : (*x)->nr > (*y)->nr;
}

/* libseccomp generates the programs of all syscalls of the filter into one
 * table of blocks (identical blocks shared, across arches too) and lays it
 * out from the end of its list: the arches in reverse order of the
 * filter's (x32 goes with x86_64, after it), in each the syscalls from the
 * most nodes to the fewest, ties by descending number (linear program,
 * crun) or by ascending number (binary tree, runc with over 32 entries).
 * That order decides which blocks get a reload (lsc-tree.h), so it is
 * reproduced here. */
static void lsc_generate(struct ctx *c)
{
        _cleanup_free_ struct lsc_order *ord = NULL;
        _cleanup_free_ struct lsc_tgt *entries = NULL;
        _cleanup_free_ struct sysent **tmp = NULL;
        size_t n_ent = 0, n_ord = 0;
        bool *done = xcalloc(c->n_secs + 1, sizeof(bool));
        const bool tree = runc_tree(c);

        c->gen = lsc_gen_new(c->default_ret);
        /* Sized by the entries that have a libseccomp tree (about 30 of
         * Docker's 950): sized by every entry, these arrays were 38 KB of
         * fresh heap and 8 page faults per compile. */
        for (size_t i = 0; i < c->n_secs; i++)
                for (size_t j = 0; j < c->secs[i].n_ents; j++)
                        n_ent += c->secs[i].ents[j].lsc != NULL;
        ord = xcalloc(n_ent + 1, sizeof(*ord));
        entries = xcalloc(n_ent + 1, sizeof(*entries));
        tmp = xcalloc(n_ent + 1, sizeof(*tmp));
        /* units of the list, in filter order */
        size_t n_units = 0, unit_start[32], unit_end[32];
        for (size_t i = 0; i < c->n_secs && n_units < 32; i++) {
                if (done[i])
                        continue;
                size_t start = n_ord;
                for (size_t pass = 0; pass < 2; pass++) {
                        size_t k = i;
                        if (pass == 1) {
                                /* x86_64 and x32 are one unit */
                                k = SIZE_MAX;
                                enum sc_arch a = c->secs[i].arch;
                                for (size_t j = i + 1; j < c->n_secs; j++)
                                        if ((a == SC_ARCH_X86_64 &&
                                             c->secs[j].arch == SC_ARCH_X32) ||
                                            (a == SC_ARCH_X32 &&
                                             c->secs[j].arch == SC_ARCH_X86_64))
                                                k = j;
                                if (k == SIZE_MAX)
                                        break;
                        }
                        done[k] = true;
                        struct section *s = &c->secs[k];
                        size_t m = 0;
                        for (size_t j = 0; j < s->n_ents; j++)
                                if (s->ents[j].lsc)
                                        tmp[m++] = &s->ents[j];
                        qsort(tmp, m, sizeof(tmp[0]), sysent_nr_cmp);
                        for (size_t j = 0; j < m; j++) {
                                tmp[j]->entry = lsc_gen_add(c->gen, tmp[j]->lsc);
                                if (tmp[j]->entry.is_ret)
                                        continue;
                                ord[n_ord] = (struct lsc_order){
                                        .e = tmp[j],
                                        .nodes = lsc_sys_nodes(tmp[j]->lsc),
                                        .nr = tmp[j]->nr + s->info->nr_offset,
                                        .seq = n_ord };
                                n_ord++;
                        }
                }
                qsort(ord + start, n_ord - start, sizeof(ord[0]),
                      tree ? lsc_order_tree_cmp : lsc_order_cmp);
                unit_start[n_units] = start;
                unit_end[n_units++] = n_ord;
        }
        free(done);
        size_t n = 0;
        for (size_t u = n_units; u-- > 0;)
                for (size_t j = unit_end[u]; j-- > unit_start[u];)
                        entries[n++] = ord[j].e->entry;
        lsc_gen_layout(c->gen, entries, n);
}

/* The same program as an existing block's, or a new block. */
static uint64_t lsc_block_for(struct ctx *c, const struct sysent *e)
{
        struct lsc_prog prog;

        if (e->entry.is_ret)
                return e->entry.v;
        lsc_gen_program(c->gen, e->entry, &prog);
        for (size_t i = 0; i < c->n_blocks; i++)
                if (lsc_prog_equal(&c->blocks[i].prog, &prog)) {
                        lsc_prog_clear(&prog);
                        return VERDICT_BLOCK | i;
                }
        GROW(c->blocks, c->n_blocks, c->alloc_blocks);
        c->blocks[c->n_blocks] = (struct block){ .prog = prog,
                                                 .fallback = c->default_ret,
                                                 .label = SIZE_MAX };
        return VERDICT_BLOCK | c->n_blocks++;
}

void compute_verdicts(struct ctx *c)
{
        if (!c->literal) {
                lsc_generate(c);
                if (c->o->warn_departures)
                        find_departures(c);
        }
        for (size_t i = 0; i < c->n_secs; i++) {
                struct section *s = &c->secs[i];
                /* no syscall number in the accumulator: every number
                 * test of the section compares the arch value and fails */
                const bool blind = !c->literal && section_lacks_nr_load(c, s);
                for (size_t j = 0; j < s->n_ents; j++) {
                        struct sysent *e = &s->ents[j];
                        if (blind)
                                e->verdict = c->default_ret;
                        else if (e->lsc)
                                e->verdict = lsc_block_for(c, e);
                        else if (e->uncond)
                                e->verdict = e->uncond_ret;
                        else if (e->n_rules == 0)
                                e->verdict = c->default_ret;
                        else
                                e->verdict = block_for(c, e, s->info->is_64bit);
                }
        }
}

void build_groups(struct ctx *c)
{
        c->groups = xcalloc(c->n_secs, sizeof(*c->groups));
        for (size_t i = 0; i < c->n_secs; i++) {
                struct section *s = &c->secs[i];
                struct group *g = NULL;
                for (size_t j = 0; j < c->n_groups; j++)
                        if (c->groups[j].audit == s->info->audit_arch)
                                g = &c->groups[j];
                if (!g) {
                        g = &c->groups[c->n_groups++];
                        g->audit = s->info->audit_arch;
                }
                if (s->arch == SC_ARCH_X32)
                        g->x32 = s;
                else
                        g->main = s;
        }
}

/* Neither runc 1.1.5 (seccomp_linux.go InitSeccomp) nor crun 1.8.1
 * (libcrun_generate_seccomp) sets SCMP_FLTATR_ACT_BADARCH: it stays
 * libseccomp's default, SCMP_ACT_KILL, which is kill-thread. */
uint32_t bad_arch_ret(const struct ctx *c)
{
        return c->o->bad_arch_set ? c->o->bad_arch_ret : SC_RET_KILL_THREAD;
}

static uint64_t section_verdict(const struct ctx *c, const struct section *s,
                                uint32_t nr)
{
        uint32_t off = s->info->nr_offset;
        int32_t i = nr < off ? -1 : sysent_find(s, nr - off);
        return i < 0 ? c->default_ret : s->ents[i].verdict;
}

static bool group_is_x86_64(const struct group *g)
{
        return g->audit == sc_arch_info(SC_ARCH_X86_64)->audit_arch;
}

/* x86: g is AUDIT_ARCH_X86_64's (group_is_x86_64(), asked once per
 * group by the caller: this runs for every point) */
static uint64_t verdict_at(const struct ctx *c, const struct group *g,
                           bool x86, uint32_t nr)
{
        bool x32_nr = x86 && nr >= SC_X32_SYSCALL_BIT;

        if (c->stub) {
                /* runc's stub runs before the libseccomp filter; on
                 * x86_64 it picks the x32 or the x86_64 maximum by bit 30
                 * (JSET), and numbers of a mode it has no maximum for go
                 * on to the filter. */
                const struct section *s = g->main;
                if (x86)
                        s = (nr & SC_X32_SYSCALL_BIT) ? g->x32 : g->main;
                else if (!s)
                        s = g->x32;
                if (s && s->stub_max != 0) {
                        if ((s->arch == SC_ARCH_S390 ||
                             s->arch == SC_ARCH_S390X) && nr == 0)
                                return SC_RET_ENOSYS;
                        if (nr > s->stub_max)
                                return SC_RET_ENOSYS;
                }
        }
        /* libseccomp on AUDIT_ARCH_X86_64 (gen_bpf.c): with both x86_64
         * and x32 in the filter there is no mode check at all, each number
         * is looked up among both; with x86_64 alone numbers >=
         * __X32_SYSCALL_BIT get the bad-arch action, except -1 (syscall(-1)
         * must reach the default action); with x32 alone numbers below it
         * do. */
        const struct section *s = g->main;
        if (x86) {
                if (x32_nr && g->x32)
                        s = g->x32;
                else if (x32_nr && nr != UINT32_MAX)
                        s = NULL;
                else if (!x32_nr && !g->main)
                        s = NULL;
        }
        if (!s)
                return bad_arch_ret(c);
        return section_verdict(c, s, nr);
}

/* ---- the numbers where the verdict may change ---- */

/* A sorted set of syscall numbers, without duplicates, in an array
 * sized by its maker. */
struct points {
        uint32_t *v;
        size_t n;
};

static void points_add(struct points *p, uint64_t v)
{
        if (v <= UINT32_MAX)
                p->v[p->n++] = (uint32_t)v;
}

static int u32_cmp(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
        return x < y ? -1 : x > y;
}

static void points_sort(struct points *p)
{
        size_t m = 0;
        qsort(p->v, p->n, sizeof(uint32_t), u32_cmp);
        for (size_t i = 0; i < p->n; i++)
                if (m == 0 || p->v[i] != p->v[m - 1])
                        p->v[m++] = p->v[i];
        p->n = m;
}

/* Table numbers are small (below 1024 on every arch today, ARM's
 * private calls at 0xf0000 aside): a bitmap of nr and nr + 1 for each
 * entry gives them in order without a sort; the few above are sorted. */
#define POINTS_BITMAP_MAX 65536

/* v, unless it is the last point already (sorted input, no repeats). */
static void points_add_new(struct points *p, uint64_t v)
{
        if (p->n == 0 || p->v[p->n - 1] != v)
                points_add(p, v);
}

/* Each entry's number and the one after it, in order (off added), into
 * ret->v with room for 2 * s->n_ents. */
static void section_points(const struct section *s, struct points *ret)
{
        uint64_t off = s->info->nr_offset;
        uint32_t max = 0;
        size_t n_high = 0;

        for (size_t i = 0; i < s->n_ents; i++) {
                if (s->ents[i].nr >= POINTS_BITMAP_MAX)
                        n_high++;
                else if (s->ents[i].nr > max)
                        max = s->ents[i].nr;
        }
        size_t words = (max + 1) / 64 + 1;
        _cleanup_free_ uint64_t *bits = xcalloc(words, sizeof(uint64_t));
        _cleanup_free_ uint32_t *high = xmalloc((n_high + 1) * sizeof(uint32_t));
        n_high = 0;
        for (size_t i = 0; i < s->n_ents; i++) {
                uint32_t nr = s->ents[i].nr;
                if (nr >= POINTS_BITMAP_MAX) {
                        high[n_high++] = nr;
                        continue;
                }
                bits[nr / 64] |= UINT64_C(1) << (nr % 64);
                bits[(nr + 1) / 64] |= UINT64_C(1) << ((nr + 1) % 64);
        }
        for (size_t w = 0; w < words; w++)
                for (uint64_t b = bits[w]; b; b &= b - 1)
                        points_add(ret, off + w * 64 + (unsigned)__builtin_ctzll(b));
        /* all above the bitmap's (at most POINTS_BITMAP_MAX) */
        qsort(high, n_high, sizeof(uint32_t), u32_cmp);
        for (size_t i = 0; i < n_high; i++) {
                points_add_new(ret, off + high[i]);
                points_add_new(ret, off + high[i] + 1);
        }
}

/* The union of sorted sets a and b, into ret->v with room for both. */
static void points_merge(const struct points *a, const struct points *b,
                         struct points *ret)
{
        size_t i = 0, j = 0, n = 0;
        uint32_t *out = ret->v;
        while (i < a->n && j < b->n) {
                uint32_t v = a->v[i] <= b->v[j] ? a->v[i++] : b->v[j++];
                if (n == 0 || out[n - 1] != v)
                        out[n++] = v;
        }
        for (; i < a->n; i++)
                if (n == 0 || out[n - 1] != a->v[i])
                        out[n++] = a->v[i];
        for (; j < b->n; j++)
                if (n == 0 || out[n - 1] != b->v[j])
                        out[n++] = b->v[j];
        ret->n = n;
}

#define FIXED_POINTS 10

/* Where the verdict of group g may change, sorted (free ret->v): the
 * numbers every rule names and the ones after them, the arch's and
 * runc's stub's bounds, x32's modes on x86_64. */
static void group_points(const struct group *g, bool x86, struct points *ret)
{
        const struct section *secs[2] = { g->main, g->x32 };
        size_t n_ents = 0;
        uint32_t fixed_v[FIXED_POINTS];
        struct points fixed = { fixed_v, 0 };

        points_add(&fixed, 0);
        points_add(&fixed, 1);
        if (x86) {
                points_add(&fixed, SC_X32_SYSCALL_BIT);
                points_add(&fixed, 2 * (uint64_t)SC_X32_SYSCALL_BIT);
                points_add(&fixed, 3 * (uint64_t)SC_X32_SYSCALL_BIT);
                points_add(&fixed, UINT32_MAX);
        }
        for (size_t k = 0; k < 2; k++)
                if (secs[k]) {
                        points_add(&fixed, (uint64_t)secs[k]->stub_max + 1);
                        points_add(&fixed, secs[k]->info->nr_offset);
                        n_ents += secs[k]->n_ents;
                }
        points_sort(&fixed);
        /* one block: the sections' points one after the other, then
         * their union, then the result at its start */
        size_t room = 2 * n_ents + FIXED_POINTS;
        uint32_t *v = xmalloc(2 * room * sizeof(uint32_t));
        struct points main = { v, 0 }, x32, both;
        if (g->main)
                section_points(g->main, &main);
        x32 = (struct points){ v + main.n, 0 };
        if (g->x32)
                section_points(g->x32, &x32);
        both = (struct points){ v + room, 0 };
        points_merge(&main, &x32, &both);
        *ret = (struct points){ v, 0 };
        points_merge(&both, &fixed, ret);
}

/* How often a run of numbers is expected to be hit, which decides its
 * depth in the tree: every number of the arch's first 1024 counts (a
 * uniform guess, what `stats` measures), x32 numbers far less (x32
 * binaries are rare).  Runs that lead to argument checks get extra weight
 * so that the checks do not add up with a deep leaf: it bounds the worst
 * case. */
static uint64_t range_weight(const struct group *g, bool x86, uint32_t lo,
                             uint64_t hi, uint64_t verdict)
{
        bool x32 = x86 && lo >= SC_X32_SYSCALL_BIT;
        uint64_t w = x32 ? 1 : 64;
        const struct section *secs[2] = { g->main, g->x32 };

        for (size_t k = 0; k < 2; k++) {
                const struct section *s = secs[k];
                if (!s)
                        continue;
                uint64_t a = s->info->nr_offset, b = a + 1024;
                uint64_t l = lo > a ? lo : a, h = hi < b ? hi : b;
                if (h > l)
                        w += (h - l) * (s->arch == SC_ARCH_X32 ? 1 : 16);
        }
        if ((verdict & VERDICT_BLOCK) && !x32)
                w += 4096;
        return w;
}

size_t build_ranges(const struct ctx *c, const struct group *g,
                    struct range **ret)
{
        struct points pts = { 0 };
        size_t nr = 0;
        uint64_t last = 0;
        const bool x86 = group_is_x86_64(g);

        group_points(g, x86, &pts);
        /* the starts of the runs of equal verdicts, in place (nr <= i);
         * then the ranges, sized exactly */
        for (size_t i = 0; i < pts.n; i++) {
                uint64_t v = verdict_at(c, g, x86, pts.v[i]);
                if (nr > 0 && last == v)
                        continue;
                last = v;
                pts.v[nr++] = pts.v[i];
        }
        struct range *r = xmalloc((nr ? nr : 1) * sizeof(*r));
        for (size_t i = 0; i < nr; i++) {
                uint64_t v = verdict_at(c, g, x86, pts.v[i]);
                r[i] = (struct range){
                        .lo = pts.v[i],
                        .verdict = v,
                        .weight = range_weight(
                                g, x86, pts.v[i],
                                i + 1 < nr ? pts.v[i + 1] : UINT64_C(1) << 32, v),
                };
        }
        free(pts.v);
        *ret = r;
        return nr;
}
