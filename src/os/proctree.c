/* SPDX-License-Identifier: Apache-2.0 */
#include "proctree.h"

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sys/socket.h>

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

int sc_auditnl_read_forks(int fd, void (*cb)(int parent, int child, void *ud),
                          void *ud)
{
        int ret = 0;

        for (;;) {
                union {
                        char buf[8192];
                        struct nlmsghdr align;
                } u;
                ssize_t n = recv(fd, u.buf, sizeof u.buf, MSG_DONTWAIT);
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
                for (size_t off = 0, total = (size_t)n; off + NLMSG_HDRLEN <= total;) {
                        const struct nlmsghdr *h = (const void *)(u.buf + off);
                        if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > total - off)
                                break;
                        off += NLMSG_ALIGN(h->nlmsg_len);
                        if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct cn_msg) +
                                                        sizeof(struct proc_event)))
                                continue;
                        const struct cn_msg *cn = NLMSG_DATA(h);
                        struct proc_event ev;
                        if (cn->id.idx != CN_IDX_PROC ||
                            cn->len < sizeof(struct proc_event))
                                continue;
                        memcpy(&ev, cn->data, sizeof ev);
                        /* A new thread has child_pid != child_tgid. */
                        if (ev.what == PROC_EVENT_FORK &&
                            ev.event_data.fork.child_pid == ev.event_data.fork.child_tgid)
                                cb(ev.event_data.fork.parent_tgid,
                                   ev.event_data.fork.child_tgid, ud);
                }
        }
}
