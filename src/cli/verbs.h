/* SPDX-License-Identifier: Apache-2.0 */
/* One line per verb; each lives in src/cli/NAME.c. */
#ifndef SC_VERBS_H
#define SC_VERBS_H

#define SECCOMPCTL_VERSION "0.1.0"

int verb_check(int argc, char **argv);
int verb_show(int argc, char **argv);
int verb_diff(int argc, char **argv);
int verb_resolve(int argc, char **argv);
int verb_psa(int argc, char **argv);
int verb_install(int argc, char **argv);
int verb_export(int argc, char **argv);
int verb_run(int argc, char **argv);
int verb_default(int argc, char **argv);
int verb_notify_listen(int argc, char **argv);

/* The built-in RuntimeDefault profile resolved for o (src/cli/default.c). */
struct cli_target_opts;
struct sc_profile;
int cli_runtime_default(const struct cli_target_opts *o, struct sc_profile **ret);

int verb_logs(int argc, char **argv);
int verb_record(int argc, char **argv);
int verb_watch(int argc, char **argv);
int verb_hook(int argc, char **argv);
/* record.c: what the eBPF recorder saw (SC_BPF_MODE_TGIDS, group 0) into
 * rec; losses said on stderr as "VERB: warning: ...".  0, 1 when the
 * profile may be incomplete, or -errno.  ret_execs may be NULL. */
struct sc_ebpf;
struct sc_recorder;
int cli_ebpf_collect(struct sc_ebpf *e, struct sc_recorder *rec,
                     const char *verb, uint64_t *ret_execs);
int verb_merge(int argc, char **argv);
int verb_compile(int argc, char **argv);
int verb_sim(int argc, char **argv);
int verb_disasm(int argc, char **argv);
int verb_stats(int argc, char **argv);
int verb_inspect(int argc, char **argv);
int verb_decompile(int argc, char **argv);
/* decompile.c: decompile a stack for o, print the warnings and whether the
 * result is exact on stderr. */
struct sc_filter_stack;
struct sc_decompile_result;
int cli_decompile(const struct sc_filter_stack *s,
                  const struct cli_target_opts *o, bool auto_compat,
                  struct sc_decompile_result *ret);
/* compile.c: a PROFILE (compiled for o) or a raw FILE.bpf; prints errors. */
struct sc_filter;
struct cli_target_opts;
int cli_filter_load(const char *path, const struct cli_target_opts *o,
                    struct sc_filter **ret);
/* cli.c: the verb's one operand, a PROFILE or FILE.bpf, loaded as
 * cli_filter_load does.  EXIT_OK, EXIT_USAGE (not exactly one operand) or
 * EXIT_FAILED (messages printed). */
int cli_filter_operand(const char *verb, int argc, char **argv,
                       const struct cli_target_opts *o, struct sc_filter **ret);

#endif
