/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Installing a compiled classic-BPF seccomp filter into the calling
 * process, the way runc (libcontainer/seccomp/patchbpf) and crun
 * (src/libcrun/seccomp.c) do it.  Fails closed: an error means nothing was
 * installed (or the process must not go on to exec the workload).
 */
#ifndef SC_LOADER_H
#define SC_LOADER_H

#include <linux/filter.h>

#include "util.h"

/* SECCOMP_FILTER_FLAG_* values (linux/seccomp.h), kept here so older build
 * hosts still compile; the kernel says EINVAL for what it does not know. */
#define SC_LOAD_FLAG_TSYNC 0x1U
#define SC_LOAD_FLAG_LOG 0x2U
#define SC_LOAD_FLAG_SPEC_ALLOW 0x4U
#define SC_LOAD_FLAG_NEW_LISTENER 0x8U
#define SC_LOAD_FLAG_TSYNC_ESRCH 0x10U
#define SC_LOAD_FLAG_WAIT_KILLABLE_RECV 0x20U

struct sc_load_opts {
        uint32_t flags;          /* SC_LOAD_FLAG_* */
        /* Set PR_SET_NO_NEW_PRIVS first (required unless the caller has
         * CAP_SYS_ADMIN in its user namespace). */
        bool no_new_privs;
        /* runc: when flags is 0 the filter is loaded with
         * prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER) instead of seccomp(2). */
        bool prctl_when_no_flags;
        /* crun: when seccomp(2) says EINVAL for the flags and no listener is
         * wanted, retry once with no flags. */
        bool retry_without_flags;
};

/* Defaults: no_new_privs, prctl_when_no_flags (runc), no retry. */
void sc_load_opts_init(struct sc_load_opts *o);

/* Install prog (n instructions) into the calling thread (every thread
 * with TSYNC).  With NEW_LISTENER in flags (needed for SCMP_ACT_NOTIFY
 * rules) *ret_listener gets the notification fd (O_CLOEXEC), else -1.
 * TSYNC together with NEW_LISTENER gets TSYNC_ESRCH added, as the kernel
 * requires.  Returns 0 or -errno:
 *   -EINVAL  empty or oversized program, unknown flags, bad BPF;
 *   -EACCES  no NO_NEW_PRIVS and no CAP_SYS_ADMIN;
 *   -ESRCH   TSYNC could not synchronise another thread (one already
 *            runs a filter that is not an ancestor of ours). */
int sc_filter_install(const struct sock_filter *prog, size_t n,
                      const struct sc_load_opts *o, int *ret_listener);

/* Is the action ("log", "errno", "kill_process", ...) listed in
 * /proc/sys/kernel/seccomp/actions_logged?  -errno when unreadable. */
int sc_kernel_action_logged(const char *name);
/* Same for actions_avail. */
int sc_kernel_action_avail(const char *name);

/* Does the calling thread have cap (CAP_* number) in its effective set? */
bool sc_have_effective_cap(int cap);

#endif
