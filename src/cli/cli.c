/* SPDX-License-Identifier: Apache-2.0 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <sys/utsname.h>

#include "fileio.h"
#include "parser-libs.h"
#include "verbs.h"

/* Cap what a hostile file can make us print. */
#define MAX_DIAGS 200

const struct cli_exit_status cli_exit_statuses[] = {
        { "0", "success; for a verb that answers a question (check, diff, psa,\n"
               "resolve, install, inspect --against): yes" },
        { "1", "no (an invalid profile, a difference, a container that would not\n"
               "start, a violated level), or the work failed (a file that could not\n"
               "be read or written)" },
        { "2", "usage error: unknown option, bad value, missing argument (run:\n"
               "125, so as never to mix with CMD's own)" },
        { "3", "inspect: a process could not be inspected (no such process, not\n"
               "permitted)" },
        { "N", "run, record: CMD's own exit status" },
        { "128+N", "run, record: CMD was killed by signal N (159 = SIGSYS: a KILL\n"
                   "action)" },
        { "125", "run: seccompctl failed before CMD ran (usage, profile, filter\n"
                 "refused, no listener): CMD did not run" },
        { "126", "run, record: CMD could not be executed" },
        { "127", "run, record: CMD was not found" },
};
const size_t cli_exit_statuses_n = ELEMENTSOF(cli_exit_statuses);

void cli_print_exit_statuses(FILE *f)
{
        for (size_t i = 0; i < cli_exit_statuses_n; i++) {
                const char *m = cli_exit_statuses[i].meaning;
                fprintf(f, "  %-6s ", cli_exit_statuses[i].status);
                /* continuation lines line up under the meaning */
                for (const char *nl; (nl = strchr(m, '\n')); m = nl + 1)
                        fprintf(f, "%.*s\n         ", (int)(nl - m), m);
                fprintf(f, "%s\n", m);
        }
}

/* One line on stderr, every byte a file or workload chose escaped. */
static void put_line_escaped(const char *s)
{
        struct strbuf sb = {};
        strbuf_put_escaped(&sb, s, 0);
        fprintf(stderr, "%s\n", sb.buf);
        strbuf_clear(&sb);
}

void cli_print_diags(const struct sc_diags *d)
{
        for (size_t i = 0; i < d->n; i++) {
                _cleanup_free_ char *s = sc_diag_format(&d->items[i]);
                put_line_escaped(s);
        }
        if (d->n_dropped)
                fprintf(stderr, "%s: %zu more problems not shown\n", program_name,
                        d->n_dropped);
}

void cli_print_diags_brief(const struct sc_diags *d, const char *path)
{
        size_t warnings = 0;
        for (size_t i = 0; i < d->n; i++) {
                if (d->items[i].severity != SC_ERROR) {
                        warnings++;
                        continue;
                }
                _cleanup_free_ char *s = sc_diag_format(&d->items[i]);
                put_line_escaped(s);
        }
        warnings += d->n_dropped - d->n_errors_dropped;
        if (d->n_errors_dropped)
                fprintf(stderr, "%s: %zu more error%s not shown\n", program_name,
                        d->n_errors_dropped, d->n_errors_dropped == 1 ? "" : "s");
        if (warnings) {
                _cleanup_free_ char *s = xasprintf(
                        "%s: %s: %zu warning%s (see 'seccompctl check %s')", program_name,
                        path, warnings, warnings == 1 ? "" : "s", path);
                put_line_escaped(s);
        }
}

/* Messages carry file names, profile and manifest names: escaped whole. */
static void error_line(const char *fmt, va_list ap, const char *suffix)
{
        char *msg = xvasprintf(fmt, ap);
        _cleanup_free_ char *line = xasprintf("%s: %s%s", program_name, msg, suffix);
        free(msg);
        put_line_escaped(line);
}

int cli_error_errno(int r, const char *fmt, ...)
{
        va_list ap;
        _cleanup_free_ char *suffix = xasprintf(": %s", strerror(r < 0 ? -r : r));
        va_start(ap, fmt);
        error_line(fmt, ap, suffix);
        va_end(ap);
        return r;
}

void cli_error(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        error_line(fmt, ap, "");
        va_end(ap);
}

int cli_need_parser_libs(const char *verb, unsigned libs)
{
        struct sc_diags d = {};
        int r = sc_parser_libs_load(libs, NULL, &d);
        if (r < 0)
                cli_error("%s: %s", verb, d.n ? d.items[0].message : "cannot load a library");
        sc_diags_clear(&d);
        return r;
}

