/* SPDX-License-Identifier: Apache-2.0 OR GPL-2.0-only */
/*
 * The eBPF recorder, run by the kernel on every syscall entry (raw
 * tracepoint sys_enter) while `record --method ebpf` or `watch --method
 * ebpf` runs.  It does no more than a hash lookup per call: a distinct
 * (group, arch, nr) is inserted once, announced once on a ring buffer,
 * and from then on only counted; userspace builds the profile from the
 * map through the same recorder code as the ptrace and audit paths.
 *
 * No vmlinux.h: the few kernel types read are declared below with
 * preserve_access_index, so libbpf relocates each field against the
 * running kernel's BTF (CO-RE) and one build runs on other kernels.
 * x86_64 only (pt_regs' names, TS_COMPAT); other arches record with
 * ptrace.
 *
 * The kernel wants a GPL-compatible licence for bpf_probe_read_kernel_str,
 * and Apache-2.0 alone is not compatible with GPL-2.0: this one file is
 * offered under either licence (as libbpf's own examples are), and the
 * kernel sees "GPL".
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

#include "recorder-abi.h"

char LICENSE[] SEC("license") = "GPL";

#define AUDIT_ARCH_X86_64 0xc000003eU
#define AUDIT_ARCH_I386 0x40000003U
/* arch/x86/include/asm/thread_info.h: set while a task runs a 32-bit
 * syscall (int 0x80, sysenter, or syscall from a 32-bit code segment);
 * in_compat_syscall() reads the same bit. */
#define TS_COMPAT 0x0002U
#define X32_SYSCALL_BIT 0x40000000U

struct pt_regs {
        unsigned long bp, bx, r10, r9, r8, cx, dx, si, di;
} __attribute__((preserve_access_index));

struct thread_info {
        __u32 status;
} __attribute__((preserve_access_index));

struct kernfs_node {
        const char *name;
} __attribute__((preserve_access_index));

struct cgroup {
        struct kernfs_node *kn;
} __attribute__((preserve_access_index));

struct css_set {
        struct cgroup *dfl_cgrp;
} __attribute__((preserve_access_index));

struct signal_struct {
        struct {
                int counter;
        } live; /* atomic_t: threads of the group not yet exiting */
} __attribute__((preserve_access_index));

struct task_struct {
        struct thread_info thread_info;
        int pid;
        int tgid;
        struct css_set *cgroups;
        struct signal_struct *signal;
} __attribute__((preserve_access_index));

/* Set by the loader before the program is loaded. */
const volatile __u32 mode = SC_BPF_MODE_TGIDS;
const volatile __u64 target_cgroup;
const volatile __u32 target_level;
const volatile __u32 self_tgid;   /* never recorded (watch's own calls) */
const volatile __u32 count_calls; /* 0: no counting, no shared writes */
const volatile __u32 want_args;   /* the argsel map is not empty */

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 65536);
        __type(key, struct sc_bpf_key);
        __type(value, __u64);
} syscalls SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, SC_BPF_N_SLOTS * SC_BPF_FAST_NR);
        __type(key, __u32);
        __type(value, __u64);
} fast SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 65536);
        __type(key, __u32);
        __type(value, __u64);
} tgids SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 1024);
        __type(key, struct sc_bpf_key);
        __type(value, __u32);
} argsel SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 65536);
        __type(key, struct sc_bpf_argkey);
        __type(value, __u8);
} argvals SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_HASH);
        __uint(max_entries, 16384);
        __type(key, __u64);
        __type(value, struct sc_bpf_cginfo);
} cginfo SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_RINGBUF);
        __uint(max_entries, 256 * 1024);
} news SEC(".maps");

struct {
        __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
        __uint(max_entries, SC_BPF_N_COUNTERS);
        __type(key, __u32);
        __type(value, __u64);
} counters SEC(".maps");

