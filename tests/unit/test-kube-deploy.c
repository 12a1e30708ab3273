/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The manifests in deploy/, checked structurally with our own YAML reader (kubectl's
 * --dry-run=client needs an API server for its schema, and there is none
 * here): required fields, selectors that match their template labels,
 * mounts that name volumes, the install DaemonSet watching the ConfigMap
 * mount and writing under the kubelet's seccomp hostPath, every profile
 * in the ConfigMap passing check, and our own resolve/psa verdicts.
 * Runs from the repository root (tests/run-tests.sh does).
 */
#include <dirent.h>

#include "kube.h"
#include "profile.h"
#include "test.h"

struct manifests {
        struct doc_stream streams[16];
        char *files[16];
        size_t n;
};

static struct manifests all;

static void load_all(void)
{
        DIR *d = opendir("deploy");
        if (!d)
                return;
        struct dirent *e;
        while ((e = readdir(d)) && all.n < ELEMENTSOF(all.streams)) {
                if (!endswith(e->d_name, ".yaml"))
                        continue;
                char *path = xasprintf("deploy/%s", e->d_name);
                size_t len;
                char *text = test_read_file(path, &len);
                struct sc_diags diags = {};
                if (doc_parse(text, len, path, DOC_YAML, NULL, &diags,
                              &all.streams[all.n]) < 0) {
                        for (size_t i = 0; i < diags.n; i++)
                                fprintf(stderr, "%s\n", sc_diag_format(&diags.items[i]));
                        abort();
                }
                all.files[all.n++] = path;
                sc_diags_clear(&diags);
                free(text);
        }
        closedir(d);
}

static const char *str(const struct doc_node *n, const char *path)
{
        const struct doc_node *v = doc_get_path(n, path);
        return v && v->kind == DOC_STRING ? v->text : NULL;
}

static const struct doc_node *find(const char *kind, const char *name)
{
        for (size_t f = 0; f < all.n; f++)
                for (size_t i = 0; i < all.streams[f].n; i++) {
                        const struct doc_node *d = all.streams[f].docs[i];
                        if (streq(str(d, "kind") ?: "", kind) &&
                            (!name || streq(str(d, "metadata.name") ?: "", name)))
                                return d;
                }
        return NULL;
}

static void test_every_object_is_complete(void)
{
        ASSERT_TRUE(all.n >= 4);
        for (size_t f = 0; f < all.n; f++)
                for (size_t i = 0; i < all.streams[f].n; i++) {
                        const struct doc_node *d = all.streams[f].docs[i];
                        const char *kind = str(d, "kind");
                        /* kustomize's own file is not an object of the cluster */
                        if (kind && streq(kind, "Kustomization"))
                                continue;
                        EXPECT_TRUE(str(d, "apiVersion") && kind && str(d, "metadata.name"),
                                    "%s: document %zu lacks apiVersion/kind/metadata.name",
                                    all.files[f], i);
                        if (kind && !streq(kind, "Namespace"))
                                EXPECT_TRUE(streq(str(d, "metadata.namespace") ?: "", "seccompctl"),
                                            "%s: %s not in the seccompctl namespace",
                                            all.files[f], kind);
                }
        ASSERT_TRUE(find("Namespace", "seccompctl"));
}

static const struct doc_node *volume(const struct doc_node *spec, const char *name)
{
        const struct doc_node *vols = doc_get(spec, "volumes");
        for (size_t i = 0; vols && i < vols->n; i++)
                if (streq(str(vols->items[i], "name") ?: "", name))
                        return vols->items[i];
        return NULL;
}

static const char *mount_of(const struct doc_node *c, const char *volume_name)
{
        const struct doc_node *m = doc_get(c, "volumeMounts");
        for (size_t i = 0; m && i < m->n; i++)
                if (streq(str(m->items[i], "name") ?: "", volume_name))
                        return str(m->items[i], "mountPath");
        return NULL;
}

