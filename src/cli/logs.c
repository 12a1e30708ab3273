/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl logs: the tutorial's SCMP_ACT_LOG workflow, automated: read
 * kernel seccomp audit records from logs, summarise them per process and
 * write the allow-list profile they imply. */
#include <getopt.h>
#include <inttypes.h>

#include "auditlog.h"
#include "cli.h"
#include "fileio.h"
#include "parser-libs.h"
#include "recorder.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s logs [OPTIONS] [FILE...]\n"
               "\n"
               "Read kernel seccomp audit records (AUDIT_SECCOMP, type 1326) from FILEs\n"
               "(standard input when none or \"-\") in every form the kernel writes them:\n"
               "  dmesg (also -t, -T, -r, -x):\n"
               "    [369128.669452] audit: type=1326 audit(1594067860.484:14536): ...\n"
               "    pid=29064 comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e\n"
               "    syscall=51 ... code=0x7ffc0000\n"
               "  /dev/kmsg:  5,1234,369128669452,-;audit: type=1326 ...\n"
               "  syslog, journalctl (short forms):  DATE HOST kernel: audit: type=1326 ...\n"
               "  journalctl -o json:  {\"_TRANSPORT\":\"kernel\",\"MESSAGE\":\"audit: ...\"}\n"
               "  auditd (/var/log/audit/audit.log, ausearch --raw):\n"
               "    type=SECCOMP msg=audit(...): ... comm=6874... exe=2F68... (hex when\n"
               "    the value has spaces or unusual bytes) ...\n"
               "Only records the kernel wrote count.  A line that looks like one but\n"
               "came from another sender (a syslog tag other than \"kernel:\", a journal\n"
               "entry whose _TRANSPORT is not kernel, a /dev/kmsg or dmesg -r/-x line\n"
               "with a user-space facility, any other form) is ignored, counted and\n"
               "reported: any local user can write such lines with logger(1).\n"
               "What can still be forged: a syslog line tagged \"kernel:\" (any local\n"
               "user can send one with 'logger -t kernel'), and plain dmesg output\n"
               "(root can write to /dev/kmsg; dmesg -x shows the facility).  What\n"
               "cannot: /dev/kmsg lines with facility kern (the kernel marks what\n"
               "programs write as user), the journal's _TRANSPORT=kernel, and auditd's\n"
               "type=SECCOMP records.  Prefer those when the profile matters.\n"
               "Lines longer than 64 KiB (the kernel writes at most 8970 bytes per\n"
               "record) are skipped and counted; 16 MiB without a line break ends a\n"
               "file (not a text log).  Other lines are ignored; kernel records that\n"
               "do not parse are counted and reported as malformed, never fatal.\n"
               "\n"
               "arch + syscall are mapped to names with the syscall tables (x32 numbers\n"
               "by their 0x40000000 bit).  The summary lists, per process (pid, comm,\n"
               "exe), each syscall with its count and the action the filter returned\n"
               "(from code=, errno included: SCMP_ACT_ERRNO(1)); at most 4096 processes\n"
               "are itemised (records of later ones are in the totals and the profile,\n"
               "counted as unitemised) and at most 64 unnamed numbers per process\n"
               "(further ones are counted as dropped).  With -o, the records\n"
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
               "                     \"ignored\": {\"syslog_tag\", \"journal_transport\",\n"
               "                     \"user_facility\", \"unknown_format\", \"overlong\"},\n"
               "                     \"unitemised\", \"dropped\",\n"
               "                     \"processes\": [{\"pid\", \"comm\", \"exe\",\n"
               "                     \"syscalls\": [{\"name\", \"arch\", \"nr\", \"count\",\n"
               "                     \"actions\"}]}]}; actions as above\n"
               "                    (\"SCMP_ACT_ERRNO(1)\")\n"
               "  -o, --output PROFILE  write the profile (atomically; \"-\" for\n"
               "                    standard output, the summary then goes to stderr)\n"
               CLI_RUNTIME_HELP
               "  -h, --help        show this help\n"
               "\n"
               "Exit status:\n"
               "  0  records were read (malformed and ignored lines alone do not fail)\n"
               "  1  a file could not be read or is not a text log, the profile could\n"
               "     not be written, or\n"
               "     -o was given and no record matched (no empty profile is written)\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  dmesg | %s logs --comm http-echo -o http-echo.json\n"
               "  %s logs --json /var/log/syslog\n"
               "  ausearch -m SECCOMP --raw | %s logs --exe /usr/bin/nginx -o nginx.json\n",
               program_name, program_name, program_name, program_name,
               program_name, program_name);
}

