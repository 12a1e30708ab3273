/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The eBPF recorder's loader (src/ebpf/recorder.bpf.c is the program): it
 * loads and attaches the program, feeds it the tasks or cgroups to record,
 * and reads back what it saw.  Needs CAP_BPF and CAP_PERFMON (or
 * CAP_SYS_ADMIN), the kernel's BTF (/sys/kernel/btf/vmlinux) and an
 * x86_64 build; sc_ebpf_open says in one line which is missing, so the
 * callers can fall back to ptrace or audit.
 */
#ifndef SC_EBPF_H
#define SC_EBPF_H

#include <linux/filter.h>
#include <linux/types.h>
#include <sys/types.h>

#include "util.h"
#include "../ebpf/recorder-abi.h"

struct sc_ebpf;

struct sc_ebpf_opts {
        enum sc_bpf_mode mode;
        uint64_t target_cgroup;   /* SC_BPF_MODE_CGROUP */
        uint32_t target_level;
        bool count_calls;         /* keep per-syscall totals (record) */
        bool want_args;           /* sc_ebpf_pick_args will be called */
};

/* Load and attach.  On failure -errno, and *ret_why (when not NULL) a
 * static one-line reason: no BTF, no privileges, not built for this
 * arch, or the kernel refused the program. */
int sc_ebpf_open(const struct sc_ebpf_opts *o, struct sc_ebpf **ret,
                 const char **ret_why);
void sc_ebpf_free(struct sc_ebpf *e);
static inline void sc_ebpf_freep(struct sc_ebpf **e)
{
        sc_ebpf_free(*e);
        *e = NULL;
}

/* SC_BPF_MODE_TGIDS: record this process (all its threads) and every
 * process it forks from now on, under group. */
int sc_ebpf_add_tgid(struct sc_ebpf *e, pid_t tgid, uint64_t group);
/* The same for root and its current descendants (found in /proc); what
 * they fork from now on is followed by the program. */
int sc_ebpf_add_tree(struct sc_ebpf *e, pid_t root);
/* Record the values of the arguments in mask (bit i: argument i) of this
 * syscall (AUDIT_ARCH_*, number as dispatched). */
int sc_ebpf_pick_args(struct sc_ebpf *e, uint32_t audit_arch, uint32_t nr,
                      uint32_t mask);

/* Every (group, arch, nr) recorded so far, with its count (0 when the
 * program does not count).  0 or -errno. */
int sc_ebpf_scan(struct sc_ebpf *e,
                 void (*cb)(const struct sc_bpf_key *k, uint64_t count, void *ud),
                 void *ud);
/* Every argument tuple recorded so far. */
int sc_ebpf_scan_args(struct sc_ebpf *e,
                      void (*cb)(const struct sc_bpf_argkey *k, void *ud),
                      void *ud);
/* Wait up to timeout_ms for first-time syscalls announced on the ring
 * buffer; cb for each.  Returns how many, or -errno (-EINTR included). */
int sc_ebpf_poll(struct sc_ebpf *e, int timeout_ms,
                 void (*cb)(const struct sc_bpf_news *n, void *ud), void *ud);
/* The cgroup a group was seen in.  -ENOENT when unknown. */
int sc_ebpf_cginfo(struct sc_ebpf *e, uint64_t group,
                   struct sc_bpf_cginfo *ret);
/* Counters of what could not be stored (enum sc_bpf_counter), summed
 * over the CPUs. */
int sc_ebpf_counters(struct sc_ebpf *e, uint64_t ret[SC_BPF_N_COUNTERS]);
/* Number of processes recorded in SC_BPF_MODE_TGIDS. */
size_t sc_ebpf_n_tgids(struct sc_ebpf *e);

/* The cgroup v2 directory PATH (absolute under the cgroup2 mount, or
 * relative to that mount's root): its id, as bpf_get_current_cgroup_id
 * reports it, and its depth (the root is level 0).  -ENOENT when there
 * is no such cgroup or no cgroup2 mount. */
int sc_cgroup2_lookup(const char *path, uint64_t *ret_id, uint32_t *ret_level);

/* Run argv under the recorder (SC_BPF_MODE_TGIDS, group 0): the child is
 * added before it execs, so execve and everything after it is seen.
 * With filter, the child installs it first (no_new_privs when the caller
 * lacks CAP_SYS_ADMIN), as the ptrace recorder does.  Waits until every
 * descendant has exited (we are their subreaper: a daemon that detaches
 * is still waited for).  *ret_status as sc_tracer_run's. */
int sc_ebpf_run(struct sc_ebpf *e, char *const *argv,
                const struct sock_fprog *filter, int *ret_status);

#endif
