/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Kubernetes: which seccomp profile does each container of a Pod (or of a
 * workload's pod template) get, would the API server accept the object,
 * and would Pod Security Admission admit it.
 *
 * The rules are the kubelet's (pkg/kubelet/kuberuntime, v1.27+): the
 * container's securityContext.seccompProfile wins over the Pod's, the two
 * levels are never merged, neither set means Unconfined (RuntimeDefault
 * with --seccomp-default), and a privileged container runs Unconfined
 * whatever is set (containerd and CRI-O skip seccomp for privileged
 * containers, so a Localhost file is not even opened).  Error texts are
 * the API server's (pkg/apis/core/validation) and Pod Security
 * Admission's (pod-security-admission/policy), word for word, so that
 * people can search for them.
 *
 * Pure: works on doc_node trees (doc.h), does no I/O.  Loading the
 * Localhost file is the caller's job; kube_load_error() and
 * kube_check_profile() word the outcome the way the runtime does.
 */
#ifndef SC_KUBE_H
#define SC_KUBE_H

#include "doc.h"

/* The kubelet's default --seccomp-profile-root. */
#define KUBE_DEFAULT_SECCOMP_ROOT "/var/lib/kubelet/seccomp"

enum kube_seccomp_type {
        KUBE_SECCOMP_UNCONFINED,
        KUBE_SECCOMP_RUNTIME_DEFAULT,
        KUBE_SECCOMP_LOCALHOST,
        _KUBE_SECCOMP_MAX,
};
const char *kube_seccomp_type_name(enum kube_seccomp_type t);

enum kube_container_kind {
        KUBE_INIT_CONTAINER,
        KUBE_CONTAINER,
        KUBE_EPHEMERAL_CONTAINER,
        _KUBE_CONTAINER_KIND_MAX,
};
/* "initContainer", "container", "ephemeralContainer" */
const char *kube_container_kind_name(enum kube_container_kind k);

/* Where the resolved profile came from. */
enum kube_source {
        KUBE_FROM_CONTAINER,  /* container securityContext.seccompProfile */
        KUBE_FROM_POD,        /* pod securityContext.seccompProfile */
        KUBE_FROM_DEFAULT,    /* neither: Unconfined or --seccomp-default */
        KUBE_FROM_PRIVILEGED, /* privileged: true overrides everything */
        KUBE_FROM_WINDOWS,    /* spec.os.name: windows */
        _KUBE_SOURCE_MAX,
};
const char *kube_source_name(enum kube_source s);

/* The container runtime behind the kubelet: they differ on privileged
 * containers and on what RuntimeDefault is. */
enum kube_runtime {
        KUBE_RUNTIME_CONTAINERD, /* privileged: always Unconfined */
        KUBE_RUNTIME_CRIO,       /* privileged: privileged_seccomp_profile if set */
        _KUBE_RUNTIME_MAX,
};
/* "containerd", "cri-o"; kube_runtime_from_name returns -EINVAL if unknown. */
const char *kube_runtime_name(enum kube_runtime r);
int kube_runtime_from_name(const char *s);
/* What RuntimeDefault means on that runtime, in one line. */
const char *kube_runtime_default_name(enum kube_runtime r);

struct kube_container {
        char *kind;          /* "Pod", "Deployment", ... */
        char *pod;           /* the object's metadata.name ("" if absent) */
        char *namespace;     /* metadata.namespace, else opts->namespace, else "default" */
        size_t object;       /* which object of the resolution, from 0 */
        char *name;          /* container name ("" if absent) */
        enum kube_container_kind ckind;
        char *field_path;    /* "spec.template.spec.containers[0]" */
        struct sc_pos pos;   /* of the container object */
        enum kube_seccomp_type type;
        enum kube_source source;
        char *localhost_profile; /* as written; Localhost only */
        char *path;          /* ROOT/localhostProfile, cleaned; Localhost only */
        /* Localhost with no error: the runtime will open path; the caller
         * loads it and records the outcome with kube_container_set_error. */
        bool needs_file;
        char *error;         /* NULL: the container would start */
        struct strv warnings;
};

struct kube_resolution {
        struct kube_container *containers;
        size_t n, alloc;
        size_t n_objects;
};

struct kube_resolve_opts {
        const char *root;     /* NULL: KUBE_DEFAULT_SECCOMP_ROOT */
        bool seccomp_default; /* kubelet --seccomp-default */
        const char *namespace; /* objects without one; NULL: "default" */
        enum kube_runtime runtime;
        /* CRI-O's privileged_seccomp_profile (crio.conf): a privileged
         * container gets this Localhost file instead of Unconfined.
         * Ignored for containerd. */
        const char *privileged_profile;
};

/* Resolve every workload object (Pod, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob, PodTemplate and any
 * *List of them) of a parsed stream, appending one entry per container to
 * res.  Other kinds and non-objects are skipped with an SC_NOTE in diags.
 * Returns the number of workload objects seen. */
int kube_resolve_stream(const struct doc_stream *s, const char *file,
                        const struct kube_resolve_opts *opts,
                        struct sc_diags *diags, struct kube_resolution *res);
void kube_resolution_clear(struct kube_resolution *r);
/* Replace c's error (takes ownership of msg). */
void kube_container_set_error(struct kube_container *c, char *msg);

/* The runtime's CreateContainerError text for a Localhost file that could
 * not be read (err is a positive errno, op "open" or "read"):
 *   cannot load seccomp profile "PATH": open PATH: no such file or directory
 * Caller frees. */
char *kube_load_error(const char *path, const char *op, int err);
/* Parse and validate (sc_profile_parse + sc_profile_validate) the text of
 * a Localhost file as the runtime reads it: strict JSON, a bare OCI
 * profile (an SPO resource or a config.json is an error there).  Returns
 * NULL when the runtime would load it, else the error, worded
 * "cannot load seccomp profile "PATH": DETAIL".  When diags is not NULL,
 * every check diagnostic (warnings too) is appended to it. */
char *kube_check_profile(const char *buf, size_t len, const char *path,
                         struct sc_diags *diags);

/* IsDNS1123Subdomain: at most 253 characters, lower-case alphanumeric
 * labels of [a-z0-9-] separated by '.', each starting and ending with an
 * alphanumeric (metadata.name of most objects, SPO resources included). */
bool kube_dns1123_subdomain(const char *s);

/* ---- Pod Security Admission ---- */

enum kube_psa_level {
        KUBE_PSA_BASELINE,
        KUBE_PSA_RESTRICTED,
};

/* A policy version: "latest", or "v1.MINOR". */
struct kube_psa_version {
        bool latest;
        unsigned major, minor;
};
int kube_psa_version_parse(const char *s, struct kube_psa_version *ret);
/* "baseline:latest", "restricted:v1.18".  Caller frees. */
char *kube_psa_policy_name(enum kube_psa_level level,
                           const struct kube_psa_version *v);

struct kube_psa_result {
        char *kind;
        char *name;
        struct sc_pos pos;
        bool allowed;
        /* "seccompProfile (pod or containers "a", "b" must set ...)";
         * NULL when allowed. */
        char *reason;
};

struct kube_psa_results {
        struct kube_psa_result *items;
        size_t n, alloc;
};

/* Evaluate the seccomp checks of the Pod Security Standards for level at
 * version on every workload object of s (the restricted level includes
 * the baseline checks it does not override, as PSA does). */
int kube_psa_stream(const struct doc_stream *s, const char *file,
                    enum kube_psa_level level,
                    const struct kube_psa_version *version,
                    struct sc_diags *diags, struct kube_psa_results *res);
void kube_psa_results_clear(struct kube_psa_results *r);
/* The API server's sentence: for a Pod
 *   pods "NAME" is forbidden: violates PodSecurity "LEVEL:VERSION": REASON
 * for a workload (which PSA only warns about), as kubectl prints it
 *   Warning: would violate PodSecurity "LEVEL:VERSION": REASON
 * and when allowed (PSA itself says nothing)
 *   pods "NAME": the seccomp checks of PodSecurity "LEVEL:VERSION" pass
 * Caller frees. */
char *kube_psa_message(const struct kube_psa_result *r,
                       enum kube_psa_level level,
                       const struct kube_psa_version *version);

/* The IDs of PSA's checks at level (its own and the lower level's) that
 * are (evaluated) or are not (!evaluated) run by kube_psa_stream, in
 * PSA's order.  Writes up to max into ret; returns how many there are. */
size_t kube_psa_checks(enum kube_psa_level level, bool evaluated,
                       const char **ret, size_t max);

/* ---- CustomResourceDefinition schemas ---- */

/* Check obj (a custom resource) against crd (a CustomResourceDefinition)
 * as the API server does before it stores it: the group and kind must
 * match, its apiVersion must be a served version, and the object must
 * satisfy that version's openAPIV3Schema structurally (types, unknown
 * fields, required, enum, minItems/maxItems, minimum/maximum, pattern,
 * int32/int64, x-kubernetes-list-type: set).  Appends one message per
 * problem to errs (none: accepted).  ret_namespaced (may be NULL) tells
 * whether the CRD's scope is Namespaced.  -EINVAL when crd or obj lack
 * group/kind/apiVersion. */
int kube_crd_validate(const struct doc_node *crd, const struct doc_node *obj,
                      struct strv *errs, bool *ret_namespaced);

/* ---- YAML output ---- */

/* Append s as a YAML scalar: plain when that reads back as the same
 * string, else double-quoted with escapes. */
void kube_yaml_scalar(struct strbuf *sb, const char *s);
/* Append a tree as block-style YAML; indent is the column of the node's
 * keys/items.  Used by export to write SPO resources and ConfigMaps. */
void kube_yaml_emit(struct strbuf *sb, const struct doc_node *n,
                    unsigned indent);
/* Append a multi-line string as a literal block scalar ("|" or "|-")
 * indented by indent spaces. */
void kube_yaml_block(struct strbuf *sb, const char *s, unsigned indent);

/* The API server's name rules (kube-names.c): a DNS-1123 label (a
 * namespace, at most 63), a ConfigMap key ([-._a-zA-Z0-9]+, not "." or
 * "..", not starting with ".."). */
bool kube_dns1123_label(const char *s);
bool kube_configmap_key(const char *s);
/* A string node's whole text: a NUL inside (JSON "\u0000", YAML "\0")
 * would otherwise cut it short ("RuntimeDefault\0junk" is not
 * "RuntimeDefault").  NULL unless n is a string without NUL bytes. */
const char *kube_whole_string(const struct doc_node *n);

#endif
