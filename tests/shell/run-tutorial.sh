#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The Kubernetes seccomp tutorial's three profiles, for real:
#  - audit.json (SCMP_ACT_LOG) lets http-echo answer and produces type=1326
#    records (read back from the audit multicast group by --explain);
#  - violation.json makes the workload fail and --explain names the denied
#    syscalls;
#  - fine-grained.json lets http-echo answer.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
k8s=$FIXTURES/k8s/profiles
ECHO_DYN=$(cd "$BUILD/examples" && pwd)/http-echo
tmp=$(mktemp -d /tmp/sc-tutorial-XXXXXX)
srv=
trap '[ -n "$srv" ] && kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
text="just made some syscalls!"

# serve NAME PROFILE BINARY: start http-echo under the profile, GET once,
# check the answer and the exit status.
serve() {
        local name=$1 profile=$2 bin=$3
        rm -f "$tmp/port"
        "$SECCOMPCTL" run --explain --profile "$profile" -- "$bin" \
                -listen=127.0.0.1:0 -text="$text" --once \
                --port-file="$tmp/port" >"$tmp/$name.out" 2>"$tmp/$name.err" &
        srv=$!
        if ! wait_for_file "$tmp/port"; then
                echo "FAIL $name: http-echo did not start"; cat "$tmp/$name.err"
                fail=1; kill $srv; wait $srv; srv=; return 1
        fi
        local body
        body=$(http_get "$(cat "$tmp/port")")
        wait $srv; local rc=$?; srv=
        if [ "$body" != "$text" ] || [ $rc -ne 0 ]; then
                echo "FAIL $name: answer '$body', exit $rc"; cat "$tmp/$name.err"
                fail=1; return 1
        fi
        echo "ok $name: http-echo answered '$body'"
}

# audit.json: everything allowed and logged.
if serve audit "$k8s/audit.json" "$ECHO_DYN"; then
        if grep -q '^logged: accept4 (x1) by pid [0-9]* (http-echo)' "$tmp/audit.err" &&
           grep -q '^logged: execve ' "$tmp/audit.err"; then
                echo "ok audit: type=1326 records for $(grep -c '^logged:' "$tmp/audit.err") distinct calls"
        else
                echo "FAIL audit: no type=1326 records for accept4/execve"; cat "$tmp/audit.err"; fail=1
        fi
fi

# violation.json: nothing allowed, not even execve.
"$SECCOMPCTL" run --explain --profile "$k8s/violation.json" -- "$ECHO_DYN" \
        -listen=127.0.0.1:0 >"$tmp/violation.out" 2>"$tmp/violation.err"
rc=$?
if [ $rc -eq 126 ] && grep -q '^denied: execve (x1, errno 1 EPERM) by pid [0-9]* (seccompctl)$' "$tmp/violation.err"; then
        echo "ok violation: exit $rc, $(grep '^denied: execve' "$tmp/violation.err")"
else
        echo "FAIL violation: exit $rc"; cat "$tmp/violation.err"; fail=1
fi
# Once running, the same verdict names the workload's own calls: a profile
# allowing only what the static binary needs to start shows socket denied.
cat > "$tmp/nosocket.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve",
 "brk", "arch_prctl", "set_tid_address", "mprotect", "write", "exit_group",
 "readlinkat", "readlink", "getrandom", "prlimit64", "set_robust_list", "rseq"],
 "action": "SCMP_ACT_ALLOW"}]}
JSON
"$SECCOMPCTL" run --explain --profile "$tmp/nosocket.json" -- "$ECHO_STATIC" \
        -listen=127.0.0.1:0 >"$tmp/nosocket.out" 2>"$tmp/nosocket.err"
rc=$?
if [ $rc -eq 1 ] && grep -q '^denied: socket (x1, errno 1 EPERM) by pid [0-9]* (http-echo-stati)$' "$tmp/nosocket.err" &&
   grep -q 'http-echo: socket: Operation not permitted' "$tmp/nosocket.err"; then
        echo "ok violation-socket: $(grep '^denied: socket' "$tmp/nosocket.err")"
else
        echo "FAIL violation-socket: exit $rc"; cat "$tmp/nosocket.err"; fail=1
fi

# fine-grained.json lists the Go binary's calls: our static build (like the
# Go binary, no dynamic loader) answers under it.
serve fine-grained "$k8s/fine-grained.json" "$ECHO_STATIC"
# The dynamic build cannot: ld.so needs newfstatat/pread64, not in the list.
"$SECCOMPCTL" run --explain --profile "$k8s/fine-grained.json" -- "$ECHO_DYN" \
        -listen=127.0.0.1:0 >"$tmp/fg-dyn.out" 2>"$tmp/fg-dyn.err"
rc=$?
if [ $rc -ne 0 ] && grep -q '^denied: \(newfstatat\|pread64\|access\) ' "$tmp/fg-dyn.err"; then
        echo "ok fine-grained-dynamic: fails as expected, $(grep -c '^denied:' "$tmp/fg-dyn.err") calls denied"
else
        echo "FAIL fine-grained-dynamic: expected the loader's newfstatat to be denied"
        cat "$tmp/fg-dyn.err"; fail=1
fi
exit $fail
