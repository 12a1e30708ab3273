#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# diff: equivalent profiles exit 0; a change shows the syscall with both
# verdicts and the right direction.
set -u
F=$FIXTURES
"$SECCOMPCTL" diff --target x86_64 "$F"/runtime-default/moby-default.json \
        "$F"/runtime-default/moby-default-resolved-x86_64.json >/dev/null 2>&1 || {
        echo "moby vs its resolved form should be equivalent"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/a.json" <<'J'
{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"}]}
J
cat > "$tmp/b.json" <<'J'
{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","exit_group","socket"],"action":"SCMP_ACT_ALLOW"},
 {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}
J
out=$("$SECCOMPCTL" diff --target x86_64 "$tmp/a.json" "$tmp/b.json" 2>&1); rc=$?
echo "$out"
[ $rc = 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
echo "$out" | grep -q '^  + socket .*SCMP_ACT_ERRNO(1)  ->  SCMP_ACT_ALLOW$' || exit 1
echo "$out" | grep -q '^  - write ' || exit 1
echo "$out" | grep -q '^  + personality .*SCMP_ACT_ALLOW if arg0 == 0x8; else SCMP_ACT_ERRNO(1)$' || exit 1
! echo "$out" | grep -q ' read ' || exit 1
"$SECCOMPCTL" diff --json --target x86_64 "$tmp/a.json" "$tmp/b.json" | python3 -c '
import json,sys; d=json.load(sys.stdin); assert {x["syscall"] for x in d} == {"socket","write","personality"}, d'
