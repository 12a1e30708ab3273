/* SPDX-License-Identifier: Apache-2.0 */
/* The CRD structural check against the Security Profiles Operator's own
 * CRDs (tests/fixtures/spo/crds, from each release's deploy bundle): one
 * row per rule the API server enforces, each with the object it must
 * refuse and the message. */
#include "kube.h"
#include "test.h"

/* The SeccompProfile CRD of a bundle (several documents). */
static struct doc_stream crd_streams[3];
static const struct doc_node *crds[3];
static const char *const crd_files[3] = {
        "spo/crds/crd-v0.8.4.yaml",
        "spo/crds/crd-v0.9.1.yaml",
        "spo/crds/crd-v1.0.0.yaml",
};
enum { V084, V091, V100 };

static void load_crds(void)
{
        for (size_t i = 0; i < 3; i++) {
                char *path = test_fixture_path(crd_files[i]);
                size_t len;
                char *text = test_read_file(path, &len);
                struct sc_diags d = {};
                int r = doc_parse(text, len, path, DOC_YAML, NULL, &d, &crd_streams[i]);
                EXPECT_TRUE(r >= 0, "%s: parse", path);
                for (size_t j = 0; r >= 0 && j < crd_streams[i].n; j++) {
                        const struct doc_node *n = crd_streams[i].docs[j];
                        const struct doc_node *k = doc_get_path(n, "spec.names.kind");
                        if (k && k->kind == DOC_STRING && streq(k->text, "SeccompProfile"))
                                crds[i] = n;
                }
                EXPECT_TRUE(crds[i] != NULL, "%s: no SeccompProfile CRD", path);
                sc_diags_clear(&d);
                free(text);
                free(path);
        }
}

#define V1 "apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\n" \
           "metadata: {name: p}\n"
#define V1B1 "apiVersion: security-profiles-operator.x-k8s.io/v1beta1\n" \
             "kind: SeccompProfile\nmetadata: {name: p}\n"

static const struct schema_case {
        const char *name;
        int crd;
        const char *yaml;
        const char *error; /* NULL: accepted; else one expected message */
} cases[] = {
        { "v1 on v1.0.0", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  architectures: [SCMP_ARCH_X86_64]\n"
             "  syscalls:\n  - names: [read, write]\n    action: SCMP_ACT_ALLOW\n"
             "  - names: [personality]\n    action: SCMP_ACT_ALLOW\n    args:\n"
             "    - {index: 0, value: 4294967295, op: SCMP_CMP_EQ}\n",
          NULL },
        { "v1 is not served by v0.9.1", V091,
          V1 "spec: {defaultAction: SCMP_ACT_ERRNO}\n",
          "no matches for kind \"SeccompProfile\" in version "
          "\"security-profiles-operator.x-k8s.io/v1\"" },
        { "v1 is not served by v0.8.4", V084,
          V1 "spec: {defaultAction: SCMP_ACT_ERRNO}\n",
          "no matches for kind \"SeccompProfile\" in version "
          "\"security-profiles-operator.x-k8s.io/v1\"" },
        { "v1beta1 on v0.9.1 with disabled", V091,
          V1B1 "spec: {defaultAction: SCMP_ACT_LOG, disabled: true}\n", NULL },
        { "v1beta1 on v1.0.0 has state, not disabled", V100,
          V1B1 "spec: {defaultAction: SCMP_ACT_LOG, disabled: true}\n",
          "spec: unknown field \"disabled\"" },
        { "state on v0.9.1 is unknown", V091,
          V1B1 "spec: {defaultAction: SCMP_ACT_LOG, state: Disabled}\n",
          "spec: unknown field \"state\"" },
        { "state enum", V100,
          V1 "spec: {defaultAction: SCMP_ACT_LOG, state: Paused}\n",
          "spec.state: Unsupported value: \"Paused\": supported values: \"Enabled\", "
          "\"Disabled\"" },
        { "defaultAction required", V100, V1 "spec: {architectures: [SCMP_ARCH_X86_64]}\n",
          "spec.defaultAction: Required value" },
        { "defaultErrnoRet is not in the CRD", V100,
          V1 "spec: {defaultAction: SCMP_ACT_ERRNO, defaultErrnoRet: 38}\n",
          "spec: unknown field \"defaultErrnoRet\"" },
        { "names is a set", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
             "  - {names: [read, read], action: SCMP_ACT_ALLOW}\n",
          "spec.syscalls[0].names[1]: Duplicate value: \"read\"" },
        { "names must not be empty", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
             "  - {names: [], action: SCMP_ACT_ALLOW}\n",
          "spec.syscalls[0].names: Invalid value: 0: spec.syscalls[0].names in body "
          "should have at least 1 items" },
        { "at most 6 args", V091,
          V1B1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
               "  - names: [x]\n    action: SCMP_ACT_ALLOW\n    args:\n"
               "    - {index: 0, op: SCMP_CMP_EQ}\n    - {index: 1, op: SCMP_CMP_EQ}\n"
               "    - {index: 2, op: SCMP_CMP_EQ}\n    - {index: 3, op: SCMP_CMP_EQ}\n"
               "    - {index: 4, op: SCMP_CMP_EQ}\n    - {index: 5, op: SCMP_CMP_EQ}\n"
               "    - {index: 5, op: SCMP_CMP_NE}\n",
          "spec.syscalls[0].args: Too many: 7: must have at most 6 items" },
        { "architectures enum", V084,
          V1B1 "spec: {defaultAction: SCMP_ACT_ERRNO, architectures: [SCMP_ARCH_SPARC]}\n",
          NULL /* checked below: the message lists every value */ },
        { "listenerPath under SPO's directory", V100,
          V1 "spec: {defaultAction: SCMP_ACT_NOTIFY, listenerPath: /run/agent.sock}\n",
          "spec.listenerPath: Invalid value: \"/run/agent.sock\": spec.listenerPath in "
          "body should match '^/var/run/security-profiles-operator/[a-zA-Z0-9_\\-\\.]+$'" },
        { "listenerPath: '-' and '.' are allowed characters", V100,
          V1 "spec: {defaultAction: SCMP_ACT_NOTIFY, listenerPath: "
             "/var/run/security-profiles-operator/my-agent.sock}\n",
          NULL },
        { "listenerPath: no sub-directories", V100,
          V1 "spec: {defaultAction: SCMP_ACT_NOTIFY, listenerPath: "
             "/var/run/security-profiles-operator/a/b.sock}\n",
          "spec.listenerPath: Invalid value: \"/var/run/security-profiles-operator/a/b.sock\": "
          "spec.listenerPath in body should match "
          "'^/var/run/security-profiles-operator/[a-zA-Z0-9_\\-\\.]+$'" },
        { "value is int64", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n  - names: [x]\n"
             "    action: SCMP_ACT_ALLOW\n"
             "    args: [{index: 0, op: SCMP_CMP_EQ, value: 18446744073709551615}]\n",
          "spec.syscalls[0].args[0].value: Invalid value: 18446744073709551615: "
          "spec.syscalls[0].args[0].value in body must be of type int64" },
        { "errnoRet minimum 0 on v1.0.0", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
             "  - {names: [x], action: SCMP_ACT_ERRNO, errnoRet: -1}\n",
          "spec.syscalls[0].errnoRet: Invalid value: -1: spec.syscalls[0].errnoRet in "
          "body should be greater than or equal to 0" },
        { "a syscall name YAML reads as a boolean", V100,
          V1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
             "  - {names: [on], action: SCMP_ACT_ALLOW}\n",
          "spec.syscalls[0].names[0]: Invalid value: \"boolean\": "
          "spec.syscalls[0].names[0] in body must be of type string: true" },
        { "rule fields", V091,
          V1B1 "spec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
               "  - {names: [x], action: SCMP_ACT_ALLOW, comment: hi}\n",
          "spec.syscalls[0]: unknown field \"comment\"" },
};