static void check_daemonset(const struct doc_node *ds)
{
        const char *name = str(ds, "metadata.name");
        ASSERT_STREQ(str(ds, "apiVersion"), "apps/v1");
        const struct doc_node *sel = doc_get_path(ds, "spec.selector.matchLabels");
        const struct doc_node *labels = doc_get_path(ds, "spec.template.metadata.labels");
        ASSERT_TRUE(sel && sel->kind == DOC_MAP && sel->n > 0 && labels);
        for (size_t i = 0; i < sel->n; i++) {
                const struct doc_node *l = doc_get(labels, sel->keys[i]->text);
                EXPECT_TRUE(l && streq(l->text, sel->items[i]->text),
                            "%s: selector %s does not match the template", name,
                            sel->keys[i]->text);
        }
        const struct doc_node *spec = doc_get_path(ds, "spec.template.spec");
        const struct doc_node *cs = doc_get(spec, "containers");
        ASSERT_TRUE(cs && cs->kind == DOC_SEQ && cs->n > 0);
        for (size_t i = 0; i < cs->n; i++) {
                const struct doc_node *c = cs->items[i];
                EXPECT_TRUE(str(c, "name") && str(c, "image"), "%s: container %zu", name, i);
                const struct doc_node *m = doc_get(c, "volumeMounts");
                for (size_t j = 0; m && j < m->n; j++)
                        EXPECT_TRUE(volume(spec, str(m->items[j], "name") ?: ""),
                                    "%s: mount %zu names no volume", name, j);
        }
}

static void test_install_daemonset(void)
{
        const struct doc_node *ds = find("DaemonSet", "seccompctl-install");
        ASSERT_TRUE(ds);
        check_daemonset(ds);
        const struct doc_node *spec = doc_get_path(ds, "spec.template.spec");
        const struct doc_node *c = doc_get(spec, "containers")->items[0];

        /* The kubelet's root comes in as a hostPath... */
        const struct doc_node *host = NULL, *cm = NULL;
        const struct doc_node *vols = doc_get(spec, "volumes");
        for (size_t i = 0; i < vols->n; i++) {
                if (streq(str(vols->items[i], "hostPath.path") ?: "", KUBE_DEFAULT_SECCOMP_ROOT))
                        host = vols->items[i];
                if (str(vols->items[i], "configMap.name"))
                        cm = vols->items[i];
        }
        ASSERT_TRUE(host && cm);
        /* ...the ConfigMap it names exists... */
        ASSERT_TRUE(find("ConfigMap", str(cm, "configMap.name")));
        /* ...and is mounted whole: a subPath mount is never updated. */
        const struct doc_node *m = doc_get(c, "volumeMounts");
        for (size_t i = 0; i < m->n; i++)
                ASSERT_TRUE(!doc_get(m->items[i], "subPath"));

        /* args: install --watch <configMap mount> --root <hostPath mount> */
        const struct doc_node *args = doc_get(c, "args");
        ASSERT_TRUE(args && args->kind == DOC_SEQ && args->n >= 5);
        ASSERT_STREQ(args->items[0]->text, "install");
        const char *watch = NULL, *root = NULL;
        for (size_t i = 1; i + 1 < args->n; i++) {
                if (streq(args->items[i]->text, "--watch"))
                        watch = args->items[i + 1]->text;
                if (streq(args->items[i]->text, "--root"))
                        root = args->items[i + 1]->text;
        }
        ASSERT_STREQ(watch, mount_of(c, str(cm, "name")));
        ASSERT_STREQ(root, mount_of(c, str(host, "name")));
}

static void test_record_daemonset(void)
{
        const struct doc_node *ds = find("DaemonSet", "seccompctl-record");
        ASSERT_TRUE(ds);
        check_daemonset(ds);
        const struct doc_node *spec = doc_get_path(ds, "spec.template.spec");
        /* The audit fallback: audit records go to the initial network
         * namespace only. */
        const struct doc_node *hn = doc_get(spec, "hostNetwork");
        const struct doc_node *hp = doc_get(spec, "hostPID");
        ASSERT_TRUE(hn && hn->boolean && hp && hp->boolean);
        const struct doc_node *c = doc_get(spec, "containers")->items[0];
        ASSERT_STREQ(doc_get(c, "args")->items[0]->text, "watch");
        const struct doc_node *add = doc_get_path(c, "securityContext.capabilities.add");
        /* eBPF (load, attach to tracepoints); the audit fallback's group
         * and proc connector. */
        ASSERT_TRUE(add && add->n == 4);
        ASSERT_STREQ(add->items[0]->text, "BPF");
        ASSERT_STREQ(add->items[1]->text, "PERFMON");
        ASSERT_STREQ(add->items[2]->text, "AUDIT_READ");
        ASSERT_STREQ(add->items[3]->text, "NET_ADMIN");
        const struct doc_node *tol = doc_get(spec, "tolerations");
        ASSERT_TRUE(tol && tol->n == 1);
        ASSERT_STREQ(str(tol->items[0], "operator"), "Exists");
}

