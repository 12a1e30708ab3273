/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl watch: a node-wide recorder on the audit netlink multicast
 * group, one profile per container (or command). */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "auditnl.h"
#include "cli.h"
#include "fileio.h"
#include "loader.h"
#include "recorder.h"
#include "syscalls.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s watch [OPTIONS]\n"
               "\n"
               "Subscribe to the kernel's audit netlink multicast group\n"
               "(NETLINK_AUDIT, AUDIT_NLGRP_READLOG) and turn every seccomp audit record\n"
               "(type 1326: anything a filter answered with SCMP_ACT_LOG, or a denial\n"
               "logged by the LOG flag) into profiles, one per container or command:\n"
               "DIR/<container-id>.json, else DIR/<comm>.json.  The files are\n"
               "allow-list profiles (defaultAction SCMP_ACT_ERRNO, the architectures\n"
               "seen), rewritten atomically within a second of a new syscall showing\n"
               "up, and once more at exit.\n"
               "\n"
               "Unlike dmesg or syslog this loses nothing to printk's rate limit (10\n"
               "lines per 5 s without auditd) and needs no auditd.  It needs\n"
               "CAP_AUDIT_READ.  The container is found as the Security Profiles\n"
               "Operator's log enricher finds it: the 64-hex-digit container ID in\n"
               "/proc/PID/cgroup (runc, containerd, CRI-O, Docker paths all carry it).\n"
               "A process that has already exited when its record is read is\n"
               "attributed to its parent's container, known from fork events (the\n"
               "proc connector, CAP_NET_ADMIN), else to its comm.  What the runtime\n"
               "itself calls after loading the filter is added to every profile\n"
               "(--runtime): runc init is a Go program whose runtime makes futex and\n"
               "rt_sigreturn at random moments, seen in some runs and not others.\n"
               "\n"
               "The tutorial's workflow for a whole node: run workloads with audit.json\n"
               "(or any profile whose default is SCMP_ACT_LOG), let them work, stop\n"
               "watch, and use the profiles (merge several with '%s merge').\n"
               "\n"
               "Options:\n"
               "  -o, --output DIR    where to write the profiles (default: .); created\n"
               "                      if missing\n"
               "  --comm NAME         only records of processes with this comm (and\n"
               "                      what such a process did under its previous comm\n"
               "                      before it exec'd into NAME, execve included)\n"
               "  --duration S        stop after S seconds (default: until SIGINT or\n"
               "                      SIGTERM)\n"
               CLI_RUNTIME_HELP
               "  -q, --quiet         do not print each newly seen syscall\n"
               "  -h, --help          show this help\n"
               "\n"
               "Output: one line per syscall seen for the first time in a profile,\n"
               "\"ID SYSCALL ARCH\", and a summary on standard error at exit.\n"
               "\n"
               "Exit status:\n"
               "  0  stopped by --duration or a signal, profiles written\n"
               "  1  the audit group could not be joined (no CAP_AUDIT_READ, no\n"
               "     CONFIG_AUDIT) or a profile could not be written\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s watch -o profiles/ &\n"
               "  runc run -b bundle 3f1e...c9   # config.json uses audit.json\n"
               "  kill %%1; ls profiles/\n"
               "  %s watch --comm http-echo --duration 60 -o .\n",
               program_name, program_name, program_name, program_name, program_name);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
        (void)sig;
        stop = 1;
}

struct group {
        char *key;
        char *path;
        struct sc_recorder *rec;
        size_t written;       /* distinct syscalls in the file on disk */
};

#define WATCH_MAX_PROFILES 1024U
#define WATCH_PARENTS 65536U

struct watch {
        const char *dir, *comm;
        unsigned runtimes;
        uint64_t unattributed;
        bool quiet;
        struct group *groups;
        size_t n_groups, alloc_groups;
        uint64_t records, lost_bursts;
        int write_errors;
        /* pid -> key, so a process's cgroup file is read once. */
        struct {
                uint32_t pid;
                char comm[64];
                char *key;
        } cache[1024];
        /* child -> parent from the proc connector, NULL without it. */
        struct {
                int pid, ppid;
        } *parents;
        int forkfd;
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

/* The last run of exactly 64 lower-case hex digits, as the SPO log
 * enricher's regular expression finds it. */
static bool find_container_id(const char *s, char ret[65])
{
        bool found = false;
        size_t run = 0;

        for (const char *p = s;; p++) {
                bool hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
                if (hex) {
                        run++;
                        continue;
                }
                if (run == 64) {
                        memcpy(ret, p - 64, 64);
                        ret[64] = '\0';
                        found = true;
                }
                run = 0;
                if (!*p)
                        break;
        }
        return found;
}

/* Make comm usable as a file name. */
static char *safe_name(const char *s)
{
        char *r = xstrdup(*s ? s : "unknown");
        for (char *p = r; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
                      *p == '.'))
                        *p = '_';
        if (r[0] == '.')
                r[0] = '_';
        return r;
}

