/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Audit netlink multicast listener.  The kernel sends every record to the
 * AUDIT_NLGRP_READLOG group (kernel/audit.c: kauditd_send_multicast_skb)
 * before, and independently of, the printk fallback that is rate limited
 * to 10 lines per 5 s when no auditd is registered.  Joining the group
 * needs CAP_AUDIT_READ in the initial user namespace.
 */
#include "auditnl.h"

#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>

/* kernel/audit.h: MAX_AUDIT_MESSAGE_LENGTH, not in the uapi headers. */
#define SC_AUDIT_MAX_MSG 8970

#ifndef AUDIT_NLGRP_READLOG
#define AUDIT_NLGRP_READLOG 1
#endif

/* A burst of records must not overflow the socket before we read it: ask
 * for a large buffer (SO_RCVBUFFORCE needs CAP_NET_ADMIN; fall back). */
#define SC_AUDITNL_RCVBUF (16 * 1024 * 1024)

int sc_auditnl_open(void)
{
        struct sockaddr_nl sa = {
                .nl_family = AF_NETLINK,
                .nl_groups = 1U << (AUDIT_NLGRP_READLOG - 1),
        };
        int size = SC_AUDITNL_RCVBUF;
        _cleanup_close_ int fd = -1;

        fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    NETLINK_AUDIT);
        if (fd < 0)
                return errno == EAFNOSUPPORT ? -EPROTONOSUPPORT : -errno;
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
                (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
                return -errno;
        return TAKE_FD(fd);
}

int sc_auditnl_read(int fd, int timeout_ms, struct sc_audit_record *ret)
{
        /* Audit records are at most SC_AUDIT_MAX_MSG bytes. */
        char buf[SC_AUDIT_MAX_MSG + NLMSG_HDRLEN + 64]
                __attribute__((aligned(NLMSG_ALIGNTO)));
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ssize_t n;
        int r;

        for (;;) {
                n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
                if (n >= 0)
                        break;
                if (errno == EINTR)
                        continue;
                if (errno != EAGAIN)
                        return -errno; /* -ENOBUFS: the kernel dropped some */
                r = poll(&pfd, 1, timeout_ms);
                if (r < 0)
                        return errno == EINTR ? 0 : -errno;
                if (r == 0)
                        return 0;
                timeout_ms = 0; /* readable now; one more recv */
        }

        /* Walk the datagram by hand: NLMSG_NEXT's unsigned arithmetic
         * would wrap on a truncated last message. */
        for (size_t off = 0, total = (size_t)n;
             off + NLMSG_HDRLEN <= total;) {
                const struct nlmsghdr *h = (const void *)(buf + off);
                if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > total - off)
                        break;
                off += NLMSG_ALIGN(h->nlmsg_len);
                if (h->nlmsg_type != AUDIT_SECCOMP)
                        continue;
                size_t len = h->nlmsg_len - NLMSG_HDRLEN;
                const char *body = NLMSG_DATA(h);
                /* The body may or may not carry a trailing NUL. */
                while (len > 0 && body[len - 1] == '\0')
                        len--;
                struct sc_audit_record rec;
                if (sc_audit_parse_line(body, len, &rec) < 0)
                        return 0;
                *ret = rec;
                return 1;
        }
        return 0;
}
