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
                strbuf_clear(&sb);
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

/* The quoted forms are the same escape with quotes around it; the
 * counted one shows NULs (a manifest's "RuntimeDefault\0junk"). */
static void test_quote_is_the_escape(void)
{
        struct strbuf sb = {};
        strbuf_put_quoted(&sb, "a\x1b\"\xc2\x9b");
        ASSERT_STREQ(sb.buf, "\"a\\x1b\\\"\\u009b\"");
        strbuf_clear(&sb);
        _cleanup_free_ char *e = sc_escape("a\x1b\"\xc2\x9b");
        ASSERT_STREQ(e, "a\\x1b\\\"\\u009b");
        _cleanup_free_ char *q = sc_quote("a\x1b\"\xc2\x9b");
        ASSERT_STREQ(q, "\"a\\x1b\\\"\\u009b\"");
        strbuf_put_quoted_n(&sb, "Runtime\0junk\0", 13);
        ASSERT_STREQ(sb.buf, "\"Runtime\\x00junk\\x00\"");
        strbuf_clear(&sb);
}

static void test_utf8_decode(void)
{
        static const struct {
                const char *in;
                size_t n, len;
                uint32_t cp;
        } utf8[] = {
                { "A", 1, 1, 'A' },
                { "", 1, 1, 0 },                  /* NUL, counted */
                { "\xc2\x9b", 2, 2, 0x9b },
                { "\xe2\x80\xae", 3, 3, 0x202e },
                { "\xf0\x9f\x98\x80", 4, 4, 0x1f600 },
                { "\xe2\x80", 2, 0, 0 },          /* cut short */
                { "\xc0\xaf", 2, 0, 0 },          /* overlong */
                { "\xed\xa0\x80", 3, 0, 0 },      /* surrogate */
                { "\xf4\x90\x80\x80", 4, 0, 0 },  /* past U+10FFFF */
                { "\x80", 1, 0, 0 },              /* continuation byte */
                { "A", 0, 0, 0 },                 /* nothing to read */
        };
        for (size_t i = 0; i < ELEMENTSOF(utf8); i++) {
                uint32_t cp = 0;
                size_t len = sc_utf8_decode((const unsigned char *)utf8[i].in,
                                            utf8[i].n, &cp);
                EXPECT_TRUE(len == utf8[i].len, "case %zu: length %zu", i, len);
                EXPECT_TRUE(!len || cp == utf8[i].cp, "case %zu: U+%04x", i, cp);
        }
}

int main(void)
{
        RUN(test_table);
        RUN(test_every_byte);
        RUN(test_quote_is_the_escape);
        RUN(test_utf8_decode);
        return test_exit();
}
