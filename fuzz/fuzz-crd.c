/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CustomResourceDefinition schemas: a YAML stream whose first
 * CustomResourceDefinition is checked against every other document
 * (kube_crd_validate: schema walking, patterns through regcomp, integer
 * formats, set uniqueness).  Hostile schemas (deep nesting, odd patterns,
 * huge limits) and hostile objects must give messages, never a crash.
 */
#include <stdint.h>

#include "kube.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_diags d = { .max = 20 };
        struct doc_stream s = {};
        struct doc_limits lim = { .max_depth = 40, .max_nodes = 50000 };
        if (size > 256 * 1024)
                return 0;
        if (doc_parse((const char *)data, size, "fuzz.yaml", DOC_AUTO, &lim, &d, &s) < 0) {
                sc_diags_clear(&d);
                return 0;
        }
        const struct doc_node *crd = NULL;
        for (size_t i = 0; i < s.n && !crd; i++) {
                const struct doc_node *k = doc_get(s.docs[i], "kind");
                if (k && k->kind == DOC_STRING && streq(k->text, "CustomResourceDefinition"))
                        crd = s.docs[i];
        }
        for (size_t i = 0; crd && i < s.n; i++) {
                struct strv e = {};
                bool ns;
                kube_crd_validate(crd, s.docs[i], &e, &ns);
                for (size_t j = 0; j < e.n; j++)
                        if (!e.items[j] || !*e.items[j])
                                abort();
                strv_clear(&e);
        }
        doc_stream_clear(&s);
        sc_diags_clear(&d);
        return 0;
}
