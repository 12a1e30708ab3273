/* SPDX-License-Identifier: Apache-2.0 */
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
#include "parser-libs.h"
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

/* ---- who wrote the line ---- */

static const char *const untrusted_reasons[_SC_AUDIT_UNTRUSTED_MAX] = {
        [SC_AUDIT_UNTRUSTED_SYSLOG_TAG] =
                "syslog line from a program other than the kernel (tag is not \"kernel:\")",
        [SC_AUDIT_UNTRUSTED_JOURNAL] =
                "journal entry whose _TRANSPORT is not \"kernel\"",
        [SC_AUDIT_UNTRUSTED_USER_FACILITY] =
                "kernel log line with a user-space facility (written to /dev/kmsg by a program)",
        [SC_AUDIT_UNTRUSTED_FORMAT] =
                "mentions a seccomp record but is in no kernel log format",
};

const char *sc_audit_untrusted_reason(enum sc_audit_untrusted u)
{
        return (unsigned)u < _SC_AUDIT_UNTRUSTED_MAX ? untrusted_reasons[u] : "?";
}

/* What the kernel's printk of an audit record starts with, and auditd's. */
#define KERNEL_SECCOMP_PREFIX "audit: type=1326 audit("
static const char *const auditd_seccomp_types[] = { "SECCOMP", "UNKNOWN[1326]" };

