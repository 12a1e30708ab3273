/* SPDX-License-Identifier: Apache-2.0 */
/* Test workload: several threads, each making syscalls the main thread
 * never makes, so a recorder that follows only the main thread misses
 * them (and the recorded profile then kills or fails the run). */
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

static void *worker(void *arg)
{
        long i = (long)arg;
        struct utsname u;
        struct sysinfo si;
        struct rusage ru;

        /* Only threads call these. */
        if (uname(&u) < 0 || sysinfo(&si) < 0 ||
            getrusage(RUSAGE_THREAD, &ru) < 0)
                return (void *)1;
        for (int k = 0; k < 100; k++)
                sched_yield();
        return (void *)(i * 0);
}

int main(void)
{
        pthread_t t[4];
        int bad = 0;

        for (long i = 0; i < 4; i++)
                if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
                        return 2;
        for (int i = 0; i < 4; i++) {
                void *r;
                pthread_join(t[i], &r);
                bad |= r != NULL;
        }
        printf("threads ok\n");
        return bad;
}
