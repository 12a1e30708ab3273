/* SPDX-License-Identifier: Apache-2.0 */
/* The fast JSON path (doc-json.c) against the full one (json-c, then
 * libyaml): which inputs it takes, that what it takes is the same tree
 * with the same positions, and that doc_parse()'s result and messages are
 * the full path's for every input, taken or not. */
#include "doc.h"
#include "test.h"

/* All diagnostics, one per line. */
static char *diag_text(const struct sc_diags *d)
{
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "");
        for (size_t i = 0; i < d->n; i++) {
                char *s = sc_diag_format(&d->items[i]);
                strbuf_printf(&sb, "%s\n", s);
                free(s);
        }
        return strbuf_steal(&sb);
}

static const struct {
        const char *json;
        bool fast; /* taken by the fast path */
} cases[] = {
        { "{}", true },
        { "[]", true },
        { "{\"a\":{},\"b\":[],\"c\":[{}]}\n", true },
        { "{\n\t\"a\":\t[\t1,\t2\t]\n}\n", true },
        { "[0,-0,1.5,-1.5e10,1E5,1e+5,18446744073709551616,1e999]", true },
        { "[true,false,null]", true },
        { "{\"s\":\"a\\\"b\\\\c\\/d\\be\\ff\\ng\\rh\\ti\"}", true },
        { "{\"s\":\"\\u0041\\u00e9\\u20ac\\uffff\\u2028\"}", true },
        { "{\"a\"     :    1}", true },
        { "{\"a\":\n1}", true },
        { "{\"a\":1\n,\"b\":2}", true },
        { "[\n\"---\",\n\"...\",\n1\n]", true },
        /* the full path's to read: */
        { "{\"s\":\"a\\u0000b\"}", false },      /* NUL in a C string */
        { "{\"s\":\"\\ud83d\\ude00\"}", false }, /* surrogates */
        { "{\"s\":\"\xc3\xa9\"}", false },         /* beyond ASCII */
        { "{\"s\":\"a\tb\"}", false },            /* raw control character */
        { "{\r\n\"a\": 1\r\n}\r\n", false },      /* CR */
        { "{}\t", false },                        /* tab outside a container */
        { "12", false },                          /* a scalar at the top */
        /* ...and to refuse, with its messages: */
        { "\t{}", false },
        { "{\"a\"\n:1}", false }, /* YAML: a key's ':' on its line */
        { "{\"a\":1,\"a\":2}", false },
        { "{\"a\":1,}", false },
        { "{} {}", false },
        { "[01]", false },
        { "[1 2]", false },
        { "{'a':1}", false },
        { "{a:1}", false },
        { "[NaN]", false },
        { "{\"s\":\"\\x41\"}", false },
        { "\xef\xbb\xbf{}", false },
        { "[", false },
        { "", false },
};

static void test_fast_matches_full(void)
{
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                const char *in = cases[i].json;
                size_t len = strlen(in);
                struct doc_node *fast = NULL;
                struct arena arena = { 0 };
                struct doc_limits full = { .full_json_path = true };
                struct sc_diags d1 = { .max = 10 }, d2 = { .max = 10 };
                struct doc_stream s1 = { 0 }, s2 = { 0 };

                bool took = doc_json_fast(in, len, NULL, &arena, &fast);
                EXPECT_TRUE(took == cases[i].fast, "case %zu (%s): fast path %s it", i, in,
                            took ? "took" : "declined");
                int r1 = doc_parse(in, len, "t.json", DOC_JSON, NULL, &d1, &s1);
                int r2 = doc_parse(in, len, "t.json", DOC_JSON, &full, &d2, &s2);
                _cleanup_free_ char *m1 = diag_text(&d1);
                _cleanup_free_ char *m2 = diag_text(&d2);
                EXPECT_TRUE(r1 == r2 && streq(m1, m2), "case %zu (%s): %d '%s' vs %d '%s'", i,
                            in, r1, m1, r2, m2);
                EXPECT_TRUE(r1 < 0 || (s1.n == 1 && s2.n == 1 && doc_node_equal(s1.docs[0], s2.docs[0])),
                            "case %zu (%s): trees differ", i, in);
                EXPECT_TRUE(!took || (r2 == 0 && doc_node_equal(fast, s2.docs[0])),
                            "case %zu (%s): the fast tree differs", i, in);
                /* either path's tree is its stream's arena's */
                EXPECT_TRUE(r1 < 0 || s1.docs[0]->in_arena, "case %zu (%s): in_arena", i, in);
                EXPECT_TRUE(r2 < 0 || s2.docs[0]->in_arena, "case %zu (%s): in_arena", i, in);
                arena_clear(&arena);
                doc_stream_clear(&s1);
                doc_stream_clear(&s2);
                sc_diags_clear(&d1);
                sc_diags_clear(&d2);
        }
}

/* The real profiles take the fast path, tree for tree the full path's. */
static void test_fixtures_fast(void)
{
        static const char *const files[] = {
                "runtime-default/moby-default.json",
                "runtime-default/containers-common.json",
                "runtime-default/moby-default-resolved-x86_64.json",
                "k8s/profiles/fine-grained.json",
        };
        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_free_ char *path = test_fixture_path(files[i]);
                size_t len;
                _cleanup_free_ char *buf = test_read_file(path, &len);
                struct doc_node *fast = NULL;
                struct arena arena = { 0 };
                struct doc_limits full = { .full_json_path = true };
                struct sc_diags d = { .max = 10 };
                struct doc_stream s = { 0 };
                ASSERT_TRUE(doc_json_fast(buf, len, NULL, &arena, &fast));
                ASSERT_EQ(doc_parse(buf, len, path, DOC_JSON, &full, &d, &s), 0);
                EXPECT_TRUE(doc_node_equal(fast, s.docs[0]), "%s: trees differ", files[i]);
                arena_clear(&arena);
                doc_stream_clear(&s);
        }
}

/* Positions are libyaml's: a string at its quote, a container at its
 * bracket, tabs one column each. */
static void test_positions(void)
{
        const char *in = "{\n\t\"names\": [ \"read\",\n\t\t\"write\" ],\n  \"n\": 12 }";
        struct doc_node *root = NULL;
        struct arena arena = { 0 };
        ASSERT_TRUE(doc_json_fast(in, strlen(in), NULL, &arena, &root));
        const struct doc_node *names = doc_get(root, "names");
        ASSERT_EQ(root->keys[0]->pos.line, 2);
        ASSERT_EQ(root->keys[0]->pos.col, 2);
        ASSERT_EQ(names->pos.col, 11);
        ASSERT_EQ(names->items[0]->pos.col, 13);
        ASSERT_EQ(names->items[1]->pos.line, 3);
        ASSERT_EQ(names->items[1]->pos.col, 3);
        ASSERT_EQ(doc_get(root, "n")->pos.line, 4);
        ASSERT_EQ(doc_get(root, "n")->pos.col, 8);
        arena_clear(&arena);
}

int main(void)
{
        RUN(test_fast_matches_full);
        RUN(test_fixtures_fast);
        RUN(test_positions);
        return test_exit();
}
