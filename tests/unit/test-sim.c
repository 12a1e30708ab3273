/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The simulator, the kernel-check emulation (bpf_check_classic +
 * seccomp_check_filter), the action-cache analysis and the disassembler,
 * on hand-written programs.
 */
#include "test.h"
#include "bpf.h"

#define STMT(c, k) { (uint16_t)(c), 0, 0, (k) }
#define JUMP(c, k, t, f) { (uint16_t)(c), (t), (f), (k) }
#define LD_NR STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_NR)
#define LD_ARCH STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_ARCH)
#define RET(k) STMT(SC_BPF_RET | SC_BPF_K, (k))
#define X86_64 0xc000003eU

static struct sc_filter F(struct sc_insn *v, size_t n)
{
        return (struct sc_filter){ v, n };
}

static void test_alu_and_memory(void)
{
        /* A = args[0].lo; X = 3; A = (A + X) * 2 - 1; M[2] = A;
         * A = args[0].hi; A |= M[2] via X; ret A */
        struct sc_insn p[] = {
                STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_ARGS),
                STMT(SC_BPF_LDX | SC_BPF_IMM, 3),
                STMT(SC_BPF_ALU | SC_BPF_ADD | SC_BPF_X, 0),
                STMT(SC_BPF_ALU | SC_BPF_MUL | SC_BPF_K, 2),
                STMT(SC_BPF_ALU | SC_BPF_SUB | SC_BPF_K, 1),
                STMT(SC_BPF_ST, 2),
                STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_ARGS + 4),
                STMT(SC_BPF_LDX | SC_BPF_MEM, 2),
                STMT(SC_BPF_ALU | SC_BPF_OR | SC_BPF_X, 0),
                STMT(SC_BPF_RET | SC_BPF_A, 0),
        };
        struct sc_filter f = F(p, ELEMENTSOF(p));
        struct sc_seccomp_data d = { .arch = X86_64,
                                     .args = { (UINT64_C(0x100) << 32) | 10 } };
        size_t ex;
        ASSERT_EQ(sc_filter_check(&f, NULL), 0);
        ASSERT_EQ_U64(sc_sim_run(&f, &d, &ex), 0x100 | 25);
        ASSERT_EQ(ex, 10);

        /* big-endian layout: the high word comes first */
        d.arch = 0x80000016; /* s390x */
        ASSERT_EQ_U64(sc_sim_run(&f, &d, NULL), ((0x100 + 3) * 2 - 1) | 10);
}

static void test_jumps(void)
{
        struct sc_insn p[] = {
                LD_NR,
                JUMP(SC_BPF_JMP | SC_BPF_JSET | SC_BPF_K, 0x40000000, 4, 0),
                JUMP(SC_BPF_JMP | SC_BPF_JGT | SC_BPF_K, 100, 1, 0),
                STMT(SC_BPF_JMP | SC_BPF_JA, 1),
                RET(SC_RET_ERRNO | 38),
                RET(SC_RET_ALLOW),
                RET(SC_RET_KILL_PROCESS),
        };
        struct sc_filter f = F(p, ELEMENTSOF(p));
        struct { uint32_t nr, want; size_t ex; } rows[] = {
                { 5, SC_RET_ALLOW, 5 },
                { 101, SC_RET_ERRNO | 38, 4 },
                { 0x40000001, SC_RET_KILL_PROCESS, 3 },
        };
        ASSERT_EQ(sc_filter_check(&f, NULL), 0);
        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                struct sc_seccomp_data d = { .nr = rows[i].nr, .arch = X86_64 };
                size_t ex;
                EXPECT_TRUE(sc_sim_run(&f, &d, &ex) == rows[i].want, "row %zu", i);
                EXPECT_TRUE(ex == rows[i].ex, "row %zu executed %zu", i, ex);
        }
}

