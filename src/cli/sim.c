/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl sim: what a filter answers to one syscall, without a kernel. */
#include <getopt.h>

#include "bpf.h"
#include "cli.h"
#include "fileio.h"
#include "syscalls.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s sim [OPTIONS] PROFILE|FILE.bpf SYSCALL [ARG0 ... ARG5]\n"
               "       %s sim [OPTIONS] --batch FILE PROFILE|FILE.bpf\n"
               "\n"
               "Run the compiled filter on one system call, as the kernel would, and\n"
               "print the action it returns (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(1), ...).\n"
               "SYSCALL is a name (looked up on the --arch table) or a number (the raw\n"
               "seccomp_data.nr).  Arguments are decimal, 0x hex, or negative (taken as\n"
               "64-bit two's complement: -1 is 0xffffffffffffffff).\n"
               "\n"
               "Options:\n"
               "  --target ARCH   architecture to compile for (default: this machine's)\n"
               "  --arch ARCH     architecture of the calling process, i.e. the\n"
               "                  seccomp_data.arch value (default: the target)\n"
               CLI_COMPILE_OPTIONS_HELP
               "  --batch FILE    one 'ARCH SYSCALL [ARGS...]' per line ('-' for stdin,\n"
               "                  '#' starts a comment); one result line each\n"
               "  --json          JSON output (one object per line)\n"
               "  -h, --help      show this help\n"
               "\n"
               "Exit status: 0 on success, 1 when the input is invalid, 2 on a usage\n"
               "error.\n"
               "\n"
               "Examples:\n"
               "  %s sim moby-default.json personality 0xffffffff\n"
               "  %s sim --arch x86 moby-default.json socketcall 1\n"
               "  %s sim --json filter.bpf 0x40000000\n",
               program_name, program_name, program_name, program_name,
               program_name);
}

static int parse_arg(const char *s, uint64_t *ret)
{
        uint64_t v;
        int r;
        if (s[0] == '-') {
                r = parse_u64(s + 1, true, &v);
                if (r >= 0)
                        *ret = (uint64_t)0 - v;
                return r;
        }
        return parse_u64(s, true, ret);
}

static int sim_one(const struct sc_filter *f, enum sc_arch arch, char **words,
                   size_t n, bool json)
{
        const struct sc_arch_info *info = sc_arch_info(arch);
        struct sc_seccomp_data d = { .arch = info->audit_arch };
        uint32_t nr;
        uint64_t v;

        if (n < 1 || n > 7) {
                cli_error("expected SYSCALL and at most 6 arguments");
                return -EINVAL;
        }
        if (sc_syscall_resolve(arch, words[0], &nr) >= 0)
                d.nr = nr + info->nr_offset;
        else if (parse_u64(words[0], true, &v) >= 0 && v <= UINT32_MAX)
                d.nr = (uint32_t)v;
        else if (words[0][0] == '-' && parse_arg(words[0], &v) >= 0 &&
                 (int64_t)v >= INT32_MIN)
                /* syscall(-1) and friends: seccomp_data.nr is an int. */
                d.nr = (uint32_t)(int32_t)(int64_t)v;
        else {
                cli_error("unknown syscall '%s' on %s", words[0], info->name);
                return -EINVAL;
        }
        for (size_t i = 1; i < n; i++)
                if (parse_arg(words[i], &d.args[i - 1]) < 0) {
                        cli_error("invalid argument '%s'", words[i]);
                        return -EINVAL;
                }
        size_t executed;
        uint32_t ret = sc_sim_run(f, &d, &executed);
        _cleanup_free_ char *desc = sc_ret_describe(ret);
        if (!json) {
                printf("%s\n", desc);
                return 0;
        }
        struct strbuf sb = { 0 };
        const char *name = sc_syscall_name(arch, d.nr - info->nr_offset);
        strbuf_puts(&sb, "{\"arch\":");
        strbuf_json_string(&sb, info->scmp_name);
        strbuf_puts(&sb, ",\"syscall\":");
        if (name && d.nr >= info->nr_offset)
                strbuf_json_string(&sb, name);
        else
                strbuf_puts(&sb, "null");
        strbuf_printf(&sb, ",\"nr\":%u,\"args\":[", d.nr);
        for (size_t i = 0; i < 6; i++)
                strbuf_printf(&sb, "%s%" PRIu64, i ? "," : "", d.args[i]);
        strbuf_puts(&sb, "],\"action\":");
        strbuf_json_string(&sb, desc);
        strbuf_printf(&sb, ",\"ret\":%u,\"executed\":%zu}\n", ret, executed);
        fputs(sb.buf, stdout);
        strbuf_clear(&sb);
        return 0;
}

static int run_batch(const struct sc_filter *f, const char *path, bool json)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len), bad = 0;
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", path);
        unsigned lineno = 0;
        for (char *line = buf, *next; line && *line; line = next) {
                /* ARCH, SYSCALL, 6 arguments, and one more to notice a
                 * seventh (sim_one refuses it; it was once dropped). */
                char *words[9];
                size_t n = 0;
                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                lineno++;
                char *hash = strchr(line, '#');
                if (hash)
                        *hash = '\0';
                for (char *tok = strtok(line, " \t\r"); tok && n < ELEMENTSOF(words);
                     tok = strtok(NULL, " \t\r"))
                        words[n++] = tok;
                if (n == 0)
                        continue;
                enum sc_arch a = sc_arch_from_name(words[0]);
                if (a == SC_ARCH_INVALID) {
                        cli_error("%s:%u: unknown architecture '%s'", path,
                                  lineno, words[0]);
                        bad = 1;
                        continue;
                }
                if (sim_one(f, a, words + 1, n - 1, json) < 0) {
                        cli_error("%s:%u: skipped", path, lineno);
                        bad = 1;
                }
        }
        return bad ? -EINVAL : 0;
}

int verb_sim(int argc, char **argv)
{
        static const struct option opts[] = {
                CLI_TARGET_OPTIONS,
                { "arch", required_argument, NULL, 'a' },
                { "batch", required_argument, NULL, 'b' },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        enum sc_arch arch = SC_ARCH_INVALID;
        const char *batch = NULL;
        bool json = false;
        int c, r;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "+h", opts, NULL)) >= 0) {
                switch (c) {
                case 'a':
                        arch = sc_arch_from_name(optarg);
                        if (arch == SC_ARCH_INVALID) {
                                cli_error("unknown architecture '%s' (valid: %s)",
                                          optarg, sc_arch_valid_names());
                                return EXIT_USAGE;
                        }
                        break;
                case 'b': batch = optarg; break;
                case 'j': json = true; break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (batch ? optind != argc - 1 : argc - optind < 2) {
                cli_error("sim: expected PROFILE|FILE.bpf and a SYSCALL, or --batch "
                          "(see --help)");
                return EXIT_USAGE;
        }
        if (arch == SC_ARCH_INVALID)
                arch = to.target;
        _cleanup_(sc_filter_freep) struct sc_filter *f = NULL;
        if (cli_filter_load(argv[optind], &to, &f) < 0)
                return EXIT_FAILED;
        if (batch)
                r = run_batch(f, batch, json);
        else
                r = sim_one(f, arch, argv + optind + 1,
                            (size_t)(argc - optind - 1), json);
        return r < 0 ? EXIT_FAILED : EXIT_OK;
}