static bool starts(const char *p, const char *end, const char *lit)
{
        size_t n = strlen(lit);
        return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

static bool mentions_seccomp(const char *p, const char *end)
{
        size_t n = (size_t)(end - p);
        return find_mem(p, n, "type=1326") || find_mem(p, n, "type=SECCOMP");
}

static const char *skip_digits(const char *p, const char *end, uint64_t *ret)
{
        uint64_t v = 0;
        const char *s = p;
        for (; p < end && isdigit((unsigned char)*p); p++)
                v = v > UINT64_MAX / 16 ? UINT64_MAX : v * 10 + (uint64_t)(*p - '0');
        if (ret)
                *ret = v;
        return p > s ? p : NULL;
}

static const char *skip_word(const char *p, const char *end)
{
        while (p < end && *p != ' ')
                p++;
        return p;
}

static const char *skip_spaces(const char *p, const char *end)
{
        while (p < end && *p == ' ')
                p++;
        return p;
}

/* Optional "[ 1234.567890] " (dmesg, also inside syslog lines) or
 * "[Mon Nov 30 03:14:06 2026] " (dmesg -T). */
static const char *skip_bracket(const char *p, const char *end)
{
        if (p >= end || *p != '[')
                return p;
        const char *q = memchr(p, ']', (size_t)(end - p));
        if (!q || q - p > 64)
                return p;
        return skip_spaces(q + 1, end);
}

/* The message part of a kernel-written line: a seccomp record (0), some
 * other kernel message (-ENOMSG). */
static int kernel_message(const char *msg, const char *end,
                          enum sc_audit_source src, struct sc_audit_record *ret,
                          enum sc_audit_source *ret_source)
{
        if (!starts(msg, end, KERNEL_SECCOMP_PREFIX))
                return -ENOMSG;
        int r = sc_audit_parse_line(msg, (size_t)(end - msg), ret);
        if (r == -ENOMSG)
                /* It starts like a seccomp record: it claims to be one. */
                r = -EINVAL;
        if (r == 0)
                *ret_source = src;
        return r;
}

static int untrusted(const char *msg, const char *end, enum sc_audit_untrusted why,
                     enum sc_audit_untrusted *ret_why)
{
        if (!mentions_seccomp(msg, end))
                return -ENOMSG;
        *ret_why = why;
        return -EPERM;
}

/* /dev/kmsg: "PRI,SEQ,USEC,FLAGS[,...];MESSAGE".  The kernel forces a
 * user-space facility (LOG_USER unless the writer names another non-zero
 * one) on what programs write to /dev/kmsg, so facility 0 is the kernel's
 * own (kernel/printk/printk.c, devkmsg_write). */
static int try_kmsg(const char *p, const char *end, struct sc_audit_record *ret,
                    enum sc_audit_source *ret_source, enum sc_audit_untrusted *ret_why)
{
        uint64_t pri;
        const char *q = skip_digits(p, end, &pri);
        for (int i = 0; i < 2; i++) {
                if (!q || q >= end || *q != ',')
                        return 1;
                q = skip_digits(q + 1, end, NULL);
        }
        if (!q || q >= end || *q != ',')
                return 1;
        const char *semi = memchr(q, ';', (size_t)(end - q));
        if (!semi || memchr(q, ' ', (size_t)(semi - q)))
                return 1;
        if ((pri >> 3) != 0)
                return untrusted(semi + 1, end, SC_AUDIT_UNTRUSTED_USER_FACILITY, ret_why);
        return kernel_message(semi + 1, end, SC_AUDIT_SRC_KMSG, ret, ret_source);
}

/* auditd's log and ausearch --raw: "[node=NAME ]type=TYPE msg=audit(".  Only
 * the kernel's records and the daemon's own go there; user-space messages
 * (auditctl -m, pam) have USER_* types, which the kernel enforces. */
static int try_auditd(const char *p, const char *end, struct sc_audit_record *ret,
                      enum sc_audit_source *ret_source)
{
        if (starts(p, end, "node="))
                p = skip_spaces(skip_word(p, end), end);
        if (!starts(p, end, "type="))
                return 1;
        const char *type = p + strlen("type="), *te = skip_word(type, end);
        if (!starts(skip_spaces(te, end), end, "msg=audit("))
                return 1;
        bool seccomp = false;
        for (size_t i = 0; i < ELEMENTSOF(auditd_seccomp_types); i++)
                seccomp |= (size_t)(te - type) == strlen(auditd_seccomp_types[i]) &&
                           memcmp(type, auditd_seccomp_types[i], (size_t)(te - type)) == 0;
        if (!seccomp)
                return -ENOMSG;
        int r = sc_audit_parse_line(p, (size_t)(end - p), ret);
        if (r == -ENOMSG)
                r = -EINVAL;
        if (r == 0)
                *ret_source = SC_AUDIT_SRC_AUDITD;
        return r;
}

/* dmesg in its forms: plain "[ 12.3] audit: ...", -t "audit: ...",
 * -T "[Mon Nov 30 ...] audit: ...", -r "<5>[ 12.3] audit: ...",
 * -x "kern  :notice: [ 12.3] audit: ...".  -r and -x show the facility. */
static int try_dmesg(const char *p, const char *end, struct sc_audit_record *ret,
                     enum sc_audit_source *ret_source, enum sc_audit_untrusted *ret_why)
{
        bool user = false;

        if (p < end && *p == '<') {
                uint64_t pri;
                const char *q = skip_digits(p + 1, end, &pri);
                if (!q || q >= end || *q != '>')
                        return 1;
                user = (pri >> 3) != 0;
                p = q + 1;
        } else {
                /* -x: "FACILITY:LEVEL : " with padding spaces. */
                const char *c1 = memchr(p, ':', (size_t)(end - p) < 16 ? (size_t)(end - p) : 16);
                if (c1 && c1 > p && isalpha((unsigned char)*p)) {
                        const char *fe = p;
                        while (fe < c1 && isalpha((unsigned char)*fe))
                                fe++;
                        const char *lv = fe < c1 ? skip_spaces(fe, c1) : c1;
                        if (lv == c1) {
                                const char *l = c1 + 1, *le = l;
                                while (le < end && isalpha((unsigned char)*le))
                                        le++;
                                le = skip_spaces(le, end);
                                if (le > l && le < end && *le == ':' &&
                                    !starts(p, end, "audit:")) {
                                        user = !((size_t)(fe - p) == 4 && memcmp(p, "kern", 4) == 0);
                                        p = skip_spaces(le + 1, end);
                                }
                        }
                }
        }
        p = skip_bracket(p, end);
        if (!starts(p, end, "audit: "))
                return 1;
        if (user)
                return untrusted(p, end, SC_AUDIT_UNTRUSTED_USER_FACILITY, ret_why);
        return kernel_message(p, end, SC_AUDIT_SRC_DMESG, ret, ret_source);
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* syslog (rsyslog's traditional and RFC 3339 forms) and journalctl's short
 * forms: "TIMESTAMP HOST TAG: MESSAGE".  The tag is what the sender
 * claims, so "kernel:" is only as good as the syslog socket: any local
 * user can send it with logger -t kernel (said in logs --help). */
static int try_syslog(const char *p, const char *end, struct sc_audit_record *ret,
                      enum sc_audit_source *ret_source, enum sc_audit_untrusted *ret_why)
{
        bool month = false;
        for (size_t i = 0; i < ELEMENTSOF(months) && !month; i++)
                month = starts(p, end, months[i]) && p + 3 < end && p[3] == ' ';
        if (month) {
                /* "Jul  6 15:37:40[.123456] " */
                p = skip_spaces(p + 4, end);
                p = skip_digits(p, end, NULL);
                if (!p || p >= end || *p != ' ')
                        return 1;
                p++;
                if (!skip_digits(p, end, NULL) || !memchr(p, ':', (size_t)(skip_word(p, end) - p)))
                        return 1;
                p = skip_word(p, end);
        } else {
                /* "2026-11-30T03:14:06.123456+00:00 " */
                const char *q = skip_digits(p, end, NULL);
                if (!q || q - p != 4 || q >= end || *q != '-')
                        return 1;
                const char *w = skip_word(p, end);
                if (!memchr(p, 'T', (size_t)(w - p)))
                        return 1;
                p = w;
        }
        if (p >= end || *p != ' ')
                return 1;
        p = skip_word(skip_spaces(p, end), end);        /* host */
        if (p >= end)
                return 1;
        const char *tag = skip_spaces(p, end), *te = skip_word(tag, end);
        if (te == tag || te[-1] != ':')
                return 1;
        const char *msg = skip_bracket(skip_spaces(te, end), end);
        if ((size_t)(te - tag) != strlen("kernel:") || memcmp(tag, "kernel:", 7) != 0)
                return untrusted(msg, end, SC_AUDIT_UNTRUSTED_SYSLOG_TAG, ret_why);
        return kernel_message(msg, end, SC_AUDIT_SRC_SYSLOG, ret, ret_source);
}

/* journalctl -o json: one object per line.  _TRANSPORT is a trusted field
 * (journald sets it, a client cannot); MESSAGE is a string, or an array of
 * byte values when it is not valid UTF-8. */
static int try_journal(const char *p, const char *end, struct sc_audit_record *ret,
                       enum sc_audit_source *ret_source, enum sc_audit_untrusted *ret_why)
{
        if (p >= end || *p != '{')
                return 1;
        if (sc_parser_libs_load(SC_LIB_JSON_C, NULL, NULL) < 0)
                return -ELIBACC; /* `logs` loads it first and says why */
        struct json_tokener *tok = sym_json_tokener_new_ex(4);
        if (!tok)
                sc_oom(); /* never mistake it for "no record" */
        json_object *obj = sym_json_tokener_parse_ex(tok, p, (int)(end - p));
        bool whole = sym_json_tokener_get_error(tok) == json_tokener_success &&
                     sym_json_tokener_get_parse_end(tok) == (size_t)(end - p);
        sym_json_tokener_free(tok);
        json_object *transport, *message;
        if (!whole || !sym_json_object_is_type(obj, json_type_object) ||
            !sym_json_object_object_get_ex(obj, "MESSAGE", &message)) {
                sym_json_object_put(obj);
                return 1;
        }
        char *buf = NULL;
        size_t n = 0;
        if (sym_json_object_is_type(message, json_type_string)) {
                n = (size_t)sym_json_object_get_string_len(message);
                buf = xmalloc(n + 1);
                memcpy(buf, sym_json_object_get_string(message), n);
        } else if (sym_json_object_is_type(message, json_type_array)) {
                size_t k = sym_json_object_array_length(message);
                buf = xmalloc(k + 1);
                for (size_t i = 0; i < k; i++) {
                        json_object *b = sym_json_object_array_get_idx(message, i);
                        int64_t v = sym_json_object_get_int64(b);
                        if (!sym_json_object_is_type(b, json_type_int) || v < 0 || v > 255) {
                                free(buf);
                                sym_json_object_put(obj);
                                return 1;
                        }
                        buf[n++] = (char)v;
                }
        } else {
                sym_json_object_put(obj);
                return 1;
        }
        buf[n] = '\0';
        bool kernel = sym_json_object_object_get_ex(obj, "_TRANSPORT", &transport) &&
                      sym_json_object_is_type(transport, json_type_string) &&
                      streq(sym_json_object_get_string(transport), "kernel");
        sym_json_object_put(obj);
        int r = kernel ? kernel_message(buf, buf + n, SC_AUDIT_SRC_JOURNAL, ret, ret_source)
                       : untrusted(buf, buf + n, SC_AUDIT_UNTRUSTED_JOURNAL, ret_why);
        free(buf);
        return r;
}

int sc_audit_parse_log_line(const char *line, size_t len,
                            struct sc_audit_record *ret,
                            enum sc_audit_source *ret_source,
                            enum sc_audit_untrusted *ret_why)
{
        static int (*const forms[])(const char *, const char *,
                                    struct sc_audit_record *,
                                    enum sc_audit_source *,
                                    enum sc_audit_untrusted *) = {
                try_journal, try_kmsg, try_dmesg, try_syslog,
        };
        const char *end = line + len;

        if (len > SC_AUDIT_MAX_LINE)
                return -E2BIG;
        while (end > line && (end[-1] == '\n' || end[-1] == '\r'))
                end--;
        /* Each form answers 1 when the line is not in that form. */
        int r = try_auditd(line, end, ret, ret_source);
        if (r != 1)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(forms); i++) {
                r = forms[i](line, end, ret, ret_source, ret_why);
                if (r != 1)
                        return r;
        }
        return untrusted(line, end, SC_AUDIT_UNTRUSTED_FORMAT, ret_why);
}
