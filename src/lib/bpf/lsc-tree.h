/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A model of what libseccomp 2.5.4 does with the argument rules of one
 * syscall on one architecture, and of the code it generates for them:
 * what runc 1.1.5 and crun 1.8.1 really load.  Pure: no I/O.
 *
 * libseccomp does not test a syscall's rules one after the other.  It
 * merges them (db.c) into one decision tree and emits that tree
 * (gen_bpf.c); the verdict for an argument vector is whatever that program
 * returns, which often is not what reading the rules in order says
 * (docs/libseccomp-2.5.4-argument-rules.md has examples).  The parts that
 * decide the verdict, all modelled here:
 *
 *  1. A rule becomes a chain of 32-bit word tests in argument-index order.
 *     On a 64-bit arch EQ/NE/MASKED_EQ are "high word ==" then "low word
 *     ==", ranges are "high >", "high ==", "low > or >=" with the
 *     continuation hung under both the first and the last node (one shared
 *     object); NE, LT and LE put the rule's action (or the next argument)
 *     on the false branch.  32-bit arches (x86, x32, arm, ...) test the low
 *     word only.  MASKED_EQ masks the datum; a zero mask drops the test.
 *  2. The chains of a syscall are merged into one tree: a node that tests
 *     the same word with the same BPF op, datum and mask as one already
 *     there is the same node, whatever operator it came from, and the new
 *     rule continues (or ends) under it.  Alternatives on a level are kept
 *     sorted by (argument, high word first), operator class (EQ/NE/MASKED
 *     before LT/LE before GT/GE) and datum, not by profile order.
 *  3. Before merging, the existing tree is pruned against the new rule,
 *     and the new rule is dropped when the tree already "covers" it with
 *     the same action; while merging, a rule that ends where another
 *     continues with a different action, or that meets a different action
 *     on a leaf, is refused with EEXIST (runc and crun then refuse to start
 *     the container).  An unconditional rule replaces the tree; a rule
 *     after an unconditional one is ignored.
 *  4. Code: each level is a list of blocks tried in order; a block loads
 *     its word only when the generator believes the accumulator does not
 *     hold it (it believes what the previous block of the level left).
 *     When a deeper level is exhausted, control falls through to the next
 *     block of an outer level, which then compares whatever word the deeper
 *     level loaded last, unless the layout pass happened to put a reload in
 *     front of it (it does when the block that first jumps to it, in its
 *     depth-first jt-before-jf placement, left a different word).
 *
 * The tree is built with libseccomp's own algorithm (reference-counted
 * nodes shared between branches and levels, the same pruning and
 * insertion decisions) because its quirks are the point; the program is
 * described as blocks (struct lsc_block) that the compiler emits with its
 * own layout, keeping the exact accumulator behaviour.
 */
#ifndef SC_LSC_TREE_H
#define SC_LSC_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"

/* One comparison as handed to seccomp_rule_add_array(). */
struct lsc_cmp {
        uint32_t arg;      /* 0..5 */
        enum sc_op op;
        uint64_t datum_a;  /* the value; the mask for MASKED_EQ */
        uint64_t datum_b;  /* MASKED_EQ only: the value */
};

/* One syscall's rules on one arch (libseccomp's db_sys_list). */
struct lsc_sys;

struct lsc_sys *lsc_sys_new(bool is64);
void lsc_sys_free(struct lsc_sys *s);
/* Add one rule (conditions on distinct arguments, AND-ed) with action
 * (a SECCOMP_RET_* value).  Returns 0 (added, merged or dropped as
 * redundant), -EEXIST (libseccomp refuses it: the tree may be left
 * modified, the caller gives up on the whole filter as runc and crun do),
 * -ELOOP (libseccomp never returns from this add, or it left the tree
 * circular so that runc and crun hang later) or -EINVAL (an argument
 * named twice). */
int lsc_sys_add(struct lsc_sys *s, const struct lsc_cmp *c, size_t n,
                uint32_t action);
/* true when the syscall has no argument tree: *ret_action is its action. */
bool lsc_sys_uncond(const struct lsc_sys *s, uint32_t *ret_action);

/* ---- the program libseccomp generates for the tree ---- */

/* A 32-bit argument word: arg * 2 + (1 for the high word).  32-bit arches
 * only use low words. */
#define LSC_WORD(arg, hi) ((uint8_t)((arg) * 2 + ((hi) ? 1 : 0)))
#define LSC_WORD_ARG(w) ((w) >> 1)
#define LSC_WORD_HI(w) (((w) & 1) != 0)

enum lsc_jop {
        LSC_JEQ,
        LSC_JGT,
        LSC_JGE,
};

struct lsc_tgt {
        bool is_ret;
        uint32_t v;   /* a return value, or a block index */
};

enum lsc_opkind {
        LSC_LD,       /* A = word */
        LSC_AND,      /* A &= mask */
};

struct lsc_op {
        enum lsc_opkind kind;
        uint32_t v;   /* word (LSC_LD) or mask (LSC_AND) */
};

struct lsc_block {
        struct lsc_op ops[4];
        size_t n_ops;
        enum lsc_jop jop;
        uint32_t k;
        struct lsc_tgt jt, jf;
};

struct lsc_prog {
        struct lsc_block *b;
        size_t n;
        struct lsc_tgt entry;
};

/* The programs of every syscall of one filter: libseccomp generates them
 * into one table where identical blocks are one block, across syscalls and
 * arches, and lays the table out once; both decide which blocks reload
 * the accumulator.  Add every syscall (lsc_gen_add), then call
 * lsc_gen_layout with the entries in the order libseccomp's layout pass
 * meets them, then read each syscall's program. */
struct lsc_gen;
struct lsc_gen *lsc_gen_new(uint32_t def_ret);
void lsc_gen_free(struct lsc_gen *g);
struct lsc_tgt lsc_gen_add(struct lsc_gen *g, const struct lsc_sys *s);
void lsc_gen_layout(struct lsc_gen *g, const struct lsc_tgt *entries, size_t n);
/* The blocks reachable from entry, entry first (index 0). */
void lsc_gen_program(const struct lsc_gen *g, struct lsc_tgt entry,
                     struct lsc_prog *ret);
/* libseccomp's node count for the syscall (its priority: fewer first). */
unsigned lsc_sys_nodes(const struct lsc_sys *s);

/* The argument program of s alone (no other syscall in the filter) with
 * def_ret behind it (the filter's default action).  The blocks form a
 * DAG; entry is a RET when s has no tree. */
void lsc_sys_program(const struct lsc_sys *s, uint32_t def_ret,
                     struct lsc_prog *ret);
void lsc_prog_clear(struct lsc_prog *p);
/* What the program returns for these arguments. */
uint32_t lsc_prog_eval(const struct lsc_prog *p, const uint64_t args[6]);
bool lsc_prog_equal(const struct lsc_prog *a, const struct lsc_prog *b);

#endif
