/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: the OCI container state `seccompctl hook` reads on
 * standard input (from the runtime, with annotations the container's
 * creator chose), and the io.containers.trace-syscall value in it. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ocihook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_oci_state st = {};
        struct sc_diags d = {};
        struct sc_trace_spec t = {};
        const char *why = NULL;

        if (sc_oci_state_parse((const char *)data, size, &d, &st) == 0) {
                if (st.trace && sc_trace_spec_parse(st.trace, &t, &why) == 0) {
                        if (!t.output || t.output[0] != '/' ||
                            (t.input && t.input[0] != '/'))
                                abort();
                        sc_trace_spec_clear(&t);
                } else if (st.trace && !why) {
                        abort();
                }
                sc_oci_state_clear(&st);
        }
        sc_diags_clear(&d);
        /* As a container's config.json and as runc's state.json. */
        struct sc_k8s_names k = {};
        if (sc_oci_k8s_names((const char *)data, size, &k) == 0) {
                if (!k.ns || !k.pod || !k.container)
                        abort();
                sc_k8s_names_clear(&k);
        }
        char *bundle = NULL;
        if (sc_runc_state_bundle((const char *)data, size, &bundle) == 0) {
                if (bundle[0] != '/')
                        abort();
                free(bundle);
        }
        /* The whole input as an annotation value too. */
        char *s = strndup((const char *)data, size);
        if (s && sc_trace_spec_parse(s, &t, &why) == 0)
                sc_trace_spec_clear(&t);
        free(s);
        return 0;
}