/* Bounds on what is kept, whatever the input: the summary itemises at
 * most this many processes (later ones still count in the totals and the
 * profile), each with at most this many unnamed numbers. */
#define LOGS_MAX_PROCS 4096U
#define LOGS_PROC_MAX_UNNAMED 64U
/* This many bytes without a line break and the input is not a text log
 * (/dev/zero, a binary journal file): stop reading it. */
#define LOGS_MAX_RUN (16U * 1024U * 1024U)

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
        /* Open addressing over procs: index + 1, 0 for an empty slot. */
        uint32_t *slots;
        size_t n_slots;
        struct sc_recorder *all;
        uint64_t records, malformed, filtered, overlong, unitemised;
        uint64_t untrusted[_SC_AUDIT_UNTRUSTED_MAX];
        /* The first few malformed and ignored lines, for the report. */
        char *bad[5], *ignored[5];
        size_t n_bad, n_ignored;
};

static uint64_t proc_hash(uint32_t pid, const char *comm, const char *exe)
{
        /* FNV-1a over pid, comm, NUL, exe. */
        uint64_t h = 0xcbf29ce484222325ULL;
        for (unsigned i = 0; i < 4; i++)
                h = (h ^ ((pid >> (8 * i)) & 0xff)) * 0x100000001b3ULL;
        for (const char *s = comm; *s; s++)
                h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
        h = (h ^ 0xff) * 0x100000001b3ULL;
        for (const char *s = exe; *s; s++)
                h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
        return h;
}

static uint32_t *proc_slot(struct logs *l, uint32_t *slots, size_t n_slots,
                           uint32_t pid, const char *comm, const char *exe)
{
        size_t i = proc_hash(pid, comm, exe) & (n_slots - 1);
        for (;; i = (i + 1) & (n_slots - 1)) {
                if (!slots[i])
                        return &slots[i];
                const struct proc *p = &l->procs[slots[i] - 1];
                if (p->pid == pid && streq(p->comm, comm) && streq(p->exe, exe))
                        return &slots[i];
        }
}

/* The process's entry; NULL once LOGS_MAX_PROCS are itemised. */
static struct proc *proc_for(struct logs *l, const struct sc_audit_record *a)
{
        if ((l->n_procs + 1) * 2 > l->n_slots) {
                size_t n = l->n_slots ? l->n_slots * 2 : 64;
                uint32_t *slots = xcalloc(n, sizeof *slots);
                for (size_t i = 0; i < l->n_procs; i++)
                        *proc_slot(l, slots, n, l->procs[i].pid, l->procs[i].comm,
                                   l->procs[i].exe) = (uint32_t)i + 1;
                free(l->slots);
                l->slots = slots;
                l->n_slots = n;
        }
        uint32_t *s = proc_slot(l, l->slots, l->n_slots, a->pid, a->comm, a->exe);
        if (*s)
                return &l->procs[*s - 1];
        if (l->n_procs >= LOGS_MAX_PROCS)
                return NULL;
        GROW(l->procs, l->n_procs, l->alloc_procs);
        l->procs[l->n_procs] = (struct proc){
                .pid = a->pid,
                .comm = xstrdup(a->comm),
                .exe = xstrdup(a->exe),
                .rec = sc_recorder_new(),
        };
        sc_recorder_limit_unnamed(l->procs[l->n_procs].rec, LOGS_PROC_MAX_UNNAMED);
        *s = (uint32_t)++l->n_procs;
        return &l->procs[l->n_procs - 1];
}

static void note_line(char **v, size_t *n, size_t max, const char *file,
                      size_t lineno)
{
        if (*n < max)
                v[(*n)++] = xasprintf("%s:%zu", file, lineno);
}

