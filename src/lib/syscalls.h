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
/* Is name a syscall on at least one arch we have a table for? */
bool sc_syscall_known_anywhere(const char *name);
/* Does the arch have a table at all? */
bool sc_syscall_arch_has_table(enum sc_arch arch);
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

#endif