static void on_fork(int parent, int child, void *ud)
{
        struct watch *w = ud;
        size_t slot = (size_t)child % WATCH_PARENTS;
        w->parents[slot].pid = child;
        w->parents[slot].ppid = parent;
}

/* Walk up the fork events from a process that is gone: the first ancestor
 * known (cached) or still alive decides. */
static bool container_of_ancestor(struct watch *w, uint32_t pid, char ret[65])
{
        if (!w->parents)
                return false;
        for (int depth = 0; depth < 16; depth++) {
                size_t ps = pid % WATCH_PARENTS;
                if (w->parents[ps].pid != (int)pid || w->parents[ps].ppid <= 1)
                        return false;
                pid = (uint32_t)w->parents[ps].ppid;
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
                        return find_container_id(cg, ret);
        }
        return false;
}

static char *key_for(struct watch *w, const struct sc_audit_record *a)
{
        size_t slot = a->pid % ELEMENTSOF(w->cache);
        _cleanup_free_ char *cg = NULL, *path = NULL;
        char id[65];
        size_t len;

        if (w->cache[slot].key && w->cache[slot].pid == a->pid &&
            streq(w->cache[slot].comm, a->comm))
                return xstrdup(w->cache[slot].key);

        path = xasprintf("/proc/%" PRIu32 "/cgroup", a->pid);
        char *key;
        if (a->pid > 0 && read_file_bounded(path, 1 << 20, &cg, &len) >= 0) {
                key = find_container_id(cg, id) ? xstrdup(id) : safe_name(a->comm);
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
                key = safe_name(a->comm);
        }
        free(w->cache[slot].key);
        w->cache[slot].pid = a->pid;
        snprintf(w->cache[slot].comm, sizeof w->cache[slot].comm, "%s", a->comm);
        w->cache[slot].key = xstrdup(key);
        return key;
}