/* The image reference is valid and the one kustomization.yaml rewrites;
 * the install DaemonSet survives node pressure and SELinux nodes. */
static void test_image_and_node_fit(void)
{
        const struct doc_node *k = find("Kustomization", NULL);
        ASSERT_TRUE(k);
        const struct doc_node *images = doc_get(k, "images");
        ASSERT_TRUE(images && images->n == 1);
        const char *name = str(images->items[0], "name");
        ASSERT_TRUE(name);
        static const char *const ds_names[] = { "seccompctl-install", "seccompctl-record" };
        for (size_t i = 0; i < ELEMENTSOF(ds_names); i++) {
                const struct doc_node *ds = find("DaemonSet", ds_names[i]);
                ASSERT_TRUE(ds);
                const struct doc_node *c =
                        doc_get_path(ds, "spec.template.spec.containers")->items[0];
                const char *image = str(c, "image");
                ASSERT_TRUE(image && !strstr(image, "REGISTRY"));
                /* NAME:TAG with NAME what kustomize matches */
                const char *colon = strrchr(image, ':');
                ASSERT_TRUE(colon && strlen(name) == (size_t)(colon - image) &&
                            !strncmp(image, name, strlen(name)));
                ASSERT_STREQ(str(c, "securityContext.seLinuxOptions.type"), "spc_t");
        }
        const struct doc_node *ds = find("DaemonSet", "seccompctl-install");
        ASSERT_STREQ(str(ds, "spec.template.spec.priorityClassName"), "system-node-critical");
}

static void test_configmap_profiles_pass_check(void)
{
        const struct doc_node *cm = find("ConfigMap", "seccomp-profiles");
        ASSERT_TRUE(cm);
        const struct doc_node *data = doc_get(cm, "data");
        ASSERT_TRUE(data && data->kind == DOC_MAP && data->n > 0);
        for (size_t i = 0; i < data->n; i++) {
                struct sc_diags d = {};
                struct sc_profile_set set = {};
                const char *key = data->keys[i]->text;
                const struct doc_node *v = data->items[i];
                EXPECT_TRUE(endswith(key, ".json") && !strchr(key, '/'), "key %s", key);
                int r = sc_profile_parse(v->text, v->text_len, key, DOC_JSON, &d, &set);
                EXPECT_TRUE(r >= 0 && set.n == 1, "%s does not parse", key);
                if (r >= 0 && set.n == 1) {
                        struct sc_validate_opts o = { .target = SC_ARCH_X86_64 };
                        EXPECT_TRUE(sc_profile_validate(set.profiles[0], &o, &d) == 0,
                                    "%s does not pass check", key);
                }
                sc_profile_set_clear(&set);
                sc_diags_clear(&d);
        }
}

/* Our own verdicts on our own manifests: the agents run RuntimeDefault. */
static void test_resolve_and_psa(void)
{
        for (size_t f = 0; f < all.n; f++) {
                struct kube_resolution res = {};
                struct kube_psa_results psa = {};
                struct kube_psa_version latest = { .latest = true };
                kube_resolve_stream(&all.streams[f], all.files[f], NULL, NULL, &res);
                kube_psa_stream(&all.streams[f], all.files[f], KUBE_PSA_RESTRICTED,
                                &latest, NULL, &psa);
                for (size_t i = 0; i < res.n; i++)
                        EXPECT_TRUE(res.containers[i].type == KUBE_SECCOMP_RUNTIME_DEFAULT &&
                                            !res.containers[i].error,
                                    "%s: %s is not RuntimeDefault", all.files[f],
                                    res.containers[i].name);
                for (size_t i = 0; i < psa.n; i++)
                        EXPECT_TRUE(psa.items[i].allowed, "%s: %s", all.files[f],
                                    psa.items[i].reason);
                kube_resolution_clear(&res);
                kube_psa_results_clear(&psa);
        }
}

int main(void)
{
        load_all();
        if (all.n == 0) {
                fprintf(stderr, "no deploy/*.yaml (run from the repository root)\n");
                return 1;
        }
        RUN(test_every_object_is_complete);
        RUN(test_install_daemonset);
        RUN(test_record_daemonset);
        RUN(test_image_and_node_fit);
        RUN(test_configmap_profiles_pass_check);
        RUN(test_resolve_and_psa);
        for (size_t i = 0; i < all.n; i++) {
                doc_stream_clear(&all.streams[i]);
                free(all.files[i]);
        }
        return test_exit();
}
