/* SPDX-License-Identifier: Apache-2.0 */
/* Pod Security Admission's seccomp checks: every fixture under
 * $FIXTURES/k8s/psa/LEVEL/VERSION/{pass,fail}/ agrees, and the
 * messages are PSA's, word for word. */
#include <dirent.h>

#include "kube.h"
#include "test.h"

static int eval_text(const char *text, const char *file, enum kube_psa_level level,
                     const char *version, struct kube_psa_results *res)
{
        struct kube_psa_version v;
        struct sc_diags d = {};
        struct doc_stream s = {};
        if (kube_psa_version_parse(version, &v) < 0)
                return -EINVAL;
        int r = doc_parse(text, strlen(text), file, DOC_AUTO, NULL, &d, &s);
        if (r >= 0)
                r = kube_psa_stream(&s, file, level, &v, &d, res);
        doc_stream_clear(&s);
        sc_diags_clear(&d);
        return r;
}

static void test_fixtures_agree(void)
{
        static const struct {
                const char *dir;
                enum kube_psa_level level;
        } levels[] = {
                { "baseline", KUBE_PSA_BASELINE },
                { "restricted", KUBE_PSA_RESTRICTED },
        };
        size_t seen = 0;
        for (size_t l = 0; l < ELEMENTSOF(levels); l++) {
                char *base = test_fixture_path("k8s/psa");
                char *ldir = xasprintf("%s/%s", base, levels[l].dir);
                free(base);
                DIR *vd = opendir(ldir);
                if (!vd) {
                        TEST_FAIL("no %s (the PSA fixtures are part of the repository)", ldir);
                        free(ldir);
                        return;
                }
                struct dirent *ve;
                while ((ve = readdir(vd))) {
                        if (ve->d_name[0] == '.')
                                continue;
                        for (int pass = 0; pass < 2; pass++) {
                                char *dir = xasprintf("%s/%s/%s", ldir, ve->d_name,
                                                      pass ? "pass" : "fail");
                                DIR *fd = opendir(dir);
                                struct dirent *fe;
                                while (fd && (fe = readdir(fd))) {
                                        if (!endswith(fe->d_name, ".yaml"))
                                                continue;
                                        char *path = xasprintf("%s/%s", dir, fe->d_name);
                                        char *text = test_read_file(path, NULL);
                                        struct kube_psa_results res = {};
                                        int r = eval_text(text, path, levels[l].level,
                                                          ve->d_name, &res);
                                        EXPECT_TRUE(r == 1 && res.n == 1, "%s: r=%d", path, r);
                                        if (res.n == 1)
                                                EXPECT_TRUE(res.items[0].allowed == (pass == 1),
                                                            "%s: %s (%s)", path,
                                                            res.items[0].allowed ? "allowed" : "denied",
                                                            res.items[0].reason ? res.items[0].reason : "");
                                        seen++;
                                        kube_psa_results_clear(&res);
                                        free(text);
                                        free(path);
                                }
                                if (fd)
                                        closedir(fd);
                                free(dir);
                        }
                }
                closedir(vd);
                free(ldir);
        }
        /* 4 baseline + 4 restricted at v1.18, 4 baseline + 11 restricted
         * at v1.37: a missing directory must not pass silently. */
        ASSERT_EQ(seen, 23);
}

