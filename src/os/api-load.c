/* SPDX-License-Identifier: Apache-2.0 */
/* The one public API entry that calls the kernel: seccompctl_load(). */
#include "seccompctl.h"

#include "bpf.h"
#include "loader.h"

SC_API int seccompctl_load(const void *bpf, size_t len, uint32_t flags,
                           int *ret_listener)
{
        struct sc_filter *f = NULL;
        struct sc_load_opts o;
        int listener = -1;

        if (!bpf || ((flags & SC_LOAD_FLAG_NEW_LISTENER) && !ret_listener))
                return -EINVAL;
        int r = sc_filter_from_raw(bpf, len, &f);
        if (r < 0)
                return r;
        sc_load_opts_init(&o);
        o.flags = flags;
        o.prctl_when_no_flags = false;
        r = sc_filter_install((const struct sock_filter *)f->insns, f->n, &o, &listener);
        sc_filter_free(f);
        if (r < 0)
                return r;
        if (ret_listener)
                *ret_listener = listener;
        return 0;
}
