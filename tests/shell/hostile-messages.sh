#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Messages say what happened, once (issue 18, item 21).
set -u
tmp=$(mktemp -d /tmp/sc-msgs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
cd "$tmp"

# A top-level literal is what it is, not "unexpected end of input".
printf 'true' | "$S" check - 2>err >/dev/null
grep -q 'expected a JSON object, got boolean' err || FAIL "top-level true: $(cat err)"
grep -q 'unexpected end of input' err && FAIL "top-level true: end of input"

# Truncated JSON through install is a JSON error, not "invalid YAML".
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [' >trunc.json
cp trunc.json trunc
for f in trunc.json trunc; do
        "$S" install --root root "$f" 2>err
        grep -q "invalid JSON: unexpected end of input" err || FAIL "install $f: $(cat err)"
        grep -q "invalid YAML" err && FAIL "install $f: called invalid YAML"
done

# inspect: a missing PID is reported once.
pid=4194304 # above pid_max's ceiling: never a live process
"$S" inspect $pid 2>err >/dev/null
[ "$(grep -c "PID $pid" err)" = 1 ] || FAIL "inspect missing PID: $(cat err)"

# resolve: the profile's own error is quoted without a second "error:".
mkdir -p root
printf '{"defaultAction": "SCMP_ACT_BOGUS"}' >root/bad.json
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: Localhost, localhostProfile: bad.json}\n  containers: [{name: c, image: x}]\n' >pod.yaml
"$S" resolve --root root pod.yaml >out 2>&1
grep -q 'error: .*error:' out && FAIL "resolve: error: ... error: $(cat out)"
grep -q 'bad.json:1:19: \$.defaultAction: unknown action' out || FAIL "resolve: the profile's error is missing: $(cat out)"

# install -q prints errors only (this profile has a warning).
printf '{"defaultAction": "SCMP_ACT_ERRNO"}' >warn.json
"$S" check warn.json 2>&1 | grep -q warning || FAIL "warn.json has no warning any more (fix the test)"
"$S" install -q --root root warn.json 2>err >out || FAIL "install -q warn.json: exit $?"
[ -s err ] && FAIL "install -q printed: $(cat err)"
[ -s out ] && FAIL "install -q printed on stdout: $(cat out)"

# notify-listen on a path that is a regular file: says so, keeps it.
echo keep >listener
timeout 10 "$S" notify-listen --socket listener 2>err >/dev/null; rc=$?
[ $rc = 1 ] || FAIL "notify-listen on a regular file: exit $rc"
grep -q "Address already in use" err && FAIL "notify-listen: 'Address already in use' for a regular file"
grep -q "not a socket" err || FAIL "notify-listen: unclear: $(cat err)"
[ "$(cat listener)" = keep ] || FAIL "notify-listen replaced the regular file"

# run: a NOTIFY profile whose listener is missing: one error, exit 125.
printf '{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "%s/none.sock", "syscalls": [{"names": ["mkdirat", "mkdir"], "action": "SCMP_ACT_NOTIFY"}]}' "$tmp" >notify.json
timeout 30 "$S" run --profile notify.json -- true 2>err >/dev/null; rc=$?
[ $rc = 125 ] || FAIL "run with a missing listener: exit $rc"
[ "$(grep -c . err)" = 1 ] || FAIL "run with a missing listener: $(grep -c . err) lines: $(cat err)"
# compile: the error that fails the command is printed even when a hundred
# warnings came first (the diagnostics' cap once dropped it: exit 1, and
# only "121 warnings" on stderr).
{
        printf '{"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ['
        for i in $(seq 1 120); do printf '"nosuchcall%d",' "$i"; done
        printf '"nosuchcall0"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]},
  {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "args": [{"index": 0, "value": 2, "op": "SCMP_CMP_EQ"}]}]}'
} >capped.json
"$S" compile capped.json -o capped.bpf 2>err; rc=$?
[ $rc = 1 ] || FAIL "compile after 121 warnings: exit $rc"
grep -q "error: .*file exists" err || FAIL "compile after 121 warnings: the error is not printed: $(cat err)"
grep -q "121 warnings" err || FAIL "compile after 121 warnings: the count: $(cat err)"
[ -e capped.bpf ] && FAIL "compile after 121 warnings: wrote its output"
exit $fail
