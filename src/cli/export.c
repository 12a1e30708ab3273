/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl export: a profile as a Security Profiles Operator resource,
 * as the securityContext that points a container at it, or as a
 * ConfigMap that carries it to the nodes. */
#include <getopt.h>

#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "verbs.h"

#define SPO_API_VERSION "security-profiles-operator.x-k8s.io/v1"

static void help(void)
{
        printf("Usage: %s export --format FORMAT [OPTIONS] PROFILE...\n"
               "\n"
               "Print PROFILE (OCI or Docker JSON, or SPO SeccompProfile YAML; validated\n"
               "like 'check' first) as Kubernetes YAML:\n"
               "\n"
               "  spo              a Security Profiles Operator SeccompProfile\n"
               "                   (%s),\n"
               "                   one document per profile.  Docker includes/excludes/\n"
               "                   archMap are resolved for the native architecture\n"
               "                   first; what the CRD cannot hold is refused\n"
               "                   (defaultErrnoRet other than EPERM, argument values\n"
               "                   above 2^63-1); comments are dropped.\n"
               "  securitycontext  the securityContext snippet for a container using the\n"
               "                   profile as installed by 'seccompctl install' (the same\n"
               "                   relative path, or NAME.json for an SPO resource)\n"
               "  configmap        a ConfigMap whose keys are the profiles' file names,\n"
               "                   for 'seccompctl install --watch' (see deploy/)\n"
               "\n"
               "Options:\n"
               "  --format FORMAT      spo, securitycontext or configmap (required)\n"
               "  --name NAME          metadata.name (spo: one profile only; default its\n"
               "                       SPO name or file base name; configmap: default\n"
               "                       seccomp-profiles)\n"
               "  --namespace NS       metadata.namespace (ConfigMap only: SPO\n"
               "                       SeccompProfiles are cluster-scoped)\n"
               "  --path REL           securitycontext: the localhostProfile to use\n"
               "  -h, --help           show this help\n"
               "\n"
               "Exit status:\n"
               "  0  printed\n"
               "  1  a profile is invalid or cannot be expressed in the format\n"
               "  2  usage error\n"
               "\n"
               "Examples:\n"
               "  %s export --format spo profiles/audit.json | kubectl apply -f -\n"
               "  %s export --format securitycontext profiles/audit.json\n"
               "  %s export --format configmap --namespace kube-system profiles/*.json\n",
               program_name, SPO_API_VERSION, program_name, program_name,
               program_name);
}

enum format { FMT_SPO, FMT_SECURITYCONTEXT, FMT_CONFIGMAP };

struct loaded {
        char *buf;               /* file text */
        size_t len;
        struct sc_profile_set set;
        bool spo;                /* SPO resources (profiles carry names) */
};

static void loaded_free(struct loaded *l)
{
        free(l->buf);
        sc_profile_set_free(&l->set);
        *l = (struct loaded){};
}

static int load_validated(const char *path, struct loaded *ret)
{
        struct loaded l = {};
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &l.buf, &l.len);
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", path);
        struct sc_diags diags = { .max = 100 };
        r = sc_profile_parse(l.buf, l.len, path, DOC_AUTO, &diags, &l.set);
        if (r >= 0) {
                struct sc_validate_opts vo = { .compat = SC_COMPAT_RUNC,
                                               .target = sc_arch_native() };
                for (size_t i = 0; i < l.set.n; i++)
                        sc_profile_validate(l.set.profiles[i], &vo, &diags);
        }
        sc_diags_sort(&diags);
        cli_print_diags(&diags);
        bool bad = r < 0 || diags.n_errors > 0 || l.set.n == 0;
        sc_diags_clear(&diags);
        if (bad) {
                cli_error("%s: not exported: it does not pass 'check'", path);
                loaded_free(&l);
                return -EINVAL;
        }
        for (size_t i = 0; i < l.set.n; i++)
                if (l.set.profiles[i]->name)
                        l.spo = true;
        *ret = l;
        return 0;
}

static const char *base_name(const char *path)
{
        const char *s = strrchr(path, '/');
        return s ? s + 1 : path;
}

/* The file name install gives a profile: its relative path, or its base
 * name; SPO resources become NAME.json beside it. */
