/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Profile union, checked by what the kernel would do: every input and the
 * result are compiled (runc semantics) and run in the simulator on probe
 * calls.  For every probe the result must let the call through exactly
 * when at least one input does, except where merge.h says it errs on the
 * side of denying (those cases are listed as such).
 */
#include "bpf.h"
#include "merge.h"
#include "profile.h"
#include "syscalls.h"
#include "test.h"

#define AUDIT_X86_64 0xc000003eU

static bool lets_through(const struct sc_profile *p, const char *name,
                         uint64_t arg0, bool *ok)
{
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        struct sc_diags d = { 0 };
        uint32_t nr;

        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        if (sc_compile(p, &o, &d, &f) < 0 ||
            sc_syscall_resolve(SC_ARCH_X86_64, name, &nr) < 0) {
                *ok = false;
                sc_diags_clear(&d);
                return false;
        }
        sc_diags_clear(&d);
        struct sc_seccomp_data sd = { .nr = nr, .arch = AUDIT_X86_64,
                                      .args = { arg0 } };
        uint32_t ret = sc_sim_run(f, &sd, NULL) & SC_RET_ACTION_FULL;
        sc_filter_free(f);
        return ret == SC_RET_ALLOW || ret == SC_RET_LOG;
}

static const char *const probe_names[] = {
        "read", "write", "openat", "close", "getpid", "personality",
        "ptrace", "mount", "clone", "clone3",
};
static const uint64_t probe_args[] = { 0, 8, 0x10000, 0xffffffff };

