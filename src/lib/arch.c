/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The architecture table (the one table of audit arch values: the
 * simulator, the decompiler and the CLI look arches up here).  Numbers are hard-coded (from linux/audit.h and
 * linux/elf-em.h) so the pure core does not depend on the build host's
 * headers: a table built on x86_64 must describe mips64n32 correctly.
 */
#include "arch.h"

#include <strings.h>

#include "seccomp-vocab.h"

/* linux/audit.h: AUDIT_ARCH_* = EM_* | convention bits (seccomp-vocab.h),
 * short names to keep the table readable. */
#define A_64 SC_AUDIT_ARCH_64BIT
#define A_LE SC_AUDIT_ARCH_LE
#define A_MIPS64_N32 SC_AUDIT_ARCH_MIPS64_N32

/* linux/elf-em.h */
#define EM_386_ 3U
#define EM_68K_ 4U
#define EM_MIPS_ 8U
#define EM_PARISC_ 15U
#define EM_PPC_ 20U
#define EM_PPC64_ 21U
#define EM_S390_ 22U
#define EM_ARM_ 40U
#define EM_SH_ 42U
#define EM_X86_64_ 62U
#define EM_AARCH64_ 183U
#define EM_RISCV_ 243U
#define EM_LOONGARCH_ 258U

/*
 * One line per arch: enum suffix (which is also the SCMP_ARCH_ suffix),
 * libseccomp's short name, Go name, audit arch, 64-bit, big endian,
 * number offset.
 *
 * "Go names" are what Docker-format profiles write in includes/excludes
 * "arches", and what the runtimes compare them with, byte for byte: moby
 * uses goToNative[runtime.GOARCH], containers/common libseccomp-golang's
 * ScmpArch.String(); both give "amd64", "x86", "x32", "arm64", "mipsel64",
 * "mips64n32", ... (moby's map spells mipsel64n32 "mips3l64n32", a typo
 * we accept as an alias).  The real GOARCH spellings that differ ("386",
 * "mipsle", "mips64le", "mips64p32", "mips64p32le") never match in either
 * runtime, so sc_arch_from_go_name() rejects them; sc_arch_from_name()
 * accepts them, for people naming a target.
 *
 * x32 shares AUDIT_ARCH_X86_64 with x86_64 in seccomp_data.arch and is
 * told apart by SC_X32_SYSCALL_BIT in the number.  (libseccomp's own
 * token SCMP_ARCH_X32 is EM_X86_64|__AUDIT_ARCH_LE, a value the kernel
 * never reports; we store what the kernel reports.)
 *
 * MIPS numbers: the kernel numbers o32 from 4000, n64 from 5000 and n32
 * from 6000 (asm/unistd.h __NR_O32_Linux etc.); libseccomp's
 * arch-mips*.c add the same base (__SCMP_NR_BASE) to its table numbers.
 *
 * is_64bit follows libseccomp's ARCH_SIZE_*: x32 and MIPS n32 are 32-bit
 * there (the kernel passes 64-bit registers, but libseccomp compares only
 * the low word of their arguments, and we must compile the same filter).
 *
 * sh is the little-endian SuperH (AUDIT_ARCH_SHEL), sheb the big-endian
 * one (AUDIT_ARCH_SH), as in libseccomp's seccomp.h.
 */
