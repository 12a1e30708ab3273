/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel agrees with the simulator: compiled filters are loaded in a
 * forked child (no_new_privs + PR_SET_SECCOMP, as runc does without flags)
 * which then makes one harmless system call; the outcome (success, errno,
 * or death by SIGSYS) must be what sc_sim_run() predicted for the same
 * seccomp_data.  Only calls that are safe to make are used (kafel's
 * approach): getppid, uname, close(-1), an unknown number, an x32 number.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "test.h"
#include "bpf.h"
#include "syscalls.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SANITIZED 1
#endif

#if !defined(__x86_64__) || defined(SANITIZED)
int main(void)
{
#ifdef SANITIZED
        /* the ASan runtime maps memory on its own at any time, and under
         * the filter that fails; the gcc pass of `make check` runs this */
        test_skip("sanitizer runtime makes its own syscalls under the filter");
#else
        test_skip("the kernel check uses x86_64 syscall numbers");
#endif
}
#else

#define OUTCOME_OK 200
#define OUTCOME_SIGSYS 201

struct call {
        const char *what;
        long nr;
        long args[6];
};

static const struct call calls[] = {
        { "getppid", SYS_getppid, { 0 } },
        { "uname", SYS_uname, { 0 } /* buffer filled in below */ },
        { "close(-1)", SYS_close, { -1 } },
        { "getpid", SYS_getpid, { 0 } },
        { "syscall 999", 999, { 0 } },
        { "x32 getpid", 0x40000000 | 39, { 0 } },
        { "personality(0xffffffff)", SYS_personality, { 0xffffffff } },
};

static const char *const profiles[] = {
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
        " {\"names\": [\"exit_group\", \"exit\", \"getppid\", \"personality\"], \"action\": \"SCMP_ACT_ALLOW\"},"
        " {\"names\": [\"uname\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 22},"
        " {\"names\": [\"close\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 33,"
        "  \"args\": [{\"index\": 0, \"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}",
        "{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\", \"syscalls\": ["
        " {\"names\": [\"exit_group\", \"exit\", \"close\", \"uname\"], \"action\": \"SCMP_ACT_ALLOW\"},"
        " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 7},"
        " {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\","
        "  \"args\": [{\"index\": 0, \"value\": 4294967295, \"op\": \"SCMP_CMP_NE\"}]}]}",
};

/* The child talks to the kernel directly: a sanitizer runtime intercepts
 * libc's wrappers and would make calls of its own under the filter. */
static long raw6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
        long ret;
        register long r10 __asm__("r10") = a3;
        register long r8 __asm__("r8") = a4;
        register long r9 __asm__("r9") = a5;
        __asm__ volatile("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8),
                           "r"(r9)
                         : "rcx", "r11", "memory");
        return ret;
}

static _Noreturn void raw_exit(int code)
{
        for (;;)
                raw6(SYS_exit_group, code, 0, 0, 0, 0, 0);
}

/* Run one call in a child, under prog when given.  Returns OUTCOME_OK,
 * OUTCOME_SIGSYS, an errno, or -1 on a harness problem. */
static int outcome(const struct sc_filter *f, const struct call *c)
{
        pid_t pid = fork();
        if (pid < 0)
                return -1;
        if (pid == 0) {
                struct utsname u;
                long a[6];
                memcpy(a, c->args, sizeof(a));
                if (c->nr == SYS_uname)
                        a[0] = (long)&u;
                if (f) {
                        struct sock_fprog prog = {
                                .len = (unsigned short)f->n,
                                .filter = (struct sock_filter *)f->insns,
                        };
                        if (raw6(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) < 0 ||
                            raw6(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
                                 (long)&prog, 0, 0, 0) < 0)
                                raw_exit(250);
                }
                long r = raw6(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
                raw_exit(r >= 0 ? OUTCOME_OK : (int)(-r & 0xff));
        }
        int st;
        if (waitpid(pid, &st, 0) < 0)
                return -1;
        if (WIFSIGNALED(st))
                return WTERMSIG(st) == SIGSYS ? OUTCOME_SIGSYS : -1;
        if (WEXITSTATUS(st) == 250)
                return -2;
        return WEXITSTATUS(st);
}

static void test_kernel_agrees(void)
{
        int natural[ELEMENTSOF(calls)];
        size_t checked = 0;

        for (size_t i = 0; i < ELEMENTSOF(calls); i++)
                natural[i] = outcome(NULL, &calls[i]);

        for (size_t p = 0; p < ELEMENTSOF(profiles); p++)
                for (int compat = 0; compat < 2; compat++) {
                        struct sc_profile_set set = { 0 };
                        struct sc_compile_opts o;
                        struct sc_filter *f = NULL;
                        ASSERT_TRUE(sc_profile_parse(profiles[p], strlen(profiles[p]),
                                                     "k.json", DOC_JSON, NULL, &set) >= 0);
                        sc_compile_opts_init(&o, SC_ARCH_X86_64);
                        o.compat = compat ? SC_COMPAT_CRUN : SC_COMPAT_RUNC;
                        ASSERT_EQ(sc_compile(set.profiles[0], &o, NULL, &f), 0);
                        sc_profile_set_clear(&set);

                        for (size_t i = 0; i < ELEMENTSOF(calls); i++) {
                                struct sc_seccomp_data d = {
                                        .nr = (uint32_t)calls[i].nr,
                                        .arch = sc_arch_info(SC_ARCH_X86_64)->audit_arch,
                                };
                                for (size_t k = 0; k < 6; k++)
                                        d.args[k] = (uint64_t)calls[i].args[k];
                                uint32_t ret = sc_sim_run(f, &d, NULL);
                                int want;
                                switch (ret & SC_RET_ACTION_FULL) {
                                case SC_RET_ALLOW:
                                case SC_RET_LOG:
                                        want = natural[i];
                                        break;
                                case SC_RET_ERRNO:
                                        want = (int)(ret & SC_RET_DATA);
                                        break;
                                case SC_RET_KILL_PROCESS:
                                case SC_RET_KILL_THREAD:
                                case SC_RET_TRAP:
                                        want = OUTCOME_SIGSYS;
                                        break;
                                default:
                                        continue;
                                }
                                int got = outcome(f, &calls[i]);
                                if (got == -2) {
                                        sc_filter_free(f);
                                        test_skip("cannot load a seccomp filter here");
                                }
                                checked++;
                                EXPECT_TRUE(got == want,
                                            "profile %zu %s: %s: kernel %d, simulator "
                                            "0x%x (expected outcome %d)",
                                            p, compat ? "crun" : "runc", calls[i].what,
                                            got, ret, want);
                        }
                        sc_filter_free(f);
                }
        ASSERT_TRUE(checked >= 20);
}

int main(void)
{
        RUN(test_kernel_agrees);
        return test_exit();
}
#endif
