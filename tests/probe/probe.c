/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The syscall probe used by the enforcement tests: makes a fixed list of
 * harmless syscalls, each in its own forked child (so a KILL or TRAP ends
 * only that child), and prints one line per call:
 *
 *     getpid ok
 *     socket.vsock errno 1
 *     int80.getpid signal 31
 *
 * The same static binary runs under `seccompctl run` and inside a runc
 * container; the two outputs must be identical.  Calls are chosen so the
 * result depends only on the seccomp filter, not on capabilities,
 * namespaces or the file system (errors such as EBADF are the same in
 * both places).  Every call is made with syscall(2) or inline assembly so
 * the vDSO and libc wrappers cannot hide it from the filter.
 *
 *   probe [--list] [--thread] [--no-fork [--repeat=N]] [NAME...]
 *
 * --thread makes each call from a second thread of the child (the filter
 * must cover every thread); --no-fork makes the calls in the probe itself
 * (a KILL action then ends the probe: tests of exit statuses), N times
 * each with --repeat=N.  NAMEs select entries (default: all).
 * Exit status 0 unless the probe itself fails.
 *
 * Build it static: gcc -static -O2 -o probe probe.c -lpthread
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define X32_BIT 0x40000000L

static long sys_int80(long nr, long a, long b, long c)
{
#if defined(__x86_64__)
        long ret;
        __asm__ volatile("int $0x80"
                         : "=a"(ret)
                         : "a"(nr), "b"(a), "c"(b), "d"(c)
                         : "memory", "r8", "r9", "r10", "r11");
        if (ret < 0 && ret > -4096) {
                errno = (int)-ret;
                return -1;
        }
        return ret;
#else
        (void)nr, (void)a, (void)b, (void)c;
        errno = ENOSYS;
        return -1;
#endif
}

static char scratch[4096];

static long c_getpid(void) { return syscall(SYS_getpid); }
static long c_getppid(void) { return syscall(SYS_getppid); }
static long c_getuid(void) { return syscall(SYS_getuid); }
static long c_geteuid(void) { return syscall(SYS_geteuid); }
static long c_getgid(void) { return syscall(SYS_getgid); }
static long c_gettid(void) { return syscall(SYS_gettid); }
static long c_getpgrp(void) { return syscall(SYS_getpgrp); }
static long c_uname(void) { return syscall(SYS_uname, scratch); }
static long c_getcwd(void) { return syscall(SYS_getcwd, scratch, sizeof(scratch)); }
static long c_sched_yield(void) { return syscall(SYS_sched_yield); }
static long c_umask(void) { return syscall(SYS_umask, 022); }
static long c_getrlimit(void) { return syscall(SYS_getrlimit, RLIMIT_NOFILE, scratch); }
static long c_prlimit64(void) { return syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, scratch); }
static long c_sysinfo(void) { return syscall(SYS_sysinfo, scratch); }
static long c_times(void) { return syscall(SYS_times, scratch); }
static long c_clock_gettime(void) { return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, scratch); }
static long c_gettimeofday(void) { return syscall(SYS_gettimeofday, scratch, NULL); }
static long c_nanosleep(void)
{
        struct timespec ts = { 0, 1 };
        return syscall(SYS_nanosleep, &ts, NULL);
}
static long c_getrandom(void) { return syscall(SYS_getrandom, scratch, 8, 0); }
static long c_close_bad(void) { return syscall(SYS_close, -1); }
static long c_dup_bad(void) { return syscall(SYS_dup, -1); }
static long c_fcntl_bad(void) { return syscall(SYS_fcntl, -1, F_GETFL); }
static long c_pipe2(void)
{
        int p[2];
        return syscall(SYS_pipe2, p, O_CLOEXEC);
}
static long c_eventfd2(void) { return syscall(SYS_eventfd2, 0, 0); }
static long c_openat_root(void)
{
        return syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}
