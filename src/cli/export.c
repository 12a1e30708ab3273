/* SPDX-License-Identifier: Apache-2.0 */
/* seccompctl export: a profile as a Security Profiles Operator resource,
 * as the securityContext that points a container at it, or as a
 * ConfigMap that carries it to the nodes. */
#include <getopt.h>

#include "cli.h"
#include "fileio.h"
#include "kube.h"
#include "verbs.h"

#define SPO_GROUP "security-profiles-operator.x-k8s.io"

static void help(void)
{
        printf("Usage: %s export --format FORMAT [OPTIONS] PROFILE...\n"
               "\n"
               "Print PROFILE (OCI or Docker JSON, or SPO SeccompProfile YAML; validated\n"
               "like 'check' first) as Kubernetes YAML:\n"
               "\n"
               "  spo              a Security Profiles Operator SeccompProfile\n"
               "                   (%s/v1, or v1beta1 with --spo-api),\n"
               "                   one document per profile.  Docker includes/excludes/\n"
               "                   archMap are resolved for --target (default: this\n"
               "                   machine) and --caps first.  What the CRD would\n"
               "                   reject is refused, one line per problem: names that\n"
               "                   are empty or repeated (a set), more than 6 args,\n"
               "                   architectures outside its enum, a listenerPath\n"
               "                   outside /var/run/security-profiles-operator/,\n"
               "                   defaultErrnoRet other than EPERM, argument values\n"
               "                   above 2^63-1, a metadata.name that is not a DNS-1123\n"
               "                   subdomain.  An SPO input keeps its labels,\n"
               "                   annotations, baseProfileName and state (disabled);\n"
               "                   comments are dropped.\n"
               "  securitycontext  the securityContext snippet for a container using the\n"
               "                   profile where --via puts it: install (the default:\n"
               "                   'seccompctl install' keeps the relative path, or\n"
               "                   NAME.json for an SPO resource), configmap (the\n"
               "                   ConfigMap key at the root, as deploy/'s DaemonSet\n"
               "                   writes it) or spo (operator/NAME.json, the operator's\n"
               "                   own path; operator/NS/NAME.json for v0.8 with\n"
               "                   --spo-api v1beta1 --namespace NS)\n"
               "  configmap        a ConfigMap whose keys are the profiles' file names,\n"
               "                   for 'seccompctl install --watch' (see deploy/); its\n"
               "                   values are strict JSON, as 'install' requires\n"
               "\n"
               "Names are checked as the API server checks them: --name and SPO\n"
               "names are DNS-1123 subdomains, --namespace a DNS-1123 label, ConfigMap\n"
               "keys [-._a-zA-Z0-9]+ not starting with \"..\".  PROFILE - is standard\n"
               "input.\n"
               "\n"
               "Options:\n"
               "  --format FORMAT      spo, securitycontext or configmap (required)\n"
               "  --name NAME          metadata.name (spo: one profile only; default its\n"
               "                       SPO name or file base name; configmap: default\n"
               "                       seccomp-profiles)\n"
               "  --namespace NS       metadata.namespace (ConfigMap only: SPO\n"
               "                       SeccompProfiles are cluster-scoped)\n"
               "  --path REL           securitycontext: the localhostProfile to use\n"
               "  --via WHAT           securitycontext: install, configmap or spo\n"
               "  --normalize          configmap: carry YAML, non-strict JSON and\n"
               "                       config.json input as the strict JSON the\n"
               "                       runtime reads (without it they are refused)\n"
               "  --spo-api VERSION    spo: v1 (SPO v1.0.0 and later; the default) or\n"
               "                       v1beta1 (SPO v0.8 and v0.9, which serve nothing\n"
               "                       else: 'kubectl apply' of v1 there fails with \"no\n"
               "                       matches for kind\"); v0.8's SeccompProfile is\n"
               "                       namespaced (give --namespace)\n"
               "  --crd FILE           spo: also check every object against this\n"
               "                       CustomResourceDefinition (e.g. 'kubectl get crd\n"
               "                       seccompprofiles.security-profiles-operator.x-k8s.io\n"
               "                       -o yaml'): served version, types, unknown fields,\n"
               "                       enums, limits, patterns\n"
               "  --target ARCH, --caps LIST, --kernel X.Y\n"
               "                       how Docker-format input is resolved (see 'show')\n"
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
               program_name, SPO_GROUP, program_name, program_name,
               program_name);
}

