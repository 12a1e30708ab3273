#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# merge: recordings of different workloads combined; the union runs each of
# them with zero denials, and is no broader than the union (a syscall
# neither recording has stays denied).
set -eu
. tests/workloads/build.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL

"$S" record -q -o "$T/a.json" -- "$W/threads" >/dev/null
"$S" record -q --args socket -o "$T/b.json" -- "$W/socket-family" unix >/dev/null
"$S" merge -o "$T/m.json" "$T/a.json" "$T/b.json"
"$S" check "$T/m.json" >/dev/null || fail "merged profile does not pass check"
for cmd in "$W/threads" "$W/socket-family unix"; do
        c=${cmd##*/}
        # shellcheck disable=SC2086
        "$S" run --explain --profile "$T/m.json" -- $cmd >/dev/null 2>"$T/err" ||
                { cat "$T/err"; fail "$cmd under the merged profile"; }
        no_denials "$T/err" "${c%% *}" || fail "$cmd: denials"
done
# The condition on socket stayed exact.
if "$S" run --profile "$T/m.json" -- "$W/socket-family" inet >/dev/null 2>&1; then
        fail "merged profile lets socket(AF_INET) through; neither input did"
fi
# Names: exactly the union.
u=$(jq -s -c '[.[].syscalls[] | select(.args == null) | .names[]] | unique' "$T/a.json" "$T/b.json")
m=$(jq -c '[.syscalls[] | select(.args == null) | .names[]] | unique' "$T/m.json")
[ "$u" = "$m" ] || fail "merged names differ from the union: $m vs $u"
# Standard output, usage and error exits.
"$S" merge "$T/a.json" | jq -e .syscalls >/dev/null || fail "merge to stdout"
set +e
"$S" merge >/dev/null 2>&1; [ $? = 2 ] || fail "no PROFILE: not a usage error"
echo '{"defaultAction": "SCMP_ACT_NOPE"}' >"$T/bad.json"
"$S" merge "$T/a.json" "$T/bad.json" >/dev/null 2>&1; [ $? = 1 ] || fail "invalid input: not 1"
set -e
echo "ok"
