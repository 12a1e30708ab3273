/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtimes' own calls after the filter (data/runtime-calls.tsv): the
 * table is well formed, "allowed" reads rules the way libseccomp merges
 * them, and a profile with the calls added lets every one of them through
 * (compiled and simulated) while still denying what it denied.
 */
#include <errno.h>

#include "bpf.h"
#include "runtime-calls.h"
#include "syscalls.h"
#include "test.h"

#define AUDIT_X86_64 0xc000003eU

/* Does the compiled filter (runc semantics) let NAME with one argument set
 * through to the runtime: ALLOW, LOG, or NOTIFY (the profile's agent
 * decides)?  *ok is cleared when the profile does not compile. */
static bool lets_through(const struct sc_profile *p, const char *name, int arg,
                         uint64_t value, bool *ok)
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
        struct sc_seccomp_data sd = { .nr = nr, .arch = AUDIT_X86_64 };
        if (arg >= 0)
                sd.args[arg] = value;
        uint32_t ret = sc_sim_run(f, &sd, NULL) & SC_RET_ACTION_FULL;
        sc_filter_free(f);
        return ret == SC_RET_ALLOW || ret == SC_RET_LOG || ret == SC_RET_USER_NOTIF;
}

static void test_table(void)
{
        size_t per[_SC_RUNTIME_MAX] = { 0 };
        for (size_t i = 0; i < sc_runtime_call_table_len; i++) {
                const struct sc_runtime_call *c = &sc_runtime_call_table[i];
                uint32_t nr;
                EXPECT_TRUE(sc_syscall_resolve(SC_ARCH_X86_64, c->name, &nr) == 0,
                            "row %zu: %s is not an x86_64 syscall", i, c->name);
                EXPECT_TRUE(c->runtime == SC_RUNTIME_RUNC || c->runtime == SC_RUNTIME_CRUN,
                            "row %zu: runtime", i);
                EXPECT_TRUE(c->version && sc_runtime_version(c->runtime) &&
                                    strcmp(c->version, sc_runtime_version(c->runtime)) == 0,
                            "row %zu: measured on %s, the runtime is %s", i, c->version,
                            sc_runtime_version(c->runtime));
                EXPECT_TRUE((c->arg >= 0) == (c->value_name != NULL),
                            "row %zu: a value needs its name", i);
                EXPECT_TRUE(c->failure != NULL, "row %zu: %s: what fails without it?", i,
                            c->name);
                EXPECT_TRUE(strcmp(sc_runtime_when_describe(c->when), "?") != 0,
                            "row %zu: when", i);
                per[c->runtime]++;
        }
        ASSERT_TRUE(per[SC_RUNTIME_RUNC] > 0 && per[SC_RUNTIME_CRUN] > 0);
}

static void test_names(void)
{
        static const struct {
                const char *s;
                int r;
                enum sc_runtime rt;
        } cases[] = {
                { "runc", 0, SC_RUNTIME_RUNC }, { "crun", 0, SC_RUNTIME_CRUN },
                { "none", 0, SC_RUNTIME_NONE }, { "RUNC", -EINVAL, 0 },
                { "docker", -EINVAL, 0 },       { "", -EINVAL, 0 },
                { NULL, -EINVAL, 0 },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                enum sc_runtime rt = _SC_RUNTIME_MAX;
                int r = sc_runtime_from_name(cases[i].s, &rt);
                EXPECT_TRUE(r == cases[i].r, "%s: %d", cases[i].s ? cases[i].s : "NULL", r);
                if (r == 0)
                        EXPECT_TRUE(rt == cases[i].rt &&
                                            strcmp(sc_runtime_name(rt), cases[i].s) == 0,
                                    "%s round trip", cases[i].s);
        }
        ASSERT_TRUE(sc_runtime_version(SC_RUNTIME_NONE) == NULL);
        ASSERT_TRUE(sc_runtime_name(_SC_RUNTIME_MAX) == NULL);
}

#define HEAD "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
#define RUNC_ALL                                                                           \
        "close fstatfs getdents64 openat write capget capset chdir faccessat2 fchown fstat " \
        "getcwd getppid newfstatat prctl(PR_SET_KEEPCAPS) prctl(PR_CAPBSET_DROP) "        \
        "prctl(PR_CAP_AMBIENT) read setgid setgroups setuid futex rt_sigreturn"

