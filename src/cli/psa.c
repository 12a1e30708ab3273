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

struct psa_opts {
        enum kube_psa_level level;
        struct kube_psa_version version;
        bool quiet, json;
};

/* What the manifests gave: the --json results so far, how many objects
 * were checked, the exit status. */
struct psa_run {
        struct strbuf js;
        bool first;
        size_t n_checked;
        int ret;
};

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_options(int argc, char **argv, struct psa_opts *o)
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
        int level = -1;
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
                        if (kube_psa_version_parse(optarg, &o->version) < 0) {
                                cli_error("psa: bad version '%s' (v1.MINOR or latest)",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'q':
                        o->quiet = true;
                        break;
                case OPT_JSON:
                        o->json = true;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
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
        o->level = (enum kube_psa_level)level;
        return -1;
}

static void put_result_json(struct psa_run *run, const char *path,
                            const struct kube_psa_result *p, const char *msg)
{
        struct strbuf *js = &run->js;
        strbuf_puts(js, run->first ? "\n    {" : ",\n    {");
        run->first = false;
        strbuf_puts(js, "\"manifest\": ");
        strbuf_json_string(js, path);
        strbuf_printf(js, ", \"line\": %u, \"column\": %u", p->pos.line, p->pos.col);
        strbuf_puts(js, ", \"kind\": ");
        strbuf_json_string(js, p->kind);
        strbuf_puts(js, ", \"name\": ");
        strbuf_json_string(js, p->name);
        strbuf_printf(js, ", \"allowed\": %s", p->allowed ? "true" : "false");
        strbuf_puts(js, ", \"reason\": ");
        if (p->reason)
                strbuf_json_string(js, p->reason);
        else
                strbuf_puts(js, "null");
        strbuf_puts(js, ", \"message\": ");
        strbuf_json_string(js, msg);
        strbuf_putc(js, '}');
}

/* One MANIFEST: each object's verdict, printed (FILE:LINE:COL: MESSAGE)
 * or added to the --json results. */
static void psa_file(const char *path, const struct psa_opts *o, struct psa_run *run)
{
        struct sc_diags diags = { .max = 1000 };
        struct doc_stream s = {};
        struct kube_psa_results res = {};
        int r = cli_read_manifest(path, DOC_AUTO, &diags, &s);
        /* A file that cannot be read was said, and has no diagnostics. */
        if (r >= 0)
                kube_psa_stream(&s, path, o->level, &o->version, &diags, &res);
        else
                run->ret = EXIT_FAILED;
        cli_print_diags(&diags);
        if (diags.n_errors > 0)
                run->ret = EXIT_FAILED;
        size_t objects = 0;
        for (size_t j = 0; r >= 0 && j < s.n; j++)
                if (s.docs[j] && s.docs[j]->kind != DOC_NULL)
                        objects++;
        if (r >= 0 && objects == 0) {
                /* An empty or comment-only file would otherwise "pass"
                 * having checked nothing. */
                cli_error("%s: empty (no object): nothing was checked", path);
                run->ret = EXIT_FAILED;
        }
        run->n_checked += res.n;
        for (size_t j = 0; j < res.n; j++) {
                const struct kube_psa_result *p = &res.items[j];
                if (!p->allowed)
                        run->ret = EXIT_FAILED;
                if (p->allowed && o->quiet)
                        continue;
                _cleanup_free_ char *msg = kube_psa_message(p, o->level, &o->version);
                if (o->json) {
                        put_result_json(run, path, p, msg);
                        continue;
                }
                cli_put_escaped(path);
                printf(":%u:%u: ", p->pos.line, p->pos.col);
                cli_put_escaped(msg);
                putchar('\n');
        }
        kube_psa_results_clear(&res);
        doc_stream_clear(&s);
        sc_diags_clear(&diags);
}

static void put_ids_json(struct strbuf *out, const char *const *ids, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_puts(out, ", ");
                strbuf_json_string(out, ids[i]);
        }
}

/* Which checks ran and which did not (PSA has more than the seccomp ones),
 * with the --json results. */
static void print_report(const char *policy, const struct psa_opts *o,
                         const struct psa_run *run)
{
        const char *ids[32], *not_run[32];
        size_t n_run = kube_psa_checks(o->level, true, ids, ELEMENTSOF(ids));
        size_t n_not = kube_psa_checks(o->level, false, not_run, ELEMENTSOF(not_run));
        n_run = n_run < ELEMENTSOF(ids) ? n_run : ELEMENTSOF(ids);
        n_not = n_not < ELEMENTSOF(not_run) ? n_not : ELEMENTSOF(not_run);
        if (o->json) {
                struct strbuf out = {};
                strbuf_puts(&out, "{\"policy\": ");
                strbuf_json_string(&out, policy);
                strbuf_puts(&out, ", \"checked\": [");
                put_ids_json(&out, ids, n_run);
                strbuf_puts(&out, "], \"notChecked\": [");
                put_ids_json(&out, not_run, n_not);
                strbuf_puts(&out, "],\n  \"results\": [");
                strbuf_puts(&out, run->js.buf ? run->js.buf : "");
                strbuf_puts(&out, run->first ? "]}\n" : "\n  ]}\n");
                fputs(out.buf, stdout);
                strbuf_clear(&out);
        } else if (!o->quiet) {
                printf("PodSecurity \"%s\": only the seccomp checks ran (", policy);
                for (size_t i = 0; i < n_run; i++)
                        printf("%s%s", i ? ", " : "", ids[i]);
                printf("); not run: ");
                for (size_t i = 0; i < n_not; i++)
                        printf("%s%s", i ? ", " : "", not_run[i]);
                putchar('\n');
        }
}

int verb_psa(int argc, char **argv)
{
        struct psa_opts o = { .version = { .latest = true } };
        struct psa_run run = { .first = true, .ret = EXIT_OK };
        int r = parse_options(argc, argv, &o);
        if (r >= 0)
                return r;

        _cleanup_free_ char *policy = kube_psa_policy_name(o.level, &o.version);
        for (int i = optind; i < argc; i++)
                psa_file(argv[i], &o, &run);
        if (run.n_checked == 0) {
                /* Other kinds only (a Service, a Namespace): not a pass. */
                cli_error("psa: no Pod or pod template in any MANIFEST: nothing was checked");
                run.ret = EXIT_FAILED;
        }
        print_report(policy, &o, &run);
        strbuf_clear(&run.js);
        return run.ret;
}
