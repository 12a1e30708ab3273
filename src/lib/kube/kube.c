/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The kubelet's seccomp resolution, the API server's validation of the
 * seccompProfile fields, and the warnings for the removed alpha
 * annotations.  See kube.h for the rules and where they come from.
 */
#include "kube-internal.h"

#include "profile.h"

static const char *const seccomp_type_names[_KUBE_SECCOMP_MAX] = {
        [KUBE_SECCOMP_UNCONFINED] = "Unconfined",
        [KUBE_SECCOMP_RUNTIME_DEFAULT] = "RuntimeDefault",
        [KUBE_SECCOMP_LOCALHOST] = "Localhost",
};

const char *kube_seccomp_type_name(enum kube_seccomp_type t)
{
        return t >= 0 && t < _KUBE_SECCOMP_MAX ? seccomp_type_names[t] : NULL;
}

static int seccomp_type_from_name(const char *s)
{
        for (size_t i = 0; i < _KUBE_SECCOMP_MAX; i++)
                if (streq(s, seccomp_type_names[i]))
                        return (int)i;
        return -1;
}

static const char *const container_kind_names[_KUBE_CONTAINER_KIND_MAX] = {
        [KUBE_INIT_CONTAINER] = "initContainer",
        [KUBE_CONTAINER] = "container",
        [KUBE_EPHEMERAL_CONTAINER] = "ephemeralContainer",
};

/* The PodSpec field of each kind, in the order the kubelet starts them. */
static const char *const container_kind_fields[_KUBE_CONTAINER_KIND_MAX] = {
        [KUBE_INIT_CONTAINER] = "initContainers",
        [KUBE_CONTAINER] = "containers",
        [KUBE_EPHEMERAL_CONTAINER] = "ephemeralContainers",
};

const char *kube_container_kind_name(enum kube_container_kind k)
{
        return k >= 0 && k < _KUBE_CONTAINER_KIND_MAX ? container_kind_names[k]
                                                       : NULL;
}

static const char *const source_names[_KUBE_SOURCE_MAX] = {
        [KUBE_FROM_CONTAINER] = "container securityContext",
        [KUBE_FROM_POD] = "pod securityContext",
        [KUBE_FROM_DEFAULT] = "default",
        [KUBE_FROM_PRIVILEGED] = "privileged",
        [KUBE_FROM_WINDOWS] = "windows pod",
};

const char *kube_source_name(enum kube_source s)
{
        return s >= 0 && s < _KUBE_SOURCE_MAX ? source_names[s] : NULL;
}

static const char *const runtime_names[_KUBE_RUNTIME_MAX] = {
        [KUBE_RUNTIME_CONTAINERD] = "containerd",
        [KUBE_RUNTIME_CRIO] = "cri-o",
};

/* containerd's RuntimeDefault is its built-in contrib/seccomp profile,
 * generated from the same source as Docker's default.json; CRI-O's is
 * containers/common's (go.podman.io/common/pkg/seccomp), which denies
 * with ENOSYS, with clone/clone3/unshare narrowed by CRI-O
 * (internal/config/seccomp/seccomp.go). */
static const char *const runtime_default_names[_KUBE_RUNTIME_MAX] = {
        [KUBE_RUNTIME_CONTAINERD] = "containerd's built-in default (Docker's "
                                    "default.json rules, EPERM; seccompctl default)",
        [KUBE_RUNTIME_CRIO] = "CRI-O's default (containers/common's profile, "
                              "defaultErrno ENOSYS; seccompctl default --runtime cri-o)",
};

const char *kube_runtime_name(enum kube_runtime r)
{
        return r >= 0 && r < _KUBE_RUNTIME_MAX ? runtime_names[r] : NULL;
}

const char *kube_runtime_default_name(enum kube_runtime r)
{
        return r >= 0 && r < _KUBE_RUNTIME_MAX ? runtime_default_names[r] : NULL;
}

int kube_runtime_from_name(const char *s)
{
        for (size_t i = 0; i < _KUBE_RUNTIME_MAX; i++)
                if (streq(s, runtime_names[i]))
                        return (int)i;
        /* The project spells itself CRI-O; accept what people type. */
        if (streq(s, "crio") || streq(s, "CRI-O"))
                return KUBE_RUNTIME_CRIO;
        return -EINVAL;
}

/* Where each workload kind keeps its pod template.  NULL: the object is
 * the Pod itself. */
static const struct {
        const char *kind;
        const char *template; /* dotted path to the PodTemplateSpec */
} workload_kinds[] = {
        { "Pod", NULL },
        { "Deployment", "spec.template" },
        { "StatefulSet", "spec.template" },
        { "DaemonSet", "spec.template" },
        { "ReplicaSet", "spec.template" },
        { "ReplicationController", "spec.template" },
        { "Job", "spec.template" },
        { "CronJob", "spec.jobTemplate.spec.template" },
        { "PodTemplate", "template" },
};

int kube_workload_template(const char *kind, const char **ret_template)
{
        for (size_t i = 0; i < ELEMENTSOF(workload_kinds); i++)
                if (streq(kind, workload_kinds[i].kind)) {
                        *ret_template = workload_kinds[i].template;
                        return 0;
                }
        return -ENOENT;
}

