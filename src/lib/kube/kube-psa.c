/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seccomp checks of the Pod Security Standards, as Pod Security
 * Admission evaluates them (pod-security-admission/policy/
 * check_seccompProfile_baseline.go and check_seccompProfile_restricted.go):
 *
 *   baseline v1.0-v1.18:  the alpha annotations, values runtime/default,
 *                         docker/default, localhost/NAME or unset;
 *   baseline v1.19+:      the seccompProfile fields, RuntimeDefault,
 *                         Localhost or unset;
 *   restricted v1.19+:    the fields must be set (pod level or every
 *                         container) to RuntimeDefault or Localhost; it
 *                         overrides the baseline check; from v1.25 Windows
 *                         pods are exempt.
 *
 * Messages, ordering (init, regular, ephemeral containers; bad values
 * sorted as a Go sets.String) and plurals follow the Go code exactly.
 */
#include "kube-internal.h"

static const char annotation_pod[] = "seccomp.security.alpha.kubernetes.io/pod";
static const char annotation_container_prefix[] =
        "container.seccomp.security.alpha.kubernetes.io/";

static const char *const container_fields[] = {
        "initContainers",
        "containers",
        "ephemeralContainers",
};

int kube_psa_version_parse(const char *s, struct kube_psa_version *ret)
{
        if (streq(s, "latest")) {
                *ret = (struct kube_psa_version){ .latest = true };
                return 0;
        }
        if (s[0] == 'v')
                s++;
        unsigned major, minor;
        int n = 0;
        if (sscanf(s, "%u.%u%n", &major, &minor, &n) != 2 || s[n] != 0 ||
            major != 1)
                return -EINVAL;
        *ret = (struct kube_psa_version){ .major = major, .minor = minor };
        return 0;
}

char *kube_psa_policy_name(enum kube_psa_level level,
                           const struct kube_psa_version *v)
{
        const char *l = level == KUBE_PSA_RESTRICTED ? "restricted" : "baseline";
        if (v->latest)
                return xasprintf("%s:latest", l);
        return xasprintf("%s:v%u.%u", l, v->major, v->minor);
}

static bool version_at_least(const struct kube_psa_version *v, unsigned minor)
{
        return v->latest || v->minor >= minor;
}

/* joinQuote: each %q, joined by ", ". */
static void join_quote(struct strbuf *sb, const struct strv *v)
{
        for (size_t i = 0; i < v->n; i++) {
                if (i)
                        strbuf_puts(sb, ", ");
                strbuf_put_quoted(sb, v->items[i]);
        }
}

static const char *pluralize(const char *one, const char *many, size_t n)
{
        return n == 1 ? one : many;
}

static const char *type_of(const struct doc_node *sc)
{
        const struct doc_node *sp = doc_get(sc, "seccompProfile");
        if (!sp || sp->kind == DOC_NULL)
                return NULL;
        const struct doc_node *t = doc_get(sp, "type");
        /* A NUL inside ("RuntimeDefault\0junk") is not a valid type: the
         * C string before it must not pass for one. */
        if (t && t->kind == DOC_STRING && !kube_whole_string(t))
                return "";
        return t && t->kind != DOC_MAP && t->kind != DOC_SEQ && t->text ? t->text
                                                                      : "";
}

static bool valid_seccomp(const char *t)
{
        return streq(t, "Localhost") || streq(t, "RuntimeDefault");
}

static bool valid_annotation_value(const char *v)
{
        return streq(v, "runtime/default") || streq(v, "docker/default") ||
               startswith(v, "localhost/");
}

typedef void (*visit_fn)(const struct doc_node *c, void *userdata);

static void visit_containers(const struct doc_node *spec, visit_fn f, void *u)
{
        for (size_t k = 0; k < ELEMENTSOF(container_fields); k++) {
                const struct doc_node *l = doc_get(spec, container_fields[k]);
                if (!l || l->kind != DOC_SEQ)
                        continue;
                for (size_t i = 0; i < l->n; i++)
                        if (l->items[i]->kind == DOC_MAP)
                                f(l->items[i], u);
        }
}

static const char *container_name(const struct doc_node *c)
{
        const struct doc_node *n = doc_get(c, "name");
        return n && n->kind == DOC_STRING ? n->text : "";
}