static const struct {
        const char *what, *json;
        enum sc_runtime rt;
        unsigned mask;
        const char *added;
} add_cases[] = {
        { "recorded workload, runc", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"exit_group\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_DEFAULT, RUNC_ALL },
        { "noNewPrivileges only", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"exit_group\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_ALWAYS, "fstatfs getdents64 openat write" },
        { "allow-all default", "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mount\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_DEFAULT, "" },
        { "denied in an allow-all profile", "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"fstatfs\"],\"action\":\"SCMP_ACT_ERRNO\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_DEFAULT, "fstatfs" },
        { "prctl allowed outright", HEAD "\"syscalls\":[{\"names\":[\"prctl\",\"execve\",\"close\",\"fstatfs\",\"getdents64\",\"openat\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_ALWAYS | SC_RTW_NNP,
          "capget capset chdir faccessat2 fchown fstat getcwd getppid newfstatat read setgid setgroups setuid" },
        { "prctl recorded with --args", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"close\",\"fstatfs\",\"getdents64\",\"openat\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
          "{\"names\":[\"prctl\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":15,\"op\":\"SCMP_CMP_EQ\"}]},"
          "{\"names\":[\"prctl\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":8,\"op\":\"SCMP_CMP_EQ\"}]}]}",
          SC_RUNTIME_CRUN, SC_RTW_NNP, "capset prctl(PR_CAPBSET_DROP) prctl(PR_CAP_AMBIENT) pselect6 rt_sigaction rt_sigprocmask setresgid setresuid" },
        { "write allowed for one fd only", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
          "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
          SC_RUNTIME_CRUN, SC_RTW_NNP | SC_RTW_ALWAYS,
          "capset prctl(PR_SET_KEEPCAPS) prctl(PR_CAPBSET_DROP) prctl(PR_CAP_AMBIENT) pselect6 rt_sigaction rt_sigprocmask setresgid setresuid write" },
        { "unconditional deny beats a conditional allow", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
          "{\"names\":[\"fstatfs\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"},"
          "{\"names\":[\"fstatfs\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}",
          SC_RUNTIME_RUNC, SC_RTW_ALWAYS, "fstatfs getdents64 openat write" },
        { "crun, noNewPrivileges true", HEAD "\"syscalls\":[{\"names\":[\"execve\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
          SC_RUNTIME_CRUN, SC_RTW_ALWAYS, "" },
        { "NOTIFY rule brings the listener's calls", HEAD "\"listenerPath\":\"/run/a.sock\",\"syscalls\":[{\"names\":[\"execve\",\"close\",\"fstatfs\",\"getdents64\",\"openat\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
          "{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_ALWAYS, "read" },
        { "a NOTIFY rule leaves the call to the agent", HEAD "\"listenerPath\":\"/run/a.sock\",\"syscalls\":[{\"names\":[\"execve\",\"close\",\"getdents64\",\"write\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
          "{\"names\":[\"openat\",\"fstatfs\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}",
          SC_RUNTIME_RUNC, SC_RTW_ALWAYS, "" },
        { "none", HEAD "\"syscalls\":[{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ALLOW\"}]}",
          SC_RUNTIME_NONE, SC_RTW_DEFAULT, "" },
};

/* Calls the profile made before must keep their verdict, the runtime's
 * must all go through, and nothing else opens up. */
static void test_add(void)
{
        static const char *const others[] = { "mount", "ptrace", "bpf", "execve", "mkdir" };
        for (size_t i = 0; i < ELEMENTSOF(add_cases); i++) {
                struct sc_profile *p = test_parse_profile(add_cases[i].json), *q = NULL;
                char *added = NULL;
                bool ok = true;
                int r = sc_runtime_add_calls(p, add_cases[i].rt, add_cases[i].mask, &q, &added);
                EXPECT_TRUE(r == 0, "%s: %d", add_cases[i].what, r);
                if (r < 0) {
                        sc_profile_free(p);
                        continue;
                }
                EXPECT_TRUE(strcmp(added, add_cases[i].added) == 0,
                            "%s:\n  added:    %s\n  expected: %s", add_cases[i].what, added,
                            add_cases[i].added);
                for (size_t j = 0; j < sc_runtime_call_table_len; j++) {
                        const struct sc_runtime_call *c = &sc_runtime_call_table[j];
                        unsigned mask = add_cases[i].mask;
                        if (strstr(add_cases[i].json, "SCMP_ACT_NOTIFY"))
                                mask |= SC_RTW_NOTIFY;
                        if (c->runtime != add_cases[i].rt || !(c->when & mask))
                                continue;
                        EXPECT_TRUE(lets_through(q, c->name, c->arg, c->value, &ok),
                                    "%s: %s(%s) still denied", add_cases[i].what, c->name,
                                    c->value_name ? c->value_name : "");
                        EXPECT_TRUE(sc_runtime_call_allowed(q, c), "%s: %s not allowed after adding",
                                    add_cases[i].what, c->name);
                }
                for (size_t j = 0; j < ELEMENTSOF(others); j++)
                        EXPECT_TRUE(lets_through(q, others[j], -1, 0, &ok) ==
                                            lets_through(p, others[j], -1, 0, &ok),
                                    "%s: %s changed verdict", add_cases[i].what, others[j]);
                /* what --args recorded stays allowed, and nothing wider */
                EXPECT_TRUE(lets_through(q, "prctl", 0, 15, &ok) ==
                                    lets_through(p, "prctl", 0, 15, &ok),
                            "%s: prctl(15) changed verdict", add_cases[i].what);
                EXPECT_TRUE(lets_through(q, "prctl", 0, 22, &ok) ==
                                    lets_through(p, "prctl", 0, 22, &ok),
                            "%s: prctl(PR_SET_SECCOMP) changed verdict", add_cases[i].what);
                EXPECT_TRUE(ok, "%s: does not compile", add_cases[i].what);
                /* the runtime's calls under a NOTIFY rule stay the agent's */
                if (strstr(add_cases[i].json, "\"openat\",\"fstatfs\"],\"action\":\"SCMP_ACT_NOTIFY\""))
                        EXPECT_TRUE(q->n_rules == p->n_rules &&
                                            q->rules[1].action == SC_ACT_NOTIFY,
                                    "%s: the NOTIFY rule was changed", add_cases[i].what);
                /* adding twice adds nothing more */
                struct sc_profile *q2 = NULL;
                char *again = NULL;
                EXPECT_TRUE(sc_runtime_add_calls(q, add_cases[i].rt, add_cases[i].mask, &q2, &again) == 0 &&
                                    strcmp(again, "") == 0,
                            "%s: second pass added %s", add_cases[i].what, again ? again : "?");
                free(again);
                sc_profile_free(q2);
                free(added);
                sc_profile_free(q);
                sc_profile_free(p);
        }
        struct sc_profile *p = test_parse_profile(add_cases[0].json), *q = NULL;
        ASSERT_EQ(sc_runtime_add_calls(p, _SC_RUNTIME_MAX, SC_RTW_DEFAULT, &q, NULL), -EINVAL);
        sc_profile_free(p);
}

static void test_missing(void)
{
        struct sc_profile *p = test_parse_profile(add_cases[0].json);
        const struct sc_runtime_call **v = NULL;
        size_t n = sc_runtime_missing(p, SC_RUNTIME_RUNC, SC_RTW_DEFAULT, &v);
        size_t reads = 0;
        for (size_t i = 0; i < n; i++)
                reads += strcmp(v[i]->name, "read") == 0;
        /* read is both a noNewPrivileges and a NOTIFY row: listed once */
        ASSERT_EQ(reads, 1);
        ASSERT_TRUE(n > 10);
        free(v);
        ASSERT_EQ(sc_runtime_missing(p, SC_RUNTIME_NONE, SC_RTW_DEFAULT, &v), 0);
        free(v);
        sc_profile_free(p);
}

int main(void)
{
        RUN(test_table);
        RUN(test_names);
        RUN(test_add);
        RUN(test_missing);
        return test_exit();
}
