/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What decompile.c and decompile-profile.c share: the filter read per
 * arch, and the rules of each syscall name.  Internal; pure.
 */
#ifndef SC_DECOMPILE_INTERNAL_H
#define SC_DECOMPILE_INTERNAL_H

#include "compare.h"
#include "decompile.h"
#include "verdict-table.h"

/* One arch of the filter and the verdict of each number in its table. */
struct arch_section {
        enum sc_arch arch;
        uint32_t audit, off, max;
        bool is64;
        uint32_t *zero;       /* verdict with zero args, 0..max+MARGIN */
        bool *cond;           /* does the run read arguments */
        struct verdict_table **tab; /* 0..max: verdict_table_for(), on demand */
        bool *tab_done;
};

/* What the decompiler knows of the filter, whatever the default action. */
struct decompiler {
        const struct sc_filter_stack *s;
        struct prog_consts k;
        struct arch_section *secs;
        size_t n_secs;
        uint32_t bad_arch;       /* the verdict for an arch it does not test */
        enum sc_arch target;
        size_t cell_budget;      /* verdict-table cells left to analyse */
};

/* One name on one section and its rules. */
struct name_entry {
        const char *name;
        size_t sec;
        uint32_t nr;
        struct syscall_rules fn;
        bool stub_covered;
};

/* qsort() comparator for an array of strings. */
int str_cmp(const void *a, const void *b);
/* Build the profile for default default_ret under compat from the rules
 * of every name (ents, sorted by name); what it cannot state exactly goes
 * to warnings, the number of such syscalls to *ret_inexact. */
struct sc_profile *build_profile(const struct decompiler *dc,
                                 struct name_entry *ents, size_t n_ents,
                                 uint32_t default_ret, enum sc_compat compat,
                                 struct sc_diags *warnings,
                                 size_t *ret_inexact);

#endif
