/* SPDX-License-Identifier: Apache-2.0 */
/* The one YAML quoting helper: every string reads back as itself through
 * our own YAML reader (libyaml), and whole trees survive emit + parse. */
#include "kube.h"
#include "test.h"

static const char *const tricky[] = {
        "plain", "SCMP_ACT_ERRNO", "profiles/audit.json", "", " lead", "trail ",
        "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "~", "NULL",
        "123", "-1", "+1", "0x1f", "1e3", ".5", ".inf", "-.inf", ".NaN", "1:20",
        "- dash", "-dash", "? q", ":colon", "a: b", "a:b", "ends:", "a #c", "a#c",
        "#c", "[x]", "{x}", "a,b", "!tag", "&anchor", "*alias", "|", ">", "'",
        "\"", "%dir", "@at", "`tick", "line\nbreak", "tab\there", "cr\rx",
        "nul\x01", "back\\slash", "<<", "=", "ünïcødé", "日本語",
        "container.seccomp.security.alpha.kubernetes.io/nginx",
        /* YAML folds NEL, LS and PS as line breaks; C1 controls and BOM
         * are not printable: all must be escaped. */
        "nel\xc2\x85x", "ls\xe2\x80\xa8x", "ps\xe2\x80\xa9x", "bom\xef\xbb\xbfx",
        "c1\xc2\x9bx", "astral \xf0\x9f\x98\x80",
};

static void test_scalars_round_trip(void)
{
        for (size_t i = 0; i < ELEMENTSOF(tricky); i++) {
                struct strbuf sb = {};
                strbuf_puts(&sb, "k: ");
                kube_yaml_scalar(&sb, tricky[i]);
                strbuf_puts(&sb, "\nl: [");
                kube_yaml_scalar(&sb, tricky[i]);
                strbuf_puts(&sb, "]\n");
                struct sc_diags d = {};
                struct doc_stream s = {};
                int r = doc_parse(sb.buf, sb.len, "t.yaml", DOC_YAML, NULL, &d, &s);
                EXPECT_TRUE(r >= 0 && s.n == 1, "%zu: cannot parse: %s", i, sb.buf);
                if (r >= 0 && s.n == 1) {
                        const struct doc_node *k = doc_get(s.docs[0], "k");
                        const struct doc_node *l = doc_get(s.docs[0], "l");
                        EXPECT_TRUE(k && k->kind == DOC_STRING && streq(k->text, tricky[i]),
                                    "%zu: %s read back as %s (%s)", i, sb.buf,
                                    k && k->text ? k->text : "(null)",
                                    k ? doc_kind_name(k->kind) : "-");
                        EXPECT_TRUE(l && l->kind == DOC_SEQ && l->n == 1 &&
                                            l->items[0]->kind == DOC_STRING &&
                                            streq(l->items[0]->text, tricky[i]),
                                    "%zu: in flow sequence: %s", i, sb.buf);
                }
                doc_stream_clear(&s);
                sc_diags_clear(&d);
                strbuf_clear(&sb);
        }
}

static void test_plain_when_safe(void)
{
        static const struct {
                const char *in, *out;
        } t[] = {
                { "SCMP_ACT_ALLOW", "SCMP_ACT_ALLOW" },
                { "profiles/audit.json", "profiles/audit.json" },
                { "yes", "\"yes\"" },
                { "1.27", "\"1.27\"" },
                { "a: b", "\"a: b\"" },
                { "x\n", "\"x\\n\"" },
        };
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                struct strbuf sb = {};
                kube_yaml_scalar(&sb, t[i].in);
                EXPECT_TRUE(streq(sb.buf, t[i].out), "%s -> %s", t[i].in, sb.buf);
                strbuf_clear(&sb);
        }
}

static char *to_json(const struct doc_node *n)
{
        struct strbuf sb = {};
        doc_to_json(n, &sb);
        return strbuf_steal(&sb);
}

static void test_tree_round_trip(void)
{
        static const char *const docs[] = {
                "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
                "[\"SCMP_ARCH_X86_64\"], \"syscalls\": [{\"names\": [\"read\", "
                "\"yes\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, "
                "\"value\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}, "
                "{\"names\": [], \"action\": \"SCMP_ACT_LOG\", \"args\": []}], "
                "\"flags\": [], \"x\": {}, \"n\": null, \"b\": true}",
                "[[1, [2, {\"a\": [3]}]], {\"k\": {\"l\": {\"m\": \"deep\"}}}, \"\"]",
        };
        for (size_t i = 0; i < ELEMENTSOF(docs); i++) {
                struct sc_diags d = {};
                struct doc_stream a = {}, b = {};
                ASSERT_TRUE(doc_parse(docs[i], strlen(docs[i]), "a.json", DOC_JSON,
                                      NULL, &d, &a) >= 0);
                struct strbuf y = {};
                kube_yaml_emit(&y, a.docs[0], 0);
                int r = doc_parse(y.buf, y.len, "b.yaml", DOC_YAML, NULL, &d, &b);
                EXPECT_TRUE(r >= 0, "%zu: emitted YAML does not parse:\n%s", i, y.buf);
                if (r >= 0) {
                        _cleanup_free_ char *ja = to_json(a.docs[0]);
                        _cleanup_free_ char *jb = to_json(b.docs[0]);
                        EXPECT_TRUE(streq(ja, jb), "%zu:\n  %s\n  %s\nYAML:\n%s", i, ja,
                                    jb, y.buf);
                }
                strbuf_clear(&y);
                doc_stream_clear(&a);
                doc_stream_clear(&b);
                sc_diags_clear(&d);
        }
}

static void test_block_scalars(void)
{
        static const char *const texts[] = {
                "{\n    \"defaultAction\": \"SCMP_ACT_LOG\"\n}",
                "{\n  \"a\": 1\n}\n",
                "two trailing\n\n",
                "  leading spaces",
                "\n",
                "",
                "ctl\x01",
                "a\n\n\nb",
                "{\n  \"k\": \"ps\xe2\x80\xa9x\"\n}",
                "crlf\r\nline",
        };
        for (size_t i = 0; i < ELEMENTSOF(texts); i++) {
                struct strbuf sb = {};
                strbuf_puts(&sb, "data:\n  k: ");
                kube_yaml_block(&sb, texts[i], 4);
                strbuf_puts(&sb, "  after: 1\n");
                struct sc_diags d = {};
                struct doc_stream s = {};
                int r = doc_parse(sb.buf, sb.len, "t.yaml", DOC_YAML, NULL, &d, &s);
                EXPECT_TRUE(r >= 0, "%zu: does not parse:\n%s", i, sb.buf);
                if (r >= 0) {
                        const struct doc_node *k = doc_get_path(s.docs[0], "data.k");
                        EXPECT_TRUE(k && k->text && streq(k->text, texts[i]),
                                    "%zu: read back as [%s]\n%s", i,
                                    k && k->text ? k->text : "(null)", sb.buf);
                        EXPECT_TRUE(doc_get_path(s.docs[0], "data.after"),
                                    "%zu: block swallowed the next key", i);
                }
                doc_stream_clear(&s);
                sc_diags_clear(&d);
                strbuf_clear(&sb);
        }
}

int main(void)
{
        RUN(test_scalars_round_trip);
        RUN(test_plain_when_safe);
        RUN(test_tree_round_trip);
        RUN(test_block_scalars);
        return test_exit();
}
