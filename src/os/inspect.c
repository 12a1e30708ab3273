/* SPDX-License-Identifier: Apache-2.0 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "fileio.h"
#include "inspect.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

int sc_proc_seccomp_parse(const char *text, struct sc_proc_seccomp *ret)
{
        struct sc_proc_seccomp s = { .mode = -1, .n_filters = -1,
                                     .no_new_privs = -1 };
        static const struct {
                const char *key;
                size_t off;
        } fields[] = {
                { "Seccomp:", offsetof(struct sc_proc_seccomp, mode) },
                { "NoNewPrivs:", offsetof(struct sc_proc_seccomp, no_new_privs) },
        };

        for (const char *line = text; line && *line;) {
                const char *eol = strchr(line, '\n');
                size_t len = eol ? (size_t)(eol - line) : strlen(line);
                _cleanup_free_ char *l = xstrndup(line, len);
                char *v;

                line = eol ? eol + 1 : NULL;
                if (startswith(l, "Name:")) {
                        v = l + 5;
                        v += strspn(v, " \t");
                        snprintf(s.comm, sizeof(s.comm), "%s", v);
                        continue;
                }
                if (startswith(l, "Seccomp_filters:")) {
                        uint64_t n;
                        v = l + strlen("Seccomp_filters:");
                        v += strspn(v, " \t");
                        if (parse_u64(v, false, &n) == 0 && n <= LONG_MAX)
                                s.n_filters = (long)n;
                        continue;
                }
                for (size_t i = 0; i < ELEMENTSOF(fields); i++) {
                        uint64_t n;
                        if (!startswith(l, fields[i].key))
                                continue;
                        v = l + strlen(fields[i].key);
                        v += strspn(v, " \t");
                        if (parse_u64(v, false, &n) == 0 && n <= 2)
                                *(int *)((char *)&s + fields[i].off) = (int)n;
                }
        }
        if (s.mode < 0)
                return -ENODATA;
        *ret = s;
        return 0;
}

int sc_proc_seccomp_status(pid_t pid, struct sc_proc_seccomp *ret)
{
        _cleanup_free_ char *path = xasprintf("/proc/%d/status", (int)pid);
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int r = read_file_bounded(path, 1U << 20, &buf, &len);
        if (r < 0)
                return r == -ENOENT ? -ESRCH : r;
        return sc_proc_seccomp_parse(buf, ret);
}

void sc_filters_free(struct sc_filter **f, size_t n)
{
        if (!f)
                return;
        for (size_t i = 0; i < n; i++)
                sc_filter_free(f[i]);
        free(f);
}

static int read_one(pid_t pid, unsigned long idx, struct sc_filter **ret)
{
        long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)idx, NULL);
        if (n < 0)
                return -errno;
        if (n == 0 || n > (long)SC_BPF_MAXINSNS)
                return -EINVAL;
        _cleanup_free_ struct sc_insn *buf = xcalloc((size_t)n, sizeof(*buf));
        long m = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)idx, buf);
        if (m < 0)
                return -errno;
        if (m != n)
                return -EAGAIN; /* cannot change: filters are immutable */
        return sc_filter_from_raw(buf, (size_t)n * sizeof(*buf), ret);
}

int sc_proc_read_filters(pid_t pid, struct sc_filter ***ret, size_t *ret_n)
{
        struct sc_filter **fs = NULL;
        size_t n = 0, alloc = 0;
        int status, sig = 0, r = 0;

        if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
                return errno == ESRCH ? -ESRCH : -EPERM;
        if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
                r = -errno;
                goto detach;
        }
        for (;;) {
                pid_t w = waitpid(pid, &status, __WALL);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        r = -errno;
                        goto detach;
                }
                if (WIFEXITED(status) || WIFSIGNALED(status))
                        return -ESRCH;
                if (WIFSTOPPED(status))
                        break;
        }
        /* A signal-delivery-stop came first: the signal must be handed
         * back on detach, or the tracee would lose it. */
        if ((status >> 16) != PTRACE_EVENT_STOP && WSTOPSIG(status) != SIGTRAP)
                sig = WSTOPSIG(status);

        for (unsigned long idx = 0;; idx++) {
                struct sc_filter *f = NULL;
                r = read_one(pid, idx, &f);
                if (r == -ENOENT && idx > 0) {
                        r = 0;
                        break;
                }
                if (r < 0)
                        break;
                GROW(fs, n, alloc);
                fs[n++] = f;
        }
