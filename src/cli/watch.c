/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl watch: a node-wide recorder on the audit netlink multicast
 * group, one profile per container (or command). */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "auditnl.h"
#include "container-names.h"
#include "ebpf.h"
#include "cli.h"
#include "fileio.h"
#include "loader.h"
#include "proctree.h"
#include "ocihook.h"
#include "recorder.h"
#include "syscalls.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s watch [OPTIONS]\n"
               "\n"
               "A node-wide recorder: one allow-list profile per container\n"
               "(defaultAction SCMP_ACT_ERRNO, the architectures seen), written to\n"
               "DIR/<container-id>.json and rewritten atomically within a second of a\n"
               "new syscall showing up, and once more at exit.\n"
               "\n"
               "Two methods:\n"
               "  ebpf   (the default where it can run) a BPF program on the kernel's\n"
               "         sys_enter tracepoint notes each distinct syscall of every\n"
               "         cgroup; every container is recorded whatever its profile\n"
               "         (Unconfined, RuntimeDefault, Localhost) at the cost of a hash\n"
               "         lookup per syscall.  A container is a cgroup v2 directory\n"
               "         whose name holds a 64-hex-digit ID (runc's default cgroup,\n"
               "         docker-ID.scope, cri-containerd-ID.scope, crio-ID.scope) or\n"
               "         names a runc/crun container in /run/runc or /run/crun.  Where\n"
               "         the runtime's state has the Kubernetes names (the annotations\n"
               "         containerd and CRI-O put in config.json: io.kubernetes.cri.\n"
               "         sandbox-namespace, sandbox-name, container-name, or CRI-O's\n"
               "         io.kubernetes.pod.namespace, pod.name, container.name) the file\n"
               "         is DIR/NAMESPACE_POD_CONTAINER.json instead.  The\n"
               "         profile holds everything done in the container's cgroup,\n"
               "         runc init's own setup included (mount, pivot_root, its Go\n"
               "         runtime): more than the container's process needs, never\n"
               "         less.  Needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN),\n"
               "         the kernel's BTF and an x86_64 build; where any is missing\n"
               "         watch says why in one line and uses the audit method.\n"
               "         Counts of anything the program could not store are printed\n"
               "         at exit (and make the exit status 1).\n"
               "  audit  subscribe to the audit netlink multicast group (NETLINK_AUDIT,\n"
               "         AUDIT_NLGRP_READLOG) and turn every seccomp audit record\n"
               "         (type 1326) into profiles: sees only containers that run under\n"
               "         a profile whose default is SCMP_ACT_LOG (the tutorial's\n"
               "         audit.json), which slows syscall-bound workloads 10-30x.\n"
               "         Loses nothing to printk's rate limit and needs no auditd, only\n"
               "         CAP_AUDIT_READ.  The container is found as the Security\n"
               "         Profiles Operator's log enricher finds it: the 64-hex-digit\n"
               "         container ID in /proc/PID/cgroup.  A process that has already\n"
               "         exited when its record is read is attributed to its parent's\n"
               "         container, known from fork events (the proc connector,\n"
               "         CAP_NET_ADMIN), else to its comm: DIR/<comm>.json.  Such a\n"
               "         process's records from before an execve (execve included) go\n"
               "         to the new program's profile too, so that it can start it.\n"
               "         At most 1024 container profiles and, apart from them, 256 by\n"
               "         comm (a process renaming itself cannot crowd containers out);\n"
               "         records past either are counted and said.\n"
               "\n"
               "What the runtime itself calls after loading the filter is added to\n"
               "every profile (--runtime): runc init is a Go program whose runtime\n"
               "makes futex and rt_sigreturn at random moments, seen in some runs and\n"
               "not others.  Merge several recordings with '%s merge'.\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR    where to write the profiles (default: .); created\n"
               "                      if missing\n"
               "  --method ebpf|audit the recording method (default: ebpf where it can\n"
               "                      run, else audit, saying why); an explicit ebpf\n"
               "                      fails when it cannot run\n"
               "  --cgroup PATH       (ebpf) only this cgroup v2 directory and the ones\n"
               "                      below it, one profile named after it (or after\n"
               "                      the container ID in PATH); PATH is absolute or\n"
               "                      relative to the cgroup2 mount\n"
               "  --pid PID           (ebpf) only this process, its descendants and the\n"
               "                      processes they fork from now on, one profile\n"
               "                      named after its container ID or its comm\n"
               "  --comm NAME         (audit; implies --method audit) only records of\n"
               "                      processes with this comm (and what such a process\n"
               "                      did under its previous comm before it exec'd into\n"
               "                      NAME, execve included)\n"
               "  --duration S        stop after S seconds, more than 0 and at most 1e9\n"
               "                      (default: until SIGINT or SIGTERM)\n"
               CLI_RUNTIME_HELP
               "  -q, --quiet         do not print each newly seen syscall\n"
               "  -h, --help          show this help\n"
               "\n"
               "Output: one line per syscall seen for the first time in a profile,\n"
               "\"ID SYSCALL ARCH\", and a summary on standard error at exit.\n"
               "\n"
               "Exit status:\n"
               "  0  stopped by --duration or a signal, profiles written\n"
               "  1  the recorder could not start (eBPF asked for and not available;\n"
               "     audit: no CAP_AUDIT_READ, no CONFIG_AUDIT), a profile could not be\n"
               "     written, or the eBPF program lost events\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s watch -o profiles/ &\n"
               "  runc run -b bundle 3f1e...c9   # any profile, or none\n"
               "  kill %%1; ls profiles/\n"
               "  %s watch --cgroup kubepods.slice --duration 600 -o .\n"
               "  %s watch --method audit --comm http-echo --duration 60 -o .\n",
               program_name, program_name, program_name, program_name, program_name,
               program_name);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
        (void)sig;
        stop = 1;
}

