#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A workload names itself: prctl(PR_SET_NAME) sets comm to any 15 bytes,
# and its exe path is whatever file name it was started from.  The kernel
# (and auditd) hex-encode such values in the audit record (comm=1B5B32...)
# so the log line itself is safe; `logs` decodes them and must not then
# print the raw bytes: an ESC sequence would rewrite the operator's
# terminal (erase lines, set the title), a newline would forge a line of
# the summary ("pid 1 comm ..." or an extra syscall row).  Expected:
# control characters escaped in the human output (like the kernel's own
# quoting rules or Go's %q), the JSON output valid and exact.
set -u
tmp=$(mktemp -d /tmp/sc-hlogesc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
hex() { printf '%b' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F; }
comm=$(hex '\033[2K\033]0;pwned\007\n  fake   x86_64   1')
exe=$(hex '/tmp/\033[31mred\nline')
printf 'type=SECCOMP msg=audit(1700000000.123:101): auid=1000 uid=1000 gid=1000 ses=2 subj=unconfined pid=4242 comm=%s exe=%s sig=0 arch=c000003e syscall=39 compat=0 ip=0x7f0000001000 code=0x7ffc0000\n' \
        "$comm" "$exe" >"$tmp/audit.log"

"$S" logs "$tmp/audit.log" >"$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] || { echo "FAIL: logs exit $rc: $(cat "$tmp/out")"; fail=1; }
if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$tmp/out"; then
        echo "FAIL: raw control characters from comm/exe in the output:"
        od -c "$tmp/out" | head -n 10; fail=1
elif grep -q '^  fake' "$tmp/out"; then
        echo "FAIL: a forged summary line:"; cat "$tmp/out"; fail=1
else
        echo "ok human output escaped: $(head -n 1 "$tmp/out")"
fi
got=$("$S" logs --json "$tmp/audit.log" | python3 -c 'import json,sys; p=json.load(sys.stdin)["processes"][0]; print(repr((p["comm"], p["exe"])))')
want=$(python3 -c 'print(repr(("\x1b[2K\x1b]0;pwned\x07\n  fake   x86_64   1", "/tmp/\x1b[31mred\nline")))')
[ "$got" = "$want" ] || { echo "FAIL: --json: $got, want $want"; fail=1; }
exit $fail
