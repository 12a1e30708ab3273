/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LD_PRELOAD shim for tests/shell/oom-failclosed.sh: in a process named
 * seccompctl, every allocation after the first SC_FAIL_MALLOC_AFTER ones
 * fails (NULL, ENOMEM), as when memory really runs out (after the first
 * failure nothing succeeds any more).  Other programs (the workload that
 * inherits LD_PRELOAD) are left alone.  With SC_MALLOC_COUNT_FILE set, the
 * number of allocations made is written there at exit or execve (run
 * ends in execve), so the test knows how far to count.
 *
 * glibc lets malloc be replaced (its own strdup, vasprintf, ... call it
 * through the PLT); the real allocator stays reachable as __libc_*.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static int active;
static unsigned long limit = (unsigned long)-1, count;

__attribute__((constructor)) static void init(void)
{
        const char *s = getenv("SC_FAIL_MALLOC_AFTER");
        active = strcmp(program_invocation_short_name, "seccompctl") == 0;
        if (s && *s)
                limit = strtoul(s, NULL, 10);
}

static void write_count(void)
{
        const char *f = getenv("SC_MALLOC_COUNT_FILE");
        if (!active || !f)
                return;
        int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
                return;
        dprintf(fd, "%lu\n", count);
        close(fd);
}

__attribute__((destructor)) static void fini(void)
{
        write_count();
}

/* The raw system call: the real execve needs no allocation, and looking
 * it up (dlsym) might. */
int execve(const char *path, char *const argv[], char *const envp[])
{
        write_count();
        return (int)syscall(SYS_execve, path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
        return execve(path, argv, environ);
}

static int fail(void)
{
        if (!active)
                return 0;
        if (++count <= limit)
                return 0;
        errno = ENOMEM;
        return 1;
}

void *malloc(size_t n)
{
        return fail() ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
        return fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
        return fail() ? NULL : __libc_realloc(p, n);
}

void *reallocarray(void *p, size_t n, size_t size)
{
        if (size && n > (size_t)-1 / size) {
                errno = ENOMEM;
                return NULL;
        }
        return realloc(p, n * size);
}

void *memalign(size_t align, size_t n)
{
        return fail() ? NULL : __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
        return memalign(align, n);
}

int posix_memalign(void **ret, size_t align, size_t n)
{
        void *p = memalign(align, n);
        if (!p)
                return ENOMEM;
        *ret = p;
        return 0;
}
