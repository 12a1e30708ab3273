/* SPDX-License-Identifier: Apache-2.0 */
/* The kubelet's seccomp rules and the API server's messages, one table
 * row per rule. */
#include "kube.h"
#include "test.h"

struct expect {
        const char *container;  /* name */
        const char *kind;       /* containerKind */
        const char *type;
        const char *path;       /* NULL: none */
        const char *error;      /* NULL: none */
        const char *warning;    /* substring of the first warning, or NULL */
        int needs_file;
};

static const struct resolve_case {
        const char *name;
        const char *yaml;
        bool seccomp_default;
        size_t n;
        struct expect e[3];
        /* --runtime cri-o --privileged-seccomp-profile PATH */
        const char *crio_privileged_profile;
} cases[] = {
        { "pod level applies to every container",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: RuntimeDefault}\n"
          "  containers: [{name: a}, {name: b}]\n",
          false, 2,
          { { "a", "container", "RuntimeDefault", NULL, NULL, NULL, 0 },
            { "b", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } } },
        { "container beats pod",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: RuntimeDefault}\n"
          "  containers:\n  - name: a\n    securityContext:\n"
          "      seccompProfile: {type: Localhost, localhostProfile: x.json}\n",
          false, 1,
          { { "a", "container", "Localhost", "/root/x.json", NULL, NULL, 1 } } },
        { "explicit Unconfined stays Unconfined with --seccomp-default",
          "kind: Pod\nmetadata: {name: p}\nspec:\n"
          "  containers:\n  - name: a\n    securityContext:\n"
          "      seccompProfile: {type: Unconfined}\n  - name: b\n",
          true, 2,
          { { "a", "container", "Unconfined", NULL, NULL, NULL, 0 },
            { "b", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } } },
        { "unset is Unconfined without --seccomp-default",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n",
          false, 1, { { "a", "container", "Unconfined", NULL, NULL, NULL, 0 } } },
        { "no merging: container Localhost without profile does not borrow the pod's",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: Localhost, localhostProfile: pod.json}\n"
          "  containers:\n  - name: a\n    securityContext:\n"
          "      seccompProfile: {type: Localhost}\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Pod \"p\" is invalid: spec.containers[0].securityContext."
              "seccompProfile.localhostProfile: Required value: must be set "
              "when seccomp type is Localhost",
              NULL, 0 } } },
        { "privileged: Unconfined, the file is not read",
          "kind: Pod\nmetadata: {name: p}\nspec:\n"
          "  containers:\n  - name: a\n    securityContext:\n      privileged: true\n"
          "      seccompProfile: {type: Localhost, localhostProfile: x.json}\n",
          true, 1,
          { { "a", "container", "Unconfined", NULL, NULL,
              "privileged container: the Localhost seccomp profile is ignored", 0 } } },
        { "absolute localhostProfile",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: Localhost, localhostProfile: /etc/x.json}\n"
          "  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Pod \"p\" is invalid: spec.securityContext.seccompProfile."
              "localhostProfile: Invalid value: \"/etc/x.json\": must be a "
              "relative path",
              NULL, 0 } } },
        { "backsteps, reported once",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: Localhost, localhostProfile: ../../x.json}\n"
          "  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Pod \"p\" is invalid: spec.securityContext.seccompProfile."
              "localhostProfile: Invalid value: \"../../x.json\": must not "
              "contain '..'",
              NULL, 0 } } },
        { "absolute and backsteps: both errors, bracketed",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: Localhost, localhostProfile: /a/../x}\n"
          "  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Pod \"p\" is invalid: [spec.securityContext.seccompProfile."
              "localhostProfile: Invalid value: \"/a/../x\": must be a relative "
              "path, spec.securityContext.seccompProfile.localhostProfile: "
              "Invalid value: \"/a/../x\": must not contain '..']",
              NULL, 0 } } },
        { "localhostProfile only for Localhost",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n"
          "    securityContext:\n      seccompProfile:\n        type: RuntimeDefault\n"
          "        localhostProfile: x.json\n",
          false, 1,
          { { "a", "container", "RuntimeDefault", NULL,
              "The Pod \"p\" is invalid: spec.containers[0].securityContext."
              "seccompProfile.localhostProfile: Invalid value: \"x.json\": can "
              "only be set when seccomp type is Localhost",
              NULL, 0 } } },
        { "type required",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - name: i\n"
          "    securityContext:\n      seccompProfile: {}\n  containers: [{name: a}]\n",
          false, 2,
          { { "i", "initContainer", "Unconfined", NULL,
              "The Pod \"p\" is invalid: spec.initContainers[0].securityContext."
              "seccompProfile.type: Required value: type is required when "
              "seccompProfile is set",
              NULL, 0 },
            { "a", "container", "Unconfined", NULL,
              "The Pod \"p\" is invalid: spec.initContainers[0].securityContext."
              "seccompProfile.type: Required value: type is required when "
              "seccompProfile is set",
              NULL, 0 } } },
        { "unsupported type lists the supported values",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: runtime/default}\n  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Unconfined", NULL,
              "The Pod \"p\" is invalid: spec.securityContext.seccompProfile."
              "type: Unsupported value: \"runtime/default\": supported values: "
              "\"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
              NULL, 0 } } },
        { "windows pods cannot set seccomp",
          "kind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n"
          "  securityContext:\n    seccompProfile: {type: RuntimeDefault}\n"
          "  containers: [{name: a}]\n",
          true, 1,
          { { "a", "container", "Unconfined", NULL,
              "The Pod \"w\" is invalid: spec.securityContext.seccompProfile: "
              "Forbidden: cannot be set for a windows pod",
              "windows pod", 0 } } },
        { "windows pod without seccomp is fine",
          "kind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n"
          "  containers: [{name: a}]\n",
          true, 1,
          { { "a", "container", "Unconfined", NULL, NULL, "windows pod", 0 } } },
        { "Deployment: template paths",
          "kind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n"
          "      containers:\n      - name: a\n        securityContext:\n"
          "          seccompProfile: {type: Localhost, localhostProfile: /x}\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Deployment \"d\" is invalid: spec.template.spec.containers[0]."
              "securityContext.seccompProfile.localhostProfile: Invalid value: "
              "\"/x\": must be a relative path",
              NULL, 0 } } },
        { "CronJob: jobTemplate paths and path cleaning",
          "kind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n"
          "      template:\n        spec:\n          securityContext:\n"
          "            seccompProfile: {type: Localhost, localhostProfile: ./a//b.json}\n"
          "          containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Localhost", "/root/a/b.json", NULL, NULL, 1 } } },
        { "List of workloads, skipping a Service",
          "kind: List\nitems:\n- kind: Service\n  metadata: {name: s}\n"
          "- kind: StatefulSet\n  metadata: {name: s}\n  spec:\n    template:\n"
          "      spec: {containers: [{name: a}]}\n"
          "- kind: Job\n  metadata: {name: j}\n  spec:\n    template:\n"
          "      spec: {containers: [{name: b}]}\n",
          true, 2,
          { { "a", "container", "RuntimeDefault", NULL, NULL, NULL, 0 },
            { "b", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } } },
        { "alpha pod annotation: warned, ignored",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    seccomp.security.alpha.kubernetes.io/pod: localhost/profiles/a.json\n"
          "spec:\n  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Unconfined", NULL, NULL,
              "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: "
              "non-functional in v1.27+; use the \"seccompProfile\" field instead "
              "(set spec.securityContext.seccompProfile to {type: Localhost, "
              "localhostProfile: profiles/a.json})",
              0 } } },
        { "alpha container annotation on a template",
          "kind: DaemonSet\nmetadata: {name: d}\nspec:\n  template:\n"
          "    metadata:\n      annotations:\n"
          "        container.seccomp.security.alpha.kubernetes.io/a: runtime/default\n"
          "    spec: {containers: [{name: a}]}\n",
          false, 1,
          { { "a", "container", "Unconfined", NULL, NULL,
              "spec.template.metadata.annotations[container.seccomp.security."
              "alpha.kubernetes.io/a]: non-functional in v1.27+; use the "
              "\"seccompProfile\" field instead (set spec.template.spec."
              "containers[0].securityContext.seccompProfile to {type: "
              "RuntimeDefault})",
              0 } } },
        { "alpha annotation with the field set: no warning",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n"
          "spec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
          "  containers: [{name: a}]\n",
          false, 1, { { "a", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } } },
        { "init, regular, ephemeral in kubelet order",
          "kind: Pod\nmetadata: {name: p}\nspec:\n"
          "  ephemeralContainers: [{name: e, securityContext: {seccompProfile: {type: RuntimeDefault}}}]\n"
          "  containers: [{name: c}]\n  initContainers: [{name: i}]\n",
          false, 3,
          { { "i", "initContainer", "Unconfined", NULL,
              "The Pod \"p\" is invalid: spec.ephemeralContainers: Forbidden: "
              "cannot be set on create", NULL, 0 },
            { "c", "container", "Unconfined", NULL,
              "The Pod \"p\" is invalid: spec.ephemeralContainers: Forbidden: "
              "cannot be set on create", NULL, 0 },
            { "e", "ephemeralContainer", "RuntimeDefault", NULL,
              "The Pod \"p\" is invalid: spec.ephemeralContainers: Forbidden: "
              "cannot be set on create", NULL, 0 } } },
        { "ephemeral containers of a Pod read from a cluster (status set)",
          "kind: Pod\nmetadata: {name: p}\nspec:\n"
          "  ephemeralContainers: [{name: e}]\n  containers: [{name: c}]\n"
          "status: {phase: Running}\n",
          false, 2,
          { { "c", "container", "Unconfined", NULL, NULL, NULL, 0 },
            { "e", "ephemeralContainer", "Unconfined", NULL, NULL, NULL, 0 } } },
        { "ephemeral containers of a Pod read from a cluster (metadata.uid set)",
          "kind: Pod\nmetadata: {name: p, uid: 0b7c5e4e-1b4f-4d3a-9a51-9e0d2a1f7c11}\n"
          "spec:\n  ephemeralContainers: [{name: e}]\n  containers: [{name: c}]\n",
          false, 2,
          { { "c", "container", "Unconfined", NULL, NULL, NULL, 0 },
            { "e", "ephemeralContainer", "Unconfined", NULL, NULL, NULL, 0 } } },
        { "ephemeral containers in a pod template",
          "kind: Deployment\nmetadata: {name: d, uid: x}\nspec:\n  template:\n"
          "    spec:\n      containers: [{name: c}]\n      ephemeralContainers: [{name: e}]\n",
          false, 2,
          { { "c", "container", "Unconfined", NULL,
              "The Deployment \"d\" is invalid: spec.template.spec.ephemeralContainers: "
              "Forbidden: ephemeral containers not allowed in pod template", NULL, 0 },
            { "e", "ephemeralContainer", "Unconfined", NULL,
              "The Deployment \"d\" is invalid: spec.template.spec.ephemeralContainers: "
              "Forbidden: ephemeral containers not allowed in pod template", NULL, 0 } } },
        { "alpha annotation with an invalid value",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    seccomp.security.alpha.kubernetes.io/pod: RuntimeDefault\n"
          "spec:\n  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "Unconfined", NULL,
              "The Pod \"p\" is invalid: metadata.annotations.seccomp.security.alpha."
              "kubernetes.io/pod: Invalid value: \"RuntimeDefault\": must be a valid "
              "seccomp profile",
              "non-functional in v1.27+", 0 } } },
        { "alpha container annotations on a template: sorted, localhost paths checked",
          "kind: Job\nmetadata: {name: j}\nspec:\n  template:\n    metadata:\n"
          "      annotations:\n"
          "        container.seccomp.security.alpha.kubernetes.io/b: localhost//etc/x\n"
          "        container.seccomp.security.alpha.kubernetes.io/a: \"\"\n"
          "    spec: {containers: [{name: a}, {name: b}]}\n",
          false, 2,
          { { "a", "container", "Unconfined", NULL,
              "The Job \"j\" is invalid: [spec.template.annotations.container.seccomp."
              "security.alpha.kubernetes.io/a: Invalid value: \"\": must be a valid "
              "seccomp profile, spec.template.annotations.container.seccomp.security."
              "alpha.kubernetes.io/b: Invalid value: \"/etc/x\": must be a relative path]",
              "non-functional in v1.27+", 0 },
            { "b", "container", "Unconfined", NULL,
              "The Job \"j\" is invalid: [spec.template.annotations.container.seccomp."
              "security.alpha.kubernetes.io/a: Invalid value: \"\": must be a valid "
              "seccomp profile, spec.template.annotations.container.seccomp.security."
              "alpha.kubernetes.io/b: Invalid value: \"/etc/x\": must be a relative path]",
              "non-functional in v1.27+", 0 } } },
        { "annotation and pod field disagree",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    seccomp.security.alpha.kubernetes.io/pod: unconfined\n"
          "spec:\n  securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
          "  containers: [{name: a}]\n",
          false, 1,
          { { "a", "container", "RuntimeDefault", NULL,
              "The Pod \"p\" is invalid: spec.securityContext.seccompProfile.type: "
              "Forbidden: seccomp type in annotation and field must match",
              NULL, 0 } } },
        { "annotation and container field disagree on the Localhost file",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    container.seccomp.security.alpha.kubernetes.io/a: localhost/b.json\n"
          "spec:\n  containers:\n  - name: a\n    securityContext:\n"
          "      seccompProfile: {type: Localhost, localhostProfile: a.json}\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "The Pod \"p\" is invalid: spec.containers[0].securityContext."
              "seccompProfile.localhostProfile: Forbidden: seccomp profile in "
              "annotation and field must match",
              NULL, 0 } } },
        { "annotation and field agree (docker/default is RuntimeDefault)",
          "kind: Pod\nmetadata:\n  name: p\n  annotations:\n"
          "    container.seccomp.security.alpha.kubernetes.io/a: docker/default\n"
          "spec:\n  containers:\n  - name: a\n    securityContext:\n"
          "      seccompProfile: {type: RuntimeDefault}\n",
          false, 1, { { "a", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } } },
        { "localhostProfile \"\": the kubelet's error, even when privileged",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n"
          "    securityContext:\n      privileged: true\n"
          "      seccompProfile: {type: Localhost, localhostProfile: \"\"}\n",
          false, 1,
          { { "a", "container", "Localhost", NULL,
              "CreateContainerConfigError: localhostProfile must be set if "
              "seccompProfile type is Localhost.", NULL, 0 } } },
        { "CRI-O with privileged_seccomp_profile: privileged gets that file",
          "kind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n"
          "    securityContext: {privileged: true}\n  - name: b\n",
          true, 2,
          { { "a", "container", "Localhost", "/etc/crio/priv.json", NULL,
              "privileged container: the RuntimeDefault seccomp profile is ignored, "
              "CRI-O's privileged_seccomp_profile applies", 1 },
            { "b", "container", "RuntimeDefault", NULL, NULL, NULL, 0 } },
          "/etc/crio/priv.json" },
        { "not a workload",
          "apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: []\n",
          false, 0, {} },
};

