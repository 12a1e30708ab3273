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
struct section {
        enum sc_arch arch;
        uint32_t audit, off, max;
        bool is64;
        uint32_t *zero;       /* verdict with zero args, 0..max+MARGIN */
        bool *cond;           /* does the run read arguments */
        struct table **tab;   /* 0..max: table_for(), built on demand */
        bool *tab_done;
};

struct dctx {
        const struct sc_filter_stack *s;
        struct kscan k;
        struct section *secs;
        size_t n_secs;
        uint32_t bad_arch;
        enum sc_arch target;
        struct sc_diags *diags;
};

/* An entry of the name table: one name on one section. */
struct nent {
        const char *name;
        size_t sec;
        uint32_t nr;
        struct sysfn fn;
        bool stub_covered;
};

/* qsort() comparator for an array of strings. */
int str_cmp(const void *a, const void *b);
/* Build the profile for default dret under compat. */
struct sc_profile *build_profile(struct dctx *c, struct nent *ents,
                                 size_t n_ents, uint32_t dret,
                                 enum sc_compat compat, bool warn,
                                 size_t *ret_inexact);

#endif
