/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl show: the profile a runtime would actually apply. */
#include <getopt.h>

#include "cli.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s show [OPTIONS] PROFILE\n"
               "\n"
               "Print the profile as a container runtime would apply it, as plain OCI\n"
               "JSON: the Docker-extended format resolved for one architecture,\n"
               "capability set and kernel (archMap expanded, includes/excludes applied,\n"
               "comments dropped), then normalised: rules a runtime skips or that can\n"
               "never decide a syscall removed, rules with the same action and\n"
               "conditions merged, names sorted, default errno values made explicit.\n"
               "The meaning is unchanged; two profiles that print the same are the same.\n"
               "\n"
               "Options:\n"
               "  --target ARCH    architecture (default: this machine's); SCMP_ARCH_X86_64,\n"
               "                   x86_64 and amd64 are all accepted\n"
               "  --caps LIST      capabilities of the container, comma separated\n"
               "                   (default: Docker's default set; 'none' for none)\n"
               "  --kernel X.Y     kernel version for minKernel (default: this kernel)\n"
               "  --no-normalize   print the resolved profile without normalising it\n"
               "  --compact        one line of JSON\n"
               "  -o, --output FILE  write to FILE (atomically) instead of stdout (\"-\":\n"
               "                     stdout; a device or FIFO is written in place)\n"
               "  -h, --help       show this help\n"
               "\n"
               "Exit status: 0 on success, 1 when the profile is invalid, 2 on a usage\n"
               "error.\n"
               "\n"
               "Example:\n"
               "  %s show --target x86_64 --caps default moby-default.json\n",
               program_name, program_name);
}

int verb_show(int argc, char **argv)
{
        static const struct option opts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "no-normalize", no_argument, NULL, 'N' },
                { "compact", no_argument, NULL, 'C' },
                { "output", required_argument, NULL, 'o' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        bool normalize = true, compact = false;
        const char *output = NULL, *path;
        int c;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) >= 0) {
                switch (c) {
                case 'N': normalize = false; break;
                case 'C': compact = true; break;
                case 'o': output = optarg; break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (!(path = cli_one_operand("show", argc, argv, "PROFILE")))
                return EXIT_USAGE;
        _cleanup_(sc_profile_freep) struct sc_profile *p = NULL;
        if (cli_load_resolved(path, &to, &p) < 0)
                return EXIT_FAILED;
        if (normalize) {
                struct sc_profile *n = sc_profile_normalize(p);
                sc_profile_free(p);
                p = n;
        }
        _cleanup_free_ char *json = sc_profile_to_json(p, compact ? 0 : SC_JSON_PRETTY);
        if (cli_write_output("show", output, json) < 0)
                return EXIT_FAILED;
        if (!output && compact)
                putchar('\n');
        return EXIT_OK;
}
