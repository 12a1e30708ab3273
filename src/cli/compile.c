/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl compile: a profile as the exact BPF program a runtime loads. */
#include <getopt.h>

#include "bpf.h"
#include "cli.h"
#include "fileio.h"
#include "verbs.h"

int cli_filter_load(const char *path, const struct cli_target_opts *o,
                    struct sc_filter **ret)
{
        if (endswith(path, ".bpf")) {
                _cleanup_free_ char *buf = NULL;
                size_t len;
                int r = read_file_bounded(path, SC_BPF_MAXINSNS * 8, &buf, &len);
                if (r < 0)
                        return cli_error_errno(r, "cannot read %s", path);
                r = sc_filter_from_raw(buf, len, ret);
                if (r < 0)
                        cli_error("%s: not a seccomp program the kernel would "
                                  "accept (length %zu)", path, len);
                return r;
        }
        _cleanup_(sc_profile_freep) struct sc_profile *p = NULL;
        struct cli_target_opts lo = *o;
        lo.defer_warnings = true;
        int r = cli_load_resolved(path, &lo, &p);
        if (r < 0)
                return r;
        struct sc_compile_opts co;
        struct sc_diags d = { .max = 100 };
        sc_compile_opts_init(&co, o->target);
        co.compat = o->compat;
        r = sc_compile(p, &co, &d, ret);
        /* The compiler's warnings (names libseccomp does not know) are
         * counted like the validator's; errors are shown. */
        cli_print_diags_brief(&d, path);
        sc_diags_clear(&d);
        return r;
}

static void help(void)
{
        printf("Usage: %s compile [OPTIONS] PROFILE\n"
               "\n"
               "Compile a seccomp profile (OCI, Docker-extended, config.json or SPO) into\n"
               "the classic BPF program the kernel runs, with the semantics runc 1.1.5 +\n"
               "libseccomp 2.5.4 give it (or crun 1.8.1's with --compat crun): one section\n"
               "per architecture, the bad-arch action for any other, runc's ENOSYS stub.\n"
               "The program is a balanced range tree over syscall numbers: every\n"
               "unconditionally allowed syscall is served from the kernel's action cache.\n"
               "\n"
               "Options:\n"
               "  --target ARCH     architecture (default: this machine's); SCMP_ARCH_X86_64,\n"
               "                    x86_64 and amd64 are all accepted\n"
               "  --compat MODE     runc (default), crun, or literal (argument rules in\n"
               "                    profile order, first match wins, not libseccomp's tree)\n"
               "  --caps LIST       capabilities for Docker includes/excludes (default:\n"
               "                    Docker's default set; 'none' for none)\n"
               "  --kernel X.Y      kernel version for minKernel (default: this kernel)\n"
               "  --format FMT      raw (the struct sock_filter array, as bwrap --seccomp\n"
               "                    reads it), hex (one instruction per line), c (a C\n"
               "                    array) or disasm (default: disasm on a terminal, else raw)\n"
               "  -o, --output FILE write to FILE atomically instead of stdout (\"-\":\n"
               "                    stdout; a device or FIFO is written in place)\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status: 0 on success, 1 when the profile is invalid or cannot be\n"
               "compiled (conflicting rules, more than 4096 instructions), 2 on a usage\n"
               "error.\n"
               "\n"
               "Examples:\n"
               "  %s compile --target x86_64 -o moby.bpf moby-default.json\n"
               "  bwrap --seccomp 3 ... 3<moby.bpf\n"
               "  %s compile --format disasm profile.json | less\n",
               program_name, program_name, program_name);
}

int verb_compile(int argc, char **argv)
{
        static const struct option opts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "compat", required_argument, NULL, CLI_OPT_COMPAT },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "format", required_argument, NULL, 'f' },
                { "output", required_argument, NULL, 'o' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        struct cli_target_opts to;
        const char *output = NULL, *format = NULL;
        int c, r;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) >= 0) {
                switch (c) {
                case CLI_OPT_TARGET: case CLI_OPT_COMPAT: case CLI_OPT_CAPS: case CLI_OPT_KERNEL:
                        if (cli_target_getopt(&to, c, optarg) < 0)
                                return EXIT_USAGE;
                        break;
                case 'f': format = optarg; break;
                case 'o': output = optarg; break;
                case 'h': help(); return 0;
                default: return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                cli_error("compile: expected exactly one PROFILE (see --help)");
                return EXIT_USAGE;
        }
        if (!format)
                format = !output && isatty(STDOUT_FILENO) ? "disasm" : "raw";
        if (!streq(format, "raw") && !streq(format, "hex") &&
            !streq(format, "c") && !streq(format, "disasm")) {
                cli_error("unknown --format '%s' (valid: raw, hex, c, disasm)",
                          format);
                return EXIT_USAGE;
        }
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        r = cli_filter_load(argv[optind], &to, &f);
        bool be = sc_arch_info(to.target)->big_endian;
        cli_target_opts_clear(&to);
        if (r < 0)
                return 1;

        _cleanup_free_ char *text = NULL;
        const void *data;
        size_t len;
        if (streq(format, "raw")) {
                data = f->insns;
                len = f->n * sizeof(*f->insns);
        } else {
                text = streq(format, "hex") ? sc_filter_to_hex(f)
                       : streq(format, "c") ? sc_filter_to_c(f, "filter")
                                            : sc_disasm(f, be, 0);
                data = text;
                len = strlen(text);
        }
        if (output) {
                r = write_file_atomic(output, data, len, 0644);
                if (r < 0) {
                        cli_error_errno(r, "cannot write %s", output);
                        return 1;
                }
                return 0;
        }
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
                cli_error_errno(-errno, "cannot write to stdout");
                return 1;
        }
        return 0;
}