static const struct msg_case {
        const char *fixture; /* under fixtures/k8s/psa, or NULL: yaml */
        const char *yaml;
        enum kube_psa_level level;
        const char *version;
        const char *message; /* NULL: allowed */
} msg_cases[] = {
        { "baseline/v1.18/fail/seccompprofile_baseline0.yaml", NULL,
          KUBE_PSA_BASELINE, "v1.18",
          "pods \"seccompprofile_baseline0\" is forbidden: violates PodSecurity "
          "\"baseline:v1.18\": seccompProfile (forbidden annotation "
          "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")" },
        { "baseline/v1.18/fail/seccompprofile_baseline2.yaml", NULL,
          KUBE_PSA_BASELINE, "v1.18",
          "pods \"seccompprofile_baseline2\" is forbidden: violates PodSecurity "
          "\"baseline:v1.18\": seccompProfile (forbidden annotation "
          "container.seccomp.security.alpha.kubernetes.io/initcontainer1=\"unconfined\")" },
        { "baseline/v1.37/fail/seccompprofile_baseline0.yaml", NULL,
          KUBE_PSA_BASELINE, "latest",
          "pods \"seccompprofile_baseline0\" is forbidden: violates PodSecurity "
          "\"baseline:latest\": seccompProfile (pod must not set "
          "securityContext.seccompProfile.type to \"Unconfined\")" },
        { "baseline/v1.37/fail/seccompprofile_baseline1.yaml", NULL,
          KUBE_PSA_BASELINE, "v1.37",
          "pods \"seccompprofile_baseline1\" is forbidden: violates PodSecurity "
          "\"baseline:v1.37\": seccompProfile (container \"container1\" must not "
          "set securityContext.seccompProfile.type to \"Unconfined\")" },
        { "restricted/v1.37/fail/seccompprofile_restricted0.yaml", NULL,
          KUBE_PSA_RESTRICTED, "latest",
          "pods \"seccompprofile_restricted0\" is forbidden: violates PodSecurity "
          "\"restricted:latest\": seccompProfile (pod or containers "
          "\"initcontainer1\", \"container1\" must set "
          "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")" },
        { "restricted/v1.37/fail/seccompprofile_restricted2.yaml", NULL,
          KUBE_PSA_RESTRICTED, "latest",
          "pods \"seccompprofile_restricted2\" is forbidden: violates PodSecurity "
          "\"restricted:latest\": seccompProfile (pod or container "
          "\"initcontainer1\" must set securityContext.seccompProfile.type to "
          "\"RuntimeDefault\" or \"Localhost\")" },
        { "restricted/v1.37/fail/seccompprofile_restricted4.yaml", NULL,
          KUBE_PSA_RESTRICTED, "latest",
          "pods \"seccompprofile_restricted4\" is forbidden: violates PodSecurity "
          "\"restricted:latest\": seccompProfile (container \"initcontainer1\" "
          "must not set securityContext.seccompProfile.type to \"Unconfined\")" },
        { "restricted/v1.37/pass/seccompprofile_restricted1.yaml", NULL,
          KUBE_PSA_RESTRICTED, "latest", NULL },
        { NULL,
          "kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n"
          "    seccompProfile: {type: Unconfined}\n  containers:\n"
          "  - {name: a, securityContext: {seccompProfile: {type: Foo}}}\n"
          "  - {name: b, securityContext: {seccompProfile: {type: Unconfined}}}\n",
          KUBE_PSA_BASELINE, "latest",
          "pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": "
          "seccompProfile (pod and containers \"a\", \"b\" must not set "
          "securityContext.seccompProfile.type to \"Foo\", \"Unconfined\")" },
        { NULL,
          "kind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n"
          "    spec: {containers: [{name: a}]}\n",
          KUBE_PSA_RESTRICTED, "latest",
          "Warning: would violate PodSecurity \"restricted:latest\": "
          "seccompProfile (pod or container \"a\" must set "
          "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")" },
        { NULL,
          "kind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n"
          "  containers: [{name: a}]\n",
          KUBE_PSA_RESTRICTED, "v1.25", NULL },
        { NULL,
          "kind: Pod\nmetadata: {name: w}\nspec:\n  os: {name: windows}\n"
          "  containers: [{name: a}]\n",
          KUBE_PSA_RESTRICTED, "v1.24",
          "pods \"w\" is forbidden: violates PodSecurity \"restricted:v1.24\": "
          "seccompProfile (pod or container \"a\" must set "
          "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")" },
        { NULL, /* restricted before v1.19 has only the annotation check */
          "kind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n",
          KUBE_PSA_RESTRICTED, "v1.18", NULL },
};

