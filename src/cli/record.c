/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl record: run a command under the eBPF recorder (or, where it
 * cannot run, the ptrace recorder) and write the profile that lets that run
 * proceed. */
#include <getopt.h>
#include <sys/stat.h>

#include "cli.h"
#include "bpf.h"
#include "ebpf.h"
#include "fileio.h"
#include "merge.h"
#include "recorder.h"
#include "syscalls.h"
#include "tracer.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s record [OPTIONS] [--] CMD [ARGS...]\n"
               "\n"
               "Run CMD, following every fork, vfork, clone (threads) and exec, and\n"
               "write the allow-list profile that lets this run proceed:\n"
               "defaultAction SCMP_ACT_ERRNO, the architectures seen (i386 code on\n"
               "x86_64 is recorded as SCMP_ARCH_X86, x32 numbers as SCMP_ARCH_X32),\n"
               "and one SCMP_ACT_ALLOW rule with every syscall made from execve on,\n"
               "the dynamic loader's own calls included.\n"
               "\n"
               "Two methods record the same profile:\n"
               "  ebpf    (the default where it can run) a BPF program on the kernel's\n"
               "          sys_enter tracepoint notes each distinct syscall of CMD and\n"
               "          its descendants in a map; CMD runs at nearly full speed.\n"
               "          Needs root (CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN), the\n"
               "          kernel's BTF (/sys/kernel/btf/vmlinux) and an x86_64 build.\n"
               "          Where any of these is missing, record says why in one line\n"
               "          and uses ptrace.\n"
               "  ptrace  a seccomp filter returning SECCOMP_RET_TRACE stops CMD on\n"
               "          every syscall (ptrace(PTRACE_O_TRACESECCOMP)); 30x slower on\n"
               "          a syscall-bound workload, but needs no privileges beyond\n"
               "          tracing one's own child (no_new_privs is set when the caller\n"
               "          lacks CAP_SYS_ADMIN, so setuid programs then run without\n"
               "          their privileges).  Tasks created with CLONE_UNTRACED escape\n"
               "          the tracer but keep the filter, so their syscalls fail with\n"
               "          ENOSYS (LeakSanitizer's stop-the-world thread is one: record\n"
               "          ASan builds with ASAN_OPTIONS=detect_leaks=0).\n"
               "\n"
               "Ctrl-C goes to CMD; the profile is still written when CMD ends.\n"
               "SIGTERM and SIGHUP sent to %s are passed on.  It waits until\n"
               "every process it follows has exited: a daemon that detaches from CMD\n"
               "is still followed.\n"
               "\n"
               "Options:\n"
               "  -o, --output PROFILE  write the profile here (atomically) instead of\n"
               "                        standard output (\"-\": standard output; a\n"
               "                        device or FIFO is written in place)\n"
               "  --base PROFILE        start from this profile: the tracee stops only\n"
               "                        on calls that fall to the base's default\n"
               "                        action; its explicit rules apply as they will\n"
               "                        in production (clone3 -> ENOSYS stays, and the\n"
               "                        clone fallback is recorded).  The result is the\n"
               "                        union of the base and what was recorded\n"
               "  --args SYSCALLS       record argument values for these syscalls and\n"
               "                        emit exact SCMP_CMP_EQ conditions instead of\n"
               "                        allowing them outright; a comma-separated list\n"
               "                        of NAME[:I[:I...]] (argument indexes, default 0),\n"
               "                        e.g. personality,socket:0:1,clone.  More than\n"
               "                        %u distinct values fall back to an unconditional\n"
               "                        rule (reported)\n"
               "  --method ebpf|ptrace  the recording method (default: ebpf where it\n"
               "                        can run, else ptrace, saying why); an explicit\n"
               "                        ebpf fails when it cannot run\n"
               CLI_RUNTIME_HELP
               "  -q, --quiet           no summary on standard error\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit status:\n"
               "  CMD's exit status (128+N when it was killed by signal N); 127 when CMD\n"
               "  could not be found, 126 when it could not be executed; 1 when CMD\n"
               "  succeeded but the profile could not be written, recording failed, or\n"
               "  the eBPF recorder's maps overflowed (the profile may be incomplete);\n"
               "  2 usage error.\n"
               "\n"
               "Examples:\n"
               "  %s record -o ls.json -- ls -l /\n"
               "  %s record --method ptrace -o ls.json -- ls -l /\n"
               "  %s record -o srv.json --args socket,personality -- ./http-echo\n"
               "  %s record --base srv.json -o srv2.json -- ./http-echo --new-flag\n"
               "  %s record --runtime none -o ls.json -- ls -l /\n"
               "  %s run --profile ls.json -- ls -l /\n",
               program_name, program_name, SC_RECORDER_MAX_VALUES, program_name,
               program_name, program_name, program_name, program_name, program_name,
               program_name);
}

