/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The decompiler: seccomp programs -> the OCI profile they enforce.
 *
 * Nothing is pattern-matched: the programs are run (as the kernel runs
 * them) on every syscall number of every architecture they test for, and
 * on argument values at the boundaries of the constants they compare
 * argument words with; the verdicts are then written as a profile.  The
 * result is checked by compiling it (sc_compile) and comparing both
 * programs on the same grid, so callers know whether it is exact.
 *
 * Stacked filters (a process may have several) are combined as the kernel
 * does (sc_stack_run in bpf.h).
 *
 * Pure: no I/O, no kernel calls.
 */
#ifndef SC_DECOMPILE_H
#define SC_DECOMPILE_H

#include "bpf.h"

struct sc_decompile_opts {
        /* The arch whose table names numbers first and that the profile is
         * compiled for when checking it; replaced by the filter's first
         * arch when the filter does not test for it. */
        enum sc_arch target;
        /* Semantics the profile is checked under (runc adds its ENOSYS
         * stub).  With auto_compat both are tried and the exact one kept. */
        enum sc_compat compat;
        bool auto_compat;
};
void sc_decompile_opts_init(struct sc_decompile_opts *o, enum sc_arch target);

struct sc_decompile_result {
        struct sc_profile *profile;
        enum sc_arch target;     /* what the profile was checked for */
        enum sc_compat compat;   /* ... and under which semantics */
        size_t n_checked;        /* grid points compared */
        size_t n_diffs;          /* where the profile's filter differs */
        size_t n_inexact;        /* syscalls the format cannot state exactly */
};
void sc_decompile_result_clear(struct sc_decompile_result *r);

/* Decompile.  Warnings (conditions the OCI format cannot state, names
 * whose verdict differs between arches) go to diags.  -EINVAL when a
 * program fails sc_filter_check or the stack is empty. */
int sc_decompile(const struct sc_filter_stack *s,
                 const struct sc_decompile_opts *o, struct sc_diags *diags,
                 struct sc_decompile_result *ret);

#endif