struct group {
        char *key;
        bool by_comm;         /* a process outside containers, by its comm */
        char *path;
        struct sc_recorder *rec;
        size_t written;       /* distinct syscalls in the file on disk */
};

/* Profiles of containers (cgroups), and apart from them of processes
 * outside any container, named after their comm: comm is the process's
 * choice, and one process renaming itself in a loop (PR_SET_NAME) once
 * filled the single cap, so that later containers were not recorded. */
#define WATCH_MAX_PROFILES 1024U
#define WATCH_MAX_COMM_PROFILES 256U
#define WATCH_PARENTS 65536U

struct watch {
        const char *dir, *comm;
        unsigned runtimes;
        uint64_t unattributed, unattributed_comm;
        bool quiet;
        struct group *groups;
        size_t n_groups, alloc_groups;
        size_t n_container_groups, n_comm_groups;
        uint64_t records, lost_bursts;
        int write_errors;
        /* pid -> key, so a process's cgroup file is read once. */
        struct {
                uint32_t pid;
                char comm[64];
                char *key;
        } cache[1024];
        /* child -> parent of every fork (the proc connector); empty
         * without it. */
        struct sc_proctree tree;
        /* With --comm: the latest records that did not match, so that when
         * a process execs into the watched command, what it did between
         * its filter install and the exec (execve itself, under the old
         * comm) is attributed to it too. */
        struct pending {
                uint32_t pid, arch, code;
                int64_t nr;
        } pending[4096];
        size_t pending_next;
        uint32_t pulled[256]; /* pids whose pending records were taken */
};

/* Walk up the fork events from a process that is gone: the first ancestor
 * known (cached) or still alive decides. */
static bool container_of_ancestor(struct watch *w, uint32_t pid, char ret[65])
{
        for (int depth = 0; depth < 16; depth++) {
                int ppid = sc_proctree_parent(&w->tree, (int)pid);
                if (ppid <= 1)
                        return false;
                pid = (uint32_t)ppid;
                size_t slot = pid % ELEMENTSOF(w->cache);
                if (w->cache[slot].key && w->cache[slot].pid == pid &&
                    strlen(w->cache[slot].key) == 64) {
                        memcpy(ret, w->cache[slot].key, 65);
                        return true;
                }
                _cleanup_free_ char *path = xasprintf("/proc/%" PRIu32 "/cgroup", pid);
                _cleanup_free_ char *cg = NULL;
                size_t len;
                if (read_file_bounded(path, 1 << 20, &cg, &len) >= 0)
                        return sc_find_container_id(cg, ret);
        }
        return false;
}

static char *key_for(struct watch *w, const struct sc_audit_record *a,
                     bool *ret_by_comm)
{
        size_t slot = a->pid % ELEMENTSOF(w->cache);
        _cleanup_free_ char *cg = NULL, *path = NULL;
        char id[65];
        size_t len;

        if (w->cache[slot].key && w->cache[slot].pid == a->pid &&
            streq(w->cache[slot].comm, a->comm)) {
                *ret_by_comm = strlen(w->cache[slot].key) != 64;
                return xstrdup(w->cache[slot].key);
        }

        path = xasprintf("/proc/%" PRIu32 "/cgroup", a->pid);
        char *key;
        if (a->pid > 0 && read_file_bounded(path, 1 << 20, &cg, &len) >= 0) {
                key = sc_find_container_id(cg, id) ? xstrdup(id) : sc_safe_file_name(a->comm);
        } else if (w->cache[slot].key && w->cache[slot].pid == a->pid &&
                   strlen(w->cache[slot].key) == 64) {
                /* Gone already, but seen in a container before its exec
                 * changed comm (runc:[2:INIT] -> the workload). */
                key = xstrdup(w->cache[slot].key);
        } else if (container_of_ancestor(w, a->pid, id)) {
                /* Gone already (ls in a container shell exits in a
                 * millisecond): its parent's container, from the fork
                 * events.  Cgroups are inherited at fork. */
                key = xstrdup(id);
        } else {
                key = sc_safe_file_name(a->comm);
        }
        free(w->cache[slot].key);
        w->cache[slot].pid = a->pid;
        snprintf(w->cache[slot].comm, sizeof w->cache[slot].comm, "%s", a->comm);
        w->cache[slot].key = xstrdup(key);
        /* A container ID is 64 hex digits; sc_safe_file_name() of a comm
         * never is that long (TASK_COMM_LEN). */
        *ret_by_comm = strlen(key) != 64;
        return key;
}

