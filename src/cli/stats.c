/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl stats: how big and how fast a compiled profile is. */
#include <getopt.h>

#include "bpf.h"
#include "cli.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s stats [OPTIONS] PROFILE|FILE.bpf\n"
               "\n"
               "Compile the profile and report: the program length, the mean and worst\n"
               "number of instructions executed per syscall number (0-1023 of each\n"
               "architecture in the filter, arguments zero), how many syscalls are\n"
               "allowed whatever their arguments, and how many of those the kernel's\n"
               "action cache (Linux >= 5.11, seccomp_is_const_allow) serves without\n"
               "running the filter at all.\n"
               "\n"
               "Options:\n"
               "  --target ARCH   architecture to compile for (default: this machine's)\n"
               CLI_COMPILE_OPTIONS_HELP
               "  --json          JSON output\n"
               "  -h, --help      show this help\n"
               "\n"
               "Exit status: 0 on success, 1 when the input is invalid, 2 on a usage\n"
               "error.\n"
               "\n"
               "Example:\n"
               "  %s stats --target x86_64 moby-default.json\n",
               program_name, program_name);
}

/* The arches the program covers, target first: the constants compared
 * right after `ld [arch]`.  Returns how many went into arches. */
static size_t filter_arches(const struct sc_filter *f, enum sc_arch target,
                            enum sc_arch arches[static _SC_ARCH_MAX])
{
        size_t n = 0;
        arches[n++] = target;
        bool in_arch = false;
        for (size_t i = 0; i < f->n; i++) {
                const struct sc_insn *in = &f->insns[i];
                if (SC_BPF_CLASS(in->code) == SC_BPF_LD)
                        in_arch = in->code == (SC_BPF_LD | SC_BPF_W | SC_BPF_ABS) &&
                                  in->k == SC_OFF_ARCH;
                if (!in_arch || in->code != (SC_BPF_JMP | SC_BPF_JEQ | SC_BPF_K))
                        continue;
                for (int a = 0; a < _SC_ARCH_MAX; a++) {
                        bool seen = false;
                        if (sc_arch_info((enum sc_arch)a)->audit_arch != in->k)
                                continue;
                        for (size_t j = 0; j < n; j++)
                                seen = seen || arches[j] == (enum sc_arch)a;
                        if (!seen)
                                arches[n++] = (enum sc_arch)a;
                }
        }
        return n;
}

int verb_stats(int argc, char **argv)
{
        static const struct option opts[] = {
                CLI_TARGET_OPTIONS,
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        bool json = false;
        int c, r;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case 'j': json = true; break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        if ((r = cli_filter_operand("stats", argc, argv, &to, &f)) != EXIT_OK)
                return r;
        enum sc_arch arches[_SC_ARCH_MAX];
        size_t n = filter_arches(f, to.target, arches);

        if (json)
                printf("{\"instructions\":%zu,\"arches\":[", f->n);
        else
                printf("instructions: %zu\n", f->n);
        for (size_t i = 0; i < n; i++) {
                const struct sc_arch_info *info = sc_arch_info(arches[i]);
                struct sc_filter_stats s;
                sc_filter_stats(f, info->audit_arch, info->nr_offset, 1024, &s);
                if (json)
                        printf("%s{\"arch\":\"%s\",\"mean_executed\":%.2f,"
                               "\"worst_executed\":%zu,\"worst_nr\":%u,"
                               "\"allowed_unconditionally\":%zu,"
                               "\"kernel_cached\":%zu}",
                               i ? "," : "", info->scmp_name, s.mean_executed,
                               s.worst_executed, s.worst_nr, s.n_allowed_uncond,
                               s.n_const_allow);
                else
                        printf("%s: executed per syscall: mean %.2f, worst %zu "
                               "(nr %u); allowed unconditionally: %zu, served by "
                               "the kernel's action cache: %zu\n",
                               info->name, s.mean_executed, s.worst_executed,
                               s.worst_nr, s.n_allowed_uncond, s.n_const_allow);
        }
        if (json)
                printf("]}\n");
        return EXIT_OK;
}
