/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared by the CLI verbs (one file per verb in src/cli/).  A verb is
 * `int verb_NAME(int argc, char **argv)` returning the process exit
 * status; argv[0] is the verb name.  Verbs print; the library does not.
 */
#ifndef SC_CLI_H
#define SC_CLI_H

#include "kube.h"
#include "profile.h"
#include "runtime-calls.h"

/* Exit statuses: one meaning each, for every verb (each verb's --help says
 * which it uses; `seccompctl --help` and seccompctl(1)'s EXIT STATUS list
 * them all from cli_exit_statuses[]).  run's are defined identically in
 * run.c too, until that file takes them from here. */
#define EXIT_OK 0             /* done; for a question (check, diff, psa, ...): yes */
#define EXIT_FAILED 1         /* no, or failed: invalid input, a difference, ... */
#define EXIT_USAGE 2          /* unknown option, bad value, missing argument */
#define EXIT_CANNOT_INSPECT 3 /* inspect: a process could not be inspected */
#define EXIT_RUN_FAILED 125   /* run: seccompctl failed before CMD ran */
#define EXIT_CANNOT_EXEC 126  /* run: CMD could not be executed */
#define EXIT_NOT_FOUND 127    /* run: CMD was not found */
struct cli_exit_status {
        const char *status; /* "0", "128+N", ... */
        const char *meaning;
};
extern const struct cli_exit_status cli_exit_statuses[];
extern const size_t cli_exit_statuses_n;
/* The table above as help text, indented by two spaces, one status a line. */
void cli_print_exit_statuses(FILE *f);

struct verb {
        const char *name;
        int (*run)(int argc, char **argv);
        const char *summary;
};

extern const char *program_name;

/* Print one diagnostic per line on stderr ("FILE:LINE:COL: error: ..."). */
void cli_print_diags(const struct sc_diags *d);
/* Errors in full, warnings as one line counting them and naming the
 * 'check' command that shows them. */
void cli_print_diags_brief(const struct sc_diags *d, const char *path);
/* Print "seccompctl: MESSAGE: strerror(-r)" on stderr. */
int cli_error_errno(int r, const char *fmt, ...) _printf_(2, 3);
void cli_error(const char *fmt, ...) _printf_(1, 2);
/* For a verb that needs json-c or libyaml (parser-libs.h) whatever its
 * input: open them now, or say which cannot be loaded ("seccompctl:
 * VERB: cannot load ...") and return -ELIBACC. */
int cli_need_parser_libs(const char *verb, unsigned libs);

/* Read FILE ("-" is stdin) and parse every profile in it.  Format is
 * chosen by extension (.json strict JSON, .yaml/.yml YAML, else auto).
 * Problems go to diags; returns -errno. */
int cli_load_profiles(const char *path, struct sc_diags *diags,
                      struct sc_profile_set *ret);
/* The format a file is read in: .json strict JSON, .yaml/.yml YAML,
 * else DOC_AUTO (JSON when it starts with '{', as Kubernetes decides). */
enum doc_format cli_format_for(const char *path);
/* Parse and validate buf (read from path) for 'install' and 'export',
 * printing diagnostics (warnings as one line when quiet).  Succeeds when
 * what would land on a node is strict JSON: *ret_raw is true when buf
 * itself is (one bare OCI profile, strict JSON), false when each profile
 * must be written as cli_node_json() (SPO resources; anything with
 * normalize).  Returns -EINVAL when buf does not pass 'check' (the
 * errors printed), -EMEDIUMTYPE when it does but is YAML or a
 * config.json and normalize is off (an error saying so printed). */
int cli_load_node_profiles(const char *path, const char *buf, size_t len,
                           bool normalize, bool quiet, struct sc_profile_set *ret,
                           bool *ret_raw);
/* A profile as the strict, pretty JSON written to nodes. */
char *cli_node_json(const struct sc_profile *p);
/* Load exactly one profile (the first of a multi-document file is an
 * error if there are several).  Prints diagnostics itself. */
