/* SPDX-License-Identifier: Apache-2.0 */
/*
 * eBPF recorder loader.  The program (src/ebpf/recorder.bpf.c) is compiled
 * by clang at build time and embedded as a libbpf skeleton
 * (recorder.skel.h); libbpf relocates its kernel-structure reads against
 * /sys/kernel/btf/vmlinux when it loads it.
 */
#include "ebpf.h"

#include "fileio.h"
#include "libbpf-load.h"
#include "proctree.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/seccomp.h>

#if SC_HAVE_EBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "recorder.skel.h"

struct sc_ebpf {
        struct sc_recorder_bpf *skel;
        struct ring_buffer *rb;
        void (*news_cb)(const struct sc_bpf_news *n, void *ud);
        void *news_ud;
        int n_news;
        bool count_calls;
        size_t n_added;
};

/* libbpf explains a failed load at length on stderr; the caller says in
 * one line why it falls back.  SECCOMPCTL_BPF_DEBUG=1 shows libbpf's. */
static int quiet_print(enum libbpf_print_level level, const char *fmt,
                       va_list ap)
{
        static int debug = -1;
        if (debug < 0)
                debug = getenv("SECCOMPCTL_BPF_DEBUG") != NULL;
        if (!debug || level == LIBBPF_DEBUG)
                return 0;
        return vfprintf(stderr, fmt, ap);
}

static int on_news(void *ctx, void *data, size_t size)
{
        struct sc_ebpf *e = ctx;
        struct sc_bpf_news n;

        if (size < sizeof n)
                return 0;
        memcpy(&n, data, sizeof n);
        e->n_news++;
        if (e->news_cb)
                e->news_cb(&n, e->news_ud);
        return 0;
}

void sc_ebpf_free(struct sc_ebpf *e)
{
        if (!e)
                return;
        ring_buffer__free(e->rb);
        sc_recorder_bpf__destroy(e->skel);
        free(e);
}

int sc_ebpf_open(const struct sc_ebpf_opts *o, struct sc_ebpf **ret,
                 const char **ret_why)
{
        _cleanup_(sc_ebpf_freep) struct sc_ebpf *e = xcalloc(1, sizeof *e);
        const char *why = NULL;
        int r;

        r = sc_libbpf_load(&why); /* the seccompctl binary opens it now */
        if (r < 0)
                goto fail;
        libbpf_set_print(quiet_print);
        if (access("/sys/kernel/btf/vmlinux", R_OK) < 0) {
                r = -errno;
                why = "the kernel has no BTF (/sys/kernel/btf/vmlinux)";
                goto fail;
        }
        e->skel = sc_recorder_bpf__open();
        if (!e->skel) {
                r = -errno;
                why = "libbpf cannot open the embedded BPF program";
                goto fail;
        }
        /* Hash maps are preallocated when created: size them for the
         * mode (record needs no cgroup names and few numbers outside the
         * per-CPU array; watch needs no argument tuples), or creating
         * them costs more than recording a short workload. */
        bool tgids = o->mode == SC_BPF_MODE_TGIDS;
        struct {
                struct bpf_map *map;
                uint32_t entries;
        } sizes[] = {
                { e->skel->maps.syscalls, o->count_calls ? 4096 : 65536 },
                { e->skel->maps.tgids, tgids ? 32768 : 1 },
                { e->skel->maps.argsel, o->want_args ? 1024 : 1 },
                { e->skel->maps.argvals, o->want_args ? 65536 : 1 },
                { e->skel->maps.cginfo, tgids ? 1 : 16384 },
                { e->skel->maps.fast, o->count_calls ? SC_BPF_N_SLOTS * SC_BPF_FAST_NR : 1 },
        };
        /* SECCOMPCTL_BPF_SMALL_MAPS=1 (tests): every hash map holds 8
         * entries, so overflows happen and their reporting can be shown. */
        bool small = getenv("SECCOMPCTL_BPF_SMALL_MAPS") != NULL;
        for (size_t i = 0; i < ELEMENTSOF(sizes); i++) {
                if (small && sizes[i].map != e->skel->maps.fast && sizes[i].entries > 8)
                        sizes[i].entries = 8;
                r = bpf_map__set_max_entries(sizes[i].map, sizes[i].entries);
                if (r < 0) {
                        why = "libbpf cannot size the BPF maps";
                        goto fail;
                }
        }
        e->skel->rodata->mode = o->mode;
        e->skel->rodata->target_cgroup = o->target_cgroup;
        e->skel->rodata->target_level = o->target_level;
        e->skel->rodata->self_tgid = (uint32_t)getpid();
        e->skel->rodata->count_calls = o->count_calls;
        e->count_calls = o->count_calls;
        e->skel->rodata->want_args = o->want_args;
        r = sc_recorder_bpf__load(e->skel);
        if (r < 0) {
                why = r == -EPERM || r == -EACCES
                              ? "no CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)"
                              : "the kernel refused the BPF program (SECCOMPCTL_BPF_DEBUG=1 shows why)";
                goto fail;
        }
        r = sc_recorder_bpf__attach(e->skel);
        if (r < 0) {
                why = r == -EPERM || r == -EACCES
                              ? "no CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN)"
                              : "the raw tracepoints sys_enter/sched_process_fork cannot be attached";
                goto fail;
        }
        e->rb = ring_buffer__new(bpf_map__fd(e->skel->maps.news), on_news, e,
                                 NULL);
        if (!e->rb) {
                r = -errno;
                why = "the ring buffer cannot be mapped";
                goto fail;
        }
        *ret = TAKE_PTR(e);
        return 0;
fail:
        if (ret_why)
                *ret_why = why;
        return r < 0 ? r : -EIO;
}