enum format { FMT_SPO, FMT_SECURITYCONTEXT, FMT_CONFIGMAP };

struct loaded {
        char *buf;               /* file text */
        size_t len;
        struct sc_profile_set set;
        bool spo;                /* SPO resources (profiles carry names) */
        bool raw;                /* buf is what a node may hold as is */
        /* SPO input: the documents, to carry metadata and spec fields the
         * profile model does not hold; objects[i] is set.profiles[i]'s. */
        struct doc_stream docs;
        const struct doc_node **objects;
};

static void loaded_clear(struct loaded *l)
{
        free(l->buf);
        sc_profile_set_clear(&l->set);
        doc_stream_clear(&l->docs);
        free(l->objects);
        *l = (struct loaded){};
}

/* for_node: the text goes into a ConfigMap that 'install --watch' puts
 * on nodes, so it must be what the runtime reads (see
 * cli_load_node_profiles: strict JSON, or --normalize). */
static int load_validated(const char *path, bool for_node, bool normalize,
                          struct loaded *ret)
{
        struct loaded l = {};
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &l.buf, &l.len);
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", path);
        if (for_node) {
                r = cli_load_node_profiles(path, l.buf, l.len, normalize, false,
                                           &l.set, &l.raw);
                if (r < 0) {
                        cli_error("%s: not exported", path);
                        loaded_clear(&l);
                        return r;
                }
                for (size_t i = 0; i < l.set.n; i++)
                        if (l.set.profiles[i]->name)
                                l.spo = true;
                *ret = l;
                return 0;
        }
        struct sc_diags diags = { .max = 100 };
        r = sc_profile_parse(l.buf, l.len, path, cli_format_for(path), &diags, &l.set);
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
                loaded_clear(&l);
                return -EINVAL;
        }
        for (size_t i = 0; i < l.set.n; i++)
                if (l.set.profiles[i]->name)
                        l.spo = true;
        if (l.spo) {
                /* The same text parsed again: the documents that became
                 * profiles are the SeccompProfile ones, in order. */
                struct sc_diags d = {};
                if (doc_parse(l.buf, l.len, path, DOC_AUTO, NULL, &d, &l.docs) >= 0) {
                        l.objects = xcalloc(l.set.n + 1, sizeof(*l.objects));
                        size_t k = 0;
                        for (size_t i = 0; i < l.docs.n; i++) {
                                const struct doc_node *kd = doc_get(l.docs.docs[i], "kind");
                                if (kd && kd->kind == DOC_STRING &&
                                    streq(kd->text, "SeccompProfile") && k < l.set.n)
                                        l.objects[k++] = l.docs.docs[i];
                        }
                        if (k != l.set.n) {
                                free(l.objects);
                                l.objects = NULL;
                        }
                }
                sc_diags_clear(&d);
        }
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

/* metadata.name from a file name: lower-cased, every other character
 * that a DNS-1123 subdomain cannot hold replaced by '-'.  The result is
 * validated by the caller (a name like "-x" or "a..b" stays invalid). */
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

/* Read the object back as kubectl would (YAML 1.1) and check it against
 * the CRD: what is printed is what is validated. */
static int crd_check(const char *file, const char *name, const char *yaml,
                     const struct doc_node *crd)
{
        struct sc_diags d = {};
        struct doc_stream s = {};
        int r = doc_parse(yaml, strlen(yaml), file, DOC_YAML, NULL, &d, &s);
        sc_diags_clear(&d);
        if (r < 0 || s.n != 1) {
                doc_stream_clear(&s);
                cli_error("%s: SeccompProfile \"%s\": the YAML written does not read "
                          "back", file, name);
                return -EINVAL;
        }
        struct strv e = {};
        bool namespaced = false;
        r = kube_crd_validate(crd, s.docs[0], &e, &namespaced);
        for (size_t i = 0; i < e.n; i++)
                cli_error("%s: SeccompProfile \"%s\": --crd: %s", file, name, e.items[i]);
        int ret = r < 0 || e.n > 0 ? -EINVAL : 0;
        if (ret == 0 && namespaced && !doc_get_path(s.docs[0], "metadata.namespace"))
                fprintf(stderr, "%s: note: the CRD is namespaced (SPO v0.8): kubectl "
                                "puts the object in its context's namespace\n",
                        program_name);
        strv_clear(&e);
        doc_stream_clear(&s);
        return ret;
}

