/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz the whole profile front end: document reader (JSON via json-c +
 * libyaml, YAML), parser, validator, resolver, normaliser and writer.
 * Whatever parses must also survive the rest, and what we write must
 * parse again to the same text. */
#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_diags d = { .max = 50 };
        struct sc_profile_set set = { 0 };
        enum doc_format fmt = size && (data[0] & 1) ? DOC_JSON : DOC_AUTO;

        if (sc_profile_parse((const char *)data, size, "fuzz", fmt, &d, &set) == 0) {
                for (size_t i = 0; i < set.n; i++) {
                        struct sc_profile *p = set.profiles[i];
                        struct sc_validate_opts vo = { .target = SC_ARCH_X86_64 };
                        sc_profile_validate(p, &vo, &d);
                        struct sc_resolve_opts ro = { .target = SC_ARCH_X86_64 };
                        struct sc_profile *r = NULL;
                        if (sc_profile_resolve(p, &ro, &d, &r) < 0)
                                continue;
                        struct sc_profile *n = sc_profile_normalize(r);
                        char *json = sc_profile_to_json(n, 0);
                        struct sc_profile_set again = { 0 };
                        if (sc_profile_parse(json, strlen(json), "again", DOC_JSON, NULL,
                                             &again) != 0 || again.n != 1)
                                abort(); /* we wrote something we cannot read */
                        char *json2 = sc_profile_to_json(again.profiles[0], 0);
                        if (strcmp(json, json2) != 0)
                                abort(); /* not a fixed point */
                        free(json2);
                        sc_profile_set_clear(&again);
                        free(json);
                        sc_profile_free(n);
                        sc_profile_free(r);
                }
        }
        sc_diags_clear(&d);
        sc_profile_set_clear(&set);
        return 0;
}