static const struct {
        const char *what;
        const char *in[3];
        /* Probes where the result may deny although an input allows
         * ("name:arg0"); empty for exact cases. */
        const char *narrower[4];
} cases[] = {
        { "disjoint allow-lists",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"openat\",\"close\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "exact conditions from both sides",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}" } },
        { "conditional and unconditional",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "masked conditions kept exact",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":65536,\"valueTwo\":0,\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"syscalls\":[{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "two deny-lists",
          { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
            "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\",\"mount\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}" } },
        { "deny-list and allow-list",
          { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"ptrace\",\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\",\"mount\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "errno rule in an allow-list, allowed by the other",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38},{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "conditional denials in deny-lists",
          { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_LOG\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}" } },
        { "conditional denial vs a different conditional allowance",
          /* B allows personality(0) only; A denies personality(8) only.
           * Whether B's conditions cover A's denial is not decided, so the
           * denial stays (merge.h: errs on the side of denying). */
          { "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ERRNO\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}" } },
        { "LOG default wins over an allow-list",
          { "{\"defaultAction\":\"SCMP_ACT_LOG\"}",
            "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}" } },
        { "one input",
          { "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"personality\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}" } },
};

static bool is_narrower(size_t c, const char *name, uint64_t arg)
{
        char probe[64];
        snprintf(probe, sizeof probe, "%s:%llu", name, (unsigned long long)arg);
        for (size_t i = 0; i < 4 && cases[c].narrower[i]; i++)
                if (strcmp(cases[c].narrower[i], probe) == 0)
                        return true;
        return false;
}

static void test_union(void)
{
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
                struct sc_profile *in[3] = { 0 }, *m = NULL;
                size_t n = 0;
                bool ok = true;

                for (; n < 3 && cases[c].in[n]; n++)
                        in[n] = test_parse_profile(cases[c].in[n]);
                EXPECT_TRUE(sc_profile_merge((const struct sc_profile *const *)in, n, &m) == 0,
                            "%s: merge failed", cases[c].what);
                for (size_t i = 0; m && i < sizeof probe_names / sizeof probe_names[0]; i++)
                        for (size_t j = 0; j < sizeof probe_args / sizeof probe_args[0]; j++) {
                                bool any = false, got;
                                for (size_t k = 0; k < n; k++)
                                        any |= lets_through(in[k], probe_names[i],
                                                            probe_args[j], &ok);
                                got = lets_through(m, probe_names[i], probe_args[j], &ok);
                                EXPECT_TRUE(ok, "%s: the result does not compile",
                                            cases[c].what);
                                EXPECT_TRUE(!got || any,
                                            "%s: %s(%#llx) let through, no input does",
                                            cases[c].what, probe_names[i],
                                            (unsigned long long)probe_args[j]);
                                EXPECT_TRUE(got || !any ||
                                                    is_narrower(c, probe_names[i], probe_args[j]),
                                            "%s: %s(%#llx) denied, an input lets it through",
                                            cases[c].what, probe_names[i],
                                            (unsigned long long)probe_args[j]);
                        }
                sc_profile_free(m);
                for (size_t k = 0; k < n; k++)
                        sc_profile_free(in[k]);
        }
}

/* The documented narrowing really is one (and the only one). */
static void test_narrower_case(void)
{
        struct sc_profile *in[2], *m = NULL;
        bool ok = true;
        in[0] = test_parse_profile(cases[8].in[0]);
        in[1] = test_parse_profile(cases[8].in[1]);
        ASSERT_EQ(sc_profile_merge((const struct sc_profile *const *)in, 2, &m), 0);
        ASSERT_TRUE(!lets_through(m, "personality", 8, &ok));
        ASSERT_TRUE(lets_through(m, "personality", 0, &ok));
        ASSERT_TRUE(lets_through(m, "read", 0, &ok));
        ASSERT_TRUE(ok);
        sc_profile_free(m);
        sc_profile_free(in[0]);
        sc_profile_free(in[1]);
}

/* Structure: defaults, arches, flags, and no rule equal to the default. */
static void test_shape(void)
{
        struct sc_profile *in[2], *m = NULL;
        in[0] = test_parse_profile("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
                      "\"architectures\":[\"SCMP_ARCH_X86_64\"],\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],"
                      "\"syscalls\":[{\"names\":[\"write\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        in[1] = test_parse_profile("{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\","
                      "\"architectures\":[\"SCMP_ARCH_X86\",\"SCMP_ARCH_X86_64\"],"
                      "\"syscalls\":[{\"names\":[\"read\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                      "{\"names\":[\"ptrace\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"}]}");
        ASSERT_EQ(sc_profile_merge((const struct sc_profile *const *)in, 2, &m), 0);
        ASSERT_EQ(m->default_action, SC_ACT_ERRNO);
        ASSERT_TRUE(m->has_default_errno);
        ASSERT_EQ(m->default_errno_ret, 38);
        ASSERT_EQ(m->n_arches, 2);
        ASSERT_EQ(m->arches[0], SC_ARCH_X86_64);
        ASSERT_EQ(m->arches[1], SC_ARCH_X86);
        ASSERT_TRUE(m->has_flags);
        ASSERT_EQ(m->flags, SC_FLAG_LOG);
        /* One ALLOW rule, sorted names; the KILL rule stays (first input
         * does not allow ptrace). */
        ASSERT_EQ(m->n_rules, 2);
        ASSERT_EQ(m->rules[0].action, SC_ACT_ALLOW);
        ASSERT_EQ(m->rules[0].n_names, 3);
        ASSERT_STREQ(m->rules[0].names[0], "close");
        ASSERT_STREQ(m->rules[0].names[1], "read");
        ASSERT_STREQ(m->rules[0].names[2], "write");
        ASSERT_EQ(m->rules[1].action, SC_ACT_KILL_PROCESS);
        sc_profile_free(m);
        ASSERT_EQ(sc_profile_merge(NULL, 0, &m), -EINVAL);
        sc_profile_free(in[0]);
        sc_profile_free(in[1]);
}

static void test_args_equal(void)
{
        struct sc_arg a[2] = { { .index = 0, .value = 1, .op = SC_OP_EQ },
                               { .index = 1, .value = 2, .op = SC_OP_EQ } };
        struct sc_arg b[2] = { a[1], a[0] };
        struct sc_arg c[2] = { a[0], { .index = 1, .value = 3, .op = SC_OP_EQ } };
        ASSERT_TRUE(sc_args_equal(a, 2, b, 2));
        ASSERT_TRUE(!sc_args_equal(a, 2, c, 2));
        ASSERT_TRUE(!sc_args_equal(a, 2, a, 1));
        ASSERT_TRUE(sc_args_equal(NULL, 0, NULL, 0));
}

int main(void)
{
        RUN(test_union);
        RUN(test_narrower_case);
        RUN(test_shape);
        RUN(test_args_equal);
        return test_exit();
}
