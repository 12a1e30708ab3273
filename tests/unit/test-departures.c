/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check's departures (issue 12) against brute force.  Seeded random
 * profiles whose argument constants use only bits 0-1 of the low word and
 * bit 0 of the high word, on arguments 0 and 1: every test either reading
 * makes of a word (libseccomp's program may compare one word with another
 * word's constant, when it does not reload) depends only on its bits 0-1
 * and on whether it is larger, so the words 0-7 are the whole argument
 * space, and every vector of it can be tried.  For each syscall of each
 * arch of the filter, brute force says whether the runtime (the filter
 * compiled with crun's semantics, run in the simulator) and the literal
 * reading (rules in profile order, first match, 64-bit values; written
 * here independently of the compiler) differ anywhere; check must warn
 * exactly there (no miss, no false report), and its witness must show a
 * difference.  Plus table cases: masked comparisons the old search (datum
 * and complement only) missed, high words on x86/x32, and the warning for
 * a syscall past the search's bounds.
 */
#include "test.h"
#include "bpf.h"
#include "syscalls.h"

static uint64_t rng_state;
static uint64_t rnd(void)
{
        /* splitmix64: seeded, so failures reproduce */
        uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
        z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
        return z ^ (z >> 31);
}

static const char *const ops[] = {
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",       "SCMP_CMP_EQ",
        "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};
static const char *const actions[] = {
        "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS",
        "SCMP_ACT_TRAP", "SCMP_ACT_LOG",
};
static const char *const calls[] = { "umask", "personality" };

/* bits 0-1 of the low word, sometimes bit 0 of the high word */
static uint64_t small_value(void)
{
        uint64_t lo = rnd() % 4, hi = rnd() % 4 == 0;
        return hi << 32 | lo;
}

static void put_action(struct strbuf *sb, const char *key, const char *key_errno,
                       const char *a)
{
        strbuf_printf(sb, "\"%s\": \"%s\"", key, a);
        if (streq(a, "SCMP_ACT_ERRNO") && rnd() % 2)
                strbuf_printf(sb, ", \"%s\": %u", key_errno,
                              (unsigned)(1 + rnd() % 3));
}

static char *random_profile(enum sc_arch target)
{
        struct strbuf sb = { 0 };
        size_t n_rules = 2 + rnd() % 6;

        strbuf_puts(&sb, "{");
        put_action(&sb, "defaultAction", "defaultErrnoRet",
                   actions[rnd() % 3]);
        strbuf_puts(&sb, ", \"architectures\": [");
        if (target == SC_ARCH_X86_64 && rnd() % 2)
                strbuf_puts(&sb, "\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"");
        strbuf_puts(&sb, "], \"syscalls\": [");
        for (size_t i = 0; i < n_rules; i++) {
                strbuf_printf(&sb, "%s{\"names\": [\"%s\"], ", i ? "," : "",
                              calls[rnd() % (rnd() % 3 ? 1 : 2)]);
                put_action(&sb, "action", "errnoRet",
                           actions[rnd() % ELEMENTSOF(actions)]);
                size_t n_args = 1 + rnd() % 2;
                unsigned first = (unsigned)(rnd() % 2);
                strbuf_puts(&sb, ", \"args\": [");
                for (size_t k = 0; k < n_args; k++) {
                        const char *op = ops[rnd() % ELEMENTSOF(ops)];
                        /* (a mask with no low bit is no test at all on
                         * x86/x32, the rule is unconditional there to
                         * libseccomp; a zero mask is none anywhere) */
                        uint64_t v = small_value();
                        strbuf_printf(&sb,
                                      "%s{\"index\": %u, \"value\": %" PRIu64
                                      ", \"valueTwo\": %" PRIu64 ", \"op\": \"%s\"}",
                                      k ? "," : "", k ? 1 - first : first, v,
                                      small_value(), op);
                }
                strbuf_puts(&sb, "]}");
        }
        strbuf_puts(&sb, "]}");
        return strbuf_steal(&sb);
}

static struct sc_profile *parse(const char *json)
{
        struct sc_profile_set set = { 0 };
        struct sc_diags d = { 0 };
        struct sc_profile *p = NULL;
        if (sc_profile_parse(json, strlen(json), "case.json", DOC_JSON, &d,
                             &set) >= 0 && set.n == 1) {
                p = set.profiles[0];
                set.profiles[0] = NULL;
        }
        sc_profile_set_clear(&set);
        sc_diags_clear(&d);
        return p;
}

static uint32_t rule_ret(const struct sc_rule *r)
{
        return sc_action_ret(r->action, r->has_errno_ret ? r->errno_ret
                                                         : SC_DEFAULT_ERRNO);
}

static uint32_t default_ret(const struct sc_profile *p)
{
        return sc_action_ret(p->default_action, p->has_default_errno
                                                        ? p->default_errno_ret
                                                        : SC_DEFAULT_ERRNO);
}

static bool arg_holds(const struct sc_arg *a, uint64_t v)
{
        switch (a->op) {
        case SC_OP_NE: return v != a->value;
        case SC_OP_LT: return v < a->value;
        case SC_OP_LE: return v <= a->value;
        case SC_OP_EQ: return v == a->value;
        case SC_OP_GE: return v >= a->value;
        case SC_OP_GT: return v > a->value;
        case SC_OP_MASKED_EQ: return (v & a->value) == (a->value_two & a->value);
        case _SC_OP_MAX: case SC_OP_INVALID: break;
        }
        return false;
}

static bool names(const struct sc_rule *r, const char *name)
{
        for (size_t j = 0; j < r->n_names; j++)
                if (streq(r->names[j], name))
                        return true;
        return false;
}

/* The profile read literally: the first rule naming the call whose
 * conditions all hold.  Rules with the default action are no rules to
 * runc and crun (they skip them), so not here either; a rule without a
 * condition (none, or masks of zero) beats the conditional ones, as in
 * --compat literal (libseccomp's rule, which the profile format keeps). */
static uint32_t literal(const struct sc_profile *p, const char *name,
                        const uint64_t a[6])
{
        uint32_t def = default_ret(p);
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                bool uncond = true;
                for (size_t k = 0; k < r->n_args; k++)
                        uncond = uncond && r->args[k].op == SC_OP_MASKED_EQ &&
                                 r->args[k].value == 0;
                if (uncond && names(r, name) && rule_ret(r) != def)
                        return rule_ret(r);
        }
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                bool ok = true;
                if (!names(r, name) || rule_ret(r) == def)
                        continue;
                for (size_t k = 0; k < r->n_args && ok; k++)
                        ok = arg_holds(&r->args[k], a[r->args[k].index]);
                if (ok)
                        return rule_ret(r);
        }
        return def;
}

static uint32_t runtime(const struct sc_filter *f, enum sc_arch arch,
                        uint32_t nr, const uint64_t a[6])
{
        struct sc_seccomp_data sd = { .nr = nr + sc_arch_info(arch)->nr_offset,
                                      .arch = sc_arch_info(arch)->audit_arch };
        memcpy(sd.args, a, sizeof(sd.args));
        return sc_sim_run(f, &sd, NULL);
}

/* One departure warning, read back: "... (libseccomp 2.5.4) NAME[ on
 * ARCH](A0, A1, ...) gets ...". */
struct witness {
        char name[32];
        enum sc_arch arch;
        uint64_t a[6];
};

static bool parse_witness(const char *msg, enum sc_arch target,
                          struct witness *w)
{
        const char *s = strstr(msg, "(libseccomp 2.5.4) ");
        if (!s)
                return false;
        s += strlen("(libseccomp 2.5.4) ");
        size_t n = strcspn(s, " (");
        if (n == 0 || n >= sizeof(w->name))
                return false;
        memset(w, 0, sizeof(*w));
        memcpy(w->name, s, n);
        s += n;
        w->arch = target;
        if (strncmp(s, " on ", 4) == 0) {
                char arch[32];
                s += 4;
                n = strcspn(s, "(");
                if (n >= sizeof(arch))
                        return false;
                memcpy(arch, s, n);
                arch[n] = '\0';
                w->arch = sc_arch_from_name(arch);
                s += n;
        }
        if (*s++ != '(')
                return false;
        for (size_t i = 0; i < 6 && *s != '.' && *s != ')'; i++) {
                char *end;
                w->a[i] = strtoull(s, &end, 0);
                if (end == s)
                        return false;
                s = end;
                if (strncmp(s, ", ", 2) == 0)
                        s += 2;
        }
        return true;
}

struct tally {
        size_t profiles, refused, syscalls, vectors, departing, misses,
                false_reports, unsearched;
};

/* Returns the number of misses and false reports in this profile. */
static size_t check_profile(const char *json, enum sc_arch target,
                            struct tally *t)
{
        _cleanup_(sc_profile_freep) struct sc_profile *p = parse(json);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        struct sc_diags d = { 0 };
        enum sc_arch *arches = NULL;
        size_t bad = 0;

        if (!p) {
                TEST_FAIL("unparsable: %s", json);
                return 1;
        }
        sc_compile_opts_init(&o, target);
        o.compat = SC_COMPAT_CRUN;
        if (sc_compile(p, &o, &d, &f) < 0) {
                t->refused++; /* EEXIST: no verdicts to compare */
                sc_diags_clear(&d);
                return 0;
        }
        t->profiles++;
        size_t n_arches = sc_profile_filter_arches(p, target, &arches);
        for (size_t ai = 0; ai < n_arches; ai++)
                for (size_t ci = 0; ci < ELEMENTSOF(calls); ci++) {
                        enum sc_arch arch = arches[ai];
                        uint32_t nr;
                        bool named = false;
                        for (size_t i = 0; i < p->n_rules; i++)
                                for (size_t j = 0; j < p->rules[i].n_names; j++)
                                        named = named || streq(p->rules[i].names[j], calls[ci]);
                        if (!named || sc_syscall_resolve(arch, calls[ci], &nr) < 0)
                                continue;
                        t->syscalls++;
                        /* brute force over the whole (reduced) space */
                        bool departs = false;
                        uint64_t first[6] = { 0 };
                        for (uint32_t x = 0; x < 64 * 64; x++) {
                                uint64_t a[6] = { 0 };
                                a[0] = (uint64_t)(x & 7) << 32 | ((x >> 3) & 7);
                                a[1] = (uint64_t)((x >> 6) & 7) << 32 | ((x >> 9) & 7);
                                t->vectors++;
                                if (literal(p, calls[ci], a) != runtime(f, arch, nr, a)) {
                                        if (!departs)
                                                memcpy(first, a, sizeof(first));
                                        departs = true;
                                }
                        }
                        /* what check says about this syscall on this arch */
                        bool warned = false, witnessed = false, unsearched = false;
                        const char *said = NULL;
                        for (size_t i = 0; i < d.n; i++) {
                                struct witness w;
                                if (strstr(d.items[i].message, "not searched: ") &&
                                    strstr(d.items[i].message, calls[ci]))
                                        unsearched = true;
                                if (!parse_witness(d.items[i].message, target, &w) ||
                                    !streq(w.name, calls[ci]) || w.arch != arch)
                                        continue;
                                warned = true;
                                said = d.items[i].message;
                                witnessed = literal(p, calls[ci], w.a) !=
                                            runtime(f, arch, nr, w.a);
                                if (!witnessed)
                                        TEST_FAIL("witness shows no departure: %s",
                                                  d.items[i].message);
                        }
                        t->departing += departs;
                        t->unsearched += unsearched;
                        if (departs && !warned && !unsearched) {
                                t->misses++;
                                bad++;
                                if (t->misses <= 5 || getenv("SC_DEPARTURES_VERBOSE"))
                                        fprintf(stderr, "miss: %s on %s departs at "
                                                "(%#" PRIx64 ", %#" PRIx64 "): %s\n",
                                                calls[ci], sc_arch_info(arch)->name,
                                                first[0], first[1], json);
                        }
                        if (warned && (!departs || !witnessed)) {
                                t->false_reports++;
                                bad++;
                                if (t->false_reports <= 5 || getenv("SC_DEPARTURES_VERBOSE"))
                                        fprintf(stderr, "false report: %s on %s: %s\n  %s\n",
                                                calls[ci], sc_arch_info(arch)->name, json,
                                                said);
                        }
                }
        free(arches);
        sc_filter_free(f);
        sc_diags_clear(&d);
        return bad;
}

static void test_random_brute_force(void)
{
        static const enum sc_arch targets[] = { SC_ARCH_X86_64, SC_ARCH_X86_64,
                                                SC_ARCH_AARCH64 };
        const char *n_env = getenv("SC_DEPARTURES_RANDOM");
        size_t n = n_env ? strtoul(n_env, NULL, 10) : 1500;
        struct tally t = { 0 };

        const char *from = getenv("SC_DEPARTURES_FROM");
        for (size_t i = from ? strtoul(from, NULL, 10) : 0; i < n; i++) {
                rng_state = UINT64_C(0xdea7) * 1000003 + i;
                if (getenv("SC_DEPARTURES_VERBOSE"))
                        fprintf(stderr, "profile %zu\n", i);
                enum sc_arch target = targets[i % ELEMENTSOF(targets)];
                _cleanup_free_ char *json = random_profile(target);
                if (getenv("SC_DEPARTURES_VERBOSE"))
                        fprintf(stderr, "%s\n", json);
                check_profile(json, target, &t);
        }
        printf("# %zu profiles (%zu refused by libseccomp), %zu syscall/arch "
               "pairs, %zu vectors brute-forced; %zu pairs depart, check "
               "missed %zu, reported %zu falsely, did not search %zu\n",
               t.profiles, t.refused, t.syscalls, t.vectors, t.departing,
               t.misses, t.false_reports, t.unsearched);
        ASSERT_TRUE(t.departing > 0);
        ASSERT_EQ(t.misses, 0);
        ASSERT_EQ(t.false_reports, 0);
        ASSERT_EQ(t.unsearched, 0);
}

#define P(...) #__VA_ARGS__

/* Each expected warning is also checked to be a departure. */
static void test_table(void)
{
        static const struct {
                const char *json;
                enum sc_arch target;
                const char *want; /* substring of a warning; NULL: none */
                size_t n;         /* warnings */
        } cases[] = {
                /* needs a word under both masks at once (0x102): neither
                 * datum nor its complement is one; the old search missed it */
                { P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 96, "args": [{"index": 0, "value": 15, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]},
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95, "args": [{"index": 0, "value": 3840, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  SC_ARCH_X86_64,
                  "umask(0x102, ...) gets SCMP_ACT_ERRNO(95) although syscalls[0] matches it first (the profile says SCMP_ACT_ERRNO(96))", 1 },
                /* a mask and a range on one word: a word under the mask
                 * (0x100) and past the bound */
                { P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 96, "args": [{"index": 0, "value": 496, "op": "SCMP_CMP_GE"}]},
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95, "args": [{"index": 0, "value": 3840, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  SC_ARCH_X86_64, "gets SCMP_ACT_ERRNO(95) although syscalls[0] matches it first", 1 },
                /* socket type and SOCK_CLOEXEC under two masks (the old
                 * search found this one, at the complement 0xfffffff1) */
                { P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                    {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 15, "valueTwo": 1, "op": "SCMP_CMP_MASKED_EQ"}]},
                    {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97, "args": [{"index": 1, "value": 524288, "valueTwo": 524288, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  SC_ARCH_X86_64,
                  "socket(0, 0x80001, ...) gets SCMP_ACT_ERRNO(97) although syscalls[0] matches it first (the profile says SCMP_ACT_ALLOW)", 1 },
                /* x86 and x32 compare low words: the high word departs,
                 * and the witness shows it; the old search tried low
                 * words only there */
                { P({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"], "syscalls": [
                    {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}),
                  SC_ARCH_X86_64,
                  "(0x100000008, ...) gets SCMP_ACT_ALLOW although no rule matches it (the profile says SCMP_ACT_ERRNO(1); on x", 2 },
                { P({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X32"], "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]}]}),
                  SC_ARCH_X86_64,
                  "umask on x32(0, ...) gets SCMP_ACT_ERRNO(1) although no rule matches it (the profile says SCMP_ACT_ALLOW; on x32 libseccomp compares the low 32 bits of an argument only)", 1 },
                /* a mask of high bits only is no test on x32: the rule is
                 * unconditional there */
                { P({"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X32"], "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 3, "args": [{"index": 1, "value": 4294967296, "valueTwo": 4294967296, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  SC_ARCH_X86_64,
                  "umask on x32(0, 0, ...) gets SCMP_ACT_ERRNO(3) although no rule matches it (the profile says SCMP_ACT_ALLOW; on x32", 1 },
                /* the same on x86_64 compares both words: no departure */
                { P({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
                    {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}),
                  SC_ARCH_X86_64, NULL, 0 },
                { P({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 96, "args": [{"index": 0, "value": 15, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]},
                    {"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 96, "args": [{"index": 0, "value": 3840, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}]}]}),
                  SC_ARCH_AARCH64, NULL, 0 },
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_(sc_profile_freep) struct sc_profile *p = parse(cases[i].json);
                ASSERT_TRUE(p);
                struct sc_compile_opts o;
                struct sc_filter *f = NULL;
                struct sc_diags d = { 0 };
                size_t found = 0;
                sc_compile_opts_init(&o, cases[i].target);
                EXPECT_TRUE(sc_compile(p, &o, &d, &f) == 0, "case %zu compiles", i);
                for (size_t j = 0; j < d.n; j++) {
                        const char *m = d.items[j].message;
                        struct witness w;
                        uint32_t nr;
                        if (!strstr(m, "libseccomp 2.5.4"))
                                continue;
                        found++;
                        EXPECT_TRUE(cases[i].want && strstr(m, cases[i].want),
                                    "case %zu: %s", i, m);
                        EXPECT_TRUE(parse_witness(m, cases[i].target, &w) &&
                                    sc_syscall_resolve(w.arch, w.name, &nr) >= 0 &&
                                    literal(p, w.name, w.a) !=
                                    runtime(f, w.arch, nr, w.a),
                                    "case %zu: no departure at the witness: %s", i, m);
                }
                EXPECT_TRUE(found == cases[i].n, "case %zu: %zu warnings", i, found);
                sc_diags_clear(&d);
                sc_filter_free(f);
        }
}

/* Past the search's bounds a syscall is named, not passed over: 14
 * masks of one bit each on one word make 2^14 cells. */
static void test_not_searched(void)
{
        struct strbuf sb = { 0 };
        strbuf_puts(&sb, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [");
        for (unsigned i = 0; i < 14; i++)
                strbuf_printf(&sb, "%s{\"names\": [\"umask\"], \"action\": \"SCMP_ACT_ERRNO\", "
                              "\"errnoRet\": %u, \"args\": [{\"index\": 0, \"value\": %u, "
                              "\"valueTwo\": %u, \"op\": \"SCMP_CMP_MASKED_EQ\"}]}",
                              i ? "," : "", 1 + i % 2, 1U << i, 1U << i);
        strbuf_puts(&sb, "]}");
        _cleanup_free_ char *json = strbuf_steal(&sb);
        _cleanup_(sc_profile_freep) struct sc_profile *p = parse(json);
        ASSERT_TRUE(p);
        struct sc_compile_opts o;
        struct sc_filter *f = NULL;
        struct sc_diags d = { 0 };
        sc_compile_opts_init(&o, SC_ARCH_X86_64);
        ASSERT_TRUE(sc_compile(p, &o, &d, &f) == 0);
        size_t found = 0;
        for (size_t j = 0; j < d.n; j++)
                if (strstr(d.items[j].message, "not searched: umask: an argument "
                                               "word has too many cells")) {
                        found++;
                        EXPECT_TRUE(d.items[j].severity == SC_WARNING, "a warning");
                }
        ASSERT_EQ(found, 1);
        sc_diags_clear(&d);
        sc_filter_free(f);
        /* --strict: it cannot be shown that the readings agree */
        o.departures_are_errors = true;
        f = NULL;
        ASSERT_TRUE(sc_compile(p, &o, &d, &f) < 0);
        sc_diags_clear(&d);
        sc_filter_free(f);
}

int main(void)
{
        RUN(test_table);
        RUN(test_not_searched);
        RUN(test_random_brute_force);
        return test_exit();
}