bool kube_dns1123_subdomain(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || n > 253)
                return false;
        /* labels: [a-z0-9]([-a-z0-9]*[a-z0-9])? joined by '.' */
        bool start = true;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
                if (c == '.') {
                        if (start || s[i - 1] == '-')
                                return false;
                        start = true;
                        continue;
                }
                if (!alnum && c != '-')
                        return false;
                if (start && !alnum)
                        return false;
                start = false;
        }
        return !start && s[n - 1] != '-';
}

static const char *scalar_text(const struct doc_node *n)
{
        if (!n)
                return NULL;
        switch (n->kind) {
        case DOC_STRING:
        case DOC_NUMBER:
        case DOC_BOOL:
                return n->text ? n->text : (n->boolean ? "true" : "false");
        case DOC_NULL:
        case DOC_MAP:
        case DOC_SEQ:
                return NULL;
        }
        return NULL;
}

static const char *string_of(const struct doc_node *n)
{
        return n && n->kind == DOC_STRING ? n->text : NULL;
}

static bool is_null(const struct doc_node *n)
{
        return !n || n->kind == DOC_NULL;
}

/* path.Clean for an absolute path: the kubelet builds the Localhost path
 * with filepath.Join(root, localhostProfile), which cleans it. */
static char *path_join_clean(const char *root, const char *rel)
{
        _cleanup_free_ char *joined = xasprintf("%s/%s", root, rel);
        bool abs = joined[0] == '/';
        char **parts = NULL;
        size_t n = 0, alloc = 0;
        for (char *save = NULL, *tok = strtok_r(joined, "/", &save); tok;
             tok = strtok_r(NULL, "/", &save)) {
                if (streq(tok, "."))
                        continue;
                if (streq(tok, "..")) {
                        if (n > 0 && !streq(parts[n - 1], ".."))
                                n--;
                        else if (!abs) {
                                GROW(parts, n, alloc);
                                parts[n++] = tok;
                        }
                        continue;
                }
                GROW(parts, n, alloc);
                parts[n++] = tok;
        }
        struct strbuf sb = {};
        if (abs)
                strbuf_putc(&sb, '/');
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_putc(&sb, '/');
                strbuf_puts(&sb, parts[i]);
        }
        if (sb.len == 0)
                strbuf_putc(&sb, '.');
        free(parts);
        return strbuf_steal(&sb);
}

/* ---- field errors, worded like k8s.io/apimachinery/pkg/util/validation/field ---- */


static char *ferr_invalid(const char *path, const char *value,
                          const char *detail)
{
        struct strbuf sb = {};
        strbuf_printf(&sb, "%s: Invalid value: ", path);
        strbuf_put_quoted(&sb, value);
        strbuf_printf(&sb, ": %s", detail);
        return strbuf_steal(&sb);
}

/* Is ".." one of the '/'-separated elements of s[0..n)? */
static bool has_dotdot(const char *s, size_t n)
{
        size_t start = 0;
        for (size_t i = 0; i <= n; i++)
                if (i == n || s[i] == '/') {
                        if (i - start == 2 && s[start] == '.' && s[start + 1] == '.')
                                return true;
                        start = i + 1;
                }
        return false;
}

/* ValidateSeccompProfileType + validateSeccompProfileField. */
static void validate_seccomp_field(const struct doc_node *sp, const char *path,
                                   struct strv *errs)
{
        const struct doc_node *type = doc_get(sp, "type");
        const struct doc_node *lp = doc_get(sp, "localhostProfile");
        const char *t = scalar_text(type);

        if (sp->kind != DOC_MAP) {
                strv_push(errs, xasprintf("%s: Invalid value: must be an object",
                                         path));
                return;
        }
        if (!t || !*t) {
                strv_push(errs,
                         xasprintf("%s.type: Required value: type is required "
                                   "when seccompProfile is set",
                                   path));
        } else if (seccomp_type_from_name(t) < 0 || !kube_whole_string(type)) {
                /* "RuntimeDefault\0junk" too: the API server compares the
                 * whole Go string. */
                struct strbuf sb = {};
                strbuf_printf(&sb, "%s.type: Unsupported value: ", path);
                /* all of a string's bytes, a NUL as \x00 */
                if (type->kind == DOC_STRING && type->text)
                        strbuf_put_quoted_n(&sb, type->text, type->text_len);
                else
                        strbuf_put_quoted(&sb, t ? t : "");
                strbuf_puts(&sb, ": supported values: \"Localhost\", "
                                 "\"RuntimeDefault\", \"Unconfined\"");
                strv_push(errs, strbuf_steal(&sb));
        }

