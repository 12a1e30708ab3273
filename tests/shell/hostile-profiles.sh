#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Hostile input for the profile front end: each must give a clear error
# (or a bounded list of warnings) and a proper exit status, never a crash.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL

# 100k unknown syscall names: valid, warnings capped, summary counts all.
python3 -c '
import json
names = ["nosuch%d" % i for i in range(100000)]
print(json.dumps({"defaultAction": "SCMP_ACT_ERRNO",
                  "syscalls": [{"names": names + ["read"], "action": "SCMP_ACT_ALLOW"}]}))' > "$tmp/many.json"
out=$("$S" check "$tmp/many.json" 2>"$tmp/err"); rc=$?
[ $rc = 0 ] || fail "100k names: exit $rc"
[ "$(wc -l < "$tmp/err")" -le 201 ] || fail "100k names: $(wc -l < "$tmp/err") diagnostic lines"
grep -q "more problems not shown" "$tmp/err" || fail "100k names: no truncation note"
echo "$out" | grep -q "100000 warnings" || fail "100k names: summary: $out"
"$S" check --strict -q "$tmp/many.json" 2>/dev/null && fail "--strict must refuse unknown names"

# Valid JSON, but no kernel would load it: check says so (it compiles).
python3 -c '
import json
print(json.dumps({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"],
  "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": i * 4294967297, "op": "SCMP_CMP_EQ"}]} for i in range(2000)]}))' > "$tmp/big.json"
"$S" check -q "$tmp/big.json" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "more than the kernel's limit of 4096" "$tmp/err" || fail "4096: exit $rc: $(cat "$tmp/err")"

# Deep nesting: refused with a position, not a stack overflow.
python3 -c 'print("{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"x\":" + "[" * 200000 + "]" * 200000 + "}")' > "$tmp/deep.json"
"$S" check -q "$tmp/deep.json" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] || fail "deep: exit $rc"
grep -q "deep.json:1:[0-9]*: error: " "$tmp/err" || fail "deep: $(cat "$tmp/err")"

# Larger than the input limit (64 MiB): refused before parsing.
truncate -s 65M "$tmp/huge.json"
"$S" check -q "$tmp/huge.json" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "larger than 64 MiB" "$tmp/err" || fail "huge: exit $rc: $(cat "$tmp/err")"

# Not a file, empty file, binary junk, a YAML bomb.
"$S" check -q "$tmp" 2>/dev/null; [ $? = 1 ] || fail "directory"
: > "$tmp/empty.json"; "$S" check -q "$tmp/empty.json" 2>/dev/null; [ $? = 1 ] || fail "empty"
head -c 4096 /dev/urandom > "$tmp/junk"; "$S" check -q "$tmp/junk" 2>/dev/null; [ $? = 1 ] || fail "junk"
# Aliases are expanded (Kubernetes' YAML reader takes them), within a
# budget: ten levels of ten aliases (10^10 nodes) are refused early.
{
        echo 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
        for i in 1 2 3 4 5 6 7 8 9; do
                echo "a$i: &a$i [*a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1)), *a$((i-1))]"
        done
} > "$tmp/bomb.yaml"
"$S" check -q "$tmp/bomb.yaml" 2>"$tmp/err"; [ $? = 1 ] && grep -q "aliases expand to too many nodes" "$tmp/err" || fail "yaml alias bomb: $(cat "$tmp/err")"

# Nothing is written for a bad profile.
"$S" show -o "$tmp/out.json" "$tmp/junk" 2>/dev/null && fail "show of junk succeeded"
[ ! -e "$tmp/out.json" ] || fail "show wrote a file for bad input"
ls "$tmp" | grep -q tmp && fail "temporary file left behind"
echo ok
