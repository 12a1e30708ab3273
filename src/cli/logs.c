/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl logs: the tutorial's SCMP_ACT_LOG workflow, automated: read
 * kernel seccomp audit records from logs, summarise them per process and
 * write the allow-list profile they imply. */
#include <getopt.h>
#include <inttypes.h>

#include "auditlog.h"
#include "cli.h"
#include "fileio.h"
#include "recorder.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s logs [OPTIONS] [FILE...]\n"
               "\n"
               "Read kernel seccomp audit records (AUDIT_SECCOMP, type 1326) from FILEs\n"
               "(standard input when none or \"-\") in every form they take:\n"
               "  dmesg / syslog / journal:\n"
               "    ... kernel: audit: type=1326 audit(1594067860.484:14536): ... pid=29064\n"
               "    comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e syscall=51 ...\n"
               "    code=0x7ffc0000\n"
               "  auditd (/var/log/audit/audit.log):\n"
               "    type=SECCOMP msg=audit(...): ... comm=6874... exe=2F68... (hex when\n"
               "    the value has spaces or unusual bytes) ...\n"
               "Other lines are ignored; lines that claim to be seccomp records but do\n"
               "not parse are counted and reported, never fatal.\n"
               "\n"
               "arch + syscall are mapped to names with the syscall tables (x32 numbers\n"
               "by their 0x40000000 bit).  The summary lists, per process (pid, comm,\n"
               "exe), each syscall with its count and the action the filter returned\n"
               "(from code=, errno included: SCMP_ACT_ERRNO(1)).  With -o, the records\n"
               "that passed the filters become an allow-list profile: defaultAction\n"
               "SCMP_ACT_ERRNO, the architectures seen, one SCMP_ACT_ALLOW rule with\n"
               "every syscall seen, whatever the filter answered.\n"
               "\n"
               "Note: without auditd, the kernel's printk rate limit (10 lines per 5 s)\n"
               "drops most records from dmesg and syslog; '%s watch' reads the\n"
               "audit netlink group instead and loses nothing.\n"
               "\n"
               "Options:\n"
               "  --comm NAME       only records of processes with this comm\n"
               "  --exe PATH        only records with this exe\n"
               "  --pid PID         only records of this pid\n"
               "  --json            print the summary as JSON:\n"
               "                    {\"records\", \"malformed\", \"filtered\",\n"
               "                     \"processes\": [{\"pid\", \"comm\", \"exe\",\n"
               "                     \"syscalls\": [{\"name\", \"arch\", \"nr\", \"count\",\n"
               "                     \"actions\"}]}]}; actions as above\n"
               "                    (\"SCMP_ACT_ERRNO(1)\")\n"
               "  -o, --output PROFILE  write the profile (atomically; \"-\" for\n"
               "                    standard output, the summary then goes to stderr)\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status:\n"
               "  0  records were read (malformed lines alone do not fail)\n"
               "  1  a file could not be read, the profile could not be written, or\n"
               "     -o was given and no record matched (no empty profile is written)\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  dmesg | %s logs --comm http-echo -o http-echo.json\n"
               "  %s logs --json /var/log/syslog\n"
               "  ausearch -m SECCOMP --raw | %s logs --exe /usr/bin/nginx -o nginx.json\n",
               program_name, program_name, program_name, program_name,
               program_name);
}

struct proc {
        uint32_t pid;
        char *comm, *exe;
        struct sc_recorder *rec;
};

struct logs {
        const char *comm, *exe;
        bool has_pid;
        uint32_t pid;
        struct proc *procs;
        size_t n_procs, alloc_procs;
        struct sc_recorder *all;
        uint64_t records, malformed, filtered;
        /* The first few malformed lines, for the report. */
        char *bad[5];
        size_t n_bad;
};

static struct proc *proc_for(struct logs *l, const struct sc_audit_record *a)
{
        for (size_t i = 0; i < l->n_procs; i++) {
                struct proc *p = &l->procs[i];
                if (p->pid == a->pid && streq(p->comm, a->comm) &&
                    streq(p->exe, a->exe))
                        return p;
        }
        GROW(l->procs, l->n_procs, l->alloc_procs);
        l->procs[l->n_procs] = (struct proc){
                .pid = a->pid,
                .comm = xstrdup(a->comm),
                .exe = xstrdup(a->exe),
                .rec = sc_recorder_new(),
        };
        return &l->procs[l->n_procs++];
}

static void one_line(struct logs *l, const char *file, size_t lineno,
                     const char *line, size_t len)
{
        struct sc_audit_record a;
        int r = sc_audit_parse_line(line, len, &a);

        if (r == -ENOMSG)
                return;
        if (r < 0) {
                l->malformed++;
                if (l->n_bad < ELEMENTSOF(l->bad))
                        l->bad[l->n_bad++] = xasprintf("%s:%zu", file, lineno);
                return;
        }
        if ((l->comm && !streq(l->comm, a.comm)) ||
            (l->exe && !streq(l->exe, a.exe)) ||
            (l->has_pid && l->pid != a.pid)) {
                l->filtered++;
                return;
        }
        l->records++;
        sc_recorder_add(proc_for(l, &a)->rec, a.arch, a.syscall, NULL, a.code);
        sc_recorder_add(l->all, a.arch, a.syscall, NULL, a.code);
}

