/* SPDX-License-Identifier: Apache-2.0 */
#include "syscalls.h"
#include "test.h"

#include <linux/audit.h>
#include <seccomp.h>

static const struct {
        enum sc_arch arch;
        const char *name;
        uint32_t nr;
} known[] = {
        { SC_ARCH_X86_64, "read", 0 },
        { SC_ARCH_X86_64, "open", 2 },
        { SC_ARCH_X86_64, "openat", 257 },
        { SC_ARCH_X86_64, "close_range", 436 },
        { SC_ARCH_X86_64, "rt_sigreturn", 15 },
        { SC_ARCH_X86_64, "arch_prctl", 158 },
        { SC_ARCH_X86_64, "mseal", 462 },
        /* Linux 6.13-6.17 (the generator's LATER list; issue 18) */
        { SC_ARCH_X86_64, "setxattrat", 463 },
        { SC_ARCH_X86_64, "file_setattr", 469 },
        { SC_ARCH_X32, "file_getattr", 468 },
        { SC_ARCH_X86, "open_tree_attr", 467 },
        { SC_ARCH_AARCH64, "removexattrat", 466 },
        { SC_ARCH_RISCV64, "getxattrat", 464 },
        { SC_ARCH_MIPS, "listxattrat", 465 },
        { SC_ARCH_S390X, "file_setattr", 469 },
        /* x32: table numbers, the 0x40000000 bit is nr_offset */
        { SC_ARCH_X32, "read", 0 },
        { SC_ARCH_X32, "rt_sigaction", 512 },
        { SC_ARCH_X32, "execve", 520 },
        { SC_ARCH_X86, "read", 3 },
        { SC_ARCH_X86, "socketcall", 102 },
        { SC_ARCH_X86, "ipc", 117 },
        { SC_ARCH_X86, "socket", 359 },
        { SC_ARCH_X86, "_llseek", 140 },
        { SC_ARCH_X86, "break", 17 },
        { SC_ARCH_AARCH64, "openat", 56 },
        { SC_ARCH_AARCH64, "renameat", 38 },
        { SC_ARCH_AARCH64, "newfstatat", 79 },
        { SC_ARCH_AARCH64, "memfd_secret", 447 },
        { SC_ARCH_ARM, "read", 3 },
        { SC_ARCH_ARM, "openat", 322 },
        { SC_ARCH_ARM, "cacheflush", 0x0f0002 },
        { SC_ARCH_ARM, "set_tls", 0x0f0005 },
        { SC_ARCH_ARM, "arm_fadvise64_64", 270 },
        { SC_ARCH_RISCV64, "openat", 56 },
        { SC_ARCH_RISCV64, "riscv_flush_icache", 259 },
        { SC_ARCH_RISCV64, "riscv_hwprobe", 258 },
        { SC_ARCH_MIPS, "read", 3 },
        { SC_ARCH_MIPSEL64, "read", 0 },
        { SC_ARCH_MIPS64N32, "read", 0 },
        { SC_ARCH_MIPS64, "set_mempolicy_home_node", 450 },
        { SC_ARCH_PPC64LE, "read", 3 },
        { SC_ARCH_S390X, "read", 3 },
        { SC_ARCH_LOONGARCH64, "openat", 56 },
        { SC_ARCH_SHEB, "read", 3 },
};

static void test_known_numbers(void)
{
        for (size_t i = 0; i < ELEMENTSOF(known); i++) {
                uint32_t nr = UINT32_MAX;
                int r = sc_syscall_resolve(known[i].arch, known[i].name, &nr);
                const char *an = sc_arch_info(known[i].arch)->name;
                EXPECT_TRUE(r == 0 && nr == known[i].nr,
                            "%s %s: r=%d nr=%u, expected %u", an,
                            known[i].name, r, nr, known[i].nr);
                const char *n = sc_syscall_name(known[i].arch, known[i].nr);
                EXPECT_TRUE(n && streq(n, known[i].name), "%s %u: %s", an,
                            known[i].nr, n ? n : "(null)");
        }
}

