/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl inspect: what the kernel really enforces on a process. */
#include <getopt.h>

#include "cli.h"
#include "compare.h"
#include "decompile.h"
#include "inspect.h"
#include "syscalls.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s inspect [OPTIONS] PID...\n"
               "       %s inspect [OPTIONS] --container ID\n"
               "       %s inspect PID --against PROFILE\n"
               "\n"
               "Show the seccomp state the kernel enforces on running processes, for any\n"
               "runtime (runc, crun, containerd, CRI-O, systemd units): the mode and the\n"
               "number of filters (/proc/PID/status: Seccomp, Seccomp_filters),\n"
               "no_new_privs, and every attached filter, read from the kernel with\n"
               "ptrace(PTRACE_SECCOMP_GET_FILTER).  With --profile the filters are\n"
               "decompiled into the equivalent OCI profile: the program is run on every\n"
               "syscall number of every arch it tests for and on argument values at the\n"
               "boundaries of its own constants; stacked filters are combined as the\n"
               "kernel combines them (the most restrictive action wins: KILL_PROCESS,\n"
               "KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG, ALLOW; on a tie the\n"
               "newest filter's data).  stderr says whether the profile is exact.\n"
               "\n"
               "Reading filters needs CAP_SYS_ADMIN, permission to ptrace the process\n"
               "(CAP_SYS_PTRACE or the same user, Yama's ptrace_scope), that the\n"
               "process is not already being traced, and that seccompctl itself does\n"
               "not run under seccomp.  The process is stopped for the read only\n"
               "(PTRACE_SEIZE + PTRACE_INTERRUPT, then detached).  Only the thread PID\n"
               "is read; threads whose filters differ are listed (inspect TID reads\n"
               "them).\n"
               "\n"
               "Options:\n"
               "  --container ID    the processes whose /proc/PID/cgroup path has a\n"
               "                    component containing ID (runc, containerd, CRI-O,\n"
               "                    Docker and systemd scope names all do)\n"
               "  --profile         print the decompiled OCI profile (one, when every\n"
               "                    process runs the same filters; else use --json)\n"
               "  --runtime RUNTIME with --profile: runc or crun adds the calls that\n"
               "                    runtime makes itself after loading the filter\n"
               "                    (data/runtime-calls.tsv), for reusing the profile\n"
               "                    in a container (default none: exactly what is\n"
               "                    enforced)\n"
               "  --disasm          also print each filter's instructions\n"
               "  --json            one JSON object per process, in an array\n"
               "  --against PROFILE does the kernel enforce exactly PROFILE?  It is\n"
               "                    compiled (--target, --compat) and both are run on\n"
               "                    the differential grid: every syscall number of\n"
               "                    every arch either tests for, the x32 range, a\n"
               "                    foreign arch, argument boundaries.  Differing\n"
               "                    syscalls are printed\n"
               "  --target ARCH     arch to compile PROFILE for / to name syscalls by\n"
               "                    (default: this machine's)\n"
               "  --compat MODE     runc or crun semantics for PROFILE (default runc);\n"
               "                    for --profile: check under this one only\n"
               "  --caps LIST, --kernel X.Y   for a Docker-format PROFILE\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status: 0 on success (with --against: the kernel enforces exactly\n"
               "PROFILE), 1 when --against found differences, 2 on a usage error, 3\n"
               "when a process could not be inspected (no such process, not permitted).\n"
               "\n"
               "Examples:\n"
               "  %s inspect $(pidof http-echo)\n"
               "  %s inspect --profile $(pidof http-echo) > enforced.json\n"
               "  %s inspect --container 3f2a --json\n"
               "  %s inspect 4242 --against profiles/fine-grained.json\n",
               program_name, program_name, program_name, program_name,
               program_name, program_name, program_name);
}

struct proc {
        pid_t pid;
        struct sc_proc_seccomp st;
        int status_err;
        struct sc_filter **f; /* kernel numbering: [0] installed first */
        size_t n;
        int filter_err;
        const struct sc_filter **run; /* newest first */
        /* threads whose seccomp state differs from the thread PID's */
        struct {
                pid_t tid;
                struct sc_proc_seccomp st;
        } *odd;
        size_t n_odd;
};

