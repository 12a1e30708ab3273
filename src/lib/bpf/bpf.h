/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Classic BPF for seccomp: the compiler (resolved profile -> program), a
 * simulator that runs a program (or a stack of them) on a seccomp_data
 * exactly as the kernel does, the kernel's action-cache analysis
 * (seccomp_is_const_allow), and a disassembler.
 *
 * Pure: no I/O, no kernel calls.  struct sc_insn has the kernel's layout,
 * so filter->insns is byte for byte a struct sock_filter[] that can be
 * handed to prctl(PR_SET_SECCOMP) or written to a file for bwrap.
 */
#ifndef SC_BPF_H_INCLUDED
#define SC_BPF_H_INCLUDED

#include "profile.h"

/* struct sock_filter (linux/filter.h) */
struct sc_insn {
        uint16_t code;
        uint8_t jt, jf;
        uint32_t k;
};

/* BPF_MAXINSNS: the kernel refuses longer programs. */
#define SC_BPF_MAXINSNS 4096U

/* Opcode pieces (linux/bpf_common.h), so the pure core does not depend on
 * the build host's headers. */
#define SC_BPF_LD 0x00
#define SC_BPF_LDX 0x01
#define SC_BPF_ST 0x02
#define SC_BPF_STX 0x03
#define SC_BPF_ALU 0x04
#define SC_BPF_JMP 0x05
#define SC_BPF_RET 0x06
#define SC_BPF_MISC 0x07
#define SC_BPF_W 0x00
#define SC_BPF_H 0x08
#define SC_BPF_B 0x10
#define SC_BPF_IMM 0x00
#define SC_BPF_ABS 0x20
#define SC_BPF_IND 0x40
#define SC_BPF_MEM 0x60
#define SC_BPF_LEN 0x80
#define SC_BPF_MSH 0xa0
#define SC_BPF_ADD 0x00
#define SC_BPF_SUB 0x10
#define SC_BPF_MUL 0x20
#define SC_BPF_DIV 0x30
#define SC_BPF_OR 0x40
#define SC_BPF_AND 0x50
#define SC_BPF_LSH 0x60
#define SC_BPF_RSH 0x70
#define SC_BPF_NEG 0x80
#define SC_BPF_MOD 0x90
#define SC_BPF_XOR 0xa0
#define SC_BPF_JA 0x00
#define SC_BPF_JEQ 0x10
#define SC_BPF_JGT 0x20
#define SC_BPF_JGE 0x30
#define SC_BPF_JSET 0x40
#define SC_BPF_K 0x00
#define SC_BPF_X 0x08
#define SC_BPF_A 0x10
#define SC_BPF_TAX 0x00
#define SC_BPF_TXA 0x80
#define SC_BPF_CLASS(c) ((c)&0x07)
#define SC_BPF_SIZE(c) ((c)&0x18)
#define SC_BPF_MODE(c) ((c)&0xe0)
#define SC_BPF_OP(c) ((c)&0xf0)
#define SC_BPF_SRC(c) ((c)&0x08)
#define SC_BPF_RVAL(c) ((c)&0x18)
#define SC_BPF_MISCOP(c) ((c)&0xf8)
#define SC_BPF_MEMWORDS 16

/* struct seccomp_data offsets */
#define SC_OFF_NR 0U
#define SC_OFF_ARCH 4U
#define SC_OFF_IP_LO 8U
#define SC_OFF_ARGS 16U
#define SC_SECCOMP_DATA_SIZE 64U

struct sc_filter {
        struct sc_insn *insns;
        size_t n;
};

void sc_filter_free(struct sc_filter *f);
static inline void sc_filter_freep(struct sc_filter **f)
{
        sc_filter_free(*f);
        *f = NULL;
}
/* Wrap a copy of raw sock_filter bytes (a .bpf file).  -EINVAL when the
 * length is not a multiple of 8 or the program is not one the kernel's
 * seccomp_check_filter() would accept. */
int sc_filter_from_raw(const void *buf, size_t len, struct sc_filter **ret);
/* The kernel's checks (sk_chk_filter + seccomp_check_filter): length 1..4096,
 * only instructions seccomp allows, loads inside seccomp_data and 4-byte
 * aligned, jumps in range, ends in RET.  0 or -EINVAL; *ret_pc (may be
 * NULL) gets the offending instruction. */
int sc_filter_check(const struct sc_filter *f, size_t *ret_pc);

/* ---- compiling ---- */

struct sc_compile_opts {
        enum sc_arch target;      /* native arch of the container */
        enum sc_compat compat;    /* runc: add runc's ENOSYS stub */
        /* Returned for a seccomp_data.arch not in the filter and for x32
         * numbers on an x86_64 filter without x32.  libseccomp's default,
         * SC_RET_KILL_THREAD, unless bad_arch_set. */
        bool bad_arch_set;
        uint32_t bad_arch_ret;
        /* Test hook: skip runc's stub even in runc mode (the differential
         * test models it separately).  Normal callers leave it false. */
        bool no_stub;
        /* Also compile the syscalls the kernel tables have but libseccomp
         * 2.5.4 (linked by runc 1.1.5 and crun 1.8.1 here) does not know,
         * which those runtimes skip: mseal, statmount, ...  For runtimes
         * built with a newer libseccomp. */
        bool all_kernel_syscalls;
        /* runc, crun: warn, with one input as witness, for each syscall
         * whose verdict under libseccomp's tree differs from the literal
         * reading of its rules (first match in profile order); errors with
         * departures_are_errors (check --strict). */
        bool warn_departures;
        bool departures_are_errors;
};
void sc_compile_opts_init(struct sc_compile_opts *o, enum sc_arch target);

