#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# decompile names every syscall whose rule an inexact result lost (issue
# 18, item 17); it once named at most 8 per warning and none at all for
# verdicts a profile cannot state.  The program: x86_64 only, syscalls
# 0-11 answered SECCOMP_RET_TRAP with data 7 (OCI's SCMP_ACT_TRAP has no
# data), everything else allowed.  The profile can only say SCMP_ACT_TRAP:
# approximate at those 12 syscalls (and their x32 twins), and each must
# be named.
set -u
tmp=$(mktemp -d /tmp/sc-hdecomp-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; exit 1; }
python3 - "$tmp/trap7.bpf" <<'PY'
import struct, sys
LD_W_ABS, JEQ_K, JGE_K, RET_K = 0x20, 0x15, 0x35, 0x06
prog = [
    (LD_W_ABS, 0, 0, 4),            # 0: A = arch
    (JEQ_K, 0, 4, 0xc000003e),      # 1: x86_64? else 6
    (LD_W_ABS, 0, 0, 0),            # 2: A = nr
    (JGE_K, 1, 0, 12),              # 3: nr >= 12 -> 5
    (RET_K, 0, 0, 0x00030007),      # 4: TRAP, data 7
    (RET_K, 0, 0, 0x7fff0000),      # 5: ALLOW
    (RET_K, 0, 0, 0x80000000),      # 6: KILL_PROCESS
]
open(sys.argv[1], "wb").write(b"".join(struct.pack("<HBBI", *i) for i in prog))
PY
"$S" decompile -o "$tmp/p.json" "$tmp/trap7.bpf" >"$tmp/out" 2>"$tmp/err" ||
        fail "decompile exit $?: $(cat "$tmp/err")"
grep -q "approximate" "$tmp/err" || fail "not reported as approximate: $(cat "$tmp/err")"
missing=
for n in read write open close stat fstat lstat poll lseek mmap mprotect munmap; do
        grep -Eq "answers otherwise than the filter for [0-9]+ syscalls: .*\b$n\b" "$tmp/err" || missing="$missing $n"
done
[ -z "$missing" ] || fail "not named:$missing: $(cat "$tmp/err")"
grep -q '\.\.\.' "$tmp/err" && fail "a list cut short: $(cat "$tmp/err")"
echo "ok: all 12 approximate syscalls named"