int sc_ebpf_add_tgid(struct sc_ebpf *e, pid_t tgid, uint64_t group)
{
        uint32_t k = (uint32_t)tgid;
        if (bpf_map_update_elem(bpf_map__fd(e->skel->maps.tgids), &k, &group,
                                BPF_ANY) < 0)
                return -errno;
        e->n_added++;
        return 0;
}

int sc_ebpf_pick_args(struct sc_ebpf *e, uint32_t audit_arch, uint32_t nr,
                      uint32_t mask)
{
        struct sc_bpf_key k = { .arch = audit_arch, .nr = nr };
        if (bpf_map_update_elem(bpf_map__fd(e->skel->maps.argsel), &k, &mask,
                                BPF_ANY) < 0)
                return -errno;
        return 0;
}

/* record's per-CPU array: the slot and index give back arch and number. */
static int scan_fast(struct sc_ebpf *e,
                     void (*cb)(const struct sc_bpf_key *k, uint64_t count, void *ud),
                     void *ud)
{
        static const struct {
                uint32_t arch, nr_or;
        } slots[SC_BPF_N_SLOTS] = {
                [SC_BPF_SLOT_X86_64] = { 0xc000003eU, 0 },
                [SC_BPF_SLOT_X32] = { 0xc000003eU, 0x40000000U },
                [SC_BPF_SLOT_I386] = { 0x40000003U, 0 },
        };
        int ncpu = libbpf_num_possible_cpus();
        int fd = bpf_map__fd(e->skel->maps.fast);

        if (ncpu <= 0)
                return ncpu < 0 ? ncpu : -EINVAL;
        _cleanup_free_ uint64_t *v = xcalloc((size_t)ncpu, sizeof *v);
        for (uint32_t i = 0; i < SC_BPF_N_SLOTS * SC_BPF_FAST_NR; i++) {
                uint64_t sum = 0;
                if (bpf_map_lookup_elem(fd, &i, v) < 0)
                        return -errno;
                for (int c = 0; c < ncpu; c++)
                        sum += v[c];
                if (!sum)
                        continue;
                struct sc_bpf_key k = {
                        .arch = slots[i / SC_BPF_FAST_NR].arch,
                        .nr = (i % SC_BPF_FAST_NR) | slots[i / SC_BPF_FAST_NR].nr_or,
                };
                cb(&k, sum, ud);
        }
        return 0;
}

