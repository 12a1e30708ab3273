/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bypass-test workload: makes the system calls named on its command line,
 * by raw number and in the calling convention asked for, and prints one
 * line per call, so a shell test can tell which filter rule answered:
 *
 *     sys=39 ok 1234          (returned 1234)
 *     int80=64 errno 42       (failed with errno 42)
 *
 * A KILL or TRAP action ends the process with SIGSYS (exit 159 under
 * `seccompctl run`); lines already printed are flushed first.
 *
 *   rawsys OP...
 *     sys=NR[,A0[,A1[,A2]]]  syscall(NR, A0, A1, A2) via the `syscall`
 *                  instruction (NR may be negative, hex, or carry the x32
 *                  bit 0x40000000); built with -m32, via glibc's i386
 *                  entry (int 0x80 / sysenter); missing arguments are 0
 *     int80=NR[,A0[,A1[,A2]]]  `int $0x80` from 64-bit code: reaches the
 *                  filter as AUDIT_ARCH_I386 with i386 numbers
 *     status       print NoNewPrivs, Seccomp and Seccomp_filters from
 *                  /proc/self/status
 *     ids          print the real and effective uid
 *     nnp-clear    prctl(PR_SET_NO_NEW_PRIVS, 0): the kernel refuses it
 *     allow-all    install a second filter returning ALLOW for everything
 *     deny=NR,E    install a second filter failing NR with errno E
 *     ptrace-parent  PTRACE_ATTACH to the parent (detached again at once
 *                  when the profile lets it through)
 *     exec PATH ARGS...  execv PATH with ARGS (the rest of the command
 *                  line; argv[0] is PATH)
 *
 * Static, no libc wrapper caches (getpid), no vDSO: every call here is a
 * real system call the filter sees.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *op, long ret)
{
        if (ret == -1)
                printf("%s errno %d\n", op, errno);
        else
                printf("%s ok %ld\n", op, ret);
        fflush(stdout);
}

#if defined(__x86_64__)
static long sys_int80(long nr, long a, long b, long c)
{
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
}
#endif

static int install(struct sock_filter *insns, unsigned short n)
{
        struct sock_fprog prog = { .len = n, .filter = insns };
        return (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

/* The parent's pid from /proc (getppid is one of the calls a profile
 * denies). */
static long parent_pid(void)
{
        char line[256];
        long pp = -1;
        FILE *f = fopen("/proc/self/status", "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "PPid:", 5) == 0)
                        pp = strtol(line + 5, NULL, 10);
        fclose(f);
        return pp;
}

static void print_status(void)
{
        char line[256];
        FILE *f = fopen("/proc/self/status", "re");
        if (!f) {
                printf("status errno %d\n", errno);
                return;
        }
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "NoNewPrivs:", 11) == 0 ||
                    strncmp(line, "Seccomp:", 8) == 0 ||
                    strncmp(line, "Seccomp_filters:", 16) == 0)
                        fputs(line, stdout);
        fclose(f);
        fflush(stdout);
}

/* "NR,A0,A1,A2" -> v[0..3] (missing ones 0). */
static void parse_call(const char *s, long v[4])
{
        char *end;
        memset(v, 0, 4 * sizeof(*v));
        for (int k = 0; k < 4; k++, s = end + 1) {
                v[k] = (long)strtoul(s, &end, 0); /* "-1" and 2^64-1 alike */
                if (*end != ',')
                        break;
        }
}

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                const char *op = argv[i];
                long v[4];
                if (strncmp(op, "sys=", 4) == 0) {
                        parse_call(op + 4, v);
                        errno = 0;
                        report(op, syscall(v[0], v[1], v[2], v[3], 0, 0, 0));
#if defined(__x86_64__)
                } else if (strncmp(op, "int80=", 6) == 0) {
                        parse_call(op + 6, v);
                        report(op, sys_int80(v[0], v[1], v[2], v[3]));
#endif
                } else if (strcmp(op, "status") == 0) {
                        print_status();
                } else if (strcmp(op, "ids") == 0) {
                        printf("ids uid=%ld euid=%ld\n", (long)getuid(),
                               (long)geteuid());
                        fflush(stdout);
                } else if (strcmp(op, "nnp-clear") == 0) {
                        report(op, prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
                } else if (strcmp(op, "allow-all") == 0) {
                        struct sock_filter f[] = {
                                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                        };
                        report(op, install(f, 1));
                } else if (strncmp(op, "deny=", 5) == 0) {
                        char *end;
                        unsigned long nr = strtoul(op + 5, &end, 0);
                        unsigned long e = *end == ',' ? strtoul(end + 1, NULL, 0) : 1;
                        struct sock_filter f[] = {
                                BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                                         offsetof(struct seccomp_data, nr)),
                                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
                                BPF_STMT(BPF_RET | BPF_K,
                                         SECCOMP_RET_ERRNO | (e & SECCOMP_RET_DATA)),
                                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                        };
                        report(op, install(f, 4));
                } else if (strcmp(op, "ptrace-parent") == 0) {
                        pid_t pp = (pid_t)parent_pid();
                        long r = ptrace(PTRACE_ATTACH, pp, 0, 0);
                        int e = errno;
                        if (r == 0) {
                                waitpid(pp, NULL, __WALL);
                                ptrace(PTRACE_DETACH, pp, 0, 0);
                        }
                        errno = e;
                        report(op, r);
                } else if (strcmp(op, "exec") == 0 && i + 1 < argc) {
                        execv(argv[i + 1], argv + i + 1);
                        report("exec", -1);
                        return 1;
                } else {
                        fprintf(stderr, "rawsys: unknown op %s\n", op);
                        return 2;
                }
        }
        return 0;
}