        if (t && streq(t, "Localhost")) {
                if (is_null(lp)) {
                        strv_push(errs, xasprintf("%s.localhostProfile: Required "
                                                 "value: must be set when "
                                                 "seccomp type is Localhost",
                                                 path));
                        return;
                }
                const char *p = scalar_text(lp);
                if (!p)
                        p = "";
                _cleanup_free_ char *fp = xasprintf("%s.localhostProfile", path);
                if (p[0] == '/')
                        strv_push(errs, ferr_invalid(fp, p, "must be a relative path"));
                /* validatePathNoBacksteps: one error even for ../../..
                 * Go sees the whole string, NUL bytes included, so split
                 * the bytes as parsed, not the C string. */
                if (lp->kind == DOC_STRING ? has_dotdot(lp->text, lp->text_len)
                                           : has_dotdot(p, strlen(p)))
                        strv_push(errs, ferr_invalid(fp, p, "must not contain '..'"));
        } else if (!is_null(lp)) {
                /* The API server passes the whole *SeccompProfile as the
                 * bad value and prints it with %#v, a Go pointer address
                 * included; we print the field's value instead. */
                const char *p = scalar_text(lp);
                _cleanup_free_ char *fp = xasprintf("%s.localhostProfile", path);
                strv_push(errs, ferr_invalid(fp, p ? p : "",
                                            "can only be set when seccomp "
                                            "type is Localhost"));
        }
}

/* ---- resolution ---- */

/* Where a field error goes, so that the joined message lists them in the
 * order ValidatePodSpec finds them: containers, init containers,
 * ephemeral containers, then the pod's securityContext. */
enum {
        ERRS_POD = _KUBE_CONTAINER_KIND_MAX,
        _ERRS_MAX,
};

struct pod_ctx {
        const char *file;
        const char *kind;
        const char *name;
        const char *namespace;
        const char *prefix;  /* "spec.template." or "" */
        const struct doc_node *spec;
        const struct doc_node *annotations;
        const struct kube_resolve_opts *opts;
        struct sc_diags *diags;
        struct kube_resolution *res;
        size_t first;        /* index of this pod's first container in res */
        struct strv errs[_ERRS_MAX];
        /* validateSeccompAnnotationsAndFields, after ValidatePodSpec */
        struct strv mismatch;
        bool windows;
};

static void add_warning(struct kube_container *c, char *w)
{
        strv_push(&c->warnings, w);
}

/* What field to use instead of an alpha annotation value. */
static char *annotation_hint(const char *value)
{
        if (streq(value, "runtime/default") || streq(value, "docker/default"))
                return xstrdup("{type: RuntimeDefault}");
        if (streq(value, "unconfined"))
                return xstrdup("{type: Unconfined}");
        if (startswith(value, "localhost/")) {
                struct strbuf sb = {};
                strbuf_puts(&sb, "{type: Localhost, localhostProfile: ");
                kube_yaml_scalar(&sb, value + strlen("localhost/"));
                strbuf_putc(&sb, '}');
                return strbuf_steal(&sb);
        }
        return NULL;
}

static char *annotation_warning(const char *prefix, const char *key,
                                const char *value, const char *field)
{
        struct strbuf sb = {};
        strbuf_printf(&sb,
                      "%smetadata.annotations[%s]: non-functional in v1.27+; "
                      "use the \"seccompProfile\" field instead",
                      prefix, key);
        _cleanup_free_ char *hint = value ? annotation_hint(value) : NULL;
        if (hint)
                strbuf_printf(&sb, " (set %s to %s)", field, hint);
        else
                strbuf_printf(&sb, " (set %s)", field);
        return strbuf_steal(&sb);
}

/* validateSeccompAnnotationsAndFieldsMatch: an annotation and the field
 * of the same pod or container must name the same profile. */
static void annotation_field_match(const char *value, const struct doc_node *sp,
                                   const char *path, struct strv *errs)
{
        const char *t = kube_whole_string(doc_get(sp, "type"));
        if (!t)
                return;
        bool ok = true;
        const char *what = "type";
        if (streq(t, "Unconfined"))
                ok = streq(value, "unconfined");
        else if (streq(t, "RuntimeDefault"))
                ok = streq(value, "runtime/default") || streq(value, "docker/default");
        else if (streq(t, "Localhost")) {
                if (!startswith(value, "localhost/"))
                        ok = false;
                else {
                        const struct doc_node *lpn = doc_get(sp, "localhostProfile");
                        const char *lp = string_of(lpn);
                        what = "localhostProfile";
                        ok = lp && lpn->text_len == strlen(lp) &&
                             streq(value + strlen("localhost/"), lp);
                }
        }
        if (!ok)
                strv_push(errs, xasprintf("%s.%s: Forbidden: seccomp %s in annotation "
                                         "and field must match",
                                         path, what,
                                         streq(what, "type") ? "type" : "profile"));
}

/* ValidateSeccompProfile: what an alpha annotation may hold.  path is
 * the field path of the annotation ("metadata.annotations.KEY"). */
static void validate_annotation_value(const struct doc_node *v, const char *path,
                                      struct strv *errs)
{
        const char *s = scalar_text(v);
        if (!s)
                s = "";
        if (v && v->kind == DOC_STRING && strlen(s) != v->text_len) {
                strv_push(errs, ferr_invalid(path, s, "must be a valid seccomp profile"));
                return;
        }
        if (streq(s, "runtime/default") || streq(s, "docker/default") ||
            streq(s, "unconfined"))
                return;
        if (startswith(s, "localhost/")) {
                /* validateLocalDescendingPath on the part after the prefix */
                const char *rel = s + strlen("localhost/");
                if (rel[0] == '/')
                        strv_push(errs, ferr_invalid(path, rel, "must be a relative path"));
                if (has_dotdot(rel, strlen(rel)))
                        strv_push(errs, ferr_invalid(path, rel, "must not contain '..'"));
                return;
        }
        strv_push(errs, ferr_invalid(path, s, "must be a valid seccomp profile"));
}

