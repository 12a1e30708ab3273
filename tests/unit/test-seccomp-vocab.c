/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seccomp vocabulary (seccomp-vocab.h), each item checked against the
 * real thing where there is one: argument-condition equality against
 * libseccomp 2.5.4's own (adding two rules with equal conditions and
 * different actions is EEXIST there), and "does libseccomp know the name"
 * against seccomp_syscall_resolve_name_arch() for every row of
 * data/syscalls.tsv.  The three users of the comparison (merge,
 * normalise, validate) must all agree with it: before this module they
 * disagreed on MASKED_EQ and on valueTwo of the other operators.
 */
#include <errno.h>
#include <seccomp.h>

#include "bpf.h"
#include "merge.h"
#include "profile.h"
#include "runtime-calls.h"
#include "seccomp-vocab.h"
#include "syscalls.h"
#include "test.h"

struct cond {
        uint32_t index;
        enum sc_op op;
        uint64_t value, value_two;
};

static const struct {
        const char *what;
        struct cond a, b;
        bool same; /* runc/crun load one comparison for both */
} arg_cases[] = {
        { "EQ, valueTwo differs (not used by EQ)",
          { 0, SC_OP_EQ, 5, 0 }, { 0, SC_OP_EQ, 5, 7 }, true },
        { "EQ, value differs",
          { 0, SC_OP_EQ, 5, 0 }, { 0, SC_OP_EQ, 6, 0 }, false },
        { "NE, valueTwo differs",
          { 0, SC_OP_NE, 3, 1 }, { 0, SC_OP_NE, 3, 2 }, true },
        { "LT, valueTwo differs",
          { 0, SC_OP_LT, 9, 4 }, { 0, SC_OP_LT, 9, 5 }, true },
        { "index differs",
          { 0, SC_OP_EQ, 5, 0 }, { 1, SC_OP_EQ, 5, 0 }, false },
        { "GE and GT",
          { 0, SC_OP_GE, 5, 0 }, { 0, SC_OP_GT, 5, 0 }, false },
        { "MASKED_EQ, identical",
          { 0, SC_OP_MASKED_EQ, 0xff, 0x12 },
          { 0, SC_OP_MASKED_EQ, 0xff, 0x12 }, true },
        { "MASKED_EQ, datum differs only outside the mask",
          { 0, SC_OP_MASKED_EQ, 0xff, 0x12 },
          { 0, SC_OP_MASKED_EQ, 0xff, 0x112 }, true },
        { "MASKED_EQ, high-word mask, low bits outside it",
          { 0, SC_OP_MASKED_EQ, 0xffffffff00000000ULL, 0x100000000ULL },
          { 0, SC_OP_MASKED_EQ, 0xffffffff00000000ULL, 0x1ffffffffULL },
          true },
        { "MASKED_EQ, datum differs inside the mask",
          { 0, SC_OP_MASKED_EQ, 0xff, 0x12 },
          { 0, SC_OP_MASKED_EQ, 0xff, 0x13 }, false },
        { "MASKED_EQ, mask differs",
          { 0, SC_OP_MASKED_EQ, 0xff, 0x12 },
          { 0, SC_OP_MASKED_EQ, 0xfff, 0x12 }, false },
};

static struct sc_arg to_arg(struct cond c)
{
        return (struct sc_arg){ .index = c.index, .op = c.op, .value = c.value,
                                .value_two = c.value_two,
                                .has_value_two = true };
}

static const enum scmp_compare scmp_ops[] = {
        [SC_OP_NE] = SCMP_CMP_NE, [SC_OP_LT] = SCMP_CMP_LT,
        [SC_OP_LE] = SCMP_CMP_LE, [SC_OP_EQ] = SCMP_CMP_EQ,
        [SC_OP_GE] = SCMP_CMP_GE, [SC_OP_GT] = SCMP_CMP_GT,
        [SC_OP_MASKED_EQ] = SCMP_CMP_MASKED_EQ,
};

/* libseccomp 2.5.4's verdict: ERRNO(1) under condition a, then ERRNO(2)
 * under b on one syscall; EEXIST means it holds them as the same
 * condition (runc: "file exists", the container does not start). */
