/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl disasm: read a compiled profile or a .bpf file. */
#include <getopt.h>

#include "bpf.h"
#include "cli.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s disasm [OPTIONS] PROFILE|FILE.bpf\n"
               "\n"
               "Print a seccomp program one instruction per line: labels (L12:) on jump\n"
               "targets, seccomp_data fields by name (ld [nr], ld [arch],\n"
               "ld [args[1].hi]) and return values decoded (ret ERRNO(1)).  A PROFILE is\n"
               "compiled first (as `compile` does); a file ending in .bpf is read as raw\n"
               "struct sock_filter instructions.\n"
               "\n"
               "Options:\n"
               "  --target ARCH   architecture to compile for (default: this machine's)\n"
               "  --compat MODE   runc (default), crun, or literal (argument rules in\n"
               "                  profile order, first match wins)\n"
               "  --caps LIST     capabilities for Docker includes/excludes\n"
               "  --kernel X.Y    kernel version for minKernel\n"
               "  -h, --help      show this help\n"
               "\n"
               "Exit status: 0 on success, 1 when the input is invalid, 2 on a usage\n"
               "error.\n"
               "\n"
               "Example:\n"
               "  %s disasm --target aarch64 fine-grained.json\n",
               program_name, program_name);
}

int verb_disasm(int argc, char **argv)
{
        static const struct option opts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "compat", required_argument, NULL, CLI_OPT_COMPAT },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        struct cli_target_opts to;
        int c, r;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case CLI_OPT_TARGET: case CLI_OPT_COMPAT: case CLI_OPT_CAPS: case CLI_OPT_KERNEL:
                        if (cli_target_getopt(&to, c, optarg) < 0)
                                return EXIT_USAGE;
                        break;
                case 'h': help(); return 0;
                default: return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                cli_error("disasm: expected exactly one PROFILE or FILE.bpf (see --help)");
                return EXIT_USAGE;
        }
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        r = cli_filter_load(argv[optind], &to, &f);
        bool be = sc_arch_info(to.target)->big_endian;
        cli_target_opts_free(&to);
        if (r < 0)
                return 1;
        _cleanup_free_ char *s = sc_disasm(f, be, 0);
        fputs(s, stdout);
        return 0;
}