static void proc_clear(struct proc *p)
{
        sc_filters_free(p->f, p->n);
        free(p->run);
        free(p->odd);
}

static const char *mode_name(int mode)
{
        static const char *const names[] = { "disabled", "strict", "filter" };
        return mode >= 0 && mode <= 2 ? names[mode] : "unknown";
}

static void print_filter_error(pid_t pid, int r)
{
        switch (r) {
        case -EPERM:
                cli_error("PID %d: not permitted to trace it (needs CAP_SYS_PTRACE "
                          "or the same user and Yama's ptrace_scope; a process "
                          "being traced already cannot be seized)",
                          (int)pid);
                break;
        case -EACCES:
                cli_error("PID %d: PTRACE_SECCOMP_GET_FILTER refused: it needs "
                          "CAP_SYS_ADMIN (run as root), and seccompctl must not "
                          "itself run under seccomp",
                          (int)pid);
                break;
        case -EMEDIUMTYPE:
                cli_error("PID %d: a filter is not classic BPF", (int)pid);
                break;
        case -EIO:
        case -EINVAL:
                cli_error("PID %d: the kernel cannot hand out filters "
                          "(CONFIG_CHECKPOINT_RESTORE) or the process left "
                          "filter mode",
                          (int)pid);
                break;
        default:
                cli_error_errno(r, "PID %d: cannot read its filters", (int)pid);
        }
}

static void proc_load(struct proc *p)
{
        p->status_err = sc_proc_seccomp_status(p->pid, &p->st);
        if (p->status_err < 0)
                return;
        _cleanup_free_ pid_t *tids = NULL;
        size_t n_tids = 0, alloc = 0;
        if (sc_proc_threads(p->pid, &tids, &n_tids) == 0)
                for (size_t i = 0; i < n_tids; i++) {
                        struct sc_proc_seccomp st;
                        if (tids[i] == p->pid ||
                            sc_proc_seccomp_status(tids[i], &st) < 0)
                                continue;
                        if (st.mode == p->st.mode && st.n_filters == p->st.n_filters)
                                continue;
                        GROW(p->odd, p->n_odd, alloc);
                        p->odd[p->n_odd].tid = tids[i];
                        p->odd[p->n_odd++].st = st;
                }
        if (p->st.mode != 2)
                return;
        p->filter_err = sc_proc_read_filters(p->pid, &p->f, &p->n);
        if (p->filter_err < 0)
                return;
        p->run = xcalloc(p->n + 1, sizeof(*p->run));
        for (size_t i = 0; i < p->n; i++)
                p->run[p->n - 1 - i] = p->f[i];
}

static bool same_stack(const struct proc *a, const struct proc *b)
{
        if (a->n != b->n)
                return false;
        for (size_t i = 0; i < a->n; i++)
                if (a->f[i]->n != b->f[i]->n ||
                    memcmp(a->f[i]->insns, b->f[i]->insns,
                           a->f[i]->n * sizeof(struct sc_insn)) != 0)
                        return false;
        return true;
}

/* "x86_64 getpid (39)" */
static char *describe_nr(uint32_t audit, uint32_t nr)
{
        enum sc_arch a = sc_syscall_arch_audit(audit, nr);
        if (a == SC_ARCH_INVALID)
                return xasprintf("arch 0x%08x nr %u", audit, nr);
        const struct sc_arch_info *info = sc_arch_info(a);
        const char *name = sc_syscall_name_audit(audit, nr);
        if (name)
                return xasprintf("%s %s (%u)", info->name, name, nr);
        if (nr >= info->nr_offset && info->nr_offset)
                return xasprintf("%s nr %u (0x%x)", info->name,
                                 nr - info->nr_offset, nr);
        return xasprintf("%s nr %u (0x%x)", info->name, nr, nr);
}

struct diffs {
        struct sc_verdict_diff *d; /* first difference per (arch, nr) */
        size_t *count;
        size_t n, alloc, alloc2;
};

