/* SPDX-License-Identifier: Apache-2.0 */
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
               "Only the seccomp checks run (seccompProfile_baseline and, at restricted,\n"
               "seccompProfile_restricted): a Pod that passes here can still be refused\n"
               "for another control (privileged, runAsNonRoot, capabilities, ...); the\n"
               "output names the checks that did not run.  Each object gets one line,\n"
               "FILE:LINE:COL: then PSA's own words.  A Pod that fails is printed as the\n"
               "API server rejects it:\n"
               "  pods \"NAME\" is forbidden: violates PodSecurity \"LEVEL:VERSION\": ...\n"
               "a workload as the warning kubectl prints for it:\n"
               "  Warning: would violate PodSecurity \"LEVEL:VERSION\": ...\n"
               "and an object that passes as:\n"
               "  pods \"NAME\": the seccomp checks of PodSecurity \"LEVEL:VERSION\" pass\n"
               "An empty (or comment-only) MANIFEST is an error, and so is finding no\n"
               "Pod or pod template in any MANIFEST: nothing was checked.  Other kinds\n"
               "beside workloads are skipped with a note.\n"
               "\n"
               "Options:\n"
               "  --level LEVEL      baseline or restricted (required)\n"
               "  --version VERSION  the policy version, v1.MINOR or latest (default),\n"
               "                     as in the pod-security.kubernetes.io/enforce-version\n"
               "                     namespace label\n"
               "  -q, --quiet        print only violations\n"
               "  --json             one JSON object: {\"policy\", \"checked\",\n"
               "                     \"notChecked\", \"results\": [{\"manifest\", \"line\",\n"
               "                     \"column\", \"kind\", \"name\", \"allowed\",\n"
               "                     \"reason\", \"message\"}]}\n"
               "  -h, --help         show this help\n"
               "\n"
               "Exit status:\n"
               "  0  every object is allowed\n"
               "  1  at least one violates the level, a manifest could not be read or\n"
               "     is empty, or no MANIFEST holds a Pod or pod template\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s psa --level restricted pod.yaml\n"
               "  %s psa --level baseline --version v1.18 legacy-pod.yaml\n",
               program_name, program_name, program_name);
}

/* Manifest strings reach the terminal: the one escape (util.h). */
static void put_safe(const char *s)
{
        struct strbuf sb = {};
        strbuf_put_escaped(&sb, s, 0);
        fputs(sb.buf ? sb.buf : "", stdout);
        strbuf_free(&sb);
}

int verb_psa(int argc, char **argv)
{
        enum { OPT_LEVEL = 256, OPT_VERSION, OPT_JSON };
        static const struct option options[] = {
                { "json", no_argument, NULL, OPT_JSON },
                { "level", required_argument, NULL, OPT_LEVEL },
                { "version", required_argument, NULL, OPT_VERSION },
                { "quiet", no_argument, NULL, 'q' },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        struct kube_psa_version version = { .latest = true };
        int level = -1;
        bool quiet = false, json = false;
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
                case OPT_JSON:
                        json = true;
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

        _cleanup_free_ char *policy =
                kube_psa_policy_name((enum kube_psa_level)level, &version);
        struct strbuf js = {};
        bool first = true;
        size_t n_checked = 0;
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
                if (diags.n_errors > 0)
                        ret = 1;
                size_t objects = 0;
                for (size_t j = 0; r >= 0 && j < s.n; j++)
                        if (s.docs[j] && s.docs[j]->kind != DOC_NULL)
                                objects++;
                if (r >= 0 && objects == 0) {
                        /* An empty or comment-only file would otherwise
                         * "pass" having checked nothing. */
                        cli_error("%s: empty (no object): nothing was checked", path);
                        ret = 1;
                }
                n_checked += res.n;
                for (size_t j = 0; j < res.n; j++) {
                        const struct kube_psa_result *p = &res.items[j];
                        if (!p->allowed)
                                ret = 1;
                        if (p->allowed && quiet)
                                continue;
                        _cleanup_free_ char *msg = kube_psa_message(
                                p, (enum kube_psa_level)level, &version);
                        if (json) {
                                strbuf_puts(&js, first ? "\n    {" : ",\n    {");
                                first = false;
                                strbuf_puts(&js, "\"manifest\": ");
                                strbuf_json_string(&js, path);
                                strbuf_printf(&js, ", \"line\": %u, \"column\": %u",
                                              p->pos.line, p->pos.col);
                                strbuf_puts(&js, ", \"kind\": ");
                                strbuf_json_string(&js, p->kind);
                                strbuf_puts(&js, ", \"name\": ");
                                strbuf_json_string(&js, p->name);
                                strbuf_printf(&js, ", \"allowed\": %s",
                                              p->allowed ? "true" : "false");
                                strbuf_puts(&js, ", \"reason\": ");
                                if (p->reason)
                                        strbuf_json_string(&js, p->reason);
                                else
                                        strbuf_puts(&js, "null");
                                strbuf_puts(&js, ", \"message\": ");
                                strbuf_json_string(&js, msg);
                                strbuf_putc(&js, '}');
                                continue;
                        }
                        put_safe(path);
                        printf(":%u:%u: ", p->pos.line, p->pos.col);
                        put_safe(msg);
                        putchar('\n');
                }
                kube_psa_results_free(&res);
                doc_stream_free(&s);
                sc_diags_clear(&diags);
        }

        if (n_checked == 0) {
                /* Other kinds only (a Service, a Namespace): not a pass. */
                cli_error("psa: no Pod or pod template in any MANIFEST: nothing was checked");
                ret = 1;
        }
        const char *ids[32];
        size_t n_run = kube_psa_checks((enum kube_psa_level)level, true, ids, 32);
        const char *not_run[32];
        size_t n_not = kube_psa_checks((enum kube_psa_level)level, false, not_run, 32);
        if (json) {
                struct strbuf out = {};
                strbuf_puts(&out, "{\"policy\": ");
                strbuf_json_string(&out, policy);
                strbuf_puts(&out, ", \"checked\": [");
                for (size_t i = 0; i < n_run && i < 32; i++) {
                        if (i)
                                strbuf_puts(&out, ", ");
                        strbuf_json_string(&out, ids[i]);
                }
                strbuf_puts(&out, "], \"notChecked\": [");
                for (size_t i = 0; i < n_not && i < 32; i++) {
                        if (i)
                                strbuf_puts(&out, ", ");
                        strbuf_json_string(&out, not_run[i]);
                }
                strbuf_puts(&out, "],\n  \"results\": [");
                strbuf_puts(&out, js.buf ? js.buf : "");
                strbuf_puts(&out, first ? "]}\n" : "\n  ]}\n");
                fputs(out.buf, stdout);
                strbuf_free(&out);
        } else if (!quiet) {
                printf("PodSecurity \"%s\": only the seccomp checks ran (", policy);
                for (size_t i = 0; i < n_run && i < 32; i++)
                        printf("%s%s", i ? ", " : "", ids[i]);
                printf("); not run: ");
                for (size_t i = 0; i < n_not && i < 32; i++)
                        printf("%s%s", i ? ", " : "", not_run[i]);
                putchar('\n');
        }
        strbuf_free(&js);
        return ret;
}
