/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compiler's own types, shared by the files that make it up (compile.c
 * and departures.c); not part of any interface outside src/lib/bpf.
 */
#ifndef SC_COMPILE_INTERNAL_H_INCLUDED
#define SC_COMPILE_INTERNAL_H_INCLUDED

#include "bpf.h"
#include "lsc-tree.h"

#define ENOSYS_RET (SC_RET_ERRNO | 38U)

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
        uint32_t nr; /* table number */
        bool uncond;
        uint32_t uncond_ret;
        /* fields by size: a section holds hundreds of these */
        uint32_t n_rules, alloc_rules;
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
        int32_t *index; /* table number -> ents[] or -1, below SYSENT_DENSE */
        uint32_t index_size;
        uint32_t stub_max; /* runc: largest number named, with offset */
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

/* departures.c: under runc/crun, warn (or, with departures_are_errors,
 * fail) where libseccomp's verdict departs from the literal reading. */
void find_departures(struct ctx *c);

#endif
