/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl check: is this profile what a runtime would load? */
#include <getopt.h>

#include "bpf.h"
#include "cli.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s check [OPTIONS] PROFILE...\n"
               "\n"
               "Validate seccomp profiles the way a container runtime reads them: an\n"
               "OCI profile, the Docker-extended format (archMap, includes/excludes),\n"
               "a whole OCI config.json (.linux.seccomp) or Security Profiles Operator\n"
               "SeccompProfile resources (YAML or JSON, several per file). PROFILE may\n"
               "be - for standard input.  A .json file is strict JSON, .yaml/.yml YAML;\n"
               "any other name, and standard input, is strict JSON when it starts with\n"
               "'{' or '[' (as Kubernetes decides), else YAML.\n"
               "\n"
               "Each problem is one line on standard error:\n"
               "  FILE:LINE:COL: error: $.syscalls[3].args[0].op: MESSAGE\n"
               "Errors are what a runtime would refuse (malformed JSON, wrong types,\n"
               "unknown actions/operators/architectures/flags, index > 5, errnoRet on an\n"
               "action that takes none, SCMP_ACT_NOTIFY as default or on write, NOTIFY\n"
               "without listenerPath, duplicate architectures, rules libseccomp refuses).\n"
               "Warnings are what loads but does not do what it seems to: unknown syscall\n"
               "names (runtimes skip them), rules equal to the default action, rules for\n"
               "one syscall whose conditions overlap with different actions (--compat\n"
               "literal), a profile that allows nothing, names libseccomp 2.5.4 (hence\n"
               "runc and crun) does not know.  Under runc and crun, each syscall whose\n"
               "verdict departs somewhere from the profile's literal reading (64-bit\n"
               "values, also on x86 and x32 where libseccomp compares low words only)\n"
               "is a warning with one argument vector as witness, found by an exact\n"
               "search of the argument space; a syscall whose argument rules exceed\n"
               "that search's bounds is named (\"not searched: ...\").  A valid profile\n"
               "is also compiled for the target: one that needs more than the kernel's\n"
               "4096 instructions is an error.\n"
               "\n"
               "Options:\n"
               "  --strict          unknown syscall names are errors, and so is an input\n"
               "                    the runtime answers otherwise than the profile's\n"
               "                    literal reading (see run --help)\n"
               "  --compat RUNTIME  runc (default) or crun: whose rules to apply where\n"
               "                    they differ; literal: argument rules in profile\n"
               "                    order, first match wins\n"
               "  --target ARCH     architecture to resolve the Docker format for\n"
               "                    (default: this machine's)\n"
               "  --runtime RUNTIME runc, crun or runc,crun: warn about each call that\n"
               "                    runtime makes itself after loading the filter\n"
               "                    and the profile does not allow, with what the\n"
               "                    runtime then does\n"
               "                    (\"runc 1.1.5 calls fstatfs after loading the\n"
               "                    filter (always); without it runc fails: ...\").\n"
               "                    Measured on runc 1.1.5 and crun 1.8.1 for every\n"
               "                    container config (data/runtime-calls.tsv); record,\n"
               "                    logs, watch and merge add them (their --runtime)\n"
               "  --json            print one JSON array with a result per profile\n"
               "  -q, --quiet       print problems only, no summary lines\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status: 0 when every profile is valid (warnings allowed), 1 when\n"
               "any has an error, 2 on a usage error.\n"
               "\n"
               "Examples:\n"
               "  %s check profiles/*.json\n"
               "  %s check --strict --compat crun my-profile.json\n"
               "  %s check --runtime runc recorded.json\n"
               "  kubectl get seccompprofile -o yaml | %s check -\n",
               program_name, program_name, program_name, program_name, program_name);
}

/* What only compiling shows: programs over the kernel's 4096
 * instructions, names libseccomp (hence runc and crun) does not know.
 * Names unknown everywhere were already reported by the validator. */
