/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Comparing two stacks of seccomp programs: do they answer every syscall
 * alike?  Not by sampling: on a grid built from both programs' own
 * constants (the arch values and numbers they test, the boundaries of the
 * constants they compare argument words with), where any difference
 * between two programs shows.  The decompiler checks its result with it;
 * inspect compares a process's filters with a profile's.
 *
 * Pure: no I/O, no kernel calls.
 */
#ifndef SC_COMPARE_H
#define SC_COMPARE_H

#include "argclass.h"
#include "bpf.h"

struct sc_verdict_diff {
        uint32_t audit_arch;
        uint32_t nr;             /* as in seccomp_data (x32 bit, MIPS base) */
        uint64_t args[6];
        uint32_t a, b;           /* the two verdicts */
};

/* Compare two stacks on the differential grid: every arch value either
 * tests for plus target's and a foreign one; numbers 0..max+64 of every
 * table on that arch value, the x32 range, the numbers either compares
 * against, ~0 and bit 31; for each, all arguments zero, all ones, and
 * the boundaries of the constants either compares argument words with
 * (combined over every argument either reads).  cb (may be NULL) is called
 * for each difference.  Returns the number of differences;
 * *ret_checked (may be NULL) gets the number of points compared. */
size_t sc_stack_compare(const struct sc_filter_stack *a,
                        const struct sc_filter_stack *b, enum sc_arch target,
                        void (*cb)(const struct sc_verdict_diff *d, void *ud),
                        void *ud, size_t *ret_checked);

/* ---- the grid, for the decompiler ---- */

/* Syscall numbers past an arch's table the grid includes (runc's ENOSYS
 * stub answers there). */
#define GRID_NR_MARGIN 64U
/* Which arches (with a syscall table) sit on an audit value: x86_64 and
 * x32 share one.  At most two. */
size_t arches_on_audit(uint32_t audit, enum sc_arch out[2]);
/* An audit arch value neither in arches nor known to us. */
uint32_t foreign_audit_arch(const struct u64set *arches);

#endif
