/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl record: run a command under the ptrace recorder and write the
 * profile that lets that run proceed. */
#include <getopt.h>
#include <sys/stat.h>

#include "cli.h"
#include "bpf.h"
#include "fileio.h"
#include "merge.h"
#include "recorder.h"
#include "tracer.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s record [OPTIONS] [--] CMD [ARGS...]\n"
               "\n"
               "Run CMD under a seccomp filter that returns SECCOMP_RET_TRACE for every\n"
               "syscall, with ptrace(PTRACE_O_TRACESECCOMP), following every fork,\n"
               "vfork, clone (threads) and exec, and write the allow-list profile that\n"
               "lets this run proceed: defaultAction SCMP_ACT_ERRNO, the architectures\n"
               "seen (i386 code on x86_64 is recorded as SCMP_ARCH_X86), and one\n"
               "SCMP_ACT_ALLOW rule with every syscall made from the moment the filter\n"
               "is installed, execve and the dynamic loader's own calls included.\n"
               "\n"
               "Needs no privileges beyond tracing one's own child (no_new_privs is set\n"
               "when the caller lacks CAP_SYS_ADMIN, so setuid programs then run\n"
               "without their privileges).  Ctrl-C goes to CMD; the profile is still\n"
               "written when CMD ends.  SIGTERM and SIGHUP sent to %s are\n"
               "passed on.  It waits until every process it follows has exited: a\n"
               "daemon that detaches from CMD is still followed.  Tasks created with\n"
               "CLONE_UNTRACED escape the tracer but keep the filter, so their\n"
               "syscalls fail with ENOSYS (LeakSanitizer's stop-the-world thread is\n"
               "one: record ASan builds with ASAN_OPTIONS=detect_leaks=0).\n"
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
               CLI_RUNTIME_HELP
               "  -q, --quiet           no summary on standard error\n"
               "  -h, --help            show this help\n"
               "\n"
               "Exit status:\n"
               "  CMD's exit status (128+N when it was killed by signal N); 127 when CMD\n"
               "  could not be found, 126 when it could not be executed; 1 when CMD\n"
               "  succeeded but the profile could not be written or tracing failed;\n"
               "  2 usage error.\n"
               "\n"
               "Examples:\n"
               "  %s record -o ls.json -- ls -l /\n"
               "  %s record -o srv.json --args socket,personality -- ./http-echo\n"
               "  %s record --base srv.json -o srv2.json -- ./http-echo --new-flag\n"
               "  %s record --runtime none -o ls.json -- ls -l /\n"
               "  %s run --profile ls.json -- ls -l /\n",
               program_name, program_name, SC_RECORDER_MAX_VALUES, program_name,
               program_name, program_name, program_name, program_name, program_name);
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
static int base_filter(const struct sc_profile *base, struct sock_fprog *ret,
                       void **ret_mem)
{
        _cleanup_(sc_profile_freep) struct sc_profile *t = sc_profile_dup(base);
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        struct sc_diags diags = {};
        struct sc_compile_opts o;
        int r;

        if (!lets_through(t->default_action)) {
                t->default_action = SC_ACT_TRACE;
                t->has_default_errno = false;
                t->default_errno_ret = 0;
        }
        sc_compile_opts_init(&o, sc_arch_native());
        o.bad_arch_set = true;
        o.bad_arch_ret = SC_RET_TRACE;
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
                   const struct sc_tracer_stats *st, const char *out)
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
                "%s: record: %llu syscalls traced, %zu distinct, %llu tasks, %llu execs; profile written to %s\n",
                program_name, (unsigned long long)sc_recorder_total(rec), named,
                (unsigned long long)st->processes,
                (unsigned long long)st->execs, out ? out : "standard output");
}

int verb_record(int argc, char **argv)
{
        enum { OPT_BASE = 256, OPT_ARGS, OPT_RUNTIME };
        static const struct option options[] = {
                { "output", required_argument, NULL, 'o' },
                { "base", required_argument, NULL, OPT_BASE },
                { "args", required_argument, NULL, OPT_ARGS },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        _cleanup_(sc_recorder_freep) struct sc_recorder *rec = sc_recorder_new();
        _cleanup_(sc_profile_freep) struct sc_profile *base = NULL, *prof = NULL;
        _cleanup_free_ char *json = NULL;
        _cleanup_free_ void *filter_mem = NULL;
        const char *out = NULL, *base_path = NULL;
        struct sc_tracer_stats stats = {};
        struct sock_fprog base_prog = {};
        struct record_ctx ctx = { .rec = rec };
        struct sc_tracer_opts topts = { .cb = on_event, .userdata = &ctx };
        unsigned runtimes = CLI_RUNTIME_DEFAULT;
        bool quiet = false;
        int c, r, status;

        optind = 0;
        /* "+": options end at CMD, so "record ls -l" needs no "--". */
        while ((c = getopt_long(argc, argv, "+o:qh", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        out = optarg;
                        break;
                case OPT_BASE:
                        base_path = optarg;
                        break;
                case OPT_ARGS: {
                        const char *bad = NULL;
                        r = sc_recorder_parse_args_spec(rec, optarg, &bad);
                        if (r < 0) {
                                cli_error("record: --args: %s '%s'",
                                          r == -ENOENT ? "unknown syscall in"
                                                       : "bad item",
                                          bad ? bad : optarg);
                                return EXIT_USAGE;
                        }
                        break;
                }
                case OPT_RUNTIME:
                        if (cli_runtime_opt("record", optarg, &runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case 'q':
                        quiet = true;
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        if (optind >= argc) {
                cli_error("record: no command given (see '%s record --help')",
                          program_name);
                return EXIT_USAGE;
        }

        if (out && streq(out, "-"))
                out = NULL; /* standard output, as everywhere */
        if (out) {
                /* Before the workload runs, not after it has run to its end. */
                r = check_output_path(out);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot write %s", out);
                        return 1;
                }
        }

        if (base_path) {
                struct cli_target_opts t;
                cli_target_opts_init(&t);
                r = cli_load_resolved(base_path, &t, &base);
                cli_target_opts_free(&t);
                if (r < 0)
                        return 1;
                r = base_filter(base, &base_prog, &filter_mem);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot compile the base profile %s",
                                        base_path);
                        return 1;
                }
                topts.filter = &base_prog;
        }

        r = sc_tracer_run(argv + optind, &topts, &status, &stats);
        if (r < 0) {
                cli_error_errno(r, "record: tracing %s failed", argv[optind]);
                return 1;
        }

        prof = sc_recorder_profile(rec);
        if (base) {
                const struct sc_profile *both[] = { base, prof };
                struct sc_profile *m = NULL;
                r = sc_profile_merge(both, 2, &m);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot merge with the base");
                        return status ? status : 1;
                }
                sc_profile_free(prof);
                prof = m;
        }
        /* The runtime's own calls between loading the filter and starting
         * CMD never reach the tracer: without them the container does not
         * start. */
        if (cli_add_runtime_calls("record", runtimes, quiet, &prof) < 0)
                return status ? status : 1;
        json = sc_profile_to_json(prof, SC_JSON_PRETTY);
        if (out) {
                r = write_file_atomic(out, json, strlen(json), 0644);
                if (r < 0) {
                        cli_error_errno(r, "record: cannot write %s", out);
                        return status ? status : 1;
                }
        } else {
                fputs(json, stdout);
                fflush(stdout);
        }
        if (!quiet)
                report(rec, &stats, out);
        return status;
}
