/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writing YAML for export (SPO SeccompProfile resources, ConfigMaps,
 * securityContext snippets).  One quoting rule for every string: plain
 * when a YAML 1.1 or 1.2 reader (kubectl's sigs.k8s.io/yaml, libyaml,
 * PyYAML) reads it back as the same string, double-quoted otherwise.  The
 * 1.1 booleans (yes/no/on/off/y/n) matter: Kubernetes' YAML reader still
 * treats "on" as true.
 */
#include "kube.h"

#include <strings.h>

static bool looks_like_non_string(const char *s)
{
        static const char *const words[] = {
                "null", "~", "true", "false", "yes", "no", "on", "off",
                "y", "n", ".inf", "-.inf", "+.inf", ".nan", "<<", "=",
        };
        for (size_t i = 0; i < ELEMENTSOF(words); i++)
                if (strcaseeq(s, words[i]))
                        return true;
        /* Anything starting like a number (ints, floats, 0x, 0o, 1e3,
         * 1_000, sexagesimal 1:20) is quoted rather than second-guessed. */
        const char *p = s;
        if (*p == '+' || *p == '-' || *p == '.')
                p++;
        return *p >= '0' && *p <= '9';
}

/* The UTF-8 sequence at s (before end): its length, -1 when invalid. */
static int utf8_next(const unsigned char *s, const unsigned char *end, uint32_t *ret)
{
        size_t k = sc_utf8_decode(s, (size_t)(end - s), ret);
        return k ? (int)k : -1;
}

/* YAML's c-printable minus the line breaks it folds (NEL, LS, PS) and the
 * BOM: what may appear literally in a plain or quoted scalar. */
static bool yaml_literal_ok(uint32_t c)
{
        if (c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff)
                return false;
        return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) ||
               (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

static bool plain_ok(const char *s)
{
        size_t n = strlen(s);
        if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
                return false;
        if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
                return false;
        if (looks_like_non_string(s))
                return false;
        const unsigned char *end = (const unsigned char *)s + n;
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
                uint32_t c;
                int k = utf8_next(p, end, &c);
                if (k <= 0 || !yaml_literal_ok(c))
                        return false;
                if (*p == ':' && (p[1] == ' ' || p[1] == 0))
                        return false;
                if (*p == '#' && p > (const unsigned char *)s && p[-1] == ' ')
                        return false;
                /* Flow indicators would end a plain scalar inside {} or []:
                 * quote them so the text is safe in any context. */
                if (strchr(",[]{}", *p))
                        return false;
                p += k;
        }
        return true;
}

void kube_yaml_scalar(struct strbuf *sb, const char *s)
{
        if (plain_ok(s)) {
                strbuf_puts(sb, s);
                return;
        }
        strbuf_putc(sb, '"');
        const unsigned char *end = (const unsigned char *)s + strlen(s);
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
                uint32_t c;
                int k = utf8_next(p, end, &c);
                if (k < 0) {
                        /* Not UTF-8: YAML cannot carry the byte itself;
                         * \xNN is the closest (the code point U+00NN). */
                        strbuf_printf(sb, "\\x%02X", *p);
                        p++;
                        continue;
                }
                switch (c) {
                case '"':
                        strbuf_puts(sb, "\\\"");
                        break;
                case '\\':
                        strbuf_puts(sb, "\\\\");
                        break;
                case '\n':
                        strbuf_puts(sb, "\\n");
                        break;
                case '\t':
                        strbuf_puts(sb, "\\t");
                        break;
                case '\r':
                        strbuf_puts(sb, "\\r");
                        break;
                default:
                        if (yaml_literal_ok(c))
                                strbuf_append(sb, (const char *)p, (size_t)k);
                        else if (c < 0x100)
                                strbuf_printf(sb, "\\x%02X", c);
                        else if (c < 0x10000)
                                strbuf_printf(sb, "\\u%04X", c);
                        else
                                strbuf_printf(sb, "\\U%08X", c);
                }
                p += k;
        }
        strbuf_putc(sb, '"');
}

static void indent_to(struct strbuf *sb, unsigned indent)
{
        for (unsigned i = 0; i < indent; i++)
                strbuf_putc(sb, ' ');
}

