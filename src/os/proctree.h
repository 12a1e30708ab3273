/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Following a workload's processes: one module for the three places that
 * need to know which processes are whose.
 *
 *   - run --explain: audit records name a pid; the workload's are those of
 *     its command and every process forked below it, even when already
 *     gone by the time the record is read;
 *   - watch: a record of a process that is gone belongs to its parent's
 *     container (cgroups are inherited at fork), so every fork on the
 *     machine is remembered, child -> parent, within a bound;
 *   - record (the ptrace recorder): which tasks have had their attach stop.
 *
 * Fork, exec and exit events come from the proc connector
 * (NETLINK_CONNECTOR, CN_IDX_PROC; needs CAP_NET_ADMIN).  A fork is
 * reported when it happens, before the child can make a syscall, so
 * draining the events before reading a record attributes it exactly.
 */
#ifndef SC_PROCTREE_H
#define SC_PROCTREE_H

#include <signal.h>
#include <sys/types.h>

#include "util.h"

/* ---- a set of pids, each with its parent ---- */

struct sc_pidset_entry {
        int pid;     /* 0: a free slot */
        int ppid;    /* 0: not known */
};

/* A hash table (linear probing): tracing a parallel build follows
 * thousands of tasks, looked up at every stop. */
struct sc_pidset {
        struct sc_pidset_entry *v;
        size_t n, cap;
        /* 0: grows as needed.  Else at most this many entries: past it a
         * new pid takes the place of the one in its slot (watch follows
         * every process on the machine and must stay bounded). */
        size_t max;
};

/* pid (> 0) joins with ppid (0: unknown); a pid already in gets ppid. */
void sc_pidset_add(struct sc_pidset *s, int pid, int ppid);
bool sc_pidset_has(const struct sc_pidset *s, int pid);
/* pid's parent, 0 when not known, -1 when pid is not in the set. */
int sc_pidset_parent(const struct sc_pidset *s, int pid);
void sc_pidset_del(struct sc_pidset *s, int pid);
/* The next pid from *i on (start with 0), in no order; false at the end. */
bool sc_pidset_next(const struct sc_pidset *s, size_t *i, int *ret_pid);
/* Empties the set (the bound stays). */
void sc_pidset_clear(struct sc_pidset *s);

/* ---- proc connector events ---- */

enum sc_proc_what {
        SC_PROC_FORK,   /* pid: the new process, ppid: its parent */
        SC_PROC_EXEC,   /* pid: the process that exec'd */
        SC_PROC_EXIT,   /* pid: the process that ended (its last thread) */
};

struct sc_proc_event {
        enum sc_proc_what what;
        int pid, ppid;
};

/* Subscribe to the proc connector's events; an fd (nonblocking,
 * O_CLOEXEC) or -errno (-EPERM without CAP_NET_ADMIN). */
int sc_proc_events_open(void);
/* Every queued event of a process (a new thread, a thread's exit: not
 * reported) to cb, without blocking.  0, -ENOBUFS when the kernel
 * dropped events (all queued ones were still read), or another -errno. */
int sc_proc_events_read(int fd,
                        void (*cb)(const struct sc_proc_event *ev, void *ud),
                        void *ud);

/* ---- the tree ---- */

struct sc_proctree {
        struct sc_pidset procs;    /* pid -> parent */
        int fd;                    /* the proc connector; -1 without */
        bool all;                  /* every process, not just the roots' */
        bool lost;                 /* the kernel dropped fork events */
};

/* Start following: subscribe (before the workload forks, so that no
 * event is missed).  all_max 0: the processes added with
 * sc_proctree_add() and their descendants; else every process on the
 * machine, the latest all_max forks remembered.  -errno when there are
 * no fork events (t is still usable: roots, and sc_proc_descends()). */
int sc_proctree_open(struct sc_proctree *t, size_t all_max);
void sc_proctree_add(struct sc_proctree *t, int pid, int ppid);
/* Read the queued events: a fork below the tree (every fork, with all)
 * adds the child.  0, or -ENOBUFS when events were dropped (t->lost is
 * set: the tree may lack processes), or another -errno. */
int sc_proctree_update(struct sc_proctree *t);
static inline bool sc_proctree_has(const struct sc_proctree *t, int pid)
{
        return sc_pidset_has(&t->procs, pid);
}
static inline int sc_proctree_parent(const struct sc_proctree *t, int pid)
{
        return sc_pidset_parent(&t->procs, pid);
}
/* Closes the connector and empties the tree. */
void sc_proctree_done(struct sc_proctree *t);

/* ---- the recorders' signals ----
 *
 * While a recorder (ptrace, eBPF) runs a workload: Ctrl-C reaches the
 * workload through the terminal, and the recorder stays to write the
 * profile; TERM and HUP sent to the recorder go on to the workload. */
struct sc_signal_relay {
        struct sigaction old_int, old_quit, old_term, old_hup;
};
void sc_signal_relay_start(struct sc_signal_relay *s, pid_t workload);
void sc_signal_relay_stop(const struct sc_signal_relay *s);

/* ---- /proc ---- */

/* The parent of a running (or zombie) pid from /proc/PID/stat; -errno
 * (-ENOENT: gone). */
int sc_proc_parent(pid_t pid);
/* Is pid root or below root, as /proc says now?  1, 0, or -ENOENT when
 * pid itself is gone (an ancestor that is gone ends the walk: 0). */
int sc_proc_descends(pid_t pid, pid_t root);
/* root and every process now below it (a /proc walk), into set. */
int sc_proc_descendants(pid_t root, struct sc_pidset *set);

#endif