static long c_socket_unix(void) { return syscall(SYS_socket, AF_UNIX, SOCK_STREAM, 0); }
static long c_socket_inet(void) { return syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0); }
/* Docker's default allows socket() except AF_VSOCK (40) via arg checks. */
static long c_socket_vsock(void) { return syscall(SYS_socket, 40, SOCK_STREAM, 0); }
static long c_socket_bad(void) { return syscall(SYS_socket, 9999, SOCK_STREAM, 0); }
/* personality: Docker's default allows only a few argument values. */
static long c_personality_query(void) { return syscall(SYS_personality, 0xffffffffUL); }
static long c_personality_linux(void) { return syscall(SYS_personality, 0UL); }
static long c_personality_odd(void) { return syscall(SYS_personality, 0x0040000UL | 0xffffff00UL); }
static long c_madvise(void) { return syscall(SYS_madvise, scratch, 0, MADV_NORMAL); }
static long c_mincore_bad(void) { return syscall(SYS_mincore, 1, 4096, scratch); }
static long c_kill0(void) { return syscall(SYS_kill, getpid(), 0); }
static long c_ptrace_bad(void) { return syscall(SYS_ptrace, 0x7fffffffL, 0, 0, 0); }
static long c_unshare0(void) { return syscall(SYS_unshare, 0); }
static long c_setns_bad(void) { return syscall(SYS_setns, -1, 0); }
static long c_keyctl_bad(void) { return syscall(SYS_keyctl, 0x7fff, 0, 0, 0); }
static long c_io_uring_bad(void) { return syscall(425, 0, NULL); }
static long c_clone3_bad(void) { return syscall(435, NULL, 0); }
/* Numbers newer than most profiles' newest name: runc's ENOSYS stub. */
static long c_nr_cachestat(void) { return syscall(451, -1, NULL, NULL, 0); }
static long c_nr_460(void) { return syscall(460, 0, 0, 0); }
static long c_nr_1000(void) { return syscall(1000); }
/* x32 numbers on an x86_64 filter: the bad-arch action unless x32 is
 * listed; this kernel has no x32 ABI, so ENOSYS when allowed. */
static long c_x32_getpid(void) { return syscall(X32_BIT | SYS_getpid); }
/* i386 via int 0x80 from 64-bit code: arch AUDIT_ARCH_I386. */
static long c_int80_getpid(void) { return sys_int80(20, 0, 0, 0); }
static long c_int80_getuid32(void) { return sys_int80(199, 0, 0, 0); }
static long c_int80_socket(void)
{
        /* i386 socket(2) is 359; glibc still uses socketcall(102). */
        return sys_int80(359, AF_UNIX, SOCK_STREAM, 0);
}

struct call {
        const char *name;
        long (*fn)(void);
};

static const struct call calls[] = {
        { "getpid", c_getpid },
        { "getppid", c_getppid },
        { "getuid", c_getuid },
        { "geteuid", c_geteuid },
        { "getgid", c_getgid },
        { "gettid", c_gettid },
        { "getpgrp", c_getpgrp },
        { "uname", c_uname },
        { "getcwd", c_getcwd },
        { "sched_yield", c_sched_yield },
        { "umask", c_umask },
        { "getrlimit", c_getrlimit },
        { "prlimit64", c_prlimit64 },
        { "sysinfo", c_sysinfo },
        { "times", c_times },
        { "clock_gettime", c_clock_gettime },
        { "gettimeofday", c_gettimeofday },
        { "nanosleep", c_nanosleep },
        { "getrandom", c_getrandom },
        { "close.bad", c_close_bad },
        { "dup.bad", c_dup_bad },
        { "fcntl.bad", c_fcntl_bad },
        { "pipe2", c_pipe2 },
        { "eventfd2", c_eventfd2 },
        { "openat.root", c_openat_root },
        { "socket.unix", c_socket_unix },
        { "socket.inet", c_socket_inet },
        { "socket.vsock", c_socket_vsock },
        { "socket.bad", c_socket_bad },
        { "personality.query", c_personality_query },
        { "personality.linux", c_personality_linux },
        { "personality.odd", c_personality_odd },
        { "madvise", c_madvise },
        { "mincore.bad", c_mincore_bad },
        { "kill0", c_kill0 },
        { "ptrace.bad", c_ptrace_bad },
        { "unshare0", c_unshare0 },
        { "setns.bad", c_setns_bad },
        { "keyctl.bad", c_keyctl_bad },
        { "io_uring_setup.bad", c_io_uring_bad },
        { "clone3.bad", c_clone3_bad },
        { "nr451", c_nr_cachestat },
        { "nr460", c_nr_460 },
        { "nr1000", c_nr_1000 },
        { "x32.getpid", c_x32_getpid },
        { "int80.getpid", c_int80_getpid },
        { "int80.getuid32", c_int80_getuid32 },
        { "int80.socket", c_int80_socket },
};

