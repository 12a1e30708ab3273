#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A recorded workload calls PTRACE_ATTACH on its parent, which is
# `seccompctl record`, its own tracer.  The kernel allows it (root, or the
# same uid without Yama: this machine has no Yama), and then each waits
# for the other: the tracer is ptrace-stopped by its tracee, the tracee
# sits in a seccomp TRACE stop waiting for the tracer.  Both hang until
# SIGKILL.  Expected: the recording completes (the attach on the tracer
# fails, e.g. record answers ptrace(ATTACH/SEIZE, tracer pid) with EPERM
# at its TRACE stop) and the workload goes on.  Checked for root and for
# an unprivileged user.  A hang is detected after 10 s (then SIGKILL:
# PTRACE_O_EXITKILL takes the workload with it).
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/sc-hrptrace-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
CC=gcc bypass_build "$B/tracee" tests/bypass/tracee.c || { echo "FAIL: cannot build tracee"; exit 1; }
S=$SECCOMPCTL
fail=0
chmod 755 "$tmp"
cp "$B/tracee" "$tmp/tracee"; chmod 755 "$tmp/tracee"
mkdir "$tmp/out"; chmod 777 "$tmp/out"

attempt() { # NAME [PREFIX...]
        local name=$1 out rc; shift
        out=$(timeout -s KILL 10 "$@" "$S" record --method ptrace -q -o "$tmp/out/$name.json" -- "$tmp/tracee" attach-parent 2>&1)
        rc=$?
        if [ $rc = 137 ]; then
                echo "FAIL $name: record hung (tracer and tracee ptrace each other); output: $out"; fail=1
        elif [ $rc != 0 ] || [ ! -s "$tmp/out/$name.json" ]; then
                echo "FAIL $name: exit $rc: $out"; fail=1
        else
                echo "ok $name: $out"
        fi
}
attempt root
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        attempt nobody setpriv --reuid=65534 --regid=65534 --clear-groups
fi
exit $fail