/* The architectures the SPO CRDs' enum lists (v0.8.4 to v1.0.0 agree). */
static const char *const spo_arches[] = {
        "SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64",
        "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64",
        "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
        "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64", NULL,
};

/* v1.0.0's pattern ^/var/run/security-profiles-operator/[a-zA-Z0-9_\-\.]+$;
 * SPO's daemon only mounts that directory, so it holds for v1beta1 too. */
static bool spo_listener_path_ok(const char *s)
{
        static const char dir[] = "/var/run/security-profiles-operator/";
        if (!startswith(s, dir) || !s[strlen(dir)])
                return false;
        for (const char *p = s + strlen(dir); *p; p++)
                if (!strchr("_-.", *p) && !(*p >= 'a' && *p <= 'z') &&
                    !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9'))
                        return false;
        return true;
}

/* What the SPO CRD refuses, worded as the API server words it; one line
 * per problem.  Returns the number of problems. */
static int spo_check(const char *file, const char *name, const struct doc_node *spec)
{
        int bad = 0;
#define REFUSE(...)                                                            \
        do {                                                                   \
                _cleanup_free_ char *_m = xasprintf(__VA_ARGS__);              \
                cli_error("%s: SeccompProfile \"%s\": %s", file, name, _m);    \
                bad++;                                                         \
        } while (0)
        const struct doc_node *archs = doc_get(spec, "architectures");
        for (size_t i = 0; archs && archs->kind == DOC_SEQ && i < archs->n; i++) {
                const char *a = archs->items[i]->text ? archs->items[i]->text : "";
                if (!in_list(a, spo_arches))
                        REFUSE("spec.architectures[%zu]: Unsupported value: \"%s\": "
                               "not in the CRD's enum", i, a);
        }
        const struct doc_node *lp = doc_get(spec, "listenerPath");
        if (lp && lp->kind == DOC_STRING && !spo_listener_path_ok(lp->text))
                REFUSE("spec.listenerPath: Invalid value: \"%s\": must be a file "
                       "directly in /var/run/security-profiles-operator/ "
                       "([a-zA-Z0-9_.-]+)", lp->text);
        const struct doc_node *sys = doc_get(spec, "syscalls");
        for (size_t r = 0; sys && sys->kind == DOC_SEQ && r < sys->n; r++) {
                const struct doc_node *rule = sys->items[r];
                const struct doc_node *names = doc_get(rule, "names");
                if (!names || names->kind != DOC_SEQ || names->n == 0)
                        REFUSE("spec.syscalls[%zu].names: Required value: at least "
                               "1 item", r);
                for (size_t i = 0; names && names->kind == DOC_SEQ && i < names->n; i++)
                        for (size_t j = 0; j < i; j++)
                                if (names->items[i]->text && names->items[j]->text &&
                                    streq(names->items[i]->text, names->items[j]->text)) {
                                        REFUSE("spec.syscalls[%zu].names[%zu]: Duplicate "
                                               "value: \"%s\" (names is a set)",
                                               r, i, names->items[i]->text);
                                        break;
                                }
                const struct doc_node *args = doc_get(rule, "args");
                if (args && args->kind == DOC_SEQ && args->n > 6)
                        REFUSE("spec.syscalls[%zu].args: Too many: %zu: must have at "
                               "most 6 items", r, args->n);
                const struct doc_node *er = doc_get(rule, "errnoRet");
                uint64_t v;
                if (er && er->kind == DOC_NUMBER &&
                    (parse_u64(er->text, false, &v) < 0 || v > INT32_MAX))
                        REFUSE("spec.syscalls[%zu].errnoRet: Invalid value: %s: must "
                               "be of type int32", r, er->text);
        }
#undef REFUSE
        return bad;
}

struct spo_opts {
        const char *name;       /* --name */
        const char *namespace;  /* --namespace (v1beta1 only) */
        const char *api;        /* "v1" or "v1beta1" */
        const struct doc_node *crd; /* --crd */
        const struct cli_target_opts *to;
};

/* p as a plain OCI profile (Docker's extensions resolved for --target,
 * --caps, --kernel) parsed back into a document: what goes under spec.
 * 0 or -errno (messages printed). */
static int spo_spec_of(const char *path, const struct sc_profile *p,
                       const struct cli_target_opts *to, struct doc_stream *ret)
{
        _cleanup_(sc_profile_freep) struct sc_profile *resolved = NULL;
        struct sc_diags d = {};
        int r;
        if (sc_profile_is_extended(p)) {
                struct sc_resolve_opts ro = cli_resolve_opts(to);
                r = sc_profile_resolve(p, &ro, &d, &resolved);
                cli_print_diags(&d);
                sc_diags_clear(&d);
                if (r < 0)
                        return cli_error_errno(r, "%s: cannot resolve", path);
                p = resolved;
        }
        _cleanup_free_ char *json = sc_profile_to_json(p, 0);
        struct doc_stream s = {};
        r = doc_parse(json, strlen(json), path, DOC_JSON, NULL, &d, &s);
        cli_print_diags(&d);
        sc_diags_clear(&d);
        if (r < 0 || s.n != 1 || s.docs[0]->kind != DOC_MAP) {
                doc_stream_clear(&s);
                return r < 0 ? r : -EINVAL;
        }
        *ret = s;
        return 0;
}

/* apiVersion, kind and metadata; the source object's labels and
 * annotations (what the operator and people attached to it) survive the
 * round trip. */
static void spo_put_header(struct strbuf *obj, const char *name, const struct spo_opts *o,
                           const struct doc_node *src)
{
        static const char *const keep_meta[] = { "labels", "annotations" };
        strbuf_printf(obj, "---\napiVersion: %s/%s\nkind: SeccompProfile\n"
                           "metadata:\n  name: ",
                      SPO_GROUP, o->api);
        kube_yaml_scalar(obj, name);
        if (o->namespace) {
                strbuf_puts(obj, "\n  namespace: ");
                kube_yaml_scalar(obj, o->namespace);
        }
        strbuf_putc(obj, '\n');
        for (size_t k = 0; src && k < ELEMENTSOF(keep_meta); k++) {
                const struct doc_node *m = doc_get_path(src, "metadata");
                const struct doc_node *v = doc_get(m, keep_meta[k]);
                if (v && v->kind == DOC_MAP && v->n > 0) {
                        strbuf_printf(obj, "  %s:\n", keep_meta[k]);
                        kube_yaml_emit(obj, v, 4);
                }
        }
}

/* The source object's spec fields that are no part of a profile:
 * baseProfileName, and being disabled. */
static void spo_put_spec_extras(struct strbuf *obj, const char *api,
                                const struct doc_node *src)
{
        const struct doc_node *spec = doc_get(src, "spec");
        const struct doc_node *base = doc_get(spec, "baseProfileName");
        if (base && base->kind == DOC_STRING && *base->text) {
                strbuf_puts(obj, "  baseProfileName: ");
                kube_yaml_scalar(obj, base->text);
                strbuf_putc(obj, '\n');
        }
        /* v1.0.0 replaced "disabled: true" by "state: Disabled"; each API
         * version has only its own. */
        const struct doc_node *st = doc_get(spec, "state");
        const struct doc_node *dis = doc_get(spec, "disabled");
        bool disabled = (st && st->kind == DOC_STRING && streq(st->text, "Disabled")) ||
                        (dis && dis->kind == DOC_BOOL && dis->boolean);
        if (disabled)
                strbuf_puts(obj, streq(api, "v1") ? "  state: Disabled\n"
                                                  : "  disabled: true\n");
}

static int export_spo(const char *path, const struct loaded *l,
                      const struct spo_opts *o, struct strbuf *out)
{
        int ret = 0;
        for (size_t i = 0; i < l->set.n; i++) {
                const struct doc_node *src = l->objects ? l->objects[i] : NULL;
                struct doc_stream s = {};
                int r = spo_spec_of(path, l->set.profiles[i], o->to, &s);
                if (r < 0)
                        return r;
                if (spo_filter(path, s.docs[0]) < 0)
                        ret = -EINVAL;

                _cleanup_free_ char *fallback = object_name(path);
                const char *name = o->name ? o->name
                                   : l->set.profiles[i]->name ? l->set.profiles[i]->name
                                                              : fallback;
                if (!kube_dns1123_subdomain(name)) {
                        cli_error("%s: metadata.name \"%s\"%s is not a DNS-1123 "
                                  "subdomain (lower-case letters, digits, '-' and '.', "
                                  "starting and ending with a letter or digit, at most "
                                  "253): give one with --name",
                                  path, name,
                                  name == fallback ? " (from the file name)" : "");
                        ret = -EINVAL;
                }
                if (spo_check(path, name, s.docs[0]) > 0)
                        ret = -EINVAL;

                struct strbuf obj = {};
                spo_put_header(&obj, name, o, src);
                strbuf_puts(&obj, "spec:\n");
                kube_yaml_emit(&obj, s.docs[0], 2);
                doc_stream_clear(&s);
                if (src)
                        spo_put_spec_extras(&obj, o->api, src);
                if (o->crd && crd_check(path, name, obj.buf, o->crd) < 0)
                        ret = -EINVAL;
                strbuf_puts(out, obj.buf);
                strbuf_clear(&obj);
        }
        return ret;
}

/* Where the profile lands on a node, by what put it there. */
enum via { VIA_INSTALL, VIA_CONFIGMAP, VIA_SPO };

static void export_securitycontext(const char *path, const struct loaded *l,
                                   const char *rel_override, enum via via,
                                   const struct spo_opts *so, struct strbuf *out)
{
        static const char *const how[] = {
                [VIA_INSTALL] = "seccompctl install",
                [VIA_CONFIGMAP] = "the seccomp-profiles ConfigMap and deploy/'s install DaemonSet",
                [VIA_SPO] = "the Security Profiles Operator",
        };
        for (size_t i = 0; i < l->set.n; i++) {
                _cleanup_free_ char *rel = NULL;
                if (rel_override)
                        rel = xstrdup(rel_override);
                else if (via == VIA_CONFIGMAP) {
                        /* install --watch writes each ConfigMap key, the
                         * base name configmap gives it, at the root. */
                        _cleanup_free_ char *r = installed_rel(path, l->set.profiles[i],
                                                               l->spo);
                        rel = xstrdup(base_name(r));
                } else if (via == VIA_SPO) {
                        /* SPO's GetProfilePath: operator/[NAMESPACE/]NAME.json,
                         * the namespace only for v0.8's namespaced objects. */
                        _cleanup_free_ char *fallback = object_name(path);
                        const char *name = so->name ? so->name
                                           : l->set.profiles[i]->name ? l->set.profiles[i]->name
                                                                      : fallback;
                        rel = xasprintf("operator/%s%s%s%s", so->namespace ? so->namespace : "",
                                        so->namespace ? "/" : "", name,
                                        endswith(name, ".json") ? "" : ".json");
                } else
                        rel = installed_rel(path, l->set.profiles[i], l->spo);
                _cleanup_free_ char *where = xasprintf("%s/%s",
                                                       KUBE_DEFAULT_SECCOMP_ROOT, rel);
                /* A comment has no quoting: the name (the file's or the
                 * resource's choice) is escaped so that it stays one line. */
                strbuf_puts(out, "# ");
                strbuf_put_escaped(out, where, 0);
                strbuf_printf(out, " on every node (%s)\n", how[via]);
                strbuf_puts(out, "securityContext:\n  seccompProfile:\n"
                                 "    type: Localhost\n    localhostProfile: ");
                kube_yaml_scalar(out, rel);
                strbuf_putc(out, '\n');
        }
}


struct cm_entry {
        char *key, *text;
};

static int configmap_add(const char *path, const struct loaded *l,
                         struct cm_entry **entries, size_t *n)
{
        for (size_t i = 0; i < l->set.n; i++) {
                if (streq(path, "-") && !l->spo) {
                        cli_error("<stdin>: a profile on standard input has no file "
                                  "name to be its ConfigMap key; give it as a file");
                        return -EINVAL;
                }
                _cleanup_free_ char *rel = installed_rel(path, l->set.profiles[i], l->spo);
                const char *key = base_name(rel);
                /* IsConfigMapKey, as the API server applies it ("..x" is
                 * refused; ".x" is fine). */
                if (!kube_configmap_key(key)) {
                        _cleanup_free_ char *q = sc_escape(key);
                        cli_error("%s: \"%s\" is not a valid ConfigMap key "
                                  "([-._a-zA-Z0-9]+, not starting with \"..\")", path, q);
                        return -EINVAL;
                }
                for (size_t j = 0; j < *n; j++)
                        if (streq((*entries)[j].key, key)) {
                                cli_error("%s: duplicate ConfigMap key \"%s\"", path, key);
                                return -EINVAL;
                        }
                char *text = l->raw ? xstrndup(l->buf, l->len)
                                    : cli_node_json(l->set.profiles[i]);
                *entries = xreallocarray(*entries, *n + 1, sizeof(**entries));
                (*entries)[(*n)++] = (struct cm_entry){ xstrdup(key), text };
        }
        return 0;
}

struct export_opts {
        int format; /* enum format, -1 until --format */
        const char *name, *ns, *rel, *api, *crd_file;
        struct cli_target_opts to;
        bool target_given, via_given, normalize;
        enum via via;
};

static int parse_format(const char *s)
{
        static const struct {
                const char *name;
                enum format f;
        } formats[] = {
                { "spo", FMT_SPO },
                { "securitycontext", FMT_SECURITYCONTEXT },
                { "configmap", FMT_CONFIGMAP },
        };
        for (size_t i = 0; i < ELEMENTSOF(formats); i++)
                if (streq(s, formats[i].name))
                        return (int)formats[i].f;
        cli_error("export: unknown format '%s' (spo, securitycontext, configmap)", s);
        return -EINVAL;
}

static int parse_via(const char *s, enum via *ret)
{
        static const char *const vias[] = {
                [VIA_INSTALL] = "install",
                [VIA_CONFIGMAP] = "configmap",
                [VIA_SPO] = "spo",
        };
        for (size_t i = 0; i < ELEMENTSOF(vias); i++)
                if (streq(s, vias[i])) {
                        *ret = (enum via)i;
                        return 0;
                }
        cli_error("export: --via install, configmap or spo, not '%s'", s);
        return -EINVAL;
}

/* -1 to go on, else the exit status (help printed, or a usage error). */
static int parse_options(int argc, char **argv, struct export_opts *o)
{
        enum { OPT_FORMAT = 0x200, OPT_NAME, OPT_NAMESPACE, OPT_PATH, OPT_SPO_API,
               OPT_CRD, OPT_VIA, OPT_NORMALIZE };
        static const struct option options[] = {
                { "format", required_argument, NULL, OPT_FORMAT },
                { "spo-api", required_argument, NULL, OPT_SPO_API },
                { "crd", required_argument, NULL, OPT_CRD },
                { "via", required_argument, NULL, OPT_VIA },
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "arch", required_argument, NULL, CLI_OPT_TARGET },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "name", required_argument, NULL, OPT_NAME },
                { "namespace", required_argument, NULL, OPT_NAMESPACE },
                { "path", required_argument, NULL, OPT_PATH },
                { "normalize", no_argument, NULL, OPT_NORMALIZE },
                { "help", no_argument, NULL, 'h' },
                {},
        };
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case OPT_FORMAT:
                        if ((o->format = parse_format(optarg)) < 0)
                                return EXIT_USAGE;
                        break;
                case OPT_NAME:
                        o->name = optarg;
                        break;
                case OPT_NAMESPACE:
                        o->ns = optarg;
                        break;
                case OPT_PATH:
                        o->rel = optarg;
                        break;
                case OPT_NORMALIZE:
                        o->normalize = true;
                        break;
                case OPT_SPO_API:
                        if (!streq(optarg, "v1") && !streq(optarg, "v1beta1")) {
                                cli_error("export: --spo-api v1 or v1beta1, not '%s'",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        o->api = optarg;
                        break;
                case OPT_CRD:
                        o->crd_file = optarg;
                        break;
                case OPT_VIA:
                        if (parse_via(optarg, &o->via) < 0)
                                return EXIT_USAGE;
                        o->via_given = true;
                        break;
                case 'h':
                        help();
                        return EXIT_OK;
                default:
                        if (cli_target_getopt(&o->to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        o->target_given = true;
                        break;
                }
        return -1;
}

/* The options that go together, and what the API server would refuse,
 * refused before anything is printed: 0 or -EINVAL (message printed). */
static int check_options(int argc, const struct export_opts *o)
{
        if (o->format < 0) {
                cli_error("export: --format spo|securitycontext|configmap is required");
                return -EINVAL;
        }
        if (o->via_given && o->format != FMT_SECURITYCONTEXT) {
                cli_error("export: --via applies to --format securitycontext");
                return -EINVAL;
        }
        if (o->format != FMT_SPO && (o->crd_file || o->target_given)) {
                cli_error("export: --crd, --target, --caps and --kernel apply to "
                          "--format spo");
                return -EINVAL;
        }
        if (optind >= argc) {
                cli_error("export: no PROFILE given (see '%s export --help')",
                          program_name);
                return -EINVAL;
        }
        if (o->name && !kube_dns1123_subdomain(o->name)) {
                _cleanup_free_ char *q = sc_escape(o->name);
                cli_error("export: --name \"%s\" is not a DNS-1123 subdomain (at most "
                          "253 lower-case letters, digits, '-' and '.', starting and "
                          "ending with a letter or digit)", q);
                return -EINVAL;
        }
        if (o->ns && !kube_dns1123_label(o->ns)) {
                _cleanup_free_ char *q = sc_escape(o->ns);
                cli_error("export: --namespace \"%s\" is not a DNS-1123 label (at most "
                          "63 lower-case letters, digits and '-', starting and ending "
                          "with a letter or digit)", q);
                return -EINVAL;
        }
        if (o->normalize && o->format != FMT_CONFIGMAP) {
                cli_error("export: --normalize applies to --format configmap");
                return -EINVAL;
        }
        if ((o->format == FMT_SPO || o->via == VIA_SPO) && o->ns && streq(o->api, "v1")) {
                cli_error("export: SPO v0.9+ SeccompProfiles are cluster-scoped; "
                          "--namespace applies to configmap and to --spo-api v1beta1 "
                          "(SPO v0.8)");
                return -EINVAL;
        }
        return 0;
}

/* --crd FILE: its SeccompProfile CustomResourceDefinition, in docs.
 * 0 or -errno (message printed). */
static int load_crd(const char *path, struct doc_stream *docs,
                    const struct doc_node **ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        struct sc_diags d = { .max = 20 };
        const struct doc_node *crd = NULL;
        int r = read_file_bounded(path, SC_MAX_INPUT_SIZE, &buf, &len);
        if (r < 0)
                return cli_error_errno(r, "cannot read %s", path);
        r = doc_parse(buf, len, path, DOC_AUTO, NULL, &d, docs);
        cli_print_diags(&d);
        sc_diags_clear(&d);
        for (size_t i = 0; r >= 0 && i < docs->n; i++) {
                const struct doc_node *k = doc_get_path(docs->docs[i], "spec.names.kind");
                const struct doc_node *g = doc_get_path(docs->docs[i], "spec.group");
                if (k && g && k->kind == DOC_STRING && g->kind == DOC_STRING &&
                    streq(k->text, "SeccompProfile") && streq(g->text, SPO_GROUP))
                        crd = docs->docs[i];
        }
        if (!crd) {
                cli_error("%s: no CustomResourceDefinition of SeccompProfile (%s) in it",
                          path, SPO_GROUP);
                return -EINVAL;
        }
        *ret = crd;
        return 0;
}

struct configmap {
        struct cm_entry *entries;
        size_t n;
};

static void configmap_clear(struct configmap *cm)
{
        for (size_t i = 0; i < cm->n; i++) {
                free(cm->entries[i].key);
                free(cm->entries[i].text);
        }
        free(cm->entries);
        *cm = (struct configmap){ 0 };
}

static void configmap_put(struct strbuf *out, const struct configmap *cm, const char *name,
                          const char *ns)
{
        strbuf_puts(out, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ");
        kube_yaml_scalar(out, name ? name : "seccomp-profiles");
        if (ns) {
                strbuf_puts(out, "\n  namespace: ");
                kube_yaml_scalar(out, ns);
        }
        strbuf_puts(out, "\ndata:\n");
        for (size_t i = 0; i < cm->n; i++) {
                strbuf_puts(out, "  ");
                kube_yaml_scalar(out, cm->entries[i].key);
                strbuf_puts(out, ": ");
                kube_yaml_block(out, cm->entries[i].text, 4);
        }
}

/* Each PROFILE in the format asked for, into out (a ConfigMap's entries
 * into cm).  EXIT_OK or EXIT_FAILED (messages printed). */
static int export_files(char **paths, size_t n, const struct export_opts *o,
                        const struct spo_opts *so, struct strbuf *out, struct configmap *cm)
{
        size_t n_profiles = 0;
        int ret = EXIT_OK;
        for (size_t i = 0; i < n; i++) {
                struct loaded l = {};
                if (load_validated(paths[i], o->format == FMT_CONFIGMAP, o->normalize, &l) < 0) {
                        ret = EXIT_FAILED;
                        continue;
                }
                n_profiles += l.set.n;
                if (o->format == FMT_SPO && o->name && n_profiles > 1) {
                        cli_error("export: --name with more than one profile");
                        loaded_clear(&l);
                        return EXIT_FAILED;
                }
                int r = 0;
                switch ((enum format)o->format) {
                case FMT_SPO:
                        r = export_spo(paths[i], &l, so, out);
                        break;
                case FMT_SECURITYCONTEXT:
                        export_securitycontext(paths[i], &l, o->rel, o->via, so, out);
                        break;
                case FMT_CONFIGMAP:
                        r = configmap_add(paths[i], &l, &cm->entries, &cm->n);
                        break;
                }
                if (r < 0)
                        ret = EXIT_FAILED;
                loaded_clear(&l);
        }
        return ret;
}

int verb_export(int argc, char **argv)
{
        struct export_opts o = { .format = -1, .api = "v1", .via = VIA_INSTALL };
        _cleanup_(doc_stream_clear) struct doc_stream crd_docs = {};
        _cleanup_(configmap_clear) struct configmap cm = {};
        _cleanup_(strbuf_clear) struct strbuf out = {};
        const struct doc_node *crd = NULL;
        int r;

        cli_target_opts_init(&o.to);
        r = parse_options(argc, argv, &o);
        if (r < 0 && check_options(argc, &o) < 0)
                r = EXIT_USAGE;
        if (r < 0 && o.crd_file && load_crd(o.crd_file, &crd_docs, &crd) < 0)
                r = EXIT_FAILED;
        if (r < 0 && o.rel && (o.format != FMT_SECURITYCONTEXT || argc - optind != 1)) {
                cli_error("export: --path needs --format securitycontext and one PROFILE");
                r = EXIT_USAGE;
        }
        if (r < 0) {
                struct spo_opts so = {
                        .name = o.name, .namespace = o.ns, .api = o.api, .crd = crd,
                        .to = &o.to,
                };
                r = export_files(argv + optind, (size_t)(argc - optind), &o, &so, &out, &cm);
                if (o.format == FMT_CONFIGMAP && r == EXIT_OK)
                        configmap_put(&out, &cm, o.name, o.ns);
                /* All or nothing: half a ConfigMap piped into kubectl is
                 * worse than none. */
                if (r == EXIT_OK && out.buf)
                        fputs(out.buf, stdout);
        }
        cli_target_opts_clear(&o.to);
        return r;
}