static struct group *group_for(struct watch *w, char *key, bool by_comm)
{
        for (size_t i = 0; i < w->n_groups; i++)
                if (streq(w->groups[i].key, key)) {
                        free(key);
                        return &w->groups[i];
                }
        /* comm is the workload's choice: a process renaming itself in a
         * loop must not fill the disk with profiles, nor use up the
         * containers' share. */
        if (by_comm && w->n_comm_groups >= WATCH_MAX_COMM_PROFILES) {
                if (w->unattributed_comm++ == 0)
                        fprintf(stderr, "%s: watch: warning: more than %u profiles of processes outside containers (by comm); their records are counted, not written; containers are still recorded\n",
                                program_name, WATCH_MAX_COMM_PROFILES);
                free(key);
                return NULL;
        }
        if (!by_comm && w->n_container_groups >= WATCH_MAX_PROFILES) {
                if (w->unattributed++ == 0)
                        fprintf(stderr, "%s: watch: warning: more than %u container profiles; records of new containers are counted, not written\n",
                                program_name, WATCH_MAX_PROFILES);
                free(key);
                return NULL;
        }
        if (by_comm)
                w->n_comm_groups++;
        else
                w->n_container_groups++;
        GROW(w->groups, w->n_groups, w->alloc_groups);
        struct group *g = &w->groups[w->n_groups++];
        *g = (struct group){
                .key = key,
                .by_comm = by_comm,
                .path = xasprintf("%s/%s.json", w->dir, key),
                .rec = sc_recorder_new(),
        };
        return g;
}

static void flush(struct watch *w)
{
        for (size_t i = 0; i < w->n_groups; i++) {
                struct group *g = &w->groups[i];
                size_t d = sc_recorder_distinct(g->rec);
                if (d == g->written)
                        continue;
                _cleanup_(sc_profile_freep) struct sc_profile *p =
                        sc_recorder_profile(g->rec);
                _cleanup_free_ char *json = NULL;
                /* Named once at startup, not at every rewrite. */
                int r = cli_add_runtime_calls("watch", w->runtimes, true, &p);
                if (r < 0) {
                        w->write_errors++;
                        continue;
                }
                json = sc_profile_to_json(p, SC_JSON_PRETTY);
                if (cli_write_output("watch", g->path, json) < 0) {
                        w->write_errors++;
                        continue;
                }
                g->written = d;
        }
}

static void add_to_group(struct watch *w, struct group *g, uint32_t audit_arch,
                         int64_t nr, uint32_t code)
{
        size_t before = sc_recorder_distinct(g->rec);
        sc_recorder_add(g->rec, audit_arch, nr, NULL, code);
        if (w->quiet || sc_recorder_distinct(g->rec) == before)
                return;
        enum sc_arch arch = sc_syscall_arch_audit(audit_arch, nr);
        const char *name = sc_syscall_name_audit(audit_arch, nr);
        const char *an = arch != SC_ARCH_INVALID ? sc_arch_info(arch)->name : "?";
        if (name)
                printf("%s %s %s\n", g->key, name, an);
        else
                printf("%s #%lld %s\n", g->key, (long long)nr, an);
        fflush(stdout);
}