static char *installed_rel(const char *path, const struct sc_profile *p, bool spo)
{
        bool relative = path[0] != '/' && !strstr(path, "..") &&
                        !startswith(path, "./") && !streq(path, "-");
        const char *rel = relative ? path : base_name(path);
        if (!spo)
                return xstrdup(rel);
        const char *slash = strrchr(rel, '/');
        return xasprintf("%.*s%s.json", slash ? (int)(slash - rel + 1) : 0, rel,
                         p->name ? p->name : "profile");
}

/* metadata.name from a file name: a DNS-1123 subdomain. */
static char *object_name(const char *path)
{
        _cleanup_free_ char *b = xstrdup(base_name(path));
        char *dot = strrchr(b, '.');
        if (dot && dot != b)
                *dot = 0;
        struct strbuf sb = {};
        for (const char *p = b; *p; p++) {
                char ch = *p;
                if (ch >= 'A' && ch <= 'Z')
                        ch = (char)(ch - 'A' + 'a');
                if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                      ch == '-' || ch == '.'))
                        ch = '-';
                strbuf_putc(&sb, ch);
        }
        if (sb.len == 0)
                strbuf_puts(&sb, "profile");
        return strbuf_steal(&sb);
}

static void map_remove_index(struct doc_node *map, size_t i)
{
        doc_node_free(map->keys[i]);
        doc_node_free(map->items[i]);
        memmove(map->keys + i, map->keys + i + 1, (map->n - i - 1) * sizeof(void *));
        memmove(map->items + i, map->items + i + 1, (map->n - i - 1) * sizeof(void *));
        map->n--;
        /* doc_node_free treats keys[n] as a key abandoned mid-parse. */
        map->keys[map->n] = NULL;
        map->items[map->n] = NULL;
}

static bool in_list(const char *s, const char *const *list)
{
        for (; *list; list++)
                if (streq(s, *list))
                        return true;
        return false;
}

/* Keep only the fields of the SPO v1 CRD (api/seccompprofile/v1):
 * anything else would be pruned by the API server, silently. */
static int spo_filter(const char *file, struct doc_node *root)
{
        static const char *const spec_fields[] = {
                "defaultAction", "architectures", "listenerPath",
                "listenerMetadata", "syscalls", "flags", NULL,
        };
        static const char *const rule_fields[] = { "names", "action", "errnoRet",
                                                   "args", NULL };
        static const char *const arg_fields[] = { "index", "value", "valueTwo",
                                                  "op", NULL };
        int ret = 0;
        for (size_t i = 0; i < root->n;) {
                const char *k = root->keys[i]->text;
                if (streq(k, "defaultErrnoRet")) {
                        uint64_t v = 0;
                        if (parse_u64(root->items[i]->text ? root->items[i]->text : "",
                                      false, &v) < 0 ||
                            v != SC_DEFAULT_ERRNO) {
                                cli_error("%s: defaultErrnoRet %s cannot be expressed "
                                          "in an SPO SeccompProfile (the CRD has no "
                                          "such field; the default is EPERM)",
                                          file, root->items[i]->text ? root->items[i]->text : "");
                                ret = -EINVAL;
                        }
                        map_remove_index(root, i);
                        continue;
                }
                if (!in_list(k, spec_fields)) {
                        map_remove_index(root, i);
                        continue;
                }
                i++;
        }
        struct doc_node *sys = doc_get(root, "syscalls");
        for (size_t r = 0; sys && sys->kind == DOC_SEQ && r < sys->n; r++) {
                struct doc_node *rule = sys->items[r];
                for (size_t i = 0; rule->kind == DOC_MAP && i < rule->n;)
                        if (!in_list(rule->keys[i]->text, rule_fields))
                                map_remove_index(rule, i);
                        else
                                i++;
                struct doc_node *args = doc_get(rule, "args");
                for (size_t a = 0; args && args->kind == DOC_SEQ && a < args->n; a++) {
                        struct doc_node *arg = args->items[a];
                        for (size_t i = 0; arg->kind == DOC_MAP && i < arg->n;) {
                                if (!in_list(arg->keys[i]->text, arg_fields)) {
                                        map_remove_index(arg, i);
                                        continue;
                                }
                                uint64_t v;
                                /* value and valueTwo are int64 in the CRD. */
                                if (arg->items[i]->kind == DOC_NUMBER &&
                                    parse_u64(arg->items[i]->text, false, &v) == 0 &&
                                    v > INT64_MAX) {
                                        cli_error("%s: syscalls[%zu].args[%zu].%s %s "
                                                  "does not fit the SPO CRD's int64",
                                                  file, r, a, arg->keys[i]->text,
                                                  arg->items[i]->text);
                                        ret = -EINVAL;
                                }
                                i++;
                        }
                }
        }
        return ret;
}

