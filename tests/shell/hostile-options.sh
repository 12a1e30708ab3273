#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Option values that once overflowed, wrapped or were silently ignored
# (issue 18, item 20) are usage errors (exit 2) with a message:
#   install/watch --duration 9999999999999999999 (overflowed, ran forever),
#     0, nan, inf (ran forever), -1, 1e10;
#   --kernel 4294967300.0 (wrapped to 4.0), -1.0, 1.x, 1;
#   --caps CAP_SYS_ADMN (a typo meant "no caps");
#   sim --batch with 7 arguments (the 7th was dropped): refused.
# (`timeout` only keeps a regression from hanging the suite.)
set -u
tmp=$(mktemp -d /tmp/sc-hopt-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; exit 1; }
echo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}' >"$tmp/p.json"
mkdir -p "$tmp/root" "$tmp/watch"

usage() { # WANT-MESSAGE CMD...
        local want=$1; shift
        timeout 60 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
        local rc=$?
        [ $rc = 2 ] || fail "$*: exit $rc (expected 2): $(head -c 300 "$tmp/err")"
        grep -qF -- "$want" "$tmp/err" || fail "$*: message: $(head -c 300 "$tmp/err")"
}

for d in 9999999999999999999 0 nan inf -1 1e10 '' 5s; do
        usage "install: invalid --duration '$d'" "$S" install --root "$tmp/root" --watch "$tmp/watch" --duration "$d"
        usage "watch: invalid --duration '$d'" "$S" watch -o "$tmp/w" --duration "$d"
done
echo "ok: --duration"

for k in 4294967300.0 -1.0 1.x 1 .1 1. 70000.0 ' 5.4'; do
        usage "invalid --kernel '$k'" "$S" compile --kernel "$k" "$tmp/p.json"
done
# A valid one still works and matters (minKernel is honoured elsewhere).
"$S" compile --kernel 5.4 "$tmp/p.json" >/dev/null || fail "--kernel 5.4 refused"
echo "ok: --kernel"

usage "unknown capability 'CAP_SYS_ADMN' in --caps" "$S" compile --caps CAP_SYS_ADMN "$tmp/p.json"
usage "unknown capability 'nosuch'" "$S" show --caps chown,nosuch "$tmp/p.json"
# Names are case-insensitive, CAP_ optional, every Linux 6.18 capability known.
"$S" compile --caps sys_admin,CAP_NET_RAW,cap_checkpoint_restore,bpf,perfmon "$tmp/p.json" >/dev/null ||
        fail "valid --caps refused"
# And the caps take effect: with CAP_SYS_ADMIN, read is allowed.
[ "$("$S" sim --caps sys_admin "$tmp/p.json" read)" = "SCMP_ACT_ALLOW" ] || fail "--caps sys_admin not applied"
echo "ok: --caps"

printf 'x86_64 read 1 2 3 4 5 6 7\n' >"$tmp/batch"
"$S" sim --batch "$tmp/batch" "$tmp/p.json" >"$tmp/out" 2>"$tmp/err" && fail "sim --batch took 7 arguments: $(cat "$tmp/out")"
grep -q "at most 6 arguments" "$tmp/err" || fail "sim --batch: $(cat "$tmp/err")"
printf 'x86_64 read 1 2 3 4 5 6\n' >"$tmp/batch"
"$S" sim --batch "$tmp/batch" "$tmp/p.json" >/dev/null || fail "sim --batch with 6 arguments refused"
echo "ok: sim --batch"
