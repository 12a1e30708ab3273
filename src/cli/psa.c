/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl psa: the seccomp checks of the Pod Security Standards, with
 * Pod Security Admission's messages. */
#include <getopt.h>

#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s psa --level baseline|restricted [OPTIONS] MANIFEST...\n"
               "\n"
               "Evaluate the seccomp controls of the Pod Security Standards on every Pod\n"
               "and pod template in MANIFEST (YAML or JSON, multi-document, \"-\" for\n"
               "stdin), as the PodSecurity admission plugin does, and print its message:\n"
               "\n"
               "  baseline    seccompProfile.type, where set, is RuntimeDefault or\n"
               "              Localhost (before v1.19: the alpha annotations are\n"
               "              runtime/default, docker/default or localhost/NAME);\n"
               "  restricted  additionally, the type must be set: at pod level, or on\n"
               "              every container (Windows pods are exempt from v1.25).\n"
               "\n"
               "A Pod that fails is printed as the API server rejects it:\n"
               "  pods \"NAME\" is forbidden: violates PodSecurity \"LEVEL:VERSION\": ...\n"
               "a workload as the warning PSA gives for it:\n"
               "  deployments.apps \"NAME\": would violate PodSecurity \"LEVEL:VERSION\": ...\n"
               "\n"
               "Options:\n"
               "  --level LEVEL      baseline or restricted (required)\n"
               "  --version VERSION  the policy version, v1.MINOR or latest (default),\n"
               "                     as in the pod-security.kubernetes.io/enforce-version\n"
               "                     namespace label\n"
               "  -q, --quiet        print only violations\n"
               "  -h, --help         show this help\n"
               "\n"
               "Exit status:\n"
               "  0  every object is allowed\n"
               "  1  at least one violates the level, or a manifest could not be read\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s psa --level restricted pod.yaml\n"
               "  %s psa --level baseline --version v1.18 legacy-pod.yaml\n",
               program_name, program_name, program_name);
}

int verb_psa(int argc, char **argv)
{
        enum { OPT_LEVEL = 256, OPT_VERSION };
        static const struct option options[] = {
                { "level", required_argument, NULL, OPT_LEVEL },
                { "version", required_argument, NULL, OPT_VERSION },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct kube_psa_version version = { .latest = true };
        int level = -1;
        bool quiet = false;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "qh", options, NULL)) >= 0)
                switch (c) {
                case OPT_LEVEL:
                        if (streq(optarg, "baseline"))
                                level = KUBE_PSA_BASELINE;
                        else if (streq(optarg, "restricted"))
                                level = KUBE_PSA_RESTRICTED;
                        else {
                                cli_error("psa: unknown level '%s' (baseline, restricted)",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case OPT_VERSION:
                        if (kube_psa_version_parse(optarg, &version) < 0) {
                                cli_error("psa: bad version '%s' (v1.MINOR or latest)",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'q':
                        quiet = true;
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        if (level < 0) {
                cli_error("psa: --level baseline|restricted is required");
                return EXIT_USAGE;
        }
        if (optind >= argc) {
                cli_error("psa: no MANIFEST given (see '%s psa --help')", program_name);
                return EXIT_USAGE;
        }

        int ret = 0;
        for (int i = optind; i < argc; i++) {
                const char *path = argv[i];
                _cleanup_free_ char *buf = NULL;
                size_t len = 0;
                int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len);
                if (r < 0) {
                        cli_error_errno(r, "cannot read %s", path);
                        ret = 1;
                        continue;
                }
                struct sc_diags diags = { .max = 1000 };
                struct doc_stream s = {};
                struct kube_psa_results res = {};
                r = doc_parse(buf, len, path, DOC_AUTO, NULL, &diags, &s);
                if (r >= 0)
                        kube_psa_stream(&s, path, (enum kube_psa_level)level,
                                        &version, &diags, &res);
                else
                        ret = 1;
                cli_print_diags(&diags);
                for (size_t j = 0; j < res.n; j++) {
                        const struct kube_psa_result *p = &res.items[j];
                        if (p->allowed && quiet)
                                continue;
                        _cleanup_free_ char *msg = kube_psa_message(
                                p, (enum kube_psa_level)level, &version);
                        if (p->allowed)
                                printf("%s:%u:%u: %s\n", path, p->pos.line,
                                       p->pos.col, msg);
                        else {
                                printf("%s:%u:%u: error: %s\n", path, p->pos.line,
                                       p->pos.col, msg);
                                ret = 1;
                        }
                }
                kube_psa_results_free(&res);
                doc_stream_free(&s);
                sc_diags_clear(&diags);
        }
        return ret;
}
