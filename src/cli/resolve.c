/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl resolve: which seccomp profile each container of a Pod or
 * workload gets, as the kubelet (v1.27+) and the runtime decide. */
#include <getopt.h>

#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "verbs.h"

static void help(void)
{
        printf("Usage: %s resolve [OPTIONS] MANIFEST...\n"
               "\n"
               "Print, for every init, regular and ephemeral container of the Pods and\n"
               "pod templates (Deployment, StatefulSet, DaemonSet, ReplicaSet,\n"
               "ReplicationController, Job, CronJob, PodTemplate, and *List of them) in\n"
               "MANIFEST (YAML or JSON, multi-document, \"-\" for stdin), the seccomp\n"
               "profile the kubelet would apply:\n"
               "\n"
               "  - the container's securityContext.seccompProfile wins over the Pod's;\n"
               "    the two levels are never merged;\n"
               "  - neither set: Unconfined, or RuntimeDefault with --seccomp-default;\n"
               "  - privileged: true runs Unconfined and no Localhost file is read;\n"
               "  - Localhost: ROOT/<localhostProfile>, which must exist and pass\n"
               "    'seccompctl check' (reported like the runtime's CreateContainerError);\n"
               "  - objects the API server would reject are reported with its message\n"
               "    and field path;\n"
               "  - the alpha annotations seccomp.security.alpha.kubernetes.io/pod and\n"
               "    container.seccomp.security.alpha.kubernetes.io/NAME, non-functional\n"
               "    since v1.27, are warned about with the field to use instead;\n"
               "  - Windows Pods (spec.os.name: windows) cannot set seccomp.\n"
               "What the API server rejects is an error, in its words: ephemeralContainers\n"
               "in a Pod being created or in any pod template, an alpha annotation that is\n"
               "not runtime/default, docker/default, unconfined or localhost/PATH, and an\n"
               "annotation that disagrees with the field of the same pod or container.\n"
               "A Pod read back from a cluster (status or metadata.uid set) may hold\n"
               "ephemeral containers.  localhostProfile: \"\" passes the API server but the\n"
               "kubelet refuses it (CreateContainerConfigError).\n"
               "Other kinds (Service, kind's Cluster, ...) are skipped with a note.\n"
               "\n"
               "Runtimes differ on two points, and --runtime says whose rule to follow:\n"
               "  containerd  privileged containers run Unconfined; RuntimeDefault is\n"
               "              its built-in profile (Docker's rules, EPERM)\n"
               "  cri-o       privileged containers run Unconfined unless crio.conf sets\n"
               "              privileged_seccomp_profile (CRI-O 1.33+; give it with\n"
               "              --privileged-seccomp-profile); RuntimeDefault is\n"
               "              containers/common's profile (defaultErrno ENOSYS)\n"
               "\n"
               "Options:\n"
               "  --root DIR          the kubelet's seccomp root (default %s)\n"
               "  --seccomp-default   the kubelet runs with --seccomp-default\n"
               "                      (seccompDefault: true in its configuration)\n"
               "  --runtime NAME      containerd (default) or cri-o\n"
               "  --privileged-seccomp-profile PATH\n"
               "                      CRI-O's privileged_seccomp_profile: privileged\n"
               "                      containers load PATH (requires --runtime cri-o)\n"
               "  --namespace NS      the namespace of objects that name none (default\n"
               "                      \"default\", as kubectl's context would)\n"
               "  --json              print one JSON array, an object per container:\n"
               "                      {\"manifest\", \"kind\", \"namespace\", \"pod\",\n"
               "                       \"container\", \"containerKind\", \"type\",\n"
               "                       \"runtimeDefault\", \"path\", \"error\", \"warnings\"}\n"
               "                      (runtimeDefault names the runtime's profile when\n"
               "                      type is RuntimeDefault, else null)\n"
               "  -h, --help          show this help\n"
               "\n"
               "Exit status:\n"
               "  0  every container would start\n"
               "  1  at least one would not (invalid object, missing or invalid profile),\n"
               "     or a manifest could not be read\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s resolve pod.yaml\n"
               "  %s resolve --root ./node-root --seccomp-default deploy/*.yaml\n"
               "  %s resolve --runtime cri-o --privileged-seccomp-profile \\\n"
               "      /etc/crio/privileged.json pod.yaml\n"
               "  kubectl get pods -o json | %s resolve --json -\n",
               program_name, KUBE_DEFAULT_SECCOMP_ROOT, program_name,
               program_name, program_name, program_name);
}

