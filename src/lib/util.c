/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

#include <stdarg.h>
#include <strings.h>

/* The only abort() in seccompctl.  write(2), not stdio: stdio may need
 * the memory we do not have. */
_Noreturn void sc_oom(void)
{
        static const char msg[] = "seccompctl: out of memory\n";
        (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        abort();
}

void *xmalloc(size_t n)
{
        void *p = malloc(n ? n : 1);
        if (!p)
                sc_oom();
        return p;
}

void *xcalloc(size_t n, size_t size)
{
        void *p = calloc(n ? n : 1, size ? size : 1);
        if (!p)
                sc_oom();
        return p;
}

void *xrealloc(void *p, size_t n)
{
        p = realloc(p, n ? n : 1);
        if (!p)
                sc_oom();
        return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
        if (size && n > SIZE_MAX / size)
                sc_oom();
        return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
        return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
        char *p = xmalloc(n + 1);
        memcpy(p, s, n);
        p[n] = 0;
        return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
        char *p;
        if (vasprintf(&p, fmt, ap) < 0)
                sc_oom();
        return p;
}

char *xasprintf(const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *p = xvasprintf(fmt, ap);
        va_end(ap);
        return p;
}

void strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
        if (sb->alloc - sb->len < n + 1) {
                size_t want = sb->len + n + 1;
                sb->alloc = sb->alloc ? sb->alloc : 64;
                while (sb->alloc < want)
                        sb->alloc *= 2;
                sb->buf = xrealloc(sb->buf, sb->alloc);
        }
        memcpy(sb->buf + sb->len, s, n);
        sb->len += n;
        sb->buf[sb->len] = 0;
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
        strbuf_append(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
        strbuf_append(sb, &c, 1);
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *p = xvasprintf(fmt, ap);
        va_end(ap);
        strbuf_append(sb, p, strlen(p));
        free(p);
}

void strbuf_json_string(struct strbuf *sb, const char *s)
{
        strbuf_putc(sb, '"');
        for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
                switch (*p) {
                case '"': strbuf_puts(sb, "\\\""); break;
                case '\\': strbuf_puts(sb, "\\\\"); break;
                case '\n': strbuf_puts(sb, "\\n"); break;
                case '\r': strbuf_puts(sb, "\\r"); break;
                case '\t': strbuf_puts(sb, "\\t"); break;
                default:
                        if (*p < 0x20 || *p == 0x7f)
                                strbuf_printf(sb, "\\u%04x", *p);
                        else
                                strbuf_putc(sb, (char)*p);
                }
        }
        strbuf_putc(sb, '"');
}