static struct group *group_for(struct watch *w, char *key)
{
        for (size_t i = 0; i < w->n_groups; i++)
                if (streq(w->groups[i].key, key)) {
                        free(key);
                        return &w->groups[i];
                }
        if (w->n_groups >= WATCH_MAX_PROFILES) {
                /* comm is the workload's choice: a process renaming itself
                 * in a loop must not fill the disk with profiles. */
                if (w->unattributed++ == 0)
                        fprintf(stderr, "%s: watch: warning: more than %u profiles; records of new containers or commands are counted, not written\n",
                                program_name, WATCH_MAX_PROFILES);
                free(key);
                return NULL;
        }
        GROW(w->groups, w->n_groups, w->alloc_groups);
        struct group *g = &w->groups[w->n_groups++];
        *g = (struct group){
                .key = key,
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
                r = write_file_atomic(g->path, json, strlen(json), 0644);
                if (r < 0) {
                        cli_error_errno(r, "watch: cannot write %s", g->path);
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
        enum sc_arch arch = sc_arch_from_audit(audit_arch);
        const char *name = NULL;
        if (arch == SC_ARCH_X86_64 && (nr & SC_X32_SYSCALL_BIT))
                arch = SC_ARCH_X32;
        if (arch != SC_ARCH_INVALID && nr >= 0 &&
            (uint64_t)nr >= sc_arch_info(arch)->nr_offset)
                name = sc_syscall_name(arch, (uint32_t)((uint64_t)nr -
                                                        sc_arch_info(arch)->nr_offset));
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
        struct group *g = group_for(w, key_for(w, a));
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

int verb_watch(int argc, char **argv)
{
        enum { OPT_COMM = 256, OPT_DURATION, OPT_RUNTIME };
        static const struct option options[] = {
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "output", required_argument, NULL, 'o' },
                { "comm", required_argument, NULL, OPT_COMM },
                { "duration", required_argument, NULL, OPT_DURATION },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct watch w = { .dir = ".", .forkfd = -1, .runtimes = CLI_RUNTIME_DEFAULT };
        struct sigaction sa = { .sa_handler = on_signal };
        _cleanup_close_ int fd = -1;
        double duration = -1, start, last_flush;
        int c, r = 0;

        optind = 0;
        while ((c = getopt_long(argc, argv, "o:qh", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        w.dir = optarg;
                        break;
                case OPT_COMM:
                        w.comm = optarg;
                        break;
                case OPT_DURATION: {
                        char *end;
                        errno = 0;
                        duration = strtod(optarg, &end);
                        if (errno || *end || end == optarg || !(duration >= 0) ||
                            duration > 1e9) {
                                cli_error("watch: invalid --duration '%s'", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                }
                case OPT_RUNTIME:
                        if (cli_runtime_opt("watch", optarg, &w.runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case 'q':
                        w.quiet = true;
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        if (optind < argc) {
                cli_error("watch: unexpected argument '%s'", argv[optind]);
                return EXIT_USAGE;
        }

        /* Created with its parents, as --help promises ("watch -o a/b"
         * with no a used to fail). */
        {
                _cleanup_free_ char *d = xstrdup(w.dir);
                int mr = 0;
                for (char *sl = strchr(d + 1, '/'); sl && mr == 0; sl = strchr(sl + 1, '/')) {
                        *sl = 0;
                        if (mkdir(d, 0755) < 0 && errno != EEXIST)
                                mr = -errno;
                        *sl = '/';
                }
                if (mr == 0 && mkdir(d, 0755) < 0 && errno != EEXIST)
                        mr = -errno;
                struct stat dst;
                if (mr == 0 && (stat(d, &dst) < 0 || !S_ISDIR(dst.st_mode)))
                        mr = -ENOTDIR;
                if (mr < 0) {
                        cli_error_errno(mr, "watch: cannot create %s", w.dir);
                        return 1;
                }
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
        /* Fork events let records of processes that are already gone be
         * attributed to their parent's container; optional (needs
         * CAP_NET_ADMIN). */
        w.forkfd = sc_proctree_open();
        if (w.forkfd >= 0)
                w.parents = xcalloc(WATCH_PARENTS, sizeof *w.parents);
        /* No SA_RESTART: poll must return so the loop sees the flag. */
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);

        /* Tests and scripts wait for this line before starting workloads. */
        fprintf(stderr, "%s: watch: listening on the audit multicast group, profiles in %s\n",
                program_name, w.dir);
        cli_print_runtimes("watch", w.runtimes);
        start = last_flush = now_s();
        while (!stop) {
                struct sc_audit_record a;
                double t = now_s();
                int timeout = 250;

                if (duration >= 0) {
                        double left = duration - (t - start);
                        if (left <= 0)
                                break;
                        if (left * 1000 < timeout)
                                timeout = (int)(left * 1000) + 1;
                }
                r = sc_auditnl_read(fd, timeout, &a);
                if (r == -ENOBUFS) {
                        w.lost_bursts++;
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
                if (w.forkfd >= 0)
                        (void)sc_auditnl_read_forks(w.forkfd, on_fork, &w);
                if (r > 0)
                        on_record(&w, &a);
                if (r == 0 || now_s() - last_flush >= 1.0) {
                        flush(&w);
                        last_flush = now_s();
                }
        }
        flush(&w);

        /* Only what is on disk is a profile in the summary: a group
         * whose file could not be written is counted apart. */
        size_t n_written = 0;
        for (size_t i = 0; i < w.n_groups; i++)
                if (w.groups[i].written)
                        n_written++;
        fprintf(stderr, "%s: watch: %llu seccomp records, %zu profiles in %s%s\n",
                program_name, (unsigned long long)w.records, n_written, w.dir,
                w.lost_bursts ? " (some records were dropped by the kernel)" : "");
        if (n_written < w.n_groups)
                fprintf(stderr, "  %zu profiles could not be written (errors above)\n",
                        w.n_groups - n_written);
        if (w.unattributed)
                fprintf(stderr, "  %llu records not written: over %u profiles\n",
                        (unsigned long long)w.unattributed, WATCH_MAX_PROFILES);
        for (size_t i = 0; i < w.n_groups; i++) {
                if (w.groups[i].written)
                        fprintf(stderr, "  %s: %zu syscalls\n", w.groups[i].path,
                                w.groups[i].written);
                free(w.groups[i].key);
                free(w.groups[i].path);
                sc_recorder_free(w.groups[i].rec);
        }
        free(w.groups);
        free(w.parents);
        if (w.forkfd >= 0)
                close(w.forkfd);
        for (size_t i = 0; i < ELEMENTSOF(w.cache); i++)
                free(w.cache[i].key);
        return w.write_errors || (r < 0 && r != -ENOBUFS) ? 1 : 0;
}
