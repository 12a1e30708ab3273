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

struct syscall_rule {
        uint32_t ret;
        struct sc_arg args[6];
        size_t n_args;
};

struct syscall_rules {
        bool cond;
        uint32_t ret;         /* unconditional verdict, or the one at zero */
        struct syscall_rule *rules;  /* conditional: rules for non-fallback cells */
        size_t n_rules, alloc_rules;
        uint32_t fallback;    /* cond: verdict left to the default action */
        bool inexact;
        char *key;            /* canonical text, to compare arches */
};

struct verdict_table {
        unsigned args[6];
        size_t n_args;
        struct arg_classes dom[6];
        size_t n_cells;
        uint32_t *v;
};

void syscall_rules_clear(struct syscall_rules *f);
void verdict_table_clear(struct verdict_table *t);
/* The verdict table of (audit, nr) over the classes of the arguments it
 * reads, compressed; NULL when the verdict does not depend on them. */
struct verdict_table *verdict_table_for(const struct sc_filter_stack *s,
                                        const struct prog_consts *k,
                                        uint32_t audit, uint32_t nr, bool is64);
/* The rules of one syscall for a profile whose default is fallback. */
void syscall_rules_build(const struct verdict_table *t, uint32_t ret0,
                         uint32_t fallback, struct syscall_rules *fn,
                         size_t *visits);

#endif
