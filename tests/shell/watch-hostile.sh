#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch against a workload that renames itself 1100 times (comm is the
# workload's choice and names the profile file when there is no container
# ID): at most 256 such profiles are written (containers have their own
# 1024: hostile-watch-comm.sh), the rest is counted and said.
set -eu
. tests/workloads/build.sh
T=$(mktemp -d)
wp=
trap '[ -n "$wp" ] && kill $wp 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL
grep -qw log /proc/sys/kernel/seccomp/actions_logged ||
        { echo "the kernel does not log SCMP_ACT_LOG (actions_logged)"; exit 77; }
if grep -qE '[0-9a-f]{64}' /proc/self/cgroup; then
        echo "this test runs inside a container: its records would all share one ID"
        exit 77
fi

cat >"$T/log.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_LOG"}]}
JSON
"$S" watch --method audit -q -o "$T/out" 2>"$T/watch.err" &
wp=$!
for i in $(seq 200); do
        grep -q "listening" "$T/watch.err" 2>/dev/null && break
        kill -0 $wp 2>/dev/null || break
        sleep 0.05
done
grep -q "listening" "$T/watch.err" || { cat "$T/watch.err"; grep -q CAP_AUDIT_READ "$T/watch.err" && exit 77; fail "watch did not start"; }
"$S" run --profile "$T/log.json" -- "$W/rename-flood" 1100
for i in $(seq 100); do
        grep -q "more than 256 profiles of processes outside containers" "$T/watch.err" && break
        sleep 0.1
done
kill -INT $wp
wait $wp || fail "watch exited $?"
wp=
n=$(find "$T/out" -name '*.json' | wc -l)
[ "$n" -le 256 ] || fail "$n profiles written"
[ "$(find "$T/out" -name 'rf*.json' | wc -l)" -ge 200 ] || fail "too few of the renamed process's profiles: $n"
grep -q "more than 256 profiles of processes outside containers" "$T/watch.err" || { cat "$T/watch.err"; fail "no warning"; }
grep -q "records not written: over 256 profiles of processes outside containers" "$T/watch.err" || fail "no count in the summary"
echo "ok: $n profiles, $(sed -n 's/ *\([0-9]*\) records not written.*/\1/p' "$T/watch.err") records counted only"