static void on_record(struct watch *w, const struct sc_audit_record *a)
{
        if (w->comm && !streq(w->comm, a->comm)) {
                w->pending[w->pending_next++ % ELEMENTSOF(w->pending)] =
                        (struct pending){ a->pid, a->arch, a->code, a->syscall };
                return;
        }
        w->records++;
        /* Without --comm, a process outside containers is recorded under
         * its comm, which execve changes: what it did under the old comm
         * since the filter was installed (execve itself) must be in the
         * new program's profile too, or that profile cannot start it. */
        size_t cs = a->pid % ELEMENTSOF(w->cache);
        bool execed = !w->comm && w->cache[cs].key && w->cache[cs].pid == a->pid &&
                      !streq(w->cache[cs].comm, a->comm);
        bool by_comm = false;
        char *key = key_for(w, a, &by_comm);
        struct group *g = group_for(w, key, by_comm);
        if (execed && g && g->by_comm)
                for (size_t i = 0; i < ELEMENTSOF(w->pending); i++)
                        if (w->pending[i].pid == a->pid) {
                                add_to_group(w, g, w->pending[i].arch,
                                             w->pending[i].nr, w->pending[i].code);
                                w->pending[i].pid = 0;
                        }
        if (!w->comm)
                w->pending[w->pending_next++ % ELEMENTSOF(w->pending)] =
                        (struct pending){ a->pid, a->arch, a->code, a->syscall };
        if (!g)
                return;
        size_t slot = a->pid % ELEMENTSOF(w->pulled);
        if (w->comm && w->pulled[slot] != a->pid) {
                w->pulled[slot] = a->pid;
                for (size_t i = 0; i < ELEMENTSOF(w->pending); i++)
                        if (w->pending[i].pid == a->pid) {
                                w->records++;
                                add_to_group(w, g, w->pending[i].arch,
                                             w->pending[i].nr, w->pending[i].code);
                                w->pending[i].pid = 0;
                        }
        }
        add_to_group(w, g, a->arch, a->syscall, a->code);
}

static double now_s(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* How long the next wait may last (at most 250 ms, so signals and the
 * once-a-second flush are noticed), or -1 once --duration (< 0: none)
 * has passed since start. */
static int wait_ms(double start, double duration)
{
        int timeout = 250;
        if (duration >= 0) {
                double left = duration - (now_s() - start);
                if (left <= 0)
                        return -1;
                if (left * 1000 < timeout)
                        timeout = (int)(left * 1000) + 1;
        }
        return timeout;
}

/* ---- the eBPF method ---------------------------------------------------- */

struct ebpf_watch {
        struct watch *w;
        struct sc_ebpf *e;
        const char *fixed_key;   /* --cgroup, --pid: one profile */
        struct egroup {
                uint64_t id;
                /* Index in w->groups (which grows, so no pointer); -1:
                 * not a container, not recorded. */
                ssize_t gi;
                /* A container named by its ID whose runtime state may
                 * not exist yet (runc writes state.json after its init
                 * joined the cgroup): looked up again until settled. */
                char *cid;
                double since;
        } *groups;
        size_t n_groups, alloc_groups;
        uint64_t ignored;
};

/* A cgroup's container: the 64-hex-digit ID in its directory name
 * (runc's default cgroup is the ID itself; Docker's docker-ID.scope,
 * containerd's cri-containerd-ID.scope, CRI-O's crio-ID.scope), else a
 * runc or crun container whose state directory has the cgroup's name. */
static char *container_of_cgroup(const char *name)
{
        static const char *const state_dirs[] = { "/run/runc", "/run/crun" };
        char id[65];

        if (sc_find_container_id(name, id))
                return xstrdup(id);
        if (!*name || streq(name, ".") || streq(name, "..") || strchr(name, '/'))
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(state_dirs); i++) {
                _cleanup_free_ char *p = xasprintf("%s/%s", state_dirs[i], name);
                struct stat st;
                if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
                        return sc_safe_file_name(name);
        }
        return NULL;
}

/* NAMESPACE_POD_CONTAINER when the runtime's state for this container
 * has the Kubernetes names (containerd's and CRI-O's config.json, or the
 * bundle runc's state names), else NULL.  id is a 64-hex-digit ID or a
 * name sc_safe_file_name() made safe for a path component. */
static char *k8s_key(const char *id)
{
        _cleanup_free_ char *cfg_ctrd = xasprintf(
                "/run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json", id);
        _cleanup_free_ char *cfg_crio = xasprintf(
                "/run/containers/storage/overlay-containers/%s/userdata/config.json", id);
        _cleanup_free_ char *runc_state = xasprintf("/run/runc/%s/state.json", id);
        _cleanup_free_ char *cfg_runc = NULL, *buf = NULL;
        const char *configs[3] = { cfg_ctrd, cfg_crio, NULL };
        size_t len;

        if (read_file_bounded(runc_state, 1 << 20, &buf, &len) >= 0) {
                _cleanup_free_ char *bundle = NULL;
                if (sc_runc_state_bundle(buf, len, &bundle) == 0)
                        configs[2] = cfg_runc = xasprintf("%s/config.json", bundle);
                free(TAKE_PTR(buf));
        }
        for (size_t i = 0; i < ELEMENTSOF(configs); i++) {
                struct sc_k8s_names n = {};
                if (!configs[i] || read_file_bounded(configs[i], SC_MAX_INPUT_SIZE, &buf, &len) < 0)
                        continue;
                int r = sc_oci_k8s_names(buf, len, &n);
                free(TAKE_PTR(buf));
                if (r < 0)
                        continue;
                _cleanup_free_ char *ns = sc_safe_file_name(n.ns), *pod = sc_safe_file_name(n.pod),
                                    *ctr = sc_safe_file_name(n.container);
                sc_k8s_names_clear(&n);
                return xasprintf("%s_%s_%s", ns, pod, ctr);
        }
        return NULL;
}

