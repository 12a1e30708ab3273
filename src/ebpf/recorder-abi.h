/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the eBPF recorder (recorder.bpf.c, in the kernel) and its loader
 * (src/os/ebpf.c) share: map keys, values and counter indexes.  Fixed-size
 * types only, no padding holes: both sides see the same bytes.
 */
#ifndef SC_RECORDER_ABI_H
#define SC_RECORDER_ABI_H

/* Which tasks are recorded, and what a recorded call is filed under. */
enum sc_bpf_mode {
        /* Tasks whose tgid is in the tgids map, and every process they
         * fork from then on; the group is the map's value. */
        SC_BPF_MODE_TGIDS = 1,
        /* Every task on the node; the group is its cgroup v2 id. */
        SC_BPF_MODE_ALL_CGROUPS = 2,
        /* Tasks in one cgroup v2 subtree (target_cgroup at target_level);
         * the group is target_cgroup. */
        SC_BPF_MODE_CGROUP = 3,
};

/* One distinct syscall of one group.  nr is the number the kernel
 * dispatched on (x32 bit included); arch is the AUDIT_ARCH_* value. */
struct sc_bpf_key {
        __u64 group;
        __u32 arch;
        __u32 nr;
};

/* One distinct argument tuple of a syscall picked for --args (the
 * arguments not asked for are 0). */
struct sc_bpf_argkey {
        struct sc_bpf_key key;
        __u64 args[6];
};

/* record's fast path: a per-CPU array of counts indexed by
 * slot * SC_BPF_FAST_NR + number (no hashing, no atomics); numbers at or
 * above SC_BPF_FAST_NR go to the syscalls hash map. */
#define SC_BPF_FAST_NR 1024U
enum sc_bpf_slot {
        SC_BPF_SLOT_X86_64,   /* AUDIT_ARCH_X86_64 */
        SC_BPF_SLOT_X32,      /* AUDIT_ARCH_X86_64, number | 0x40000000 */
        SC_BPF_SLOT_I386,     /* AUDIT_ARCH_I386 */
        SC_BPF_N_SLOTS,
};

/* Picked for --args: key = { arch, nr } (group 0), value = argument mask. */

/* A group's cgroup, as seen when its first syscall was recorded: the
 * cgroup may be gone (the container removed) by the time it is read. */
#define SC_BPF_CGNAME 128
struct sc_bpf_cginfo {
        __u32 tgid;           /* the first task seen in it */
        __u32 pad;
        char name[SC_BPF_CGNAME]; /* the cgroup directory's name */
};

/* Ring-buffer message: a (group, arch, nr) recorded for the first time. */
struct sc_bpf_news {
        struct sc_bpf_key key;
        __u32 tgid;
        __u32 pad;
};

/* Counters (a per-CPU array): anything the program could not store, and
 * the processes it followed. */
enum sc_bpf_counter {
        SC_BPF_LOST_SYSCALLS,   /* syscalls map full */
        SC_BPF_LOST_ARGS,       /* argvals map full */
        SC_BPF_LOST_TGIDS,      /* tgids map full: a child not followed */
        SC_BPF_LOST_CGINFO,     /* cginfo map full or name unreadable */
        SC_BPF_LOST_NEWS,       /* ring buffer full (a full scan recovers) */
        SC_BPF_FOLLOWED,        /* not a loss: processes followed at fork */
        SC_BPF_N_COUNTERS,
};

#endif