static void test_schema_table(void)
{
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const struct schema_case *t = &cases[i];
                if (!crds[t->crd])
                        continue;
                struct sc_diags d = {};
                struct doc_stream s = {};
                int r = doc_parse(t->yaml, strlen(t->yaml), "t.yaml", DOC_YAML, NULL,
                                  &d, &s);
                EXPECT_TRUE(r >= 0 && s.n == 1, "%s: parse", t->name);
                if (r >= 0 && s.n == 1) {
                        struct strv e = {};
                        r = kube_crd_validate(crds[t->crd], s.docs[0], &e, NULL);
                        EXPECT_TRUE(r == 0, "%s: %d", t->name, r);
                        if (streq(t->name, "architectures enum"))
                                EXPECT_TRUE(e.n == 1 &&
                                                    startswith(e.items[0],
                                                               "spec.architectures[0]: "
                                                               "Unsupported value: "
                                                               "\"SCMP_ARCH_SPARC\": "
                                                               "supported values: "
                                                               "\"SCMP_ARCH_NATIVE\", "),
                                            "%s: %s", t->name, e.n ? e.items[0] : "none");
                        else if (!t->error)
                                EXPECT_TRUE(e.n == 0, "%s: refused: %s", t->name,
                                            e.n ? e.items[0] : "");
                        else
                                EXPECT_TRUE(e.n == 1 && streq(e.items[0], t->error),
                                            "%s: %zu errors\n  got:      %s\n  expected: %s",
                                            t->name, e.n, e.n ? e.items[0] : "(none)",
                                            t->error);
                        strv_clear(&e);
                }
                doc_stream_clear(&s);
                sc_diags_clear(&d);
        }
}

static void test_scope(void)
{
        static const char y[] = V1B1 "spec: {defaultAction: SCMP_ACT_LOG}\n";
        struct sc_diags d = {};
        struct doc_stream s = {};
        int r = doc_parse(y, strlen(y), "t.yaml", DOC_YAML, NULL, &d, &s);
        EXPECT_TRUE(r >= 0, "parse");
        for (int v = V084; r >= 0 && v <= V091; v++) {
                bool namespaced = false;
                struct strv e = {};
                if (!crds[v])
                        continue;
                kube_crd_validate(crds[v], s.docs[0], &e, &namespaced);
                /* SPO v0.8 SeccompProfiles were namespaced, v0.9 cluster-scoped */
                EXPECT_TRUE(namespaced == (v == V084) && e.n == 0, "scope of %s",
                            crd_files[v]);
                strv_clear(&e);
        }
        doc_stream_clear(&s);
        sc_diags_clear(&d);
}

int main(void)
{
        load_crds();
        RUN(test_schema_table);
        RUN(test_scope);
        for (size_t i = 0; i < 3; i++)
                doc_stream_clear(&crd_streams[i]);
        return test_exit();
}