static void test_resolve_table(void)
{
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const struct resolve_case *t = &cases[i];
                struct sc_diags d = {};
                struct doc_stream s = {};
                struct kube_resolution res = {};
                struct kube_resolve_opts o = {
                        .root = "/root",
                        .seccomp_default = t->seccomp_default,
                        .runtime = t->crio_privileged_profile ? KUBE_RUNTIME_CRIO
                                                              : KUBE_RUNTIME_CONTAINERD,
                        .privileged_profile = t->crio_privileged_profile,
                };
                int r = doc_parse(t->yaml, strlen(t->yaml), "t.yaml", DOC_YAML,
                                  NULL, &d, &s);
                EXPECT_TRUE(r >= 0, "%s: parse failed", t->name);
                if (r < 0)
                        continue;
                kube_resolve_stream(&s, "t.yaml", &o, &d, &res);
                EXPECT_TRUE(res.n == t->n, "%s: %zu containers, expected %zu",
                            t->name, res.n, t->n);
                for (size_t j = 0; j < res.n && j < t->n; j++) {
                        const struct kube_container *c = &res.containers[j];
                        const struct expect *e = &t->e[j];
                        EXPECT_TRUE(streq(c->name, e->container), "%s: name %s",
                                    t->name, c->name);
                        EXPECT_TRUE(streq(kube_container_kind_name(c->ckind), e->kind),
                                    "%s: kind %s", t->name,
                                    kube_container_kind_name(c->ckind));
                        EXPECT_TRUE(streq(kube_seccomp_type_name(c->type), e->type),
                                    "%s[%zu]: type %s, expected %s", t->name, j,
                                    kube_seccomp_type_name(c->type), e->type);
                        EXPECT_TRUE(e->path ? c->path && streq(c->path, e->path)
                                            : !c->path,
                                    "%s[%zu]: path %s", t->name, j,
                                    c->path ? c->path : "(null)");
                        EXPECT_TRUE(e->error ? c->error && streq(c->error, e->error)
                                             : !c->error,
                                    "%s[%zu]: error\n  got:      %s\n  expected: %s",
                                    t->name, j, c->error ? c->error : "(null)",
                                    e->error ? e->error : "(null)");
                        EXPECT_TRUE(e->warning ? c->warnings.n > 0 &&
                                                         strstr(c->warnings.items[0], e->warning)
                                               : c->warnings.n == 0,
                                    "%s[%zu]: warning\n  got:      %s\n  expected: %s",
                                    t->name, j,
                                    c->warnings.n ? c->warnings.items[0] : "(none)",
                                    e->warning ? e->warning : "(none)");
                        EXPECT_TRUE(c->needs_file == (e->needs_file != 0),
                                    "%s[%zu]: needs_file %d", t->name, j,
                                    c->needs_file);
                }
                kube_resolution_clear(&res);
                doc_stream_clear(&s);
                sc_diags_clear(&d);
        }
}

