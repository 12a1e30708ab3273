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
               CLI_COMPILE_OPTIONS_HELP
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
                CLI_TARGET_OPTIONS,
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        int c, r;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        if ((r = cli_filter_operand("disasm", argc, argv, &to, &f)) != EXIT_OK)
                return r;
        _cleanup_free_ char *s = sc_disasm(f, sc_arch_info(to.target)->big_endian, 0);
        fputs(s, stdout);
        return EXIT_OK;
}
