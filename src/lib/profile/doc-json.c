/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fast path for JSON documents: one pass over the text that builds
 * the same tree, positions included, that json-c's validation followed by
 * libyaml's reading (doc.c) builds, for the plain JSON real profiles are
 * made of.  Those two passes were most of the time `seccompctl compile`
 * spent before the compiler (BENCHMARKS.md, start-up).
 *
 * It only ever says "here is the tree" or "not mine": anything it is not
 * sure to read exactly as the full path does (every error, bytes outside
 * printable ASCII, CR, tabs outside a container, surrogate or NUL escapes,
 * a key whose ':' is on another line or far away, which YAML reads
 * differently, documents near the limits) goes to the full path, which
 * then gives the same result or the same error message as it always did.
 * fuzz/fuzz-doc-json.c checks that whatever this accepts, the full path
 * accepts as the same tree.
 *
 * Positions are libyaml's: line and column of the token's first byte
 * (the quote of a string, the bracket of a container), counted in bytes,
 * which is libyaml's count of characters for ASCII.
 */
#include "doc.h"

/* libyaml forgets a possible simple key more than 1024 characters before
 * its ':'; stay well inside. */
#define MAX_KEY_SPAN 1000
/* json_prescan's limit on objects and arrays (doc.c). */
#define MAX_CONTAINERS (64U * 1024U)

struct fast {
        const char *p, *end, *line_start;
        uint32_t line;
        size_t depth, max_depth, nodes, max_nodes, containers;
};

static struct sc_pos fast_pos(const struct fast *f)
{
        return (struct sc_pos){ f->line, (uint32_t)(f->p - f->line_start) + 1 };
}

/* Spaces and newlines; tabs only inside a container, where libyaml's
 * flow context takes them (at the top level it refuses a tab that could
 * start a line). */
static void skip_space(struct fast *f)
{
        for (; f->p < f->end; f->p++) {
                if (*f->p == '\n') {
                        f->line++;
                        f->line_start = f->p + 1;
                } else if (*f->p != ' ' && !(*f->p == '\t' && f->depth > 0))
                        return;
        }
}

static struct doc_node *new_node(struct fast *f, enum doc_kind kind)
{
        if (++f->nodes >= f->max_nodes)
                return NULL;
        struct doc_node *n = xcalloc(1, sizeof(*n));
        n->kind = kind;
        n->pos = fast_pos(f);
        return n;
}

static int hex4(const char *s)
{
        int v = 0;
        for (int i = 0; i < 4; i++) {
                char c = s[i];
                int h = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
                if (h < 0)
                        return -1;
                v = v * 16 + h;
        }
        return v;
}

/* A string at f->p ('"'), its value UTF-8 as libyaml decodes the same
 * double-quoted scalar. */
static struct doc_node *parse_string(struct fast *f)
{
        struct doc_node *n = new_node(f, DOC_STRING);
        struct strbuf sb = { 0 };

        if (!n)
                return NULL;
        /* Most strings are plain: copy them in one piece. */
        const char *s = ++f->p;
        while (f->p < f->end && *f->p != '"' && *f->p != '\\' &&
               (unsigned char)*f->p >= 0x20 && (unsigned char)*f->p < 0x7f)
                f->p++;
        strbuf_append(&sb, s, (size_t)(f->p - s));
        for (; f->p < f->end; f->p++) {
                unsigned char c = (unsigned char)*f->p;
                if (c == '"') {
                        f->p++;
                        n->text_len = sb.len;
                        n->text = strbuf_steal(&sb);
                        return n;
                }
                if (c < 0x20 || c >= 0x7f)
                        break;
                if (c != '\\') {
                        strbuf_putc(&sb, (char)c);
                        continue;
                }
                if (f->end - f->p < 2)
                        break;
                static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
                const char *e = strchr(from, f->p[1]);
                if (e && f->p[1]) {
                        strbuf_putc(&sb, to[e - from]);
                        f->p++;
                        continue;
                }
                /* \uXXXX outside the surrogates and NUL (json_fix_surrogates
                 * and C strings treat those specially) */
                int u = f->p[1] == 'u' && f->end - f->p >= 6 ? hex4(f->p + 2) : -1;
                if (u <= 0 || (u >= 0xd800 && u <= 0xdfff))
                        break;
                if (u < 0x80) {
                        strbuf_putc(&sb, (char)u);
                } else if (u < 0x800) {
                        strbuf_putc(&sb, (char)(0xc0 | (u >> 6)));
                        strbuf_putc(&sb, (char)(0x80 | (u & 0x3f)));
                } else {
                        strbuf_putc(&sb, (char)(0xe0 | (u >> 12)));
                        strbuf_putc(&sb, (char)(0x80 | ((u >> 6) & 0x3f)));
                        strbuf_putc(&sb, (char)(0x80 | (u & 0x3f)));
                }
                f->p += 5;
        }
        strbuf_clear(&sb);
        doc_node_free(n);
        return NULL;
}

static bool plain_char(char c)
{
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '+' || c == '-' || c == '.';
}

/* A JSON number or literal; the plain scalar ends where YAML's flow
 * context ends it, and must be one of JSON's. */