static bool libseccomp_same(struct cond a, struct cond b)
{
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        struct scmp_arg_cmp ca = { a.index, scmp_ops[a.op], a.value, a.value_two };
        struct scmp_arg_cmp cb = { b.index, scmp_ops[b.op], b.value, b.value_two };
        int r1 = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(1), 1, 1, &ca);
        int r2 = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(2), 1, 1, &cb);
        seccomp_release(ctx);
        return r1 == 0 && r2 == -EEXIST;
}

static const char *json_op(enum sc_op op)
{
        return sc_op_name(op);
}

/* Two rules on different names with one action, conditions a and b:
 * normalising merges them into one rule exactly when a and b are the same
 * condition. */
static size_t normalized_rules(struct cond a, struct cond b)
{
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                 "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\","
                 "\"args\":[{\"index\":%u,\"value\":%" PRIu64 ",\"valueTwo\":%" PRIu64 ",\"op\":\"%s\"}]},"
                 "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\","
                 "\"args\":[{\"index\":%u,\"value\":%" PRIu64 ",\"valueTwo\":%" PRIu64 ",\"op\":\"%s\"}]}]}",
                 a.index, a.value, a.value_two, json_op(a.op), b.index, b.value,
                 b.value_two, json_op(b.op));
        _cleanup_(sc_profile_freep) struct sc_profile *p = test_parse_profile(json);
        if (!p)
                return 0;
        _cleanup_(sc_profile_freep) struct sc_profile *n = sc_profile_normalize(p);
        return n->n_rules;
}

/* Two rules on one name with different actions and conditions a and b:
 * the validator says "same conditions" exactly when libseccomp refuses
 * them with EEXIST. */
static bool validator_says_same(struct cond a, struct cond b)
{
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":["
                 "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1,"
                 "\"args\":[{\"index\":%u,\"value\":%" PRIu64 ",\"valueTwo\":%" PRIu64 ",\"op\":\"%s\"}]},"
                 "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":2,"
                 "\"args\":[{\"index\":%u,\"value\":%" PRIu64 ",\"valueTwo\":%" PRIu64 ",\"op\":\"%s\"}]}]}",
                 a.index, a.value, a.value_two, json_op(a.op), b.index, b.value,
                 b.value_two, json_op(b.op));
        _cleanup_(sc_profile_freep) struct sc_profile *p = test_parse_profile(json);
        struct sc_validate_opts o = { .compat = SC_COMPAT_RUNC,
                                      .target = SC_ARCH_X86_64 };
        struct sc_diags d = { 0 };
        bool same = false;
        if (!p)
                return false;
        sc_profile_validate(p, &o, &d);
        for (size_t i = 0; i < d.n; i++)
                if (strstr(d.items[i].message, "same conditions"))
                        same = true;
        sc_diags_clear(&d);
        return same;
}

static int sign(int v)
{
        return (v > 0) - (v < 0);
}

static void test_arg_cmp(void)
{
        for (size_t i = 0; i < ELEMENTSOF(arg_cases); i++) {
                const char *w = arg_cases[i].what;
                struct cond ca = arg_cases[i].a, cb = arg_cases[i].b;
                struct sc_arg a = to_arg(ca), b = to_arg(cb);
                bool same = arg_cases[i].same;

                /* the table itself says what libseccomp does */
                EXPECT_TRUE(libseccomp_same(ca, cb) == same,
                            "%s: libseccomp disagrees with the table", w);
                EXPECT_TRUE((sc_arg_cmp(&a, &b) == 0) == same, "%s: sc_arg_cmp", w);
                EXPECT_TRUE(sign(sc_arg_cmp(&a, &b)) == -sign(sc_arg_cmp(&b, &a)),
                            "%s: not antisymmetric", w);
                EXPECT_TRUE(sc_args_equal(&a, 1, &b, 1) == same,
                            "%s: merge's sc_args_equal", w);
                EXPECT_TRUE(normalized_rules(ca, cb) == (same ? 1U : 2U),
                            "%s: normalise merged %zu rules", w,
                            normalized_rules(ca, cb));
                EXPECT_TRUE(validator_says_same(ca, cb) == same,
                            "%s: validator", w);
        }
}

