/* SPDX-License-Identifier: Apache-2.0 */
#include "container-names.h"

/* The last run of exactly 64 lower-case hex digits, as the SPO log
 * enricher's regular expression finds it. */
bool sc_find_container_id(const char *s, char ret[65])
{
        bool found = false;
        size_t run = 0;

        for (const char *p = s;; p++) {
                bool hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
                if (hex) {
                        run++;
                        continue;
                }
                if (run == 64) {
                        memcpy(ret, p - 64, 64);
                        ret[64] = '\0';
                        found = true;
                }
                run = 0;
                if (!*p)
                        break;
        }
        return found;
}

/* Make comm usable as a file name. */
char *sc_safe_file_name(const char *s)
{
        char *r = xstrdup(*s ? s : "unknown");
        for (char *p = r; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
                      *p == '.'))
                        *p = '_';
        if (r[0] == '.')
                r[0] = '_';
        return r;
}
