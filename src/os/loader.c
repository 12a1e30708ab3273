/* SPDX-License-Identifier: Apache-2.0 */
#include "loader.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "fileio.h"

/* BPF_MAXINSNS: the kernel refuses longer classic programs. */
#define SC_MAX_INSNS 4096U

#define SC_LOAD_KNOWN_FLAGS                                                    \
        (SC_LOAD_FLAG_TSYNC | SC_LOAD_FLAG_LOG | SC_LOAD_FLAG_SPEC_ALLOW |     \
         SC_LOAD_FLAG_NEW_LISTENER | SC_LOAD_FLAG_TSYNC_ESRCH |                \
         SC_LOAD_FLAG_WAIT_KILLABLE_RECV)

void sc_load_opts_init(struct sc_load_opts *o)
{
        *o = (struct sc_load_opts){
                .no_new_privs = true,
                .prctl_when_no_flags = true,
        };
}

static long sys_seccomp(unsigned op, unsigned flags, void *args)
{
        return syscall(SYS_seccomp, op, flags, args);
}

int sc_filter_install(const struct sock_filter *prog, size_t n,
                      const struct sc_load_opts *o, int *ret_listener)
{
        struct sc_load_opts defaults;
        if (!o) {
                sc_load_opts_init(&defaults);
                o = &defaults;
        }
        if (!prog || n == 0 || n > SC_MAX_INSNS)
                return -EINVAL;
        uint32_t flags = o->flags;
        if (flags & ~SC_LOAD_KNOWN_FLAGS)
                return -EINVAL;
        /* Since 5.7 the kernel refuses TSYNC with NEW_LISTENER unless told
         * to report a sync failure as ESRCH (the return value would
         * otherwise be ambiguous: a thread id or the listener fd). */
        if ((flags & SC_LOAD_FLAG_TSYNC) && (flags & SC_LOAD_FLAG_NEW_LISTENER))
                flags |= SC_LOAD_FLAG_TSYNC_ESRCH;
        if (flags & SC_LOAD_FLAG_WAIT_KILLABLE_RECV &&
            !(flags & SC_LOAD_FLAG_NEW_LISTENER))
                return -EINVAL;

        if (o->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return -errno;

        struct sock_fprog fprog = {
                .len = (unsigned short)n,
                .filter = (struct sock_filter *)prog,
        };

        if (flags == 0 && o->prctl_when_no_flags) {
                /* runc's patchbpf: no flags, the old interface. */
                if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0)
                        return -errno;
                if (ret_listener)
                        *ret_listener = -1;
                return 0;
        }

        long r = sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, &fprog);
        if (r < 0 && errno == EINVAL && o->retry_without_flags && flags != 0 &&
            !(flags & SC_LOAD_FLAG_NEW_LISTENER)) {
                /* crun: older kernels do not know SPEC_ALLOW/LOG. */
                flags = 0;
                r = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &fprog);
        }
        if (r < 0)
                return -errno;
        if ((flags & SC_LOAD_FLAG_TSYNC) && !(flags & SC_LOAD_FLAG_TSYNC_ESRCH) &&
            r > 0)
                /* The id of a thread that could not be synchronised; the
                 * filter was not installed anywhere. */
                return -ESRCH;

        int listener = -1;
        if (flags & SC_LOAD_FLAG_NEW_LISTENER) {
                listener = (int)r;
                if (listener < 0)
                        return -EBADF;
                /* The kernel sets O_CLOEXEC on listener fds; be sure. */
                (void)fcntl(listener, F_SETFD, FD_CLOEXEC);
        }
        if (ret_listener)
                *ret_listener = listener;
        else if (listener >= 0)
                close(listener);
        return 0;
}

static int action_listed(const char *file, const char *name)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int r = read_file_bounded(file, 4096, &buf, &len);
        if (r < 0)
                return r;
        size_t n = strlen(name);
        for (char *p = buf; *p;) {
                p += strspn(p, " \t\n");
                size_t w = strcspn(p, " \t\n");
                if (w == n && strncmp(p, name, n) == 0)
                        return 1;
                p += w;
        }
        return 0;
}

int sc_kernel_action_logged(const char *name)
{
        return action_listed("/proc/sys/kernel/seccomp/actions_logged", name);
}

int sc_kernel_action_avail(const char *name)
{
        return action_listed("/proc/sys/kernel/seccomp/actions_avail", name);
}

bool sc_have_effective_cap(int cap)
{
        struct __user_cap_header_struct h = {
                .version = _LINUX_CAPABILITY_VERSION_3,
        };
        struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};
        if (cap < 0 || cap >= 64 || syscall(SYS_capget, &h, d) < 0)
                return false;
        return d[cap / 32].effective & (1U << (cap % 32));
}
