/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The constants a stack of seccomp programs compares seccomp_data words
 * with, and the classes of argument values on which every comparison in
 * the programs is constant.  Internal to the decompiler and the
 * comparison grid; pure.
 */
#ifndef SC_ARGCLASS_H
#define SC_ARGCLASS_H

#include "bpf.h"

/* ---- sets of numbers ---- */

struct u64set {
        uint64_t *v;
        size_t n, alloc;
};

void set_add(struct u64set *s, uint64_t v);
/* Sort and drop repeats. */
void set_uniq(struct u64set *s);
bool set_has(const struct u64set *s, uint64_t v);
void set_free(struct u64set *s);

/* ---- 1. constants ---- */

struct kscan {
        struct u64set arch, nr;
        /* [arg][0 = low word, 1 = high word] */
        struct u64set word[6][2];
        /* masked compares: (mask << 32) | datum */
        struct u64set masked[6][2];
        bool le;
        /* memo of the per-argument classes and probe values: they depend
         * only on the constants, not on the syscall ([arg][is64]) */
        struct kmemo *memo;
};

struct kmemo {
        bool have_ivl[6][2], have_pv[6][2];
        struct u64set ivl[6][2]; /* breakpoints */
        struct u64set pv[6][2];
};

void kscan_free(struct kscan *k);
void kscan_stack(struct kscan *k, const struct sc_filter_stack *s);
void merge_kscan(struct kscan *dst, const struct kscan *src);

/* ---- 2. argument classes ---- */

struct argdom {
        bool mask_mode;
        uint64_t mask;
        size_t n;
        uint64_t *lo, *hi;   /* interval mode: class i is [lo, hi] */
        uint64_t *datum;     /* mask mode: class i is (v & mask) == datum */
        bool has_other;      /* mask mode: last class is "anything else" */
        uint64_t *rep;
};

struct probe {
        const struct sc_filter_stack *s;
        struct sc_seccomp_data d;
};

void argdom_free(struct argdom *a);
void argdom_build(struct argdom *a, struct probe *p,
                  const struct kscan *k, unsigned i, bool is64);
/* Every probe value of argument i, added to out: both ends of every
 * interval and the mask probes. */
void probe_values(const struct kscan *k, unsigned i, bool is64,
                  struct u64set *out);

#endif