/* The runtime opens and reads the file when it creates the container. */
static void load_localhost(struct kube_container *c)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int r = read_file_bounded(c->path, SC_MAX_INPUT_SIZE, &buf, &len);
        if (r < 0) {
                const char *op = r == -EISDIR || r == -EFBIG || r == -EIO ? "read"
                                                                          : "open";
                kube_container_set_error(c, kube_load_error(c->path, op, -r));
                return;
        }
        struct sc_diags d = { .max = 20 };
        char *err = kube_check_profile(buf, len, c->path, &d);
        if (err)
                kube_container_set_error(c, err);
        else
                /* It loads; what check would warn about still matters
                 * (a profile that allows nothing, say). */
                for (size_t i = 0; i < d.n; i++)
                        if (d.items[i].severity == SC_WARNING) {
                                strv_push(&c->warnings, sc_diag_format(&d.items[i]));
                        }
        sc_diags_clear(&d);
}

struct manifest {
        char *file;
        struct kube_resolution res;
};

static void print_json(const struct manifest *m, size_t n, enum kube_runtime rt)
{
        struct strbuf sb = {};
        bool first = true;
        strbuf_putc(&sb, '[');
        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < m[i].res.n; j++) {
                        const struct kube_container *c = &m[i].res.containers[j];
                        strbuf_puts(&sb, first ? "\n  {" : ",\n  {");
                        first = false;
                        strbuf_puts(&sb, "\"manifest\": ");
                        strbuf_json_string(&sb, m[i].file);
                        strbuf_puts(&sb, ", \"kind\": ");
                        strbuf_json_string(&sb, c->kind);
                        strbuf_puts(&sb, ", \"namespace\": ");
                        strbuf_json_string(&sb, c->namespace);
                        strbuf_puts(&sb, ", \"pod\": ");
                        strbuf_json_string(&sb, c->pod);
                        strbuf_puts(&sb, ", \"container\": ");
                        strbuf_json_string(&sb, c->name);
                        strbuf_puts(&sb, ", \"containerKind\": ");
                        strbuf_json_string(&sb, kube_container_kind_name(c->ckind));
                        strbuf_puts(&sb, ", \"type\": ");
                        strbuf_json_string(&sb, kube_seccomp_type_name(c->type));
                        strbuf_puts(&sb, ", \"runtimeDefault\": ");
                        if (c->type == KUBE_SECCOMP_RUNTIME_DEFAULT)
                                strbuf_json_string(&sb, kube_runtime_default_name(rt));
                        else
                                strbuf_puts(&sb, "null");
                        strbuf_puts(&sb, ", \"path\": ");
                        if (c->path)
                                strbuf_json_string(&sb, c->path);
                        else
                                strbuf_puts(&sb, "null");
                        strbuf_puts(&sb, ", \"error\": ");
                        if (c->error)
                                strbuf_json_string(&sb, c->error);
                        else
                                strbuf_puts(&sb, "null");
                        strbuf_puts(&sb, ", \"warnings\": [");
                        for (size_t w = 0; w < c->warnings.n; w++) {
                                if (w)
                                        strbuf_puts(&sb, ", ");
                                strbuf_json_string(&sb, c->warnings.items[w]);
                        }
                        strbuf_puts(&sb, "]}");
                }
        strbuf_puts(&sb, first ? "]\n" : "\n]\n");
        fputs(sb.buf, stdout);
        strbuf_clear(&sb);
}

static void put_quoted(const char *s)
{
        struct strbuf sb = {};
        strbuf_put_quoted(&sb, s);
        fputs(sb.buf, stdout);
        strbuf_clear(&sb);
}