static void one_line(struct logs *l, const char *file, size_t lineno,
                     const char *line, size_t len)
{
        struct sc_audit_record a;
        enum sc_audit_source src;
        enum sc_audit_untrusted why;
        int r = sc_audit_parse_log_line(line, len, &a, &src, &why);

        if (r == -ENOMSG)
                return;
        if (r == -EPERM) {
                l->untrusted[why]++;
                note_line(l->ignored, &l->n_ignored, ELEMENTSOF(l->ignored), file, lineno);
                return;
        }
        if (r < 0) {
                l->malformed++;
                note_line(l->bad, &l->n_bad, ELEMENTSOF(l->bad), file, lineno);
                return;
        }
        if ((l->comm && !streq(l->comm, a.comm)) ||
            (l->exe && !streq(l->exe, a.exe)) ||
            (l->has_pid && l->pid != a.pid)) {
                l->filtered++;
                return;
        }
        l->records++;
        struct proc *p = proc_for(l, &a);
        if (p)
                sc_recorder_add(p->rec, a.arch, a.syscall, NULL, a.code);
        else
                l->unitemised++;
        sc_recorder_add(l->all, a.arch, a.syscall, NULL, a.code);
}

/* Lines are read into a buffer of SC_AUDIT_MAX_LINE bytes; a longer line
 * is skipped (counted) without being stored, and LOGS_MAX_RUN bytes with
 * no line break at all end the file: memory stays bounded whatever the
 * input, and `logs /dev/zero` stops at once. */
static int read_stream(struct logs *l, const char *path, size_t *ret_lineno)
{
        _cleanup_fclose_ FILE *f = NULL;
        _cleanup_free_ char *line = xmalloc(SC_AUDIT_MAX_LINE + 1);
        _cleanup_free_ char *chunk = xmalloc(64 * 1024);
        FILE *in = stdin;
        size_t n = 0, lineno = 0, k;
        uint64_t run = 0;
        bool skipping = false;
        const char *name = streq(path, "-") ? "<stdin>" : path;

        if (!streq(path, "-")) {
                f = fopen(path, "re");
                if (!f)
                        return -errno;
                in = f;
        }
        while ((k = fread(chunk, 1, 64 * 1024, in)) > 0) {
                const char *p = chunk, *e = chunk + k;
                while (p < e) {
                        const char *nl = memchr(p, '\n', (size_t)(e - p));
                        size_t seg = (size_t)((nl ? nl + 1 : e) - p);
                        run += seg;
                        if (!skipping && n + seg > SC_AUDIT_MAX_LINE)
                                skipping = true;
                        if (!skipping) {
                                memcpy(line + n, p, seg);
                                n += seg;
                        }
                        p += seg;
                        if (!nl) {
                                if (run > LOGS_MAX_RUN) {
                                        *ret_lineno = lineno + 1;
                                        return -EBADMSG;
                                }
                                continue;
                        }
                        lineno++;
                        if (skipping)
                                l->overlong++;
                        else
                                one_line(l, name, lineno, line, n);
                        n = 0;
                        run = 0;
                        skipping = false;
                }
        }
        if (ferror(in))
                return -EIO;
        if (skipping)
                l->overlong++;
        else if (n > 0)
                one_line(l, name, lineno + 1, line, n);
        return 0;
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

static uint64_t untrusted_total(const struct logs *l)
{
        uint64_t n = 0;
        for (size_t i = 0; i < _SC_AUDIT_UNTRUSTED_MAX; i++)
                n += l->untrusted[i];
        return n;
}

/* Records not itemised because of the per-process bound on unnamed
 * numbers.  (The profile's recorder may drop unnamed numbers too, past
 * SC_RECORDER_MAX_UNNAMED: a profile cannot name them anyway.) */
static uint64_t dropped_total(const struct logs *l)
{
        uint64_t n = 0;
        for (size_t i = 0; i < l->n_procs; i++)
                n += sc_recorder_dropped(l->procs[i].rec);
        return n;
}

/* JSON keys of enum sc_audit_untrusted. */
static const char *const untrusted_keys[_SC_AUDIT_UNTRUSTED_MAX] = {
        [SC_AUDIT_UNTRUSTED_SYSLOG_TAG] = "syslog_tag",
        [SC_AUDIT_UNTRUSTED_JOURNAL] = "journal_transport",
        [SC_AUDIT_UNTRUSTED_USER_FACILITY] = "user_facility",
        [SC_AUDIT_UNTRUSTED_FORMAT] = "unknown_format",
};

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

                /* comm and exe are chosen by the workload (prctl(PR_SET_NAME),
                 * the file it was started from). */
                _cleanup_free_ char *comm = sc_escape(p->comm);
                _cleanup_free_ char *exe = sc_escape(p->exe);
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
                        strbuf_clear(&sb);
                }
        }
        fprintf(f, "%s%llu seccomp records, %zu processes, %zu distinct syscalls",
                l->n_procs ? "\n" : "", (unsigned long long)l->records,
                l->n_procs, sc_recorder_distinct(l->all));
        if (l->filtered)
                fprintf(f, ", %llu filtered out", (unsigned long long)l->filtered);
        fprintf(f, ", %llu malformed", (unsigned long long)l->malformed);
        if (untrusted_total(l))
                fprintf(f, ", %llu not written by the kernel (ignored)",
                        (unsigned long long)untrusted_total(l));
        if (l->overlong)
                fprintf(f, ", %llu lines over %u KiB (ignored)",
                        (unsigned long long)l->overlong, SC_AUDIT_MAX_LINE / 1024);
        fputc('\n', f);
        if (l->unitemised)
                fprintf(f, "%llu records of processes past the first %u are in the totals and the profile, not itemised\n",
                        (unsigned long long)l->unitemised, LOGS_MAX_PROCS);
        if (dropped_total(l))
                fprintf(f, "%llu records of unnamed syscall numbers past the first %u of a process not itemised\n",
                        (unsigned long long)dropped_total(l), LOGS_PROC_MAX_UNNAMED);
}

