/* SPDX-License-Identifier: Apache-2.0 */
#include "loader.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
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

void sc_pidset_add(struct sc_pidset *s, int pid)
{
        if (sc_pidset_has(s, pid))
                return;
        GROW(s->pids, s->n, s->alloc);
        s->pids[s->n++] = pid;
}

bool sc_pidset_has(const struct sc_pidset *s, int pid)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->pids[i] == pid)
                        return true;
        return false;
}

void sc_pidset_free(struct sc_pidset *s)
{
        free(s->pids);
        *s = (struct sc_pidset){};
}

int sc_proctree_open(void)
{
        _cleanup_close_ int fd = socket(AF_NETLINK,
                                        SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                                        NETLINK_CONNECTOR);
        if (fd < 0)
                return -errno;
        /* Every fork on the machine is reported; a busy machine must not
         * overflow the default buffer while we sleep in poll(). */
        int size = 8 << 20;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0)
                (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
        struct sockaddr_nl sa = {
                .nl_family = AF_NETLINK,
                .nl_groups = CN_IDX_PROC,
                .nl_pid = 0,
        };
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -errno;
        /* nlmsghdr + cn_msg (which ends in a flexible array) + the op. */
        union {
                char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(uint32_t))];
                struct nlmsghdr align;
        } req = {};
        struct nlmsghdr *nl = &req.align;
        nl->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(uint32_t));
        nl->nlmsg_type = NLMSG_DONE;
        nl->nlmsg_pid = (uint32_t)getpid();
        struct cn_msg *cn = NLMSG_DATA(nl);
        cn->id.idx = CN_IDX_PROC;
        cn->id.val = CN_VAL_PROC;
        cn->len = sizeof(uint32_t);
        uint32_t op = PROC_CN_MCAST_LISTEN;
        memcpy(cn->data, &op, sizeof(op));
        if (send(fd, req.buf, nl->nlmsg_len, 0) < 0)
                return -errno;
        return TAKE_FD(fd);
}

int sc_proctree_update(int fd, struct sc_pidset *set)
{
        int ret = 0;
        for (;;) {
                union {
                        char buf[4096];
                        struct nlmsghdr align;
                } u;
                ssize_t n = recv(fd, u.buf, sizeof(u.buf), 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        if (errno == EAGAIN)
                                return ret;
                        if (errno == ENOBUFS) {
                                ret = -ENOBUFS;
                                continue;
                        }
                        return -errno;
                }
                size_t len = (size_t)n;
                for (struct nlmsghdr *h = &u.align; NLMSG_OK(h, len);
                     h = NLMSG_NEXT(h, len)) {
                        const struct cn_msg *cn = NLMSG_DATA(h);
                        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*cn)) ||
                            cn->id.idx != CN_IDX_PROC ||
                            cn->len < sizeof(struct proc_event))
                                continue;
                        struct proc_event ev;
                        memcpy(&ev, cn->data, sizeof(ev));
                        if (ev.what == PROC_EVENT_FORK &&
                            sc_pidset_has(set, ev.event_data.fork.parent_tgid))
                                sc_pidset_add(set, ev.event_data.fork.child_tgid);
                }
        }
}