int sc_ebpf_scan(struct sc_ebpf *e,
                 void (*cb)(const struct sc_bpf_key *k, uint64_t count, void *ud),
                 void *ud)
{
        int fd = bpf_map__fd(e->skel->maps.syscalls);
        struct sc_bpf_key k, next;
        void *prev = NULL;
        int r;

        if (e->count_calls) {
                r = scan_fast(e, cb, ud);
                if (r < 0)
                        return r;
        }

        /* Keys are only ever added while this runs: get_next_key from a
         * key that still exists walks every one present at the start. */
        while (bpf_map_get_next_key(fd, prev, &next) == 0) {
                uint64_t count = 0;
                if (bpf_map_lookup_elem(fd, &next, &count) == 0)
                        cb(&next, count, ud);
                k = next;
                prev = &k;
        }
        return errno == ENOENT ? 0 : -errno;
}

int sc_ebpf_scan_args(struct sc_ebpf *e,
                      void (*cb)(const struct sc_bpf_argkey *k, void *ud),
                      void *ud)
{
        int fd = bpf_map__fd(e->skel->maps.argvals);
        struct sc_bpf_argkey k, next;
        void *prev = NULL;

        while (bpf_map_get_next_key(fd, prev, &next) == 0) {
                cb(&next, ud);
                k = next;
                prev = &k;
        }
        return errno == ENOENT ? 0 : -errno;
}

int sc_ebpf_poll(struct sc_ebpf *e, int timeout_ms,
                 void (*cb)(const struct sc_bpf_news *n, void *ud), void *ud)
{
        int r;

        e->news_cb = cb;
        e->news_ud = ud;
        e->n_news = 0;
        r = ring_buffer__poll(e->rb, timeout_ms);
        e->news_cb = NULL;
        if (r < 0)
                return r;
        return e->n_news;
}

int sc_ebpf_cginfo(struct sc_ebpf *e, uint64_t group,
                   struct sc_bpf_cginfo *ret)
{
        struct sc_bpf_cginfo info;
        if (bpf_map_lookup_elem(bpf_map__fd(e->skel->maps.cginfo), &group,
                                &info) < 0)
                return -errno;
        info.name[sizeof info.name - 1] = '\0';
        *ret = info;
        return 0;
}

int sc_ebpf_counters(struct sc_ebpf *e, uint64_t ret[SC_BPF_N_COUNTERS])
{
        int ncpu = libbpf_num_possible_cpus();
        int fd = bpf_map__fd(e->skel->maps.counters);

        if (ncpu <= 0)
                return ncpu < 0 ? ncpu : -EINVAL;
        _cleanup_free_ uint64_t *v = xcalloc((size_t)ncpu, sizeof *v);
        for (uint32_t i = 0; i < SC_BPF_N_COUNTERS; i++) {
                ret[i] = 0;
                if (bpf_map_lookup_elem(fd, &i, v) < 0)
                        return -errno;
                for (int c = 0; c < ncpu; c++)
                        ret[i] += v[c];
        }
        return 0;
}

size_t sc_ebpf_n_tgids(struct sc_ebpf *e)
{
        uint64_t c[SC_BPF_N_COUNTERS];
        /* The processes added from here and those followed at fork. */
        if (sc_ebpf_counters(e, c) < 0)
                return e->n_added;
        return e->n_added + c[SC_BPF_FOLLOWED];
}

#else /* !SC_HAVE_EBPF */