/* ---- baseline v1.0: annotations ---- */

struct ann_ctx {
        const struct doc_node *annotations;
        struct strv forbidden;
};

static void add_forbidden_annotation(struct strv *v, const char *key,
                                     const char *value)
{
        struct strbuf sb = {};
        strbuf_printf(&sb, "%s=", key);
        strbuf_put_quoted(&sb, value);
        char *s = strbuf_steal(&sb);
        for (size_t i = 0; i < v->n; i++)
                if (streq(v->items[i], s)) {
                        free(s);
                        return;
                }
        strv_push(v, s);
}

static void ann_visit(const struct doc_node *c, void *u)
{
        struct ann_ctx *a = u;
        _cleanup_free_ char *key =
                xasprintf("%s%s", annotation_container_prefix, container_name(c));
        const struct doc_node *v = doc_get(a->annotations, key);
        if (v && v->text && (!valid_annotation_value(v->text) ||
                             strlen(v->text) != v->text_len))
                add_forbidden_annotation(&a->forbidden, key, v->text);
}

static char *baseline_1_0(const struct doc_node *meta, const struct doc_node *spec)
{
        struct ann_ctx a = { .annotations = doc_get(meta, "annotations") };
        const struct doc_node *v = doc_get(a.annotations, annotation_pod);
        if (v && v->text && (!valid_annotation_value(v->text) ||
                             strlen(v->text) != v->text_len))
                add_forbidden_annotation(&a.forbidden, annotation_pod, v->text);
        visit_containers(spec, ann_visit, &a);
        char *ret = NULL;
        if (a.forbidden.n > 0) {
                strv_sort(&a.forbidden);
                struct strbuf sb = {};
                strbuf_printf(&sb, "forbidden %s ",
                              pluralize("annotation", "annotations", a.forbidden.n));
                for (size_t i = 0; i < a.forbidden.n; i++) {
                        if (i)
                                strbuf_puts(&sb, ", ");
                        strbuf_puts(&sb, a.forbidden.items[i]);
                }
                ret = strbuf_steal(&sb);
        }
        strv_clear(&a.forbidden);
        return ret;
}

/* ---- v1.19+: fields ---- */

struct field_ctx {
        bool pod_set;           /* restricted: a valid pod-level type */
        struct strv bad_values; /* a set */
        struct strv explicit_bad;
        struct strv implicit_bad;
};

static void field_visit(const struct doc_node *c, void *u)
{
        struct field_ctx *f = u;
        const char *t = type_of(doc_get(c, "securityContext"));
        if (t) {
                if (!valid_seccomp(t)) {
                        strv_add(&f->explicit_bad, container_name(c));
                        strv_add_unique(&f->bad_values, t);
                }
        } else if (!f->pod_set)
                strv_add(&f->implicit_bad, container_name(c));
}

static char *fields_check(const struct doc_node *spec, bool restricted)
{
        struct field_ctx f = {};
        struct strv bad_setters = {};
        const char *pt = type_of(doc_get(spec, "securityContext"));
        if (pt) {
                if (!valid_seccomp(pt)) {
                        strv_add(&bad_setters, "pod");
                        strv_add_unique(&f.bad_values, pt);
                } else
                        f.pod_set = true;
        }
        visit_containers(spec, field_visit, &f);

        struct strbuf sb = {};
        if (f.explicit_bad.n > 0) {
                strbuf_printf(&sb, "%s ",
                              pluralize("container", "containers", f.explicit_bad.n));
                join_quote(&sb, &f.explicit_bad);
                strv_push(&bad_setters, strbuf_steal(&sb));
        }
        char *ret = NULL;
        if (bad_setters.n > 0) {
                strv_sort(&f.bad_values);
                for (size_t i = 0; i < bad_setters.n; i++) {
                        if (i)
                                strbuf_puts(&sb, " and ");
                        strbuf_puts(&sb, bad_setters.items[i]);
                }
                strbuf_puts(&sb, " must not set securityContext.seccompProfile.type to ");
                join_quote(&sb, &f.bad_values);
                ret = strbuf_steal(&sb);
        } else if (restricted && f.implicit_bad.n > 0) {
                strbuf_printf(&sb, "pod or %s ",
                              pluralize("container", "containers", f.implicit_bad.n));
                join_quote(&sb, &f.implicit_bad);
                strbuf_puts(&sb, " must set securityContext.seccompProfile.type to "
                                 "\"RuntimeDefault\" or \"Localhost\"");
                ret = strbuf_steal(&sb);
        }
        strbuf_clear(&sb);
        strv_clear(&bad_setters);
        strv_clear(&f.bad_values);
        strv_clear(&f.explicit_bad);
        strv_clear(&f.implicit_bad);
        return ret;
}

