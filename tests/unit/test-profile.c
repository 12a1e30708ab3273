/* SPDX-License-Identifier: Apache-2.0 */
/* Table-driven tests of the document reader, profile parser, resolver,
 * validator and normaliser. */
#include "profile.h"
#include "test.h"

struct parse_case {
        const char *name;
        const char *text;
        enum doc_format format;
        int ok;                 /* 1: parses, 0: refused */
        const char *message;    /* substring of the first diagnostic */
        const char *position;   /* "LINE:COL" of the first diagnostic */
};

static const struct parse_case parse_cases[] = {
        { "minimal", "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", DOC_JSON, 1, NULL, NULL },
        { "u64 max",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
          "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":18446744073709551615,"
          "\"op\":\"SCMP_CMP_EQ\"}]}]}",
          DOC_JSON, 1, NULL, NULL },
        { "u64 overflow",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],"
          "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":99999999999999999999,"
          "\"op\":\"SCMP_CMP_EQ\"}]}]}",
          DOC_JSON, 0, "out of range", "1:118" },
        { "float value",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1.5}", DOC_JSON, 0,
          "expected a non-negative integer, got 1.5", "1:53" },
        { "string number",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":\"1\"}", DOC_JSON, 0,
          "expected a non-negative integer, got string", NULL },
        { "not an object", "[1,2]", DOC_JSON, 0, "expected a JSON object", "1:1" },
        { "comment is JSON error", "{\"defaultAction\":\"SCMP_ACT_ALLOW\"} // x", DOC_JSON, 0,
          "invalid JSON", "1:36" },
        { "single quotes", "{'defaultAction':'SCMP_ACT_ALLOW'}", DOC_JSON, 0,
          "invalid JSON", NULL },
        { "short single quotes", "{'a':1}", DOC_JSON, 0, "strings need double quotes", "1:2" },
        { "leading zero", "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"defaultErrnoRet\":01}",
          DOC_JSON, 0, "invalid JSON", "1:55" },
        { "bare word", "{\"defaultAction\":SCMP_ACT_ALLOW}", DOC_JSON, 0, "invalid JSON", "1:18" },
        { "surrogate pair",
          "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"listenerMetadata\":\"\\ud83d\\ude00\"}",
          DOC_JSON, 1, NULL, NULL },
        { "null is absent",
          "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"architectures\":null,\"syscalls\":null}",
          DOC_JSON, 1, NULL, NULL },
        { "config.json",
          "{\"ociVersion\":\"1.0.2\",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALOW\"}}}",
          DOC_JSON, 0, "$.linux.seccomp.defaultAction", NULL },
        { "config.json without seccomp", "{\"ociVersion\":\"1.0.2\",\"linux\":{}}", DOC_JSON, 0,
          "no \"linux.seccomp\"", NULL },
        { "spo yaml",
          "apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\n"
          "metadata:\n  name: x\nspec:\n  defaultAction: SCMP_ACT_ERRNO\n  syscalls:\n"
          "  - action: SCMP_ACT_ALLOW\n    names: [read]\n",
          DOC_YAML, 1, NULL, NULL },
        { "yaml flow with hex",
          "{defaultAction: SCMP_ACT_ERRNO, syscalls: [{names: [read], action: SCMP_ACT_ALLOW, "
          "args: [{index: 0, value: 0x10, op: SCMP_CMP_EQ}]}]}",
          DOC_YAML, 1, NULL, NULL },
        /* Text that starts with '{' is JSON, as Kubernetes' reader decides:
         * a file the runtime cannot parse is never accepted as YAML. */
        { "brace is json", "{defaultAction: SCMP_ACT_ERRNO}", DOC_AUTO, 0, "invalid JSON", NULL },
        { "trailing comma auto", "{\"defaultAction\":\"SCMP_ACT_ALLOW\",}", DOC_AUTO, 0,
          "invalid JSON", "1:35" },
        { "bom auto", "\xef\xbb\xbf{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", DOC_AUTO, 0,
          "byte order mark", "1:1" },
        { "bom json", "\xef\xbb\xbf{\"defaultAction\":\"SCMP_ACT_ALLOW\"}", DOC_JSON, 0,
          "byte order mark", "1:1" },
        { "comment auto", "{\"defaultAction\": \"SCMP_ACT_ALLOW\"} # x", DOC_AUTO, 0,
          "invalid JSON", NULL },
        { "top-level true", "true", DOC_JSON, 0, "expected a JSON object, got boolean", "1:1" },
        { "top-level number", " 12 ", DOC_AUTO, 0, "expected a JSON object, got number", NULL },
        { "yaml alias", "defaultAction: SCMP_ACT_ERRNO\nsyscalls:\n"
          "- &r {names: [read], action: SCMP_ACT_ALLOW}\n- *r\n", DOC_YAML, 1, NULL, NULL },
        { "yaml merge key", "defaultAction: SCMP_ACT_ERRNO\nsyscalls:\n"
          "- &r {names: [read], action: SCMP_ACT_ALLOW}\n- <<: *r\n  names: [write]\n",
          DOC_YAML, 1, NULL, NULL },
        { "yaml merge of a scalar", "defaultAction: SCMP_ACT_ERRNO\nx: &s 1\ny:\n  <<: *s\n",
          DOC_YAML, 0, "merge key", "4:3" },
        { "yaml unknown anchor", "defaultAction: *nope\n", DOC_YAML, 0,
          "unknown YAML anchor \"nope\"", "1:16" },
        { "yaml recursive alias", "defaultAction: SCMP_ACT_ALLOW\nx: &x [1, *x]\n", DOC_YAML, 0,
          "recursive", "2:11" },
        { "yaml anchors are per document", "a: &x 1\n---\ndefaultAction: *x\n", DOC_YAML, 0,
          "unknown YAML anchor", "3:16" },
        { "yaml only other kinds", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", DOC_YAML,
          0, "no seccomp profile found", NULL },
        { "docker name and names",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"name\":\"read\",\"names\":[\"write\"],"
          "\"action\":\"SCMP_ACT_ALLOW\"}]}",
          DOC_JSON, 0, "either \"name\" or \"names\"", NULL },
        { "containers errno names",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrno\":\"ENOSYS\",\"syscalls\":[{\"names\":"
          "[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errno\":\"EPERM\",\"errnoRet\":1}]}",
          DOC_JSON, 1, NULL, NULL },
        { "contradicting errno",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,\"defaultErrno\":\"ENOSYS\"}",
          DOC_JSON, 0, "contradicts", NULL },
        { "bad minKernel",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":"
          "\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"four\"}}]}",
          DOC_JSON, 0, "invalid kernel version", NULL },
        { "missing op",
          "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":"
          "\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1}]}]}",
          DOC_JSON, 0, "missing \"op\"", NULL },
};