/* Built without the BPF program (not x86_64): every caller falls back. */
int sc_ebpf_open(const struct sc_ebpf_opts *o, struct sc_ebpf **ret,
                 const char **ret_why)
{
        (void)o;
        (void)ret;
        if (ret_why)
                *ret_why = "this build has no eBPF recorder (built with EBPF=0, or not for x86_64)";
        return -EOPNOTSUPP;
}
void sc_ebpf_free(struct sc_ebpf *e) { (void)e; }
int sc_ebpf_add_tgid(struct sc_ebpf *e, pid_t tgid, uint64_t group)
{
        (void)e; (void)tgid; (void)group;
        return -EOPNOTSUPP;
}
int sc_ebpf_pick_args(struct sc_ebpf *e, uint32_t audit_arch, uint32_t nr,
                      uint32_t mask)
{
        (void)e; (void)audit_arch; (void)nr; (void)mask;
        return -EOPNOTSUPP;
}
int sc_ebpf_scan(struct sc_ebpf *e,
                 void (*cb)(const struct sc_bpf_key *k, uint64_t count, void *ud),
                 void *ud)
{
        (void)e; (void)cb; (void)ud;
        return -EOPNOTSUPP;
}
int sc_ebpf_scan_args(struct sc_ebpf *e,
                      void (*cb)(const struct sc_bpf_argkey *k, void *ud),
                      void *ud)
{
        (void)e; (void)cb; (void)ud;
        return -EOPNOTSUPP;
}
int sc_ebpf_poll(struct sc_ebpf *e, int timeout_ms,
                 void (*cb)(const struct sc_bpf_news *n, void *ud), void *ud)
{
        (void)e; (void)timeout_ms; (void)cb; (void)ud;
        return -EOPNOTSUPP;
}
int sc_ebpf_cginfo(struct sc_ebpf *e, uint64_t group,
                   struct sc_bpf_cginfo *ret)
{
        (void)e; (void)group; (void)ret;
        return -EOPNOTSUPP;
}
int sc_ebpf_counters(struct sc_ebpf *e, uint64_t ret[SC_BPF_N_COUNTERS])
{
        (void)e; (void)ret;
        return -EOPNOTSUPP;
}
size_t sc_ebpf_n_tgids(struct sc_ebpf *e)
{
        (void)e;
        return 0;
}
#endif

/* Where cgroup2 is mounted: /sys/fs/cgroup on a unified host,
 * /sys/fs/cgroup/unified on a hybrid (v1 + v2) one. */
static int cgroup2_mount(char **ret)
{
        _cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
        _cleanup_free_ char *line = NULL;
        size_t n = 0;

        if (!f)
                return -errno;
        while (getline(&line, &n, f) > 0) {
                /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS... - FSTYPE SRC OPTS */
                char *sep = strstr(line, " - ");
                char mnt[4096];
                if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0)
                        continue;
                if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
                        continue;
                *ret = xstrdup(mnt);
                return 0;
        }
        return -ENOENT;
}

int sc_cgroup2_lookup(const char *path, uint64_t *ret_id, uint32_t *ret_level)
{
        _cleanup_free_ char *root = NULL, *full = NULL;
        _cleanup_free_ struct file_handle *fh = NULL;
        const char *rel;
        uint32_t level = 0;
        int mount_id, r;

        r = cgroup2_mount(&root);
        if (r < 0)
                return r;
        size_t rl = strlen(root);
        if (strncmp(path, root, rl) == 0 && (path[rl] == '/' || path[rl] == '\0'))
                rel = path + rl;
        else
                rel = path;
        full = xasprintf("%s/%s", root, rel);
        /* Depth = the components below the root ("a//b/" is 2). */
        for (const char *p = rel; *p;) {
                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                size_t len = strcspn(p, "/");
                if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
                        return -EINVAL; /* no walking out of the tree */
                level++;
                p += len;
        }
        /* kernfs's file handle is the 64-bit id the BPF helpers report. */
        fh = xcalloc(1, sizeof *fh + 8);
        fh->handle_bytes = 8;
        if (name_to_handle_at(AT_FDCWD, full, fh, &mount_id, 0) < 0)
                return -errno;
        if (fh->handle_bytes != 8)
                return -EOPNOTSUPP;
        memcpy(ret_id, fh->f_handle, 8);
        *ret_level = level;
        return 0;
}

