/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ptrace recorder: runs a command under a seccomp filter that returns
 * SECCOMP_RET_TRACE, with PTRACE_O_TRACESECCOMP, following every fork,
 * vfork, clone (threads included) and exec.  Each stop is reported with
 * the arch and number from the seccomp data (PTRACE_GET_SYSCALL_INFO), so
 * i386 code on x86_64 is seen as i386.  Needs only the right to ptrace
 * one's own child and no_new_privs.
 */
#ifndef SC_TRACER_H
#define SC_TRACER_H

#include <linux/filter.h>
#include <sys/types.h>

#include "util.h"

struct sc_trace_event {
        pid_t pid;
        uint32_t arch;        /* AUDIT_ARCH_* */
        int64_t nr;           /* seccomp_data.nr */
        uint64_t args[6];
        uint32_t ret_data;    /* SECCOMP_RET_DATA of the filter's verdict */
};

typedef void (*sc_trace_cb)(const struct sc_trace_event *ev, void *userdata);

struct sc_tracer_opts {
        /* Filter to install in the child; NULL: trace every syscall (a
         * one-instruction RET_TRACE program).  Every syscall the filter
         * answers with SECCOMP_RET_TRACE is reported. */
        const struct sock_fprog *filter;
        sc_trace_cb cb;
        void *userdata;
};

struct sc_tracer_stats {
        uint64_t stops;        /* seccomp stops */
        uint64_t processes;    /* tasks (processes and threads) followed */
        uint64_t execs;
};

/* Run argv[0] (searched in PATH) with argv under the tracer and wait for
 * every traced task to end.  *ret_status gets the command's exit status
 * as a shell reports it (128+N when killed by signal N; 127 when it could
 * not be executed).  -errno when tracing could not be set up. */
int sc_tracer_run(char *const *argv, const struct sc_tracer_opts *opts,
                  int *ret_status, struct sc_tracer_stats *ret_stats);

#endif