static int cmp_key_nodes(const void *a, const void *b)
{
        const struct doc_node *const *x = a, *const *y = b;
        return strcmp((*x)->text ? (*x)->text : "", (*y)->text ? (*y)->text : "");
}

/* ValidateSeccompPodAnnotations: the pod key, then every container key
 * (Go walks a map: we sort the keys so the output is stable). */
static void validate_annotations(const struct doc_node *ann, const char *path,
                                 struct strv *errs)
{
        if (!ann || ann->kind != DOC_MAP)
                return;
        const struct doc_node *pv = doc_get(ann, "seccomp.security.alpha.kubernetes.io/pod");
        if (pv) {
                _cleanup_free_ char *fp = xasprintf(
                        "%s.seccomp.security.alpha.kubernetes.io/pod", path);
                validate_annotation_value(pv, fp, errs);
        }
        _cleanup_free_ const struct doc_node **keys =
                xcalloc(ann->n ? ann->n : 1, sizeof(*keys));
        size_t n = 0;
        for (size_t i = 0; i < ann->n; i++)
                if (ann->keys[i]->text &&
                    startswith(ann->keys[i]->text,
                               "container.seccomp.security.alpha.kubernetes.io/"))
                        keys[n++] = ann->keys[i];
        if (n > 1)
                qsort(keys, n, sizeof(*keys), cmp_key_nodes);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *fp = xasprintf("%s.%s", path, keys[i]->text);
                validate_annotation_value(doc_get(ann, keys[i]->text), fp, errs);
        }
}

/* The container's entry in the resolution, named and placed. */
static struct kube_container *container_new(struct pod_ctx *p, const struct doc_node *c,
                                            const char *name,
                                            enum kube_container_kind ckind, size_t index)
{
        GROW(p->res->containers, p->res->n, p->res->alloc);
        struct kube_container *k = &p->res->containers[p->res->n++];
        *k = (struct kube_container){
                .kind = xstrdup(p->kind),
                .pod = xstrdup(p->name),
                .namespace = xstrdup(p->namespace),
                .object = p->res->n_objects,
                .name = xstrdup(name ? name : ""),
                .ckind = ckind,
                .field_path = xasprintf("%sspec.%s[%zu]", p->prefix,
                                        container_kind_fields[ckind], index),
                .pos = c->pos,
        };
        return k;
}

/* What the API server says of the container's seccompProfile field (sp)
 * and of its alpha annotation: field errors into p, warnings onto k. */
static void validate_container_seccomp(struct pod_ctx *p, struct kube_container *k,
                                       const struct doc_node *sp, const char *name,
                                       enum kube_container_kind ckind)
{
        _cleanup_free_ char *fp = xasprintf("%s.securityContext.seccompProfile",
                                            k->field_path);
        _cleanup_free_ char *key = name ? xasprintf("container.seccomp.security.alpha."
                                                    "kubernetes.io/%s", name)
                                        : NULL;
        if (!is_null(sp)) {
                validate_seccomp_field(sp, fp, &p->errs[ckind]);
                if (p->windows)
                        strv_push(&p->errs[ckind], xasprintf("%s: Forbidden: cannot be "
                                                            "set for a windows pod",
                                                            fp));
                /* The API server still holds an annotation and the field
                 * of the same container to agreeing values. */
                const char *v = key ? scalar_text(doc_get(p->annotations, key)) : NULL;
                if (v)
                        annotation_field_match(v, sp, fp, &p->mismatch);
                return;
        }
        /* Alpha annotations: the API server still warns, the kubelet has
         * ignored them since v1.27. */
        const struct doc_node *v = key ? doc_get(p->annotations, key) : NULL;
        if (v)
                add_warning(k, annotation_warning(p->prefix, key, scalar_text(v), fp));
}

static const char *seccomp_root(const struct pod_ctx *p)
{
        return p->opts && p->opts->root ? p->opts->root : KUBE_DEFAULT_SECCOMP_ROOT;
}

/* type Localhost: the file under the root the runtime will open.  false
 * when the kubelet refuses the container before any runtime sees it
 * (nothing else applies then, privileged or not). */