/* Sorting with it is a total order: equal conditions end up next to each
 * other whatever their written valueTwo. */
static void test_arg_sort(void)
{
        struct sc_arg v[] = {
                to_arg((struct cond){ 1, SC_OP_MASKED_EQ, 0xff, 0x112 }),
                to_arg((struct cond){ 0, SC_OP_EQ, 5, 9 }),
                to_arg((struct cond){ 1, SC_OP_MASKED_EQ, 0xff, 0x13 }),
                to_arg((struct cond){ 1, SC_OP_MASKED_EQ, 0xff, 0x12 }),
                to_arg((struct cond){ 0, SC_OP_EQ, 5, 0 }),
        };
        qsort(v, ELEMENTSOF(v), sizeof v[0], sc_arg_qsort_cmp);
        ASSERT_EQ(v[0].index, 0);
        ASSERT_EQ(sc_arg_cmp(&v[0], &v[1]), 0);
        ASSERT_EQ(v[2].index, 1);
        ASSERT_EQ(sc_arg_cmp(&v[2], &v[3]), 0);
        ASSERT_EQ_U64(v[4].value_two, 0x13);
        for (size_t i = 0; i + 1 < ELEMENTSOF(v); i++)
                ASSERT_TRUE(sc_arg_cmp(&v[i], &v[i + 1]) <= 0);
}

/* What runc loads, checked on the filter our compiler builds for runc
 * (itself checked against libseccomp by test-differential): personality
 * is allowed when arg0 passes the condition. */
static bool compiled_allows(struct cond c, uint64_t v)
{
        char json[512];
        snprintf(json, sizeof json,
                 "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                 "{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\","
                 "\"args\":[{\"index\":0,\"value\":%" PRIu64 ",\"valueTwo\":%" PRIu64 ",\"op\":\"%s\"}]}]}",
                 c.value, c.value_two, json_op(c.op));
        _cleanup_(sc_profile_freep) struct sc_profile *p = test_parse_profile(json);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        uint32_t nr;
        if (!p)
                return false;
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        if (sc_compile(p, &o, NULL, &f) < 0 ||
            sc_syscall_resolve(SC_ARCH_X86_64, "personality", &nr) < 0)
                return false;
        struct sc_seccomp_data d = { .nr = nr,
                                     .arch = sc_arch_info(SC_ARCH_X86_64)->audit_arch,
                                     .args = { v } };
        bool allowed = (sc_sim_run(f, &d, NULL) & SC_RET_ACTION_FULL) == SC_RET_ALLOW;
        sc_filter_free(f);
        return allowed;
}

static void test_arg_matches_loaded(void)
{
        static const struct {
                struct cond c;
                uint64_t v;
                bool loaded, literal;
        } t[] = {
                { { 0, SC_OP_MASKED_EQ, 0xff, 0x12 }, 0x312, true, true },
                { { 0, SC_OP_MASKED_EQ, 0xff, 0x12 }, 0x313, false, false },
                /* valueTwo bits outside the mask: dropped when loaded */
                { { 0, SC_OP_MASKED_EQ, 0xff, 0x112 }, 0x312, true, false },
                { { 0, SC_OP_MASKED_EQ, 0xff, 0x112 }, 0x12, true, false },
                { { 0, SC_OP_MASKED_EQ, 0xff, 0x112 }, 0x13, false, false },
                { { 0, SC_OP_EQ, 5, 7 }, 5, true, true },
                { { 0, SC_OP_GT, 5, 0 }, 6, true, true },
                { { 0, SC_OP_LE, 5, 0 }, 6, false, false },
        };
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                struct sc_arg a = to_arg(t[i].c);
                EXPECT_TRUE(sc_arg_matches_loaded(&a, t[i].v) == t[i].loaded,
                            "case %zu: loaded", i);
                EXPECT_TRUE(sc_arg_matches(&a, t[i].v) == t[i].literal,
                            "case %zu: literal", i);
                EXPECT_TRUE(compiled_allows(t[i].c, t[i].v) == t[i].loaded,
                            "case %zu: the runc filter disagrees", i);
        }
}