static const struct {
        enum sc_arch arch;
        const char *name;
} absent[] = {
        { SC_ARCH_AARCH64, "open" },       { SC_ARCH_RISCV64, "renameat" },
        { SC_ARCH_X86_64, "socketcall" },  { SC_ARCH_X86_64, "" },
        { SC_ARCH_X86_64, "READ" },        { SC_ARCH_X86_64, "read " },
        { SC_ARCH_X86, "recv" },           { SC_ARCH_X86, "semtimedop" },
        { SC_ARCH_X86_64, "unused18" },    { SC_ARCH_ARM, "fork_" },
        { SC_ARCH_X86_64, "aaaa" },        { SC_ARCH_X86_64, "zzzz" },
        { SC_ARCH_INVALID, "read" },       { _SC_ARCH_MAX, "read" },
};

static void test_unknown(void)
{
        for (size_t i = 0; i < ELEMENTSOF(absent); i++) {
                uint32_t nr = 12345;
                EXPECT_TRUE(sc_syscall_resolve(absent[i].arch, absent[i].name,
                                               &nr) == -ENOENT &&
                                    nr == 12345,
                            "%d \"%s\" resolved", absent[i].arch,
                            absent[i].name);
        }
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, NULL, NULL), -ENOENT);
        ASSERT_TRUE(sc_syscall_name(SC_ARCH_X86_64, 100000) == NULL);
        ASSERT_TRUE(sc_syscall_name(SC_ARCH_X86_64, UINT32_MAX) == NULL);
        ASSERT_TRUE(sc_syscall_name(SC_ARCH_INVALID, 0) == NULL);
        ASSERT_TRUE(sc_syscall_name(SC_ARCH_X32, 0x40000000U) == NULL);
        /* resolving without ret_nr works */
        ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, "read", NULL), 0);

        ASSERT_TRUE(sc_syscall_known_anywhere("read"));
        ASSERT_TRUE(sc_syscall_known_anywhere("socketcall"));
        ASSERT_TRUE(sc_syscall_known_anywhere("cacheflush"));
        ASSERT_TRUE(sc_syscall_known_anywhere("recv"));
        ASSERT_TRUE(!sc_syscall_known_anywhere("reed"));
        ASSERT_TRUE(!sc_syscall_known_anywhere(""));
        ASSERT_TRUE(!sc_syscall_known_anywhere(NULL));
        ASSERT_TRUE(!sc_syscall_known_anywhere("unused18"));
}

static void test_round_trips(void)
{
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                const char *an = sc_arch_info((enum sc_arch)a)->name;
                EXPECT_TRUE(sc_syscall_arch_has_table((enum sc_arch)a),
                            "%s has no table", an);
                size_t i = 0, count = 0;
                const char *name;
                uint32_t nr, prev = 0, max = 0;
                while (sc_syscall_next((enum sc_arch)a, &i, &name, &nr)) {
                        uint32_t got;
                        count++;
                        EXPECT_TRUE(count == 1 || nr > prev,
                                    "%s: %s=%u not ascending", an, name, nr);
                        prev = nr;
                        if (nr > max)
                                max = nr;
                        EXPECT_TRUE(sc_syscall_resolve((enum sc_arch)a, name,
                                                       &got) == 0 &&
                                            got == nr,
                                    "%s: %s", an, name);
                        const char *back = sc_syscall_name((enum sc_arch)a, nr);
                        EXPECT_TRUE(back && streq(back, name), "%s: %u", an,
                                    nr);
                        EXPECT_TRUE(sc_syscall_known_anywhere(name), "%s",
                                    name);
                }
                EXPECT_TRUE(count > 250, "%s: only %zu syscalls", an, count);
                EXPECT_TRUE(sc_syscall_max_nr((enum sc_arch)a) == max,
                            "%s: max %u != %u", an,
                            sc_syscall_max_nr((enum sc_arch)a), max);
                /* the end is sticky */
                EXPECT_TRUE(!sc_syscall_next((enum sc_arch)a, &i, NULL, NULL),
                            "%s", an);
        }
        size_t i = 0;
        ASSERT_TRUE(!sc_syscall_next(SC_ARCH_INVALID, &i, NULL, NULL));
        ASSERT_EQ(sc_syscall_max_nr(SC_ARCH_INVALID), 0);
        ASSERT_TRUE(!sc_syscall_arch_has_table(SC_ARCH_INVALID));
        ASSERT_EQ(sc_syscall_max_nr(SC_ARCH_X86_64), 469);
        ASSERT_EQ(sc_syscall_max_nr(SC_ARCH_ARM), 0x0f0006);
}