static void test_parse_table(void)
{
        for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
                const struct parse_case *c = &parse_cases[i];
                struct sc_diags d = { 0 };
                struct sc_profile_set set = { 0 };
                int r = sc_profile_parse(c->text, strlen(c->text), "t.json", c->format, &d, &set);
                EXPECT_TRUE((r == 0) == (c->ok == 1), "%s: parse returned %d", c->name, r);
                if (c->message) {
                        bool found = false;
                        for (size_t k = 0; k < d.n && !found; k++) {
                                char *s = sc_diag_format(&d.items[k]);
                                found = strstr(s, c->message) != NULL;
                                if (found && c->position) {
                                        char want[32];
                                        snprintf(want, sizeof want, "t.json:%s:", c->position);
                                        EXPECT_TRUE(strncmp(s, want, strlen(want)) == 0,
                                                    "%s: position: got %s, want %s", c->name, s,
                                                    want);
                                }
                                free(s);
                        }
                        EXPECT_TRUE(found, "%s: no diagnostic contains \"%s\"", c->name,
                                    c->message);
                }
                sc_diags_clear(&d);
                sc_profile_set_clear(&set);
        }
}

static struct sc_profile *parse1(const char *text)
{
        struct sc_profile_set set = { 0 };
        if (sc_profile_parse(text, strlen(text), "t", DOC_AUTO, NULL, &set) < 0 || set.n != 1)
                abort();
        struct sc_profile *p = set.profiles[0];
        set.n = 0;
        sc_profile_set_clear(&set);
        return p;
}