static int export_spo(const char *path, const struct loaded *l, const char *name,
                      struct strbuf *out)
{
        int ret = 0;
        for (size_t i = 0; i < l->set.n; i++) {
                const struct sc_profile *p = l->set.profiles[i];
                struct sc_profile *resolved = NULL;
                if (sc_profile_is_extended(p)) {
                        struct sc_diags d = {};
                        struct sc_resolve_opts ro = { .target = sc_arch_native() };
                        int r = sc_profile_resolve(p, &ro, &d, &resolved);
                        cli_print_diags(&d);
                        sc_diags_clear(&d);
                        if (r < 0)
                                return cli_error_errno(r, "%s: cannot resolve", path);
                        p = resolved;
                }
                _cleanup_free_ char *json = sc_profile_to_json(p, 0);
                sc_profile_free(resolved);
                struct sc_diags d = {};
                struct doc_stream s = {};
                int r = doc_parse(json, strlen(json), path, DOC_JSON, NULL, &d, &s);
                cli_print_diags(&d);
                sc_diags_clear(&d);
                if (r < 0 || s.n != 1 || s.docs[0]->kind != DOC_MAP) {
                        doc_stream_free(&s);
                        return r < 0 ? r : -EINVAL;
                }
                if (spo_filter(path, s.docs[0]) < 0)
                        ret = -EINVAL;
                _cleanup_free_ char *fallback = object_name(path);
                strbuf_puts(out, "---\napiVersion: " SPO_API_VERSION
                                 "\nkind: SeccompProfile\nmetadata:\n  name: ");
                kube_yaml_scalar(out, name ? name : l->set.profiles[i]->name
                                                            ? l->set.profiles[i]->name
                                                            : fallback);
                strbuf_puts(out, "\nspec:\n");
                kube_yaml_emit(out, s.docs[0], 2);
                doc_stream_free(&s);
        }
        return ret;
}

static void export_securitycontext(const char *path, const struct loaded *l,
                                   const char *rel_override, struct strbuf *out)
{
        for (size_t i = 0; i < l->set.n; i++) {
                _cleanup_free_ char *rel =
                        rel_override ? xstrdup(rel_override)
                                     : installed_rel(path, l->set.profiles[i], l->spo);
                _cleanup_free_ char *where = xasprintf("%s/%s",
                                                       KUBE_DEFAULT_SECCOMP_ROOT, rel);
                /* A comment has no quoting: the name (the file's or the
                 * resource's choice) is escaped so that it stays one line. */
                strbuf_puts(out, "# ");
                strbuf_put_escaped(out, where, 0);
                strbuf_puts(out, " on every node (seccompctl install)\n");
                strbuf_puts(out, "securityContext:\n  seccompProfile:\n"
                                 "    type: Localhost\n    localhostProfile: ");
                kube_yaml_scalar(out, rel);
                strbuf_putc(out, '\n');
        }
}