/* The arch's number for name by walking its whole table: the answer the
 * hash and the per-arch id arrays must give.  -1 when it has no such name. */
static int64_t scan_arch(enum sc_arch arch, const char *name)
{
        size_t i = 0;
        const char *n;
        uint32_t nr;
        while (sc_syscall_next(arch, &i, &n, &nr))
                if (streq(n, name))
                        return nr;
        return -1;
}

static void test_ids(void)
{
        size_t n_ids = 0;

        /* every name of every arch has an id that names it */
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                size_t i = 0, count = 0;
                const char *name;
                while (sc_syscall_next((enum sc_arch)a, &i, &name, NULL)) {
                        int id = sc_syscall_id(name);
                        count++;
                        EXPECT_TRUE(id >= 0 &&
                                            streq(sc_syscall_id_name(id), name),
                                    "%s: id %d", name, id);
                }
                EXPECT_TRUE(sc_syscall_count((enum sc_arch)a) == count,
                            "%s: count %zu != %zu", sc_arch_info(a)->name,
                            sc_syscall_count((enum sc_arch)a), count);
        }
        /* ids are 0 .. n-1; each one, on each arch, agrees with a scan of
         * the arch's whole table */
        for (int id = 0; sc_syscall_id_name(id); id++, n_ids++) {
                const char *name = sc_syscall_id_name(id);
                bool somewhere = false, said = false, yes = false;
                EXPECT_TRUE(sc_syscall_id(name) == id, "%s: id %d != %d", name,
                            sc_syscall_id(name), id);
                for (int a = 0; a < _SC_ARCH_MAX; a++) {
                        enum sc_arch arch = (enum sc_arch)a;
                        int64_t want = scan_arch(arch, name);
                        uint32_t nr = UINT32_MAX, nr2 = UINT32_MAX;
                        int r = sc_syscall_resolve_id(arch, id, &nr);
                        int r2 = sc_syscall_resolve(arch, name, &nr2);
                        char ans = sc_syscall_lsc_answer_id(arch, id);
                        EXPECT_TRUE(want < 0 ? r == -ENOENT && r2 == -ENOENT
                                             : r == 0 && nr == want &&
                                                       r2 == 0 && nr2 == want,
                                    "%s %s: %d %u / %d %u, scan %lld",
                                    sc_arch_info(arch)->name, name, r, nr, r2,
                                    nr2, (long long)want);
                        EXPECT_TRUE((ans != 0) == (want >= 0) &&
                                            ans == sc_syscall_lsc_answer(arch,
                                                                         name),
                                    "%s %s: answer '%c'",
                                    sc_arch_info(arch)->name, name, ans);
                        somewhere = somewhere || want >= 0;
                        said = said || ans == 'y' || ans == 'n';
                        yes = yes || ans == 'y';
                }
                EXPECT_TRUE(somewhere, "%s is on no arch", name);
                /* the generator's rule for the answer over all arches */
                EXPECT_TRUE(sc_syscall_lsc_answer_anywhere_id(id) ==
                                    (said && !yes ? 'n' : 'y'),
                            "%s: anywhere '%c'", name,
                            sc_syscall_lsc_answer_anywhere_id(id));
        }
        ASSERT_TRUE(n_ids > 400);

        /* misses: the hash must not find what is not there */
        static const char *const absent_names[] = {
                "", "reed", "rea", "readx", "read ", " read", "READ", "Read",
                "read\n", "\xff\xfe", "unused18", "socketcal", "ipc_",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        };
        for (size_t i = 0; i < ELEMENTSOF(absent_names); i++) {
                const char *name = absent_names[i];
                EXPECT_TRUE(sc_syscall_id(name) == -ENOENT, "\"%s\" has id %d",
                            name, sc_syscall_id(name));
        }
        ASSERT_EQ(sc_syscall_id(NULL), -ENOENT);
        /* a negative or too large id is an unknown name everywhere */
        static const int bad_ids[] = { -ENOENT, -1, INT32_MIN, 65535, INT32_MAX };
        for (size_t i = 0; i < ELEMENTSOF(bad_ids); i++) {
                int id = bad_ids[i];
                uint32_t nr = 7;
                EXPECT_TRUE(sc_syscall_id_name(id) == NULL &&
                                    sc_syscall_resolve_id(SC_ARCH_X86_64, id,
                                                          &nr) == -ENOENT &&
                                    nr == 7 &&
                                    sc_syscall_lsc_answer_id(SC_ARCH_X86_64,
                                                             id) == 0 &&
                                    sc_syscall_lsc_answer_anywhere_id(id) == 0,
                            "id %d", id);
        }
        int read_id = sc_syscall_id("read");
        ASSERT_TRUE(read_id >= 0);
        ASSERT_EQ(sc_syscall_resolve_id(SC_ARCH_INVALID, read_id, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_resolve_id(_SC_ARCH_MAX, read_id, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_lsc_answer_id(SC_ARCH_INVALID, read_id), 0);
        ASSERT_EQ(sc_syscall_count(SC_ARCH_INVALID), 0);
}

/* linux/net.h SYS_* and linux/ipc.h call numbers. */
static const struct {
        const char *name;
        uint32_t call;
} socketcalls[] = {
        { "socket", 1 },       { "bind", 2 },         { "connect", 3 },
        { "listen", 4 },       { "accept", 5 },       { "getsockname", 6 },
        { "getpeername", 7 },  { "socketpair", 8 },   { "send", 9 },
        { "recv", 10 },        { "sendto", 11 },      { "recvfrom", 12 },
        { "shutdown", 13 },    { "setsockopt", 14 },  { "getsockopt", 15 },
        { "sendmsg", 16 },     { "recvmsg", 17 },     { "accept4", 18 },
        { "recvmmsg", 19 },    { "sendmmsg", 20 },
}, ipccalls[] = {
        { "semop", 1 },   { "semget", 2 },  { "semctl", 3 },
        { "semtimedop", 4 }, { "msgsnd", 11 }, { "msgrcv", 12 },
        { "msgget", 13 }, { "msgctl", 14 }, { "shmat", 21 },
        { "shmdt", 22 },  { "shmget", 23 }, { "shmctl", 24 },
};

static void test_subcalls(void)
{
        uint32_t tok = seccomp_arch_resolve_name("x86");
        ASSERT_TRUE(tok);
        for (size_t i = 0; i < ELEMENTSOF(socketcalls); i++) {
                uint32_t c = 0;
                EXPECT_TRUE(sc_socketcall_subcall(socketcalls[i].name, &c) ==
                                            0 &&
                                    c == socketcalls[i].call,
                            "%s", socketcalls[i].name);
                EXPECT_TRUE(sc_ipc_subcall(socketcalls[i].name, NULL) ==
                                    -ENOENT,
                            "%s", socketcalls[i].name);
                /* libseccomp: __PNR_socket = -101 ... on i386 */
                int r = seccomp_syscall_resolve_name_arch(
                        tok, socketcalls[i].name);
                EXPECT_TRUE(r == -(int)(100 + socketcalls[i].call),
                            "libseccomp x86 %s = %d", socketcalls[i].name, r);
        }
        for (size_t i = 0; i < ELEMENTSOF(ipccalls); i++) {
                uint32_t c = 0;
                EXPECT_TRUE(sc_ipc_subcall(ipccalls[i].name, &c) == 0 &&
                                    c == ipccalls[i].call,
                            "%s", ipccalls[i].name);
                EXPECT_TRUE(sc_socketcall_subcall(ipccalls[i].name, NULL) ==
                                    -ENOENT,
                            "%s", ipccalls[i].name);
                int r = seccomp_syscall_resolve_name_arch(tok,
                                                          ipccalls[i].name);
                EXPECT_TRUE(r == -(int)(200 + ipccalls[i].call),
                            "libseccomp x86 %s = %d", ipccalls[i].name, r);
        }
        ASSERT_EQ(sc_socketcall_subcall("read", NULL), -ENOENT);
        ASSERT_EQ(sc_socketcall_subcall("socketcall", NULL), -ENOENT);
        ASSERT_EQ(sc_socketcall_subcall(NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_ipc_subcall("ipc", NULL), -ENOENT);
        ASSERT_EQ(sc_ipc_subcall("", NULL), -ENOENT);

        /* sc_syscall_subcall answers both; every such name has an id (the
         * compiler keys pseudo entries by it, compile-rules.c) */
        for (size_t i = 0; i < ELEMENTSOF(socketcalls); i++) {
                const char *mux = NULL;
                uint32_t c = 0;
                EXPECT_TRUE(sc_syscall_subcall(socketcalls[i].name, &mux, &c) ==
                                            0 &&
                                    streq(mux, "socketcall") &&
                                    c == socketcalls[i].call &&
                                    sc_syscall_id(socketcalls[i].name) >= 0,
                            "%s", socketcalls[i].name);
        }
        for (size_t i = 0; i < ELEMENTSOF(ipccalls); i++) {
                const char *mux = NULL;
                uint32_t c = 0;
                EXPECT_TRUE(sc_syscall_subcall(ipccalls[i].name, &mux, &c) == 0 &&
                                    streq(mux, "ipc") && c == ipccalls[i].call &&
                                    sc_syscall_id(ipccalls[i].name) >= 0,
                            "%s", ipccalls[i].name);
        }
        /* and nothing else: every name of the tables, and some that are not */
        size_t subcalls = 0;
        for (int id = 0; sc_syscall_id_name(id); id++) {
                const char *name = sc_syscall_id_name(id);
                bool want = sc_socketcall_subcall(name, NULL) == 0 ||
                            sc_ipc_subcall(name, NULL) == 0;
                subcalls += want;
                EXPECT_TRUE((sc_syscall_subcall(name, NULL, NULL) == 0) == want,
                            "%s", name);
        }
        ASSERT_EQ(subcalls, ELEMENTSOF(socketcalls) + ELEMENTSOF(ipccalls));
        ASSERT_EQ(sc_syscall_subcall("", NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_subcall("a", NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_subcall("zzz", NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_subcall("socke", NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_subcall("sockets", NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_syscall_subcall(NULL, NULL, NULL), -ENOENT);
        ASSERT_EQ(sc_ipc_subcall(NULL, NULL), -ENOENT);
}

/* The compiler's rule for when to add socketcall/ipc variants: exactly the
 * arches whose table has socketcall (ipc) are the ones where libseccomp
 * maps every socket (SysV IPC) name to its multiplexer pseudo number.
 * Elsewhere libseccomp has a real number exactly when our table has the
 * name (its other negative numbers mean "no such syscall here"). */
static void check_mux(enum sc_arch arch, uint32_t tok, const char *name,
                      uint32_t call, uint32_t base, bool muxed)
{
        const char *an = sc_arch_info(arch)->name;
        int r = seccomp_syscall_resolve_name_arch(tok, name);
        if (muxed)
                EXPECT_TRUE(r == -(int)(base + call), "%s: %s = %d", an, name,
                            r);
        else
                EXPECT_TRUE((r >= 0) ==
                                    (sc_syscall_resolve(arch, name, NULL) == 0),
                            "%s: %s = %d", an, name, r);
}

static void test_multiplexed_arches(void)
{
        unsigned muxed_arches = 0;
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                enum sc_arch arch = (enum sc_arch)a;
                uint32_t tok = seccomp_arch_resolve_name(sc_arch_info(arch)->name);
                if (!tok)
                        continue;
                bool has_sc = sc_syscall_resolve(arch, "socketcall", NULL) == 0;
                bool has_ipc = sc_syscall_resolve(arch, "ipc", NULL) == 0;
                muxed_arches += has_sc;
                for (size_t i = 0; i < ELEMENTSOF(socketcalls); i++)
                        check_mux(arch, tok, socketcalls[i].name,
                                  socketcalls[i].call, 100, has_sc);
                for (size_t i = 0; i < ELEMENTSOF(ipccalls); i++)
                        check_mux(arch, tok, ipccalls[i].name,
                                  ipccalls[i].call, 200, has_ipc);
        }
        /* x86, mips, mipsel, ppc, ppc64, ppc64le, s390, s390x */
        ASSERT_EQ(muxed_arches, 8);
}

/*
 * Where the kernel 6.12 tables and libseccomp 2.5.4 disagree, the kernel
 * wins (it decides what a number means); these are the known cases.
 */
static const struct {
        enum sc_arch arch;
        const char *name;
        const char *why;
} libseccomp_differs[] = {
        { SC_ARCH_X32, "map_shadow_stack",
          "kernel: common (also x32); libseccomp: not on x32" },
        { SC_ARCH_PARISC64, "_llseek",
          "kernel: 32-bit ABI only; libseccomp: 140 on parisc64 too" },
};

static bool differs_known(enum sc_arch arch, const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(libseccomp_differs); i++)
                if (libseccomp_differs[i].arch == arch &&
                    streq(libseccomp_differs[i].name, name))
                        return true;
        return false;
}

static bool is_subcall(const char *name, int pnr)
{
        uint32_t c;
        if (sc_socketcall_subcall(name, &c) == 0)
                return pnr == -(int)(100 + c);
        if (sc_ipc_subcall(name, &c) == 0)
                return pnr == -(int)(200 + c);
        return false;
}

/* Every name libseccomp knows on the arch has the same number here, and
 * every number libseccomp knows has the same name here.  Names only we
 * know (syscalls newer than libseccomp 2.5.4) are listed, not failed. */
static void compare_arch(enum sc_arch arch, size_t *ret_extra)
{
        const struct sc_arch_info *ai = sc_arch_info(arch);
        uint32_t tok = seccomp_arch_resolve_name(ai->name);
        size_t extra = 0;
        if (!tok) {
                printf("# libseccomp does not know %s, not compared\n",
                       ai->name);
                *ret_extra = 0;
                return;
        }

        size_t i = 0;
        const char *name;
        uint32_t nr;
        while (sc_syscall_next(arch, &i, &name, &nr)) {
                int r = seccomp_syscall_resolve_name_arch(tok, name);
                uint32_t kernel_nr = nr + ai->nr_offset;
                if (differs_known(arch, name))
                        continue;
                if (r == __NR_SCMP_ERROR) {
                        printf("%s %s", extra ? "" : "# unknown to libseccomp on",
                               extra ? name : ai->name);
                        if (!extra)
                                printf(": %s", name);
                        extra++;
                        continue;
                }
                if (r < 0) {
                        /* multiplexed: the pseudo number must be the
                         * subcall, and the direct number must be ours */
                        EXPECT_TRUE(is_subcall(name, r),
                                    "%s: %s: libseccomp pseudo %d", ai->name,
                                    name, r);
                        _cleanup_free_ char *back =
                                seccomp_syscall_resolve_num_arch(tok,
                                                                 kernel_nr);
                        EXPECT_TRUE(back && streq(back, name),
                                    "%s: %u is %s in libseccomp, %s here",
                                    ai->name, kernel_nr,
                                    back ? back : "(null)", name);
                        continue;
                }
                EXPECT_TRUE((uint32_t)r == kernel_nr,
                            "%s: %s: libseccomp %d, ours %u", ai->name, name,
                            r, kernel_nr);
        }

        if (extra)
                putchar('\n');

        /* The other direction: every number libseccomp names. */
        uint32_t max = sc_syscall_max_nr(arch);
        for (uint32_t n = 0; n <= max + 64; n++) {
                if (n > 2048 && n < 0x0f0000)
                        n = 0x0f0000; /* arm private calls */
                _cleanup_free_ char *lname =
                        seccomp_syscall_resolve_num_arch(tok,
                                                         n + ai->nr_offset);
                if (!lname || differs_known(arch, lname))
                        continue;
                const char *ours = sc_syscall_name(arch, n);
                EXPECT_TRUE(ours && streq(ours, lname),
                            "%s: %u is %s in libseccomp, %s here", ai->name,
                            n, lname, ours ? ours : "(nothing)");
        }
        *ret_extra = extra;
}

static void test_against_libseccomp(void)
{
        size_t total_extra = 0;
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                size_t extra;
                compare_arch((enum sc_arch)a, &extra);
                total_extra += extra;
        }
        /* 6.12 has mseal, statmount, listmount, lsm_* (and uretprobe,
         * riscv_hwprobe), 6.13-6.17 the *xattrat calls, open_tree_attr
         * and file_[gs]etattr, that 2.5.4 predates (about 15 per arch);
         * a much larger number would mean a naming problem, not new
         * syscalls. */
        EXPECT_TRUE(total_extra < 400, "%zu names unknown to libseccomp",
                    total_extra);
}

/* Numbers as an audit record or seccomp_data carries them: the audit
 * arch values come from the kernel's linux/audit.h, not from our table. */
static const struct {
        uint32_t audit_arch;
        int64_t nr;
        enum sc_arch arch;
        const char *name; /* NULL: no name */
} by_audit[] = {
        { AUDIT_ARCH_X86_64, 39, SC_ARCH_X86_64, "getpid" },
        { AUDIT_ARCH_X86_64, 0, SC_ARCH_X86_64, "read" },
        /* x32: the bit says so; the table number is without it */
        { AUDIT_ARCH_X86_64, 0x40000000 + 39, SC_ARCH_X32, "getpid" },
        { AUDIT_ARCH_X86_64, 0x40000000 + 512, SC_ARCH_X32, "rt_sigaction" },
        { AUDIT_ARCH_X86_64, 0x40000000 + 520, SC_ARCH_X32, "execve" },
        /* an x32-only table number without the bit is x86_64's: none */
        { AUDIT_ARCH_X86_64, 520, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_X86_64, 0x40000000 + 99999, SC_ARCH_X32, NULL },
        /* syscall(-1) stays x86_64, in either spelling */
        { AUDIT_ARCH_X86_64, -1, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_X86_64, 0xffffffff, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_X86_64, -2, SC_ARCH_X32, NULL },
        /* not a kernel number at all */
        { AUDIT_ARCH_X86_64, (1LL << 32) + 39, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_X86_64, INT64_MIN, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_X86_64, 99999, SC_ARCH_X86_64, NULL },
        { AUDIT_ARCH_I386, 20, SC_ARCH_X86, "getpid" },
        { AUDIT_ARCH_I386, 0x40000000 + 20, SC_ARCH_X86, NULL },
        { AUDIT_ARCH_AARCH64, 172, SC_ARCH_AARCH64, "getpid" },
        { AUDIT_ARCH_AARCH64, 2, SC_ARCH_AARCH64, "io_submit" },
        { AUDIT_ARCH_AARCH64, 1000, SC_ARCH_AARCH64, NULL },
        { AUDIT_ARCH_ARM, 0x0f0002, SC_ARCH_ARM, "cacheflush" },
        /* MIPS o32 numbers start at 4000: 20 is no o32 syscall */
        { AUDIT_ARCH_MIPS, 4020, SC_ARCH_MIPS, "getpid" },
        { AUDIT_ARCH_MIPS, 20, SC_ARCH_MIPS, NULL },
        { AUDIT_ARCH_MIPSEL64, 5038, SC_ARCH_MIPSEL64, "getpid" },
        { 0x12345678, 39, SC_ARCH_INVALID, NULL },
        { 0, 0, SC_ARCH_INVALID, NULL },
};

static void test_by_audit(void)
{
        for (size_t i = 0; i < ELEMENTSOF(by_audit); i++) {
                uint32_t aa = by_audit[i].audit_arch;
                int64_t nr = by_audit[i].nr;
                enum sc_arch a = sc_syscall_arch_audit(aa, nr);
                const char *n = sc_syscall_name_audit(aa, nr);
                const char *want = by_audit[i].name;
                EXPECT_TRUE(a == by_audit[i].arch,
                            "0x%08x %lld: arch %d, expected %d", aa,
                            (long long)nr, a, by_audit[i].arch);
                EXPECT_TRUE(want ? n && streq(n, want) : !n,
                            "0x%08x %lld: %s, expected %s", aa,
                            (long long)nr, n ? n : "(null)",
                            want ? want : "(null)");
        }
        /* the MIPS case above means something: the table has 20 */
        EXPECT_TRUE(sc_syscall_name(SC_ARCH_MIPS, 20) != NULL,
                    "mips table number 20 has no name");
}

int main(void)
{
        RUN(test_known_numbers);
        RUN(test_unknown);
        RUN(test_round_trips);
        RUN(test_ids);
        RUN(test_subcalls);
        RUN(test_multiplexed_arches);
        RUN(test_by_audit);
        RUN(test_against_libseccomp);
        return test_exit();
}