static void print_json(const struct logs *l, FILE *f)
{
        struct strbuf sb = {};

        strbuf_printf(&sb, "{\"records\":%llu,\"malformed\":%llu,\"filtered\":%llu,\"ignored\":{",
                      (unsigned long long)l->records,
                      (unsigned long long)l->malformed,
                      (unsigned long long)l->filtered);
        for (size_t i = 0; i < _SC_AUDIT_UNTRUSTED_MAX; i++)
                strbuf_printf(&sb, "\"%s\":%llu,", untrusted_keys[i],
                              (unsigned long long)l->untrusted[i]);
        strbuf_printf(&sb, "\"overlong\":%llu},\"unitemised\":%llu,\"dropped\":%llu,\"processes\":[",
                      (unsigned long long)l->overlong,
                      (unsigned long long)l->unitemised,
                      (unsigned long long)dropped_total(l));
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
        strbuf_clear(&sb);
}

static int read_one(struct logs *l, const char *path)
{
        const char *name = streq(path, "-") ? "standard input" : path;
        size_t lineno = 0;
        int r = read_stream(l, path, &lineno);

        if (r == -EBADMSG) {
                cli_error("logs: %s: no line break in %u MiB from line %zu on: not a text log; stopped reading it",
                          name, LOGS_MAX_RUN >> 20, lineno);
                return 1;
        }
        if (r < 0) {
                cli_error_errno(r, "logs: cannot read %s", name);
                return 1;
        }
        return 0;
}

struct logs_opts {
        unsigned runtimes;
        const char *out; /* -o FILE */
        bool json;
};

/* -1 to go on, else the exit status (help printed, or a usage error).
 * The filters (--comm, --exe, --pid) go into l. */
static int parse_options(int argc, char **argv, struct logs *l, struct logs_opts *o)
{
        enum { OPT_COMM = 256, OPT_EXE, OPT_PID, OPT_JSON, OPT_RUNTIME };
        static const struct option options[] = {
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "comm", required_argument, NULL, OPT_COMM },
                { "exe", required_argument, NULL, OPT_EXE },
                { "pid", required_argument, NULL, OPT_PID },
                { "json", no_argument, NULL, OPT_JSON },
                { "output", required_argument, NULL, 'o' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        uint64_t v;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "o:h", options, NULL)) >= 0)
                switch (c) {
                case OPT_COMM:
                        l->comm = optarg;
                        break;
                case OPT_EXE:
                        l->exe = optarg;
                        break;
                case OPT_PID:
                        if (parse_u64(optarg, false, &v) < 0 || v > UINT32_MAX) {
                                cli_error("logs: invalid --pid '%s'", optarg);
                                return EXIT_USAGE;
                        }
                        l->has_pid = true;
                        l->pid = (uint32_t)v;
                        break;
                case OPT_JSON:
                        o->json = true;
                        break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("logs", CLI_RUNTIME_CALLS, optarg,
                                              &o->runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case 'o':
                        o->out = optarg;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        return EXIT_USAGE;
                }
        return -1;
}

