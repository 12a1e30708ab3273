/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test helper: print every seccomp audit record from the audit netlink
 * multicast group the way the kernel prints it to dmesg ("audit:
 * type=1326 audit(...): ..."), without printk's rate limit.  Written
 * independently of src/os/auditnl.c so the tests do not check that code
 * with itself.
 *
 *   audit-tap READY_FILE     (runs until SIGTERM/SIGINT; creates
 *                             READY_FILE once subscribed)
 */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static void on_sig(int s) { (void)s; stop = 1; }

int main(int argc, char **argv)
{
        struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
        struct sigaction act = { .sa_handler = on_sig };
        static char buf[1 << 16];
        int size = 8 << 20;

        if (argc != 2)
                return 2;
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
                perror("audit-tap");
                return errno == EPERM ? 77 : 1;
        }
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size);
        sigaction(SIGTERM, &act, NULL);
        sigaction(SIGINT, &act, NULL);
        FILE *f = fopen(argv[1], "w");
        if (!f)
                return 1;
        fclose(f);
        while (!stop) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                if (poll(&p, 1, 100) <= 0)
                        continue;
                ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
                if (n < (ssize_t)NLMSG_HDRLEN)
                        continue;
                struct nlmsghdr *h = (struct nlmsghdr *)buf;
                if (h->nlmsg_type != 1326 || h->nlmsg_len > (size_t)n)
                        continue;
                int len = (int)(h->nlmsg_len - NLMSG_HDRLEN);
                const char *body = NLMSG_DATA(h);
                while (len > 0 && body[len - 1] == '\0')
                        len--;
                printf("audit: type=%d %.*s\n", h->nlmsg_type, len, body);
                fflush(stdout);
        }
        return 0;
}