static int read_stream(struct logs *l, const char *path)
{
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ char *line = NULL;
        FILE *in = stdin;
        size_t alloc = 0, lineno = 0;
        const char *name = streq(path, "-") ? "<stdin>" : path;
        ssize_t n;

        if (!streq(path, "-")) {
                f = fopen(path, "re");
                if (!f)
                        return -errno;
                in = f;
        }
        while ((n = getline(&line, &alloc, in)) >= 0) {
                lineno++;
                one_line(l, name, lineno, line, (size_t)n);
        }
        return ferror(in) ? -EIO : 0;
}

/* What the filter answered, from the records' code= values:
 * "SCMP_ACT_ERRNO(1),SCMP_ACT_LOG". */
static void actions_str(const struct sc_recorder_entry *e, struct strbuf *sb,
                        bool json)
{
        for (size_t i = 0; i < e->n_codes; i++) {
                _cleanup_free_ char *d = sc_ret_describe(e->codes[i]);
                if (i)
                        strbuf_putc(sb, ',');
                if (json)
                        strbuf_json_string(sb, d);
                else
                        strbuf_puts(sb, d);
        }
}

/* comm and exe are chosen by the workload (prctl(PR_SET_NAME), the file
 * name it was started from): quote them C-style so an ESC sequence cannot
 * rewrite the operator's terminal and a newline cannot forge a summary
 * line.  Bytes outside printable ASCII become \xNN. */
static char *escape_text(const char *s)
{
        struct strbuf sb = {};
        static const char named[][2] = { { '\n', 'n' }, { '\t', 't' },
                                         { '\r', 'r' }, { '\\', '\\' },
                                         { '"', '"' } };

        strbuf_puts(&sb, "");
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                bool done = false;
                for (size_t i = 0; i < ELEMENTSOF(named) && !done; i++)
                        if (*p == (unsigned char)named[i][0]) {
                                strbuf_putc(&sb, '\\');
                                strbuf_putc(&sb, named[i][1]);
                                done = true;
                        }
                if (done)
                        continue;
                if (*p >= 0x20 && *p < 0x7f)
                        strbuf_putc(&sb, (char)*p);
                else
                        strbuf_printf(&sb, "\\x%02x", *p);
        }
        return strbuf_steal(&sb);
}

static const char *arch_label(const struct sc_recorder_entry *e)
{
        return e->arch == SC_ARCH_INVALID ? "?" : sc_arch_info(e->arch)->name;
}

static void print_human(const struct logs *l, FILE *f)
{
        for (size_t i = 0; i < l->n_procs; i++) {
                const struct proc *p = &l->procs[i];
                _cleanup_free_ const struct sc_recorder_entry **v = NULL;
                size_t n = sc_recorder_entries(p->rec, &v);

                _cleanup_free_ char *comm = escape_text(p->comm);
                _cleanup_free_ char *exe = escape_text(p->exe);
                fprintf(f, "%spid %" PRIu32 " comm \"%s\" exe \"%s\": %llu records\n",
                        i ? "\n" : "", p->pid, comm, exe,
                        (unsigned long long)sc_recorder_total(p->rec));
                fprintf(f, "  %-24s %-8s %8s  %s\n", "SYSCALL", "ARCH", "COUNT",
                        "ACTION");
                for (size_t k = 0; k < n; k++) {
                        struct strbuf sb = {};
                        _cleanup_free_ char *unnamed = NULL;
                        actions_str(v[k], &sb, false);
                        if (!v[k]->name)
                                unnamed = xasprintf("#%lld", (long long)v[k]->nr);
                        fprintf(f, "  %-24s %-8s %8llu  %s\n",
                                v[k]->name ? v[k]->name : unnamed,
                                arch_label(v[k]),
                                (unsigned long long)v[k]->count,
                                sb.buf ? sb.buf : "");
                        strbuf_free(&sb);
                }
        }
        fprintf(f, "%s%llu seccomp records, %zu processes, %zu distinct syscalls",
                l->n_procs ? "\n" : "", (unsigned long long)l->records,
                l->n_procs, sc_recorder_distinct(l->all));
        if (l->filtered)
                fprintf(f, ", %llu filtered out", (unsigned long long)l->filtered);
        fprintf(f, ", %llu malformed\n", (unsigned long long)l->malformed);
}

