/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run --explain: the kernel's audit records (SECCOMP_FILTER_FLAG_LOG, the
 * audit netlink multicast group) of the command's process tree, counted
 * and printed on stderr when it ends.
 */
#ifndef SC_CLI_RUN_EXPLAIN_H
#define SC_CLI_RUN_EXPLAIN_H

#include <sys/types.h>

#include "explain.h"
#include "proctree.h"

struct explain {
        struct sc_explain table;
        int audit_fd;              /* -1: not available (said on stderr) */
        /* tgids known to be ours.  With fork events (tree.fd >= 0) the
         * tree is exact, and records are attributed at the end; without,
         * a /proc walk decides when each record arrives. */
        struct sc_proctree tree;
        pid_t root;
        bool have_errno_log;
        bool lost;                 /* ENOBUFS: the kernel dropped some */
};

/* Before the fork (no event may be missed): join the audit group and
 * subscribe to fork events.  When the audit group cannot be joined this
 * is said, and the command runs without (x->audit_fd < 0). */
void explain_open(struct explain *x, const struct sc_filter *filter);
/* In the child: close the parent's sockets. */
void explain_close_fds(const struct explain *x);
/* After the fork: the command's pid, the root of the tree. */
void explain_follow(struct explain *x, pid_t pid);
/* Read what is queued, when poll() says so. */
void explain_read_records(struct explain *x);
void explain_read_forks(struct explain *x);
/* The command has ended: the records and forks still on their way. */
void explain_finish(struct explain *x);
void explain_print(const struct explain *x);
void explain_done(struct explain *x);

#endif