static void test_values(void)
{
        struct sc_profile *p = parse1(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
                "\"flags\":[],\"syscalls\":[{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\","
                "\"args\":[{\"index\":5,\"value\":18446744073709551615,\"valueTwo\":7,"
                "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}]}");
        ASSERT_EQ(p->default_action, SC_ACT_ERRNO);
        ASSERT_EQ(p->default_errno_ret, 38);
        ASSERT_TRUE(p->has_flags);
        ASSERT_EQ(p->flags, 0);
        ASSERT_EQ(p->n_rules, 1);
        ASSERT_EQ(p->rules[0].args[0].index, 5);
        ASSERT_EQ_U64(p->rules[0].args[0].value, UINT64_MAX);
        ASSERT_EQ_U64(p->rules[0].args[0].value_two, 7);
        ASSERT_EQ(p->rules[0].args[0].op, SC_OP_MASKED_EQ);
        char *json = sc_profile_to_json(p, 0);
        ASSERT_TRUE(strstr(json, "\"value\":18446744073709551615") != NULL);
        ASSERT_TRUE(strstr(json, "\"flags\":[]") != NULL);
        free(json);
        sc_profile_free(p);

        p = parse1("{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
        ASSERT_TRUE(!p->has_flags); /* absent differs from [] (SPEC_ALLOW) */
        sc_profile_free(p);
}

static void test_actions(void)
{
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_ERRNO, 1), 0x00050001);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_KILL, 0), 0);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_KILL_PROCESS, 0), 0x80000000);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_ALLOW, 5), 0x7fff0000);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_TRACE, 7), 0x7ff00007);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_LOG, 0), 0x7ffc0000);
        ASSERT_EQ_U64(sc_action_ret(SC_ACT_NOTIFY, 0), 0x7fc00000);
        for (int a = 0; a < _SC_ACT_MAX; a++)
                ASSERT_EQ(sc_action_from_name(sc_action_name(a)), a);
        for (int o = 0; o < _SC_OP_MAX; o++)
                ASSERT_EQ(sc_op_from_name(sc_op_name(o)), o);
        char *s = sc_ret_describe(0x00050026);
        ASSERT_STREQ(s, "SCMP_ACT_ERRNO(38)");
        free(s);
        uint32_t e;
        ASSERT_EQ(sc_errno_from_name("ENOSYS", &e), 0);
        ASSERT_EQ(e, 38);
        struct sc_arg m = { .op = SC_OP_MASKED_EQ, .value = 0xf0, .value_two = 0x10 };
        ASSERT_TRUE(sc_arg_matches(&m, 0x1f));
        ASSERT_TRUE(!sc_arg_matches(&m, 0x20));
}

static size_t count_diags(const char *text, const char *needle, enum sc_compat compat)
{
        struct sc_profile *p = parse1(text);
        struct sc_diags d = { 0 };
        struct sc_validate_opts o = { .compat = compat, .target = SC_ARCH_X86_64 };
        sc_profile_validate(p, &o, &d);
        size_t n = 0;
        for (size_t i = 0; i < d.n; i++)
                n += strstr(d.items[i].message, needle) != NULL;
        sc_diags_clear(&d);
        sc_profile_free(p);
        return n;
}