struct record_ctx {
        struct sc_recorder *rec;
};

static void on_event(const struct sc_trace_event *ev, void *userdata)
{
        struct record_ctx *c = userdata;
        sc_recorder_add(c->rec, ev->arch, ev->nr, ev->args, SC_RET_TRACE);
}

static bool lets_through(enum sc_action a)
{
        return a == SC_ACT_ALLOW || a == SC_ACT_LOG;
}

/* The base profile with its default action, when that does not let the
 * call through, turned into TRACE, compiled: the tracee stops only on what
 * the base has no rule for.  The base's explicit rules keep their
 * verdicts, so the run sees what production will (clone3 -> ENOSYS makes
 * glibc fall back to clone, and clone is what gets recorded).  Calls on
 * arches the base does not list are traced too, not killed. */
static int base_filter(const struct sc_profile *base, bool ebpf,
                       struct sock_fprog *ret, void **ret_mem)
{
        _cleanup_(sc_profile_freep) struct sc_profile *t = sc_profile_dup(base);
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        struct sc_diags diags = {};
        struct sc_compile_opts o;
        int r;

        /* With eBPF the filter only has to let the rest through: the
         * tracepoint sees every call the filter allows. */
        if (!lets_through(t->default_action)) {
                t->default_action = ebpf ? SC_ACT_ALLOW : SC_ACT_TRACE;
                t->has_default_errno = false;
                t->default_errno_ret = 0;
        }
        sc_compile_opts_init(&o, sc_arch_native());
        o.bad_arch_set = true;
        o.bad_arch_ret = ebpf ? SC_RET_ALLOW : SC_RET_TRACE;
        r = sc_compile(t, &o, &diags, &f);
        if (r < 0)
                cli_print_diags(&diags);
        sc_diags_clear(&diags);
        if (r < 0)
                return r;
        ret->len = (unsigned short)f->n;
        ret->filter = (struct sock_filter *)f->insns;
        *ret_mem = TAKE_PTR(f->insns);
        return 0;
}

static void report(const struct sc_recorder *rec,
                   const struct sc_tracer_stats *st, const char *method,
                   const char *out)
{
        _cleanup_free_ const struct sc_recorder_entry **v = NULL;
        size_t n = sc_recorder_entries(rec, &v), named = 0;

        for (size_t i = 0; i < n; i++) {
                if (v[i]->name) {
                        named++;
                        if (v[i]->values_overflow && v[i]->track_mask)
                                fprintf(stderr,
                                        "%s: record: %s: more than %u distinct argument values, allowed without conditions\n",
                                        program_name, v[i]->name,
                                        SC_RECORDER_MAX_VALUES);
                } else {
                        fprintf(stderr,
                                "%s: record: warning: syscall %lld on arch 0x%08x has no name and cannot be written in the profile\n",
                                program_name, (long long)v[i]->nr,
                                v[i]->audit_arch);
                }
        }
        if (sc_recorder_dropped(rec))
                fprintf(stderr,
                        "%s: record: warning: %llu more calls of unnamed numbers past the first %u not listed\n",
                        program_name, (unsigned long long)sc_recorder_dropped(rec),
                        SC_RECORDER_MAX_UNNAMED);
        fprintf(stderr,
                "%s: record: %llu syscalls traced, %zu distinct, %llu %s, %llu %s (method %s); profile written to %s\n",
                program_name, (unsigned long long)sc_recorder_total(rec), named,
                (unsigned long long)st->processes,
                streq(method, "ebpf") ? "processes" : "tasks",
                (unsigned long long)st->execs,
                streq(method, "ebpf") ? "execve calls" : "execs", method,
                out ? out : "standard output");
}