static __always_inline void lost(__u32 what)
{
        __u64 *c = bpf_map_lookup_elem(&counters, &what);
        if (c)
                (*c)++;
}

/* Is the current task recorded, and under which group? */
static __always_inline int selected(__u32 tgid, __u64 *group)
{
        switch (mode) {
        case SC_BPF_MODE_TGIDS: {
                __u64 *g = bpf_map_lookup_elem(&tgids, &tgid);
                if (!g)
                        return 0;
                *group = *g;
                return 1;
        }
        case SC_BPF_MODE_ALL_CGROUPS:
                if (tgid == self_tgid)
                        return 0;
                *group = bpf_get_current_cgroup_id();
                return 1;
        case SC_BPF_MODE_CGROUP:
                if (tgid == self_tgid ||
                    bpf_get_current_ancestor_cgroup_id(target_level) != target_cgroup)
                        return 0;
                *group = target_cgroup;
                return 1;
        default:
                return 0;
        }
}

static __always_inline void note_cgroup(__u64 group, __u32 tgid,
                                        struct task_struct *task)
{
        struct sc_bpf_cginfo info = { .tgid = tgid };
        const char *name;

        if (mode == SC_BPF_MODE_TGIDS || bpf_map_lookup_elem(&cginfo, &group))
                return;
        name = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, name);
        if (!name || bpf_probe_read_kernel_str(info.name, sizeof info.name, name) < 0) {
                lost(SC_BPF_LOST_CGINFO);
                return;
        }
        if (bpf_map_update_elem(&cginfo, &group, &info, BPF_NOEXIST) == -7 /* E2BIG */)
                lost(SC_BPF_LOST_CGINFO);
}

static __always_inline void note_args(const struct sc_bpf_key *key,
                                      struct pt_regs *regs, int compat)
{
        struct sc_bpf_key sel = { .arch = key->arch, .nr = key->nr };
        struct sc_bpf_argkey ak = { .key = *key };
        __u32 *mask = bpf_map_lookup_elem(&argsel, &sel);
        __u64 v[6];
        __u8 one = 1;
        long r;

        if (!mask)
                return;
        /* The seccomp data's argument order: the i386 syscall ABI passes
         * them in ebx, ecx, edx, esi, edi, ebp, zero-extended. */
        if (compat) {
                v[0] = (__u32)BPF_CORE_READ(regs, bx);
                v[1] = (__u32)BPF_CORE_READ(regs, cx);
                v[2] = (__u32)BPF_CORE_READ(regs, dx);
                v[3] = (__u32)BPF_CORE_READ(regs, si);
                v[4] = (__u32)BPF_CORE_READ(regs, di);
                v[5] = (__u32)BPF_CORE_READ(regs, bp);
        } else {
                v[0] = BPF_CORE_READ(regs, di);
                v[1] = BPF_CORE_READ(regs, si);
                v[2] = BPF_CORE_READ(regs, dx);
                v[3] = BPF_CORE_READ(regs, r10);
                v[4] = BPF_CORE_READ(regs, r8);
                v[5] = BPF_CORE_READ(regs, r9);
        }
        for (int i = 0; i < 6; i++)
                if (*mask & (1U << i))
                        ak.args[i] = v[i];
        r = bpf_map_update_elem(&argvals, &ak, &one, BPF_NOEXIST);
        if (r < 0 && r != -17 /* EEXIST */)
                lost(SC_BPF_LOST_ARGS);
}

/* tp_btf: the same tracepoint as raw_tracepoint/sys_enter, but the
 * verifier knows the types, so the task's status is a plain load rather
 * than a bpf_probe_read_kernel call on every syscall. */