static void print_json(const struct logs *l, FILE *f)
{
        struct strbuf sb = {};

        strbuf_printf(&sb, "{\"records\":%llu,\"malformed\":%llu,\"filtered\":%llu,\"processes\":[",
                      (unsigned long long)l->records,
                      (unsigned long long)l->malformed,
                      (unsigned long long)l->filtered);
        for (size_t i = 0; i < l->n_procs; i++) {
                const struct proc *p = &l->procs[i];
                _cleanup_free_ const struct sc_recorder_entry **v = NULL;
                size_t n = sc_recorder_entries(p->rec, &v);

                strbuf_printf(&sb, "%s{\"pid\":%" PRIu32 ",\"comm\":", i ? "," : "",
                              p->pid);
                strbuf_json_string(&sb, p->comm);
                strbuf_puts(&sb, ",\"exe\":");
                strbuf_json_string(&sb, p->exe);
                strbuf_puts(&sb, ",\"syscalls\":[");
                for (size_t k = 0; k < n; k++) {
                        strbuf_puts(&sb, k ? ",{\"name\":" : "{\"name\":");
                        if (v[k]->name)
                                strbuf_json_string(&sb, v[k]->name);
                        else
                                strbuf_puts(&sb, "null");
                        strbuf_puts(&sb, ",\"arch\":");
                        if (v[k]->arch != SC_ARCH_INVALID)
                                strbuf_json_string(&sb, sc_arch_info(v[k]->arch)->scmp_name);
                        else
                                strbuf_puts(&sb, "null");
                        strbuf_printf(&sb, ",\"nr\":%lld,\"count\":%llu,\"actions\":[",
                                      (long long)v[k]->nr,
                                      (unsigned long long)v[k]->count);
                        actions_str(v[k], &sb, true);
                        strbuf_puts(&sb, "]}");
                }
                strbuf_puts(&sb, "]}");
        }
        strbuf_puts(&sb, "]}\n");
        fputs(sb.buf, f);
        strbuf_free(&sb);
}

int verb_logs(int argc, char **argv)
{
        enum { OPT_COMM = 256, OPT_EXE, OPT_PID, OPT_JSON };
        static const struct option options[] = {
                { "comm", required_argument, NULL, OPT_COMM },
                { "exe", required_argument, NULL, OPT_EXE },
                { "pid", required_argument, NULL, OPT_PID },
                { "json", no_argument, NULL, OPT_JSON },
                { "output", required_argument, NULL, 'o' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct logs l = {};
        const char *out = NULL;
        bool json = false;
        int c, r, ret = 0;

        optind = 0;
        while ((c = getopt_long(argc, argv, "o:h", options, NULL)) >= 0)
                switch (c) {
                case OPT_COMM:
                        l.comm = optarg;
                        break;
                case OPT_EXE:
                        l.exe = optarg;
                        break;
                case OPT_PID: {
                        uint64_t v;
                        if (parse_u64(optarg, false, &v) < 0 || v > UINT32_MAX) {
                                cli_error("logs: invalid --pid '%s'", optarg);
                                return EXIT_USAGE;
                        }
                        l.has_pid = true;
                        l.pid = (uint32_t)v;
                        break;
                }
                case OPT_JSON:
                        json = true;
                        break;
                case 'o':
                        out = optarg;
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }

        l.all = sc_recorder_new();
        if (optind >= argc) {
                r = read_stream(&l, "-");
                if (r < 0) {
                        cli_error_errno(r, "logs: cannot read standard input");
                        ret = 1;
                }
        }
        for (int i = optind; i < argc; i++) {
                r = read_stream(&l, argv[i]);
                if (r < 0) {
                        cli_error_errno(r, "logs: cannot read %s", argv[i]);
                        ret = 1;
                }
        }

        FILE *report = out && streq(out, "-") ? stderr : stdout;
        if (json)
                print_json(&l, report);
        else
                print_human(&l, report);
        if (l.malformed) {
                fprintf(stderr, "%s: logs: warning: %llu malformed seccomp record line(s), first at",
                        program_name, (unsigned long long)l.malformed);
                for (size_t i = 0; i < l.n_bad; i++)
                        fprintf(stderr, " %s", l.bad[i]);
                fputc('\n', stderr);
        }

        if (out) {
                if (l.records == 0) {
                        cli_error("logs: no seccomp record matched; no profile written");
                        ret = 1;
                } else {
                        _cleanup_(sc_profile_freep) struct sc_profile *p =
                                sc_recorder_profile(l.all);
                        _cleanup_free_ char *text = sc_profile_to_json(p, SC_JSON_PRETTY);
                        if (streq(out, "-")) {
                                fputs(text, stdout);
                        } else {
                                r = write_file_atomic(out, text, strlen(text), 0644);
                                if (r < 0) {
                                        cli_error_errno(r, "logs: cannot write %s", out);
                                        ret = 1;
                                }
                        }
                }
        }

        for (size_t i = 0; i < l.n_procs; i++) {
                free(l.procs[i].comm);
                free(l.procs[i].exe);
                sc_recorder_free(l.procs[i].rec);
        }
        free(l.procs);
        for (size_t i = 0; i < l.n_bad; i++)
                free(l.bad[i]);
        sc_recorder_free(l.all);
        return ret;
}
