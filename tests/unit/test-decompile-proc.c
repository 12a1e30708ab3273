/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kernel-facing half of inspect: the /proc/PID/status parser (table
 * of real status excerpts), and, as root, reading a child's filters back
 * with PTRACE_SECCOMP_GET_FILTER: byte for byte what it installed, in the
 * kernel's numbering (index 0 = installed first), the child left running
 * afterwards, and the combined verdict equal to what the child's own
 * syscalls get.
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "test.h"
#include "decompile.h"
#include "inspect.h"
#include "syscalls.h"

static void test_status_parse(void)
{
        static const struct {
                const char *text;
                int r, mode;
                long n;
                int nnp;
                const char *comm;
        } cases[] = {
                { "Name:\thttp-echo\nUmask:\t0022\nState:\tS (sleeping)\n"
                  "NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t3\n"
                  "Speculation_Store_Bypass:\tthread force mitigated\n",
                  0, 2, 3, 1, "http-echo" },
                { "Name:\tbash\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n",
                  0, 0, 0, 0, "bash" },
                /* before Linux 5.9: no Seccomp_filters line */
                { "Name:\tsleep\nNoNewPrivs:\t1\nSeccomp:\t2\n", 0, 2, -1, 1, "sleep" },
                { "Name:\tstrict\nSeccomp:\t1\n", 0, 1, -1, -1, "strict" },
                /* a kernel without CONFIG_SECCOMP */
                { "Name:\told\nState:\tR\n", -ENODATA, 0, 0, 0, NULL },
                { "", -ENODATA, 0, 0, 0, NULL },
                { "Seccomp:\tjunk\n", -ENODATA, 0, 0, 0, NULL },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                struct sc_proc_seccomp st = { 0 };
                int r = sc_proc_seccomp_parse(cases[i].text, &st);
                EXPECT_TRUE(r == cases[i].r, "case %zu: r=%d", i, r);
                if (r < 0 || cases[i].r < 0)
                        continue;
                EXPECT_TRUE(st.mode == cases[i].mode && st.n_filters == cases[i].n &&
                                    st.no_new_privs == cases[i].nnp &&
                                    streq(st.comm, cases[i].comm),
                            "case %zu: mode %d n %ld nnp %d comm %s", i, st.mode,
                            st.n_filters, st.no_new_privs, st.comm);
        }
}

static void test_status_self(void)
{
        struct sc_proc_seccomp st;
        ASSERT_EQ(sc_proc_seccomp_status(getpid(), &st), 0);
        ASSERT_TRUE(st.mode >= 0 && st.mode <= 2);
        ASSERT_EQ(sc_proc_seccomp_status(0x7fffffff, &st), -ESRCH);
}

/* ld [nr]; jeq NR, 0, 1; ret ERRNO(E); ret ALLOW */
static void small_filter(struct sock_filter out[4], uint32_t nr, uint32_t e)
{
        out[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
        out[1] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1);
        out[2] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | e);
        out[3] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
}

static void test_read_filters(void)
{
        if (geteuid() != 0) {
                printf("# skipped test_read_filters: needs root (CAP_SYS_ADMIN)\n");
                return;
        }
        struct sock_filter a[4], b[4];
        small_filter(a, SYS_getppid, 11);
        small_filter(b, SYS_getppid, 12);
        int ready[2], done[2];
        ASSERT_EQ(pipe(ready), 0);
        ASSERT_EQ(pipe(done), 0);
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0) {
                struct sock_fprog pa = { 4, a }, pb = { 4, b };
                char c = 0;
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &pa) ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &pb))
                        _exit(3);
                c = syscall(SYS_getppid) < 0 ? (char)errno : 0;
                if (write(ready[1], &c, 1) != 1)
                        _exit(4);
                /* still alive and running after the inspection? */
                if (read(done[0], &c, 1) != 1)
                        _exit(5);
                _exit(c == 'x' ? 0 : 6);
        }
        char got = 0;
        ASSERT_EQ(read(ready[0], &got, 1), 1);
        /* the kernel: ties go to the newest filter */
        ASSERT_EQ(got, 12);

        struct sc_filter **fs = NULL;
        size_t n = 0;
        int r = sc_proc_read_filters(pid, &fs, &n);
        if (r == 0) {
                EXPECT_TRUE(n == 2, "n = %zu", n);
                EXPECT_TRUE(n == 2 && fs[0]->n == 4 &&
                                    memcmp(fs[0]->insns, a, sizeof(a)) == 0 &&
                                    memcmp(fs[1]->insns, b, sizeof(b)) == 0,
                            "filters not read back in installation order");
                if (n == 2) {
                        const struct sc_filter *run[2] = { fs[1], fs[0] };
                        struct sc_filter_stack s = { run, 2 };
                        struct sc_seccomp_data d = { .nr = SYS_getppid,
                                                     .arch = sc_arch_info(sc_arch_native())->audit_arch };
                        EXPECT_TRUE(sc_stack_run(&s, &d) == (SC_RET_ERRNO | 12),
                                    "simulated stack disagrees with the kernel");
                }
        }
        sc_filters_free(fs, n);
        /* the child must go on after we detached */
        ASSERT_EQ(write(done[1], "x", 1), 1);
        int status = 0;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_EQ(r, 0);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        close(ready[0]);
        close(ready[1]);
        close(done[0]);
        close(done[1]);
}

static void test_read_unfiltered(void)
{
        if (geteuid() != 0) {
                printf("# skipped test_read_unfiltered: needs root\n");
                return;
        }
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0) {
                pause();
                _exit(0);
        }
        struct sc_filter **fs = NULL;
        size_t n = 0;
        int r = sc_proc_read_filters(pid, &fs, &n);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        /* not in filter mode: the kernel says EINVAL */
        ASSERT_EQ(r, -EINVAL);
}

int main(void)
{
        RUN(test_status_parse);
        RUN(test_status_self);
        RUN(test_read_filters);
        RUN(test_read_unfiltered);
        return test_exit();
}