static struct doc_node *parse_plain(struct fast *f)
{
        const char *s = f->p;
        while (f->p < f->end && plain_char(*f->p))
                f->p++;
        if (f->p == s || (f->p < f->end && !strchr(" \t\n,]}", *f->p)))
                return NULL;
        size_t len = (size_t)(f->p - s);
        _cleanup_free_ char *text = xstrndup(s, len);
        enum doc_kind kind = streq(text, "null")                             ? DOC_NULL
                             : streq(text, "true") || streq(text, "false") ? DOC_BOOL
                             : doc_is_json_number(text)                     ? DOC_NUMBER
                                                                            : DOC_MAP;
        if (kind == DOC_MAP)
                return NULL;
        const char *at = f->p;
        f->p = s; /* the node's position */
        struct doc_node *n = new_node(f, kind);
        f->p = at;
        if (!n)
                return NULL;
        n->boolean = kind == DOC_BOOL && text[0] == 't';
        n->text = TAKE_PTR(text);
        n->text_len = len;
        return n;
}

static int cmp_text(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Any two keys equal as C strings (the full path's test)?  Then the full
 * path reports it. */
static bool has_duplicate_key(const struct doc_node *map)
{
        if (map->n < 16) {
                for (size_t i = 1; i < map->n; i++)
                        for (size_t j = 0; j < i; j++)
                                if (streq(map->keys[i]->text, map->keys[j]->text))
                                        return true;
                return false;
        }
        _cleanup_free_ const char **v = xreallocarray(NULL, map->n, sizeof(*v));
        for (size_t i = 0; i < map->n; i++)
                v[i] = map->keys[i]->text;
        qsort(v, map->n, sizeof(*v), cmp_text);
        for (size_t i = 1; i < map->n; i++)
                if (streq(v[i], v[i - 1]))
                        return true;
        return false;
}

static struct doc_node *parse_value(struct fast *f);

static bool add_item(struct doc_node *c, struct doc_node *key, struct doc_node *item)
{
        if (!item) {
                doc_node_free(key);
                return false;
        }
        if (c->n == c->alloc) {
                c->alloc = c->alloc ? c->alloc * 2 : 8;
                c->items = xreallocarray(c->items, c->alloc, sizeof(*c->items));
                if (c->kind == DOC_MAP)
                        c->keys = xreallocarray(c->keys, c->alloc, sizeof(*c->keys));
        }
        if (key)
                c->keys[c->n] = key;
        c->items[c->n++] = item;
        return true;
}

/* A map entry: "key" : value, the ':' on the key's line and near it. */
static bool parse_entry(struct fast *f, struct doc_node *map)
{
        if (f->p >= f->end || *f->p != '"')
                return false;
        const char *key_at = f->p;
        uint32_t key_line = f->line;
        struct doc_node *key = parse_string(f);
        if (!key)
                return false;
        skip_space(f);
        if (f->p >= f->end || *f->p != ':' || f->line != key_line ||
            f->p - key_at > MAX_KEY_SPAN) {
                doc_node_free(key);
                return false;
        }
        f->p++;
        skip_space(f);
        return add_item(map, key, parse_value(f));
}

/* An object or array at f->p. */
static struct doc_node *parse_container(struct fast *f)
{
        bool map = *f->p == '{';
        char close = map ? '}' : ']';
        struct doc_node *c;

        if (f->depth + 2 >= f->max_depth || ++f->containers >= MAX_CONTAINERS)
                return NULL;
        c = new_node(f, map ? DOC_MAP : DOC_SEQ);
        if (!c)
                return NULL;
        f->depth++;
        f->p++;
        skip_space(f);
        if (f->p < f->end && *f->p == close)
                goto done;
        for (;;) {
                if (!(map ? parse_entry(f, c) : add_item(c, NULL, parse_value(f))))
                        goto fail;
                skip_space(f);
                if (f->p < f->end && *f->p == close)
                        break;
                if (f->p >= f->end || *f->p != ',')
                        goto fail;
                f->p++;
                skip_space(f);
        }
done:
        f->p++;
        f->depth--;
        c->alloc = c->n; /* nothing past n to free */
        if (map && has_duplicate_key(c))
                goto fail;
        return c;
fail:
        c->alloc = c->n;
        doc_node_free(c);
        return NULL;
}

static struct doc_node *parse_value(struct fast *f)
{
        if (f->p >= f->end)
                return NULL;
        if (*f->p == '{' || *f->p == '[')
                return parse_container(f);
        if (*f->p == '"')
                return parse_string(f);
        return parse_plain(f);
}

bool doc_json_fast(const char *buf, size_t len, const struct doc_limits *limits,
                   struct doc_node **ret)
{
        struct fast f = {
                .p = buf,
                .end = buf + len,
                .line_start = buf,
                .line = 1,
                .max_depth = limits && limits->max_depth ? limits->max_depth : DOC_MAX_DEPTH,
                .max_nodes = limits && limits->max_nodes ? limits->max_nodes : DOC_MAX_NODES,
        };

        skip_space(&f);
        /* a bare scalar at the top is left to the full path */
        if (f.p >= f.end || (*f.p != '{' && *f.p != '['))
                return false;
        struct doc_node *root = parse_container(&f);
        if (!root)
                return false;
        skip_space(&f);
        if (f.p != f.end) {
                doc_node_free(root);
                return false;
        }
        *ret = root;
        return true;
}

bool doc_node_equal(const struct doc_node *a, const struct doc_node *b)
{
        if (a->kind != b->kind || a->pos.line != b->pos.line || a->pos.col != b->pos.col ||
            a->boolean != b->boolean || a->merge != b->merge || a->n != b->n ||
            !a->text != !b->text || !a->keys != !b->keys ||
            (a->text && (a->text_len != b->text_len ||
                         memcmp(a->text, b->text, a->text_len + 1) != 0)))
                return false;
        for (size_t i = 0; i < a->n; i++)
                if ((a->keys && !doc_node_equal(a->keys[i], b->keys[i])) ||
                    !doc_node_equal(a->items[i], b->items[i]))
                        return false;
        return true;
}