int sc_ebpf_add_tree(struct sc_ebpf *e, pid_t root)
{
        struct sc_pidset tree = {};
        size_t i = 0;
        int pid, r;

        r = sc_ebpf_add_tgid(e, root, 0);
        if (r >= 0)
                r = sc_proc_descendants(root, &tree);
        while (r >= 0 && sc_pidset_next(&tree, &i, &pid))
                if (pid != root)
                        r = sc_ebpf_add_tgid(e, pid, 0);
        sc_pidset_clear(&tree);
        return r < 0 ? r : 0;
}

static _Noreturn void run_child(char *const *argv,
                                const struct sock_fprog *filter, int ready,
                                int go)
{
        char c;
        int err;

        /* The filter goes in before the wait, so its own installation is
         * not recorded (the ptrace recorder does not see it either). */
        if (filter && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, filter) < 0) {
                if (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, filter) < 0) {
                        fprintf(stderr, "seccompctl: cannot install the base filter: %m\n");
                        _exit(127);
                }
        }
        /* "ready" first, then wait: whatever the process still does after
         * fork (a sanitizer runtime sets up its signal stack lazily) is
         * done before the parent adds it, so the recording starts at the
         * return of this read, as the ptrace one starts at the filter:
         * execve on. */
        if (write(ready, "r", 1) != 1 || read(go, &c, 1) != 1)
                _exit(127);
        execvp(argv[0], argv);
        err = errno;
        fprintf(stderr, "seccompctl: %s: %s\n", argv[0], strerror(err));
        _exit(err == ENOENT ? 127 : 126);
}

int sc_ebpf_run(struct sc_ebpf *e, char *const *argv,
                const struct sock_fprog *filter, int *ret_status)
{
        struct sigaction ign = { .sa_handler = SIG_IGN };
        struct sc_signal_relay relay;
        int go[2], ready[2], status = 127, st, r;
        char c;
        bool main_done = false;
        pid_t pid, w;

        /* Orphaned descendants are reparented to us, so "every process
         * has exited" is waitpid's ECHILD, as with the ptrace recorder. */
        if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
                return -errno;
        if (pipe2(go, O_CLOEXEC) < 0)
                return -errno;
        if (pipe2(ready, O_CLOEXEC) < 0) {
                r = -errno;
                close(go[0]);
                close(go[1]);
                return r;
        }
        fflush(NULL);
        pid = fork();
        if (pid < 0) {
                r = -errno;
                close(go[0]);
                close(go[1]);
                close(ready[0]);
                close(ready[1]);
                return r;
        }
        if (pid == 0) {
                close(go[1]);
                close(ready[0]);
                run_child(argv, filter, ready[1], go[0]);
        }
        close(go[0]);
        close(ready[1]);
        sc_signal_relay_start(&relay, pid);

        /* A child that dies before it is ready (its filter refused) is
         * reaped below; it never execs. */
        while ((r = (int)read(ready[0], &c, 1)) < 0 && errno == EINTR)
                ;
        close(ready[0]);
        bool is_ready = r == 1;
        r = is_ready ? sc_ebpf_add_tgid(e, pid, 0) : 0;
        if (r < 0) {
                /* Fail closed: the workload does not run unrecorded. */
                kill(pid, SIGKILL);
                close(go[1]);
                waitpid(pid, NULL, 0);
                goto out;
        }
        /* The child may have been killed meanwhile: EPIPE, not SIGPIPE. */
        struct sigaction old_pipe;
        sigaction(SIGPIPE, &ign, &old_pipe);
        if (is_ready && write(go[1], "g", 1) != 1 && errno != EPIPE) {
                r = -errno;
                kill(pid, SIGKILL);
        }
        sigaction(SIGPIPE, &old_pipe, NULL);
        close(go[1]);
        for (;;) {
                w = waitpid(-1, &st, __WALL);
                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                if (w == pid && (WIFEXITED(st) || WIFSIGNALED(st))) {
                        status = WIFEXITED(st) ? WEXITSTATUS(st)
                                               : 128 + WTERMSIG(st);
                        main_done = true;
                }
        }
        if (!main_done)
                status = 127;
out:
        sc_signal_relay_stop(&relay);
        (void)prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
        if (r < 0)
                return r;
        *ret_status = status;
        return 0;
}