static void check_compiles(const struct sc_profile *p, const struct cli_target_opts *to,
                           bool strict, struct sc_diags *out)
{
        struct sc_resolve_opts ro = cli_resolve_opts(to); /* check takes no --caps */
        _cleanup_(sc_profile_freep) struct sc_profile *r = NULL;
        if (sc_profile_resolve(p, &ro, NULL, &r) < 0)
                return;
        struct sc_compile_opts co;
        struct sc_diags d = { .max = 200 };
        struct sc_filter *f = NULL;
        sc_compile_opts_init(&co, to->target);
        co.compat = to->compat;
        co.departures_are_errors = strict;
        (void)sc_compile(r, &co, &d, &f);
        sc_filter_free(f);
        for (size_t i = 0; i < d.n; i++) {
                const struct sc_diag *x = &d.items[i];
                if (x->severity != SC_ERROR && startswith(x->message, "unknown syscall"))
                        continue;
                sc_diag_add(out, x->severity, x->file, x->pos, x->path, "%s", x->message);
        }
        sc_diags_clear(&d);
}

/* --runtime: a warning per call the runtime makes after loading the
 * filter that the profile does not let through, with what the runtime
 * then does (measured, data/runtime-calls.tsv).  The text names the call
 * and the runtime's own message, so it reads without the data file. */
static void check_one_runtime(const struct sc_profile *p, const struct sc_profile *r,
                              enum sc_runtime rt, struct sc_diags *out)
{
        _cleanup_free_ const struct sc_runtime_call **v = NULL;
        size_t n = sc_runtime_missing(r, rt, SC_RTW_DEFAULT, &v);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *call =
                        v[i]->arg >= 0 ? xasprintf("%s(%s)", v[i]->name, v[i]->value_name)
                                       : xstrdup(v[i]->name);
                sc_diag_add(out, SC_WARNING, p->file, p->pos, p->json_prefix,
                            "%s %s calls %s after loading the filter (%s); without it %s",
                            sc_runtime_name(rt), v[i]->version, call,
                            sc_runtime_when_describe(v[i]->when), v[i]->failure);
        }
}

static void check_runtime(const struct sc_profile *p, const struct cli_target_opts *to,
                          unsigned runtimes, struct sc_diags *out)
{
        struct sc_resolve_opts ro = cli_resolve_opts(to); /* check takes no --caps */
        _cleanup_(sc_profile_freep) struct sc_profile *r = NULL;

        if (!runtimes || sc_profile_resolve(p, &ro, NULL, &r) < 0)
                return;
        for (int rt = SC_RUNTIME_RUNC; rt < _SC_RUNTIME_MAX; rt++) {
                if (runtimes & (1U << rt))
                        check_one_runtime(p, r, (enum sc_runtime)rt, out);
        }
}

struct result {
        char *file;
        char *name;
        bool valid;
        struct sc_diags diags;
};

static void print_json(struct result *res, size_t n)
{
        struct strbuf sb = { 0 };
        strbuf_putc(&sb, '[');
        for (size_t i = 0; i < n; i++) {
                strbuf_puts(&sb, i ? ",\n {\"file\":" : "\n {\"file\":");
                strbuf_json_string(&sb, res[i].file);
                strbuf_puts(&sb, ",\"name\":");
                if (res[i].name)
                        strbuf_json_string(&sb, res[i].name);
                else
                        strbuf_puts(&sb, "null");
                strbuf_printf(&sb, ",\"valid\":%s,\"errors\":%zu,\"warnings\":%zu,"
                                   "\"diagnostics\":[",
                              res[i].valid ? "true" : "false",
                              res[i].diags.n_errors, res[i].diags.n_warnings);
                for (size_t j = 0; j < res[i].diags.n; j++) {
                        if (j)
                                strbuf_putc(&sb, ',');
                        sc_diag_to_json(&res[i].diags.items[j], &sb);
                }
                strbuf_puts(&sb, "]}");
        }
        strbuf_puts(&sb, "\n]\n");
        fputs(sb.buf, stdout);
        strbuf_clear(&sb);
}

struct results {
        struct result *items;
        size_t n, alloc;
        bool all_valid;
};

/* Every profile in FILE, validated, compiled and checked against the
 * runtimes' own calls: one result each (one for the file when it cannot
 * be read or parsed). */