detach:
        ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)sig);
        if (r < 0) {
                sc_filters_free(fs, n);
                return r;
        }
        *ret = fs;
        *ret_n = n;
        return 0;
}

static void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

static int pid_cmp(const void *a, const void *b)
{
        pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
        return x < y ? -1 : x > y;
}

int sc_proc_threads(pid_t pid, pid_t **ret, size_t *ret_n)
{
        _cleanup_free_ char *path = xasprintf("/proc/%d/task", (int)pid);
        _cleanup_(closedirp) DIR *d = opendir(path);
        pid_t *tids = NULL;
        size_t n = 0, alloc = 0;
        struct dirent *de;

        if (!d)
                return errno == ENOENT ? -ESRCH : -errno;
        while ((de = readdir(d))) {
                uint64_t tid;
                if (parse_u64(de->d_name, false, &tid) < 0 || tid > INT32_MAX)
                        continue;
                GROW(tids, n, alloc);
                tids[n++] = (pid_t)tid;
        }
        if (n)
                qsort(tids, n, sizeof(pid_t), pid_cmp);
        *ret = tids;
        *ret_n = n;
        return 0;
}

/* Does a path component of the cgroup line contain id? */
static bool cgroup_matches(const char *line, const char *id, char **ret_path)
{
        /* "hierarchy-ID:controller-list:cgroup-path" */
        const char *p = strchr(line, ':');
        if (!p || !(p = strchr(p + 1, ':')))
                return false;
        p++;
        const char *c = p;
        while (*c) {
                const char *end = strchrnul(c, '/');
                _cleanup_free_ char *comp = xstrndup(c, (size_t)(end - c));
                if (*comp && strstr(comp, id)) {
                        if (ret_path && !*ret_path)
                                *ret_path = xstrdup(p);
                        return true;
                }
                c = *end ? end + 1 : end;
        }
        return false;
}

int sc_container_pids(const char *id, pid_t **ret, size_t *ret_n,
                      char **ret_cgroup)
{
        _cleanup_(closedirp) DIR *d = NULL;
        pid_t *pids = NULL;
        size_t n = 0, alloc = 0;
        char *cg = NULL;
        struct dirent *de;

        if (!id || strlen(id) < 3 || strchr(id, '/'))
                return -EINVAL;
        d = opendir("/proc");
        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                uint64_t pid;
                if (parse_u64(de->d_name, false, &pid) < 0 || pid > INT32_MAX)
                        continue;
                _cleanup_free_ char *path =
                        xasprintf("/proc/%s/cgroup", de->d_name);
                _cleanup_free_ char *buf = NULL;
                size_t len;
                if (read_file_bounded(path, 1U << 20, &buf, &len) < 0)
                        continue; /* gone meanwhile */
                bool match = false;
                for (char *line = buf; line && *line && !match;) {
                        char *eol = strchr(line, '\n');
                        if (eol)
                                *eol = '\0';
                        match = cgroup_matches(line, id, &cg);
                        line = eol ? eol + 1 : NULL;
                }
                if (match) {
                        GROW(pids, n, alloc);
                        pids[n++] = (pid_t)pid;
                }
        }
        if (n)
                qsort(pids, n, sizeof(pid_t), pid_cmp);
        *ret = pids;
        *ret_n = n;
        if (ret_cgroup)
                *ret_cgroup = cg;
        else
                free(cg);
        return 0;
}