/* Malformed, forged and overlong lines: said once each, on stderr. */
static void print_warnings(const struct logs *l)
{
        if (l->malformed) {
                fprintf(stderr, "%s: logs: warning: %llu malformed seccomp record line(s), first at",
                        program_name, (unsigned long long)l->malformed);
                for (size_t i = 0; i < l->n_bad; i++)
                        fprintf(stderr, " %s", l->bad[i]);
                fputc('\n', stderr);
        }
        if (untrusted_total(l)) {
                fprintf(stderr, "%s: logs: warning: ignored %llu line(s) that look like seccomp records but were not written by the kernel:",
                        program_name, (unsigned long long)untrusted_total(l));
                for (size_t i = 0, k = 0; i < _SC_AUDIT_UNTRUSTED_MAX; i++)
                        if (l->untrusted[i])
                                fprintf(stderr, "%s %llu %s", k++ ? ";" : "",
                                        (unsigned long long)l->untrusted[i],
                                        sc_audit_untrusted_reason(i));
                fputs("; first at", stderr);
                for (size_t i = 0; i < l->n_ignored; i++)
                        fprintf(stderr, " %s", l->ignored[i]);
                fputc('\n', stderr);
        }
        if (l->overlong)
                fprintf(stderr, "%s: logs: warning: ignored %llu line(s) longer than %u KiB (the kernel writes at most 8970 bytes per record)\n",
                        program_name, (unsigned long long)l->overlong,
                        SC_AUDIT_MAX_LINE / 1024);
}

/* -o: the profile of every matching record, with the runtimes' own calls.
 * EXIT_OK or EXIT_FAILED (message printed). */
static int write_profile(const struct logs *l, const struct logs_opts *o)
{
        if (l->records == 0) {
                cli_error("logs: no seccomp record matched; no profile written");
                return EXIT_FAILED;
        }
        _cleanup_(sc_profile_freep) struct sc_profile *p = sc_recorder_profile(l->all);
        /* Records of the runtime's own calls are there only when the
         * container ran under a LOG default. */
        if (cli_add_runtime_calls("logs", o->runtimes, false, &p) < 0)
                return EXIT_FAILED;
        _cleanup_free_ char *text = sc_profile_to_json(p, SC_JSON_PRETTY);
        if (cli_write_output("logs", streq(o->out, "-") ? NULL : o->out, text) < 0)
                return EXIT_FAILED;
        return EXIT_OK;
}

static void logs_clear(struct logs *l)
{
        for (size_t i = 0; i < l->n_procs; i++) {
                free(l->procs[i].comm);
                free(l->procs[i].exe);
                sc_recorder_free(l->procs[i].rec);
        }
        free(l->procs);
        free(l->slots);
        for (size_t i = 0; i < l->n_bad; i++)
                free(l->bad[i]);
        for (size_t i = 0; i < l->n_ignored; i++)
                free(l->ignored[i]);
        sc_recorder_free(l->all);
}

int verb_logs(int argc, char **argv)
{
        _cleanup_(logs_clear) struct logs l = {};
        struct logs_opts o = { .runtimes = CLI_RUNTIME_DEFAULT };
        int ret = parse_options(argc, argv, &l, &o);
        if (ret >= 0)
                return ret;

        /* journalctl -o json lines are read with json-c */
        if (cli_need_parser_libs("logs", SC_LIB_JSON_C) < 0)
                return EXIT_FAILED;
        ret = EXIT_OK;
        l.all = sc_recorder_new();
        if (optind >= argc)
                ret |= read_one(&l, "-");
        for (int i = optind; i < argc; i++)
                ret |= read_one(&l, argv[i]);

        FILE *report = o.out && streq(o.out, "-") ? stderr : stdout;
        if (o.json)
                print_json(&l, report);
        else
                print_human(&l, report);
        print_warnings(&l);
        if (o.out && write_profile(&l, &o) != EXIT_OK)
                ret = EXIT_FAILED;
        return ret;
}
