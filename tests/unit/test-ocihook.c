/* SPDX-License-Identifier: Apache-2.0 */
/* The OCI state `seccompctl hook` reads, and Podman's
 * io.containers.trace-syscall annotation: what is accepted, what is not. */
#include "ocihook.h"
#include "test.h"

static void test_state(void)
{
        static const struct {
                const char *json;
                int ret;
                const char *id, *status, *trace;
                int64_t pid;
        } cases[] = {
                { "{\"ociVersion\":\"1.0.2\",\"id\":\"c1\",\"status\":\"creating\",\"pid\":42,"
                  "\"bundle\":\"/b\",\"annotations\":{\"io.containers.trace-syscall\":\"of:/o.json\","
                  "\"other\":\"x\"}}",
                  0, "c1", "creating", "of:/o.json", 42 },
                /* poststop: runc passes pid 0... or none at all */
                { "{\"id\":\"c1\",\"status\":\"stopped\"}", 0, "c1", "stopped", NULL, 0 },
                { "{\"id\":\"c1\",\"annotations\":null}", 0, "c1", NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"annotations\":{}}", 0, "c1", NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"pid\":0}", 0, "c1", NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"pid\":-5}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"pid\":\"42\"}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"pid\":4.5}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":\"c1\",\"pid\":99999999999}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":7}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":\"a\\u0000b\"}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"annotations\":[]}", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"annotations\":{\"io.containers.trace-syscall\":1}}", -EINVAL, NULL, NULL, NULL, 0 },
                { "[]", -EINVAL, NULL, NULL, NULL, 0 },
                { "", -EINVAL, NULL, NULL, NULL, 0 },
                { "{\"id\":", -EINVAL, NULL, NULL, NULL, 0 },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                struct sc_oci_state st = {};
                struct sc_diags d = {};
                int r = sc_oci_state_parse(cases[i].json, strlen(cases[i].json), &d, &st);
                EXPECT_TRUE(r == cases[i].ret, "case %zu: %d", i, r);
                if (r < 0) {
                        EXPECT_TRUE(d.n > 0, "case %zu: no diagnostic", i);
                } else {
                        EXPECT_TRUE(!cases[i].id == !st.id &&
                                            (!st.id || strcmp(st.id, cases[i].id) == 0),
                                    "case %zu: id", i);
                        EXPECT_TRUE(!cases[i].status == !st.status &&
                                            (!st.status || strcmp(st.status, cases[i].status) == 0),
                                    "case %zu: status", i);
                        EXPECT_TRUE(!cases[i].trace == !st.trace &&
                                            (!st.trace || strcmp(st.trace, cases[i].trace) == 0),
                                    "case %zu: trace", i);
                        EXPECT_TRUE(st.pid == cases[i].pid, "case %zu: pid", i);
                }
                sc_oci_state_clear(&st);
                sc_diags_clear(&d);
        }
}

static void test_spec(void)
{
        static const struct {
                const char *s;
                int ret;
                const char *in, *out;
        } cases[] = {
                { "of:/tmp/o.json", 0, NULL, "/tmp/o.json" },
                { "if:/a.json;of:/b.json", 0, "/a.json", "/b.json" },
                { "of:/b.json;if:/a.json", 0, "/a.json", "/b.json" },
                { "of:/with space;x", -EINVAL, NULL, NULL },
                { "of:relative.json", -EINVAL, NULL, NULL },
                { "if:/a.json", -EINVAL, NULL, NULL },
                { "of:/a;of:/b", -EINVAL, NULL, NULL },
                { "of:/a;", -EINVAL, NULL, NULL },
                { "of:", -EINVAL, NULL, NULL },
                { "/a.json", -EINVAL, NULL, NULL },
                { "", -EINVAL, NULL, NULL },
                { "xf:/a", -EINVAL, NULL, NULL },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                struct sc_trace_spec t = {};
                const char *why = NULL;
                int r = sc_trace_spec_parse(cases[i].s, &t, &why);
                EXPECT_TRUE(r == cases[i].ret, "case %zu (%s): %d", i, cases[i].s, r);
                if (r < 0) {
                        EXPECT_TRUE(why != NULL, "case %zu: no reason", i);
                        EXPECT_TRUE(!t.input && !t.output, "case %zu: output written", i);
                } else {
                        EXPECT_TRUE(!cases[i].in == !t.input &&
                                            (!t.input || strcmp(t.input, cases[i].in) == 0),
                                    "case %zu: input", i);
                        EXPECT_TRUE(strcmp(t.output, cases[i].out) == 0, "case %zu: output", i);
                }
                sc_trace_spec_clear(&t);
        }
}

static void test_k8s_names(void)
{
        static const struct {
                const char *json;
                int ret;
                const char *ns, *pod, *ctr;
        } cases[] = {
                { "{\"annotations\":{\"io.kubernetes.cri.sandbox-namespace\":\"default\","
                  "\"io.kubernetes.cri.sandbox-name\":\"web-1\","
                  "\"io.kubernetes.cri.container-name\":\"nginx\"}}",
                  0, "default", "web-1", "nginx" },
                { "{\"annotations\":{\"io.kubernetes.pod.namespace\":\"kube-system\","
                  "\"io.kubernetes.pod.name\":\"dns\",\"io.kubernetes.container.name\":\"c\"}}",
                  0, "kube-system", "dns", "c" },
                /* a sandbox (pause) container has no container name */
                { "{\"annotations\":{\"io.kubernetes.cri.sandbox-namespace\":\"default\","
                  "\"io.kubernetes.cri.sandbox-name\":\"web-1\"}}", -ENOENT, NULL, NULL, NULL },
                { "{\"annotations\":{\"io.kubernetes.pod.namespace\":\"\","
                  "\"io.kubernetes.pod.name\":\"p\",\"io.kubernetes.container.name\":\"c\"}}",
                  -ENOENT, NULL, NULL, NULL },
                { "{\"annotations\":{\"io.kubernetes.pod.namespace\":1,"
                  "\"io.kubernetes.pod.name\":\"p\",\"io.kubernetes.container.name\":\"c\"}}",
                  -ENOENT, NULL, NULL, NULL },
                { "{}", -ENOENT, NULL, NULL, NULL },
                { "[]", -EINVAL, NULL, NULL, NULL },
                { "{", -EINVAL, NULL, NULL, NULL },
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                struct sc_k8s_names n = {};
                int r = sc_oci_k8s_names(cases[i].json, strlen(cases[i].json), &n);
                EXPECT_TRUE(r == cases[i].ret, "case %zu: %d", i, r);
                if (r == 0)
                        EXPECT_TRUE(strcmp(n.ns, cases[i].ns) == 0 &&
                                            strcmp(n.pod, cases[i].pod) == 0 &&
                                            strcmp(n.container, cases[i].ctr) == 0,
                                    "case %zu: names", i);
                sc_k8s_names_clear(&n);
        }
        char *b = NULL;
        const char *st = "{\"config\":{\"labels\":[\"a=b\",\"bundle=/x/y\"]}}";
        ASSERT_EQ(sc_runc_state_bundle(st, strlen(st), &b), 0);
        ASSERT_STREQ(b, "/x/y");
        free(b);
        st = "{\"config\":{\"labels\":[\"bundle=rel\"]}}";
        ASSERT_EQ(sc_runc_state_bundle(st, strlen(st), &b), -ENOENT);
        st = "{\"config\":{}}";
        ASSERT_EQ(sc_runc_state_bundle(st, strlen(st), &b), -ENOENT);
}

int main(void)
{
        RUN(test_state);
        RUN(test_spec);
        RUN(test_k8s_names);
        return test_exit();
}