/* ConfigMap keys: [-._a-zA-Z0-9]+ (IsConfigMapKey). */
static bool configmap_key_ok(const char *k)
{
        if (!*k || streq(k, ".") || streq(k, "..") || strlen(k) > 253)
                return false;
        for (const char *p = k; *p; p++)
                if (!strchr("-._", *p) && !(*p >= 'a' && *p <= 'z') &&
                    !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9'))
                        return false;
        return true;
}

struct cm_entry {
        char *key, *text;
};

static int configmap_add(const char *path, const struct loaded *l,
                         struct cm_entry **entries, size_t *n)
{
        for (size_t i = 0; i < l->set.n; i++) {
                _cleanup_free_ char *rel = installed_rel(path, l->set.profiles[i], l->spo);
                const char *key = base_name(rel);
                if (!configmap_key_ok(key)) {
                        cli_error("%s: \"%s\" is not a valid ConfigMap key", path, key);
                        return -EINVAL;
                }
                for (size_t j = 0; j < *n; j++)
                        if (streq((*entries)[j].key, key)) {
                                cli_error("%s: duplicate ConfigMap key \"%s\"", path, key);
                                return -EINVAL;
                        }
                char *text;
                if (l->spo) {
                        _cleanup_free_ char *json =
                                sc_profile_to_json(l->set.profiles[i], SC_JSON_PRETTY);
                        text = xstrdup(json);
                } else
                        text = xstrndup(l->buf, l->len);
                *entries = xreallocarray(*entries, *n + 1, sizeof(**entries));
                (*entries)[(*n)++] = (struct cm_entry){ xstrdup(key), text };
        }
        return 0;
}

int verb_export(int argc, char **argv)
{
        enum { OPT_FORMAT = 256, OPT_NAME, OPT_NAMESPACE, OPT_PATH };
        static const struct option options[] = {
                { "format", required_argument, NULL, OPT_FORMAT },
                { "name", required_argument, NULL, OPT_NAME },
                { "namespace", required_argument, NULL, OPT_NAMESPACE },
                { "path", required_argument, NULL, OPT_PATH },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        static const struct {
                const char *name;
                enum format f;
        } formats[] = {
                { "spo", FMT_SPO },
                { "securitycontext", FMT_SECURITYCONTEXT },
                { "configmap", FMT_CONFIGMAP },
        };
        int format = -1;
        const char *name = NULL, *ns = NULL, *rel = NULL;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case OPT_FORMAT:
                        for (size_t i = 0; i < ELEMENTSOF(formats); i++)
                                if (streq(optarg, formats[i].name))
                                        format = (int)formats[i].f;
                        if (format < 0) {
                                cli_error("export: unknown format '%s' (spo, "
                                          "securitycontext, configmap)", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case OPT_NAME:
                        name = optarg;
                        break;
                case OPT_NAMESPACE:
                        ns = optarg;
                        break;
                case OPT_PATH:
                        rel = optarg;
                        break;
                case 'h':
                        help();
                        return 0;
                default:
                        return EXIT_USAGE;
                }
        if (format < 0) {
                cli_error("export: --format spo|securitycontext|configmap is required");
                return EXIT_USAGE;
        }
        if (optind >= argc) {
                cli_error("export: no PROFILE given (see '%s export --help')",
                          program_name);
                return EXIT_USAGE;
        }
        if (format == FMT_SPO && ns) {
                cli_error("export: SPO SeccompProfiles are cluster-scoped; "
                          "--namespace applies to configmap");
                return EXIT_USAGE;
        }
        if (rel && (format != FMT_SECURITYCONTEXT || argc - optind != 1)) {
                cli_error("export: --path needs --format securitycontext and one PROFILE");
                return EXIT_USAGE;
        }

        struct strbuf out = {};
        struct cm_entry *entries = NULL;
        size_t n_entries = 0;
        size_t n_profiles = 0;
        int ret = 0;
        for (int i = optind; i < argc; i++) {
                struct loaded l = {};
                if (load_validated(argv[i], &l) < 0) {
                        ret = 1;
                        continue;
                }
                n_profiles += l.set.n;
                if (format == FMT_SPO && name && n_profiles > 1) {
                        cli_error("export: --name with more than one profile");
                        loaded_free(&l);
                        ret = 1;
                        break;
                }
                int r = 0;
                switch ((enum format)format) {
                case FMT_SPO:
                        r = export_spo(argv[i], &l, name, &out);
                        break;
                case FMT_SECURITYCONTEXT:
                        export_securitycontext(argv[i], &l, rel, &out);
                        break;
                case FMT_CONFIGMAP:
                        r = configmap_add(argv[i], &l, &entries, &n_entries);
                        break;
                }
                if (r < 0)
                        ret = 1;
                loaded_free(&l);
        }
        if (format == FMT_CONFIGMAP && ret == 0) {
                strbuf_puts(&out, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ");
                kube_yaml_scalar(&out, name ? name : "seccomp-profiles");
                if (ns) {
                        strbuf_puts(&out, "\n  namespace: ");
                        kube_yaml_scalar(&out, ns);
                }
                strbuf_puts(&out, "\ndata:\n");
                for (size_t i = 0; i < n_entries; i++) {
                        strbuf_puts(&out, "  ");
                        kube_yaml_scalar(&out, entries[i].key);
                        strbuf_puts(&out, ": ");
                        kube_yaml_block(&out, entries[i].text, 4);
                }
        }
        for (size_t i = 0; i < n_entries; i++) {
                free(entries[i].key);
                free(entries[i].text);
        }
        free(entries);
        /* All or nothing: half a ConfigMap piped into kubectl is worse
         * than none. */
        if (ret == 0 && out.buf)
                fputs(out.buf, stdout);
        strbuf_free(&out);
        return ret;
}
