#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A profile whose filter would exceed the kernel's 4096-instruction limit
# (BPF_MAXINSNS): `compile` refuses it with a clear error and writes no
# file, `run` exits 125 and the command never runs.  Just under the limit
# the same kind of profile compiles, and the kernel loads and enforces it.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d /tmp/sc-limit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; fail=1; }
fail=0

# gen N: what a static program needs, plus personality allowed for N
# distinct values (one 64-bit comparison each; distinct high words, so
# that libseccomp's tree shares no node between them, as runc loads it).
gen() {
        python3 - "$1" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"defaultAction": "SCMP_ACT_ERRNO",
    "syscalls": [{"names": ["execve", "brk", "arch_prctl", "set_tid_address",
                            "set_robust_list", "rseq", "prlimit64", "readlinkat",
                            "getrandom", "mprotect", "exit_group", "write"],
                  "action": "SCMP_ACT_ALLOW"},
                 {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": (i << 32) | (i * 7 + 1), "op": "SCMP_CMP_EQ"}
                           for i in range(n)]}]}))
PY
}
gen 3000 > "$tmp/huge.json"
gen 1200 > "$tmp/over.json"
gen 800 > "$tmp/under.json"

for p in huge over; do
        "$S" compile --target x86_64 -o "$tmp/$p.bpf" "$tmp/$p.json" 2>"$tmp/err"
        rc=$?
        [ $rc = 1 ] || fail "compile $p: exit $rc"
        grep -q "$p.json:1:1: error: .*needs [0-9]* instructions, more than the kernel's limit of 4096" "$tmp/err" ||
                fail "compile $p: message: $(cat "$tmp/err")"
        [ ! -e "$tmp/$p.bpf" ] || fail "compile $p wrote $tmp/$p.bpf"
        ls "$tmp" | grep -q '\.tmp' && fail "compile $p left a temporary file"
        rm -f "$tmp/marker"
        "$S" run --profile "$tmp/$p.json" -- /bin/sh -c ": > $tmp/marker" 2>"$tmp/err"
        rc=$?
        [ $rc = 125 ] || fail "run $p: exit $rc"
        [ ! -e "$tmp/marker" ] || fail "run $p: the command ran"
        grep -q "more than the kernel's limit of 4096" "$tmp/err" || fail "run $p: message: $(cat "$tmp/err")"
        echo "ok $p: $(head -n 1 "$tmp/err")"
done

# Under the limit: the program has at most 4096 instructions, loads, and
# is enforced (personality(0): 0 is not a listed value: the default EPERM).
"$S" compile --target x86_64 --format raw -o "$tmp/under.bpf" "$tmp/under.json" || fail "compile under"
size=$(stat -c %s "$tmp/under.bpf")
[ "$size" -gt $((3000 * 8)) ] && [ "$size" -le $((4096 * 8)) ] || fail "under: $((size / 8)) instructions"
out=$("$S" run --profile "$tmp/under.json" -- "$B/rawsys" sys=135 2>"$tmp/err")
[ "$out" = "sys=135 errno 1" ] || fail "run under: '$out' $(cat "$tmp/err")"
echo "ok under: $((size / 8)) instructions, loaded, personality(0) -> $out"
exit $fail