#define SC_ARCH_TABLE(X)                                                       \
        X(X86_64, "x86_64", "amd64", EM_X86_64_ | A_64 | A_LE, true, false, 0) \
        X(X86, "x86", "x86", EM_386_ | A_LE, false, false, 0)                  \
        X(X32, "x32", "x32", EM_X86_64_ | A_64 | A_LE, false, false,           \
          SC_X32_SYSCALL_BIT)                                                  \
        X(AARCH64, "aarch64", "arm64", EM_AARCH64_ | A_64 | A_LE, true, false, \
          0)                                                                   \
        X(ARM, "arm", "arm", EM_ARM_ | A_LE, false, false, 0)                  \
        X(RISCV64, "riscv64", "riscv64", EM_RISCV_ | A_64 | A_LE, true, false, \
          0)                                                                   \
        X(MIPS, "mips", "mips", EM_MIPS_, false, true, 4000)                   \
        X(MIPSEL, "mipsel", "mipsel", EM_MIPS_ | A_LE, false, false, 4000)     \
        X(MIPS64, "mips64", "mips64", EM_MIPS_ | A_64, true, true, 5000)       \
        X(MIPSEL64, "mipsel64", "mipsel64", EM_MIPS_ | A_64 | A_LE, true,      \
          false, 5000)                                                         \
        X(MIPS64N32, "mips64n32", "mips64n32", EM_MIPS_ | A_64 | A_MIPS64_N32, \
          false, true, 6000)                                                   \
        X(MIPSEL64N32, "mipsel64n32", "mipsel64n32",                           \
          EM_MIPS_ | A_64 | A_LE | A_MIPS64_N32, false, false, 6000)           \
        X(PPC, "ppc", "ppc", EM_PPC_, false, true, 0)                          \
        X(PPC64, "ppc64", "ppc64", EM_PPC64_ | A_64, true, true, 0)            \
        X(PPC64LE, "ppc64le", "ppc64le", EM_PPC64_ | A_64 | A_LE, true, false, \
          0)                                                                   \
        X(S390, "s390", "s390", EM_S390_, false, true, 0)                      \
        X(S390X, "s390x", "s390x", EM_S390_ | A_64, true, true, 0)             \
        X(PARISC, "parisc", "parisc", EM_PARISC_, false, true, 0)              \
        X(PARISC64, "parisc64", "parisc64", EM_PARISC_ | A_64, true, true, 0)  \
        X(LOONGARCH64, "loongarch64", "loong64",                               \
          EM_LOONGARCH_ | A_64 | A_LE, true, false, 0)                         \
        X(M68K, "m68k", "m68k", EM_68K_, false, true, 0)                       \
        X(SH, "sh", "sh", EM_SH_ | A_LE, false, false, 0)                      \
        X(SHEB, "sheb", "sheb", EM_SH_, false, true, 0)

#define SC_ARCH_ENTRY(id, short_name, go, audit, is64, be, off)                \
        [SC_ARCH_##id] = {                                                     \
                .arch = SC_ARCH_##id,                                          \
                .scmp_name = "SCMP_ARCH_" #id,                                 \
                .name = short_name,                                            \
                .go_name = go,                                                 \
                .audit_arch = (audit),                                         \
                .is_64bit = (is64),                                            \
                .big_endian = (be),                                            \
                .nr_offset = (off),                                            \
        },

static const struct sc_arch_info arch_table[_SC_ARCH_MAX] = {
        SC_ARCH_TABLE(SC_ARCH_ENTRY)
};

#define SC_ARCH_COUNT_ONE(id, ...) +1
_Static_assert(0 SC_ARCH_TABLE(SC_ARCH_COUNT_ONE) == _SC_ARCH_MAX,
               "arch table must cover every enum sc_arch");

/* ", SCMP_ARCH_X86_64, SCMP_ARCH_X86, ..." minus the leading ", ". */
#define SC_ARCH_LIST_ONE(id, ...) ", SCMP_ARCH_" #id
static const char valid_names[] = SC_ARCH_TABLE(SC_ARCH_LIST_ONE);

struct arch_alias {
        const char *name;
        enum sc_arch arch;
};

/* GOARCH spellings that differ from the Docker names (for people). */
static const struct arch_alias goarch_aliases[] = {
        { "386", SC_ARCH_X86 },
        { "mipsle", SC_ARCH_MIPSEL },
        { "mips64le", SC_ARCH_MIPSEL64 },
        { "mips64p32", SC_ARCH_MIPS64N32 },
        { "mips64p32le", SC_ARCH_MIPSEL64N32 },
};

/* Spellings a runtime itself compares with (see above). */
static const struct arch_alias docker_aliases[] = {
        { "mips3l64n32", SC_ARCH_MIPSEL64N32 }, /* moby goToNative */
};

const struct sc_arch_info *sc_arch_info(enum sc_arch a)
{
        if ((int)a < 0 || a >= _SC_ARCH_MAX)
                return NULL;
        return &arch_table[a];
}

