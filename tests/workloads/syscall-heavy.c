/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test and benchmark workload: many distinct syscalls, each repeated.
 *
 *   syscall-heavy [ROUNDS]     (default 100)
 *
 * Each round makes one of each call in the table below (via syscall(2), so
 * libc caches such as getpid's cannot hide any): with the default, a few
 * thousand syscalls, 30-odd distinct, in well under a second.  Under a
 * SCMP_ACT_LOG profile that is a burst that printk's rate limit cuts down
 * to a handful of dmesg lines.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        long rounds = argc > 1 ? atol(argv[1]) : 100;
        struct utsname u;
        struct sysinfo si;
        struct tms tm;
        struct rusage ru;
        struct rlimit rl;
        struct timespec ts;
        char cwd[4096];
        volatile long sum = 0; /* keeps the calls; its value varies */

        for (long i = 0; i < rounds; i++) {
                sum += syscall(SYS_getpid);
                sum += syscall(SYS_getppid);
                sum += syscall(SYS_getuid);
                sum += syscall(SYS_geteuid);
                sum += syscall(SYS_getgid);
                sum += syscall(SYS_getegid);
                sum += syscall(SYS_gettid);
                sum += syscall(SYS_getpgrp);
                sum += syscall(SYS_getsid, 0);
                sum += syscall(SYS_getpgid, 0);
                sum += syscall(SYS_uname, &u);
                sum += syscall(SYS_sysinfo, &si);
                sum += syscall(SYS_times, &tm);
                sum += syscall(SYS_getrusage, RUSAGE_SELF, &ru);
                sum += syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
                sum += syscall(SYS_getcwd, cwd, sizeof cwd);
                sum += syscall(SYS_sched_yield);
                sum += syscall(SYS_getpriority, PRIO_PROCESS, 0);
                sum += syscall(SYS_umask, 022);
                sum += syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
                sum += syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
                sum += syscall(SYS_time, NULL);
                sum += syscall(SYS_gettimeofday, NULL, NULL);
                sum += syscall(SYS_sched_getscheduler, 0);
                sum += syscall(SYS_sched_get_priority_max, 0);
                sum += syscall(SYS_sched_get_priority_min, 0);
                sum += syscall(SYS_getresuid, &rl.rlim_cur, &rl.rlim_max, &rl.rlim_cur);
                sum += syscall(SYS_getresgid, &rl.rlim_cur, &rl.rlim_max, &rl.rlim_cur);
                sum += syscall(SYS_getgroups, 0, NULL);
                sum += syscall(SYS_personality, 0xffffffff);
                sum += syscall(SYS_capget, NULL, NULL) * 0;
                sum += syscall(SYS_access, "/", F_OK);
                sum += syscall(SYS_faccessat, -100, "/", F_OK);
        }
        printf("%ld rounds\n", rounds);
        return sum == LONG_MIN ? 3 : 0; /* a use of sum; never true */
}