static void test_skipped_kinds_leave_a_note(void)
{
        const char *y = "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n---\n"
                        "{\"defaultAction\": \"SCMP_ACT_ERRNO\"}\n";
        struct sc_diags d = {};
        struct doc_stream s = {};
        struct kube_resolution res = {};
        ASSERT_TRUE(doc_parse(y, strlen(y), "k.yaml", DOC_YAML, NULL, &d, &s) >= 0);
        ASSERT_EQ(kube_resolve_stream(&s, "k.yaml", NULL, &d, &res), 0);
        ASSERT_EQ(d.n, 2);
        ASSERT_EQ(d.items[0].severity, SC_NOTE);
        ASSERT_STREQ(d.items[0].message,
                     "skipped Cluster \"\": not a workload (no pod template)");
        ASSERT_STREQ(d.items[1].message,
                     "skipped: not a Kubernetes object (no \"kind\")");
        ASSERT_EQ(d.items[1].pos.line, 4);
        doc_stream_clear(&s);
        sc_diags_clear(&d);
        kube_resolution_clear(&res);
}

static void test_load_error_text(void)
{
        char *m = kube_load_error("/var/lib/kubelet/seccomp/my-profile.json",
                                  "open", ENOENT);
        ASSERT_STREQ(m, "cannot load seccomp profile "
                        "\"/var/lib/kubelet/seccomp/my-profile.json\": open "
                        "/var/lib/kubelet/seccomp/my-profile.json: no such file "
                        "or directory");
        free(m);
        m = kube_load_error("/r", "read", EISDIR);
        ASSERT_STREQ(m, "cannot load seccomp profile \"/r\": read /r: is a directory");
        free(m);
}

