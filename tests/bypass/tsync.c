/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A filter installed in a process that already has many threads, through
 * the public API (seccompctl_compile + seccompctl_load):
 *
 *   tsync [NTHREADS]     (default 200)
 *
 * NTHREADS threads are started and parked; then the main thread compiles
 * a profile denying getsid with ERRNO(42) and loads it with
 * SECCOMP_FILTER_FLAG_TSYNC.  Every thread must then be filtered: its own
 * getsid fails with 42 and /proc/self/task/TID/status says Seccomp: 2.
 * First, in a child, the same load without TSYNC leaves the other threads
 * unfiltered (so the check can tell the difference).  Exit 0 when all
 * holds; prints one summary line per phase.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccompctl.h"

/* getsid, not getppid: LeakSanitizer's stop-the-world thread polls
 * getppid and, under a filter denying it, the process hangs at exit. */
static const char profile[] =
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
        "{\"names\": [\"getsid\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 42}]}";

struct worker {
        pthread_t thread;
        pid_t tid;
        int err; /* errno of getsid, 0 when it succeeded */
};

static pthread_barrier_t parked, go;

static void *work(void *arg)
{
        struct worker *w = arg;
        w->tid = (pid_t)syscall(SYS_gettid);
        pthread_barrier_wait(&parked);
        pthread_barrier_wait(&go); /* the filter is (or is not) in place */
        w->err = syscall(SYS_getsid, 0) < 0 ? errno : 0;
        return NULL;
}

static int seccomp_mode(pid_t tid)
{
        char path[64], line[128];
        int mode = -1;
        snprintf(path, sizeof(path), "/proc/self/task/%d/status", (int)tid);
        FILE *f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, "Seccomp:", 8) == 0)
                        mode = atoi(line + 8);
        fclose(f);
        return mode;
}

/* Start n threads, load the filter with flags, release them; returns the
 * number of threads whose getsid failed with 42 and that /proc shows
 * filtered (both must agree, else -1). */
static int phase(int n, unsigned flags)
{
        struct worker *w = calloc((size_t)n, sizeof(*w));
        struct seccompctl_profile *p = NULL;
        char *msgs = NULL;
        void *bpf = NULL;
        size_t len = 0;
        int denied = 0, filtered = 0, r;

        if (!w)
                return -1;
        pthread_barrier_init(&parked, NULL, (unsigned)n + 1);
        pthread_barrier_init(&go, NULL, (unsigned)n + 1);
        for (int i = 0; i < n; i++)
                if (pthread_create(&w[i].thread, NULL, work, &w[i]) != 0) {
                        fprintf(stderr, "pthread_create %d failed\n", i);
                        exit(2);
                }
        pthread_barrier_wait(&parked);
        if (seccompctl_profile_parse(profile, sizeof(profile) - 1, "tsync", &p, &msgs) < 0 ||
            seccompctl_compile(p, NULL, 0, &bpf, &len, &msgs) < 0) {
                fprintf(stderr, "compile: %s\n", msgs ? msgs : "?");
                exit(2);
        }
        r = seccompctl_load(bpf, len, flags, NULL);
        if (r < 0) {
                fprintf(stderr, "seccompctl_load: %s\n", strerror(-r));
                exit(2);
        }
        for (int i = 0; i < n; i++)
                filtered += seccomp_mode(w[i].tid) == 2;
        pthread_barrier_wait(&go);
        for (int i = 0; i < n; i++) {
                pthread_join(w[i].thread, NULL);
                denied += w[i].err == 42;
        }
        if (syscall(SYS_getsid, 0) >= 0 || errno != 42) {
                fprintf(stderr, "the loading thread itself is not filtered\n");
                exit(2);
        }
        seccompctl_profile_free(p);
        free(bpf);
        free(msgs);
        free(w);
        return denied == filtered ? denied : -1;
}

int main(int argc, char **argv)
{
        int n = argc > 1 ? atoi(argv[1]) : 200, st, r;
        pid_t pid;

        if (n < 1)
                return 2;
        pid = fork();
        if (pid < 0)
                return 2;
        if (pid == 0) {
                r = phase(n, 0);
                printf("without TSYNC: %d of %d threads filtered\n", r, n);
                fflush(stdout);
                _exit(r == 0 ? 0 : 1);
        }
        if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                fprintf(stderr, "control (no TSYNC) failed: status %#x\n", st);
                return 1;
        }
        fflush(stdout);
        r = phase(n, 1 /* SECCOMP_FILTER_FLAG_TSYNC */);
        printf("with TSYNC: %d of %d threads filtered\n", r, n);
        return r == n ? 0 : 1;
}
