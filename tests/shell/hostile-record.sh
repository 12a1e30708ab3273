#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Workloads that strain `seccompctl record` (a ptrace tracer):
#   - 1000 forks, 100 alive at once: every child traced (a child the
#     tracer lost would get ENOSYS from the TRACE filter for every call,
#     see tests/bypass/tracee.c), the recording completes, and the
#     recorded profile runs the same workload;
#   - PTRACE_TRACEME from the traced workload: refused by the kernel, the
#     recording goes on and records ptrace;
#   - exec of a setuid binary: as root, traced exactly as untraced (euid
#     changes); as an unprivileged user, no privilege is gained
#     (no_new_privs) and the recording completes.
# (PTRACE_ATTACH on the tracer itself: hostile-record-ptrace.sh.)
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/sc-hrecord-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
CC=gcc bypass_build "$B/tracee" tests/bypass/tracee.c || { echo "FAIL: cannot build tracee"; exit 1; }
S=$SECCOMPCTL
fail=0
names() { jq -c '[.syscalls[].names[]]' "$1"; }

out=$("$S" record --method ptrace -o "$tmp/fork.json" -- "$B/tracee" fork 1000 2>"$tmp/err"); rc=$?
if [ $rc != 0 ] || [ "$out" != "forked 1000, ok 1000" ]; then
        echo "FAIL fork1000 record: exit $rc: $out $(cat "$tmp/err")"; fail=1
else
        grep -q ' 1001 tasks' "$tmp/err" || { echo "FAIL fork1000: summary: $(cat "$tmp/err")"; fail=1; }
        for s in clone getpriority sysinfo uname wait4; do
                jq -e --arg s $s '[.syscalls[].names[]] | index($s)' "$tmp/fork.json" >/dev/null ||
                        { echo "FAIL fork1000: $s missing: $(names "$tmp/fork.json")"; fail=1; }
        done
        out=$("$S" run --profile "$tmp/fork.json" -- "$B/tracee" fork 1000 2>&1); rc=$?
        [ $rc = 0 ] && [ "$out" = "forked 1000, ok 1000" ] ||
                { echo "FAIL fork1000 under the recorded profile: exit $rc: $out"; fail=1; }
        echo "ok fork1000: $(tail -n 1 "$tmp/err")"
fi

out=$("$S" record --method ptrace -q -o "$tmp/traceme.json" -- "$B/tracee" traceme 2>&1); rc=$?
if [ $rc != 0 ] || [ "$out" != "traceme Operation not permitted" ] ||
   ! jq -e '[.syscalls[].names[]] | index("ptrace")' "$tmp/traceme.json" >/dev/null; then
        echo "FAIL traceme: exit $rc: $out"; fail=1
else
        echo "ok traceme: $out, ptrace recorded"
fi

if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        chmod 755 "$tmp"
        cp "$B/rawsys" "$tmp/suid-nobody"; chown 65534:65534 "$tmp/suid-nobody"; chmod 4755 "$tmp/suid-nobody"
        cp "$B/rawsys" "$tmp/suid-root"; chown 0:0 "$tmp/suid-root"; chmod 4755 "$tmp/suid-root"
        nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        mkdir "$tmp/out"; chmod 777 "$tmp/out"
        # root tracer: the setuid exec happens as without tracing.
        plain=$("$tmp/suid-nobody" ids)
        out=$("$S" record --method ptrace -q -o "$tmp/out/root.json" -- "$tmp/suid-nobody" ids 2>&1); rc=$?
        if [ $rc != 0 ] || [ "$out" != "$plain" ] || [ "$plain" != "ids uid=0 euid=65534" ] ||
           ! jq -e '[.syscalls[].names[]] | index("geteuid")' "$tmp/out/root.json" >/dev/null; then
                echo "FAIL setuid as root: exit $rc: '$out' (untraced '$plain')"; fail=1
        else
                echo "ok setuid exec as root: $out, as untraced"
        fi
        # unprivileged tracer: the setuid-root binary gains nothing.
        plain=$("${nobody[@]}" "$tmp/suid-root" ids)
        out=$("${nobody[@]}" "$S" record --method ptrace -q -o "$tmp/out/nobody.json" -- "$tmp/suid-root" ids 2>&1); rc=$?
        if [ "$plain" != "ids uid=65534 euid=0" ]; then
                echo "FAIL setuid control: '$plain'"; fail=1
        elif [ $rc != 0 ] || [ "$out" != "ids uid=65534 euid=65534" ] ||
             ! jq -e '[.syscalls[].names[]] | index("geteuid")' "$tmp/out/nobody.json" >/dev/null; then
                echo "FAIL setuid as nobody: exit $rc: '$out'"; fail=1
        else
                echo "ok setuid exec as nobody: $out (untraced: $plain)"
        fi
else
        echo "setuid cases need root and setpriv: not run"
fi
exit $fail
