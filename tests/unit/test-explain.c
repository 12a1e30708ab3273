/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The run --explain table (src/lib/record/explain.c): audit records in,
 * the lines run prints out.  The errno of a denial comes from the filter
 * the workload ran under, since the kernel logs the action without it.
 */
#include "bpf.h"
#include "explain.h"
#include "profile.h"
#include "syscalls.h"
#include "test.h"

#define AUDIT_X86_64 0xc000003eU
#define AUDIT_I386 0x40000003U

static const char profile_json[] =
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
        " {\"names\": [\"openat\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
        " {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ERRNO\","
        "  \"args\": [{\"index\": 0, \"value\": 16, \"op\": \"SCMP_CMP_EQ\"}]}]}";

struct rec {
        uint32_t arch;
        const char *name;     /* x86_64 name, or NULL: use nr */
        int64_t nr;
        uint32_t code, sig, pid;
        const char *comm;
};

static const struct {
        const char *what;
        struct rec recs[3];
        size_t n;
        bool no_filter;
        const char *lines[3];
} cases[] = {
        { "errno from the filter, counted",
          { { AUDIT_X86_64, "openat", 0, SC_RET_ERRNO, 0, 12, "cat" },
            { AUDIT_X86_64, "openat", 0, SC_RET_ERRNO, 0, 12, "cat" } }, 2, false,
          { "denied: openat (x2, errno 13 EACCES) by pid 12 (cat)" } },
        { "errno decided by an argument",
          { { AUDIT_X86_64, "socket", 0, SC_RET_ERRNO, 0, 5, "curl" } }, 1, false,
          { "denied: socket (x1, errno) by pid 5 (curl)" } },
        { "no filter: errno unknown",
          { { AUDIT_X86_64, "openat", 0, SC_RET_ERRNO, 0, 12, "cat" } }, 1, true,
          { "denied: openat (x1, errno) by pid 12 (cat)" } },
        { "killed, with its signal; trapped",
          { { AUDIT_X86_64, "ptrace", 0, SC_RET_KILL_PROCESS, 31, 7, "gdb" },
            { AUDIT_X86_64, "ptrace", 0, SC_RET_TRAP | 5, 0, 8, "gdb" } }, 2, false,
          { "killed: ptrace (x1, signal 31) by pid 7 (gdb)",
            "trapped: ptrace (x1, SIGSYS) by pid 8 (gdb)" } },
        { "logged; one entry per process",
          { { AUDIT_X86_64, "getppid", 0, SC_RET_LOG, 0, 1, "sh" },
            { AUDIT_X86_64, "getppid", 0, SC_RET_LOG, 0, 2, "sh" } }, 2, false,
          { "logged: getppid (x1) by pid 1 (sh)", "logged: getppid (x1) by pid 2 (sh)" } },
        { "another arch, an unknown number",
          { { AUDIT_I386, NULL, 102, SC_RET_TRAP, 0, 3, "a" },
            { AUDIT_X86_64, NULL, 4000, SC_RET_TRAP, 0, 3, "a" } }, 2, false,
          { "trapped: socketcall (x86) (x1, SIGSYS) by pid 3 (a)",
            "trapped: syscall 4000 (x86_64) (x1, SIGSYS) by pid 3 (a)" } },
        { "comm is escaped",
          { { AUDIT_X86_64, "getppid", 0, SC_RET_ALLOW, 0, 9, "\x1b[31mred" } }, 1, false,
          { "reported: getppid (x1) by pid 9 (\\x1b[31mred)" } },
};

static void test_lines(void)
{
        struct sc_profile *p = test_parse_profile(profile_json);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_EQ(sc_compile(p, &o, NULL, &f), 0);

        for (size_t c = 0; c < ELEMENTSOF(cases); c++) {
                struct sc_explain x = { .filter = cases[c].no_filter ? NULL : f };
                for (size_t i = 0; i < cases[c].n; i++) {
                        const struct rec *r = &cases[c].recs[i];
                        struct sc_audit_record a = {
                                .arch = r->arch, .code = r->code, .sig = r->sig,
                                .pid = r->pid, .syscall = r->nr,
                        };
                        uint32_t nr;
                        if (r->name) {
                                ASSERT_EQ(sc_syscall_resolve(SC_ARCH_X86_64, r->name, &nr), 0);
                                a.syscall = nr;
                        }
                        snprintf(a.comm, sizeof a.comm, "%s", r->comm);
                        sc_explain_add(&x, &a);
                }
                size_t want = 0;
                while (want < ELEMENTSOF(cases[c].lines) && cases[c].lines[want])
                        want++;
                EXPECT_TRUE(x.n == want, "%s: %zu entries, want %zu", cases[c].what, x.n, want);
                for (size_t i = 0; i < x.n && i < want; i++) {
                        char *line = sc_explain_line(&x.e[i]);
                        EXPECT_TRUE(strcmp(line, cases[c].lines[i]) == 0,
                                    "%s:\n  got:  %s\n  want: %s", cases[c].what, line,
                                    cases[c].lines[i]);
                        free(line);
                }
                sc_explain_clear(&x);
                ASSERT_EQ(x.n, 0);
        }
        sc_filter_free(f);
        sc_profile_free(p);
}

int main(void)
{
        RUN(test_lines);
        return test_exit();
}
