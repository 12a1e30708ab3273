/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libseccompctl: the public C API of seccompctl, for runtimes and tools
 * that want to embed it.
 *
 * Conventions, for every function here:
 *   - return 0 (or a non-negative count) on success, a negative errno on
 *     failure; nothing is returned through ret_* pointers on failure;
 *   - ret_messages, when not NULL, receives the diagnostics as text, one
 *     "FILE:LINE:COL: error|warning: $.json.path: message" per line (or
 *     NULL when there are none); the caller frees it with free(3);
 *   - every other returned buffer is also freed with free(3); profiles
 *     with seccompctl_profile_free(), which accepts NULL;
 *   - nothing prints, exits, or calls into the kernel except
 *     seccompctl_load(), and the allocation failure below;
 *   - allocation failure is fatal: the library writes "seccompctl: out
 *     of memory" to standard error and calls abort(3).  No function
 *     returns -ENOMEM or a partial result: a profile that silently lost
 *     rules to a failed allocation would be enforced as a weaker one, and
 *     a process that cannot allocate must not go on to run a workload.
 *     (One exception outside our control: json-c 0.16 may crash instead
 *     when its own allocations fail while a JSON profile is parsed; the
 *     process dies all the same.)  tests/shell/oom-failclosed.sh fails
 *     every allocation in turn and checks this.
 *
 * Architectures are named as profiles name them ("SCMP_ARCH_X86_64"), by
 * libseccomp's short name ("x86_64") or by Docker's ("amd64"); NULL means
 * the architecture this library was built for.
 */
#ifndef SECCOMPCTL_H
#define SECCOMPCTL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A parsed seccomp profile (OCI, Docker-extended, config.json or SPO). */
struct seccompctl_profile;

/* Parse the first profile in buf[0..len).  name labels diagnostics (a
 * file name).  -EINVAL when the text is not a valid profile. */
int seccompctl_profile_parse(const char *buf, size_t len, const char *name,
                             struct seccompctl_profile **ret,
                             char **ret_messages);

void seccompctl_profile_free(struct seccompctl_profile *p);

/* Resolve the Docker-extended format (archMap, includes/excludes) for an
 * architecture, a capability set (NULL: Docker's default set) and a
 * kernel version "MAJOR.MINOR" (NULL: newer than any minKernel).  The
 * result is a plain OCI profile; plain input is returned as a copy. */
int seccompctl_profile_resolve(const struct seccompctl_profile *p,
                               const char *arch, const char *const *caps,
                               size_t n_caps, const char *kernel,
                               struct seccompctl_profile **ret,
                               char **ret_messages);

enum {
        SECCOMPCTL_STRICT = 1 << 0,      /* unknown syscall names are errors */
        SECCOMPCTL_COMPAT_CRUN = 1 << 1, /* crun's rules instead of runc's */
        SECCOMPCTL_NORMALIZE = 1 << 2,   /* to_json: normalised form */
        SECCOMPCTL_PRETTY = 1 << 3,      /* to_json: indented */
};

/* Semantic validation.  Returns the number of errors (0: a runtime would
 * load it) or -errno. */
int seccompctl_profile_validate(const struct seccompctl_profile *p,
                                const char *arch, unsigned flags,
                                char **ret_messages);

/* The profile as OCI JSON (flags: SECCOMPCTL_NORMALIZE, _PRETTY).  NULL
 * only when p is NULL. */
char *seccompctl_profile_to_json(const struct seccompctl_profile *p,
                                 unsigned flags);

/* Compile a resolved profile for arch into a classic-BPF seccomp program:
 * *ret_bpf holds *ret_len bytes, exactly a struct sock_filter[] (8 bytes
 * per instruction).  flags: SECCOMPCTL_COMPAT_CRUN. */
int seccompctl_compile(const struct seccompctl_profile *p, const char *arch,
                       unsigned flags, void **ret_bpf, size_t *ret_len,
                       char **ret_messages);

/* Run a program (sock_filter bytes) on one syscall as the kernel would.
 * audit_arch is an AUDIT_ARCH_* value, args may be NULL (all zero).
 * *ret_action gets the SECCOMP_RET_* value.  -EINVAL for a program the
 * kernel would refuse. */
int seccompctl_simulate(const void *bpf, size_t len, uint32_t audit_arch,
                        uint32_t nr, const uint64_t *args,
                        uint32_t *ret_action);

/* Syscall number of name on arch (table number; x32 without the x32
 * bit), or -ENOENT. */
int seccompctl_syscall_resolve(const char *arch, const char *name);

/* AUDIT_ARCH_* value of an architecture name, or 0 when unknown. */
uint32_t seccompctl_arch_audit(const char *arch);

/* Install a program (sock_filter bytes, e.g. from seccompctl_compile) on
 * the calling thread (all threads with SECCOMP_FILTER_FLAG_TSYNC), after
 * setting PR_SET_NO_NEW_PRIVS.  flags are SECCOMP_FILTER_FLAG_* values
 * (TSYNC 1, LOG 2, SPEC_ALLOW 4, NEW_LISTENER 8); with NEW_LISTENER,
 * *ret_listener gets the user-notification fd, else -1 (ret_listener may
 * be NULL then).  The program is first checked as the kernel would.  On
 * failure nothing was installed; a caller about to exec a workload must
 * not go on (fail closed). */
int seccompctl_load(const void *bpf, size_t len, uint32_t flags,
                    int *ret_listener);

#ifdef __cplusplus
}
#endif

#endif
