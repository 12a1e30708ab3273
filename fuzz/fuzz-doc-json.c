/* SPDX-License-Identifier: Apache-2.0 */
/* Differential: the fast JSON path (doc-json.c) against the full one
 * (json-c, then libyaml).  Whatever the fast path accepts, the full path
 * must accept as the same tree, positions included; what it declines is
 * the full path's to read or refuse, so error messages cannot change. */
#include "doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf = (const char *)data;
        struct doc_limits full = { .full_json_path = true };
        struct sc_diags d = { .max = 4 };
        struct doc_stream s = { 0 };
        struct doc_node *fast = NULL;
        struct arena arena = { 0 };

        if (!doc_json_fast(buf, size, NULL, &arena, &fast)) {
                arena_clear(&arena); /* what it built before declining */
                return 0;
        }
        if (doc_parse(buf, size, "fuzz", DOC_JSON, &full, &d, &s) != 0 || s.n != 1 ||
            !doc_node_equal(fast, s.docs[0])) {
                for (size_t i = 0; i < d.n; i++) {
                        char *m = sc_diag_format(&d.items[i]);
                        fprintf(stderr, "full path: %s\n", m);
                        free(m);
                }
                abort(); /* the fast path read something the full path does not */
        }
        arena_clear(&arena);
        doc_stream_clear(&s);
        sc_diags_clear(&d);
        return 0;
}