static void test_messages(void)
{
        for (size_t i = 0; i < ELEMENTSOF(msg_cases); i++) {
                const struct msg_case *t = &msg_cases[i];
                char *text, *file;
                if (t->fixture) {
                        char *rel = xasprintf("k8s/psa/%s", t->fixture);
                        file = test_fixture_path(rel);
                        free(rel);
                        text = test_read_file(file, NULL);
                } else {
                        file = xstrdup("t.yaml");
                        text = xstrdup(t->yaml);
                }
                struct kube_psa_results res = {};
                struct kube_psa_version v;
                EXPECT_TRUE(eval_text(text, file, t->level, t->version, &res) == 1,
                            "case %zu: no object", i);
                if (res.n == 1) {
                        kube_psa_version_parse(t->version, &v);
                        char *m = kube_psa_message(&res.items[0], t->level, &v);
                        if (t->message)
                                EXPECT_TRUE(streq(m, t->message),
                                            "case %zu:\n  got:      %s\n  expected: %s",
                                            i, m, t->message);
                        else
                                EXPECT_TRUE(res.items[0].allowed, "case %zu: %s", i, m);
                        free(m);
                }
                kube_psa_results_clear(&res);
                free(text);
                free(file);
        }
}

static void test_version_parse(void)
{
        struct kube_psa_version v;
        ASSERT_EQ(kube_psa_version_parse("v1.18", &v), 0);
        ASSERT_EQ(v.minor, 18);
        ASSERT_TRUE(!v.latest);
        ASSERT_EQ(kube_psa_version_parse("latest", &v), 0);
        ASSERT_TRUE(v.latest);
        ASSERT_EQ(kube_psa_version_parse("v2.0", &v), -EINVAL);
        ASSERT_EQ(kube_psa_version_parse("v1.18x", &v), -EINVAL);
        ASSERT_EQ(kube_psa_version_parse("", &v), -EINVAL);
}

/* An admitted object: only the seccomp checks ran, and the message and the
 * list of checks not run say so (a privileged container without
 * runAsNonRoot is not "allowed by restricted"). */
static void test_allowed_says_what_ran(void)
{
        const char *y = "kind: Pod\nmetadata: {name: p}\nspec:\n"
                        "  securityContext: {seccompProfile: {type: RuntimeDefault}}\n"
                        "  containers: [{name: a, securityContext: {privileged: true}}]\n";
        struct kube_psa_results res = {};
        struct kube_psa_version v;
        EXPECT_TRUE(eval_text(y, "t.yaml", KUBE_PSA_RESTRICTED, "latest", &res) == 1,
                    "no object");
        kube_psa_version_parse("latest", &v);
        if (res.n == 1) {
                char *m = kube_psa_message(&res.items[0], KUBE_PSA_RESTRICTED, &v);
                EXPECT_TRUE(streq(m, "pods \"p\": the seccomp checks of PodSecurity "
                                     "\"restricted:latest\" pass"),
                            "got %s", m);
                free(m);
        }
        kube_psa_results_clear(&res);

        const char *ids[32];
        size_t n = kube_psa_checks(KUBE_PSA_RESTRICTED, true, ids, 32);
        EXPECT_TRUE(n == 2 && streq(ids[0], "seccompProfile_baseline") &&
                            streq(ids[1], "seccompProfile_restricted"),
                    "evaluated: %zu", n);
        n = kube_psa_checks(KUBE_PSA_RESTRICTED, false, ids, 32);
        bool priv = false, nonroot = false;
        for (size_t i = 0; i < n && i < 32; i++) {
                priv |= streq(ids[i], "privileged");
                nonroot |= streq(ids[i], "runAsNonRoot");
        }
        EXPECT_TRUE(n == 16 && priv && nonroot, "not run at restricted: %zu", n);
        n = kube_psa_checks(KUBE_PSA_BASELINE, false, ids, 32);
        EXPECT_TRUE(n == 11, "not run at baseline: %zu", n);
}

int main(void)
{
        RUN(test_fixtures_agree);
        RUN(test_messages);
        RUN(test_version_parse);
        RUN(test_allowed_says_what_ran);
        return test_exit();
}