static void test_check_rejects(void)
{
        static const struct {
                const char *what;
                struct sc_insn p[3];
                size_t n;
                size_t bad_pc;
        } rows[] = {
                { "jump past the end", { JUMP(SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K, 0, 1, 0), RET(0) }, 2, 0 },
                { "ja past the end", { STMT(SC_BPF_JMP | SC_BPF_JA, 1), RET(0) }, 2, 0 },
                { "unaligned load", { STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, 2), RET(0) }, 2, 0 },
                { "load past seccomp_data", { STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, 64), RET(0) }, 2, 0 },
                { "byte load", { STMT(SC_BPF_LD | SC_BPF_B | SC_BPF_ABS, 0), RET(0) }, 2, 0 },
                { "division by constant zero", { STMT(SC_BPF_ALU | SC_BPF_DIV | SC_BPF_K, 0), RET(0) }, 2, 0 },
                { "no return at the end", { LD_NR, LD_NR }, 2, 1 },
                { "scratch slot 16", { STMT(SC_BPF_ST, 16), RET(0) }, 2, 0 },
                { "empty", { RET(0) }, 0, 0 },
        };
        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                struct sc_filter f = F((struct sc_insn *)rows[i].p, rows[i].n);
                size_t pc = 99;
                EXPECT_TRUE(sc_filter_check(&f, &pc) == -EINVAL, "%s accepted",
                            rows[i].what);
                EXPECT_TRUE(rows[i].n == 0 || pc == rows[i].bad_pc,
                            "%s: pc %zu", rows[i].what, pc);
        }
        struct sc_filter *g = NULL;
        struct sc_insn ok[] = { RET(SC_RET_ALLOW) };
        ASSERT_EQ(sc_filter_from_raw(ok, 7, &g), -EINVAL);
        ASSERT_EQ(sc_filter_from_raw(ok, sizeof(ok), &g), 0);
        ASSERT_EQ(g->n, 1);
        sc_filter_free(g);
}

static void test_const_allow(void)
{
        struct sc_insn p[] = {
                LD_ARCH,
                JUMP(SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K, X86_64, 0, 6),
                LD_NR,
                STMT(SC_BPF_ALU | SC_BPF_AND | SC_BPF_K, 0xff),
                JUMP(SC_BPF_JMP | SC_BPF_JGE | SC_BPF_K, 10, 0, 2),
                STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_ARGS),
                JUMP(SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K, 0, 1, 0),
                RET(SC_RET_ALLOW),
                RET(SC_RET_ERRNO | 1),
        };
        struct sc_filter f = F(p, ELEMENTSOF(p));
        ASSERT_EQ(sc_filter_check(&f, NULL), 0);
        /* nr & 0xff < 10: straight to ALLOW on constants only */
        ASSERT_TRUE(sc_filter_const_allow(&f, X86_64, 3));
        ASSERT_TRUE(sc_filter_const_allow(&f, X86_64, 0x103));
        /* >= 10: an argument is loaded, not constant */
        ASSERT_TRUE(!sc_filter_const_allow(&f, X86_64, 12));
        /* other arch: reaches RET ERRNO, constant but not ALLOW */
        ASSERT_TRUE(!sc_filter_const_allow(&f, 0x40000003, 3));
}

static void test_disasm(void)
{
        struct sc_insn p[] = {
                LD_ARCH,
                JUMP(SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K, X86_64, 0, 4),
                STMT(SC_BPF_LD | SC_BPF_W | SC_BPF_ABS, SC_OFF_ARGS + 12),
                JUMP(SC_BPF_JMP | SC_BPF_JSET | SC_BPF_K, 4, 1, 0),
                RET(SC_RET_TRACE | 7),
                RET(SC_RET_ERRNO | 1),
                RET(SC_RET_KILL_PROCESS),
        };
        struct sc_filter f = F(p, ELEMENTSOF(p));
        _cleanup_free_ char *s = sc_disasm(&f, false, 0);
        ASSERT_STREQ(s, "     0  ld [arch]\n"
                        "     1  jeq #0xc000003e, L2, L6\n"
                        "L2:\n"
                        "     2  ld [args[1].hi]\n"
                        "     3  jset #4, L5, L4\n"
                        "L4:\n"
                        "     4  ret TRACE(7)\n"
                        "L5:\n"
                        "     5  ret ERRNO(1)\n"
                        "L6:\n"
                        "     6  ret KILL_PROCESS\n");
        _cleanup_free_ char *be = sc_disasm(&f, true, SC_DISASM_NO_LINENO);
        ASSERT_TRUE(strstr(be, "        ld [args[1].lo]\n") != NULL);
        _cleanup_free_ char *hex = sc_filter_to_hex(&f);
        ASSERT_TRUE(strncmp(hex, "0020 00 00 00000004\n0015 00 04 c000003e\n", 40) == 0);
        _cleanup_free_ char *c = sc_filter_to_c(&f, "prog");
        ASSERT_TRUE(strstr(c, "static const struct sock_filter prog[] = {") != NULL);
        ASSERT_TRUE(strstr(c, "{ 0x0006,   0,   0, 0x80000000 }, /* ret KILL_PROCESS */") != NULL);
}

int main(void)
{
        RUN(test_alu_and_memory);
        RUN(test_jumps);
        RUN(test_check_rejects);
        RUN(test_const_allow);
        RUN(test_disasm);
        return test_exit();
}