static void note_diff(const struct sc_verdict_diff *d, void *ud)
{
        struct diffs *ds = ud;
        for (size_t i = 0; i < ds->n; i++)
                if (ds->d[i].audit_arch == d->audit_arch && ds->d[i].nr == d->nr) {
                        ds->count[i]++;
                        return;
                }
        size_t a = ds->alloc;
        GROW(ds->d, ds->n, ds->alloc);
        GROW(ds->count, ds->n, a);
        ds->d[ds->n] = *d;
        ds->count[ds->n++] = 1;
}

static int against(struct proc *p, const char *path,
                   const struct cli_target_opts *to, bool json)
{
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        if (cli_filter_load(path, to, &f) < 0)
                return EXIT_CANNOT_INSPECT;
        const struct sc_filter *one[1] = { f };
        struct sc_filter_stack want = { one, 1 };
        struct sc_filter_stack have = { p->run, p->n };
        struct diffs ds = { 0 };
        size_t checked = 0;
        size_t n = sc_stack_compare(&have, &want, to->target, note_diff, &ds,
                                    &checked);
        struct strbuf sb = { 0 };

        if (json)
                strbuf_printf(&sb, "{\"pid\":%d,\"profile\":", (int)p->pid);
        if (json) {
                strbuf_json_string(&sb, path);
                strbuf_printf(&sb, ",\"checked\":%zu,\"differences\":[", checked);
        }
        for (size_t i = 0; i < ds.n; i++) {
                const struct sc_verdict_diff *d = &ds.d[i];
                _cleanup_free_ char *what = describe_nr(d->audit_arch, d->nr);
                _cleanup_free_ char *ka = sc_ret_describe(d->a);
                _cleanup_free_ char *kb = sc_ret_describe(d->b);
                struct strbuf args = { 0 };
                for (size_t j = 0; j < 6; j++)
                        if (d->args[j])
                                strbuf_printf(&args, "%sargs[%zu]=0x%" PRIx64,
                                              args.len ? " " : "", j, d->args[j]);
                if (json) {
                        strbuf_printf(&sb, "%s{\"syscall\":", i ? "," : "");
                        strbuf_json_string(&sb, what);
                        strbuf_puts(&sb, ",\"enforced\":");
                        strbuf_json_string(&sb, ka);
                        strbuf_puts(&sb, ",\"profile\":");
                        strbuf_json_string(&sb, kb);
                        strbuf_printf(&sb, ",\"points\":%zu,\"example\":[",
                                      ds.count[i]);
                        for (size_t j = 0; j < 6; j++)
                                strbuf_printf(&sb, "%s%" PRIu64, j ? "," : "",
                                              d->args[j]);
                        strbuf_puts(&sb, "]}");
                } else {
                        printf("%s: enforced %s, profile %s%s%s%s\n", what, ka, kb,
                               args.len ? " (e.g. " : "",
                               args.len ? args.buf : "", args.len ? ")" : "");
                }
                strbuf_clear(&args);
        }
        if (json) {
                strbuf_puts(&sb, "]}");
                puts(sb.buf);
        } else if (n == 0) {
                printf("PID %d enforces exactly %s (%zu points checked)\n",
                       (int)p->pid, path, checked);
        } else {
                printf("PID %d: %zu syscalls differ from %s (%zu of %zu points)\n",
                       (int)p->pid, ds.n, path, n, checked);
        }
        strbuf_clear(&sb);
        free(ds.d);
        free(ds.count);
        return n ? EXIT_FAILED : EXIT_OK;
}

