/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl decompile: raw BPF programs back to the OCI profile. */
#include <getopt.h>

#include "cli.h"
#include "decompile.h"
#include "fileio.h"
#include "verbs.h"

int cli_decompile(const struct sc_filter_stack *s,
                  const struct cli_target_opts *o, bool auto_compat,
                  struct sc_decompile_result *ret)
{
        struct sc_decompile_opts dopts;
        struct sc_diags d = { .max = 200 };

        sc_decompile_opts_init(&dopts, o->target);
        dopts.compat = o->compat;
        dopts.auto_compat = auto_compat;
        int r = sc_decompile(s, &dopts, &d, ret);
        cli_print_diags(&d);
        sc_diags_clear(&d);
        if (r < 0)
                return cli_error_errno(r, "cannot decompile");
        const char *compat = ret->compat == SC_COMPAT_CRUN ? "crun"
                             : ret->compat == SC_COMPAT_LITERAL ? "literal" : "runc";
        if (ret->n_diffs == 0)
                fprintf(stderr,
                        "%s: exact: the profile compiles (%s, %s semantics) to a "
                        "filter that answers like this one at all %zu points "
                        "checked\n",
                        program_name, sc_arch_info(ret->target)->name, compat,
                        ret->n_checked);
        else if (ret->n_diffs == SIZE_MAX)
                fprintf(stderr,
                        "%s: warning: the profile could not be compiled back "
                        "(%s, %s semantics); treat it as an approximation\n",
                        program_name, sc_arch_info(ret->target)->name, compat);
        else
                fprintf(stderr,
                        "%s: warning: approximate: compiled (%s, %s semantics) "
                        "the profile answers differently at %zu of %zu points "
                        "checked\n",
                        program_name, sc_arch_info(ret->target)->name, compat,
                        ret->n_diffs, ret->n_checked);
        return 0;
}

static void help(void)
{
        printf("Usage: %s decompile [OPTIONS] FILE.bpf [FILE.bpf...]\n"
               "\n"
               "Turn seccomp programs (raw struct sock_filter arrays, as written by\n"
               "`seccompctl compile --format raw`, libseccomp's seccomp_export_bpf(),\n"
               "bubblewrap users or crun's cache) back into the OCI profile they\n"
               "enforce.  Nothing is pattern-matched: the program is run on every\n"
               "syscall number of every architecture it tests for and on argument\n"
               "values at the boundaries of the constants it compares arguments with;\n"
               "the verdicts become the default action, grouped rules and argument\n"
               "conditions.  The profile is then compiled again and compared with the\n"
               "input on that grid; stderr says whether it is exact.\n"
               "\n"
               "Several files are a stack of filters, in the order they were installed\n"
               "(the kernel runs the last one first and keeps the most restrictive\n"
               "action: KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE,\n"
               "LOG, ALLOW).\n"
               "\n"
               "Options:\n"
               "  --target ARCH   the arch whose numbers name syscalls first and that\n"
               "                  the check compiles for (default: this machine's, or\n"
               "                  the program's first arch when it lacks that one)\n"
               "  --compat MODE   check under runc or crun semantics only (default:\n"
               "                  try both, keep the exact one; runc adds an ENOSYS\n"
               "                  stub for numbers above the profile's largest)\n"
               "  --runtime RUNTIME  runc or crun: add the calls that runtime makes\n"
               "                  itself after loading the filter\n"
               "                  (data/runtime-calls.tsv), for reusing the profile in\n"
               "                  a container (default none: the program as it is)\n"
               "  -o, --output FILE  write the profile to FILE atomically (\"-\": stdout;\n"
               "                     a device or FIFO is written in place)\n"
               "  -h, --help      show this help\n"
               "\n"
               "Exit status: 0 when a profile was written (exact or not, see stderr),\n"
               "1 when an input is not a program the kernel would accept, 2 on a usage\n"
               "error.\n"
               "\n"
               "Examples:\n"
               "  %s compile --format raw -o moby.bpf moby-default.json\n"
               "  %s decompile moby.bpf > moby-again.json\n"
               "  %s decompile base.bpf added-by-app.bpf\n",
               program_name, program_name, program_name, program_name);
}

/* The stack FILE.bpf... name, in the order they were installed, as the
 * kernel runs them (installed last runs first).  Errors printed. */
static int read_stack(char **paths, size_t n, struct sc_filter **fs,
                      const struct sc_filter **run)
{
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *buf = NULL;
                size_t len;
                int r = read_file_bounded(paths[i], SC_BPF_MAXINSNS * 8, &buf, &len);
                if (r < 0)
                        return cli_error_errno(r, "cannot read %s", paths[i]);
                r = sc_filter_from_raw(buf, len, &fs[i]);
                if (r < 0) {
                        cli_error("%s: not a seccomp program the kernel would "
                                  "accept (%zu bytes)", paths[i], len);
                        return r;
                }
                run[n - 1 - i] = fs[i];
        }
        return 0;
}

int verb_decompile(int argc, char **argv)
{
        enum { OPT_RUNTIME = 0x200 };
        static const struct option opts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "compat", required_argument, NULL, CLI_OPT_COMPAT },
                { "output", required_argument, NULL, 'o' },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        unsigned runtimes = 0;
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        bool auto_compat = true;
        const char *output = NULL;
        _cleanup_free_ char *json = NULL;
        int c, ret = EXIT_FAILED;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) >= 0) {
                switch (c) {
                case 'o': output = optarg; break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("decompile", CLI_RUNTIME_CALLS, optarg,
                                              &runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        if (c == CLI_OPT_COMPAT)
                                auto_compat = false;
                        break;
                }
        }
        if (optind >= argc) {
                cli_error("decompile: expected FILE.bpf (see --help)");
                return EXIT_USAGE;
        }

        size_t n = (size_t)(argc - optind);
        struct sc_filter **fs = xcalloc(n, sizeof(*fs));
        const struct sc_filter **run = xcalloc(n, sizeof(*run));
        struct sc_decompile_result res = { 0 };
        if (read_stack(argv + optind, n, fs, run) < 0)
                goto out;
        struct sc_filter_stack s = { run, n };
        if (cli_decompile(&s, &to, auto_compat, &res) < 0 ||
            cli_add_runtime_calls("decompile", runtimes, false, &res.profile) < 0)
                goto out;
        json = sc_profile_to_json(res.profile, SC_JSON_PRETTY);
        if (!output && !endswith(json, "\n")) {
                char *nl = xasprintf("%s\n", json);
                free(json);
                json = nl;
        }
        if (cli_write_output("decompile", output, json) < 0)
                goto out;
        ret = EXIT_OK;
out:
        sc_decompile_result_clear(&res);
        for (size_t i = 0; i < n; i++)
                sc_filter_free(fs[i]);
        free(fs);
        free(run);
        return ret;
}
