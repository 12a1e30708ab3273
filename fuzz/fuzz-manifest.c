/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kubernetes manifests: YAML/JSON document tree -> per-container seccomp
 * resolution, API validation messages, Pod Security Admission checks and
 * messages, and the YAML writer (whose output must read back as the same
 * tree: a quoting bug is a crash here).
 */
#include <stdint.h>

#include "kube.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_yaml_round_trip(const struct doc_node *n)
{
        /* Only trees our writer claims to handle: string keys. */
        struct strbuf y = {}, a = {}, b = {};
        struct sc_diags d = { .max = 10 };
        struct doc_stream s = {};
        kube_yaml_emit(&y, n, 0);
        if (doc_parse(y.buf, y.len, "emitted.yaml", DOC_YAML, NULL, &d, &s) < 0 ||
            s.n != 1)
                abort();
        doc_to_json(n, &a);
        doc_to_json(s.docs[0], &b);
        if (!streq(a.buf, b.buf))
                abort();
        doc_stream_clear(&s);
        sc_diags_clear(&d);
        strbuf_clear(&y);
        strbuf_clear(&a);
        strbuf_clear(&b);
}

static bool string_keys_only(const struct doc_node *n, unsigned depth)
{
        if (depth > 32)
                return false;
        for (size_t i = 0; i < n->n; i++) {
                if (n->kind == DOC_MAP &&
                    (n->keys[i]->kind != DOC_STRING ||
                     strlen(n->keys[i]->text) != n->keys[i]->text_len))
                        return false;
                if (n->items[i]->kind == DOC_STRING &&
                    strlen(n->items[i]->text) != n->items[i]->text_len)
                        return false; /* embedded NUL: not a C string */
                if (!string_keys_only(n->items[i], depth + 1))
                        return false;
        }
        return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_diags d = { .max = 100 };
        struct doc_stream s = {};
        struct doc_limits lim = { .max_depth = 40, .max_nodes = 20000 };
        if (size > 256 * 1024)
                return 0;
        if (doc_parse((const char *)data, size, "fuzz.yaml", DOC_AUTO, &lim, &d, &s) < 0) {
                sc_diags_clear(&d);
                return 0;
        }

        struct kube_resolution res = {};
        struct kube_resolve_opts o = { .root = "/var/lib/kubelet/seccomp",
                                       .seccomp_default = size & 1 };
        kube_resolve_stream(&s, "fuzz.yaml", &o, &d, &res);
        for (size_t i = 0; i < res.n; i++) {
                const struct kube_container *c = &res.containers[i];
                if (!kube_seccomp_type_name(c->type) || !kube_container_kind_name(c->ckind))
                        abort();
                if (c->needs_file && (!c->path || c->path[0] != '/'))
                        abort();
        }
        kube_resolution_clear(&res);

        static const char *const versions[] = { "v1.18", "v1.24", "latest" };
        for (int level = KUBE_PSA_BASELINE; level <= KUBE_PSA_RESTRICTED; level++)
                for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++) {
                        struct kube_psa_version ver;
                        struct kube_psa_results pr = {};
                        if (kube_psa_version_parse(versions[v], &ver) < 0)
                                abort();
                        kube_psa_stream(&s, "fuzz.yaml", (enum kube_psa_level)level,
                                        &ver, &d, &pr);
                        for (size_t i = 0; i < pr.n; i++)
                                free(kube_psa_message(&pr.items[i],
                                                      (enum kube_psa_level)level, &ver));
                        kube_psa_results_clear(&pr);
                }

        for (size_t i = 0; i < s.n; i++)
                if (string_keys_only(s.docs[i], 0))
                        check_yaml_round_trip(s.docs[i]);

        doc_stream_clear(&s);
        sc_diags_clear(&d);
        return 0;
}
