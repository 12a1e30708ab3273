/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The union of what several profiles allow: combine recordings of several
 * runs or containers.  Pure.
 */
#ifndef SC_MERGE_H
#define SC_MERGE_H

#include "profile.h"

/* Merge resolved (plain OCI) profiles.  A call the result lets through
 * (ALLOW or LOG) is one at least one input lets through: permissive rules
 * are kept with their exact conditions, and a denial is dropped only where
 * another input certainly allows the same call.  Where that cannot be
 * decided exactly the result errs on the side of denying.
 *
 * defaultAction: permissive (ALLOW, else LOG) when any input's is, else
 * the first input's.  Architectures and flags: the union (rules apply to
 * every listed arch, as OCI has no per-arch rules).  -EINVAL when n == 0. */
int sc_profile_merge(const struct sc_profile *const *ps, size_t n,
                     struct sc_profile **ret);

/* Are the two argument lists the same conditions (in any order)? */
bool sc_args_equal(const struct sc_arg *a, size_t na, const struct sc_arg *b,
                   size_t nb);

#endif