static void check_file(const char *path, const struct cli_target_opts *to,
                       bool strict, unsigned runtimes, struct results *rs)
{
        struct sc_validate_opts vo = { .compat = to->compat, .target = to->target,
                                       .strict = strict };
        struct sc_diags d = { .max = 200 };
        struct sc_profile_set set = { 0 };
        int r = cli_load_profiles(path, &d, &set);
        const char *file = streq(path, "-") ? "<stdin>" : path;
        if (r < 0) {
                GROW(rs->items, rs->n, rs->alloc);
                rs->items[rs->n++] = (struct result){ xstrdup(file), NULL, false, d };
                rs->all_valid = false;
                return;
        }
        for (size_t k = 0; k < set.n; k++) {
                struct sc_diags pd = { .max = 200 };
                if (k == 0)
                        sc_diags_move(&pd, &d);
                if (sc_profile_validate(set.profiles[k], &vo, &pd) == 0) {
                        check_compiles(set.profiles[k], to, strict, &pd);
                        check_runtime(set.profiles[k], to, runtimes, &pd);
                }
                sc_diags_sort(&pd);
                bool valid = pd.n_errors == 0;
                rs->all_valid = rs->all_valid && valid;
                GROW(rs->items, rs->n, rs->alloc);
                rs->items[rs->n++] = (struct result){
                        xstrdup(file),
                        set.profiles[k]->name ? xstrdup(set.profiles[k]->name) : NULL,
                        valid, pd
                };
        }
        sc_diags_clear(&d);
        sc_profile_set_clear(&set);
}

/* "FILE [NAME]: valid (N errors, M warnings)" */
static void print_summary(const struct result *res)
{
        /* The file name and the SPO name inside it are chosen by whoever
         * wrote them. */
        const char *sep = res->name ? " " : "";
        _cleanup_free_ char *file = sc_escape(res->file);
        _cleanup_free_ char *name = sc_escape(res->name ? res->name : "");
        printf("%s%s%s: %s", file, sep, name, res->valid ? "valid" : "INVALID");
        if (res->diags.n_errors)
                printf(" (%zu error%s", res->diags.n_errors,
                       res->diags.n_errors == 1 ? "" : "s");
        if (res->diags.n_warnings)
                printf("%s%zu warning%s", res->diags.n_errors ? ", " : " (",
                       res->diags.n_warnings, res->diags.n_warnings == 1 ? "" : "s");
        if (res->diags.n_errors || res->diags.n_warnings)
                putchar(')');
        putchar('\n');
        fflush(stdout);
}

int verb_check(int argc, char **argv)
{
        enum { OPT_STRICT = 0x200, OPT_JSON, OPT_RUNTIME };
        static const struct option opts[] = {
                { "strict", no_argument, NULL, OPT_STRICT },
                { "compat", required_argument, NULL, CLI_OPT_COMPAT },
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "json", no_argument, NULL, OPT_JSON },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        bool json = false, quiet = false, strict = false;
        unsigned runtimes = 0;
        int c;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "qh", opts, NULL)) >= 0) {
                switch (c) {
                case OPT_STRICT: strict = true; break;
                case OPT_JSON: json = true; break;
                case 'q': quiet = true; break;
                case 'h': help(); return EXIT_OK;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("check", CLI_RUNTIME_CALLS, optarg, &runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (optind >= argc) {
                cli_error("check: no profile given (see --help)");
                return EXIT_USAGE;
        }

        struct results rs = { .all_valid = true };
        for (int i = optind; i < argc; i++)
                check_file(argv[i], &to, strict, runtimes, &rs);

        if (json)
                print_json(rs.items, rs.n);
        for (size_t i = 0; i < rs.n; i++) {
                if (!json)
                        cli_print_diags(&rs.items[i].diags);
                if (!json && !quiet)
                        print_summary(&rs.items[i]);
                sc_diags_clear(&rs.items[i].diags);
                free(rs.items[i].file);
                free(rs.items[i].name);
        }
        free(rs.items);
        return rs.all_valid ? EXIT_OK : EXIT_FAILED;
}