static void print_human(const struct manifest *m, size_t n, enum kube_runtime rt)
{
        bool runtime_default = false;
        for (size_t i = 0; i < n; i++) {
                for (size_t j = 0; j < m[i].res.n; j++) {
                        const struct kube_container *c = &m[i].res.containers[j];
                        if (j == 0 || m[i].res.containers[j - 1].object != c->object) {
                                cli_put_escaped(m[i].file);
                                printf(": %s ", c->kind);
                                put_quoted(c->pod);
                                putchar('\n');
                        }
                        printf("  %s ", kube_container_kind_name(c->ckind));
                        put_quoted(c->name);
                        printf(": %s", kube_seccomp_type_name(c->type));
                        if (c->path) {
                                putchar(' ');
                                cli_put_escaped(c->path);
                        }
                        printf(" (%s)\n", kube_source_name(c->source));
                        if (c->type == KUBE_SECCOMP_RUNTIME_DEFAULT && !c->error)
                                runtime_default = true;
                        for (size_t w = 0; w < c->warnings.n; w++) {
                                fputs("    warning: ", stdout);
                                cli_put_escaped(c->warnings.items[w]);
                                putchar('\n');
                        }
                        if (c->error) {
                                fputs("    error: ", stdout);
                                cli_put_escaped(c->error);
                                putchar('\n');
                        }
                }
        }
        if (runtime_default)
                printf("RuntimeDefault on %s: %s\n", kube_runtime_name(rt),
                       kube_runtime_default_name(rt));
}

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_options(int argc, char **argv, struct kube_resolve_opts *opts, bool *json)
{
        enum { OPT_ROOT = 256, OPT_DEFAULT, OPT_JSON, OPT_RUNTIME, OPT_PRIV, OPT_NS };
        static const struct option options[] = {
                { "root", required_argument, NULL, OPT_ROOT },
                { "seccomp-default", no_argument, NULL, OPT_DEFAULT },
                { "runtime", required_argument, NULL, OPT_RUNTIME },
                { "privileged-seccomp-profile", required_argument, NULL, OPT_PRIV },
                { "namespace", required_argument, NULL, OPT_NS },
                { "json", no_argument, NULL, OPT_JSON },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        unsigned rt;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case OPT_ROOT:
                        opts->root = optarg;
                        break;
                case OPT_DEFAULT:
                        opts->seccomp_default = true;
                        break;
                case OPT_JSON:
                        *json = true;
                        break;
                case OPT_RUNTIME:
                        if (cli_runtime_parse("resolve", CLI_RUNTIME_DEFAULT_OF, optarg,
                                              &rt) < 0)
                                return EXIT_USAGE;
                        opts->runtime = (enum kube_runtime)rt;
                        break;
                case OPT_PRIV:
                        opts->privileged_profile = optarg;
                        break;
                case OPT_NS:
                        opts->namespace = optarg;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        return EXIT_USAGE;
                }
        if (opts->privileged_profile && opts->runtime != KUBE_RUNTIME_CRIO) {
                cli_error("resolve: --privileged-seccomp-profile is CRI-O's setting "
                          "(add --runtime cri-o); containerd always runs privileged "
                          "containers Unconfined");
                return EXIT_USAGE;
        }
        if (opts->privileged_profile && opts->privileged_profile[0] != '/') {
                cli_error("resolve: --privileged-seccomp-profile must be an absolute "
                          "path, as in crio.conf");
                return EXIT_USAGE;
        }
        if (opts->namespace && !*opts->namespace) {
                cli_error("resolve: --namespace must not be empty");
                return EXIT_USAGE;
        }
        return -1;
}

/* One MANIFEST into m: each container's profile, its Localhost file read
 * as the runtime would.  EXIT_OK, or EXIT_FAILED when a container would
 * not start or the file could not be read or parsed. */
static int resolve_file(const char *path, const struct kube_resolve_opts *opts,
                        struct sc_diags *diags, struct manifest *m)
{
        struct doc_stream s = {};
        int ret = EXIT_OK;
        m->file = xstrdup(path);
        if (cli_read_manifest(path, cli_format_for(path), diags, &s) < 0)
                return EXIT_FAILED;
        kube_resolve_stream(&s, path, opts, diags, &m->res);
        doc_stream_clear(&s);
        for (size_t j = 0; j < m->res.n; j++) {
                struct kube_container *k = &m->res.containers[j];
                if (k->needs_file)
                        load_localhost(k);
                if (k->error)
                        ret = EXIT_FAILED;
        }
        return ret;
}

int verb_resolve(int argc, char **argv)
{
        struct kube_resolve_opts opts = { .root = KUBE_DEFAULT_SECCOMP_ROOT };
        bool json = false;
        int r = parse_options(argc, argv, &opts, &json);
        if (r >= 0)
                return r;
        /* The kubelet's root is absolute; so are the paths we report. */
        _cleanup_free_ char *abs_root = NULL;
        if (opts.root[0] != '/') {
                _cleanup_free_ char *cwd = getcwd(NULL, 0);
                if (!cwd) {
                        cli_error_errno(-errno, "getcwd");
                        return EXIT_FAILED;
                }
                opts.root = abs_root = xasprintf("%s/%s", cwd, opts.root);
        }
        if (optind >= argc) {
                cli_error("resolve: no MANIFEST given (see '%s resolve --help')",
                          program_name);
                return EXIT_USAGE;
        }

        size_t n = (size_t)(argc - optind);
        struct manifest *m = xcalloc(n, sizeof(*m));
        struct sc_diags diags = { .max = 1000 };
        int ret = EXIT_OK;
        for (size_t i = 0; i < n; i++)
                if (resolve_file(argv[optind + (int)i], &opts, &diags, &m[i]) != EXIT_OK)
                        ret = EXIT_FAILED;
        if (diags.n_errors > 0)
                ret = EXIT_FAILED;
        sc_diags_sort(&diags);
        cli_print_diags(&diags);
        if (json)
                print_json(m, n, opts.runtime);
        else
                print_human(m, n, opts.runtime);

        for (size_t i = 0; i < n; i++) {
                free(m[i].file);
                kube_resolution_clear(&m[i].res);
        }
        free(m);
        sc_diags_clear(&diags);
        return ret;
}