enum sc_arch sc_arch_from_name(const char *name)
{
        if (!name)
                return SC_ARCH_INVALID;
        for (size_t i = 0; i < ELEMENTSOF(arch_table); i++) {
                const struct sc_arch_info *a = &arch_table[i];
                if (strcasecmp(name, a->scmp_name) == 0 ||
                    strcasecmp(name, a->name) == 0 ||
                    strcasecmp(name, a->go_name) == 0)
                        return a->arch;
        }
        for (size_t i = 0; i < ELEMENTSOF(goarch_aliases); i++)
                if (strcasecmp(name, goarch_aliases[i].name) == 0)
                        return goarch_aliases[i].arch;
        for (size_t i = 0; i < ELEMENTSOF(docker_aliases); i++)
                if (strcasecmp(name, docker_aliases[i].name) == 0)
                        return docker_aliases[i].arch;
        return SC_ARCH_INVALID;
}

/* Exact, case-sensitive match: the runtimes compare with ==, so "AMD64"
 * or "386" in a profile never match anything there. */
enum sc_arch sc_arch_from_go_name(const char *name)
{
        if (!name)
                return SC_ARCH_INVALID;
        for (size_t i = 0; i < ELEMENTSOF(arch_table); i++)
                if (strcmp(name, arch_table[i].go_name) == 0)
                        return arch_table[i].arch;
        for (size_t i = 0; i < ELEMENTSOF(docker_aliases); i++)
                if (strcmp(name, docker_aliases[i].name) == 0)
                        return docker_aliases[i].arch;
        return SC_ARCH_INVALID;
}

enum sc_arch sc_arch_from_audit(uint32_t audit_arch)
{
        for (size_t i = 0; i < ELEMENTSOF(arch_table); i++)
                if (arch_table[i].audit_arch == audit_arch)
                        return arch_table[i].arch;
        return SC_ARCH_INVALID;
}

enum sc_arch sc_arch_native(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
        return SC_ARCH_X32;
#elif defined(__x86_64__)
        return SC_ARCH_X86_64;
#elif defined(__i386__)
        return SC_ARCH_X86;
#elif defined(__aarch64__)
        return SC_ARCH_AARCH64;
#elif defined(__arm__)
        return SC_ARCH_ARM;
#elif defined(__riscv) && __riscv_xlen == 64
        return SC_ARCH_RISCV64;
#elif defined(__mips__) && defined(_MIPS_SIM) && _MIPS_SIM == _ABI64
#if defined(__MIPSEL__)
        return SC_ARCH_MIPSEL64;
#else
        return SC_ARCH_MIPS64;
#endif
#elif defined(__mips__) && defined(_MIPS_SIM) && _MIPS_SIM == _ABIN32
#if defined(__MIPSEL__)
        return SC_ARCH_MIPSEL64N32;
#else
        return SC_ARCH_MIPS64N32;
#endif
#elif defined(__mips__)
#if defined(__MIPSEL__)
        return SC_ARCH_MIPSEL;
#else
        return SC_ARCH_MIPS;
#endif
#elif defined(__powerpc64__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return SC_ARCH_PPC64LE;
#else
        return SC_ARCH_PPC64;
#endif
#elif defined(__powerpc__)
        return SC_ARCH_PPC;
#elif defined(__s390x__)
        return SC_ARCH_S390X;
#elif defined(__s390__)
        return SC_ARCH_S390;
#elif defined(__hppa__) && defined(__LP64__)
        return SC_ARCH_PARISC64;
#elif defined(__hppa__)
        return SC_ARCH_PARISC;
#elif defined(__loongarch__) && __loongarch_grlen == 64
        return SC_ARCH_LOONGARCH64;
#elif defined(__m68k__)
        return SC_ARCH_M68K;
#elif defined(__sh__)
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return SC_ARCH_SHEB;
#else
        return SC_ARCH_SH;
#endif
#else
        return SC_ARCH_INVALID;
#endif
}

const char *sc_arch_valid_names(void)
{
        return valid_names + 2;
}
