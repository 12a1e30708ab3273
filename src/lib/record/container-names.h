/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How watch names the profiles it writes: after the container a cgroup
 * path names, else after a comm (the workload's choice) made safe for a
 * file name.  Pure.
 */
#ifndef SC_CONTAINER_NAMES_H
#define SC_CONTAINER_NAMES_H

#include "util.h"

/* The last run of exactly 64 lower-case hex digits in s (a container ID
 * as containerd, CRI-O and Docker give them), NUL-terminated into ret. */
bool sc_find_container_id(const char *s, char ret[65]);
/* s with everything but [A-Za-z0-9._-] made '_', and no leading '.'
 * ("unknown" for ""): a file name that cannot leave its directory or
 * hide.  Caller frees. */
char *sc_safe_file_name(const char *s);

#endif