static char *evaluate(const struct doc_node *meta, const struct doc_node *spec,
                      enum kube_psa_level level, const struct kube_psa_version *v)
{
        bool restricted_applies = level == KUBE_PSA_RESTRICTED &&
                                  version_at_least(v, 19);
        if (restricted_applies) {
                /* v1.25+: the API server forbids seccomp on Windows pods,
                 * so PSA admits them without it. */
                const struct doc_node *os = doc_get_path(spec, "os.name");
                if (version_at_least(v, 25) && os && os->text &&
                    streq(os->text, "windows"))
                        return NULL;
                /* seccompProfile_restricted overrides the baseline check. */
                return fields_check(spec, true);
        }
        if (version_at_least(v, 19))
                return fields_check(spec, false);
        return baseline_1_0(meta, spec);
}

static void psa_object(const struct doc_node *doc, const char *file,
                       enum kube_psa_level level, const struct kube_psa_version *v,
                       struct sc_diags *diags, struct kube_psa_results *res,
                       unsigned depth)
{
        if (!doc || doc->kind == DOC_NULL)
                return;
        const struct doc_node *kn = doc_get(doc, "kind");
        const char *kind = kn && kn->kind == DOC_STRING ? kn->text : NULL;
        if (doc->kind != DOC_MAP || !kind) {
                sc_diag_add(diags, SC_NOTE, file, doc->pos, NULL,
                            "skipped: not a Kubernetes object (no \"kind\")");
                return;
        }
        const struct doc_node *nn = doc_get_path(doc, "metadata.name");
        const char *name = nn && nn->kind == DOC_STRING ? nn->text : "";
        if (endswith(kind, "List")) {
                const struct doc_node *items = doc_get(doc, "items");
                if (depth < 4 && items && items->kind == DOC_SEQ)
                        for (size_t i = 0; i < items->n; i++)
                                psa_object(items->items[i], file, level, v, diags,
                                           res, depth + 1);
                return;
        }
        const char *tmpl;
        if (kube_workload_template(kind, &tmpl) < 0) {
                sc_diag_add(diags, SC_NOTE, file, doc->pos, NULL,
                            "skipped %s \"%s\": not a workload (no pod template)",
                            kind, name);
                return;
        }
        const struct doc_node *t = tmpl ? doc_get_path(doc, tmpl) : doc;
        const struct doc_node *spec = doc_get(t, "spec");
        GROW(res->items, res->n, res->alloc);
        struct kube_psa_result *r = &res->items[res->n++];
        *r = (struct kube_psa_result){
                .kind = xstrdup(kind),
                .name = xstrdup(name),
                .pos = doc->pos,
        };
        _cleanup_free_ char *detail = evaluate(doc_get(t, "metadata"), spec, level, v);
        r->allowed = !detail;
        if (detail)
                r->reason = xasprintf("seccompProfile (%s)", detail);
}

int kube_psa_stream(const struct doc_stream *s, const char *file,
                    enum kube_psa_level level,
                    const struct kube_psa_version *version,
                    struct sc_diags *diags, struct kube_psa_results *res)
{
        size_t before = res->n;
        for (size_t i = 0; i < s->n; i++)
                psa_object(s->docs[i], file, level, version, diags, res, 0);
        return (int)(res->n - before);
}

void kube_psa_results_clear(struct kube_psa_results *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                free(r->items[i].kind);
                free(r->items[i].name);
                free(r->items[i].reason);
        }
        free(r->items);
        *r = (struct kube_psa_results){};
}

/* Resource names as the API server prints them in "pods "x" is
 * forbidden" (the plural resource, group-qualified). */