/* The child's verdict travels through a pipe (errno values above 255
 * do not fit an exit status); a signal is read from the wait status. */
static int result_of(long r)
{
        return r >= 0 ? 0 : errno;
}

static void *thread_main(void *arg)
{
        const struct call *c = arg;
        return (void *)(intptr_t)result_of(c->fn());
}

static int child(const struct call *c, bool threaded)
{
        if (!threaded)
                return result_of(c->fn());
        pthread_t t;
        void *res;
        if (pthread_create(&t, NULL, thread_main, (void *)c) != 0 ||
            pthread_join(t, &res) != 0)
                return -1;
        return (int)(intptr_t)res;
}

static int probe(const struct call *c, bool threaded)
{
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0) {
                printf("%s pipe-failed %d\n", c->name, errno);
                return -1;
        }
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
                printf("%s fork-failed %d\n", c->name, errno);
                return -1;
        }
        if (pid == 0) {
                close(p[0]);
                int v = child(c, threaded);
                _exit(write(p[1], &v, sizeof(v)) == sizeof(v) ? 0 : 1);
        }
        close(p[1]);
        int v = 0;
        ssize_t n;
        while ((n = read(p[0], &v, sizeof(v))) < 0 && errno == EINTR)
                ;
        close(p[0]);
        int st;
        while (waitpid(pid, &st, 0) < 0)
                if (errno != EINTR) {
                        printf("%s wait-failed %d\n", c->name, errno);
                        return -1;
                }
        if (WIFSIGNALED(st))
                printf("%s signal %d\n", c->name, WTERMSIG(st));
        else if (n != sizeof(v) || WEXITSTATUS(st) != 0)
                printf("%s lost-result\n", c->name);
        else if (v < 0)
                printf("%s thread-failed\n", c->name);
        else if (v == 0)
                printf("%s ok\n", c->name);
        else
                printf("%s errno %d\n", c->name, v);
        return 0;
}

int main(int argc, char **argv)
{
        bool threaded = false, list = false, no_fork = false;
        long repeat = 1;
        int first = 1;

        for (; first < argc && argv[first][0] == '-'; first++) {
                if (strcmp(argv[first], "--thread") == 0)
                        threaded = true;
                else if (strcmp(argv[first], "--list") == 0)
                        list = true;
                else if (strcmp(argv[first], "--no-fork") == 0)
                        no_fork = true;
                else if (strncmp(argv[first], "--repeat=", 9) == 0)
                        repeat = strtol(argv[first] + 9, NULL, 10);
                else if (strcmp(argv[first], "--") == 0) {
                        first++;
                        break;
                } else {
                        fprintf(stderr, "usage: probe [--list] [--thread] [--no-fork [--repeat=N]] [NAME...]\n");
                        return 2;
                }
        }
        setvbuf(stdout, NULL, _IOLBF, 0);
        int rc = 0;
        for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
                bool want = first >= argc;
                for (int j = first; j < argc && !want; j++)
                        want = strcmp(argv[j], calls[i].name) == 0;
                if (!want)
                        continue;
                if (list)
                        printf("%s\n", calls[i].name);
                else if (no_fork) {
                        /* In this process: a KILL action ends the probe. */
                        int v = 0;
                        for (long k = 0; k < repeat; k++)
                                v = child(&calls[i], threaded);
                        if (v == 0)
                                printf("%s ok\n", calls[i].name);
                        else
                                printf("%s errno %d\n", calls[i].name, v);
                }
                else if (probe(&calls[i], threaded) < 0)
                        rc = 1;
        }
        return rc;
}