/* --args on the eBPF path: the kernel keeps the distinct tuples of the
 * picked syscalls, for every arch this machine can run. */
static int ebpf_pick_args(struct sc_ebpf *e, const struct sc_recorder *rec)
{
        static const enum sc_arch arches[] = { SC_ARCH_X86_64, SC_ARCH_X32,
                                               SC_ARCH_X86 };
        const char *name;
        uint32_t mask;
        size_t i = 0;

        while (sc_recorder_tracked_next(rec, &i, &name, &mask))
                for (size_t a = 0; a < ELEMENTSOF(arches); a++) {
                        const struct sc_arch_info *info = sc_arch_info(arches[a]);
                        uint32_t nr;
                        if (sc_syscall_resolve(arches[a], name, &nr) < 0)
                                continue;
                        int r = sc_ebpf_pick_args(e, info->audit_arch,
                                                  nr + info->nr_offset, mask);
                        if (r < 0)
                                return r;
                }
        return 0;
}

struct collect {
        struct sc_recorder *rec;
        bool args_lost;
};

static void on_argkey(const struct sc_bpf_argkey *k, void *ud)
{
        struct collect *c = ud;
        sc_recorder_add_n(c->rec, k->key.arch, (int64_t)(int32_t)k->key.nr,
                          (const uint64_t *)k->args, SC_RET_ALLOW, 0);
}

static void on_key(const struct sc_bpf_key *k, uint64_t count, void *ud)
{
        struct collect *c = ud;
        /* The number as the kernel dispatched on it, sign-extended as
         * the ptrace recorder does with seccomp_data.nr. */
        int64_t nr = (int64_t)(int32_t)k->nr;
        if (c->args_lost)
                /* Some tuples were not stored: no exact conditions. */
                sc_recorder_add_n(c->rec, k->arch, nr, NULL, SC_RET_ALLOW, count);
        else
                sc_recorder_count(c->rec, k->arch, nr, SC_RET_ALLOW, count);
}

static const char *const counter_what[SC_BPF_N_COUNTERS] = {
        [SC_BPF_LOST_SYSCALLS] = "syscalls not stored (map full)",
        [SC_BPF_LOST_ARGS] = "argument tuples not stored (map full): those syscalls are allowed without conditions",
        [SC_BPF_LOST_TGIDS] = "child processes not followed (map full)",
        [SC_BPF_LOST_CGINFO] = "cgroup names not stored",
        [SC_BPF_LOST_NEWS] = "ring-buffer messages dropped",
};

int cli_ebpf_collect(struct sc_ebpf *e, struct sc_recorder *rec,
                     const char *verb, uint64_t *ret_execs)
{
        struct collect c = { .rec = rec };
        uint64_t lost[SC_BPF_N_COUNTERS] = {};
        int r, bad = 0;

        r = sc_ebpf_counters(e, lost);
        if (r < 0)
                return r;
        c.args_lost = lost[SC_BPF_LOST_ARGS] > 0;
        if (!c.args_lost) {
                r = sc_ebpf_scan_args(e, on_argkey, &c);
                if (r < 0)
                        return r;
        }
        r = sc_ebpf_scan(e, on_key, &c);
        if (r < 0)
                return r;
        /* The maps are read, not the ring buffer: dropped messages and
         * cgroup names lose nothing here. */
        for (size_t i = 0; i < SC_BPF_N_COUNTERS; i++) {
                if (!lost[i] || i == SC_BPF_LOST_NEWS || i == SC_BPF_LOST_CGINFO ||
                    i == SC_BPF_FOLLOWED)
                        continue;
                fprintf(stderr, "%s: %s: warning: %llu %s\n", program_name, verb,
                        (unsigned long long)lost[i], counter_what[i]);
                if (i != SC_BPF_LOST_ARGS)
                        bad = 1;
        }
        if (ret_execs) {
                _cleanup_free_ const struct sc_recorder_entry **v = NULL;
                size_t n = sc_recorder_entries(rec, &v);
                *ret_execs = 0;
                for (size_t i = 0; i < n; i++)
                        if (v[i]->name && (streq(v[i]->name, "execve") ||
                                           streq(v[i]->name, "execveat")))
                                *ret_execs += v[i]->count;
        }
        return bad;
}

