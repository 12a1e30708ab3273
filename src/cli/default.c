/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl default: our built-in RuntimeDefault profile, resolved for a
 * target architecture and capability set. */
#include <getopt.h>

#include "cli.h"
#include "verbs.h"

/* data/runtime-default.json and data/runtime-default-crio.json, embedded
 * by tools/embed.sh. */
extern const char sc_runtime_default_json[];
extern const size_t sc_runtime_default_json_len;
extern const char sc_runtime_default_crio_json[];
extern const size_t sc_runtime_default_crio_json_len;

static const struct {
        const char *json;
        const size_t *len;
} runtime_defaults[_KUBE_RUNTIME_MAX] = {
        [KUBE_RUNTIME_CONTAINERD] = { sc_runtime_default_json, &sc_runtime_default_json_len },
        [KUBE_RUNTIME_CRIO] = { sc_runtime_default_crio_json, &sc_runtime_default_crio_json_len },
};

#define RUNTIME_DEFAULT_NAME "<RuntimeDefault>"

int cli_runtime_default(const struct cli_target_opts *o, struct sc_profile **ret)
{
        struct sc_diags d = { .max = 50 };
        struct sc_profile_set set = {};
        enum kube_runtime which = o->runtime;
        int r = sc_profile_parse(runtime_defaults[which].json, *runtime_defaults[which].len,
                                 RUNTIME_DEFAULT_NAME, DOC_JSON, &d, &set);
        if (r >= 0 && set.n != 1)
                r = -EINVAL;
        struct sc_profile *out = NULL;
        if (r >= 0) {
                struct sc_resolve_opts ro = cli_resolve_opts(o);
                r = sc_profile_resolve(set.profiles[0], &ro, &d, &out);
        }
        /* Our own file must be clean: anything but notes is a bug. */
        if (d.n_errors || d.n_warnings)
                cli_print_diags(&d);
        sc_diags_clear(&d);
        sc_profile_set_clear(&set);
        if (r < 0) {
                sc_profile_free(out);
                return r;
        }
        *ret = out;
        return 0;
}

static void help(void)
{
        printf("Usage: %s default [OPTIONS]\n"
               "\n"
               "Print seccompctl's built-in RuntimeDefault profile: the profile that\n"
               "'run --runtime-default' and '--type RuntimeDefault' enforce.  It has the\n"
               "effect of Docker's default profile (moby profiles/seccomp/default.json);\n"
               "its readable source is data/runtime-default.json in the source tree, in\n"
               "the Docker-extended format, and is resolved here for the target's\n"
               "architecture (archMap, includes/excludes.arches), the capability set\n"
               "(includes/excludes.caps) and the kernel version (minKernel), giving a\n"
               "plain OCI profile (linux.seccomp of a config.json).\n"
               "\n"
               "--runtime cri-o gives CRI-O's RuntimeDefault instead: containers/common's\n"
               "profile (denials are ENOSYS, not EPERM), with clone, clone3 and unshare\n"
               "narrowed as CRI-O does (namespaces only with CAP_SYS_ADMIN); its source\n"
               "is data/runtime-default-crio.json (tools/gen-crio-default.py).\n"
               "\n"
               "Options:\n"
               "  --runtime NAME    containerd (the default: Docker's rules) or cri-o\n"
               "  --target ARCH     resolve for ARCH (default: this machine's),\n"
               "                    e.g. x86_64, aarch64, SCMP_ARCH_S390X\n"
               "  --caps LIST       the container's capabilities, comma separated\n"
               "                    (CAP_SYS_ADMIN,NET_RAW); \"default\" (the default)\n"
               "                    is Docker's default set, \"none\" the empty set\n"
               "  --kernel X.Y      kernel version for minKernel (default: running)\n"
               "  --source          print the unresolved source file as embedded\n"
               "  -h, --help        show this help\n"
               "\n"
               "Exit status:\n"
               "  0  printed\n"
               "  1  the built-in profile could not be resolved (a bug)\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s default > runtime-default.json\n"
               "  %s default --target aarch64 --caps default,CAP_SYS_ADMIN\n"
               "  %s default --source | less\n"
               "  %s default --runtime cri-o\n",
               program_name, program_name, program_name, program_name, program_name);
}

int verb_default(int argc, char **argv)
{
        enum { OPT_SOURCE = 0x200, OPT_RUNTIME };
        static const struct option longopts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "arch", required_argument, NULL, CLI_OPT_TARGET },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "source", no_argument, NULL, OPT_SOURCE },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        bool source = false;
        unsigned rt;
        int c, r;

        cli_target_opts_init(&to);
        optind = 0;
        while ((c = getopt_long(argc, argv, "h", longopts, NULL)) >= 0) {
                switch (c) {
                case OPT_SOURCE:
                        source = true;
                        break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("default", CLI_RUNTIME_DEFAULT_OF, optarg,
                                              &rt) < 0)
                                return EXIT_USAGE;
                        to.runtime = (enum kube_runtime)rt;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (optind < argc) {
                cli_error("default: unexpected argument '%s'", argv[optind]);
                return EXIT_USAGE;
        }
        if (source) {
                fwrite(runtime_defaults[to.runtime].json, 1,
                       *runtime_defaults[to.runtime].len, stdout);
                return EXIT_OK;
        }
        _cleanup_(sc_profile_freep) struct sc_profile *p = NULL;
        r = cli_runtime_default(&to, &p);
        if (r < 0) {
                cli_error_errno(r, "default: cannot resolve the built-in profile");
                return EXIT_FAILED;
        }
        _cleanup_free_ char *json = sc_profile_to_json(p, SC_JSON_PRETTY);
        fputs(json, stdout);
        if (!endswith(json, "\n"))
                fputc('\n', stdout);
        return EXIT_OK;
}
