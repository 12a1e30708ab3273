/* SPDX-License-Identifier: Apache-2.0 */
/*
 * seccompctl diff: per architecture, the syscalls whose verdict differs
 * between two profiles, what a reviewer needs to judge a profile change.
 */
#include <getopt.h>

#include "cli.h"
#include "verbs.h"
#include "syscalls.h"

static void help(void)
{
        printf("Usage: %s diff [OPTIONS] OLD NEW\n"
               "\n"
               "Compare what two profiles let through. Both are resolved for the target\n"
               "(see show) and compared syscall by syscall on every architecture either\n"
               "filters: each line names a syscall whose verdict differs, with both\n"
               "verdicts, conditions included:\n"
               "  + NAME   NEW lets it through (or more of it) where OLD did not\n"
               "  - NAME   NEW denies what OLD let through\n"
               "  ~ NAME   both let it through, under different conditions or actions\n"
               "Syscalls not named by either profile follow the default actions, shown\n"
               "once per architecture.\n"
               "\n"
               "Options:\n"
               "  --target ARCH, --caps LIST, --kernel X.Y   as for show\n"
               "  --json        one JSON array of differences\n"
               "  -h, --help    show this help\n"
               "\n"
               "Exit status: 0 when the profiles are equivalent, 1 when they differ,\n"
               "2 on an error.\n"
               "\n"
               "Example:\n"
               "  %s diff fine-grained.json recorded.json\n",
               program_name, program_name);
}

static void describe_conds(struct strbuf *sb, const struct sc_rule *r)
{
        for (size_t i = 0; i < r->n_args; i++) {
                const struct sc_arg *a = &r->args[i];
                static const char *const sym[] = {
                        [SC_OP_NE] = "!=", [SC_OP_LT] = "<",  [SC_OP_LE] = "<=",
                        [SC_OP_EQ] = "==", [SC_OP_GE] = ">=", [SC_OP_GT] = ">",
                };
                if (i)
                        strbuf_puts(sb, " && ");
                if (a->op == SC_OP_MASKED_EQ)
                        strbuf_printf(sb, "(arg%u & 0x%" PRIx64 ") == 0x%" PRIx64,
                                      a->index, a->value, a->value_two);
                else
                        strbuf_printf(sb, "arg%u %s 0x%" PRIx64, a->index, sym[a->op],
                                      a->value);
        }
}

static uint32_t default_ret(const struct sc_profile *p)
{
        return sc_action_ret(p->default_action, p->default_errno_ret);
}

static bool ret_passes(uint32_t ret)
{
        return ret == SC_RET_ALLOW || ret == SC_RET_LOG;
}

/* A normalised profile's verdict on one syscall, as text; *passes says
 * whether any path lets it through. */
static char *verdict(const struct sc_profile *p, const char *name, bool *passes,
                     bool *named)
{
        struct strbuf sb = { 0 };
        *passes = false;
        *named = false;
        for (size_t i = 0; i < p->n_rules; i++) {
                const struct sc_rule *r = &p->rules[i];
                bool has = false;
                for (size_t k = 0; k < r->n_names && !has; k++)
                        has = streq(r->names[k], name);
                if (!has)
                        continue;
                uint32_t ret = sc_action_ret(r->action, r->errno_ret);
                _cleanup_free_ char *d = sc_ret_describe(ret);
                *named = true;
                *passes = *passes || ret_passes(ret);
                if (r->n_args == 0) {
                        strbuf_clear(&sb);
                        strbuf_puts(&sb, d);
                        return strbuf_steal(&sb);
                }
                if (sb.len)
                        strbuf_puts(&sb, "; ");
                strbuf_printf(&sb, "%s if ", d);
                describe_conds(&sb, r);
        }
        _cleanup_free_ char *d = sc_ret_describe(default_ret(p));
        *passes = *passes || ret_passes(default_ret(p));
        if (sb.len)
                strbuf_printf(&sb, "; else %s", d);
        else
                strbuf_puts(&sb, d);
        return strbuf_steal(&sb);
}

static bool filters_arch(const struct sc_profile *p, enum sc_arch a, enum sc_arch target)
{
        if (a == target)
                return true;
        for (size_t i = 0; i < p->n_arches; i++)
                if (p->arches[i] == a)
                        return true;
        return false;
}

struct differ {
        bool json;
        size_t count;
        struct strbuf out;
};

