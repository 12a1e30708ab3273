/* SPDX-License-Identifier: Apache-2.0 */
#include "arch.h"
#include "test.h"

#include <seccomp.h>

/* Cross-check against libseccomp's own constants, where 2.5.4 has them.
 * x32 is the exception: SCMP_ARCH_X32 is libseccomp's private token, the
 * kernel reports AUDIT_ARCH_X86_64 (checked in test_x32). */
static const struct {
        enum sc_arch arch;
        uint32_t scmp;
} scmp_values[] = {
        { SC_ARCH_X86_64, SCMP_ARCH_X86_64 },
        { SC_ARCH_X86, SCMP_ARCH_X86 },
        { SC_ARCH_AARCH64, SCMP_ARCH_AARCH64 },
        { SC_ARCH_ARM, SCMP_ARCH_ARM },
        { SC_ARCH_RISCV64, SCMP_ARCH_RISCV64 },
        { SC_ARCH_MIPS, SCMP_ARCH_MIPS },
        { SC_ARCH_MIPSEL, SCMP_ARCH_MIPSEL },
        { SC_ARCH_MIPS64, SCMP_ARCH_MIPS64 },
        { SC_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64 },
        { SC_ARCH_MIPS64N32, SCMP_ARCH_MIPS64N32 },
        { SC_ARCH_MIPSEL64N32, SCMP_ARCH_MIPSEL64N32 },
        { SC_ARCH_PPC, SCMP_ARCH_PPC },
        { SC_ARCH_PPC64, SCMP_ARCH_PPC64 },
        { SC_ARCH_PPC64LE, SCMP_ARCH_PPC64LE },
        { SC_ARCH_S390, SCMP_ARCH_S390 },
        { SC_ARCH_S390X, SCMP_ARCH_S390X },
        { SC_ARCH_PARISC, SCMP_ARCH_PARISC },
        { SC_ARCH_PARISC64, SCMP_ARCH_PARISC64 },
#ifdef SCMP_ARCH_LOONGARCH64
        { SC_ARCH_LOONGARCH64, SCMP_ARCH_LOONGARCH64 },
#endif
#ifdef SCMP_ARCH_M68K
        { SC_ARCH_M68K, SCMP_ARCH_M68K },
#endif
#ifdef SCMP_ARCH_SH
        { SC_ARCH_SH, SCMP_ARCH_SH },
        { SC_ARCH_SHEB, SCMP_ARCH_SHEB },
#endif
};

static void test_audit_values_match_libseccomp(void)
{
        for (size_t i = 0; i < ELEMENTSOF(scmp_values); i++) {
                const struct sc_arch_info *a = sc_arch_info(scmp_values[i].arch);
                ASSERT_TRUE(a);
                EXPECT_TRUE(a->audit_arch == scmp_values[i].scmp,
                            "%s: audit 0x%x, libseccomp 0x%x", a->scmp_name,
                            a->audit_arch, scmp_values[i].scmp);
                /* libseccomp's name for the arch resolves back to it */
                uint32_t tok = seccomp_arch_resolve_name(a->name);
                EXPECT_TRUE(tok == scmp_values[i].scmp,
                            "seccomp_arch_resolve_name(%s) = 0x%x", a->name,
                            tok);
        }
}

static void test_x32(void)
{
        const struct sc_arch_info *a = sc_arch_info(SC_ARCH_X32);
        ASSERT_TRUE(a);
        ASSERT_EQ_U64(a->audit_arch, 0xc000003eU);
        ASSERT_EQ_U64(a->nr_offset, SC_X32_SYSCALL_BIT);
        ASSERT_EQ(a->is_64bit, false);
        /* x86_64 comes first, so the audit value maps to it */
        ASSERT_EQ(sc_arch_from_audit(0xc000003eU), SC_ARCH_X86_64);
        ASSERT_EQ(seccomp_arch_resolve_name("x32"), SCMP_ARCH_X32);
}

