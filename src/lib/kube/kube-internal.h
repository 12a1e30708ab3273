/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared between the files of src/lib/kube/ and nothing else: what the
 * resolver (kube.c) and Pod Security Admission (kube-psa.c) both need to
 * walk a workload, which is no part of the public kube.h.
 */
#ifndef SC_KUBE_INTERNAL_H
#define SC_KUBE_INTERNAL_H

#include "kube.h"

/* Where a workload KIND ("Deployment", "CronJob", ...) keeps its pod
 * template, as a dotted path ("spec.jobTemplate.spec.template");
 * *ret_template is NULL for a Pod, which is its own template.  -ENOENT
 * for a kind that holds no pod. */
int kube_workload_template(const char *kind, const char **ret_template);

#endif
