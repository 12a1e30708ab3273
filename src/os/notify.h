/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SCMP_ACT_NOTIFY plumbing: handing the seccomp listener fd to an agent
 * at `listenerPath` exactly as runc does (one sendmsg on a unix stream
 * socket: the container-process-state JSON of the runtime spec plus the fd
 * by SCM_RIGHTS), and the agent side (receive the fd, read notifications,
 * answer them).
 */
#ifndef SC_NOTIFY_H
#define SC_NOTIFY_H

#include <sys/types.h>

#include "util.h"

/* runtime-spec ContainerProcessState: what runc sends. */
struct sc_notify_state {
        const char *oci_version;   /* NULL: "1.0.2-dev" (runc 1.1.5) */
        const char *id;            /* container id */
        const char *status;        /* "creating" (runc), "running" for exec */
        const char *bundle;
        const char *metadata;      /* listenerMetadata; NULL: "" */
        pid_t pid;
        bool pretty;               /* crun pretty-prints */
};

/* The JSON text runc marshals:
 *   {"ociVersion":..,"fds":["seccompFd"],"pid":N,"metadata":"..",
 *    "state":{"ociVersion":..,"id":..,"status":..,"pid":N,"bundle":..}}
 * Caller frees. */
char *sc_notify_state_json(const struct sc_notify_state *s);

/* Connect to the unix stream socket at path and send json with fd
 * attached (SCM_RIGHTS) in one sendmsg.  -errno on failure. */
int sc_notify_send(const char *path, const char *json, int fd);

/* Send / receive one fd with a payload over a connected unix socket.
 * sc_recv_fd: *ret_fd is -1 when no fd came; *ret_len bytes of payload
 * (NUL-terminated, buffer of size cap). */
int sc_send_fd(int sock, const void *data, size_t len, int fd);
int sc_recv_fd(int sock, char *buf, size_t cap, size_t *ret_len, int *ret_fd);

/* Agent side: create a listening unix stream socket at path (an existing
 * socket file is replaced). */
int sc_notify_listen(const char *path, int *ret_fd);

/* One seccomp notification (struct seccomp_notif, flattened). */
struct sc_notif {
        uint64_t id;
        uint32_t pid;
        int32_t nr;
        uint32_t arch;
        uint64_t ip;
        uint64_t args[6];
};
/* SECCOMP_IOCTL_NOTIF_RECV.  -ENOENT when the target died meanwhile,
 * -EINTR to be retried by the caller. */
int sc_notif_recv(int listener, struct sc_notif *ret);
/* SECCOMP_IOCTL_NOTIF_SEND: cont=true lets the syscall run
 * (SECCOMP_USER_NOTIF_FLAG_CONTINUE); else it fails with err (or returns
 * val when err == 0). */
int sc_notif_respond(int listener, uint64_t id, bool cont, int err,
                     int64_t val);

#endif