static bool resolve_localhost(struct pod_ctx *p, struct kube_container *k,
                              const struct doc_node *use)
{
        const struct doc_node *lpn = doc_get(use, "localhostProfile");
        const char *lp = scalar_text(lpn);
        if (lp && !*lp && lpn->kind == DOC_STRING && lpn->text_len == 0) {
                /* The API server lets "" through (it is relative and has
                 * no ".."); the kubelet's fieldSeccompProfile refuses it
                 * before the runtime sees the container, privileged or not:
                 * the Pod shows CreateContainerConfigError. */
                k->localhost_profile = xstrdup("");
                kube_container_set_error(k, xstrdup("CreateContainerConfigError: "
                                                    "localhostProfile must be set if "
                                                    "seccompProfile type is Localhost."));
                return false;
        }
        if (lp && lpn->kind == DOC_STRING && strlen(lp) != lpn->text_len) {
                /* A NUL byte: Go's os.Open refuses the path ("invalid
                 * argument"); never truncate it to another file. */
                struct strbuf sb = {};
                for (size_t i = 0; i < lpn->text_len; i++)
                        if (lpn->text[i])
                                strbuf_putc(&sb, lpn->text[i]);
                        else
                                strbuf_puts(&sb, "\\x00");
                k->localhost_profile = strbuf_steal(&sb);
                _cleanup_free_ char *shown = xasprintf("%s/%s", seccomp_root(p),
                                                       k->localhost_profile);
                kube_container_set_error(k, kube_load_error(shown, "open", EINVAL));
        } else if (lp) {
                k->localhost_profile = xstrdup(lp);
                k->path = path_join_clean(seccomp_root(p), lp);
        }
        return true;
}

/* The kubelet's choice: the container's field wins over the pod's, never
 * merged; neither is Unconfined (RuntimeDefault with --seccomp-default).
 * The field used goes to *ret_use (NULL: neither).  false as for
 * resolve_localhost. */
static bool resolve_field(struct pod_ctx *p, struct kube_container *k,
                          const struct doc_node *sp, const struct doc_node *pod_sp,
                          const struct doc_node **ret_use)
{
        const struct doc_node *use = NULL;
        *ret_use = NULL;
        if (!is_null(sp)) {
                use = sp;
                k->source = KUBE_FROM_CONTAINER;
        } else if (!is_null(pod_sp)) {
                use = pod_sp;
                k->source = KUBE_FROM_POD;
        } else {
                k->source = KUBE_FROM_DEFAULT;
                k->type = p->opts && p->opts->seccomp_default ? KUBE_SECCOMP_RUNTIME_DEFAULT
                                                              : KUBE_SECCOMP_UNCONFINED;
                return true;
        }
        *ret_use = use;
        const char *t = kube_whole_string(doc_get(use, "type"));
        int ti = t ? seccomp_type_from_name(t) : -1;
        /* An invalid type never reaches the kubelet: the API server
         * rejects the object; say what was asked for. */
        k->type = ti >= 0 ? (enum kube_seccomp_type)ti : KUBE_SECCOMP_UNCONFINED;
        if (k->type == KUBE_SECCOMP_LOCALHOST)
                return resolve_localhost(p, k, use);
        return true;
}

/* A privileged container: containerd (and CRI-O without
 * privileged_seccomp_profile) skip seccomp; CRI-O 1.33+ with it set loads
 * that file as a Localhost profile instead (server/container_create.go,
 * setupSeccomp).  use: the field that was set, if any. */
static void resolve_privileged(struct pod_ctx *p, struct kube_container *k,
                               const struct doc_node *use)
{
        const char *pp = p->opts && p->opts->runtime == KUBE_RUNTIME_CRIO
                                 ? p->opts->privileged_profile
                                 : NULL;
        if (pp && *pp) {
                if (use || k->type != KUBE_SECCOMP_UNCONFINED)
                        add_warning(k, xasprintf("privileged container: the %s "
                                                 "seccomp profile is ignored, "
                                                 "CRI-O's privileged_seccomp_"
                                                 "profile applies",
                                                 seccomp_type_names[k->type]));
                free(k->localhost_profile);
                free(k->path);
                k->type = KUBE_SECCOMP_LOCALHOST;
                k->source = KUBE_FROM_PRIVILEGED;
                k->localhost_profile = xstrdup(pp);
                k->path = xstrdup(pp);
                k->needs_file = !k->error;
                return;
        }
        if (use)
                add_warning(k, xasprintf("privileged container: the %s "
                                         "seccomp profile is ignored, "
                                         "the container runs Unconfined",
                                         seccomp_type_names[k->type]));
        k->type = KUBE_SECCOMP_UNCONFINED;
        k->source = KUBE_FROM_PRIVILEGED;
        free(k->localhost_profile);
        free(k->path);
        k->localhost_profile = k->path = NULL;
}

static void resolve_container(struct pod_ctx *p, const struct doc_node *c,
                              enum kube_container_kind ckind, size_t index)
{
        const struct doc_node *pod_sc = doc_get(p->spec, "securityContext");
        const struct doc_node *pod_sp = doc_get(pod_sc, "seccompProfile");
        const struct doc_node *sc = doc_get(c, "securityContext");
        const struct doc_node *sp = doc_get(sc, "seccompProfile");
        const struct doc_node *priv = doc_get(sc, "privileged");
        const char *name = string_of(doc_get(c, "name"));
        const struct doc_node *use;

        struct kube_container *k = container_new(p, c, name, ckind, index);
        validate_container_seccomp(p, k, sp, name, ckind);
        if (p->windows) {
                k->type = KUBE_SECCOMP_UNCONFINED;
                k->source = KUBE_FROM_WINDOWS;
                add_warning(k, xstrdup("windows pod: seccomp does not apply on "
                                       "Windows nodes"));
                return;
        }
        if (!resolve_field(p, k, sp, pod_sp, &use))
                return;
        if (priv && priv->kind == DOC_BOOL && priv->boolean) {
                resolve_privileged(p, k, use);
                return;
        }
        k->needs_file = k->type == KUBE_SECCOMP_LOCALHOST && k->path && !k->error;
}

