#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Every byte a workload, manifest or file chose is escaped before it
# reaches a terminal (issue 18, item 10), by the one helper
# (strbuf_put_escaped): run --explain (the workload's comm), check
# (syscall names in warnings, SPO names), install (file names), export
# --format securitycontext (its comment line).  Each output is searched
# for raw ESC/BEL bytes and a forged line, and for the escaped form.
set -u
cd "$(dirname "$0")/../.."
S=$SECCOMPCTL
tmp=$(mktemp -d /tmp/sc-hesc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
EVIL=$'\e]0;pwned\a\e[2J'
ESC_FORM='\x1b]0;pwned\x07\x1b[2J'
raw() { LC_ALL=C grep -q $'[\e\a\x9b]' "$@"; }

# ---- check: a syscall name in a warning, an SPO name ----
jq -n --arg n "getpid$EVIL" '{defaultAction: "SCMP_ACT_ERRNO",
        syscalls: [{names: ["read", $n], action: "SCMP_ACT_ALLOW"}]}' >"$tmp/p.json"
"$S" check "$tmp/p.json" >"$tmp/out" 2>&1
raw "$tmp/out" && fail "check: raw escape in: $(cat -v "$tmp/out")"
grep -qF "getpid$ESC_FORM" "$tmp/out" || fail "check: no escaped name in: $(cat -v "$tmp/out")"
echo "ok: check warning"

cat >"$tmp/spo.yaml" <<YAML
apiVersion: security-profiles-operator.x-k8s.io/v1beta1
kind: SeccompProfile
metadata:
  name: "evil\\e]0;pwned\\a"
spec:
  defaultAction: SCMP_ACT_ERRNO
  syscalls:
  - action: SCMP_ACT_ALLOW
    names: [read]
YAML
"$S" check "$tmp/spo.yaml" >"$tmp/out" 2>&1
raw "$tmp/out" && fail "check SPO: raw escape in: $(cat -v "$tmp/out")"
grep -qF 'evil\x1b]0;pwned\x07' "$tmp/out" || fail "check SPO: no escaped name in: $(cat -v "$tmp/out")"
echo "ok: check SPO name"

# ---- install: the file name ----
mkdir -p "$tmp/root" "$tmp/src"
jq -n '{defaultAction: "SCMP_ACT_ERRNO", syscalls: [{names: ["read"], action: "SCMP_ACT_ALLOW"}]}' \
        >"$tmp/src/x${EVIL}y.json"
(cd "$tmp/src" && "$S" install --root "$tmp/root" "x${EVIL}y.json") >"$tmp/out" 2>&1
raw "$tmp/out" && fail "install: raw escape in: $(cat -v "$tmp/out")"
grep -qF "x${ESC_FORM}y.json" "$tmp/out" || fail "install: no escaped name in: $(cat -v "$tmp/out")"
echo "ok: install file name"

# ---- export --format securitycontext: the comment line ----
"$S" export --format securitycontext --path $'a\nsecurityContext: {privileged: true}\n#'"$EVIL.json" \
        "$tmp/p.json" >"$tmp/out" 2>"$tmp/err"
raw "$tmp/out" && fail "export: raw escape in: $(cat -v "$tmp/out")"
grep -q '^securityContext: {privileged' "$tmp/out" && fail "export: a forged line: $(cat -v "$tmp/out")"
grep -qF '# /var/lib/kubelet/seccomp/a\nsecurityContext: {privileged: true}\n#'"$ESC_FORM.json on every node" "$tmp/out" ||
        fail "export: comment: $(cat -v "$tmp/out" "$tmp/err")"
echo "ok: export securitycontext comment"

# ---- run --explain: the workload's comm (root and audit only) ----
if [ "$(id -u)" = 0 ]; then
        . tests/probe/lib.sh
        evil=$tmp/$'\e[31mred\a'
        cp "$PROBE" "$evil"
        jq -n '{defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: ["getppid"], action: "SCMP_ACT_ERRNO", errnoRet: 1}]}' >"$tmp/deny.json"
        "$S" run --explain --profile "$tmp/deny.json" -- "$evil" getppid >"$tmp/out" 2>"$tmp/err"
        if grep -q "explain: not available" "$tmp/err"; then
                echo "skip run --explain: $(grep 'not available' "$tmp/err")"
        else
                raw "$tmp/err" && fail "run --explain: raw escape in: $(cat -v "$tmp/err")"
                grep -qF '(\x1b[31mred\x07)' "$tmp/err" || fail "run --explain: comm: $(cat -v "$tmp/err")"
                echo "ok: run --explain comm"
        fi
fi

# ---- bidi overrides escaped, other UTF-8 kept (C1 controls and invalid
# UTF-8, which the JSON reader refuses anyway: tests/unit/test-escape.c) ----
printf '{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["ab\xe2\x80\xaec\xc3\xa9"],"action":"SCMP_ACT_ALLOW"}]}' >"$tmp/u.json"
"$S" check "$tmp/u.json" >"$tmp/out" 2>&1
LC_ALL=C grep -q $'\xe2\x80\xae' "$tmp/out" && fail "check: bidi override raw in: $(cat -v "$tmp/out")"
grep -qF 'ab\u202ec'$'\xc3\xa9' "$tmp/out" || fail "check: bidi: $(cat -v "$tmp/out")"
echo "ok: bidi overrides escaped, other UTF-8 kept"
