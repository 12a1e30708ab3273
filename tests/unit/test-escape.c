/* SPDX-License-Identifier: Apache-2.0 */
/* The one terminal escape (strbuf_put_escaped): every byte a workload,
 * manifest or file chose goes through it before a terminal sees it. */
#include "kube.h"
#include "test.h"
#include "util.h"

static const struct {
        const char *what, *in;
        char quote;
        const char *out;
} cases[] = {
        { "plain", "http-echo", '"', "http-echo" },
        { "named controls", "a\nb\tc\rd", 0, "a\\nb\\tc\\rd" },
        { "ESC, BEL, DEL", "\x1b]0;x\x07\x7f", 0, "\\x1b]0;x\\x07\\x7f" },
        { "backslash, quoted", "a\\b", '"', "a\\\\b" },
        { "backslash, a whole line (no double escape)", "a\\x1b", 0, "a\\x1b" },
        { "quote when asked", "a\"b", '"', "a\\\"b" },
        { "quote left alone", "a\"b", 0, "a\"b" },
        { "UTF-8 kept", "caf\xc3\xa9 \xe6\x97\xa5", '"', "caf\xc3\xa9 \xe6\x97\xa5" },
        { "C1 CSI (U+009B)", "a\xc2\x9b" "2J", 0, "a\\u009b2J" },
        { "C1 NEL (U+0085)", "\xc2\x85", 0, "\\u0085" },
        { "bidi override", "ab\xe2\x80\xae" "cd", 0, "ab\\u202ecd" },
        { "bidi isolate", "\xe2\x81\xa6", 0, "\\u2066" },
        { "line separator", "\xe2\x80\xa8", 0, "\\u2028" },
        { "raw 8-bit CSI", "\x9b" "2J", 0, "\\x9b2J" },
        { "invalid lead", "\xff\xfe", 0, "\\xff\\xfe" },
        { "truncated sequence", "\xe6\x97", 0, "\\xe6\\x97" },
        { "overlong NUL", "\xc0\x80", 0, "\\xc0\\x80" },
        { "overlong slash", "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf" },
        { "surrogate", "\xed\xa0\x80", 0, "\\xed\\xa0\\x80" },
        { "past U+10FFFF", "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80" },
        { "4-byte emoji kept", "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },
        { "empty", "", 0, "" },
};

static void test_table(void)
{
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
                struct strbuf sb = {};
                strbuf_put_escaped(&sb, cases[i].in, cases[i].quote);
                EXPECT_TRUE(sb.buf && strcmp(sb.buf, cases[i].out) == 0,
                            "%s: got '%s', expected '%s'", cases[i].what,
                            sb.buf ? sb.buf : "(null)", cases[i].out);
                strbuf_free(&sb);
        }
}

/* Every output byte is printable ASCII or part of kept UTF-8 text: no
 * input byte value survives as a control. */
static void test_every_byte(void)
{
        for (unsigned c = 1; c < 256; c++) {
                char in[2] = { (char)c, 0 };
                _cleanup_free_ char *out = sc_escape(in);
                for (const unsigned char *p = (const unsigned char *)out; *p; p++)
                        EXPECT_TRUE(*p >= 0x20 && *p < 0x7f, "byte 0x%02x gave 0x%02x", c, *p);
        }
}

/* kube_go_quote and sc_escape are the same escape. */
static void test_go_quote_is_the_escape(void)
{
        struct strbuf sb = {};
        kube_go_quote(&sb, "a\x1b\"\xc2\x9b");
        ASSERT_STREQ(sb.buf, "\"a\\x1b\\\"\\u009b\"");
        strbuf_free(&sb);
        _cleanup_free_ char *e = sc_escape("a\x1b\"\xc2\x9b");
        ASSERT_STREQ(e, "a\\x1b\\\"\\u009b");
}

int main(void)
{
        RUN(test_table);
        RUN(test_every_byte);
        RUN(test_go_quote_is_the_escape);
        return test_exit();
}
