/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Seccomp audit records.  The kernel formats them in kernel/auditsc.c
 * (audit_seccomp -> audit_log_task + "sig=%ld arch=%x syscall=%d compat=%d
 * ip=0x%lx code=0x%x"); comm and exe go through audit_log_untrustedstring,
 * which writes "quoted" text, or upper-case hex when the value holds a
 * space, a quote or a control/non-ASCII byte, or the bare word (null).
 *
 * The same body reaches people in several wrappers:
 *   netlink:  audit(1594067860.484:14536): auid=... code=0x7ffc0000
 *   dmesg:    [369128.669452] audit: type=1326 audit(...): ...
 *   syslog:   Jul  6 15:37:40 host kernel: [...] audit: type=1326 audit(...): ...
 *   auditd:   type=SECCOMP msg=audit(...): ... code=0x7ffc0000\x1dAUID="unset" ...
 * auditd's "enriched" format appends upper-case interpreted fields after a
 * 0x1d byte; they repeat the raw fields and are ignored here.
 */
#include "auditlog.h"
#include "profile.h"

#include <ctype.h>

/* Field values we care about, located in the line (not NUL-terminated). */
struct span {
        const char *p;
        size_t n;
        bool quoted;
        bool present;
};

enum field {
        F_TYPE,
        F_PID,
        F_UID,
        F_GID,
        F_COMM,
        F_EXE,
        F_SIG,
        F_ARCH,
        F_SYSCALL,
        F_COMPAT,
        F_CODE,
        _F_MAX,
};

static const char *const field_names[_F_MAX] = {
        [F_TYPE] = "type",   [F_PID] = "pid",         [F_UID] = "uid",
        [F_GID] = "gid",     [F_COMM] = "comm",       [F_EXE] = "exe",
        [F_SIG] = "sig",     [F_ARCH] = "arch",       [F_SYSCALL] = "syscall",
        [F_COMPAT] = "compat", [F_CODE] = "code",
};

static bool is_sep(char c)
{
        /* 0x1d: auditd's separator before its enriched fields. */
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x1d;
}

static bool span_eq(const struct span *s, const char *lit)
{
        size_t n = strlen(lit);
        return s->n == n && memcmp(s->p, lit, n) == 0;
}

/* Parse an unsigned number from a span: base 10 or 16, whole span. */
static int span_u64(const struct span *s, int base, uint64_t *ret)
{
        const char *p = s->p;
        size_t n = s->n;
        uint64_t v = 0;

        if (s->quoted)
                return -EINVAL;
        if (base == 16 && n > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
                p += 2;
                n -= 2;
        }
        if (n == 0 || n > 20)
                return -EINVAL;
        for (size_t i = 0; i < n; i++) {
                unsigned d;
                char c = p[i];
                if (c >= '0' && c <= '9')
                        d = (unsigned)(c - '0');
                else if (base == 16 && c >= 'a' && c <= 'f')
                        d = (unsigned)(c - 'a' + 10);
                else if (base == 16 && c >= 'A' && c <= 'F')
                        d = (unsigned)(c - 'A' + 10);
                else
                        return -EINVAL;
                if (v > (UINT64_MAX - d) / (unsigned)base)
                        return -ERANGE;
                v = v * (unsigned)base + d;
        }
        *ret = v;
        return 0;
}

static int span_u32(const struct span *s, int base, uint32_t *ret)
{
        uint64_t v;
        int r = span_u64(s, base, &v);
        if (r < 0)
                return r;
        if (v > UINT32_MAX)
                return -ERANGE;
        *ret = (uint32_t)v;
        return 0;
}

/* The kernel prints syscall with %d: negative values are possible in
 * principle (a filter sees whatever orig_ax held). */
static int span_i64(const struct span *s, int64_t *ret)
{
        struct span t = *s;
        bool neg = false;
        uint64_t v;
        int r;

        if (t.n > 0 && t.p[0] == '-') {
                neg = true;
                t.p++;
                t.n--;
        }
        r = span_u64(&t, 10, &v);
        if (r < 0)
                return r;
        if (v > (uint64_t)INT64_MAX)
                return -ERANGE;
        *ret = neg ? -(int64_t)v : (int64_t)v;
        return 0;
}

static int hexval(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        return -1;
}

/* Undo audit_log_untrustedstring: "text", HEX, or (null).  Truncates to
 * the buffer; NUL bytes from hex are kept out (they would cut the name). */
static int decode_untrusted(const struct span *s, char *buf, size_t size)
{
        size_t o = 0;

        if (s->quoted) {
                for (size_t i = 0; i < s->n && o + 1 < size; i++)
                        buf[o++] = s->p[i];
        } else if (span_eq(s, "(null)") || span_eq(s, "?")) {
                /* No mm (kernel thread) or no exe: leave empty. */
        } else {
                if (s->n % 2 != 0)
                        return -EINVAL;
                for (size_t i = 0; i < s->n; i += 2) {
                        int hi = hexval(s->p[i]), lo = hexval(s->p[i + 1]);
                        if (hi < 0 || lo < 0)
                                return -EINVAL;
                        char c = (char)(hi << 4 | lo);
                        if (c != '\0' && o + 1 < size)
                                buf[o++] = c;
                }
        }
        buf[o] = '\0';
        return 0;
}

/* "audit(1594067860.484:14536)" starting at p. */
static int parse_stamp(const char *p, const char *end, uint64_t *ret_ms,
                       uint64_t *ret_serial)
{
        uint64_t sec = 0, ms = 0, serial = 0;
        unsigned ndigits = 0, nfrac = 0, nser = 0;

        p += strlen("audit(");
        for (; p < end && isdigit((unsigned char)*p); p++, ndigits++) {
                if (sec > UINT64_MAX / 10000)
                        return -ERANGE;
                sec = sec * 10 + (uint64_t)(*p - '0');
        }
        if (ndigits == 0 || p >= end || *p != '.')
                return -EINVAL;
        for (p++; p < end && isdigit((unsigned char)*p); p++, nfrac++)
                if (nfrac < 3)
                        ms = ms * 10 + (uint64_t)(*p - '0');
        if (nfrac == 0 || p >= end || *p != ':')
                return -EINVAL;
        for (; nfrac < 3; nfrac++)
                ms *= 10;
        for (p++; p < end && isdigit((unsigned char)*p); p++, nser++) {
                if (serial > UINT64_MAX / 10)
                        return -ERANGE;
                serial = serial * 10 + (uint64_t)(*p - '0');
        }
        if (nser == 0 || p >= end || *p != ')')
                return -EINVAL;
        *ret_ms = sec * 1000 + ms;
        *ret_serial = serial;
        return 0;
}

static const char *find_mem(const char *hay, size_t n, const char *needle)
{
        size_t k = strlen(needle);
        if (k > n)
                return NULL;
        for (size_t i = 0; i + k <= n; i++)
                if (memcmp(hay + i, needle, k) == 0)
                        return hay + i;
        return NULL;
}

int sc_audit_parse_line(const char *line, size_t len,
                        struct sc_audit_record *ret)
{
        struct span f[_F_MAX] = {};
        const char *end = line + len, *p = line, *stamp;
        struct sc_audit_record rec = {};
        bool in_enriched = false;
        int r;

        /* Tokenise key=value pairs; anything else (syslog prefix, "audit:",
         * "[123.4]", "msg=audit(...):") is skipped.  Only the first
         * occurrence of a key counts. */
        while (p < end) {
                while (p < end && is_sep(*p)) {
                        if (*p == 0x1d)
                                in_enriched = true;
                        p++;
                }
                if (p >= end)
                        break;
                const char *key = p;
                while (p < end && !is_sep(*p) && *p != '=' && *p != '"')
                        p++;
                if (p >= end || *p != '=') {
                        /* A bare word, or a quote in the middle of one:
                         * skip to the next separator, honouring quotes. */
                        bool q = false;
                        while (p < end && (q || !is_sep(*p))) {
                                if (*p == '"')
                                        q = !q;
                                p++;
                        }
                        continue;
                }
                size_t klen = (size_t)(p - key);
                struct span v = { .present = true };
                p++;
                if (p < end && *p == '"') {
                        v.quoted = true;
                        v.p = ++p;
                        while (p < end && *p != '"')
                                p++;
                        if (p >= end)
                                return f[F_TYPE].present ? -EINVAL : -ENOMSG;
                        v.n = (size_t)(p - v.p);
                        p++;
                } else {
                        v.p = p;
                        while (p < end && !is_sep(*p))
                                p++;
                        v.n = (size_t)(p - v.p);
                }
                if (in_enriched)
                        continue;
                for (size_t i = 0; i < _F_MAX; i++)
                        if (strlen(field_names[i]) == klen &&
                            memcmp(field_names[i], key, klen) == 0 &&
                            !f[i].present) {
                                f[i] = v;
                                break;
                        }
        }

        stamp = find_mem(line, len, "audit(");
        if (f[F_TYPE].present) {
                if (!span_eq(&f[F_TYPE], "1326") &&
                    !span_eq(&f[F_TYPE], "SECCOMP"))
                        return -ENOMSG;
        } else if (!stamp || !f[F_SYSCALL].present) {
                /* Neither a typed log line nor a netlink body that looks
                 * like a seccomp record. */
                return -ENOMSG;
        }

        if (!stamp)
                return -EINVAL;
        r = parse_stamp(stamp, end, &rec.timestamp_ms, &rec.serial);
        if (r < 0)
                return -EINVAL;
        if (!f[F_ARCH].present || !f[F_SYSCALL].present)
                return -EINVAL;
        if (span_u32(&f[F_ARCH], 16, &rec.arch) < 0 ||
            span_i64(&f[F_SYSCALL], &rec.syscall) < 0)
                return -EINVAL;
        /* Kernels before 3.7 printed no code=; they only audited kills. */
        rec.code = SC_RET_KILL_THREAD;
        if (f[F_CODE].present && span_u32(&f[F_CODE], 16, &rec.code) < 0)
                return -EINVAL;
        if (f[F_PID].present && span_u32(&f[F_PID], 10, &rec.pid) < 0)
                return -EINVAL;
        if (f[F_UID].present && span_u32(&f[F_UID], 10, &rec.uid) < 0)
                return -EINVAL;
        if (f[F_GID].present && span_u32(&f[F_GID], 10, &rec.gid) < 0)
                return -EINVAL;
        if (f[F_SIG].present && span_u32(&f[F_SIG], 10, &rec.sig) < 0)
                return -EINVAL;
        if (f[F_COMPAT].present) {
                uint32_t c;
                if (span_u32(&f[F_COMPAT], 10, &c) < 0 || c > 1)
                        return -EINVAL;
                rec.compat = c;
        }
        if (f[F_COMM].present &&
            decode_untrusted(&f[F_COMM], rec.comm, sizeof rec.comm) < 0)
                return -EINVAL;
        if (f[F_EXE].present &&
            decode_untrusted(&f[F_EXE], rec.exe, sizeof rec.exe) < 0)
                return -EINVAL;
        *ret = rec;
        return 0;
}