static const struct {
        const char *kind, *resource;
} kind_resources[] = {
        { "Pod", "pods" },
        { "Deployment", "deployments.apps" },
        { "StatefulSet", "statefulsets.apps" },
        { "DaemonSet", "daemonsets.apps" },
        { "ReplicaSet", "replicasets.apps" },
        { "ReplicationController", "replicationcontrollers" },
        { "Job", "jobs.batch" },
        { "CronJob", "cronjobs.batch" },
        { "PodTemplate", "podtemplates" },
};

char *kube_psa_message(const struct kube_psa_result *r,
                       enum kube_psa_level level,
                       const struct kube_psa_version *version)
{
        _cleanup_free_ char *policy = kube_psa_policy_name(level, version);
        const char *resource = r->kind;
        for (size_t i = 0; i < ELEMENTSOF(kind_resources); i++)
                if (streq(r->kind, kind_resources[i].kind))
                        resource = kind_resources[i].resource;
        struct strbuf sb = {};
        if (r->allowed) {
                /* PSA says nothing when it admits; and only the seccomp
                 * checks ran here, so that is all this can claim. */
                strbuf_printf(&sb, "%s ", resource);
                strbuf_put_quoted(&sb, r->name);
                strbuf_puts(&sb, ": the seccomp checks of PodSecurity ");
                strbuf_put_quoted(&sb, policy);
                strbuf_puts(&sb, " pass");
        } else if (streq(r->kind, "Pod")) {
                /* The API server's Forbidden error for a Pod:
                 * apierrors.NewForbidden(pods, NAME, "violates ...") */
                strbuf_printf(&sb, "%s ", resource);
                strbuf_put_quoted(&sb, r->name);
                strbuf_puts(&sb, " is forbidden: violates PodSecurity ");
                strbuf_put_quoted(&sb, policy);
                strbuf_printf(&sb, ": %s", r->reason);
        } else {
                /* PSA only warns for workload resources (their Pods are
                 * rejected later); kubectl prints the warning as is. */
                strbuf_puts(&sb, "Warning: would violate PodSecurity ");
                strbuf_put_quoted(&sb, policy);
                strbuf_printf(&sb, ": %s", r->reason);
        }
        return strbuf_steal(&sb);
}

/* Pod Security Admission's check IDs (pod-security-admission/policy,
 * check_*.go), by the level that introduces them.  Only the seccomp ones
 * are evaluated here. */
static const struct {
        const char *id;
        enum kube_psa_level level;
        bool evaluated;
} psa_checks[] = {
        { "hostProcess", KUBE_PSA_BASELINE, false },
        { "hostNamespaces", KUBE_PSA_BASELINE, false },
        { "privileged", KUBE_PSA_BASELINE, false },
        { "capabilities_baseline", KUBE_PSA_BASELINE, false },
        { "hostPathVolumes", KUBE_PSA_BASELINE, false },
        { "hostPorts", KUBE_PSA_BASELINE, false },
        { "hostProbesAndHostLifecycle", KUBE_PSA_BASELINE, false },
        { "appArmorProfile", KUBE_PSA_BASELINE, false },
        { "seLinuxOptions", KUBE_PSA_BASELINE, false },
        { "procMount", KUBE_PSA_BASELINE, false },
        { "seccompProfile_baseline", KUBE_PSA_BASELINE, true },
        { "sysctls", KUBE_PSA_BASELINE, false },
        { "restrictedVolumes", KUBE_PSA_RESTRICTED, false },
        { "allowPrivilegeEscalation", KUBE_PSA_RESTRICTED, false },
        { "runAsNonRoot", KUBE_PSA_RESTRICTED, false },
        { "runAsUser", KUBE_PSA_RESTRICTED, false },
        { "seccompProfile_restricted", KUBE_PSA_RESTRICTED, true },
        { "capabilities_restricted", KUBE_PSA_RESTRICTED, false },
};

size_t kube_psa_checks(enum kube_psa_level level, bool evaluated,
                       const char **ret, size_t max)
{
        size_t n = 0;
        for (size_t i = 0; i < ELEMENTSOF(psa_checks); i++)
                if (psa_checks[i].level <= level &&
                    psa_checks[i].evaluated == evaluated) {
                        if (n < max)
                                ret[n] = psa_checks[i].id;
                        n++;
                }
        return n;
}
