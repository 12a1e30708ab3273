/* SPDX-License-Identifier: Apache-2.0 */
#ifndef SC_PROCTREE_H
#define SC_PROCTREE_H

#include "util.h"

/* ---- the workload's process tree (for run --explain) ----
 *
 * Audit records name a pid; to tell the workload's records from those of
 * other filtered processes on the machine, every fork below the workload
 * is followed with the proc connector (NETLINK_CONNECTOR, CN_IDX_PROC;
 * needs CAP_NET_ADMIN), so even children that are already gone when their
 * record is read are recognised. */
struct sc_pidset {
        int *pids;
        size_t n, alloc;
};
void sc_pidset_add(struct sc_pidset *s, int pid);
bool sc_pidset_has(const struct sc_pidset *s, int pid);
void sc_pidset_free(struct sc_pidset *s);

/* Subscribe to fork events; an fd (nonblocking, O_CLOEXEC) or -errno. */
int sc_proctree_open(void);
/* Read every queued event: the child of a process in set joins set.
 * Returns 0, or -ENOBUFS when the kernel dropped events (the set may be
 * incomplete), or another -errno. */
int sc_proctree_update(int fd, struct sc_pidset *set);

/* Fork events, for attributing records of processes that are gone by the
 * time their record is read to their parent's container.  fd comes from
 * sc_proctree_open() (above: the proc connector, CAP_NET_ADMIN).  Calls
 * cb(parent_tgid, child_tgid) for every queued fork of a new process
 * (threads are skipped) without blocking.  0, -ENOBUFS when the kernel
 * dropped events, or another -errno. */
int sc_auditnl_read_forks(int fd, void (*cb)(int parent, int child, void *ud),
                          void *ud);

#endif
