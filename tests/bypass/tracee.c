/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hostile workloads for `seccompctl record` (the tracer):
 *
 *   tracee fork N      fork N children, up to 100 alive at once; each
 *                      child calls getpriority, sysinfo and uname (calls
 *                      the parent never makes) and exits 0 only when all
 *                      three succeeded.  Under record's TRACE filter a
 *                      child the tracer lost would get ENOSYS for every
 *                      call, so "N of N children ok" means every child
 *                      was traced.  Prints "forked N, ok N".
 *   tracee traceme     PTRACE_TRACEME: must fail (already traced), the
 *                      recording goes on.
 *   tracee attach-parent  PTRACE_ATTACH to the parent, i.e. the tracer
 *                      itself, and detach again if that worked; prints
 *                      the result.  The recording must still complete.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(void)
{
        struct sysinfo si;
        struct utsname u;
        errno = 0;
        int prio = getpriority(PRIO_PROCESS, 0);
        if (prio == -1 && errno)
                return 1;
        if (sysinfo(&si) < 0 || uname(&u) < 0)
                return 1;
        return 0;
}

static int reap(int *ok)
{
        int st;
        pid_t p = wait(&st);
        if (p < 0)
                return -1;
        if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
                (*ok)++;
        return 0;
}

static int do_fork(int n)
{
        int ok = 0, alive = 0;
        for (int i = 0; i < n; i++) {
                if (alive >= 100) {
                        if (reap(&ok) < 0)
                                return 2;
                        alive--;
                }
                pid_t p = fork();
                if (p < 0) {
                        perror("fork");
                        return 2;
                }
                if (p == 0)
                        _exit(child());
                alive++;
        }
        while (alive-- > 0)
                if (reap(&ok) < 0)
                        return 2;
        printf("forked %d, ok %d\n", n, ok);
        return ok == n ? 0 : 1;
}

static int do_traceme(void)
{
        long r = ptrace(PTRACE_TRACEME, 0, 0, 0);
        printf("traceme %s\n", r == 0 ? "ok" : strerror(errno));
        return 0;
}

static int do_attach_parent(void)
{
        pid_t pp = getppid();
        long r = ptrace(PTRACE_ATTACH, pp, 0, 0);
        int e = errno;
        if (r == 0) {
                waitpid(pp, NULL, __WALL);
                ptrace(PTRACE_DETACH, pp, 0, 0);
        }
        printf("attach-parent %s\n", r == 0 ? "ok, detached" : strerror(e));
        return 0;
}

int main(int argc, char **argv)
{
        setvbuf(stdout, NULL, _IOLBF, 0);
        if (argc == 3 && strcmp(argv[1], "fork") == 0)
                return do_fork(atoi(argv[2]));
        if (argc == 2 && strcmp(argv[1], "traceme") == 0)
                return do_traceme();
        if (argc == 2 && strcmp(argv[1], "attach-parent") == 0)
                return do_attach_parent();
        fprintf(stderr, "usage: tracee fork N | traceme | attach-parent\n");
        return 2;
}
