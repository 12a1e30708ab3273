#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# inspect and decompile refuse clearly: reading filters needs CAP_SYS_ADMIN
# and an unconfined inspector (the kernel says EACCES otherwise), ptrace
# permission (EPERM); no such process, an unconfined process, a container
# nobody runs, junk .bpf input.  Exit 3 when a process cannot be
# inspected, 2 on usage errors, 1 for invalid input.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
[ "$(id -u)" = 0 ] || { echo "needs root (the refusals are tested from root down)"; exit 77; }
tmp=$(mktemp -d /tmp/sc-inspect-err-XXXXXX)
pids=()
cleanup() {
        for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
        rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

expect() { # NAME STATUS PATTERN CMD...
        local name=$1 want=$2 pat=$3; shift 3
        "$@" >"$tmp/out" 2>"$tmp/err"
        local rc=$?
        if [ $rc -ne "$want" ] || ! grep -q -- "$pat" "$tmp/err"; then
                echo "FAIL $name: exit $rc (want $want), stderr:"; cat "$tmp/err"; fail=1
        else
                echo "ok $name: exit $rc: $(grep -m1 -- "$pat" "$tmp/err")"
        fi
}

audit=$FIXTURES/k8s/profiles/audit.json
"$SECCOMPCTL" run --profile "$audit" -- /bin/sleep 60 2>/dev/null & runner=$!; pids+=("$runner")
pid=
for i in $(seq 200); do
        pid=$(pgrep -P "$runner" -x sleep || { [ "$(cat /proc/$runner/comm 2>/dev/null)" = sleep ] && echo "$runner"; })
        [ -n "$pid" ] && grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status" 2>/dev/null && break
        sleep 0.05
done
[ -n "$pid" ] || { echo "FAIL: workload did not start"; exit 1; }
pids+=("$pid")

# seccompctl itself under a filter: the kernel refuses GET_FILTER
expect under-seccomp 3 "needs CAP_SYS_ADMIN" \
        "$SECCOMPCTL" run --profile "$audit" -- "$SECCOMPCTL" inspect --profile "$pid"
# another user: ptrace itself is refused
expect unprivileged 3 "not permitted to trace" \
        setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$SECCOMPCTL" inspect "$pid"
# the status part still works without ptrace (mode, count, no_new_privs)
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$SECCOMPCTL" inspect "$pid" >"$tmp/out" 2>/dev/null
grep -q "seccomp filter, 1 filter, no_new_privs 1" "$tmp/out" ||
        { echo "FAIL unprivileged status line:"; cat "$tmp/out"; fail=1; }
expect no-such-pid 3 "PID 2147483647" "$SECCOMPCTL" inspect 2147483647
expect unconfined 3 "no seccomp filter (Unconfined)" "$SECCOMPCTL" inspect --profile $$
expect not-a-pid 2 "not a PID" "$SECCOMPCTL" inspect 12abc
expect no-container 3 "no process has a cgroup" "$SECCOMPCTL" inspect --container "no-such-container-$$"
expect no-args 2 "expected PID" "$SECCOMPCTL" inspect

# decompile: junk, a truncated instruction, a program the kernel refuses
printf 'garbage' > "$tmp/junk.bpf"
expect junk 1 "not a seccomp program" "$SECCOMPCTL" decompile "$tmp/junk.bpf"
printf '\x20\x00\x00\x00\xe8\x03\x00\x00' > "$tmp/bad-load.bpf"   # ld [1000]
expect bad-load 1 "not a seccomp program" "$SECCOMPCTL" decompile "$tmp/bad-load.bpf"
expect missing 1 "cannot read" "$SECCOMPCTL" decompile "$tmp/none.bpf"
# ret ALLOW alone: no arch check; read for the target, default ALLOW
printf '\x06\x00\x00\x00\x00\x00\xff\x7f' > "$tmp/allow.bpf"
"$SECCOMPCTL" decompile "$tmp/allow.bpf" >"$tmp/allow.json" 2>"$tmp/err"
grep -q '"defaultAction": "SCMP_ACT_ALLOW"' "$tmp/allow.json" ||
        { echo "FAIL allow-all:"; cat "$tmp/allow.json" "$tmp/err"; fail=1; }
exit $fail