int cli_parse_duration(const char *verb, const char *s, double *ret)
{
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        if (errno || end == s || *end || !(d > 0) || d > 1e9) {
                cli_error("%s: invalid --duration '%s' (seconds: more than 0, at most 1e9)",
                          verb, s);
                return -EINVAL;
        }
        *ret = d;
        return 0;
}

enum doc_format cli_format_for(const char *path)
{
        if (endswith(path, ".json"))
                return DOC_JSON;
        if (endswith(path, ".yaml") || endswith(path, ".yml"))
                return DOC_YAML;
        return DOC_AUTO;
}

int cli_load_profiles(const char *path, struct sc_diags *diags,
                      struct sc_profile_set *ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        const char *name = streq(path, "-") ? "<stdin>" : path;
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len);
        if (r < 0) {
                sc_diag_add(diags, SC_ERROR, name, (struct sc_pos){ 0 }, NULL,
                            "cannot read: %s%s", strerror(-r),
                            r == -EFBIG ? " (larger than 64 MiB)" : "");
                return r;
        }
        return sc_profile_parse(buf, len, name, cli_format_for(path), diags, ret);
}

int cli_load_one_profile(const char *path, struct sc_profile **ret)
{
        struct sc_diags d = { .max = MAX_DIAGS };
        struct sc_profile_set set = { 0 };
        int r = cli_load_profiles(path, &d, &set);
        if (r == 0 && set.n != 1) {
                sc_diag_add(&d, SC_ERROR, path, (struct sc_pos){ 0 }, NULL,
                            "holds %zu profiles; give a file with exactly one", set.n);
                r = -EINVAL;
        }
        cli_print_diags(&d);
        sc_diags_clear(&d);
        if (r < 0) {
                sc_profile_set_clear(&set);
                return r;
        }
        *ret = TAKE_PTR(set.profiles[0]);
        set.n = 0;
        sc_profile_set_clear(&set);
        return 0;
}

const char *cli_one_operand(const char *verb, int argc, char **argv, const char *what)
{
        if (optind != argc - 1) {
                cli_error("%s: expected exactly one %s (see --help)", verb, what);
                return NULL;
        }
        return argv[optind];
}

int cli_filter_operand(const char *verb, int argc, char **argv,
                       const struct cli_target_opts *o, struct sc_filter **ret)
{
        const char *path = cli_one_operand(verb, argc, argv, "PROFILE or FILE.bpf");
        if (!path)
                return EXIT_USAGE;
        return cli_filter_load(path, o, ret) < 0 ? EXIT_FAILED : EXIT_OK;
}

int cli_write_output(const char *verb, const char *path, const char *text)
{
        if (!path) {
                fputs(text, stdout);
                return 0;
        }
        int r = write_file_atomic(path, text, strlen(text), 0644);
        if (r < 0)
                return cli_error_errno(r, "%s: cannot write %s", verb, path);
        return 0;
}

void cli_put_escaped(const char *s)
{
        struct strbuf sb = {};
        strbuf_put_escaped(&sb, s, 0);
        fputs(sb.buf ? sb.buf : "", stdout);
        strbuf_clear(&sb);
}

int cli_read_manifest(const char *path, enum doc_format fmt, struct sc_diags *diags,
                      struct doc_stream *ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len);
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", path);
        return doc_parse(buf, len, path, fmt, NULL, diags, ret);
}

void cli_host_kernel(unsigned *major, unsigned *minor)
{
        struct utsname u;
        *major = *minor = 0;
        if (uname(&u) == 0 && sscanf(u.release, "%u.%u", major, minor) != 2)
                *major = *minor = 0;
}

void cli_target_opts_init(struct cli_target_opts *o)
{
        *o = (struct cli_target_opts){ .target = sc_arch_native(),
                                       .compat = SC_COMPAT_RUNC };
        cli_host_kernel(&o->kernel_major, &o->kernel_minor);
}

void cli_target_opts_clear(struct cli_target_opts *o)
{
        for (size_t i = 0; i < o->n_caps; i++)
                free((char *)o->caps[i]);
        free(o->caps);
        o->caps = NULL;
        o->n_caps = 0;
}

/* "CAP_SYS_ADMIN,net_raw" -> {"CAP_SYS_ADMIN", "CAP_NET_RAW"};
 * "default" is Docker's default set (alone, or in a list:
 * "default,CAP_SYS_ADMIN" adds to it), "" or "none" the empty set. */