/* The runtime-calls check reads conditions as the runtime loads them: a
 * prctl(PR_SET_KEEPCAPS = 8) rule written with valueTwo 0x108 under mask
 * 0xff lets runc's call through. */
static void test_runtime_call_masked(void)
{
        _cleanup_(sc_profile_freep) struct sc_profile *p = test_parse_profile(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                "{\"names\":[\"prctl\"],\"action\":\"SCMP_ACT_ALLOW\","
                "\"args\":[{\"index\":0,\"value\":255,\"valueTwo\":264,"
                "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");
        const struct sc_runtime_call c = { .runtime = SC_RUNTIME_RUNC, .when = SC_RTW_ALWAYS,
                                           .name = "prctl", .arg = 0, .value = 8 };
        const struct sc_runtime_call other = { .runtime = SC_RUNTIME_RUNC,
                                               .when = SC_RTW_ALWAYS, .name = "prctl",
                                               .arg = 0, .value = 9 };
        ASSERT_TRUE(p);
        ASSERT_TRUE(sc_runtime_call_allowed(p, &c));
        ASSERT_TRUE(!sc_runtime_call_allowed(p, &other));
        ASSERT_TRUE(compiled_allows((struct cond){ 0, SC_OP_MASKED_EQ, 255, 264 }, 8));
}

static void test_allow_classes(void)
{
        static const struct {
                enum sc_action a;
                bool allow_class, runs_call;
        } cases[] = {
                { SC_ACT_ALLOW, true, true },
                { SC_ACT_LOG, true, true },
                { SC_ACT_TRACE, true, false },
                { SC_ACT_ERRNO, false, false },
                { SC_ACT_TRAP, false, false },
                { SC_ACT_NOTIFY, false, false },
                { SC_ACT_KILL, false, false },
                { SC_ACT_KILL_THREAD, false, false },
                { SC_ACT_KILL_PROCESS, false, false },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                enum sc_action a = cases[i].a;
                EXPECT_TRUE(sc_action_is_allow_class(a) == cases[i].allow_class,
                            "%s: allow class", sc_action_name(a));
                EXPECT_TRUE(sc_action_runs_call(a) == cases[i].runs_call,
                            "%s: runs the call", sc_action_name(a));
                /* the two views of the class agree, whatever the data */
                for (uint32_t data = 0; data < 3; data++)
                        EXPECT_TRUE(sc_ret_is_allow_class(sc_action_ret(a, data)) ==
                                            cases[i].allow_class,
                                    "%s(%u): ret view", sc_action_name(a), data);
        }
        ASSERT_EQ_U64(SC_RET_ENOSYS, SC_RET_ERRNO | ENOSYS);
        ASSERT_TRUE(!sc_ret_is_allow_class(SC_RET_ENOSYS));
}

/* The audit bits are the ones the arch table's values carry. */
static void test_audit_bits(void)
{
        ASSERT_EQ_U64(sc_arch_info(SC_ARCH_X86_64)->audit_arch, 0xc000003eU);
        ASSERT_EQ_U64(sc_arch_info(SC_ARCH_X86)->audit_arch, 0x40000003U);
        ASSERT_EQ_U64(sc_arch_info(SC_ARCH_MIPS64N32)->audit_arch,
                      SC_AUDIT_ARCH_64BIT | SC_AUDIT_ARCH_MIPS64_N32 | 8U);
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                const struct sc_arch_info *ai = sc_arch_info((enum sc_arch)a);
                EXPECT_TRUE(sc_audit_arch_is_le(ai->audit_arch) == !ai->big_endian,
                            "%s: LE bit vs big_endian", ai->name);
        }
}

/* Every row of data/syscalls.tsv on every arch libseccomp has: the column
 * says what libseccomp says.  (A stale column fails here.) */