static const struct {
        const char *name;
        enum sc_arch arch;
} names[] = {
        { "SCMP_ARCH_X86_64", SC_ARCH_X86_64 },
        { "scmp_arch_x86_64", SC_ARCH_X86_64 },
        { "x86_64", SC_ARCH_X86_64 },
        { "amd64", SC_ARCH_X86_64 },
        { "AMD64", SC_ARCH_X86_64 },
        { "SCMP_ARCH_X86", SC_ARCH_X86 },
        { "x86", SC_ARCH_X86 },
        { "386", SC_ARCH_X86 },
        { "SCMP_ARCH_X32", SC_ARCH_X32 },
        { "x32", SC_ARCH_X32 },
        { "SCMP_ARCH_AARCH64", SC_ARCH_AARCH64 },
        { "arm64", SC_ARCH_AARCH64 },
        { "aarch64", SC_ARCH_AARCH64 },
        { "SCMP_ARCH_ARM", SC_ARCH_ARM },
        { "arm", SC_ARCH_ARM },
        { "SCMP_ARCH_RISCV64", SC_ARCH_RISCV64 },
        { "riscv64", SC_ARCH_RISCV64 },
        { "SCMP_ARCH_MIPSEL", SC_ARCH_MIPSEL },
        { "mipsle", SC_ARCH_MIPSEL },
        { "SCMP_ARCH_MIPSEL64N32", SC_ARCH_MIPSEL64N32 },
        { "mipsel64n32", SC_ARCH_MIPSEL64N32 },
        { "mips64p32le", SC_ARCH_MIPSEL64N32 },
        { "mips3l64n32", SC_ARCH_MIPSEL64N32 },
        { "mips64le", SC_ARCH_MIPSEL64 },
        { "mips64p32", SC_ARCH_MIPS64N32 },
        { "mipsel", SC_ARCH_MIPSEL },
        { "SCMP_ARCH_PPC64LE", SC_ARCH_PPC64LE },
        { "SCMP_ARCH_S390X", SC_ARCH_S390X },
        { "s390", SC_ARCH_S390 },
        { "SCMP_ARCH_PARISC64", SC_ARCH_PARISC64 },
        { "SCMP_ARCH_LOONGARCH64", SC_ARCH_LOONGARCH64 },
        { "loong64", SC_ARCH_LOONGARCH64 },
        { "SCMP_ARCH_M68K", SC_ARCH_M68K },
        { "SCMP_ARCH_SH", SC_ARCH_SH },
        { "SCMP_ARCH_SHEB", SC_ARCH_SHEB },
        { "SCMP_ARCH_NATIVE", SC_ARCH_INVALID },
        { "SCMP_ARCH_X86_", SC_ARCH_INVALID },
        { "SCMP_ARCH_", SC_ARCH_INVALID },
        { "", SC_ARCH_INVALID },
        { "i386", SC_ARCH_INVALID },
        { "x86-64", SC_ARCH_INVALID },
};

static void test_from_name(void)
{
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                EXPECT_TRUE(sc_arch_from_name(names[i].name) == names[i].arch,
                            "sc_arch_from_name(\"%s\") = %d, expected %d",
                            names[i].name, sc_arch_from_name(names[i].name),
                            names[i].arch);
        ASSERT_EQ(sc_arch_from_name(NULL), SC_ARCH_INVALID);
}

static const struct {
        const char *name;
        enum sc_arch arch;
} go_names[] = {
        /* what moby (goToNative) and containers/common (libseccomp-golang
         * ScmpArch.String()) compare includes/excludes arches with */
        { "amd64", SC_ARCH_X86_64 },     { "x86", SC_ARCH_X86 },
        { "x32", SC_ARCH_X32 },          { "arm64", SC_ARCH_AARCH64 },
        { "arm", SC_ARCH_ARM },          { "riscv64", SC_ARCH_RISCV64 },
        { "mips", SC_ARCH_MIPS },        { "mipsel", SC_ARCH_MIPSEL },
        { "mips64", SC_ARCH_MIPS64 },    { "mipsel64", SC_ARCH_MIPSEL64 },
        { "mips64n32", SC_ARCH_MIPS64N32 },
        { "mipsel64n32", SC_ARCH_MIPSEL64N32 },
        { "mips3l64n32", SC_ARCH_MIPSEL64N32 },
        { "ppc", SC_ARCH_PPC },          { "ppc64", SC_ARCH_PPC64 },
        { "ppc64le", SC_ARCH_PPC64LE },  { "s390", SC_ARCH_S390 },
        { "s390x", SC_ARCH_S390X },      { "parisc", SC_ARCH_PARISC },
        { "parisc64", SC_ARCH_PARISC64 }, { "loong64", SC_ARCH_LOONGARCH64 },
        /* GOARCH spellings no runtime compares with, and case variants */
        { "386", SC_ARCH_INVALID },      { "mipsle", SC_ARCH_INVALID },
        { "mips64le", SC_ARCH_INVALID }, { "mips64p32", SC_ARCH_INVALID },
        { "AMD64", SC_ARCH_INVALID },    { "x86_64", SC_ARCH_INVALID },
        { "aarch64", SC_ARCH_INVALID },  { "SCMP_ARCH_X86_64", SC_ARCH_INVALID },
        { "", SC_ARCH_INVALID },
};

