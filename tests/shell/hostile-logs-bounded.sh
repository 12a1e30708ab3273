#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# logs keeps bounded memory whatever it reads (issue 18, item 8): no line
# limit once let `logs /dev/zero` grow to gigabytes, and one entry per
# process searched linearly made 200k pids take minutes and gigabytes.
# Each case runs under a 256 MiB address-space limit (ulimit -v), so an
# unbounded reader fails here instead of eating the machine; what was not
# kept must be reported, never silently dropped.
set -u
tmp=$(mktemp -d /tmp/sc-hbounded-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; exit 1; }
# ASan reserves terabytes of address space for its shadow memory and
# cannot start under ulimit -v: a sanitizer build runs unlimited (it still
# checks every access), the normal build proves the bound.
if grep -q __asan_init "$S"; then
        limited() { "$@"; }
else
        limited() { (ulimit -v 262144; "$@"); }
fi

# /dev/zero: no line break at all -> a clear error, exit 1, at once.
limited "$S" logs /dev/zero >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc = 1 ] || fail "logs /dev/zero: exit $rc: $(head -c 300 "$tmp/err")"
grep -q "/dev/zero: no line break in 16 MiB from line 1 on: not a text log" "$tmp/err" ||
        fail "logs /dev/zero: $(head -c 300 "$tmp/err")"
echo "ok: logs /dev/zero stops with: $(cat "$tmp/err")"

L() { # SERIAL PID SYSCALL
        echo "Jul  6 20:37:40 node kernel: audit: type=1326 audit(1594067860.484:$1): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=$2 comm=\"w\" exe=\"/bin/w\" sig=0 arch=c000003e syscall=$3 compat=0 ip=0x46283b code=0x7ffc0000"
}
# Overlong lines (1 MiB, and 20 MiB of one line broken only at its end)
# among records: skipped and counted, the records around them read.
{
        L 1 1 0
        head -c 1048576 /dev/zero | tr '\0' 'x'; echo
        L 2 1 1
        head -c $((20 << 20)) /dev/zero | tr '\0' 'y'; echo
        L 3 1 2
} >"$tmp/long.log"
limited "$S" logs --json "$tmp/long.log" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
# 20 MiB without a break is past the binary-input bound: the file ends there.
[ $rc = 1 ] || fail "long lines: exit $rc: $(head -c 300 "$tmp/err")"
jq -e '.records == 2 and .ignored.overlong == 1' "$tmp/out.json" >/dev/null ||
        fail "long lines: $(jq -c '{records, ignored}' "$tmp/out.json")"
grep -q "ignored 1 line(s) longer than 64 KiB" "$tmp/err" || fail "long lines not reported: $(cat "$tmp/err")"
echo "ok: a 1 MiB line skipped and reported, a 20 MiB run ends the file"

# 20000 processes and one process cycling through 5000 unnamed numbers.
python3 - >"$tmp/many.log" <<'PY'
import sys
w = sys.stdout.write
fmt = ('Jul  6 20:37:40 node kernel: audit: type=1326 audit(1594067860.484:%d): '
       'auid=4294967295 uid=0 gid=0 ses=4294967295 pid=%d comm="w%d" exe="/bin/w" '
       'sig=0 arch=c000003e syscall=%d compat=0 ip=0x46283b code=0x7ffc0000\n')
for i in range(5000):
    w(fmt % (20000 + i, 7, 7, 100000 + i))
for i in range(20000):
    w(fmt % (i, 100000 + i, i % 100, i % 300))
PY
limited "$S" logs --runtime none --json -o "$tmp/p.json" "$tmp/many.log" >"$tmp/out.json" 2>"$tmp/err" ||
        fail "many processes: exit $?: $(head -c 300 "$tmp/err")"
jq -e '.records == 25000 and (.processes | length) == 4096 and
        .unitemised == 20000 - 4095 and .dropped == 5000 - 64 and
        ([.processes[] | select(.pid == 7) | .syscalls | length] == [64])' \
        "$tmp/out.json" >/dev/null ||
        fail "many processes: $(jq -c '{records, unitemised, dropped, n: (.processes | length)}' "$tmp/out.json")"
[ "$(jq '[.syscalls[].names[]] | length' "$tmp/p.json")" = 300 ] ||
        fail "the profile lost syscalls of unitemised processes"
limited "$S" logs "$tmp/many.log" >"$tmp/human" 2>&1 || fail "many processes (human): exit $?"
grep -q "15905 records of processes past the first 4096 are in the totals and the profile, not itemised" "$tmp/human" &&
grep -q "4936 records of unnamed syscall numbers past the first 64 of a process not itemised" "$tmp/human" ||
        fail "drops not reported: $(tail -3 "$tmp/human")"
echo "ok: 20000 processes and 5000 unnamed numbers: bounded, the profile complete, drops reported"