/* ValidatePodSpecificAnnotations comes first: for a Pod the path is
 * metadata.annotations, for a template ValidatePodTemplateSpec passes
 * TEMPLATE.annotations (no "metadata").  Then the pod's own seccompProfile
 * field (pod_sp at pod_fp). */
static void validate_pod_seccomp(struct pod_ctx *p, const struct doc_node *pod_sp,
                                 const char *pod_fp, struct strv *ann_errs)
{
        _cleanup_free_ char *ap = *p->prefix ? xasprintf("%sannotations", p->prefix)
                                             : xstrdup("metadata.annotations");
        validate_annotations(p->annotations, ap, ann_errs);
        if (is_null(pod_sp))
                return;
        validate_seccomp_field(pod_sp, pod_fp, &p->errs[ERRS_POD]);
        if (p->windows)
                strv_push(&p->errs[ERRS_POD],
                         xasprintf("%s: Forbidden: cannot be set for a windows pod", pod_fp));
        const char *pv = scalar_text(
                doc_get(p->annotations, "seccomp.security.alpha.kubernetes.io/pod"));
        if (pv)
                annotation_field_match(pv, pod_sp, pod_fp, &p->mismatch);
}

/* Ephemeral containers are added to a running Pod through the
 * ephemeralcontainers subresource (kubectl debug); the API server refuses
 * them on create (ValidatePodCreate) and in any pod template
 * (ValidatePodTemplateSpec).  An object read back from a cluster (status
 * or metadata.uid set) legitimately has them. */
static void validate_ephemeral(const struct pod_ctx *p, const struct doc_node *object,
                               struct strv *late)
{
        const struct doc_node *eph = doc_get(p->spec, "ephemeralContainers");
        bool live = !is_null(doc_get(object, "status")) ||
                    !is_null(doc_get_path(object, "metadata.uid"));
        if (!eph || eph->kind != DOC_SEQ || eph->n == 0)
                return;
        if (*p->prefix)
                strv_push(late, xasprintf("%sspec.ephemeralContainers: Forbidden: "
                                         "ephemeral containers not allowed in "
                                         "pod template",
                                         p->prefix));
        else if (!live)
                strv_push(late, xstrdup("spec.ephemeralContainers: Forbidden: "
                                       "cannot be set on create"));
}

/* The API server rejects the whole object: no container starts, and every
 * one of them is told why, in the server's words, in the order
 * validatePodMetadataAndSpec (or ValidatePodTemplateSpec) finds them.
 * Takes the messages out of the lists. */
static void reject_if_invalid(struct pod_ctx *p, struct strv *ann_errs,
                              struct strv *late)
{
        static const int order[] = { KUBE_CONTAINER, KUBE_INIT_CONTAINER,
                                     KUBE_EPHEMERAL_CONTAINER, ERRS_POD };
        struct strv all = {};
        for (size_t i = 0; i < ann_errs->n; i++)
                strv_push(&all, TAKE_PTR(ann_errs->items[i]));
        for (size_t o = 0; o < ELEMENTSOF(order); o++)
                for (size_t i = 0; i < p->errs[order[o]].n; i++)
                        strv_push(&all, TAKE_PTR(p->errs[order[o]].items[i]));
        for (size_t i = 0; i < p->mismatch.n; i++)
                strv_push(&all, TAKE_PTR(p->mismatch.items[i]));
        for (size_t i = 0; i < late->n; i++)
                strv_push(&all, TAKE_PTR(late->items[i]));
        if (all.n > 0) {
                struct strbuf sb = {};
                strbuf_printf(&sb, "The %s ", p->kind);
                strbuf_put_quoted(&sb, p->name);
                strbuf_puts(&sb, " is invalid: ");
                if (all.n > 1)
                        strbuf_putc(&sb, '[');
                for (size_t i = 0; i < all.n; i++) {
                        if (i)
                                strbuf_puts(&sb, ", ");
                        strbuf_puts(&sb, all.items[i]);
                }
                if (all.n > 1)
                        strbuf_putc(&sb, ']');
                for (size_t i = p->first; i < p->res->n; i++) {
                        struct kube_container *k = &p->res->containers[i];
                        kube_container_set_error(k, xstrdup(sb.buf));
                        /* Nothing reaches a node: no path to show. */
                        k->needs_file = false;
                        free(k->path);
                        k->path = NULL;
                }
                strbuf_clear(&sb);
        }
        strv_clear(&all);
}