static int parse_caps(struct cli_target_opts *o, const char *value)
{
        cli_target_opts_clear(o);
        if (streq(value, "default"))
                return 0;
        o->caps = xcalloc(strlen(value) + 2 + sc_docker_default_caps_n, sizeof(char *));
        if (streq(value, "none") || !*value)
                return 0;
        _cleanup_free_ char *copy = xstrdup(value);
        char *save = NULL;
        for (char *c = strtok_r(copy, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
                if (streq(c, "default")) {
                        for (size_t i = 0; i < sc_docker_default_caps_n; i++)
                                o->caps[o->n_caps++] = xstrdup(sc_docker_default_caps[i]);
                        continue;
                }
                char *cap = startswith(c, "CAP_") || startswith(c, "cap_")
                                    ? xstrdup(c)
                                    : xasprintf("CAP_%s", c);
                for (char *q = cap; *q; q++)
                        *q = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
                if (!sc_cap_known(cap)) {
                        /* A typo would silently mean "without it". */
                        cli_error("unknown capability '%s' in --caps (see capabilities(7))", c);
                        free(cap);
                        cli_target_opts_clear(o);
                        return -EINVAL;
                }
                o->caps[o->n_caps++] = cap;
        }
        return 0;
}

int cli_target_opt(struct cli_target_opts *o, const char *opt, const char *value)
{
        if (streq(opt, "--target")) {
                enum sc_arch a = sc_arch_from_name(value);
                if (a == SC_ARCH_INVALID) {
                        cli_error("unknown architecture '%s' (valid: %s)", value,
                                  sc_arch_valid_names());
                        return -EINVAL;
                }
                o->target = a;
                return 1;
        }
        if (streq(opt, "--compat")) {
                if (streq(value, "runc"))
                        o->compat = SC_COMPAT_RUNC;
                else if (streq(value, "crun"))
                        o->compat = SC_COMPAT_CRUN;
                else if (streq(value, "literal"))
                        o->compat = SC_COMPAT_LITERAL;
                else {
                        cli_error("unknown --compat '%s' (valid: runc, crun, literal)",
                                  value);
                        return -EINVAL;
                }
                return 1;
        }
        if (streq(opt, "--caps"))
                return parse_caps(o, value) < 0 ? -EINVAL : 1;
        if (streq(opt, "--kernel")) {
                /* Digits only, no wrap: sscanf's %u took "-1" and wrapped
                 * 4294967300 to 4. */
                const char *dot = strchr(value, '.');
                _cleanup_free_ char *major = dot ? strndup(value, (size_t)(dot - value)) : NULL;
                uint64_t ma, mi;
                if (!dot || !major || parse_u64(major, false, &ma) < 0 ||
                    parse_u64(dot + 1, false, &mi) < 0 || ma > 65535 || mi > 65535) {
                        cli_error("invalid --kernel '%s' (expected MAJOR.MINOR, each 0-65535)", value);
                        return -EINVAL;
                }
                o->kernel_major = (unsigned)ma;
                o->kernel_minor = (unsigned)mi;
                return 1;
        }
        return 0;
}

int cli_target_getopt(struct cli_target_opts *o, int code, const char *value)
{
        static const char *const names[] = {
                [CLI_OPT_TARGET - CLI_OPT_TARGET] = "--target",
                [CLI_OPT_COMPAT - CLI_OPT_TARGET] = "--compat",
                [CLI_OPT_CAPS - CLI_OPT_TARGET] = "--caps",
                [CLI_OPT_KERNEL - CLI_OPT_TARGET] = "--kernel",
        };
        if (code < CLI_OPT_TARGET || code > CLI_OPT_KERNEL)
                return 0;
        return cli_target_opt(o, names[code - CLI_OPT_TARGET], value);
}

struct sc_resolve_opts cli_resolve_opts(const struct cli_target_opts *o)
{
        return (struct sc_resolve_opts){
                .target = o->target,
                .caps = o->caps,
                .n_caps = o->n_caps,
                .kernel_major = o->kernel_major,
                .kernel_minor = o->kernel_minor,
        };
}

int cli_load_resolved(const char *path, const struct cli_target_opts *o,
                      struct sc_profile **ret)
{
        _cleanup_(sc_profile_freep) struct sc_profile *p = NULL;
        int r = cli_load_one_profile(path, &p);
        if (r < 0)
                return r;
        struct sc_resolve_opts ro = cli_resolve_opts(o);
        /* --caps none leaves caps non-NULL with n_caps == 0. */
        struct sc_diags d = { .max = MAX_DIAGS };
        r = sc_profile_resolve_in_place(p, &ro, &d);
        if (r >= 0) {
                struct sc_validate_opts vo = { .compat = o->compat, .target = o->target };
                if (sc_profile_validate(p, &vo, &d) > 0)
                        r = -EINVAL;
        }
        /* Verbs that use a profile report its errors; its warnings are
         * check's business (one line says how many). */
        if (o->defer_warnings) {
                for (size_t i = 0; i < d.n; i++)
                        if (d.items[i].severity == SC_ERROR) {
                                _cleanup_free_ char *s = sc_diag_format(&d.items[i]);
                                put_line_escaped(s);
                        }
        } else
                cli_print_diags_brief(&d, path);
        sc_diags_clear(&d);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

/* What lands in the kubelet's seccomp root is read by the runtime with
 * Go's encoding/json into a bare LinuxSeccomp: strict JSON, no BOM, no
 * comments, no YAML, no config.json around it.  Before, anything 'check'
 * took as YAML was written byte for byte and every Pod using it failed
 * with CreateContainerError. */
int cli_load_node_profiles(const char *path, const char *buf, size_t len,
                           bool normalize, bool quiet, struct sc_profile_set *ret,
                           bool *ret_raw)
{
        const char *name = streq(path, "-") ? "<stdin>" : path;
        enum doc_format fmt = cli_format_for(path);
        if (fmt == DOC_AUTO)
                fmt = doc_sniff(buf, len);
        struct sc_diags diags = { .max = MAX_DIAGS };
        struct sc_profile_set set = { 0 };
        bool lenient = false;
        int r = sc_profile_parse(buf, len, name, fmt, &diags, &set);
        if (r < 0 && fmt == DOC_JSON) {
                /* Would it be a profile as YAML (trailing comma, comment,
                 * BOM, YAML in a .json file)?  Then --normalize can help. */
                struct sc_diags d2 = { .max = MAX_DIAGS };
                struct sc_profile_set s2 = { 0 };
                if (sc_profile_parse(buf, len, name, DOC_YAML, &d2, &s2) == 0) {
                        lenient = true;
                        if (normalize) {
                                sc_diags_clear(&diags);
                                diags = d2;
                                d2 = (struct sc_diags){ 0 };
                                set = s2;
                                s2 = (struct sc_profile_set){ 0 };
                                r = 0;
                        }
                }
                sc_diags_clear(&d2);
                sc_profile_set_clear(&s2);
        }
        if (r >= 0) {
                struct sc_validate_opts vo = { .compat = SC_COMPAT_RUNC,
                                               .target = sc_arch_native() };
                for (size_t i = 0; i < set.n; i++)
                        sc_profile_validate(set.profiles[i], &vo, &diags);
        }
        sc_diags_sort(&diags);
        for (size_t i = 0; i < diags.n; i++) {
                if (quiet && diags.items[i].severity != SC_ERROR)
                        continue; /* -q: errors only */
                _cleanup_free_ char *line = sc_diag_format(&diags.items[i]);
                fprintf(stderr, "%s\n", line);
        }
        if (diags.n_dropped && !quiet)
                fprintf(stderr, "%s: %zu more problems not shown\n", program_name,
                        diags.n_dropped);
        bool bad = r < 0 || diags.n_errors > 0 || set.n == 0;
        sc_diags_clear(&diags);
        if (bad) {
                if (set.n == 0 && r >= 0)
                        cli_error("%s: no profile found", name);
                if (r < 0 && lenient && !normalize)
                        cli_error("%s: not strict JSON, which is all the runtime "
                                  "reads; --normalize writes the strict JSON "
                                  "equivalent", name);
                sc_profile_set_clear(&set);
                return -EINVAL;
        }

        bool spo = false, bare = set.n == 1;
        for (size_t i = 0; i < set.n; i++) {
                if (set.profiles[i]->name)
                        spo = true;
                if (!set.profiles[i]->json_prefix ||
                    !streq(set.profiles[i]->json_prefix, "$"))
                        bare = false;
        }
        bool raw = !spo && bare && fmt == DOC_JSON && !lenient && !normalize;
        if (!raw && !spo && !normalize) {
                if (set.n == 1 && set.profiles[0]->json_prefix &&
                    streq(set.profiles[0]->json_prefix, "$.linux.seccomp"))
                        cli_error("%s: a whole OCI config.json; the runtime reads "
                                  "a bare profile: --normalize writes its "
                                  "linux.seccomp as strict JSON", name);
                else
                        cli_error("%s: YAML, not JSON, which is all the runtime "
                                  "reads: --normalize writes it as strict JSON",
                                  name);
                sc_profile_set_clear(&set);
                return -EMEDIUMTYPE;
        }
        *ret = set;
        *ret_raw = raw;
        return 0;
}

char *cli_node_json(const struct sc_profile *p)
{
        _cleanup_free_ char *json = sc_profile_to_json(p, SC_JSON_PRETTY);
        size_t jl = strlen(json);
        return xasprintf("%s%s", json, jl && json[jl - 1] == '\n' ? "" : "\n");
}

static const char *const runtime_role_help[] = {
        [CLI_RUNTIME_CALLS] = "whose own calls a profile holds: runc, crun, runc,crun or none",
        [CLI_RUNTIME_DEFAULT_OF] = "whose RuntimeDefault: containerd or cri-o",
};

/* The names are the libraries' own (runtime-calls.h: runc, crun, none;
 * kube.h: containerd, cri-o and its other spellings); which of the two a
 * name belongs to is its role, and a verb takes one role. */
static int runtime_name_lookup(const char *verb, enum cli_runtime_role role,
                               const char *value, const char *name, unsigned *ret)
{
        enum sc_runtime rt;
        int k;
        if (role == CLI_RUNTIME_CALLS && sc_runtime_from_name(name, &rt) >= 0) {
                *ret = rt;
                return 0;
        }
        if (role == CLI_RUNTIME_DEFAULT_OF && (k = kube_runtime_from_name(name)) >= 0) {
                *ret = (unsigned)k;
                return 0;
        }
        cli_error("%s: invalid --runtime '%s' (here it means %s)", verb, value,
                  runtime_role_help[role]);
        return -EINVAL;
}

int cli_runtime_parse(const char *verb, enum cli_runtime_role role, const char *value,
                      unsigned *ret)
{
        unsigned v;
        if (role == CLI_RUNTIME_DEFAULT_OF) {
                if (runtime_name_lookup(verb, role, value, value, &v) < 0)
                        return -EINVAL;
                *ret = v;
                return 0;
        }
        /* runc,crun: a mask; none alone. */
        _cleanup_free_ char *copy = xstrdup(value);
        unsigned mask = 0;
        bool none = false;
        char *save = NULL;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (runtime_name_lookup(verb, role, value, t, &v) < 0)
                        return -EINVAL;
                if (v == SC_RUNTIME_NONE)
                        none = true;
                else
                        mask |= 1U << v;
        }
        if (none == (mask != 0)) {
                cli_error("%s: invalid --runtime '%s' (here it means %s)", verb, value,
                          runtime_role_help[role]);
                return -EINVAL;
        }
        *ret = mask;
        return 0;
}

/* "runc 1.1.5 and crun 1.8.1" */
static char *runtimes_describe(unsigned mask)
{
        struct strbuf sb = {};
        for (int rt = SC_RUNTIME_RUNC; rt < _SC_RUNTIME_MAX; rt++) {
                if (!(mask & (1U << rt)))
                        continue;
                if (sb.len)
                        strbuf_puts(&sb, " and ");
                strbuf_printf(&sb, "%s %s", sc_runtime_name((enum sc_runtime)rt),
                              sc_runtime_version((enum sc_runtime)rt));
        }
        return strbuf_steal(&sb);
}

void cli_print_runtimes(const char *verb, unsigned runtimes)
{
        _cleanup_free_ char *who = NULL;
        if (!runtimes)
                return;
        who = runtimes_describe(runtimes);
        fprintf(stderr,
                "%s: %s: profiles include what %s call%s itself after loading the filter (--runtime none leaves it out)\n",
                program_name, verb, who, runtimes & (runtimes - 1) ? "" : "s");
}

int cli_add_runtime_calls(const char *verb, unsigned runtimes, bool quiet, struct sc_profile **p)
{
        for (int rt = SC_RUNTIME_RUNC; rt < _SC_RUNTIME_MAX; rt++) {
                _cleanup_free_ char *added = NULL;
                struct sc_profile *q = NULL;
                int r;

                if (!(runtimes & (1U << rt)))
                        continue;
                r = sc_runtime_add_calls(*p, (enum sc_runtime)rt, SC_RTW_DEFAULT, &q, &added);
                if (r < 0)
                        return cli_error_errno(r, "%s: cannot add %s's own calls", verb,
                                               sc_runtime_name((enum sc_runtime)rt));
                sc_profile_free(*p);
                *p = q;
                if (quiet)
                        continue;
                if (*added)
                        fprintf(stderr,
                                "%s: %s: added what %s %s calls itself after loading the filter: %s (--runtime none leaves them out)\n",
                                program_name, verb, sc_runtime_name((enum sc_runtime)rt),
                                sc_runtime_version((enum sc_runtime)rt), added);
                else
                        fprintf(stderr,
                                "%s: %s: the profile already allows what %s %s calls itself after loading the filter\n",
                                program_name, verb, sc_runtime_name((enum sc_runtime)rt),
                                sc_runtime_version((enum sc_runtime)rt));
        }
        return 0;
}