static void json_proc(struct strbuf *sb, const struct proc *p, bool disasm,
                      const struct sc_decompile_result *res)
{
        strbuf_printf(sb, "{\"pid\":%d", (int)p->pid);
        if (p->status_err < 0) {
                strbuf_puts(sb, ",\"error\":");
                strbuf_json_string(sb, strerror(-p->status_err));
                strbuf_puts(sb, "}");
                return;
        }
        strbuf_puts(sb, ",\"comm\":");
        strbuf_json_string(sb, p->st.comm);
        strbuf_printf(sb, ",\"mode\":\"%s\"", mode_name(p->st.mode));
        if (p->st.n_filters >= 0)
                strbuf_printf(sb, ",\"filterCount\":%ld", p->st.n_filters);
        if (p->st.no_new_privs >= 0)
                strbuf_printf(sb, ",\"noNewPrivs\":%s",
                              p->st.no_new_privs ? "true" : "false");
        if (p->n_odd) {
                strbuf_puts(sb, ",\"threadsDiffering\":[");
                for (size_t i = 0; i < p->n_odd; i++)
                        strbuf_printf(sb, "%s{\"tid\":%d,\"mode\":\"%s\",\"filterCount\":%ld}",
                                      i ? "," : "", (int)p->odd[i].tid,
                                      mode_name(p->odd[i].st.mode),
                                      p->odd[i].st.n_filters);
                strbuf_puts(sb, "]");
        }
        if (p->filter_err < 0) {
                strbuf_puts(sb, ",\"error\":");
                strbuf_json_string(sb, strerror(-p->filter_err));
        }
        if (p->st.mode == 2 && p->filter_err == 0) {
                strbuf_puts(sb, ",\"filters\":[");
                for (size_t i = 0; i < p->n; i++) {
                        strbuf_printf(sb, "%s{\"index\":%zu,\"runsAs\":%zu,\"length\":%zu",
                                      i ? "," : "", i, p->n - i, p->f[i]->n);
                        if (disasm) {
                                _cleanup_free_ char *s = sc_disasm(p->f[i], false, 0);
                                strbuf_puts(sb, ",\"disasm\":");
                                strbuf_json_string(sb, s);
                        }
                        strbuf_puts(sb, "}");
                }
                strbuf_puts(sb, "]");
        }
        if (res && res->profile) {
                _cleanup_free_ char *j = sc_profile_to_json(res->profile, 0);
                strbuf_puts(sb, ",\"profile\":");
                strbuf_puts(sb, j);
                strbuf_printf(sb, ",\"exact\":%s,\"pointsChecked\":%zu,"
                                  "\"pointsDiffering\":%zu",
                              res->n_diffs == 0 ? "true" : "false",
                              res->n_checked,
                              res->n_diffs == SIZE_MAX ? 0 : res->n_diffs);
        }
        strbuf_puts(sb, "}");
}

static void human_proc(const struct proc *p, bool disasm)
{
        if (p->status_err < 0)
                return; /* reported once, when it was read */
        _cleanup_free_ char *comm = sc_escape(p->st.comm); /* the process's choice */
        printf("PID %d (%s): seccomp %s", (int)p->pid, comm,
               mode_name(p->st.mode));
        if (p->st.mode == 2) {
                long n = p->st.n_filters >= 0 ? p->st.n_filters : (long)p->n;
                printf(", %ld filter%s", n, n == 1 ? "" : "s");
        }
        if (p->st.no_new_privs >= 0)
                printf(", no_new_privs %d", p->st.no_new_privs);
        putchar('\n');
        if (p->st.mode == 1)
                printf("  strict mode: only read, write, _exit and sigreturn\n");
        for (size_t i = 0; i < p->n_odd; i++)
                printf("  thread %d: seccomp %s, %ld filters: differs from thread "
                       "%d (inspect %d reads its filters)\n",
                       (int)p->odd[i].tid, mode_name(p->odd[i].st.mode),
                       p->odd[i].st.n_filters, (int)p->pid, (int)p->odd[i].tid);
        if (p->st.mode != 2 || p->filter_err < 0)
                return;
        for (size_t i = 0; i < p->n; i++) {
                printf("  filter %zu: %zu instructions, installed %s, runs %s\n",
                       i, p->f[i]->n,
                       i == 0 ? "first" : i + 1 == p->n ? "last" : "in between",
                       i + 1 == p->n ? "first" : i == 0 ? "last" : "in between");
                if (disasm) {
                        _cleanup_free_ char *s = sc_disasm(p->f[i], false, 0);
                        fputs(s, stdout);
                }
        }
}

struct inspect_opts {
        struct cli_target_opts to;
        const char *container;
        const char *against; /* --against PROFILE */
        bool want_profile, disasm, json;
        bool auto_compat;    /* no --compat: try runc's and crun's */
        unsigned runtimes;
};

struct procs {
        struct proc *items;
        size_t n, alloc;
};

static void procs_clear(struct procs *ps)
{
        for (size_t i = 0; i < ps->n; i++)
                proc_clear(&ps->items[i]);
        free(ps->items);
        *ps = (struct procs){ 0 };
}

