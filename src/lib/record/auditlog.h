/* SPDX-License-Identifier: Apache-2.0 */
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

/* The longest log line `logs` reads: the kernel writes at most 8970 bytes
 * per audit record (MAX_AUDIT_MESSAGE_LENGTH); syslog, journal JSON and
 * auditd's enriched fields wrap that in a few KiB more.  Longer lines are
 * not kernel records and are skipped without being stored. */
#define SC_AUDIT_MAX_LINE (64U * 1024U)

/* Who wrote a log line, judged by its wrapper.  Only lines the kernel
 * wrote count: anything else (another program's syslog line, a journal
 * entry that did not come in through the kernel transport, a /dev/kmsg
 * line with a user-space facility) can be forged by any local user with
 * logger(1) and must not add syscalls to a profile. */
enum sc_audit_source {
        SC_AUDIT_SRC_KMSG,        /* /dev/kmsg: "PRI,SEQ,USEC,FLAGS;audit: ..." */
        SC_AUDIT_SRC_DMESG,       /* dmesg: "[ 12.345] audit: ...", -x, -r, -t */
        SC_AUDIT_SRC_SYSLOG,      /* syslog/journalctl: "DATE HOST kernel: audit: ..." */
        SC_AUDIT_SRC_AUDITD,      /* auditd log / ausearch --raw: "type=SECCOMP msg=audit(...)" */
        SC_AUDIT_SRC_JOURNAL,     /* journalctl -o json with _TRANSPORT=kernel */
        _SC_AUDIT_SRC_MAX,
};

/* Why a seccomp-looking line was not counted (sc_audit_parse_log_line
 * returned -EPERM). */
enum sc_audit_untrusted {
        SC_AUDIT_UNTRUSTED_SYSLOG_TAG,   /* syslog tag other than "kernel:" */
        SC_AUDIT_UNTRUSTED_JOURNAL,      /* journal _TRANSPORT other than kernel */
        SC_AUDIT_UNTRUSTED_USER_FACILITY,/* /dev/kmsg or dmesg -x/-r: not facility kern */
        SC_AUDIT_UNTRUSTED_FORMAT,       /* mentions type=1326/SECCOMP, no kernel log form */
        _SC_AUDIT_UNTRUSTED_MAX,
};

/* Human text for the reasons above ("sent by a program other than the
 * kernel (syslog tag is not \"kernel:\")"). */
const char *sc_audit_untrusted_reason(enum sc_audit_untrusted u);

/* One line of a log file: the wrapper says who wrote it, then the record
 * is parsed as sc_audit_parse_line does.  0 with *ret and *ret_source on a
 * kernel-written seccomp record; -ENOMSG when the line is not a seccomp
 * record; -EPERM (with *ret_why) when it looks like one but was not
 * written by the kernel; -EINVAL when a kernel-written seccomp record is
 * malformed; -E2BIG for a line longer than SC_AUDIT_MAX_LINE; -ELIBACC
 * for a journal JSON line when json-c cannot be loaded (parser-libs.h). */
int sc_audit_parse_log_line(const char *line, size_t len,
                            struct sc_audit_record *ret,
                            enum sc_audit_source *ret_source,
                            enum sc_audit_untrusted *ret_why);

#endif