static int resolve_pod(const char *file, const char *kind, const char *name,
                       const char *prefix, const struct doc_node *object,
                       const struct doc_node *meta,
                       const struct doc_node *spec, struct sc_pos pos,
                       const struct kube_resolve_opts *opts,
                       struct sc_diags *diags, struct kube_resolution *res)
{
        if (!spec || spec->kind != DOC_MAP) {
                sc_diag_add(diags, SC_ERROR, file, pos, NULL,
                            "%s \"%s\": %sspec: Required value", kind, name,
                            prefix);
                return -EINVAL;
        }
        /* Templates keep no namespace of their own: the object's counts. */
        const char *ns = string_of(doc_get_path(object, "metadata.namespace"));
        if (!ns || !*ns)
                ns = opts && opts->namespace ? opts->namespace : "default";
        struct pod_ctx p = {
                .file = file,
                .kind = kind,
                .name = name,
                .namespace = ns,
                .prefix = prefix,
                .spec = spec,
                .annotations = doc_get(meta, "annotations"),
                .opts = opts,
                .diags = diags,
                .res = res,
                .first = res->n,
                .windows = streq(string_of(doc_get_path(spec, "os.name")) ?: "",
                                 "windows"),
        };
        struct strv ann_errs = {}, late = {};
        const struct doc_node *pod_sp =
                doc_get(doc_get(spec, "securityContext"), "seccompProfile");
        _cleanup_free_ char *pod_fp = xasprintf("%sspec.securityContext.seccompProfile",
                                                prefix);
        validate_pod_seccomp(&p, pod_sp, pod_fp, &ann_errs);

        for (size_t k = 0; k < _KUBE_CONTAINER_KIND_MAX; k++) {
                const struct doc_node *list = doc_get(spec, container_kind_fields[k]);
                if (!list || list->kind != DOC_SEQ)
                        continue;
                for (size_t i = 0; i < list->n; i++)
                        if (list->items[i]->kind == DOC_MAP)
                                resolve_container(&p, list->items[i],
                                                  (enum kube_container_kind)k, i);
        }
        if (res->n == p.first)
                sc_diag_add(diags, SC_NOTE, file, pos, NULL,
                            "%s \"%s\" has no containers", kind, name);
        validate_ephemeral(&p, object, &late);

        /* The pod annotation is warned about once per object; every
         * container without its own field would have used it. */
        const struct doc_node *pa =
                doc_get(p.annotations, "seccomp.security.alpha.kubernetes.io/pod");
        if (pa && is_null(pod_sp))
                for (size_t i = p.first; i < res->n; i++)
                        add_warning(&res->containers[i],
                                    annotation_warning(prefix,
                                                       "seccomp.security.alpha.kubernetes.io/pod",
                                                       scalar_text(pa), pod_fp));

        reject_if_invalid(&p, &ann_errs, &late);
        strv_clear(&ann_errs);
        strv_clear(&late);
        strv_clear(&p.mismatch);
        for (size_t i = 0; i < _ERRS_MAX; i++)
                strv_clear(&p.errs[i]);
        res->n_objects++;
        return 0;
}

static int resolve_object(const struct doc_node *doc, const char *file,
                          const struct kube_resolve_opts *opts,
                          struct sc_diags *diags, struct kube_resolution *res,
                          unsigned depth)
{
        if (is_null(doc))
                return 0;
        const char *kind = string_of(doc_get(doc, "kind"));
        if (doc->kind != DOC_MAP || !kind) {
                sc_diag_add(diags, SC_NOTE, file, doc->pos, NULL,
                            "skipped: not a Kubernetes object (no \"kind\")");
                return 0;
        }
        const char *name = string_of(doc_get_path(doc, "metadata.name"));
        if (!name)
                name = "";

        /* kubectl accepts "List" and any "FooList" with items[]. */
        if (endswith(kind, "List")) {
                const struct doc_node *items = doc_get(doc, "items");
                int count = 0;
                if (depth > 4 || !items || items->kind != DOC_SEQ) {
                        sc_diag_add(diags, SC_NOTE, file, doc->pos, NULL,
                                    "skipped %s: no items", kind);
                        return 0;
                }
                for (size_t i = 0; i < items->n; i++) {
                        int r = resolve_object(items->items[i], file, opts,
                                               diags, res, depth + 1);
                        if (r > 0)
                                count += r;
                }
                return count;
        }

        const char *tmpl;
        if (kube_workload_template(kind, &tmpl) < 0) {
                sc_diag_add(diags, SC_NOTE, file, doc->pos, NULL,
                            "skipped %s \"%s\": not a workload (no pod template)",
                            kind, name);
                return 0;
        }
        if (!tmpl)
                return resolve_pod(file, kind, name, "", doc, doc_get(doc, "metadata"),
                                   doc_get(doc, "spec"), doc->pos, opts, diags,
                                   res) < 0
                               ? 0
                               : 1;
        const struct doc_node *t = doc_get_path(doc, tmpl);
        _cleanup_free_ char *prefix = xasprintf("%s.", tmpl);
        if (!t || t->kind != DOC_MAP) {
                sc_diag_add(diags, SC_ERROR, file, doc->pos, NULL,
                            "%s \"%s\": %s: Required value", kind, name, tmpl);
                return 0;
        }
        return resolve_pod(file, kind, name, prefix, doc, doc_get(t, "metadata"),
                           doc_get(t, "spec"), t->pos, opts, diags, res) < 0
                       ? 0
                       : 1;
}