static struct group *ebpf_group(struct ebpf_watch *x, uint64_t id)
{
        struct sc_bpf_cginfo info;
        char *key = NULL;

        char *cid = NULL;

        for (size_t i = 0; i < x->n_groups; i++)
                if (x->groups[i].id == id)
                        return x->groups[i].gi < 0 ? NULL : &x->w->groups[x->groups[i].gi];
        if (x->fixed_key)
                key = xstrdup(x->fixed_key);
        else if (sc_ebpf_cginfo(x->e, id, &info) == 0) {
                key = container_of_cgroup(info.name);
                char *k8s = key ? k8s_key(key) : NULL;
                if (k8s) {
                        free(key);
                        key = k8s;
                } else if (key) {
                        cid = xstrdup(key);
                }
        } else
                /* The name is stored before the first record is
                 * announced: no name means it could not be read (counted
                 * by the program).  Not cached: a later look may work. */
                return NULL;
        /* A cgroup, or the scope's fixed key (--cgroup, --pid). */
        struct group *g = key ? group_for(x->w, key, false) : NULL;
        GROW(x->groups, x->n_groups, x->alloc_groups);
        x->groups[x->n_groups++] = (struct egroup){
                .id = id,
                .gi = g ? g - x->w->groups : -1,
                .cid = g ? cid : NULL,
                .since = now_s(),
        };
        if (!g)
                free(cid);
        return g;
}

/* Containers first named by their ID: once the runtime's state shows
 * their Kubernetes names (within 10 s), the profile moves to
 * NAMESPACE_POD_CONTAINER.json (unless another group has that name). */
static void settle_names(struct ebpf_watch *x)
{
        for (size_t i = 0; i < x->n_groups; i++) {
                struct egroup *eg = &x->groups[i];
                if (!eg->cid)
                        continue;
                _cleanup_free_ char *k8s = k8s_key(eg->cid);
                bool taken = false;
                if (k8s)
                        for (size_t j = 0; j < x->w->n_groups && !taken; j++)
                                taken = streq(x->w->groups[j].key, k8s);
                if (k8s && !taken) {
                        struct group *g = &x->w->groups[eg->gi];
                        char *path = xasprintf("%s/%s.json", x->w->dir, k8s);
                        if (g->written && rename(g->path, path) < 0) {
                                cli_error_errno(-errno, "watch: cannot rename %s", g->path);
                                free(path);
                        } else {
                                free(g->key);
                                free(g->path);
                                g->key = TAKE_PTR(k8s);
                                g->path = path;
                        }
                }
                if (k8s || now_s() - eg->since > 10.0) {
                        free(eg->cid);
                        eg->cid = NULL;
                }
        }
}

static void ebpf_add(struct ebpf_watch *x, const struct sc_bpf_key *k)
{
        struct group *g = ebpf_group(x, k->group);
        if (!g) {
                x->ignored++;
                return;
        }
        x->w->records++;
        add_to_group(x->w, g, k->arch, (int64_t)(int32_t)k->nr, SC_RET_ALLOW);
}

static void on_news(const struct sc_bpf_news *n, void *ud)
{
        ebpf_add(ud, &n->key);
}

static void on_scan(const struct sc_bpf_key *k, uint64_t count, void *ud)
{
        struct ebpf_watch *x = ud;
        struct group *g = ebpf_group(x, k->group);
        (void)count;
        /* Only what the ring buffer did not bring: counted once. */
        if (g && sc_recorder_distinct(g->rec) > 0) {
                size_t before = sc_recorder_distinct(g->rec);
                add_to_group(x->w, g, k->arch, (int64_t)(int32_t)k->nr, SC_RET_ALLOW);
                if (sc_recorder_distinct(g->rec) != before)
                        x->w->records++;
                return;
        }
        ebpf_add(x, k);
}

static const char *const lost_what[SC_BPF_N_COUNTERS] = {
        [SC_BPF_LOST_SYSCALLS] = "syscalls not stored (map full): profiles may be incomplete",
        [SC_BPF_LOST_ARGS] = "argument tuples not stored",
        [SC_BPF_LOST_TGIDS] = "child processes not followed (map full): profiles may be incomplete",
        [SC_BPF_LOST_CGINFO] = "cgroup names not read: those cgroups' calls could not be attributed",
        [SC_BPF_LOST_NEWS] = "ring-buffer messages dropped (recovered from the map)",
};

