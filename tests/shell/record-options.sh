#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# record: exit status passed through, --args exact conditions, --base
# re-recording (stops only on what the base lacks), output handling.
set -eu
. tests/workloads/build.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL

# ---- exit status ----
st() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }
[ "$(st "$S" record --method ptrace -q -o "$T/x.json" -- sh -c 'exit 7')" = 7 ] || fail "exit 7 not passed through"
[ "$(st "$S" record --method ptrace -q -o "$T/x.json" -- sh -c 'kill -TERM $$')" = 143 ] || fail "SIGTERM not 143"
[ "$(st "$S" record --method ptrace -q -o "$T/x.json" -- /nonexistent/cmd)" = 127 ] || fail "missing command not 127"
printf 'not a program' >"$T/noexec"
chmod 644 "$T/noexec"
[ "$(st "$S" record --method ptrace -q -o "$T/x.json" -- "$T/noexec")" = 126 ] || fail "non-executable not 126"
[ "$(st "$S" record)" = 2 ] || fail "no command: not a usage error"
[ "$(st "$S" record --method ptrace --args nosuchsyscall -- true)" = 2 ] || fail "--args unknown name accepted"
# A workload that succeeds but whose profile cannot be written: 1.
[ "$(st "$S" record --method ptrace -q -o "$T/no/such/dir/p.json" -- true)" = 1 ] || fail "unwritable output not 1"
# Without -o the profile goes to stdout, after the workload's output.
"$S" record --method ptrace -q -- true | jq -e '.syscalls[0].names | index("execve")' >/dev/null ||
        fail "profile on stdout"
echo "ok: exit status"

# ---- --args: exact conditions ----
"$S" record --method ptrace -q --args socket -o "$T/sock.json" -- "$W/socket-family" unix >/dev/null
jq -e '[.syscalls[] | select(.names == ["socket"])] ==
        [{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]}]' \
        "$T/sock.json" >/dev/null || { cat "$T/sock.json"; fail "--args socket: wrong rule"; }
"$S" run --profile "$T/sock.json" -- "$W/socket-family" unix >/dev/null ||
        fail "--args: the recorded family is refused"
if out=$("$S" run --explain --profile "$T/sock.json" -- "$W/socket-family" inet 2>&1); then
        fail "--args: another family is let through"
fi
case $out in *"denied: socket"*) ;; *) echo "$out"; fail "--args: no socket denial explained" ;; esac
echo "ok: --args"

# ---- --base ----
"$S" record --method ptrace -q -o "$T/base.json" -- "$W/syscall-heavy" 20 >/dev/null
# A complete base: nothing is stopped, the result is the base.
"$S" record --method ptrace --base "$T/base.json" -o "$T/again.json" -- "$W/syscall-heavy" 20 \
        >/dev/null 2>"$T/again.err"
grep -q ": 0 syscalls traced" "$T/again.err" || { cat "$T/again.err"; fail "--base complete: stops"; }
names() { jq -c '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | sort' "$1"; }
[ "$(names "$T/base.json")" = "$(names "$T/again.json")" ] || fail "--base complete: profile changed"
# A base lacking getpgid: only getpgid stops (once per round), and is added.
jq '(.syscalls[].names) |= map(select(. != "getpgid"))' "$T/base.json" >"$T/cut.json"
"$S" record --method ptrace --base "$T/cut.json" -o "$T/fixed.json" -- "$W/syscall-heavy" 20 \
        >/dev/null 2>"$T/fixed.err"
grep -q ": 20 syscalls traced, 1 distinct" "$T/fixed.err" || { cat "$T/fixed.err"; fail "--base: wrong stops"; }
[ "$(names "$T/base.json")" = "$(names "$T/fixed.json")" ] || fail "--base: getpgid not added back"
"$S" run --explain --profile "$T/fixed.json" -- "$W/syscall-heavy" 20 >/dev/null 2>"$T/fixed.run" ||
        fail "--base: result does not run"
no_denials "$T/fixed.run" syscall-heavy || fail "--base: denials"
# The base's explicit rules keep their verdict while recording: with
# clone3 -> ENOSYS (as in Docker's and the RuntimeDefault profile) glibc falls
# back to clone, which is what gets recorded; clone3 stays ENOSYS.
"$S" record --method ptrace -q -o "$T/thr.json" -- "$W/threads" >/dev/null
jq '(.syscalls[].names) |= map(select(. != "clone3" and . != "clone")) |
    .syscalls += [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]' \
        "$T/thr.json" >"$T/thr-base.json"
"$S" record --method ptrace --base "$T/thr-base.json" -o "$T/thr2.json" -- "$W/threads" >/dev/null 2>"$T/thr2.err" ||
        { cat "$T/thr2.err"; fail "--base with clone3 -> ENOSYS: the workload failed"; }
jq -e '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | (index("clone") != null and index("clone3") == null)' \
        "$T/thr2.json" >/dev/null || { cat "$T/thr2.json"; fail "--base: clone not recorded, or clone3 allowed"; }
jq -e '[.syscalls[] | select(.action == "SCMP_ACT_ERRNO" and .errnoRet == 38) | .names[]] == ["clone3"]' \
        "$T/thr2.json" >/dev/null || fail "--base: the clone3 -> ENOSYS rule was lost"
"$S" run --profile "$T/thr2.json" -- "$W/threads" >/dev/null || fail "--base: clone3 result does not run"

# The built-in RuntimeDefault as base: the workload needs nothing more.
"$S" default >"$T/rd.json"
"$S" record --method ptrace --base "$T/rd.json" -o "$T/rd-rec.json" -- "$W/syscall-heavy" 5 >/dev/null 2>"$T/rd.err"
grep -q ": 0 syscalls traced" "$T/rd.err" || { cat "$T/rd.err"; fail "--base runtime default: stops"; }
echo "ok: --base"