size_t sc_utf8_decode(const unsigned char *p, size_t n, uint32_t *ret)
{
        static const struct {
                unsigned char mask, lead;
                size_t len;
                uint32_t min;
        } forms[] = {
                { 0xe0, 0xc0, 2, 0x80 },
                { 0xf0, 0xe0, 3, 0x800 },
                { 0xf8, 0xf0, 4, 0x10000 },
        };
        if (n == 0)
                return 0;
        if (p[0] < 0x80) {
                *ret = p[0];
                return 1;
        }
        for (size_t f = 0; f < ELEMENTSOF(forms); f++) {
                if ((p[0] & forms[f].mask) != forms[f].lead)
                        continue;
                if (n < forms[f].len)
                        return 0;
                uint32_t c = p[0] & (unsigned char)~forms[f].mask;
                for (size_t i = 1; i < forms[f].len; i++) {
                        if ((p[i] & 0xc0) != 0x80)
                                return 0;
                        c = c << 6 | (p[i] & 0x3f);
                }
                if (c < forms[f].min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
                        return 0;
                *ret = c;
                return forms[f].len;
        }
        return 0;
}

/* Code points a terminal acts on or that reorder what a reader sees. */
static bool codepoint_escaped(uint32_t c)
{
        return (c >= 0x80 && c <= 0x9f) ||       /* C1 controls (CSI, OSC) */
               c == 0x2028 || c == 0x2029 ||     /* line/paragraph separator */
               (c >= 0x202a && c <= 0x202e) ||   /* bidi embeddings/overrides */
               (c >= 0x2066 && c <= 0x2069);     /* bidi isolates */
}

void strbuf_put_escaped(struct strbuf *sb, const char *s, char quote)
{
        strbuf_put_escaped_n(sb, s, strlen(s), quote);
}

void strbuf_put_escaped_n(struct strbuf *sb, const char *s, size_t n, char quote)
{
        static const char named[][2] = { { '\n', 'n' }, { '\t', 't' },
                                         { '\r', 'r' } };
        const unsigned char *p = (const unsigned char *)s;

        if (!sb->buf)
                strbuf_puts(sb, "");
        for (size_t i = 0; i < n;) {
                unsigned char c = p[i];
                bool done = false;
                for (size_t k = 0; k < ELEMENTSOF(named) && !done; k++)
                        if (c == (unsigned char)named[k][0]) {
                                strbuf_putc(sb, '\\');
                                strbuf_putc(sb, named[k][1]);
                                done = true;
                        }
                if (!done && quote && (c == (unsigned char)quote || c == '\\')) {
                        strbuf_putc(sb, '\\');
                        strbuf_putc(sb, (char)c);
                        done = true;
                }
                if (done) {
                        i++;
                        continue;
                }
                if (c >= 0x20 && c < 0x7f) {
                        strbuf_putc(sb, (char)c);
                        i++;
                        continue;
                }
                uint32_t cp;
                size_t len = c >= 0x80 ? sc_utf8_decode(p + i, n - i, &cp) : 0;
                if (len == 0) {
                        strbuf_printf(sb, "\\x%02x", c);
                        i++;
                } else if (codepoint_escaped(cp)) {
                        strbuf_printf(sb, "\\u%04x", (unsigned)cp);
                        i += len;
                } else {
                        strbuf_append(sb, s + i, len);
                        i += len;
                }
        }
}

void strbuf_put_quoted_n(struct strbuf *sb, const char *s, size_t n)
{
        strbuf_putc(sb, '"');
        strbuf_put_escaped_n(sb, s, n, '"');
        strbuf_putc(sb, '"');
}

void strbuf_put_quoted(struct strbuf *sb, const char *s)
{
        strbuf_put_quoted_n(sb, s, strlen(s));
}

char *sc_escape(const char *s)
{
        struct strbuf sb = { 0 };
        strbuf_put_escaped(&sb, s ? s : "", '"');
        return strbuf_steal(&sb);
}

char *sc_quote(const char *s)
{
        struct strbuf sb = { 0 };
        strbuf_put_quoted(&sb, s ? s : "");
        return strbuf_steal(&sb);
}

char *strbuf_steal(struct strbuf *sb)
{
        char *p = sb->buf ? sb->buf : xstrdup("");
        *sb = (struct strbuf){ 0 };
        return p;
}

void strbuf_clear(struct strbuf *sb)
{
        free(sb->buf);
        *sb = (struct strbuf){ 0 };
}

void strv_push(struct strv *v, char *s)
{
        GROW(v->items, v->n, v->alloc);
        v->items[v->n++] = s;
}

void strv_add(struct strv *v, const char *s)
{
        strv_push(v, xstrdup(s));
}

bool strv_contains(const struct strv *v, const char *s)
{
        for (size_t i = 0; i < v->n; i++)
                if (streq(v->items[i], s))
                        return true;
        return false;
}

void strv_add_unique(struct strv *v, const char *s)
{
        if (!strv_contains(v, s))
                strv_add(v, s);
}

static int strv_cmp(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort(struct strv *v)
{
        if (v->n > 1)
                qsort(v->items, v->n, sizeof(char *), strv_cmp);
}

void strv_clear(struct strv *v)
{
        if (!v)
                return;
        for (size_t i = 0; i < v->n; i++)
                free(v->items[i]);
        free(v->items);
        *v = (struct strv){ 0 };
}

bool strcaseeq(const char *a, const char *b)
{
        return strcasecmp(a, b) == 0;
}

bool startswith(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool endswith(const char *s, const char *suffix)
{
        size_t a = strlen(s), b = strlen(suffix);
        return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool path_next_component(const char *path, size_t *pos, size_t *ret_start,
                         size_t *ret_len)
{
        size_t i = *pos;
        while (path[i] == '/')
                i++;
        if (!path[i]) {
                *pos = i;
                return false;
        }
        size_t start = i;
        while (path[i] && path[i] != '/')
                i++;
        *ret_start = start;
        *ret_len = i - start;
        *pos = i;
        return true;
}

bool path_component_is_dot(const char *s, size_t n)
{
        return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

int parse_u64(const char *s, bool allow_hex, uint64_t *ret)
{
        unsigned base = 10;
        uint64_t v = 0;

        if (allow_hex && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                base = 16;
                s += 2;
        }
        if (!*s)
                return -EINVAL;
        for (; *s; s++) {
                unsigned d;
                if (*s >= '0' && *s <= '9')
                        d = (unsigned)(*s - '0');
                else if (base == 16 && *s >= 'a' && *s <= 'f')
                        d = (unsigned)(*s - 'a' + 10);
                else if (base == 16 && *s >= 'A' && *s <= 'F')
                        d = (unsigned)(*s - 'A' + 10);
                else
                        return -EINVAL;
                if (v > (UINT64_MAX - d) / base)
                        return -ERANGE;
                v = v * base + d;
        }
        *ret = v;
        return 0;
}
