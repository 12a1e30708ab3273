/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's own types and the functions its files share; not part of
 * any interface outside src/lib/bpf.  compile.c's opening comment says how
 * a profile becomes a program; the files, in the order a compile runs:
 *
 *   compile.c           sc_compile(): the runtimes' refusals checked, the
 *                       stages run in order, the program assembled and
 *                       its dead instructions pruned; owns struct ctx's
 *                       lifetime
 *   compile-rules.c     stage 1, the rule database: what libseccomp holds
 *                       per arch and syscall number after runc or crun fed
 *                       it the rules (sections, sysents, the literal
 *                       crules beside libseccomp's trees, socketcall/ipc
 *                       sub-calls, names libseccomp does not know)
 *   compile-verdicts.c  each syscall's verdict (a return value or an
 *                       argument block), libseccomp's generated programs
 *                       in its layout order, the audit-arch groups, and
 *                       the verdict as ranges of syscall numbers (runc's
 *                       ENOSYS stub folded in) with their weights
 *   compile-tree.c      the number dispatch: the range-tree planner
 *                       (optimal alphabetic tree, JEQ chains) and its
 *                       emission, with each verdict's code at the leaves
 *   compile-lsc.c       libseccomp's argument programs (runc, crun): as
 *                       libseccomp lays them out, or specialised path by
 *                       path
 *   compile-emit.c      the instruction emitter (back to front: labels,
 *                       shared RETs, trampolines, loads) and the literal
 *                       reading's argument blocks (--compat literal)
 *   departures.c        check: where libseccomp's verdict departs from the
 *                       literal reading, with a witness
 */
#ifndef SC_COMPILE_INTERNAL_H_INCLUDED
#define SC_COMPILE_INTERNAL_H_INCLUDED

#include "bpf.h"
#include "lsc-tree.h"
#include "seccomp-vocab.h"

struct cond {
        uint32_t index;
        enum sc_op op;
        uint64_t datum; /* masked for MASKED_EQ */
        uint64_t mask;  /* MASKED_EQ only */
};

struct crule {
        struct cond c[6];
        size_t n;
        uint32_t ret;
        const struct sc_rule *src;
        const char *name;
};

struct sysent {
        /* fields in an order that packs them (48 bytes on 64-bit): a
         * section holds hundreds */
        uint32_t nr; /* table number */
        uint32_t uncond_ret;
        bool uncond;
        uint32_t n_rules;      /* rules' room follows from it: compile-rules.c */
        struct crule *rules;   /* --compat literal */
        /* runc, crun: libseccomp's tree; NULL while the syscall has only
         * unconditional rules (uncond then says all libseccomp would) */
        struct lsc_sys *lsc;
        struct lsc_tgt entry;  /* its program in c->gen */
        uint64_t verdict;
};

struct section {
        enum sc_arch arch;
        const struct sc_arch_info *info;
        struct sysent *ents;
        size_t n_ents, alloc_ents;
        uint16_t *index; /* table number -> ents[] or UINT16_MAX, below
                          * SYSENT_DENSE */
        uint32_t index_size;
        uint32_t stub_max; /* runc: largest number named, with offset */
        /* runc, crun: libseccomp's entries for the names this arch has no
         * number for (pseudo numbers), which never reach the program but
         * take part in its syscall order (compile-rules.c, pseudo_get) */
        struct pseudo *pseudo;
        size_t n_pseudo, alloc_pseudo;
};

struct pseudo {
        int id;  /* the name's sc_syscall_id() */
        bool uncond;
        struct lsc_sys *lsc;  /* NULL while unconditional or empty */
};

/* Syscall numbers sharing one seccomp_data.arch value: x86_64 and x32. */
struct group {
        uint32_t audit;
        struct section *main;  /* x86_64 or the only arch */
        struct section *x32;   /* x32 numbers on AUDIT_ARCH_X86_64 */
};

struct block {
        const struct crule *rules;
        size_t n;
        struct lsc_prog prog;  /* runc, crun: libseccomp's program */
        size_t *labels;        /* prog's blocks, once emitted */
        uint32_t fallback;
        bool is64;
        size_t label; /* SIZE_MAX until emitted */
};