SEC("tp_btf/sys_enter")
int BPF_PROG(sc_sys_enter, struct pt_regs *regs, long id)
{
        __u32 tgid = bpf_get_current_pid_tgid() >> 32;
        struct sc_bpf_key key = {};
        struct task_struct *task;
        __u64 *count, one = 1;
        int compat;
        long r;

        (void)ctx;
        if (!selected(tgid, &key.group))
                return 0;
        task = bpf_get_current_task_btf();
        compat = (task->thread_info.status & TS_COMPAT) != 0;
        key.arch = compat ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64;
        key.nr = (__u32)id;

        if (want_args)
                note_args(&key, regs, compat);

        if (count_calls) {
                /* record: count in the per-CPU array when the number
                 * fits, no hashing, no shared cache line. */
                __u32 slot = compat ? SC_BPF_SLOT_I386
                             : (key.nr & X32_SYSCALL_BIT) ? SC_BPF_SLOT_X32
                                                          : SC_BPF_SLOT_X86_64;
                __u32 low = slot == SC_BPF_SLOT_X32 ? key.nr & ~X32_SYSCALL_BIT : key.nr;
                if (low < SC_BPF_FAST_NR) {
                        __u32 idx = slot * SC_BPF_FAST_NR + low;
                        count = bpf_map_lookup_elem(&fast, &idx);
                        if (count) {
                                (*count)++;
                                return 0;
                        }
                }
        }

        count = bpf_map_lookup_elem(&syscalls, &key);
        if (count) {
                if (count_calls)
                        __sync_fetch_and_add(count, 1);
                return 0;
        }
        r = bpf_map_update_elem(&syscalls, &key, &one, BPF_NOEXIST);
        if (r == -17 /* EEXIST: another CPU was first */) {
                count = bpf_map_lookup_elem(&syscalls, &key);
                if (count && count_calls)
                        __sync_fetch_and_add(count, 1);
                return 0;
        }
        if (r < 0) {
                lost(SC_BPF_LOST_SYSCALLS);
                return 0;
        }
        note_cgroup(key.group, tgid, task);
        struct sc_bpf_news n = { .key = key, .tgid = tgid };
        if (bpf_ringbuf_output(&news, &n, sizeof n, 0) < 0)
                lost(SC_BPF_LOST_NEWS);
        return 0;
}

/* A recorded process's children are recorded from their first syscall:
 * the fork tracepoint runs in the parent before the child can run. */
SEC("raw_tracepoint/sched_process_fork")
int sc_fork(struct bpf_raw_tracepoint_args *ctx)
{
        struct task_struct *parent = (struct task_struct *)ctx->args[0];
        struct task_struct *child = (struct task_struct *)ctx->args[1];
        __u32 ptgid, ctgid;
        __u64 *g;

        if (mode != SC_BPF_MODE_TGIDS)
                return 0;
        ptgid = BPF_CORE_READ(parent, tgid);
        g = bpf_map_lookup_elem(&tgids, &ptgid);
        if (!g)
                return 0;
        ctgid = BPF_CORE_READ(child, tgid);
        if (ctgid == ptgid)
                return 0; /* a thread: its tgid is recorded already */
        if (bpf_map_update_elem(&tgids, &ctgid, g, BPF_ANY) < 0)
                lost(SC_BPF_LOST_TGIDS);
        else
                lost(SC_BPF_FOLLOWED);
        return 0;
}

/* A process whose last thread exits leaves the map: a long build that
 * forks more processes than the map holds is still followed, and a
 * recycled pid is not recorded.  do_exit() has counted this thread out
 * of signal->live before the tracepoint runs. */
SEC("raw_tracepoint/sched_process_exit")
int sc_exit(struct bpf_raw_tracepoint_args *ctx)
{
        struct task_struct *task = (struct task_struct *)ctx->args[0];
        __u32 tgid;

        if (mode != SC_BPF_MODE_TGIDS)
                return 0;
        if (BPF_CORE_READ(task, signal, live.counter) != 0)
                return 0;
        tgid = BPF_CORE_READ(task, tgid);
        bpf_map_delete_elem(&tgids, &tgid);
        return 0;
}