struct ebpf_scope {
        enum sc_bpf_mode mode;
        const char *cgroup;
        pid_t pid;
};

/* Returns 0, 1 when something was lost or could not be written, or
 * -errno when the program could not run (*ret_why says why). */
static int watch_ebpf(struct watch *w, const struct ebpf_scope *sc,
                      double duration, bool fallback_possible,
                      const char **ret_why)
{
        _cleanup_(sc_ebpf_freep) struct sc_ebpf *e = NULL;
        _cleanup_free_ char *fixed = NULL;
        struct sc_ebpf_opts o = { .mode = sc->mode };
        struct ebpf_watch x = { .w = w };
        uint64_t lost[SC_BPF_N_COUNTERS] = {}, seen_news_lost = 0;
        double start, last_flush;
        int r, bad = 0;

        if (sc->cgroup) {
                r = sc_cgroup2_lookup(sc->cgroup, &o.target_cgroup, &o.target_level);
                if (r < 0) {
                        cli_error_errno(r, "watch: --cgroup %s: not a cgroup v2 directory",
                                        sc->cgroup);
                        return 1;
                }
                const char *leaf = strrchr(sc->cgroup, '/');
                leaf = leaf && leaf[1] ? leaf + 1 : sc->cgroup;
                char id[65];
                fixed = sc_find_container_id(sc->cgroup, id) ? xstrdup(id) : sc_safe_file_name(leaf);
        } else if (sc->pid > 0) {
                _cleanup_free_ char *path = xasprintf("/proc/%d/cgroup", (int)sc->pid);
                _cleanup_free_ char *cg = NULL, *comm = NULL;
                size_t len;
                char id[65];
                if (read_file_bounded(path, 1 << 20, &cg, &len) < 0) {
                        cli_error("watch: --pid %d: no such process", (int)sc->pid);
                        return 1;
                }
                free(path);
                path = xasprintf("/proc/%d/comm", (int)sc->pid);
                if (read_file_bounded(path, 4096, &comm, &len) >= 0 && len > 0 &&
                    comm[len - 1] == '\n')
                        comm[len - 1] = '\0';
                fixed = sc_find_container_id(cg, id) ? xstrdup(id)
                                                  : sc_safe_file_name(comm ? comm : "");
        }
        x.fixed_key = fixed;

        r = sc_ebpf_open(&o, &e, ret_why);
        if (r < 0)
                return r;
        x.e = e;
        if (sc->pid > 0) {
                r = sc_ebpf_add_tree(e, sc->pid);
                if (r < 0) {
                        cli_error_errno(r, "watch: cannot follow pid %d", (int)sc->pid);
                        return 1;
                }
        }
        (void)fallback_possible;

        fprintf(stderr, "%s: watch: listening with eBPF on every syscall entry (%s), profiles in %s\n",
                program_name,
                sc->cgroup ? "one cgroup" : sc->pid > 0 ? "one process tree" : "every container",
                w->dir);
        cli_print_runtimes("watch", w->runtimes);
        start = last_flush = now_s();
        while (!stop) {
                int timeout = wait_ms(start, duration);
                if (timeout < 0)
                        break;
                r = sc_ebpf_poll(e, timeout, on_news, &x);
                if (r < 0 && r != -EINTR) {
                        cli_error_errno(r, "watch: reading the ring buffer failed");
                        bad = 1;
                        break;
                }
                /* Messages the ring buffer could not take are still in
                 * the map: a full scan brings them back. */
                if (sc_ebpf_counters(e, lost) == 0 && lost[SC_BPF_LOST_NEWS] != seen_news_lost) {
                        seen_news_lost = lost[SC_BPF_LOST_NEWS];
                        (void)sc_ebpf_scan(e, on_scan, &x);
                }
                /* Cheap: only containers still named by their ID. */
                settle_names(&x);
                if (now_s() - last_flush >= 1.0) {
                        flush(w);
                        last_flush = now_s();
                }
        }
        /* What arrived after the last poll, and anything missed. */
        (void)sc_ebpf_poll(e, 0, on_news, &x);
        r = sc_ebpf_scan(e, on_scan, &x);
        if (r < 0) {
                cli_error_errno(r, "watch: reading the syscall map failed");
                bad = 1;
        }
        settle_names(&x);
        flush(w);
        if (sc_ebpf_counters(e, lost) == 0)
                for (size_t i = 0; i < SC_BPF_N_COUNTERS; i++) {
                        if (!lost[i] || i == SC_BPF_LOST_ARGS || i == SC_BPF_FOLLOWED)
                                continue;
                        fprintf(stderr, "%s: watch: warning: %llu %s\n", program_name,
                                (unsigned long long)lost[i], lost_what[i]);
                        if (i != SC_BPF_LOST_NEWS)
                                bad = 1;
                }
        for (size_t i = 0; i < x.n_groups; i++)
                free(x.groups[i].cid);
        free(x.groups);
        return bad;
}