/* Compile a resolved (plain OCI) profile into a seccomp program for
 * opts->target: the semantics of libseccomp 2.5.4 as runc 1.1.5 or crun
 * 1.8.1 drive it (docs/runtime-compat.md).  Warnings (unknown
 * names) and errors (EEXIST conflicts, NOTIFY under runc, programs over
 * 4096 instructions, ...) go to diags.  Returns 0 or -errno. */
int sc_compile(const struct sc_profile *p, const struct sc_compile_opts *opts,
               struct sc_diags *diags, struct sc_filter **ret);

/* ---- running ---- */

struct sc_seccomp_data {
        uint32_t nr;
        uint32_t arch;
        uint64_t ip;
        uint64_t args[6];
};

/* Run the program as the kernel would (the program must pass
 * sc_filter_check).  Returns the filter's return value (action | data);
 * *ret_executed (may be NULL) gets the number of instructions run. */
uint32_t sc_sim_run(const struct sc_filter *f, const struct sc_seccomp_data *d,
                    size_t *ret_executed);
/* The same, and *ret_touched (may be NULL) gets the seccomp_data words
 * the run read: bit i for args[i], bit 6 for ip.  The decompiler uses it
 * to learn which arguments a verdict depends on. */
uint32_t sc_sim_run_traced(const struct sc_filter *f, const struct sc_seccomp_data *d,
                           size_t *ret_executed, unsigned *ret_touched);

/* Stacked filters (a process may have several) are combined as the kernel
 * does in seccomp_run_filters(): every filter runs, the lowest
 * (s32)(ret & SECCOMP_RET_ACTION_FULL) wins, and on a tie the filter that
 * ran first, i.e. the newest one.  A process's filters are listed in the
 * order the kernel runs them: [0] is the newest (last installed). */
struct sc_filter_stack {
        const struct sc_filter *const *f;
        size_t n;
};

/* The combined verdict of a stack (SECCOMP_RET_ALLOW for an empty one). */
uint32_t sc_stack_run(const struct sc_filter_stack *s,
                      const struct sc_seccomp_data *d);
/* The same, and the seccomp_data words any filter read are added to
 * *touched (bits as for sc_sim_run_traced). */
uint32_t sc_stack_run_traced(const struct sc_filter_stack *s,
                             const struct sc_seccomp_data *d,
                             unsigned *touched);
/* Does a lower the precedence of b (kernel order: KILL_PROCESS, KILL_THREAD,
 * TRAP, ERRNO, USER_NOTIF, TRACE, LOG, ALLOW)? */
bool sc_ret_more_restrictive(uint32_t a, uint32_t b);

/* The kernel's seccomp_is_const_allow() (kernel/seccomp.c, Linux >= 5.11):
 * true when the result for (arch, nr) is ALLOW whatever the arguments,
 * found by following only loads of nr/arch, constant jumps and AND, so the
 * kernel caches it in its per-arch bitmap and skips the filter. */
bool sc_filter_const_allow(const struct sc_filter *f, uint32_t audit_arch,
                           uint32_t nr);

struct sc_filter_stats {
        size_t n_insns;
        size_t n_nrs;              /* syscall numbers sampled */
        double mean_executed;      /* with all arguments zero */
        size_t worst_executed;
        uint32_t worst_nr;
        size_t n_allowed_uncond;   /* ALLOW for every argument vector we try */
        size_t n_const_allow;      /* of those, cached by the kernel */
};
/* Sample nr 0..n_nrs-1 on audit_arch (nr_offset is added: x32, MIPS). */
void sc_filter_stats(const struct sc_filter *f, uint32_t audit_arch,
                     uint32_t nr_offset, uint32_t n_nrs,
                     struct sc_filter_stats *ret);

/* ---- reading ---- */

enum {
        SC_DISASM_NO_LINENO = 1 << 0, /* omit the instruction numbers */
};
/* One instruction per line, labels (L12:) on jump targets, seccomp_data
 * fields by name ("ld [nr]", "ld [args[1].hi]"), returns decoded
 * ("ret ERRNO(1)").  Caller frees. */
char *sc_disasm(const struct sc_filter *f, bool big_endian, unsigned flags);
/* "ld [args[1].hi]" etc. for one instruction. */
void sc_disasm_insn(const struct sc_insn *in, size_t pc, bool big_endian,
                    struct strbuf *out);
/* Output formats of `compile`. */
char *sc_filter_to_hex(const struct sc_filter *f);
char *sc_filter_to_c(const struct sc_filter *f, const char *name);

#endif