int cli_load_one_profile(const char *path, struct sc_profile **ret);

/* Options shared by verbs that resolve a profile for a target. */
struct cli_target_opts {
        enum sc_arch target;
        enum sc_compat compat;
        const char **caps;      /* NULL: Docker's default set */
        size_t n_caps;
        unsigned kernel_major, kernel_minor;
        /* cli_load_resolved: print errors only; the caller compiles and
         * reports the compiler's warnings, which cover the same names. */
        bool defer_warnings;
        /* Whose RuntimeDefault cli_runtime_default gives: containerd
         * (Docker's rules), CRI-O (containers/common's, ENOSYS). */
        enum kube_runtime runtime;
};
void cli_target_opts_init(struct cli_target_opts *o);
/* Empties o (the capability list); for _cleanup_(cli_target_opts_clear). */
void cli_target_opts_clear(struct cli_target_opts *o);
/* Handle --target/--arch ARCH, --compat, --caps LIST, --kernel X.Y.
 * Returns 1 when opt was one of them, 0 when not, -EINVAL (message
 * printed) on a bad value. */
int cli_target_opt(struct cli_target_opts *o, const char *opt,
                   const char *value);
/* getopt_long codes for the shared options, above any short option's
 * character, so a verb lists the entries it takes, e.g.
 *   { "target", required_argument, NULL, CLI_OPT_TARGET },
 * and hands the code to cli_target_getopt(). */
enum {
        CLI_OPT_TARGET = 0x100,
        CLI_OPT_COMPAT,
        CLI_OPT_CAPS,
        CLI_OPT_KERNEL,
};
/* cli_target_opt() by getopt code: 1 when code was one of them, 0 when
 * not, -EINVAL (message printed) on a bad value.  A verb's switch can end
 *   default:
 *           if (cli_target_getopt(&to, c, optarg) <= 0)
 *                   return EXIT_USAGE;
 *           break;
 * so that getopt's '?' and the shared codes need no case of their own. */
int cli_target_getopt(struct cli_target_opts *o, int code, const char *value);
/* --compat, --caps and --kernel in the --help of the verbs that compile a
 * PROFILE for a look at the program (disasm, stats, sim). */
#define CLI_COMPILE_OPTIONS_HELP                                                 \
        "  --compat MODE   runc (default), crun, or literal (argument rules in\n" \
        "                  profile order, first match wins)\n"                    \
        "  --caps LIST     capabilities for Docker includes/excludes\n"           \
        "  --kernel X.Y    kernel version for minKernel\n"
/* The resolver's options from o (Docker's extensions: arch, caps, kernel). */
struct sc_resolve_opts cli_resolve_opts(const struct cli_target_opts *o);
/* The getopt_long entries of all four shared options. */
#define CLI_TARGET_OPTIONS                                          \
        { "target", required_argument, NULL, CLI_OPT_TARGET },      \
        { "compat", required_argument, NULL, CLI_OPT_COMPAT },      \
        { "caps", required_argument, NULL, CLI_OPT_CAPS },          \
        { "kernel", required_argument, NULL, CLI_OPT_KERNEL }
/* Load, resolve (Docker format) and print diagnostics; the result is a
 * plain OCI profile for o->target. */
int cli_load_resolved(const char *path, const struct cli_target_opts *o,
                      struct sc_profile **ret);
/* --runtime names a runtime, in one vocabulary for every verb:
 *   runc, crun          OCI runtimes, whose own calls after loading the
 *                       filter (data/runtime-calls.tsv) a profile must hold;
 *                       comma separated for both; none for a loader that
 *                       execve()s right after the filter (seccompctl run);
 *   containerd, cri-o   CRI runtimes, whose RuntimeDefault profile is meant
 *                       (crio and CRI-O are accepted, as people type them).
 * What a verb does with it is its role: record, logs, watch, merge, check,
 * decompile and inspect add an OCI runtime's calls (CLI_RUNTIME_CALLS:
 * *ret is a mask of 1 << enum sc_runtime, 0 for none); resolve, default
 * and run pick whose RuntimeDefault (CLI_RUNTIME_DEFAULT_OF: *ret is an
 * enum kube_runtime).  A value of the other role, or none, is a usage
 * error saying what --runtime means for VERB ("VERB: ..."), -EINVAL. */