/* verdict: a return value, or (VERDICT_BLOCK | block index) */
#define VERDICT_BLOCK (UINT64_C(1) << 32)

struct range {
        uint32_t lo;
        uint64_t verdict;
        uint64_t weight;
};

struct ctx {
        const struct sc_profile *p;
        const struct sc_compile_opts *o;
        struct sc_diags *diags;
        uint32_t default_ret;
        bool stub;
        bool literal; /* --compat literal: first match in profile order */
        struct lsc_gen *gen; /* runc, crun: libseccomp's blocks */
        bool big_endian;
        struct section *secs;
        size_t n_secs;
        struct group *groups;
        size_t n_groups;
        struct block *blocks;
        size_t n_blocks, alloc_blocks;
        /* emitter: instructions in reverse order */
        struct sc_insn *rev;
        size_t n, alloc;
        struct {
                uint32_t ret;
                size_t label;
        } *rets;
        size_t n_rets, alloc_rets;
        int error;
};

/* A jump target: a RET value (emitted on demand, shared while reachable)
 * or an instruction already emitted (its label: index from the end). */
struct tgt {
        bool is_ret;
        uint32_t ret;
        size_t label;
};

static inline struct tgt tgt_ret(uint32_t ret)
{
        return (struct tgt){ .is_ret = true, .ret = ret };
}

static inline struct tgt tgt_label(size_t label)
{
        return (struct tgt){ .label = label };
}

/* ---- compile-rules.c: the rule database ---- */
int32_t sysent_find(const struct section *s, uint32_t nr);
bool crule_same_conds(const struct crule *a, const struct crule *b);
int build_db(struct ctx *c);
bool section_lacks_nr_load(const struct ctx *c, const struct section *s);
bool runc_tree(const struct ctx *c);

/* ---- compile-verdicts.c: verdicts and ranges ---- */
void compute_verdicts(struct ctx *c);
void build_groups(struct ctx *c);
uint32_t bad_arch_ret(const struct ctx *c);
size_t build_ranges(const struct ctx *c, const struct group *g,
                    struct range **ret);

/* ---- compile-tree.c: the number dispatch ---- */
/* The planned search over r[0..n): per interval [i, j) its split or a
 * JEQ chain (compile-tree.c plan_solve() has the algorithm; pure,
 * tested against the planner it replaced by test-tree-plan). */
struct tree_plan {
        const struct range *r;
        size_t n;
        uint32_t *cost;  /* per [i, j); NULL: weight-balanced splits */
        uint32_t *col;   /* where the intervals ending at j begin */
        uint8_t *step;   /* its root minus root(i, j - 1) */
        struct plan_far {
                uint32_t cell;
                uint16_t root;
        } *far;          /* the roots whose step is not a byte */
        size_t n_far, alloc_far;
};
void plan_tree(const struct range *r, size_t n, struct tree_plan *ret);
size_t plan_split(const struct tree_plan *t, size_t i, size_t j);
bool plan_chain(const struct tree_plan *t, size_t i, size_t j,
                uint64_t *ret_else);
void tree_plan_clear(struct tree_plan *t);
struct tgt put_group(struct ctx *c, const struct group *g);

/* ---- compile-lsc.c: libseccomp's argument programs ---- */
struct tgt put_lsc_target(struct ctx *c, struct block *b, struct lsc_tgt t,
                          int word);
bool put_lsc_paths(struct ctx *c, struct block *b);

/* ---- compile-emit.c: instructions ---- */
size_t put_insn(struct ctx *c, uint16_t code, uint32_t k, uint8_t jt,
                uint8_t jf);
size_t put_ja(struct ctx *c, size_t label);
size_t put_jcond(struct ctx *c, uint16_t op, uint32_t k, struct tgt tt,
                 struct tgt tf);
size_t to_label(struct ctx *c, struct tgt t);
uint32_t arg_off(const struct ctx *c, uint32_t index, bool hi);
size_t put_ld(struct ctx *c, uint32_t off);
struct tgt skip_reload(const struct ctx *c, struct tgt t, uint32_t off);
size_t put_block(struct ctx *c, struct block *b);

/* departures.c: under runc/crun, warn (or, with departures_are_errors,
 * fail) where libseccomp's verdict departs from the literal reading. */
void find_departures(struct ctx *c);

#endif