static void test_from_go_name(void)
{
        for (size_t i = 0; i < ELEMENTSOF(go_names); i++)
                EXPECT_TRUE(sc_arch_from_go_name(go_names[i].name) ==
                                    go_names[i].arch,
                            "sc_arch_from_go_name(\"%s\") = %d, expected %d",
                            go_names[i].name,
                            sc_arch_from_go_name(go_names[i].name),
                            go_names[i].arch);
        ASSERT_EQ(sc_arch_from_go_name(NULL), SC_ARCH_INVALID);
}

static void test_table_consistent(void)
{
        for (int i = 0; i < _SC_ARCH_MAX; i++) {
                const struct sc_arch_info *a = sc_arch_info((enum sc_arch)i);
                ASSERT_TRUE(a);
                ASSERT_EQ(a->arch, i);
                ASSERT_TRUE(a->scmp_name && a->name && a->go_name);
                EXPECT_TRUE(strncmp(a->scmp_name, "SCMP_ARCH_", 10) == 0,
                            "%s", a->scmp_name);
                ASSERT_EQ(sc_arch_from_name(a->scmp_name), i);
                ASSERT_EQ(sc_arch_from_name(a->name), i);
                ASSERT_EQ(sc_arch_from_go_name(a->go_name), i);
                if (i != SC_ARCH_X32)
                        ASSERT_EQ(sc_arch_from_audit(a->audit_arch), i);
                /* the 64-bit audit bit agrees with is_64bit, except for the
                 * ILP32 ABIs that run on 64-bit kernels */
                bool bit64 = a->audit_arch & 0x80000000U;
                if (i != SC_ARCH_X32 && i != SC_ARCH_MIPS64N32 &&
                    i != SC_ARCH_MIPSEL64N32)
                        EXPECT_TRUE(bit64 == a->is_64bit, "%s", a->scmp_name);
                bool le = a->audit_arch & 0x40000000U;
                EXPECT_TRUE(le == !a->big_endian, "%s", a->scmp_name);
                /* every SCMP name is in the list, as a whole word */
                const char *list = sc_arch_valid_names();
                const char *p = strstr(list, a->scmp_name);
                bool found = false;
                while (p) {
                        char next = p[strlen(a->scmp_name)];
                        if (next == ',' || next == '\0')
                                found = true;
                        p = strstr(p + 1, a->scmp_name);
                }
                EXPECT_TRUE(found, "%s not in \"%s\"", a->scmp_name, list);
        }
        ASSERT_TRUE(sc_arch_info(_SC_ARCH_MAX) == NULL);
        ASSERT_TRUE(sc_arch_info(SC_ARCH_INVALID) == NULL);
        ASSERT_EQ(sc_arch_from_audit(0), SC_ARCH_INVALID);
        ASSERT_TRUE(strncmp(sc_arch_valid_names(), "SCMP_ARCH_X86_64, ", 18) ==
                    0);
}

static const struct {
        enum sc_arch arch;
        uint32_t off;
} offsets[] = {
        { SC_ARCH_X86_64, 0 },         { SC_ARCH_X32, 0x40000000U },
        { SC_ARCH_MIPS, 4000 },        { SC_ARCH_MIPSEL, 4000 },
        { SC_ARCH_MIPS64, 5000 },      { SC_ARCH_MIPSEL64, 5000 },
        { SC_ARCH_MIPS64N32, 6000 },   { SC_ARCH_MIPSEL64N32, 6000 },
        { SC_ARCH_AARCH64, 0 },        { SC_ARCH_S390X, 0 },
};

static void test_nr_offset(void)
{
        for (size_t i = 0; i < ELEMENTSOF(offsets); i++)
                EXPECT_TRUE(sc_arch_info(offsets[i].arch)->nr_offset ==
                                    offsets[i].off,
                            "%s", sc_arch_info(offsets[i].arch)->scmp_name);
}

static void test_native(void)
{
        enum sc_arch n = sc_arch_native();
        ASSERT_TRUE(n != SC_ARCH_INVALID);
        ASSERT_EQ_U64(sc_arch_info(n)->audit_arch, seccomp_arch_native() ==
                                                           SCMP_ARCH_X32
                                                   ? 0xc000003eU
                                                   : seccomp_arch_native());
}

int main(void)
{
        RUN(test_audit_values_match_libseccomp);
        RUN(test_x32);
        RUN(test_from_name);
        RUN(test_from_go_name);
        RUN(test_table_consistent);
        RUN(test_nr_offset);
        RUN(test_native);
        return test_exit();
}