/* The vocabulary above as `seccompctl --help` (and so the man page) says it. */
#define CLI_RUNTIMES_HELP                                                        \
        "--runtime names a runtime; what a command does with it is its own:\n"   \
        "  - runc, crun (comma separated for both) or none: the calls that\n"     \
        "    runtime makes itself after loading the filter, which a profile\n"    \
        "    must hold (record, logs, watch, merge, check, decompile, inspect)\n" \
        "  - containerd or cri-o (crio and CRI-O work too): whose RuntimeDefault\n" \
        "    profile is meant (resolve, default, run)\n"
enum cli_runtime_role {
        CLI_RUNTIME_CALLS,
        CLI_RUNTIME_DEFAULT_OF,
};
int cli_runtime_parse(const char *verb, enum cli_runtime_role role, const char *value,
                      unsigned *ret);
/* The --help text of CLI_RUNTIME_CALLS for the verbs where runc is the
 * default (CLI_RUNTIME_DEFAULT). */
#define CLI_RUNTIME_DEFAULT (1U << SC_RUNTIME_RUNC)
#define CLI_RUNTIME_HELP                                                                \
        "  --runtime RUNTIME     runc (default), crun, runc,crun or none: add the\n"     \
        "                        calls that runtime makes itself between loading\n"      \
        "                        the filter and starting the workload (measured on\n"    \
        "                        runc 1.1.5 and crun 1.8.1 for every container\n"        \
        "                        config; see data/runtime-calls.tsv), so that the\n"     \
        "                        profile starts a container; none for '%s run'\n"         \
        "                        and other loaders that execve right after the filter\n"
/* Replace *p with *p plus each runtime's own calls after the filter (every
 * config: noNewPrivileges either way, exec, the Go runtime's; a NOTIFY
 * listener's when *p has a NOTIFY rule).  Unless quiet, a line per runtime
 * on stderr names what was added.  0 or -errno (message printed). */
int cli_add_runtime_calls(const char *verb, unsigned runtimes, bool quiet,
                          struct sc_profile **p);
/* The line saying that profiles will include the runtimes' calls (for
 * verbs that write many profiles quietly); nothing for none. */
void cli_print_runtimes(const char *verb, unsigned runtimes);

/* The one operand a verb takes: argv[optind] when it is the last, else
 * NULL with "VERB: expected exactly one WHAT (see --help)" printed. */
const char *cli_one_operand(const char *verb, int argc, char **argv, const char *what);
/* text to path through write_file_atomic ("-" is stdout), or to stdout
 * when path is NULL.  0, or -errno with "VERB: cannot write PATH: ..."
 * printed. */
int cli_write_output(const char *verb, const char *path, const char *text);

/* s on stdout with every byte a file, manifest or workload chose escaped
 * (strbuf_put_escaped: ESC, BEL, a newline that would forge a line). */
void cli_put_escaped(const char *s);
/* Read and parse a Kubernetes MANIFEST (one or more YAML/JSON documents)
 * as fmt.  A file that cannot be read is reported ("cannot read PATH:
 * ..."), parse problems go to diags; 0 or -errno. */
int cli_read_manifest(const char *path, enum doc_format fmt, struct sc_diags *diags,
                      struct doc_stream *ret);

/* --duration SECONDS for install --watch and watch: a finite number above
 * 0 and at most 1e9 (31 years); 0, nan and inf once meant "forever" and
 * 1e19 overflowed.  -EINVAL with the message printed ("VERB: ..."). */
int cli_parse_duration(const char *verb, const char *s, double *ret);
/* Host kernel version from uname(2). */
void cli_host_kernel(unsigned *major, unsigned *minor);

#endif
