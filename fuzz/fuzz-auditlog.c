/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target: audit record lines (what `logs` reads from untrusted
 * log files, with the wrapper that says who wrote them) through the parser, the recorder and the profile writer. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auditlog.h"
#include "profile.h"
#include "recorder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sc_recorder *rec = sc_recorder_new();
        const char *p = (const char *)data, *end = p + size;

        /* Arguments for --args, taken from the input's first bytes. */
        (void)sc_recorder_track_args(rec, "personality", 1);
        (void)sc_recorder_track_args(rec, "socket", 3);
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
                struct sc_audit_record r;
                enum sc_audit_source src;
                enum sc_audit_untrusted why;
                /* The log-file form (who wrote it), then the bare body. */
                if (sc_audit_parse_log_line(p, len, &r, &src, &why) == -EPERM &&
                    sc_audit_untrusted_reason(why)[0] == '\0')
                        abort();
                if (sc_audit_parse_line(p, len, &r) == 0) {
                        uint64_t args[6] = { r.pid, r.uid, r.gid, r.sig };
                        sc_recorder_add(rec, r.arch, r.syscall,
                                        (r.serial & 1) ? args : NULL, r.code);
                }
                p += len + (nl != NULL);
        }
        struct sc_profile *prof = sc_recorder_profile(rec);
        free(sc_profile_to_json(prof, SC_JSON_PRETTY));
        sc_profile_free(prof);
        sc_recorder_free(rec);
        return 0;
}