static void procs_add(struct procs *ps, pid_t pid)
{
        GROW(ps->items, ps->n, ps->alloc);
        ps->items[ps->n++] = (struct proc){ .pid = pid };
}

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_options(int argc, char **argv, struct inspect_opts *o)
{
        enum { OPT_CONTAINER = 0x200, OPT_PROFILE, OPT_RUNTIME, OPT_DISASM, OPT_JSON,
               OPT_AGAINST };
        static const struct option opts[] = {
                { "container", required_argument, NULL, OPT_CONTAINER },
                { "profile", no_argument, NULL, OPT_PROFILE },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "disasm", no_argument, NULL, OPT_DISASM },
                { "json", no_argument, NULL, OPT_JSON },
                { "against", required_argument, NULL, OPT_AGAINST },
                CLI_TARGET_OPTIONS,
                { "help", no_argument, NULL, 'h' },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case OPT_CONTAINER: o->container = optarg; break;
                case OPT_PROFILE: o->want_profile = true; break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("inspect", CLI_RUNTIME_CALLS, optarg,
                                              &o->runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case OPT_DISASM: o->disasm = true; break;
                case OPT_JSON: o->json = true; break;
                case OPT_AGAINST: o->against = optarg; break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&o->to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        if (c == CLI_OPT_COMPAT)
                                o->auto_compat = false;
                        break;
                }
        }
        return -1;
}

/* The PIDs named, then those of --container: -1 to go on, else the exit
 * status (message printed). */
static int collect_pids(int argc, char **argv, const struct inspect_opts *o,
                        struct procs *ps)
{
        for (int i = optind; i < argc; i++) {
                uint64_t pid;
                if (parse_u64(argv[i], false, &pid) < 0 || pid == 0 ||
                    pid > INT32_MAX) {
                        cli_error("inspect: not a PID: '%s'", argv[i]);
                        return EXIT_USAGE;
                }
                procs_add(ps, (pid_t)pid);
        }
        if (o->container) {
                _cleanup_free_ pid_t *pids = NULL;
                _cleanup_free_ char *cg = NULL;
                size_t np = 0;
                int r = sc_container_pids(o->container, &pids, &np, &cg);
                if (r < 0) {
                        cli_error_errno(r, "inspect: cannot look for container "
                                           "'%s'", o->container);
                        return r == -EINVAL ? EXIT_USAGE : EXIT_CANNOT_INSPECT;
                }
                if (np == 0) {
                        cli_error("inspect: no process has a cgroup whose name "
                                  "contains '%s'", o->container);
                        return EXIT_CANNOT_INSPECT;
                }
                if (!o->json)
                        fprintf(stderr, "%s: container %s: cgroup %s, %zu "
                                        "process%s\n",
                                program_name, o->container, cg, np,
                                np == 1 ? "" : "es");
                for (size_t i = 0; i < np; i++)
                        procs_add(ps, pids[i]);
        }
        if (ps->n == 0) {
                cli_error("inspect: expected PID... or --container ID (see --help)");
                return EXIT_USAGE;
        }
        return -1;
}

/* Read every process's state and filters, saying what could not be read
 * (unless --json, which says it per process).  EXIT_CANNOT_INSPECT when
 * something could not. */
static int load_procs(struct procs *ps, const struct inspect_opts *o)
{
        int ret = EXIT_OK;
        for (size_t i = 0; i < ps->n; i++) {
                struct proc *p = &ps->items[i];
                proc_load(p);
                if (p->status_err < 0 && !o->json)
                        cli_error_errno(p->status_err, "PID %d", (int)p->pid);
                if (p->filter_err < 0 && !o->json)
                        print_filter_error(p->pid, p->filter_err);
                if (p->status_err < 0 || p->filter_err < 0)
                        ret = EXIT_CANNOT_INSPECT;
                if (p->n_odd && (o->want_profile || o->against) && !o->json)
                        fprintf(stderr, "%s: warning: PID %d: %zu thread%s run%s "
                                        "other filters (e.g. thread %d); this "
                                        "is thread %d's\n",
                                program_name, (int)p->pid, p->n_odd,
                                p->n_odd == 1 ? "" : "s", p->n_odd == 1 ? "s" : "",
                                (int)p->odd[0].tid, (int)p->pid);
        }
        return ret;
}