int kube_resolve_stream(const struct doc_stream *s, const char *file,
                        const struct kube_resolve_opts *opts,
                        struct sc_diags *diags, struct kube_resolution *res)
{
        int count = 0;
        for (size_t i = 0; i < s->n; i++)
                count += resolve_object(s->docs[i], file, opts, diags, res, 0);
        return count;
}

void kube_container_set_error(struct kube_container *c, char *msg)
{
        free(c->error);
        c->error = msg;
}

void kube_resolution_clear(struct kube_resolution *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++) {
                struct kube_container *c = &r->containers[i];
                free(c->kind);
                free(c->pod);
                free(c->namespace);
                free(c->name);
                free(c->field_path);
                free(c->localhost_profile);
                free(c->path);
                free(c->error);
                strv_clear(&c->warnings);
        }
        free(r->containers);
        *r = (struct kube_resolution){};
}

/* Go's syscall.Errno strings (zerrors_linux.go) are glibc's with a
 * lower-case first letter; the ones a profile load can hit are listed so
 * the text does not depend on the C library. */
static const struct {
        int err;
        const char *text;
} go_errno_text[] = {
        { ENOENT, "no such file or directory" },
        { EACCES, "permission denied" },
        { EISDIR, "is a directory" },
        { ENOTDIR, "not a directory" },
        { ELOOP, "too many levels of symbolic links" },
        { EFBIG, "file too large" },
        { EIO, "input/output error" },
        { ENAMETOOLONG, "file name too long" },
        { EPERM, "operation not permitted" },
};

char *kube_load_error(const char *path, const char *op, int err)
{
        const char *text = NULL;
        for (size_t i = 0; i < ELEMENTSOF(go_errno_text); i++)
                if (go_errno_text[i].err == err)
                        text = go_errno_text[i].text;
        _cleanup_free_ char *fallback = NULL;
        if (!text) {
                fallback = xstrdup(strerror(err));
                if (fallback[0] >= 'A' && fallback[0] <= 'Z')
                        fallback[0] = (char)(fallback[0] - 'A' + 'a');
                text = fallback;
        }
        struct strbuf sb = {};
        strbuf_puts(&sb, "cannot load seccomp profile ");
        strbuf_put_quoted(&sb, path);
        strbuf_printf(&sb, ": %s %s: %s", op, path, text);
        return strbuf_steal(&sb);
}

char *kube_check_profile(const char *buf, size_t len, const char *path,
                         struct sc_diags *diags)
{
        struct sc_diags local = {};
        struct sc_profile_set set = {};
        char *msg = NULL;
        /* containerd and CRI-O json.Unmarshal the file: JSON only, and the
         * bare profile, not a resource or config.json around it. */
        int r = sc_profile_parse(buf, len, path, DOC_JSON, &local, &set);
        if (r >= 0 && (set.n != 1 || !streq(set.profiles[0]->json_prefix, "$")))
                msg = xasprintf("%s: not a bare OCI seccomp profile (%s); the "
                                "runtime reads the profile JSON itself, as "
                                "'seccompctl install' writes it",
                                path,
                                set.n == 1 && streq(set.profiles[0]->json_prefix, "$.spec")
                                        ? "a SeccompProfile resource"
                                        : set.n == 1 ? "an OCI config.json"
                                                     : "several profiles");
        if (r >= 0 && !msg) {
                struct sc_validate_opts vo = {
                        .compat = SC_COMPAT_RUNC,
                        .target = sc_arch_native(),
                };
                sc_profile_validate(set.profiles[0], &vo, &local);
                if (sc_profile_is_extended(set.profiles[0]))
                        sc_diag_add(&local, SC_WARNING, path, set.profiles[0]->pos, "$",
                                    "Docker's archMap/includes/excludes: containerd "
                                    "ignores them (every rule applies, on every "
                                    "arch), CRI-O resolves them as Docker does");
        }
        if (!msg && (r < 0 || local.n_errors > 0)) {
                sc_diags_sort(&local);
                /* FILE:LINE:COL: $.path: message, without the "error:"
                 * that the caller's own "error: ..." would repeat. */
                for (size_t i = 0; i < local.n && !msg; i++)
                        if (local.items[i].severity == SC_ERROR) {
                                const struct sc_diag *d = &local.items[i];
                                struct strbuf sb = {};
                                strbuf_puts(&sb, d->file ? d->file : path);
                                if (d->pos.line)
                                        strbuf_printf(&sb, ":%u:%u", d->pos.line,
                                                      d->pos.col);
                                strbuf_puts(&sb, ": ");
                                if (d->path)
                                        strbuf_printf(&sb, "%s: ", d->path);
                                strbuf_puts(&sb, d->message);
                                msg = strbuf_steal(&sb);
                        }
                if (!msg)
                        msg = xasprintf("%s: %s", path, strerror(-r));
        }
        sc_profile_set_clear(&set);
        char *ret = NULL;
        if (msg) {
                struct strbuf sb = {};
                strbuf_puts(&sb, "cannot load seccomp profile ");
                strbuf_put_quoted(&sb, path);
                strbuf_printf(&sb, ": %s", msg);
                ret = strbuf_steal(&sb);
                free(msg);
        }
        if (diags)
                sc_diags_move(diags, &local);
        sc_diags_clear(&local);
        return ret;
}
