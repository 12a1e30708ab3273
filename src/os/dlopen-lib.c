/* SPDX-License-Identifier: Apache-2.0 */
#include "dlopen-lib.h"

#include <dlfcn.h>
#include <stdio.h>

#include "util.h"

void sc_dlopen_lib_open(struct sc_dlopen_lib *l)
{
        void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
        if (h && l->resolve(h)) {
                l->loaded = true;
                return; /* kept open for the life of the process */
        }
        const char *why = dlerror();
        if (!why)
                why = "unknown error";
        size_t n = strlen(l->soname);
        if (strncmp(why, l->soname, n) == 0 && startswith(why + n, ": "))
                why += n + 2;
        snprintf(l->error, sizeof(l->error), "%s", why);
        if (h)
                dlclose(h);
}