/* --against: each readable process compared with the profile; the worst
 * status of all (worst: at least ret). */
static int against_all(struct procs *ps, const struct inspect_opts *o, int worst)
{
        bool first = true;
        if (o->json)
                fputs("[", stdout);
        for (size_t i = 0; i < ps->n; i++) {
                struct proc *p = &ps->items[i];
                if (p->status_err < 0 || p->filter_err < 0)
                        continue;
                if (o->json && !first)
                        fputs(",", stdout);
                first = false;
                int r = against(p, o->against, &o->to, o->json);
                if (r > worst)
                        worst = r;
        }
        if (o->json)
                fputs("]\n", stdout);
        return worst;
}

/* --json: an object per process, with its profile under --profile. */
static int json_all(struct procs *ps, const struct inspect_opts *o, int ret)
{
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "[");
        for (size_t i = 0; i < ps->n; i++) {
                struct proc *p = &ps->items[i];
                struct sc_decompile_result res = { 0 };
                if (o->want_profile && p->n) {
                        struct sc_filter_stack s = { p->run, p->n };
                        if (cli_decompile(&s, &o->to, o->auto_compat, &res) < 0)
                                ret = EXIT_CANNOT_INSPECT;
                }
                if (i)
                        strbuf_puts(&sb, ",");
                json_proc(&sb, p, o->disasm, &res);
                sc_decompile_result_clear(&res);
        }
        strbuf_puts(&sb, "]");
        puts(sb.buf);
        strbuf_clear(&sb);
        return ret;
}

/* --profile: one profile for processes that run the same filters. */
static int profile_of_all(struct procs *ps, const struct inspect_opts *o, int ret)
{
        struct proc *ref = NULL;
        for (size_t i = 0; i < ps->n; i++) {
                struct proc *p = &ps->items[i];
                if (p->status_err < 0 || p->filter_err < 0)
                        continue;
                if (p->st.mode != 2) {
                        cli_error("PID %d: %s", (int)p->pid,
                                  p->st.mode == 0 ? "no seccomp filter "
                                                    "(Unconfined): nothing "
                                                    "to decompile"
                                                  : "strict mode, not a filter");
                        ret = EXIT_CANNOT_INSPECT;
                        continue;
                }
                if (!ref) {
                        ref = p;
                } else if (!same_stack(ref, p)) {
                        cli_error("PID %d and PID %d run different filters; use "
                                  "--json for a profile per process",
                                  (int)ref->pid, (int)p->pid);
                        return EXIT_CANNOT_INSPECT;
                }
        }
        if (!ref)
                return ret;
        struct sc_filter_stack s = { ref->run, ref->n };
        struct sc_decompile_result res = { 0 };
        if (cli_decompile(&s, &o->to, o->auto_compat, &res) < 0 ||
            cli_add_runtime_calls("inspect", o->runtimes, false, &res.profile) < 0) {
                ret = EXIT_CANNOT_INSPECT;
        } else {
                _cleanup_free_ char *j = sc_profile_to_json(res.profile, SC_JSON_PRETTY);
                fputs(j, stdout);
                if (!endswith(j, "\n"))
                        putchar('\n');
        }
        sc_decompile_result_clear(&res);
        return ret;
}

int verb_inspect(int argc, char **argv)
{
        struct inspect_opts o = { .auto_compat = true };
        _cleanup_(procs_clear) struct procs ps = { 0 };
        int r;

        cli_target_opts_init(&o.to);
        r = parse_options(argc, argv, &o);
        if (r < 0)
                r = collect_pids(argc, argv, &o, &ps);
        if (r < 0) {
                r = load_procs(&ps, &o);
                if (o.against)
                        r = against_all(&ps, &o, r);
                else if (o.json)
                        r = json_all(&ps, &o, r);
                else if (o.want_profile)
                        r = profile_of_all(&ps, &o, r);
                else
                        for (size_t i = 0; i < ps.n; i++)
                                human_proc(&ps.items[i], o.disasm);
        }
        cli_target_opts_clear(&o.to);
        return r;
}
