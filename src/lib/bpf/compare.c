/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The differential grid (see compare.h): where two stacks of programs can
 * answer differently, and the comparison of their verdicts there.
 */
#include "compare.h"
#include "syscalls.h"

/* Argument vectors compared per syscall: a bound for hostile programs
 * (real ones stay far below). */
#define CMP_POINTS 4096U

/* Which arches (sections) sit on an audit value. */
size_t arches_on_audit(uint32_t audit, enum sc_arch out[2])
{
        size_t n = 0;
        for (int a = 0; a < _SC_ARCH_MAX; a++)
                if (sc_arch_info((enum sc_arch)a)->audit_arch == audit &&
                    sc_syscall_arch_has_table((enum sc_arch)a) && n < 2)
                        out[n++] = (enum sc_arch)a;
        return n;
}

uint32_t foreign_audit_arch(const struct u64set *arches)
{
        uint32_t v = 0x4000002aU;
        while (u64set_has(arches, v) || sc_arch_from_audit(v) != SC_ARCH_INVALID)
                v += 0x101;
        return v;
}

static void grid_nrs(uint32_t audit, const struct prog_consts *k,
                     struct u64set *nrs)
{
        enum sc_arch on[2];
        size_t n = arches_on_audit(audit, on);

        for (size_t i = 0; i < n; i++) {
                uint64_t off = sc_arch_info(on[i])->nr_offset;
                uint64_t top = sc_syscall_max_nr(on[i]) + GRID_NR_MARGIN;
                for (uint64_t nr = 0; nr <= top; nr++)
                        u64set_add(nrs, off + nr);
        }
        if (!n)
                for (uint64_t nr = 0; nr < 8; nr++)
                        u64set_add(nrs, nr);
        for (size_t i = 0; i < k->nr.n; i++) {
                u64set_add(nrs, k->nr.v[i]);
                u64set_add(nrs, (k->nr.v[i] + 1) & UINT32_MAX);
                u64set_add(nrs, (k->nr.v[i] - 1) & UINT32_MAX);
        }
        u64set_add(nrs, UINT32_MAX);
        u64set_add(nrs, 0x80000000U);
        u64set_add(nrs, SC_X32_SYSCALL_BIT);
        u64set_add(nrs, SC_X32_SYSCALL_BIT - 1);
        u64set_uniq(nrs);
}

struct cmp_ctx {
        const struct sc_filter_stack *a, *b;
        void (*cb)(const struct sc_verdict_diff *d, void *ud);
        void *ud;
        size_t checked, diffs;
};

static void cmp_point(struct cmp_ctx *c, const struct sc_seccomp_data *d,
                      unsigned *touched)
{
        uint32_t va = sc_stack_run_traced(c->a, d, touched);
        uint32_t vb = sc_stack_run_traced(c->b, d, touched);
        c->checked++;
        if (va != vb) {
                c->diffs++;
                if (c->cb) {
                        struct sc_verdict_diff diff = { .audit_arch = d->arch,
                                                        .nr = d->nr,
                                                        .a = va, .b = vb };
                        memcpy(diff.args, d->args, sizeof(diff.args));
                        c->cb(&diff, c->ud);
                }
        }
}

static void cmp_syscall(struct cmp_ctx *c, const struct prog_consts *k,
                        uint32_t audit, uint32_t nr, bool is64)
{
        struct sc_seccomp_data d = { .nr = nr, .arch = audit };
        struct u64set vals[6] = { { 0 } };
        unsigned touched = 0, have = 0;
        size_t before = c->diffs;

        cmp_point(c, &d, &touched);
        for (size_t i = 0; i < 6; i++)
                d.args[i] = is64 ? UINT64_MAX : UINT32_MAX;
        cmp_point(c, &d, &touched);
        touched &= 0x3f;
        /* grow the set of arguments read to a fixpoint, comparing over the
         * product of their probe values (bounded) */
        while ((touched & ~have) && c->diffs == before) {
                unsigned args[6];
                size_t n_args = 0, n = 1;
                have = touched;
                for (unsigned i = 0; i < 6; i++)
                        if (have & (1U << i)) {
                                if (!vals[i].n)
                                        probe_values(k, i, is64, &vals[i]);
                                args[n_args++] = i;
                                n *= vals[i].n;
                        }
                /* past CMP_POINTS, an evenly spread sample of the product
                 * (only hostile programs read many arguments this way) */
                size_t step = n > CMP_POINTS ? n / CMP_POINTS : 1;
                for (size_t cell = 0; cell < n; cell += step) {
                        size_t q = cell;
                        d = (struct sc_seccomp_data){ .nr = nr, .arch = audit };
                        for (size_t j = n_args; j-- > 0;) {
                                d.args[args[j]] =
                                        vals[args[j]].v[q % vals[args[j]].n];
                                q /= vals[args[j]].n;
                        }
                        cmp_point(c, &d, &touched);
                }
                touched &= 0x3f;
        }
        for (size_t i = 0; i < 6; i++)
                u64set_clear(&vals[i]);
}

static bool audit_is64(uint32_t audit)
{
        enum sc_arch a = sc_arch_from_audit(audit);
        return a == SC_ARCH_INVALID || sc_arch_info(a)->is_64bit;
}

size_t sc_stack_compare(const struct sc_filter_stack *a,
                        const struct sc_filter_stack *b, enum sc_arch target,
                        void (*cb)(const struct sc_verdict_diff *d, void *ud),
                        void *ud, size_t *ret_checked)
{
        struct prog_consts ka = { 0 }, kb = { 0 };
        struct u64set arches = { 0 };
        struct cmp_ctx c = { .a = a, .b = b, .cb = cb, .ud = ud };

        prog_consts_scan(&ka, a);
        prog_consts_scan(&kb, b);
        prog_consts_merge(&ka, &kb);
        /* every arch value we have a table for; of the others (not real
         * arches: every number answers alike there unless the program is
         * hostile) a few */
        size_t n_unknown = 0;
        for (size_t i = 0; i < ka.arch.n; i++)
                if (sc_arch_from_audit((uint32_t)ka.arch.v[i]) != SC_ARCH_INVALID ||
                    n_unknown++ < 8)
                        u64set_add(&arches, ka.arch.v[i]);
        if (target != SC_ARCH_INVALID)
                u64set_add(&arches, sc_arch_info(target)->audit_arch);
        u64set_uniq(&arches);
        u64set_add(&arches, foreign_audit_arch(&arches));
        for (size_t i = 0; i < arches.n; i++) {
                uint32_t audit = (uint32_t)arches.v[i];
                struct u64set nrs = { 0 };
                grid_nrs(audit, &ka, &nrs);
                for (size_t j = 0; j < nrs.n; j++)
                        cmp_syscall(&c, &ka, audit, (uint32_t)nrs.v[j],
                                    audit_is64(audit));
                u64set_clear(&nrs);
        }
        u64set_clear(&arches);
        prog_consts_clear(&ka);
        prog_consts_clear(&kb);
        if (ret_checked)
                *ret_checked = c.checked;
        return c.diffs;
}
