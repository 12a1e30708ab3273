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

void u64set_add(struct u64set *s, uint64_t v);
/* Sort and drop repeats. */
void u64set_uniq(struct u64set *s);
bool u64set_has(const struct u64set *s, uint64_t v);
void u64set_clear(struct u64set *s);

/* ---- 1. constants ---- */

struct prog_consts {
        struct u64set arch, nr;
        /* [arg][0 = low word, 1 = high word] */
        struct u64set word[6][2];
        /* masked compares: (mask << 32) | datum */
        struct u64set masked[6][2];
        bool little_endian; /* argument words: low word first */
        /* memo of the per-argument classes and probe values: they depend
         * only on the constants, not on the syscall ([arg][is64]) */
        struct class_memo *memo;
};

struct class_memo {
        bool have_breakpoints[6][2], have_probe_vals[6][2];
        struct u64set breakpoints[6][2]; /* interval_breakpoints() */
        struct u64set probe_vals[6][2];
};

void prog_consts_clear(struct prog_consts *k);
void prog_consts_scan(struct prog_consts *k, const struct sc_filter_stack *s);
void prog_consts_merge(struct prog_consts *dst, const struct prog_consts *src);

/* ---- 2. argument classes ---- */

struct arg_classes {
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

void arg_classes_clear(struct arg_classes *a);
void arg_classes_build(struct arg_classes *a, struct probe *p,
                       const struct prog_consts *k, unsigned i, bool is64);
/* Every probe value of argument i, added to out: both ends of every
 * interval and the mask probes. */
void probe_values(const struct prog_consts *k, unsigned i, bool is64,
                  struct u64set *out);

#endif