/* Run argv under the eBPF recorder; the profile goes into rec.  Returns
 * 0, 1 when something was lost (said on stderr), or -errno. */
static int record_ebpf(struct sc_ebpf *e, char **argv,
                       const struct sock_fprog *filter,
                       struct sc_recorder *rec, int *ret_status,
                       struct sc_tracer_stats *ret_stats)
{
        int r = sc_ebpf_run(e, argv, filter, ret_status);
        if (r < 0)
                return r;
        r = cli_ebpf_collect(e, rec, "record", &ret_stats->execs);
        ret_stats->processes = sc_ebpf_n_tgids(e);
        return r;
}

enum method { METHOD_AUTO, METHOD_EBPF, METHOD_PTRACE };

struct record_opts {
        const char *out;         /* NULL: standard output */
        const char *base_path;
        unsigned runtimes;
        enum method method;
        bool quiet;
};

/* false when record is to exit now, with *ret_exit (0 after --help,
 * EXIT_USAGE after an error, said).  --args goes into rec. */
static bool parse_options(int argc, char **argv, struct record_opts *o,
                          struct sc_recorder *rec, int *ret_exit)
{
        enum { OPT_BASE = 256, OPT_ARGS, OPT_RUNTIME, OPT_METHOD };
        static const struct option options[] = {
                { "output", required_argument, NULL, 'o' },
                { "method", required_argument, NULL, OPT_METHOD },
                { "base", required_argument, NULL, OPT_BASE },
                { "args", required_argument, NULL, OPT_ARGS },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c, r;

        *ret_exit = EXIT_USAGE;
        optind = 0;
        /* "+": options end at CMD, so "record ls -l" needs no "--". */
        while ((c = getopt_long(argc, argv, "+o:qh", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        o->out = optarg;
                        break;
                case OPT_BASE:
                        o->base_path = optarg;
                        break;
                case OPT_ARGS: {
                        const char *bad = NULL;
                        r = sc_recorder_parse_args_spec(rec, optarg, &bad);
                        if (r < 0) {
                                cli_error("record: --args: %s '%s'",
                                          r == -ENOENT ? "unknown syscall in"
                                                       : "bad item",
                                          bad ? bad : optarg);
                                return false;
                        }
                        break;
                }
                case OPT_RUNTIME:
                        if (cli_runtime_parse("record", CLI_RUNTIME_CALLS, optarg,
                                              &o->runtimes) < 0)
                                return false;
                        break;
                case OPT_METHOD:
                        if (streq(optarg, "ebpf"))
                                o->method = METHOD_EBPF;
                        else if (streq(optarg, "ptrace"))
                                o->method = METHOD_PTRACE;
                        else {
                                cli_error("record: --method: '%s' is not ebpf or ptrace",
                                          optarg);
                                return false;
                        }
                        break;
                case 'q':
                        o->quiet = true;
                        break;
                case 'h':
                        help();
                        *ret_exit = 0;
                        return false;
                default:
                        return false;
                }
        if (optind >= argc) {
                cli_error("record: no command given (see '%s record --help')",
                          program_name);
                return false;
        }
        if (o->out && streq(o->out, "-"))
                o->out = NULL; /* standard output, as everywhere */
        return true;
}

/* The eBPF recorder, unless ptrace was asked for: NULL in *ret when it
 * cannot run and ptrace will do (said).  0, or -errno when eBPF was asked
 * for and cannot run (said). */
static int open_ebpf(enum method method, const struct sc_recorder *rec,
                     struct sc_ebpf **ret)
{
        struct sc_ebpf_opts eo = {
                .mode = SC_BPF_MODE_TGIDS,
                .count_calls = true,
        };
        const char *tname, *why = "";
        uint32_t tmask;
        size_t ti = 0;
        int r;

        *ret = NULL;
        if (method == METHOD_PTRACE)
                return 0;
        eo.want_args = sc_recorder_tracked_next(rec, &ti, &tname, &tmask);
        r = sc_ebpf_open(&eo, ret, &why);
        if (r >= 0 && eo.want_args)
                r = ebpf_pick_args(*ret, rec);
        if (r >= 0)
                return 0;
        sc_ebpf_free(TAKE_PTR(*ret));
        if (method == METHOD_EBPF) {
                cli_error_errno(r, "record: the eBPF recorder cannot run: %s", why);
                return r;
        }
        /* Loud: the workload will run ~30x slower. */
        fprintf(stderr, "%s: record: warning: eBPF recorder unavailable (%s); "
                "recording with ptrace, which stops the workload on every syscall\n",
                program_name, why);
        return 0;
}

/* --base: the profile, and the filter the workload runs under. */
static int load_base(const char *path, bool ebpf, struct sc_profile **ret,
                     struct sock_fprog *ret_prog, void **ret_mem)
{
        _cleanup_(cli_target_opts_clear) struct cli_target_opts t;
        cli_target_opts_init(&t);
        int r = cli_load_resolved(path, &t, ret);
        if (r < 0)
                return r;
        r = base_filter(*ret, ebpf, ret_prog, ret_mem);
        if (r < 0)
                cli_error_errno(r, "record: cannot compile the base profile %s", path);
        return r;
}

/* What was recorded (merged with the base), with the runtime's own calls,
 * to o->out.  0, or -errno (said). */
static int write_profile(const struct record_opts *o, const struct sc_recorder *rec,
                         const struct sc_profile *base)
{
        _cleanup_(sc_profile_freep) struct sc_profile *prof = sc_recorder_profile(rec);
        _cleanup_free_ char *json = NULL;
        int r;

        if (base) {
                const struct sc_profile *both[] = { base, prof };
                struct sc_profile *m = NULL;
                r = sc_profile_merge(both, 2, &m);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot merge with the base");
                        return r;
                }
                sc_profile_free(prof);
                prof = m;
        }
        /* The runtime's own calls between loading the filter and starting
         * CMD never reach the tracer: without them the container does not
         * start. */
        r = cli_add_runtime_calls("record", o->runtimes, o->quiet, &prof);
        if (r < 0)
                return r;
        json = sc_profile_to_json(prof, SC_JSON_PRETTY);
        r = cli_write_output("record", o->out, json);
        /* Before the summary on stderr. */
        fflush(stdout);
        return r;
}

int verb_record(int argc, char **argv)
{
        _cleanup_(sc_recorder_freep) struct sc_recorder *rec = sc_recorder_new();
        _cleanup_(sc_profile_freep) struct sc_profile *base = NULL;
        _cleanup_free_ void *filter_mem = NULL;
        _cleanup_(sc_ebpf_freep) struct sc_ebpf *ebpf = NULL;
        struct record_opts o = { .runtimes = CLI_RUNTIME_DEFAULT };
        struct sc_tracer_stats stats = {};
        struct sock_fprog base_prog = {};
        struct record_ctx ctx = { .rec = rec };
        struct sc_tracer_opts topts = { .cb = on_event, .userdata = &ctx };
        int r, status, lost = 0;

        if (!parse_options(argc, argv, &o, rec, &r))
                return r;
        if (o.out) {
                /* Before the workload runs, not after it has run to its end. */
                r = check_output_path(o.out);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot write %s", o.out);
                        return 1;
                }
        }
        if (open_ebpf(o.method, rec, &ebpf) < 0)
                return 1;
        if (o.base_path) {
                if (load_base(o.base_path, ebpf != NULL, &base, &base_prog, &filter_mem) < 0)
                        return 1;
                topts.filter = &base_prog;
        }

        if (ebpf) {
                r = record_ebpf(ebpf, argv + optind, base ? &base_prog : NULL,
                                rec, &status, &stats);
                lost = r > 0;
        } else {
                r = sc_tracer_run(argv + optind, &topts, &status, &stats);
        }
        if (r < 0) {
                cli_error_errno(r, "record: recording %s failed", argv[optind]);
                return 1;
        }

        if (write_profile(&o, rec, base) < 0)
                return status ? status : 1;
        if (!o.quiet)
                report(rec, &stats, ebpf ? "ebpf" : "ptrace", o.out);
        if (lost)
                cli_error("record: the eBPF recorder lost events: the profile may be incomplete");
        return status ? status : lost;
}
