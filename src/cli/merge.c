/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl merge: the union of what several profiles allow. */
#include <getopt.h>

#include "cli.h"
#include "merge.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s merge [OPTIONS] PROFILE...\n"
               "\n"
               "Print one OCI profile that lets through every call that at least one\n"
               "PROFILE lets through (SCMP_ACT_ALLOW or SCMP_ACT_LOG), and nothing more:\n"
               "use it to combine recordings of several runs or containers.\n"
               "\n"
               "  - permissive rules are kept with their exact argument conditions;\n"
               "    a conditional rule is dropped only where an unconditional one for\n"
               "    the same syscall already allows every call;\n"
               "  - a denying rule (ERRNO, KILL, TRAP, TRACE, NOTIFY) is kept unless\n"
               "    another PROFILE certainly lets the same calls through;\n"
               "  - defaultAction is SCMP_ACT_ALLOW (else SCMP_ACT_LOG) when any\n"
               "    PROFILE's is, else the first PROFILE's;\n"
               "  - architectures and flags are the union.  OCI rules apply to every\n"
               "    listed architecture, so merging profiles recorded on different\n"
               "    architectures lets each one's syscalls through on both.\n"
               "Docker-format profiles (archMap, includes/excludes) are resolved for\n"
               "the target first.\n"
               "\n"
               "Options:\n"
               "  -o, --output FILE   write the result here (atomically) instead of\n"
               "                      standard output (\"-\": standard output; a\n"
               "                      device or FIFO is written in place)\n"
               "  --target ARCH       resolve Docker-format profiles for ARCH\n"
               "                      (default: this machine's)\n"
               CLI_RUNTIME_HELP
               "  -h, --help          show this help\n"
               "\n"
               "Exit status:\n"
               "  0  merged\n"
               "  1  a PROFILE could not be read or is invalid, or the output could not\n"
               "     be written\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s merge run1.json run2.json -o app.json\n"
               "  %s merge watch-out/*.json > node.json\n"
               "  %s merge --runtime none a.json b.json   # for %s run\n",
               program_name, program_name, program_name, program_name, program_name,
               program_name);
}

int verb_merge(int argc, char **argv)
{
        enum { OPT_RUNTIME = 0x200 };
        static const struct option options[] = {
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "output", required_argument, NULL, 'o' },
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts t;
        struct sc_profile **ps = NULL;
        struct sc_profile *m = NULL;
        _cleanup_free_ char *json = NULL;
        const char *out = NULL;
        unsigned runtimes = CLI_RUNTIME_DEFAULT;
        size_t n = 0;
        int c, r, ret = EXIT_OK;

        cli_target_opts_init(&t);
        optind = 0;
        while ((c = getopt_long(argc, argv, "o:h", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        out = optarg;
                        break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("merge", CLI_RUNTIME_CALLS, optarg,
                                              &runtimes) < 0)
                                return EXIT_USAGE;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        if (cli_target_getopt(&t, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        if (optind >= argc) {
                cli_error("merge: no PROFILE given (see '%s merge --help')",
                          program_name);
                return EXIT_USAGE;
        }

        ps = xcalloc((size_t)(argc - optind), sizeof *ps);
        for (int i = optind; i < argc; i++) {
                r = cli_load_resolved(argv[i], &t, &ps[n]);
                if (r < 0) {
                        ret = EXIT_FAILED;
                        goto out;
                }
                n++;
        }
        r = sc_profile_merge((const struct sc_profile *const *)ps, n, &m);
        if (r < 0) {
                cli_error_errno(r, "merge failed");
                ret = EXIT_FAILED;
                goto out;
        }
        if (cli_add_runtime_calls("merge", runtimes, false, &m) < 0) {
                ret = EXIT_FAILED;
                goto out;
        }
        json = sc_profile_to_json(m, SC_JSON_PRETTY);
        if (cli_write_output("merge", out, json) < 0)
                ret = EXIT_FAILED;
out:
        sc_profile_free(m);
        for (size_t i = 0; i < n; i++)
                sc_profile_free(ps[i]);
        free(ps);
        return ret;
}
