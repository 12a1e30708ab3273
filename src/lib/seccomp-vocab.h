/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seccomp vocabulary: facts about the kernel's seccomp ABI and about
 * libseccomp 2.5.4 as runc 1.1.5 and crun 1.8.1 drive it, that more than
 * one part of seccompctl needs (the compiler, the simulator, the
 * decompiler, the profile normaliser and merger, the validator).  Each
 * used to be written down in every file that needed it, and the copies had
 * started to disagree (two argument comparisons differed on MASKED_EQ).
 * A fact lives here when it is seccomp's or a runtime's, not one module's
 * choice; say where it comes from next to it.
 *
 * The tables themselves stay where they are generated or listed: the
 * architecture table in arch.c (names, AUDIT_ARCH_* values, byte order,
 * number offsets), syscall names and numbers in data/syscalls.tsv
 * (syscalls.h).  This header adds the bits they are built from and the
 * predicates over them.  Pure: no I/O.
 */
#ifndef SC_SECCOMP_VOCAB_H
#define SC_SECCOMP_VOCAB_H

#include "arch.h"
#include "profile.h"

/* ---- audit arch values ----
 * linux/audit.h: AUDIT_ARCH_* = EM_* | these convention bits, the value
 * the kernel puts in seccomp_data.arch.  Spelled out here so the pure core
 * does not depend on the build host's headers.  arch.c builds its table
 * from them; the simulator and the decompiler read the byte order of
 * argument words from SC_AUDIT_ARCH_LE (every arch of one filter shares
 * it). */
#define SC_AUDIT_ARCH_64BIT 0x80000000U        /* __AUDIT_ARCH_64BIT */
#define SC_AUDIT_ARCH_LE 0x40000000U           /* __AUDIT_ARCH_LE */
#define SC_AUDIT_ARCH_MIPS64_N32 0x20000000U   /* __AUDIT_ARCH_CONVENTION_MIPS64_N32 */

/* Is the 64-bit argument's low word at the lower offset of seccomp_data?
 * (The kernel stores arguments in the machine's byte order.) */
static inline bool sc_audit_arch_is_le(uint32_t audit_arch)
{
        return audit_arch & SC_AUDIT_ARCH_LE;
}

/* ---- the ENOSYS return ----
 * What a filter returns for "this kernel has no such syscall": runc's stub
 * (libcontainer/seccomp/patchbpf/enosys_linux.go, SCMP_ACT_ERRNO(ENOSYS))
 * returns it for numbers above the profile's largest known one.  38 is
 * ENOSYS in asm-generic and on x86, arm, powerpc and s390; MIPS (89) and
 * parisc (251) have their own, which a runc built for them would use: not
 * modelled, the compiler and decompiler have always used 38 (there is no
 * such runc here to measure). */
#define SC_ENOSYS 38U
#define SC_RET_ENOSYS (SC_RET_ERRNO | SC_ENOSYS)

/* ---- allow classes ----
 * Two different questions, both asked of an action:
 *
 * sc_action_is_allow_class(): runc's patchbpf isAllowAction() (ALLOW, LOG,
 * TRACE; a tracer is expected to handle new syscalls itself).  runc adds
 * its ENOSYS stub only when the default action is not of this class, and
 * the decompiler uses the same test on the default's return value, hence
 * the two views of one predicate.
 *
 * sc_action_runs_call(): the call itself runs, with no other process
 * deciding (ALLOW, LOG).  TRACE is not in it: without a tracer attached the
 * kernel fails the call with ENOSYS.  This is what "the profile lets the
 * call through" means for merging profiles and for the runtimes' own
 * calls. */
bool sc_action_is_allow_class(enum sc_action a);
/* The same class, read from a SECCOMP_RET_* value (data bits ignored). */
bool sc_ret_is_allow_class(uint32_t ret);
bool sc_action_runs_call(enum sc_action a);

/* ---- argument conditions ----
 * A total order on argument conditions in which two conditions compare
 * equal exactly when runc and crun load the same comparison for them:
 * index, op, value; for MASKED_EQ (value = mask, valueTwo = datum) only
 * the datum's bits inside the mask, since libseccomp 2.5.4 compares
 * (arg & mask) == (datum & mask) and drops the others
 * (docs/libseccomp-2.5.4-argument-rules.md, point 7).  valueTwo of the
 * other operators is passed to libseccomp and ignored by it.  Use it to
 * sort a rule's args and to find equal conditions (normalise, merge,
 * validate).  (Read literally, --compat literal, a MASKED_EQ whose
 * valueTwo has bits outside the mask never matches; check refuses it
 * there, so such a profile never gets as far as merging.) */
int sc_arg_cmp(const struct sc_arg *a, const struct sc_arg *b);
/* sc_arg_cmp() for qsort() over struct sc_arg. */
int sc_arg_qsort_cmp(const void *a, const void *b);
/* Does the 64-bit argument v pass the condition as runc and crun load it
 * on a 64-bit arch?  Differs from sc_arg_matches() (the literal reading,
 * profile.h) only for a MASKED_EQ whose valueTwo has bits outside the
 * mask: libseccomp drops them, the literal reading never matches. */
bool sc_arg_matches_loaded(const struct sc_arg *a, uint64_t v);

/* ---- does libseccomp know the name ----
 * runc and crun ask libseccomp for each name of a profile and skip the
 * ones it does not know ("unknown seccomp syscall ... ignored"); runc's
 * ENOSYS stub does not count them either.  The kernel's tables
 * (data/syscalls.tsv) are newer than libseccomp 2.5.4's, so a name can be
 * a syscall of the arch and still be skipped.  The answer is the fourth
 * column of data/syscalls.tsv, filled from libseccomp 2.5.4 itself by
 * tools/gen-syscalls.sh (tools/libseccomp-knows.c).
 *
 * SC_LSC_NO_ARCH: libseccomp 2.5.4 has no such arch (loongarch64, m68k,
 * sh, sheb); SC_LSC_NOT_IN_TABLE: the arch's kernel table has no such
 * name (libseccomp may still know one, e.g. _llseek on parisc64, but no
 * runtime can turn it into a number the kernel means). */
enum sc_lsc_name {
        SC_LSC_KNOWN,
        SC_LSC_UNKNOWN,
        SC_LSC_NO_ARCH,
        SC_LSC_NOT_IN_TABLE,
};
enum sc_lsc_name sc_libseccomp_name(enum sc_arch arch, const char *name);
/* The compiler's question: does a rule naming it on this arch reach
 * libseccomp's filter (and runc's stub count)?  SC_LSC_KNOWN is yes,
 * SC_LSC_UNKNOWN and SC_LSC_NOT_IN_TABLE no.  On an arch libseccomp 2.5.4
 * lacks a filter can only be what a libseccomp that has the arch would
 * build, so the name's answer elsewhere is used: no when every arch
 * libseccomp has and whose table has the name says no (too new for 2.5.4,
 * mseal), yes otherwise (names only such arches have, m68k's
 * atomic_barrier, are known to the libseccomp that supports them). */
bool sc_libseccomp_knows(enum sc_arch arch, const char *name);
/* The same for a name found once with sc_syscall_id() (syscalls.h). */
bool sc_libseccomp_knows_id(enum sc_arch arch, int id);

#endif
