/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel seccomp audit records (AUDIT_SECCOMP, type 1326) in every form
 * users meet them: the netlink message body, syslog/dmesg/journal lines
 * ("audit: type=1326 audit(TS:SERIAL): ... syscall=51 ... code=0x7ffc0000")
 * and auditd's log ("type=SECCOMP msg=audit(...): ..." with hex-encoded
 * comm/exe).  Pure: parses text it is given.
 */
#ifndef SC_AUDITLOG_H
#define SC_AUDITLOG_H

#include "util.h"

#define SC_AUDIT_SECCOMP 1326

struct sc_audit_record {
        uint64_t timestamp_ms; /* audit(SECONDS.MILLIS:SERIAL) */
        uint64_t serial;
        uint32_t pid, uid, gid;
        uint32_t arch;         /* AUDIT_ARCH_* (from hex "c000003e") */
        int64_t syscall;       /* as the kernel saw it (x32 bit included) */
        uint32_t code;         /* SECCOMP_RET_* action + data */
        uint32_t sig;
        bool compat;
        char comm[64];         /* decoded (hex form undone), truncated */
        char exe[4096];
};

/* Parse one line or netlink body.  0 on success; -ENOMSG when the line is
 * not a seccomp record (other audit types, ordinary log lines); -EINVAL
 * when it claims to be one but is malformed. */
int sc_audit_parse_line(const char *line, size_t len,
                        struct sc_audit_record *ret);

#endif