struct watch_opts {
        struct ebpf_scope scope;
        const char *method;     /* NULL: eBPF where it can run */
        double duration;        /* < 0: until a signal */
};

/* false when watch is to exit now, with *ret_exit (0 after --help,
 * EXIT_USAGE after an error, said). */
static bool parse_options(int argc, char **argv, struct watch *w,
                          struct watch_opts *o, int *ret_exit)
{
        enum { OPT_COMM = 256, OPT_DURATION, OPT_RUNTIME, OPT_METHOD, OPT_CGROUP, OPT_PID };
        static const struct option options[] = {
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "output", required_argument, NULL, 'o' },
                { "comm", required_argument, NULL, OPT_COMM },
                { "duration", required_argument, NULL, OPT_DURATION },
                { "method", required_argument, NULL, OPT_METHOD },
                { "cgroup", required_argument, NULL, OPT_CGROUP },
                { "pid", required_argument, NULL, OPT_PID },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "o:qh", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        w->dir = optarg;
                        break;
                case OPT_COMM:
                        w->comm = optarg;
                        break;
                case OPT_DURATION:
                        if (cli_parse_duration("watch", optarg, &o->duration) < 0)
                                goto usage;
                        break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("watch", CLI_RUNTIME_CALLS, optarg,
                                              &w->runtimes) < 0)
                                goto usage;
                        break;
                case OPT_METHOD:
                        if (streq(optarg, "ebpf") || streq(optarg, "audit"))
                                o->method = optarg;
                        else {
                                cli_error("watch: --method: '%s' is not ebpf or audit", optarg);
                                goto usage;
                        }
                        break;
                case OPT_CGROUP:
                        o->scope.mode = SC_BPF_MODE_CGROUP;
                        o->scope.cgroup = optarg;
                        break;
                case OPT_PID: {
                        char *end;
                        errno = 0;
                        long v = strtol(optarg, &end, 10);
                        if (errno || *end || end == optarg || v <= 0 || v > INT32_MAX) {
                                cli_error("watch: invalid --pid '%s'", optarg);
                                goto usage;
                        }
                        o->scope.mode = SC_BPF_MODE_TGIDS;
                        o->scope.pid = (pid_t)v;
                        break;
                }
                case 'q':
                        w->quiet = true;
                        break;
                case 'h':
                        help();
                        *ret_exit = 0;
                        return false;
                default:
                        goto usage;
                }
        if (optind < argc) {
                cli_error("watch: unexpected argument '%s'", argv[optind]);
                goto usage;
        }
        return true;
usage:
        *ret_exit = EXIT_USAGE;
        return false;
}

/* The options that do not go together; EXIT_USAGE (said) or 0.  --comm
 * alone keeps its meaning: the audit method. */
static int check_options(const struct watch *w, struct watch_opts *o)
{
        const struct ebpf_scope *sc = &o->scope;
        if (sc->cgroup && sc->pid) {
                cli_error("watch: --cgroup and --pid cannot be combined");
                return EXIT_USAGE;
        }
        if ((sc->cgroup || sc->pid || o->method) && w->comm &&
            !(o->method && streq(o->method, "audit"))) {
                cli_error("watch: --comm is for the audit method (--method audit)");
                return EXIT_USAGE;
        }
        if ((sc->cgroup || sc->pid) && o->method && streq(o->method, "audit")) {
                cli_error("watch: --cgroup and --pid are for the eBPF method");
                return EXIT_USAGE;
        }
        if (!o->method && w->comm)
                o->method = "audit";
        return 0;
}

/* The audit method.  0, or 1 when reading failed or a profile could not
 * be written. */
static int watch_audit(struct watch *w, int fd, double duration)
{
        double start, last_flush;
        int r = 0;

        /* Fork events let records of processes that are already gone be
         * attributed to their parent's container; optional (needs
         * CAP_NET_ADMIN). */
        (void)sc_proctree_open(&w->tree, WATCH_PARENTS);

        /* Tests and scripts wait for this line before starting workloads. */
        fprintf(stderr, "%s: watch: listening on the audit multicast group, profiles in %s\n",
                program_name, w->dir);
        cli_print_runtimes("watch", w->runtimes);
        start = last_flush = now_s();
        while (!stop) {
                struct sc_audit_record a;
                int timeout = wait_ms(start, duration);
                if (timeout < 0)
                        break;
                r = sc_auditnl_read(fd, timeout, &a);
                if (r == -ENOBUFS) {
                        w->lost_bursts++;
                        fprintf(stderr, "%s: watch: warning: the kernel dropped audit records (socket buffer full)\n",
                                program_name);
                        continue;
                }
                if (r < 0) {
                        cli_error_errno(r, "watch: reading the audit socket failed");
                        break;
                }
                /* A fork is reported when it happens, before any record
                 * of the child exists: drained now, every fork that
                 * precedes this record is known. */
                (void)sc_proctree_update(&w->tree);
                if (r > 0)
                        on_record(w, &a);
                if (r == 0 || now_s() - last_flush >= 1.0) {
                        flush(w);
                        last_flush = now_s();
                }
        }
        flush(w);
        return w->write_errors || (r < 0 && r != -ENOBUFS) ? 1 : 0;
}