static void report(struct differ *df, const char *arch, const char *name, char mark,
                   const char *va, const char *vb)
{
        df->count++;
        if (df->json) {
                strbuf_puts(&df->out, df->count > 1 ? ",\n {" : "\n {");
                strbuf_puts(&df->out, "\"arch\":");
                strbuf_json_string(&df->out, arch);
                strbuf_puts(&df->out, ",\"syscall\":");
                if (name)
                        strbuf_json_string(&df->out, name);
                else
                        strbuf_puts(&df->out, "null");
                strbuf_printf(&df->out, ",\"change\":\"%c\",\"old\":", mark);
                strbuf_json_string(&df->out, va);
                strbuf_puts(&df->out, ",\"new\":");
                strbuf_json_string(&df->out, vb);
                strbuf_putc(&df->out, '}');
                return;
        }
        strbuf_printf(&df->out, "  %c %-24s %s  ->  %s\n", mark,
                      name ? name : "(all others)", va, vb);
}

static void diff_arch(struct differ *df, const struct sc_profile *a,
                      const struct sc_profile *b, enum sc_arch arch, enum sc_arch target)
{
        const char *an = sc_arch_info(arch)->name;
        bool fa = filters_arch(a, arch, target), fb = filters_arch(b, arch, target);
        size_t before = df->count;

        if (!df->json)
                strbuf_printf(&df->out, "%s:\n", an);
        if (fa != fb) {
                report(df, an, NULL, fb ? '+' : '-',
                       fa ? "filtered" : "not filtered: every call is killed",
                       fb ? "filtered" : "not filtered: every call is killed");
                return;
        }
        _cleanup_free_ char *da = sc_ret_describe(default_ret(a));
        _cleanup_free_ char *db = sc_ret_describe(default_ret(b));
        if (!streq(da, db))
                report(df, an, NULL,
                       ret_passes(default_ret(b)) && !ret_passes(default_ret(a)) ? '+'
                       : ret_passes(default_ret(a)) && !ret_passes(default_ret(b)) ? '-'
                                                                                 : '~',
                       da, db);
        size_t i = 0;
        const char *name;
        uint32_t nr;
        while (sc_syscall_next(arch, &i, &name, &nr)) {
                bool pa, pb, na, nb;
                _cleanup_free_ char *va = verdict(a, name, &pa, &na);
                _cleanup_free_ char *vb = verdict(b, name, &pb, &nb);
                if (streq(va, vb) || (!na && !nb))
                        continue;
                report(df, an, name, pb && !pa ? '+' : pa && !pb ? '-' : '~', va, vb);
        }
        if (!df->json && df->count == before)
                strbuf_puts(&df->out, "  (no differences)\n");
}

int verb_diff(int argc, char **argv)
{
        static const struct option opts[] = {
                { "target", required_argument, NULL, CLI_OPT_TARGET },
                { "caps", required_argument, NULL, CLI_OPT_CAPS },
                { "kernel", required_argument, NULL, CLI_OPT_KERNEL },
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                {}
        };
        _cleanup_(cli_target_opts_clear) struct cli_target_opts to;
        struct differ df = { 0 };
        int c;

        cli_target_opts_init(&to);
        while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
                switch (c) {
                case 'j': df.json = true; break;
                case 'h': help(); return EXIT_OK;
                default:
                        if (cli_target_getopt(&to, c, optarg) <= 0)
                                return EXIT_USAGE;
                        break;
                }
        }
        if (optind != argc - 2) {
                cli_error("diff: expected two profiles, OLD and NEW (see --help)");
                return EXIT_USAGE;
        }
        _cleanup_(sc_profile_freep) struct sc_profile *ra = NULL, *rb = NULL;
        if (cli_load_resolved(argv[optind], &to, &ra) < 0 ||
            cli_load_resolved(argv[optind + 1], &to, &rb) < 0)
                return EXIT_USAGE;
        _cleanup_(sc_profile_freep) struct sc_profile *a = sc_profile_normalize(ra);
        _cleanup_(sc_profile_freep) struct sc_profile *b = sc_profile_normalize(rb);

        enum sc_arch *arches = NULL;
        size_t n = sc_profile_filter_arches(a, to.target, &arches);
        for (size_t i = 0; i < b->n_arches; i++) {
                bool seen = false;
                for (size_t j = 0; j < n; j++)
                        seen = seen || arches[j] == b->arches[i];
                if (!seen) {
                        arches = xreallocarray(arches, n + 1, sizeof(enum sc_arch));
                        arches[n++] = b->arches[i];
                }
        }
        if (df.json)
                strbuf_putc(&df.out, '[');
        else
                strbuf_printf(&df.out, "--- %s\n+++ %s\n", argv[optind], argv[optind + 1]);
        for (size_t i = 0; i < n; i++)
                diff_arch(&df, a, b, arches[i], to.target);
        if (df.json)
                strbuf_puts(&df.out, "\n]\n");
        fputs(df.out.buf, stdout);
        strbuf_clear(&df.out);
        free(arches);
        return df.count ? EXIT_FAILED : EXIT_OK;
}
