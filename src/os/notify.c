/* SPDX-License-Identifier: Apache-2.0 */
#include "notify.h"

#include <linux/seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

/* runc 1.1.5 embeds runtime-spec 1.0.2-dev's specs.Version. */
#define RUNC_OCI_VERSION "1.0.2-dev"

char *sc_notify_state_json(const struct sc_notify_state *s)
{
        struct strbuf sb = {};
        const char *ver = s->oci_version ? s->oci_version : RUNC_OCI_VERSION;
        const char *nl = s->pretty ? "\n" : "";
        const char *in1 = s->pretty ? "  " : "", *in2 = s->pretty ? "    " : "";
        const char *sp = s->pretty ? " " : "";

        /* Field order of Go's json.Marshal of specs.ContainerProcessState. */
        strbuf_printf(&sb, "{%s%s\"ociVersion\":%s", nl, in1, sp);
        strbuf_json_string(&sb, ver);
        strbuf_printf(&sb, ",%s%s\"fds\":%s[\"seccompFd\"],%s%s\"pid\":%s%d,%s%s"
                           "\"metadata\":%s",
                      nl, in1, sp, nl, in1, sp, (int)s->pid, nl, in1, sp);
        strbuf_json_string(&sb, s->metadata ? s->metadata : "");
        strbuf_printf(&sb, ",%s%s\"state\":%s{%s%s\"ociVersion\":%s", nl, in1,
                      sp, nl, in2, sp);
        strbuf_json_string(&sb, ver);
        strbuf_printf(&sb, ",%s%s\"id\":%s", nl, in2, sp);
        strbuf_json_string(&sb, s->id ? s->id : "");
        strbuf_printf(&sb, ",%s%s\"status\":%s", nl, in2, sp);
        strbuf_json_string(&sb, s->status ? s->status : "creating");
        strbuf_printf(&sb, ",%s%s\"pid\":%s%d,%s%s\"bundle\":%s", nl, in2, sp,
                      (int)s->pid, nl, in2, sp);
        strbuf_json_string(&sb, s->bundle ? s->bundle : "");
        strbuf_printf(&sb, "%s%s}%s}", nl, in1, nl);
        return strbuf_steal(&sb);
}

int sc_send_fd(int sock, const void *data, size_t len, int fd)
{
        union {
                char buf[CMSG_SPACE(sizeof(int))];
                struct cmsghdr align;
        } u = {};
        struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
        struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

        if (fd >= 0) {
                mh.msg_control = u.buf;
                mh.msg_controllen = sizeof(u.buf);
                struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
                c->cmsg_level = SOL_SOCKET;
                c->cmsg_type = SCM_RIGHTS;
                c->cmsg_len = CMSG_LEN(sizeof(int));
                memcpy(CMSG_DATA(c), &fd, sizeof(int));
        }
        ssize_t n;
        do
                n = sendmsg(sock, &mh, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        return (size_t)n == len ? 0 : -EMSGSIZE;
}

int sc_recv_fd(int sock, char *buf, size_t cap, size_t *ret_len, int *ret_fd)
{
        union {
                char b[CMSG_SPACE(sizeof(int) * 4)];
                struct cmsghdr align;
        } u = {};
        if (cap == 0)
                return -EINVAL;
        struct iovec iov = { .iov_base = buf, .iov_len = cap - 1 };
        struct msghdr mh = {
                .msg_iov = &iov,
                .msg_iovlen = 1,
                .msg_control = u.b,
                .msg_controllen = sizeof(u.b),
        };
        ssize_t n;
        do
                n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n < 0)
                return -errno;
        int fd = -1;
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
                if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
                        continue;
                size_t nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                for (size_t i = 0; i < nfds; i++) {
                        int f;
                        memcpy(&f, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
                        if (fd < 0)
                                fd = f;
                        else
                                close(f); /* only one fd is expected */
                }
        }
        if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
                if (fd >= 0)
                        close(fd);
                return -EMSGSIZE;
        }
        buf[n] = '\0';
        *ret_len = (size_t)n;
        *ret_fd = fd;
        return 0;
}

/* A stream socket (O_CLOEXEC) and path's address in *sa; the fd or
 * -errno. */
static int unix_socket(const char *path, struct sockaddr_un *sa)
{
        memset(sa, 0, sizeof(*sa));
        sa->sun_family = AF_UNIX;
        if (!path || !*path || strlen(path) >= sizeof(sa->sun_path))
                return -ENAMETOOLONG;
        memcpy(sa->sun_path, path, strlen(path));
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        return s < 0 ? -errno : s;
}

int sc_notify_send(const char *path, const char *json, int fd)
{
        struct sockaddr_un sa;
        _cleanup_close_ int s = unix_socket(path, &sa);
        if (s < 0)
                return s;
        if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -errno;
        return sc_send_fd(s, json, strlen(json), fd);
}

int sc_notify_listen(const char *path, int *ret_fd)
{
        struct sockaddr_un sa;
        _cleanup_close_ int s = unix_socket(path, &sa);
        if (s < 0)
                return s;
        struct stat st;
        /* A stale socket is replaced; anything else there is not ours to
         * remove, and bind(2) would call it "Address already in use". */
        if (lstat(path, &st) == 0) {
                if (!S_ISSOCK(st.st_mode))
                        return -ENOTSOCK;
                (void)unlink(path);
        }
        if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
                return -errno;
        if (listen(s, 16) < 0)
                return -errno;
        *ret_fd = TAKE_FD(s);
        return 0;
}

int sc_notif_recv(int listener, struct sc_notif *ret)
{
        struct seccomp_notif n;
        memset(&n, 0, sizeof(n)); /* the kernel wants it zeroed */
        if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &n) < 0)
                return -errno;
        *ret = (struct sc_notif){
                .id = n.id,
                .pid = n.pid,
                .nr = n.data.nr,
                .arch = n.data.arch,
                .ip = n.data.instruction_pointer,
        };
        memcpy(ret->args, n.data.args, sizeof(ret->args));
        return 0;
}

int sc_notif_respond(int listener, uint64_t id, bool cont, int err,
                     int64_t val)
{
        struct seccomp_notif_resp resp = {
                .id = id,
                .val = cont ? 0 : val,
                .error = cont ? 0 : -err,
                .flags = cont ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0,
        };
        if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) < 0)
                return -errno;
        return 0;
}