static void test_names(void)
{
        static const struct {
                const char *s;
                bool subdomain, label, key;
        } names[] = {
                { "a", true, true, true },
                { "profile-block-all", true, true, true },
                { "a.b.c", true, false, true },
                { "A", false, false, true },
                { "-a", false, false, true },
                { "a-", false, false, true },
                { "a..b", false, false, true },
                { ".dot.json", false, false, true },
                { "..hidden.json", false, false, false },
                { "..data", false, false, false },
                { ".", false, false, false },
                { "..", false, false, false },
                { "", false, false, false },
                { "a_b", false, false, true },
                { "a/b", false, false, false },
                { "z\nattacker\tother-team/victim", false, false, false },
                { "a b", false, false, false },
        };
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                EXPECT_TRUE(kube_dns1123_subdomain(names[i].s) == names[i].subdomain,
                            "subdomain \"%s\"", names[i].s);
                EXPECT_TRUE(kube_dns1123_label(names[i].s) == names[i].label,
                            "label \"%s\"", names[i].s);
                EXPECT_TRUE(kube_configmap_key(names[i].s) == names[i].key,
                            "key \"%s\"", names[i].s);
        }
        char l64[65], s254[255];
        memset(l64, 'a', 64);
        l64[64] = 0;
        ASSERT_TRUE(!kube_dns1123_label(l64));
        ASSERT_TRUE(kube_dns1123_subdomain(l64));
        l64[63] = 0;
        ASSERT_TRUE(kube_dns1123_label(l64));
        memset(s254, 'a', 254);
        s254[254] = 0;
        ASSERT_TRUE(!kube_dns1123_subdomain(s254));
        ASSERT_TRUE(!kube_configmap_key(s254));
        s254[253] = 0;
        ASSERT_TRUE(kube_dns1123_subdomain(s254));
        ASSERT_TRUE(kube_configmap_key(s254));
}

static void test_go_quote(void)
{
        static const struct {
                const char *in, *out;
        } t[] = {
                { "abc", "\"abc\"" },
                { "a\"b\\c", "\"a\\\"b\\\\c\"" },
                { "tab\there\n", "\"tab\\there\\n\"" },
                { "\x01", "\"\\x01\"" },
                { "", "\"\"" },
        };
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                struct strbuf sb = {};
                strbuf_put_quoted(&sb, t[i].in);
                EXPECT_TRUE(streq(sb.buf, t[i].out), "%s -> %s", t[i].in, sb.buf);
                strbuf_clear(&sb);
        }
}

int main(void)
{
        RUN(test_resolve_table);
        RUN(test_skipped_kinds_leave_a_note);
        RUN(test_load_error_text);
        RUN(test_go_quote);
        RUN(test_names);
        return test_exit();
}
