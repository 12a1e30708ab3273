/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Architectures as seccomp sees them: the SCMP_ARCH_* names profiles use,
 * the AUDIT_ARCH_* value the kernel puts in seccomp_data.arch, the Go
 * names the Docker format uses in includes/excludes (amd64, arm64, 386...),
 * and the facts the compiler needs about each.
 */
#ifndef SC_ARCH_H
#define SC_ARCH_H

#include "util.h"

enum sc_arch {
        SC_ARCH_X86_64,
        SC_ARCH_X86,
        SC_ARCH_X32,
        SC_ARCH_AARCH64,
        SC_ARCH_ARM,
        SC_ARCH_RISCV64,
        SC_ARCH_MIPS,
        SC_ARCH_MIPSEL,
        SC_ARCH_MIPS64,
        SC_ARCH_MIPSEL64,
        SC_ARCH_MIPS64N32,
        SC_ARCH_MIPSEL64N32,
        SC_ARCH_PPC,
        SC_ARCH_PPC64,
        SC_ARCH_PPC64LE,
        SC_ARCH_S390,
        SC_ARCH_S390X,
        SC_ARCH_PARISC,
        SC_ARCH_PARISC64,
        SC_ARCH_LOONGARCH64,
        SC_ARCH_M68K,
        SC_ARCH_SH,
        SC_ARCH_SHEB,
        _SC_ARCH_MAX,
        SC_ARCH_INVALID = -1,
};

/* x86_64 and x32 share AUDIT_ARCH_X86_64; x32 numbers carry this bit. */
#define SC_X32_SYSCALL_BIT 0x40000000U

struct sc_arch_info {
        enum sc_arch arch;
        const char *scmp_name;  /* "SCMP_ARCH_X86_64" */
        const char *name;       /* "x86_64" (libseccomp's short name) */
        const char *go_name;    /* "amd64" (Docker includes/excludes) */
        uint32_t audit_arch;    /* seccomp_data.arch */
        bool is_64bit;          /* args are 64-bit registers */
        bool big_endian;
        /* Added to the table number to get the number the kernel sees
         * (SC_X32_SYSCALL_BIT for x32, 4000/5000/6000 on MIPS). */
        uint32_t nr_offset;
};

const struct sc_arch_info *sc_arch_info(enum sc_arch a);
/* Accepts "SCMP_ARCH_X86_64", "x86_64", "amd64", case-insensitively. */
enum sc_arch sc_arch_from_name(const char *name);
/* Go name, as in Docker profiles' includes.arches ("amd64", "386"). */
enum sc_arch sc_arch_from_go_name(const char *name);
/* First arch whose audit value matches (x86_64 for AUDIT_ARCH_X86_64). */
enum sc_arch sc_arch_from_audit(uint32_t audit_arch);
/* The arch this binary runs on. */
enum sc_arch sc_arch_native(void);
/* Comma separated list of valid SCMP names, for error messages. */
const char *sc_arch_valid_names(void);

#endif
