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
        /* Everything the tree is made of goes here: one allocation per
         * block instead of three or four per node, and one free. */
        struct arena *arena;
        /* The children of the open containers, innermost last (a map's
         * as key, value pairs); a container's are copied into an array
         * of the right size when it closes, so no array is grown. */
        struct doc_node **stack;
        size_t n_stack, stack_alloc;
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
                char c = *f->p;
                if (c == ' ' || (c == '\t' && f->depth > 0))
                        continue;
                if (c != '\n')
                        return;
                f->line++;
                f->line_start = f->p + 1;
        }
}

/* A node at f->p, its text (if any) to be set by the caller. */
static struct doc_node *new_node(struct fast *f, enum doc_kind kind)
{
        if (++f->nodes >= f->max_nodes)
                return NULL;
        struct doc_node *n = arena_alloc(f->arena, sizeof(*n));
        *n = (struct doc_node){ .kind = kind, .pos = fast_pos(f), .in_arena = true };
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

/* Printable ASCII but '"' and '\\': a string's bytes that are copied as
 * they are (a table: this test runs for every byte of every string). */
static const bool plain_string_char[256] = {
        [0x20 ... 0x21] = true, /* '"' is 0x22 */
        [0x23 ... 0x5b] = true, /* '\\' is 0x5c */
        [0x5d ... 0x7e] = true,
};

/* The value of the string s[0..len), whose escapes are all there is
 * between two quotes, into out (at most len bytes: no escape is shorter
 * than what it stands for); its length, or -1 when the full path must
 * read it. */
static ssize_t decode_escaped(const char *s, size_t len, char *out)
{
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *end = s + len;
        char *o = out;

        for (; s < end; s++) {
                unsigned char c = (unsigned char)*s;
                if (c < 0x20 || c >= 0x7f)
                        return -1;
                if (c != '\\') {
                        *o++ = (char)c;
                        continue;
                }
                if (end - s < 2)
                        return -1;
                const char *e = strchr(from, s[1]);
                if (e && s[1]) {
                        *o++ = to[e - from];
                        s++;
                        continue;
                }
                /* \uXXXX outside the surrogates and NUL (json_fix_surrogates
                 * and C strings treat those specially) */
                int u = s[1] == 'u' && end - s >= 6 ? hex4(s + 2) : -1;
                if (u <= 0 || (u >= 0xd800 && u <= 0xdfff))
                        return -1;
                if (u < 0x80) {
                        *o++ = (char)u;
                } else if (u < 0x800) {
                        *o++ = (char)(0xc0 | (u >> 6));
                        *o++ = (char)(0x80 | (u & 0x3f));
                } else {
                        *o++ = (char)(0xe0 | (u >> 12));
                        *o++ = (char)(0x80 | ((u >> 6) & 0x3f));
                        *o++ = (char)(0x80 | (u & 0x3f));
                }
                s += 5;
        }
        return o - out;
}

/* A string at f->p ('"'), its value UTF-8 as libyaml decodes the same
 * double-quoted scalar.  Most strings have no escape: their text is
 * copied in one piece. */
static struct doc_node *parse_string(struct fast *f)
{
        struct doc_node *n = new_node(f, DOC_STRING);
        if (!n)
                return NULL;
        const char *s = ++f->p;
        while (f->p < f->end && plain_string_char[(unsigned char)*f->p])
                f->p++;
        if (f->p < f->end && *f->p == '"') {
                n->text_len = (size_t)(f->p - s);
                n->text = arena_strndup(f->arena, s, n->text_len);
                f->p++;
                return n;
        }
        /* Escapes: find the closing quote (an escaped character is never
         * it), then decode what is between. */
        while (f->p < f->end && *f->p != '"')
                f->p += *f->p == '\\' ? 2 : 1;
        if (f->p >= f->end)
                return NULL;
        size_t span = (size_t)(f->p - s);
        char *text = arena_strndup(f->arena, s, span);
        ssize_t len = decode_escaped(s, span, text);
        if (len < 0)
                return NULL;
        text[len] = 0;
        n->text = text;
        n->text_len = (size_t)len;
        f->p++;
        return n;
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
        const char *at = f->p;
        f->p = s; /* the node's position */
        struct doc_node *n = new_node(f, DOC_NUMBER);
        f->p = at;
        if (!n)
                return NULL;
        n->text_len = (size_t)(at - s);
        n->text = arena_strndup(f->arena, s, n->text_len);
        if (streq(n->text, "null"))
                n->kind = DOC_NULL;
        else if (streq(n->text, "true") || streq(n->text, "false")) {
                n->kind = DOC_BOOL;
                n->boolean = n->text[0] == 't';
        } else if (!doc_is_json_number(n->text))
                return NULL;
        return n;
}

static int cmp_text(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Any two keys equal as C strings (the full path's test)?  Then the full
 * path reports it.  Texts here hold no NUL (a \u0000 is the full path's),
 * so keys of different lengths differ. */
static bool has_duplicate_key(const struct doc_node *map)
{
        if (map->n < 16) {
                for (size_t i = 1; i < map->n; i++)
                        for (size_t j = 0; j < i; j++)
                                if (map->keys[i]->text_len == map->keys[j]->text_len &&
                                    memcmp(map->keys[i]->text, map->keys[j]->text,
                                           map->keys[i]->text_len) == 0)
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

static bool push(struct fast *f, struct doc_node *n)
{
        if (!n)
                return false;
        GROW(f->stack, f->n_stack, f->stack_alloc);
        f->stack[f->n_stack++] = n;
        return true;
}

/* A map entry: "key" : value, the ':' on the key's line and near it. */
static bool parse_entry(struct fast *f)
{
        if (f->p >= f->end || *f->p != '"')
                return false;
        const char *key_at = f->p;
        uint32_t key_line = f->line;
        if (!push(f, parse_string(f)))
                return false;
        skip_space(f);
        if (f->p >= f->end || *f->p != ':' || f->line != key_line ||
            f->p - key_at > MAX_KEY_SPAN)
                return false;
        f->p++;
        skip_space(f);
        return push(f, parse_value(f));
}

/* The container's children, from the top of the stack. */
static void take_children(struct fast *f, struct doc_node *c, size_t base)
{
        size_t per = c->kind == DOC_MAP ? 2 : 1;
        c->n = c->alloc = (f->n_stack - base) / per;
        f->n_stack = base;
        if (!c->n)
                return;
        struct doc_node **v = f->stack + base;
        c->items = arena_alloc_array(f->arena, c->n, sizeof(*c->items));
        if (per == 1) {
                memcpy(c->items, v, c->n * sizeof(*v));
                return;
        }
        c->keys = arena_alloc_array(f->arena, c->n, sizeof(*c->keys));
        for (size_t i = 0; i < c->n; i++) {
                c->keys[i] = v[2 * i];
                c->items[i] = v[2 * i + 1];
        }
}

/* An object or array at f->p. */
static struct doc_node *parse_container(struct fast *f)
{
        bool map = *f->p == '{';
        char close = map ? '}' : ']';
        size_t base = f->n_stack;
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
                if (!(map ? parse_entry(f) : push(f, parse_value(f))))
                        return NULL;
                skip_space(f);
                if (f->p < f->end && *f->p == close)
                        break;
                if (f->p >= f->end || *f->p != ',')
                        return NULL;
                f->p++;
                skip_space(f);
        }
done:
        f->p++;
        f->depth--;
        take_children(f, c, base);
        if (map && has_duplicate_key(c))
                return NULL;
        return c;
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

/* The first arena block is sized from the text: Docker's default
 * profile (13 KB of indented JSON) makes 80 KB of tree, the other
 * fixtures 6 to 6.5 bytes per byte; compact JSON makes more, in more
 * blocks. */
#define TREE_BYTES_PER_TEXT_BYTE 7

bool doc_json_fast(const char *buf, size_t len, const struct doc_limits *limits,
                   struct arena *arena, struct doc_node **ret)
{
        struct fast f = {
                .p = buf,
                .end = buf + len,
                .line_start = buf,
                .line = 1,
                .max_depth = limits && limits->max_depth ? limits->max_depth : DOC_MAX_DEPTH,
                .max_nodes = limits && limits->max_nodes ? limits->max_nodes : DOC_MAX_NODES,
                .arena = arena,
        };

        skip_space(&f);
        /* a bare scalar at the top is left to the full path */
        if (f.p >= f.end || (*f.p != '{' && *f.p != '['))
                return false;
        arena_reserve(arena, len < SIZE_MAX / TREE_BYTES_PER_TEXT_BYTE
                                     ? len * TREE_BYTES_PER_TEXT_BYTE
                                     : SIZE_MAX);
        struct doc_node *root = parse_container(&f);
        free(f.stack);
        if (!root)
                return false;
        skip_space(&f);
        if (f.p != f.end)
                return false;
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
