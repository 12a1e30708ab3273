/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The seccomp profile model: the OCI runtime-spec `linux.seccomp` object,
 * plus the fields of the Docker-extended format (archMap, includes,
 * excludes, comment, containers/common's string errnos), and the
 * operations on it: parse, resolve, validate, normalise, write.
 *
 * Pure: no I/O, no kernel calls.
 */
#ifndef SC_PROFILE_H
#define SC_PROFILE_H

#include "arch.h"
#include "diag.h"
#include "doc.h"

enum sc_action {
        SC_ACT_KILL,          /* SCMP_ACT_KILL, an alias of KILL_THREAD */
        SC_ACT_KILL_THREAD,
        SC_ACT_KILL_PROCESS,
        SC_ACT_TRAP,
        SC_ACT_ERRNO,
        SC_ACT_TRACE,
        SC_ACT_ALLOW,
        SC_ACT_LOG,
        SC_ACT_NOTIFY,
        _SC_ACT_MAX,
        SC_ACT_INVALID = -1,
};

/* Kernel SECCOMP_RET_* values (linux/seccomp.h), kept here so the pure
 * core does not depend on the build host's headers. */
#define SC_RET_KILL_PROCESS 0x80000000U
#define SC_RET_KILL_THREAD 0x00000000U
#define SC_RET_TRAP 0x00030000U
#define SC_RET_ERRNO 0x00050000U
#define SC_RET_USER_NOTIF 0x7fc00000U
#define SC_RET_TRACE 0x7ff00000U
#define SC_RET_LOG 0x7ffc0000U
#define SC_RET_ALLOW 0x7fff0000U
#define SC_RET_ACTION_FULL 0xffff0000U
#define SC_RET_DATA 0x0000ffffU

enum sc_op {
        SC_OP_NE,
        SC_OP_LT,
        SC_OP_LE,
        SC_OP_EQ,
        SC_OP_GE,
        SC_OP_GT,
        SC_OP_MASKED_EQ,
        _SC_OP_MAX,
        SC_OP_INVALID = -1,
};

/* OCI `flags` values (SECCOMP_FILTER_FLAG_*). */
#define SC_FLAG_TSYNC 0x1U
#define SC_FLAG_LOG 0x2U
#define SC_FLAG_SPEC_ALLOW 0x4U
#define SC_FLAG_WAIT_KILLABLE_RECV 0x20U

/* Which runtime's semantics to follow where runc and crun differ
 * (docs/runtime-compat.md). */
enum sc_compat {
        SC_COMPAT_RUNC,
        SC_COMPAT_CRUN,
        /* runc's behaviour, but argument rules read as the profile says:
         * in order, the first rule that matches decides (not what
         * libseccomp 2.5.4 makes of them, see lsc-tree.h) */
        SC_COMPAT_LITERAL,
};

/* libseccomp refuses errno values at or above this. */
#define SC_MAX_ERRNO 4095U
/* Default when errnoRet/defaultErrnoRet is absent: EPERM (runc, crun). */
#define SC_DEFAULT_ERRNO 1U

struct sc_arg {
        uint32_t index;      /* 0..5 */
        uint64_t value;
        uint64_t value_two;  /* only meaningful for MASKED_EQ */
        bool has_value_two;  /* written in the file (kept for round trips) */
        enum sc_op op;
        struct sc_pos pos;
};

/* Docker's includes/excludes. */
struct sc_cond_filter {
        char **caps;        /* "CAP_SYS_ADMIN" */
        size_t n_caps;
        char **arches;      /* Docker names: "amd64", "arm64", "x86" */
        size_t n_arches;
        char *min_kernel;   /* "4.8"; NULL when absent */
};

struct sc_rule {
        char **names;
        struct sc_pos *name_pos;
        size_t n_names;
        enum sc_action action;
        bool has_errno_ret;
        uint32_t errno_ret;   /* errnoRet (ERRNO errno, TRACE data) */
        struct sc_arg *args;
        size_t n_args;
        char *comment;        /* NULL when absent */
        struct sc_cond_filter includes, excludes;
        struct sc_pos pos, action_pos, errno_pos;
        size_t src_index;     /* index in the file's syscalls[] */
};

struct sc_archmap_entry {
        enum sc_arch arch;
        enum sc_arch *subs;
        size_t n_subs;
};

struct sc_profile {
        char *file;          /* for diagnostics; may be NULL */
        char *json_prefix;   /* "$", "$.linux.seccomp", "$.spec" */
        char *name;          /* SPO metadata.name; NULL otherwise */
        enum sc_action default_action;
        bool has_default_errno;
        uint32_t default_errno_ret;
        enum sc_arch *arches;
        size_t n_arches;
        struct sc_archmap_entry *archmap;
        size_t n_archmap;
        bool has_flags;      /* false: the key is absent */
        uint32_t flags;
        char *listener_path;
        char *listener_metadata;
        struct sc_rule *rules;
        size_t n_rules;
        struct sc_pos pos, default_action_pos;
};

/* ---- names <-> values ---- */
enum sc_action sc_action_from_name(const char *s);
const char *sc_action_name(enum sc_action a);
/* Does this action carry a data value (errnoRet)? ERRNO and TRACE. */
bool sc_action_takes_data(enum sc_action a);
/* The kernel return value; data is the errno / trace message. */
uint32_t sc_action_ret(enum sc_action a, uint32_t data);
/* "SCMP_ACT_ERRNO(1)", "SCMP_ACT_ALLOW", "SCMP_ACT_KILL_PROCESS" */
char *sc_ret_describe(uint32_t ret);
enum sc_op sc_op_from_name(const char *s);
const char *sc_op_name(enum sc_op op);
uint32_t sc_flag_from_name(const char *s); /* 0 when unknown */
const char *sc_flag_name(uint32_t flag);
/* "EPERM" -> 1; -ENOENT when unknown. */
int sc_errno_from_name(const char *s, uint32_t *ret);
const char *sc_errno_name(uint32_t e); /* NULL when unknown */
/* Does arg match the 64-bit argument value v? */
bool sc_arg_matches(const struct sc_arg *a, uint64_t v);

/* ---- parsing ---- */

/* One input file may hold several profiles (a multi-document SPO YAML). */
struct sc_profile_set {
        struct sc_profile **profiles;
        size_t n;
};

/* Parse a profile from text: a bare OCI/Docker profile, a whole OCI
 * config.json (.linux.seccomp), or Security Profiles Operator
 * SeccompProfile resources (YAML or JSON, one per document).  Structural
 * errors (wrong types, unknown actions/ops/arches/flags, index > 5,
 * out-of-range numbers, duplicate keys or arches) go to diags and make
 * the call fail with -EINVAL; nothing is returned then. */
int sc_profile_parse(const char *buf, size_t len, const char *file,
                     enum doc_format format, struct sc_diags *diags,
                     struct sc_profile_set *ret);
/* Same, from an already parsed document tree. */
int sc_profile_from_doc(const struct doc_node *root, const char *file,
                        struct sc_diags *diags, struct sc_profile_set *ret);
void sc_profile_set_clear(struct sc_profile_set *s);
void sc_profile_free(struct sc_profile *p);
static inline void sc_profile_freep(struct sc_profile **p)
{
        sc_profile_free(*p);
        *p = NULL;
}
struct sc_profile *sc_profile_dup(const struct sc_profile *p);

/* ---- resolving the Docker-extended format ---- */

struct sc_resolve_opts {
        enum sc_arch target;      /* native arch of the container */
        /* Capability names ("CAP_CHOWN"); NULL: Docker's default set. */
        const char *const *caps;
        size_t n_caps;
        /* Kernel version for minKernel; 0.0 means "newer than anything". */
        unsigned kernel_major, kernel_minor;
};

/* Every capability name Linux knows (capabilities(7), <linux/capability.h>
 * up to CAP_CHECKPOINT_RESTORE, 40, the last one in 6.18), "CAP_" form. */
bool sc_cap_known(const char *name);

/* Docker's default capability set (moby oci/caps/defaults.go). */
extern const char *const sc_docker_default_caps[];
extern const size_t sc_docker_default_caps_n;

/* Expand archMap for the target, drop rules whose includes/excludes do
 * not apply (exactly moby's order: excludes.arches, excludes.caps,
 * excludes.minKernel, includes.arches, includes.caps, includes.minKernel),
 * and return a plain OCI profile. */
int sc_profile_resolve(const struct sc_profile *p,
                       const struct sc_resolve_opts *opts,
                       struct sc_diags *diags, struct sc_profile **ret);
/* The same on p itself, for a caller that has no use for the unresolved
 * profile (copying Docker's default cost as much as validating it); p is
 * unchanged when it fails. */
int sc_profile_resolve_in_place(struct sc_profile *p, const struct sc_resolve_opts *opts,
                                struct sc_diags *diags);
bool sc_profile_is_extended(const struct sc_profile *p);

/* ---- validation ---- */

struct sc_validate_opts {
        enum sc_compat compat;
        enum sc_arch target;   /* for resolving names; native by default */
        bool strict;           /* unknown syscall names are errors */
};

/* Semantic checks on a resolved (or plain) profile: NOTIFY rules,
 * errnoRet on actions that take none, unknown names, no-op rules,
 * overlapping rules with different actions, empty allow lists.
 * Returns the number of errors added. */
size_t sc_profile_validate(const struct sc_profile *p,
                           const struct sc_validate_opts *opts,
                           struct sc_diags *diags);

/* The arches a profile's filter covers for target: the listed ones plus
 * the target itself, deduplicated, target first. Caller frees. */
size_t sc_profile_filter_arches(const struct sc_profile *p,
                                enum sc_arch target, enum sc_arch **ret);

/* ---- normalising and writing ---- */

/* Sort names, merge rules that differ only by names, drop comments,
 * expand absent errnoRet to explicit values only when asked. */
struct sc_profile *sc_profile_normalize(const struct sc_profile *p);

enum {
        SC_JSON_PRETTY = 1 << 0,
};
/* OCI JSON text; with SC_JSON_PRETTY indented and ending in a newline.
 * Caller frees. */
char *sc_profile_to_json(const struct sc_profile *p, unsigned flags);

/* Path strings for diagnostics: "$.syscalls[3].args[0].op" */
char *sc_profile_json_path(const struct sc_profile *p, const char *fmt, ...)
        _printf_(2, 3);

/* Deep copy / release of one rule (used by the profile modules). */
void sc_rule_clear(struct sc_rule *r);
void sc_rule_copy(struct sc_rule *dst, const struct sc_rule *src);
void sc_cond_filter_clear(struct sc_cond_filter *f);

#endif
