/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Step 3 of the decompiler: one syscall's verdicts as a table over the
 * classes of the arguments they depend on, and that table as rules.
 * Internal to the decompiler; pure.
 */
#ifndef SC_VERDICT_TABLE_H
#define SC_VERDICT_TABLE_H

#include "argclass.h"

/* Cover visits per program (box cells looked at): a bound for hostile
 * programs. */
#define COVER_VISITS (1U << 20)

struct crule {
        uint32_t ret;
        struct sc_arg args[6];
        size_t n_args;
};

struct sysfn {
        bool cond;
        uint32_t ret;         /* unconditional verdict, or the one at zero */
        struct crule *rules;  /* conditional: rules for non-fallback cells */
        size_t n_rules, alloc_rules;
        uint32_t fallback;    /* cond: verdict left to the default action */
        bool inexact;
        char *key;            /* canonical text, to compare arches */
};

struct table {
        unsigned args[6];
        size_t n_args;
        struct argdom dom[6];
        size_t n_cells;
        uint32_t *v;
};

void sysfn_clear(struct sysfn *f);
void table_free(struct table *t);
/* The verdict table of (audit, nr) over the classes of the arguments it
 * reads, compressed; NULL when the verdict does not depend on them. */
struct table *table_for(const struct sc_filter_stack *s,
                        const struct kscan *k, uint32_t audit,
                        uint32_t nr, bool is64);
/* The rules of one syscall for a profile whose default is fallback. */
void analyse(const struct table *t, uint32_t ret0, uint32_t fallback,
             struct sysfn *fn, size_t *visits);

#endif