/* Only what is on disk is a profile in the summary: a group whose file
 * could not be written is counted apart. */
static void print_summary(const struct watch *w, bool audit)
{
        size_t n_written = 0;
        for (size_t i = 0; i < w->n_groups; i++)
                if (w->groups[i].written)
                        n_written++;
        fprintf(stderr, "%s: watch: %llu %s, %zu profiles in %s%s\n",
                program_name, (unsigned long long)w->records,
                audit ? "seccomp records" : "distinct syscalls recorded with eBPF",
                n_written, w->dir,
                w->lost_bursts ? " (some records were dropped by the kernel)" : "");
        if (n_written < w->n_groups)
                fprintf(stderr, "  %zu profiles could not be written (errors above)\n",
                        w->n_groups - n_written);
        if (w->unattributed)
                fprintf(stderr, "  %llu records not written: over %u container profiles\n",
                        (unsigned long long)w->unattributed, WATCH_MAX_PROFILES);
        if (w->unattributed_comm)
                fprintf(stderr, "  %llu records not written: over %u profiles of processes outside containers\n",
                        (unsigned long long)w->unattributed_comm, WATCH_MAX_COMM_PROFILES);
        for (size_t i = 0; i < w->n_groups; i++)
                if (w->groups[i].written)
                        fprintf(stderr, "  %s: %zu syscalls\n", w->groups[i].path,
                                w->groups[i].written);
}

static void watch_done(struct watch *w)
{
        for (size_t i = 0; i < w->n_groups; i++) {
                free(w->groups[i].key);
                free(w->groups[i].path);
                sc_recorder_free(w->groups[i].rec);
        }
        free(w->groups);
        sc_proctree_done(&w->tree);
        for (size_t i = 0; i < ELEMENTSOF(w->cache); i++)
                free(w->cache[i].key);
}

int verb_watch(int argc, char **argv)
{
        _cleanup_(watch_done) struct watch w = {
                .dir = ".", .tree = { .fd = -1 }, .runtimes = CLI_RUNTIME_DEFAULT,
        };
        struct watch_opts o = {
                .scope = { .mode = SC_BPF_MODE_ALL_CGROUPS },
                .duration = -1,
        };
        /* No SA_RESTART: poll must return so the loop sees the flag. */
        struct sigaction sa = { .sa_handler = on_signal };
        _cleanup_close_ int fd = -1;
        int r;

        if (!parse_options(argc, argv, &w, &o, &r))
                return r;
        /* With its parents, as --help promises ("watch -o a/b" with no a
         * used to fail). */
        r = mkdir_p(w.dir, 0755);
        if (r < 0) {
                cli_error_errno(r, "watch: cannot create %s", w.dir);
                return 1;
        }
        r = check_options(&w, &o);
        if (r != 0)
                return r;
        if (!o.method || streq(o.method, "ebpf")) {
                const char *why = "";
                sigaction(SIGINT, &sa, NULL);
                sigaction(SIGTERM, &sa, NULL);
                r = watch_ebpf(&w, &o.scope, o.duration, !o.method, &why);
                if (r >= 0 || o.method || o.scope.cgroup || o.scope.pid) {
                        if (r < 0)
                                cli_error_errno(r, "watch: the eBPF recorder cannot run: %s", why);
                        r = r < 0 ? 1 : r;
                        print_summary(&w, false);
                        return r || w.write_errors ? 1 : 0;
                }
                fprintf(stderr, "%s: watch: warning: eBPF recorder unavailable (%s); "
                        "using the audit method, which sees only calls a SCMP_ACT_LOG profile logs\n",
                        program_name, why);
        }
        fd = sc_auditnl_open();
        if (fd < 0) {
                if (fd == -EPERM)
                        cli_error("watch: cannot join the audit multicast group: "
                                  "CAP_AUDIT_READ is needed");
                else
                        cli_error_errno(fd, "watch: cannot join the audit multicast group");
                return 1;
        }
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        r = watch_audit(&w, fd, o.duration);
        print_summary(&w, true);
        return r || w.write_errors ? 1 : 0;
}
