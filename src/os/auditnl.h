/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The audit netlink multicast group (NETLINK_AUDIT, AUDIT_NLGRP_READLOG):
 * every audit record the kernel emits, without auditd and without
 * printk's rate limit.  Needs CAP_AUDIT_READ.
 */
#ifndef SC_AUDITNL_H
#define SC_AUDITNL_H

#include "auditlog.h"

/* Open and subscribe; returns an fd (O_CLOEXEC, nonblocking) or -errno
 * (-EPERM without CAP_AUDIT_READ, -EPROTONOSUPPORT without CONFIG_AUDIT). */
int sc_auditnl_open(void);
/* Wait up to timeout_ms (-1: forever) for one message; fills *ret with a
 * seccomp record.  Returns 1 when a record was read, 0 on timeout or a
 * non-seccomp message, -errno on error. */
int sc_auditnl_read(int fd, int timeout_ms, struct sc_audit_record *ret);

#endif
