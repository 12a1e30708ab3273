/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What `seccompctl hook` reads: the OCI container state a runtime hands a
 * hook on standard input (runtime-spec "state": ociVersion, id, status,
 * pid, bundle, annotations), and the recording request in the annotation
 * Podman's oci-seccomp-bpf-hook reads, io.containers.trace-syscall =
 * "[if:INPUT;]of:OUTPUT".  Pure: no I/O.
 */
#ifndef SC_OCIHOOK_H
#define SC_OCIHOOK_H

#include "diag.h"
#include "util.h"

#define SC_TRACE_ANNOTATION "io.containers.trace-syscall"

struct sc_oci_state {
        char *id;         /* NULL when absent */
        char *status;     /* "creating", "created", "running", "stopped" */
        char *bundle;
        int64_t pid;      /* 0 when absent or 0 */
        char *trace;      /* the annotation's value, NULL when absent */
};

/* -EINVAL (a diagnostic in diags) when buf is not a JSON object, or a
 * field has the wrong type (id, status, bundle, annotation values are
 * strings; pid an integer from 0 to INT_MAX). */
int sc_oci_state_parse(const char *buf, size_t len, struct sc_diags *diags,
                       struct sc_oci_state *ret);
void sc_oci_state_clear(struct sc_oci_state *s);

struct sc_trace_spec {
        char *input;      /* if:PATH, NULL when absent */
        char *output;     /* of:PATH */
};

/* "of:PATH", "if:PATH;of:PATH" (either order).  Both paths absolute;
 * of: required; no item twice, nothing else.  -EINVAL with *ret_why. */
int sc_trace_spec_parse(const char *s, struct sc_trace_spec *ret,
                        const char **ret_why);
void sc_trace_spec_clear(struct sc_trace_spec *t);

/* The Kubernetes names a CRI runtime puts in a container's config.json
 * annotations: containerd's io.kubernetes.cri.sandbox-namespace,
 * io.kubernetes.cri.sandbox-name and io.kubernetes.cri.container-name, or
 * CRI-O's io.kubernetes.pod.namespace, io.kubernetes.pod.name and
 * io.kubernetes.container.name. */
struct sc_k8s_names {
        char *ns, *pod, *container;
};
/* 0 with all three set; -ENOENT when the config has not all three (not
 * a Kubernetes container); -EINVAL when buf is not a JSON object. */
int sc_oci_k8s_names(const char *buf, size_t len, struct sc_k8s_names *ret);
void sc_k8s_names_clear(struct sc_k8s_names *n);
/* runc's /run/runc/ID/state.json: the bundle directory, from the
 * "bundle=PATH" label.  -ENOENT when absent, -EINVAL when not JSON. */
int sc_runc_state_bundle(const char *buf, size_t len, char **ret);

#endif