static void test_validate(void)
{
        const char *empty_name = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                                 "[{\"names\":[\"\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
        ASSERT_EQ(count_diags(empty_name, "empty syscall name", SC_COMPAT_RUNC), 1);
        const char *unknown = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                              "[{\"names\":[\"no_such_call\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
        ASSERT_EQ(count_diags(unknown, "unknown syscall \"no_such_call\"", SC_COMPAT_RUNC), 1);
        const char *noop = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                           "[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1},"
                           "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}]}";
        ASSERT_EQ(count_diags(noop, "equals the default action", SC_COMPAT_RUNC), 1);
        const char *shadow = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                             "[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                             "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILL\"}]}";
        ASSERT_EQ(count_diags(shadow, "the first one wins", SC_COMPAT_RUNC), 1);
        const char *overlap = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                              "[{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
                              "[{\"index\":0,\"value\":10,\"op\":\"SCMP_CMP_LT\"}]},"
                              "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_KILL\",\"args\":"
                              "[{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_GT\"}]}]}";
        /* Under runc/crun the merged tree decides, and check names its
         * departures from the literal reading instead (test-compile's
         * test_departures); the overlap itself is said under literal. */
        ASSERT_EQ(count_diags(overlap, "conditions overlap", SC_COMPAT_LITERAL), 1);
        ASSERT_EQ(count_diags(overlap, "conditions overlap", SC_COMPAT_RUNC), 0);
        const char *disjoint = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":"
                               "[{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
                               "[{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_LT\"}]},"
                               "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_KILL\",\"args\":"
                               "[{\"index\":0,\"value\":5,\"op\":\"SCMP_CMP_GE\"}]}]}";
        ASSERT_EQ(count_diags(disjoint, "conditions overlap", SC_COMPAT_LITERAL), 0);
        const char *notify = "{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}";
        ASSERT_EQ(count_diags(notify, "cannot be the default", SC_COMPAT_RUNC), 1);

        /* Many names, a few of them in two rules (check_conflicts counts
         * names in a hash table before sorting the shared ones): each
         * shared name is reported once, a name twice in one rule never. */
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                         "{\"names\":[");
        for (int i = 0; i < 300; i++)
                strbuf_printf(&sb, "%s\"n%d\"", i ? "," : "", i);
        strbuf_puts(&sb, ",\"n5\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                         "{\"names\":[\"n299\",\"n7\",\"n150\",\"x\"],\"action\":\"SCMP_ACT_KILL\"},"
                         "{\"names\":[\"n7\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        /* n299, n7 (twice: rule 1 against rule 0, rule 2 against rule 1),
         * n150; not n5 (one rule), not n7 of rule 2 against rule 0 (same
         * action) */
        ASSERT_EQ(count_diags(sb.buf, "the first one wins", SC_COMPAT_RUNC), 4);
        strbuf_clear(&sb);
}

static void test_normalize_keeps_meaning(void)
{
        /* read: first unconditional rule (ALLOW) wins; write: the
         * unconditional KILL beats the conditional ALLOW; the ERRNO rule
         * equal to the default is skipped by runtimes, so close stays
         * ALLOW. */
        struct sc_profile *p = parse1(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":["
                "{\"names\":[\"close\"],\"action\":\"SCMP_ACT_ERRNO\"},"
                "{\"names\":[\"read\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
                "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
                "{\"names\":[\"read\",\"write\"],\"action\":\"SCMP_ACT_KILL\"},"
                "{\"names\":[\"exit\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        struct sc_profile *n = sc_profile_normalize(p);
        char *json = sc_profile_to_json(n, 0);
        ASSERT_STREQ(json,
                     "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,\"syscalls\":["
                     "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_KILL\"},"
                     "{\"names\":[\"close\",\"exit\",\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        free(json);
        sc_profile_free(n);
        sc_profile_free(p);
}

static void test_resolve(void)
{
        const char *text =
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"archMap\":["
                "{\"architecture\":\"SCMP_ARCH_X86_64\",\"subArchitectures\":[\"SCMP_ARCH_X86\"]},"
                "{\"architecture\":\"SCMP_ARCH_AARCH64\",\"subArchitectures\":[\"SCMP_ARCH_ARM\"]}],"
                "\"syscalls\":["
                "{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"arches\":[\"amd64\"]}},"
                "{\"names\":[\"b\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}},"
                "{\"names\":[\"c\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"caps\":[\"CAP_SYS_ADMIN\"]}},"
                "{\"names\":[\"d\"],\"action\":\"SCMP_ACT_ALLOW\",\"includes\":{\"minKernel\":\"5.10\"}},"
                "{\"names\":[\"e\"],\"action\":\"SCMP_ACT_ALLOW\",\"excludes\":{\"minKernel\":\"5.10\"}}]}";
        static const struct {
                enum sc_arch target;
                const char *caps;
                unsigned kmaj, kmin;
                const char *names;
                size_t n_arches;
        } cases[] = {
                { SC_ARCH_X86_64, NULL, 6, 1, "abd", 2 },
                { SC_ARCH_X86_64, "CAP_SYS_ADMIN", 5, 4, "ace", 2 },
                { SC_ARCH_AARCH64, NULL, 5, 10, "bd", 2 },
                { SC_ARCH_RISCV64, NULL, 4, 19, "be", 0 },
        };
        struct sc_profile *p = parse1(text);
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                const char *caps[] = { cases[i].caps };
                struct sc_resolve_opts o = { .target = cases[i].target,
                                             .caps = cases[i].caps ? caps : NULL,
                                             .n_caps = cases[i].caps ? 1 : 0,
                                             .kernel_major = cases[i].kmaj,
                                             .kernel_minor = cases[i].kmin };
                struct sc_profile *r = NULL;
                ASSERT_EQ(sc_profile_resolve(p, &o, NULL, &r), 0);
                char got[16] = { 0 };
                for (size_t k = 0; k < r->n_rules && k < 15; k++)
                        got[k] = r->rules[k].names[0][0];
                EXPECT_TRUE(streq(got, cases[i].names), "case %zu: rules %s, want %s", i, got,
                            cases[i].names);
                EXPECT_TRUE(r->n_arches == cases[i].n_arches, "case %zu: %zu arches", i,
                            r->n_arches);
                EXPECT_TRUE(!sc_profile_is_extended(r), "case %zu: still extended", i);
                /* resolving in place (what the CLI does) gives the same */
                struct sc_profile *q = parse1(text);
                ASSERT_EQ(sc_profile_resolve_in_place(q, &o, NULL), 0);
                _cleanup_free_ char *jr = sc_profile_to_json(r, 0);
                _cleanup_free_ char *jq = sc_profile_to_json(q, 0);
                EXPECT_TRUE(streq(jr, jq), "case %zu: in place %s, copy %s", i, jq, jr);
                sc_profile_free(q);
                sc_profile_free(r);
        }
        sc_profile_free(p);
        /* "architectures" and "archMap": refused, the profile untouched */
        p = parse1("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86\"],"
                   "\"syscalls\":[{\"names\":[\"a\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
        ASSERT_TRUE(p != NULL);
        p->archmap = xcalloc(1, sizeof(*p->archmap));
        p->archmap[0].arch = SC_ARCH_X86_64;
        p->n_archmap = 1;
        struct sc_resolve_opts o = { .target = SC_ARCH_X86_64 };
        struct sc_diags d = { .max = 4 };
        ASSERT_EQ(sc_profile_resolve_in_place(p, &o, &d), -EINVAL);
        ASSERT_EQ(d.n, 1);
        ASSERT_EQ(p->n_archmap, 1);
        ASSERT_EQ(p->n_arches, 1);
        sc_diags_clear(&d);
        sc_profile_free(p);
}

static void test_doc_limits(void)
{
        /* Deep nesting is refused, not a stack overflow. */
        size_t depth = 100000;
        char *deep = malloc(depth * 2 + 1);
        memset(deep, '[', depth);
        memset(deep + depth, ']', depth);
        deep[depth * 2] = 0;
        struct sc_diags d = { 0 };
        struct doc_stream s = { 0 };
        ASSERT_TRUE(doc_parse(deep, depth * 2, "deep", DOC_AUTO, NULL, &d, &s) < 0);
        ASSERT_TRUE(d.n_errors >= 1);
        sc_diags_clear(&d);
        free(deep);

        /* An alias bomb is refused while small, before it is expanded. */
        struct strbuf bomb = { 0 };
        strbuf_puts(&bomb, "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
                strbuf_printf(&bomb, "a%d: &a%d [", i, i);
                for (int k = 0; k < 10; k++)
                        strbuf_printf(&bomb, "%s*a%d", k ? ", " : "", i - 1);
                strbuf_puts(&bomb, "]\n");
        }
        ASSERT_TRUE(doc_parse(bomb.buf, bomb.len, "bomb", DOC_YAML, NULL, &d, &s) < 0);
        ASSERT_TRUE(d.n == 1 && strstr(d.items[0].message, "too many nodes"));
        ASSERT_EQ(d.items[0].pos.line, 4);
        sc_diags_clear(&d);
        strbuf_clear(&bomb);

        /* JSON is counted before json-c builds anything: 6 MB of "{}," used
         * to take 1.6 GB.  The error points at the value over the limit. */
        size_t n_objs = 70000;
        struct strbuf objs = { 0 };
        strbuf_putc(&objs, '[');
        for (size_t i = 0; i < n_objs; i++)
                strbuf_puts(&objs, i ? ",{}" : "{}");
        strbuf_putc(&objs, ']');
        ASSERT_TRUE(doc_parse(objs.buf, objs.len, "objs", DOC_AUTO, NULL, &d, &s) < 0);
        ASSERT_TRUE(d.n == 1 && strstr(d.items[0].message, "objects and arrays"));
        ASSERT_EQ(d.items[0].pos.col, 2 + 3 * 65535); /* with the outer [ */
        sc_diags_clear(&d);
        strbuf_clear(&objs);
        /* Strings holding brackets and escaped quotes are not counted. */
        const char *quoted = "[\"[[[[\\\"{{{{\", {}]";
        ASSERT_EQ(doc_parse(quoted, strlen(quoted), "q", DOC_JSON,
                            &(struct doc_limits){ .max_depth = 2, .max_nodes = 3 }, &d, &s), 0);
        doc_stream_clear(&s);
        ASSERT_TRUE(doc_parse(quoted, strlen(quoted), "q", DOC_JSON,
                              &(struct doc_limits){ .max_depth = 2, .max_nodes = 2 }, &d, &s) < 0);
        sc_diags_clear(&d);

        /* Duplicate keys in a large map are found (sorted once, not a scan
         * per key), reported at the first duplicate in the file. */
        struct strbuf big = { 0 };
        strbuf_putc(&big, '{');
        for (int i = 0; i < 5000; i++)
                strbuf_printf(&big, "%s\n\"k%d\": 1", i ? "," : "",
                              i == 4000 ? 7 : i == 3000 ? 9 : i);
        strbuf_puts(&big, "}");
        ASSERT_TRUE(doc_parse(big.buf, big.len, "big", DOC_JSON, NULL, &d, &s) < 0);
        ASSERT_TRUE(d.n == 1 && strstr(d.items[0].message, "duplicate key \"k9\" (first at line 11)"));
        ASSERT_EQ(d.items[0].pos.line, 3002);
        sc_diags_clear(&d);
        strbuf_clear(&big);

        const char *y = "a: 1\n---\nb: [x, 'y', \"z\", yes, ~, 0x1f]\n";
        ASSERT_EQ(doc_parse(y, strlen(y), "y", DOC_YAML, NULL, &d, &s), 0);
        ASSERT_EQ(s.n, 2);
        struct doc_node *b = doc_get(s.docs[1], "b");
        ASSERT_TRUE(b && b->kind == DOC_SEQ && b->n == 6);
        ASSERT_EQ(b->items[0]->kind, DOC_STRING);
        ASSERT_EQ(b->items[3]->kind, DOC_BOOL);
        ASSERT_EQ(b->items[4]->kind, DOC_NULL);
        ASSERT_EQ(b->items[5]->kind, DOC_NUMBER);
        ASSERT_EQ(b->pos.line, 3);
        ASSERT_EQ(b->pos.col, 4);
        doc_stream_clear(&s);
}

int main(void)
{
        RUN(test_parse_table);
        RUN(test_values);
        RUN(test_actions);
        RUN(test_validate);
        RUN(test_normalize_keeps_meaning);
        RUN(test_resolve);
        RUN(test_doc_limits);
        return test_exit();
}
