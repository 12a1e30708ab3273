/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Syscall name <-> number, per architecture.  The table is generated at
 * build time from data/syscalls.tsv, which tools/gen-syscalls.sh produces
 * from the kernel's own syscall tables; nothing here is typed by hand.
 *
 * Numbers are table numbers: x32 numbers are given WITHOUT
 * SC_X32_SYSCALL_BIT and MIPS numbers WITHOUT their 4000/5000/6000 base;
 * add sc_arch_info(a)->nr_offset to get what seccomp_data.nr holds.
 */
#ifndef SC_SYSCALLS_H
#define SC_SYSCALLS_H

#include "arch.h"

/* -ENOENT when the arch has no such syscall (or no table at all). */
int sc_syscall_resolve(enum sc_arch arch, const char *name, uint32_t *ret_nr);
/* NULL when unknown. */
const char *sc_syscall_name(enum sc_arch arch, uint32_t nr);

/* ---- one name on many arches ----
 * The compiler asks about each name of a profile on every arch of the
 * filter.  sc_syscall_id() finds the name once (a hash probe) and returns
 * its id, a small number naming it among every arch's names (valid in this
 * build only: never store it), or -ENOENT when no arch has the name; the
 * _id functions then answer for an arch without comparing a string, as
 * their name-taking twins do (and for a negative id as for an unknown
 * name). */
int sc_syscall_id(const char *name);
/* The name of an id; NULL when there is no such id. */
const char *sc_syscall_id_name(int id);
int sc_syscall_resolve_id(enum sc_arch arch, int id, uint32_t *ret_nr);
char sc_syscall_lsc_answer_id(enum sc_arch arch, int id);
char sc_syscall_lsc_answer_anywhere_id(int id);

/* ---- numbers as the kernel reports them ----
 * An audit SECCOMP record (and seccomp_data, a notification, a decompiled
 * filter's difference) carries the audit arch and the raw number: x32's
 * numbers with SC_X32_SYSCALL_BIT under AUDIT_ARCH_X86_64, MIPS numbers
 * from 4000/5000/6000.  nr is that number, as the record's syscall= field
 * (signed) or seccomp_data.nr (a uint32_t converts losslessly); both
 * spellings of the kernel's int mean the same: -1 and 0xffffffff alike.
 *
 * The table arch the number belongs to: sc_arch_from_audit(), except that
 * on AUDIT_ARCH_X86_64 a number with the x32 bit is x32's (the kernel's
 * in_x32_syscall() tests that bit) -- but not -1, which syscall(-1) in an
 * x86_64 process passes and libseccomp leaves to x86_64 (it must reach the
 * default action, compile-verdicts.c).  A number outside the kernel's 32
 * bits is the audit arch's.  SC_ARCH_INVALID for an audit arch we do not
 * know. */
enum sc_arch sc_syscall_arch_audit(uint32_t audit_arch, int64_t nr);
/* Its name: NULL for an unknown audit arch, a number outside 32 bits or
 * below the arch's nr_offset (a MIPS o32 number under 4000 is no o32
 * syscall, even when the table has that table number), or one the table
 * has no name for.  ARM's private calls (0x0f0000 up) need no care: the
 * table holds them at their kernel numbers. */
const char *sc_syscall_name_audit(uint32_t audit_arch, int64_t nr);

/* Is name a syscall on at least one arch we have a table for? */
bool sc_syscall_known_anywhere(const char *name);
/* Does the arch have a table at all? */
bool sc_syscall_arch_has_table(enum sc_arch arch);
/* How many syscalls the arch's table has (0 when no table). */
size_t sc_syscall_count(enum sc_arch arch);
/* Largest table number on the arch (0 when no table). */
uint32_t sc_syscall_max_nr(enum sc_arch arch);
/* Iterate: *i starts at 0; returns false at the end. */
bool sc_syscall_next(enum sc_arch arch, size_t *i, const char **ret_name,
                     uint32_t *ret_nr);

/* The fourth column of data/syscalls.tsv for the name on the arch: 'y'
 * (libseccomp 2.5.4 knows it), 'n' (it does not), '-' (it has no such
 * arch), or 0 when the arch's table has no such name.  Read it through
 * seccomp-vocab.h (sc_libseccomp_knows), which says what it means. */
char sc_syscall_lsc_answer(enum sc_arch arch, const char *name);
/* Per name over all arches: 'n' when every arch with an answer says no,
 * 'y' otherwise, 0 for a name no table has. */
char sc_syscall_lsc_answer_anywhere(const char *name);

/* i386 (and s390/ppc/...) multiplexers: socketcall(2) call numbers
 * (SYS_SOCKET = 1 ...) and ipc(2) call numbers (SEMOP = 1 ...).
 * Returns -ENOENT when name is not multiplexed. */
int sc_socketcall_subcall(const char *name, uint32_t *ret_call);
int sc_ipc_subcall(const char *name, uint32_t *ret_call);
/* Either: *ret_mux is "socketcall" or "ipc". */
int sc_syscall_subcall(const char *name, const char **ret_mux,
                       uint32_t *ret_call);

#endif