static void test_libseccomp_column(void)
{
        size_t rows = 0, unknown = 0, no_arch = 0;
        for (int a = 0; a < _SC_ARCH_MAX; a++) {
                enum sc_arch arch = (enum sc_arch)a;
                const struct sc_arch_info *ai = sc_arch_info(arch);
                uint32_t tok = seccomp_arch_resolve_name(ai->name);
                size_t i = 0;
                const char *name;
                while (sc_syscall_next(arch, &i, &name, NULL)) {
                        enum sc_lsc_name got = sc_libseccomp_name(arch, name);
                        rows++;
                        if (!tok) {
                                no_arch++;
                                EXPECT_TRUE(got == SC_LSC_NO_ARCH, "%s %s: %d",
                                            ai->name, name, got);
                                continue;
                        }
                        int r = seccomp_syscall_resolve_name_arch(tok, name);
                        /* socketcall/ipc pseudo numbers are -101..-224;
                         * -10000 and below: "not on this arch" */
                        bool knows = r != __NR_SCMP_ERROR && r > -10000;
                        unknown += !knows;
                        EXPECT_TRUE(got == (knows ? SC_LSC_KNOWN : SC_LSC_UNKNOWN),
                                    "%s %s: column %d, libseccomp %d", ai->name,
                                    name, got, r);
                        EXPECT_TRUE(sc_libseccomp_knows(arch, name) == knows,
                                    "%s %s", ai->name, name);
                }
        }
        /* mseal, statmount, ... on every arch, uretprobe, riscv_hwprobe,
         * x32's map_shadow_stack: 251 rows with Linux 6.18's names. */
        ASSERT_TRUE(rows > 9000);
        ASSERT_TRUE(unknown > 200 && unknown < 400);
        ASSERT_TRUE(no_arch > 1000);
}

static void test_libseccomp_knows(void)
{
        static const struct {
                enum sc_arch arch;
                const char *name;
                enum sc_lsc_name answer;
                bool knows;
        } cases[] = {
                { SC_ARCH_X86_64, "read", SC_LSC_KNOWN, true },
                { SC_ARCH_X86, "socket", SC_LSC_KNOWN, true },   /* pseudo -101 */
                { SC_ARCH_X86_64, "mseal", SC_LSC_UNKNOWN, false },
                { SC_ARCH_X86_64, "uretprobe", SC_LSC_UNKNOWN, false },
                { SC_ARCH_X86_64, "map_shadow_stack", SC_LSC_KNOWN, true },
                { SC_ARCH_X32, "map_shadow_stack", SC_LSC_UNKNOWN, false },
                { SC_ARCH_RISCV64, "riscv_hwprobe", SC_LSC_UNKNOWN, false },
                { SC_ARCH_PARISC64, "_llseek", SC_LSC_NOT_IN_TABLE, false },
                { SC_ARCH_X86_64, "no_such_call", SC_LSC_NOT_IN_TABLE, false },
                { SC_ARCH_X86_64, NULL, SC_LSC_NOT_IN_TABLE, false },
                { SC_ARCH_INVALID, "read", SC_LSC_NOT_IN_TABLE, false },
                /* arches 2.5.4 lacks: the name's answer elsewhere */
                { SC_ARCH_LOONGARCH64, "read", SC_LSC_NO_ARCH, true },
                { SC_ARCH_LOONGARCH64, "mseal", SC_LSC_NO_ARCH, false },
                { SC_ARCH_M68K, "atomic_barrier", SC_LSC_NO_ARCH, true },
                { SC_ARCH_SH, "statmount", SC_LSC_NO_ARCH, false },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const char *n = cases[i].name ? cases[i].name : "(null)";
                EXPECT_TRUE(sc_libseccomp_name(cases[i].arch, cases[i].name) ==
                                    cases[i].answer,
                            "%d %s: answer %d", cases[i].arch, n,
                            sc_libseccomp_name(cases[i].arch, cases[i].name));
                EXPECT_TRUE(sc_libseccomp_knows(cases[i].arch, cases[i].name) ==
                                    cases[i].knows,
                            "%d %s: knows", cases[i].arch, n);
        }
}

int main(void)
{
        RUN(test_arg_cmp);
        RUN(test_arg_sort);
        RUN(test_arg_matches_loaded);
        RUN(test_runtime_call_masked);
        RUN(test_allow_classes);
        RUN(test_audit_bits);
        RUN(test_libseccomp_column);
        RUN(test_libseccomp_knows);
        return test_exit();
}
