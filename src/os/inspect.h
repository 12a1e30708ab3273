/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the kernel enforces on a running process: the seccomp fields of
 * /proc/PID/status and the attached classic BPF programs, read with
 * ptrace(PTRACE_SECCOMP_GET_FILTER) (CONFIG_CHECKPOINT_RESTORE; the
 * caller needs CAP_SYS_ADMIN and must not itself run under seccomp), and
 * the processes of a container, found through /proc/PID/cgroup.
 */
#ifndef SC_INSPECT_H
#define SC_INSPECT_H

#include <sys/types.h>

#include "bpf.h"

struct sc_proc_seccomp {
        int mode;            /* 0 disabled, 1 strict, 2 filter; -1 unknown */
        long n_filters;      /* Seccomp_filters (Linux >= 5.9); -1 unknown */
        int no_new_privs;    /* NoNewPrivs; -1 unknown */
        char comm[64];       /* Name: */
};

/* Parse /proc/PID/status.  -ENOENT / -ESRCH when there is no such
 * process. */
int sc_proc_seccomp_status(pid_t pid, struct sc_proc_seccomp *ret);
/* The same parser on a status file's text (for tests). */
int sc_proc_seccomp_parse(const char *text, struct sc_proc_seccomp *ret);

/* Read every filter attached to thread pid, in the kernel's numbering:
 * [0] is the filter installed first, which runs LAST (seccomp_run_filters
 * walks from the newest).  The thread is seized and interrupted with
 * PTRACE_SEIZE/PTRACE_INTERRUPT, read, and detached (a signal that
 * arrived meanwhile is handed back).  Errors:
 *   -EPERM   cannot trace it (ptrace permission, Yama, already traced);
 *   -EACCES  PTRACE_SECCOMP_GET_FILTER refused: no CAP_SYS_ADMIN, or the
 *            caller itself runs under seccomp;
 *   -EINVAL  the thread is not in filter mode;
 *   -EMEDIUMTYPE  an eBPF program (not classic BPF). */
int sc_proc_read_filters(pid_t pid, struct sc_filter ***ret, size_t *ret_n);
void sc_filters_free(struct sc_filter **f, size_t n);

/* The thread IDs of process pid (/proc/PID/task), sorted.  Each thread has
 * its own filters: threads that installed one without TSYNC differ. */
int sc_proc_threads(pid_t pid, pid_t **ret, size_t *ret_n);

/* PIDs (thread group leaders) whose /proc/PID/cgroup has a path component
 * containing id (runc's "ID", systemd's "runc-ID.scope",
 * "cri-containerd-ID.scope", "crio-ID.scope", "docker-ID.scope").  Sorted;
 * 0 when none.  *ret_cgroup (may be NULL) gets the first matching path. */
int sc_container_pids(const char *id, pid_t **ret, size_t *ret_n,
                      char **ret_cgroup);

#endif