static void emit_scalar(struct strbuf *sb, const struct doc_node *n)
{
        switch (n->kind) {
        case DOC_NULL:
                strbuf_puts(sb, "null");
                break;
        case DOC_BOOL:
                strbuf_puts(sb, n->boolean ? "true" : "false");
                break;
        case DOC_NUMBER:
                strbuf_puts(sb, n->text);
                break;
        case DOC_STRING:
                kube_yaml_scalar(sb, n->text ? n->text : "");
                break;
        case DOC_MAP:
                strbuf_puts(sb, "{}");
                break;
        case DOC_SEQ:
                strbuf_puts(sb, "[]");
                break;
        }
}

static bool is_block(const struct doc_node *n)
{
        return (n->kind == DOC_MAP || n->kind == DOC_SEQ) && n->n > 0;
}

void kube_yaml_emit(struct strbuf *sb, const struct doc_node *n, unsigned indent)
{
        if (!is_block(n)) {
                indent_to(sb, indent);
                emit_scalar(sb, n);
                strbuf_putc(sb, '\n');
                return;
        }
        for (size_t i = 0; i < n->n; i++) {
                const struct doc_node *v = n->items[i];
                if (n->kind == DOC_MAP) {
                        indent_to(sb, indent);
                        size_t before = sb->len;
                        kube_yaml_scalar(sb, n->keys[i]->text ? n->keys[i]->text : "");
                        /* YAML limits implicit keys to 1024 characters:
                         * longer ones need the explicit "? KEY" form. */
                        if (sb->len - before > 1000) {
                                _cleanup_free_ char *key = xstrndup(sb->buf + before,
                                                                    sb->len - before);
                                sb->len = before;
                                sb->buf[before] = 0;
                                strbuf_puts(sb, "? ");
                                strbuf_puts(sb, key);
                                strbuf_putc(sb, '\n');
                                indent_to(sb, indent);
                        }
                        strbuf_putc(sb, ':');
                        if (!is_block(v)) {
                                strbuf_putc(sb, ' ');
                                emit_scalar(sb, v);
                                strbuf_putc(sb, '\n');
                        } else {
                                strbuf_putc(sb, '\n');
                                /* Kubernetes style: a sequence's dashes
                                 * line up with its key. */
                                kube_yaml_emit(sb, v,
                                               v->kind == DOC_SEQ ? indent
                                                                  : indent + 2);
                        }
                        continue;
                }
                indent_to(sb, indent);
                strbuf_puts(sb, "- ");
                if (!is_block(v)) {
                        emit_scalar(sb, v);
                        strbuf_putc(sb, '\n');
                        continue;
                }
                /* Emit the item at indent+2, then drop its first line's
                 * indentation: it continues after the dash. */
                struct strbuf tmp = {};
                kube_yaml_emit(&tmp, v, indent + 2);
                strbuf_puts(sb, tmp.buf + indent + 2);
                strbuf_clear(&tmp);
        }
}

void kube_yaml_block(struct strbuf *sb, const char *s, unsigned indent)
{
        size_t n = strlen(s), trailing = 0;
        const unsigned char *end = (const unsigned char *)s + n;
        for (const unsigned char *p = (const unsigned char *)s; *p;) {
                uint32_t c;
                int k = utf8_next(p, end, &c);
                if (k < 0 || (c != '\n' && c != '\t' && !yaml_literal_ok(c))) {
                        kube_yaml_scalar(sb, s);
                        strbuf_putc(sb, '\n');
                        return;
                }
                p += k;
        }
        while (trailing < n && s[n - 1 - trailing] == '\n')
                trailing++;
        /* Empty, only newlines, or a first line starting with a space
         * (which would need an indentation indicator): quote instead. */
        if (trailing == n || s[0] == ' ') {
                kube_yaml_scalar(sb, s);
                strbuf_putc(sb, '\n');
                return;
        }
        strbuf_putc(sb, '|');
        strbuf_puts(sb, trailing == 0 ? "-" : trailing == 1 ? "" : "+");
        strbuf_putc(sb, '\n');
        const char *line = s;
        size_t body = n - trailing;
        while (line < s + body) {
                const char *nl = memchr(line, '\n', (size_t)(s + body - line));
                size_t len = nl ? (size_t)(nl - line) : (size_t)(s + body - line);
                if (len)
                        indent_to(sb, indent ? indent : 1);
                strbuf_append(sb, line, len);
                strbuf_putc(sb, '\n');
                line += len + 1;
        }
        for (size_t i = 1; i < trailing; i++)
                strbuf_putc(sb, '\n');
}
