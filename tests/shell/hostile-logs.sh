#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Audit lines with overlong and out-of-range fields for `logs`: a 2 MB
# comm, a 3 MB exe, a 2 MB hex-encoded comm, a 100000-digit syscall
# number, numbers past 2^64, a 1 MB unknown field, 200000 "type=1326"
# tokens on one line, unterminated quotes.  logs must finish (exit 0),
# count every such line as a record, as malformed, or as ignored (longer
# than the kernel ever writes, or in no kernel log form), never wrap a number
# into a different syscall/pid/action, keep the fields it prints bounded,
# and still read the well-formed records around them.  (Control
# characters in decoded fields: hostile-logs-escapes.sh.)
set -u
tmp=$(mktemp -d /tmp/sc-hlogs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
L='Jul  6 20:37:40 node kernel: audit: type=1326 audit(1594067860.484:14536): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm="http-echo" exe="/http-echo" sig=0 arch=c000003e syscall=51 compat=0 ip=0x46283b code=0x7ffc0000'
python3 - "$L" >"$tmp/hostile.log" <<'PY'
import sys
L = sys.argv[1]
r = L.replace
for line in [
    L,
    r('comm="http-echo"', 'comm="' + 'A' * 2_000_000 + '"'),
    r('exe="/http-echo"', 'exe="/' + 'b' * 3_000_000 + '"'),
    r('comm="http-echo"', 'comm=' + '41' * 1_000_000),
    r('comm="http-echo"', 'comm=4'),                       # odd hex
    r('syscall=51', 'syscall=' + '9' * 100_000),
    r('syscall=51', 'syscall=18446744073709551617'),       # 2^64 + 1
    r('syscall=51', 'syscall=4294967347'),                 # 2^32 + 51
    r('pid=29064', 'pid=' + '1' * 50),
    r('arch=c000003e', 'arch=' + 'c' * 10_000),
    r('code=0x7ffc0000', 'code=0x' + 'f' * 40),
    r('code=0x7ffc0000', 'code=0x17ffc0000'),              # 2^32 + LOG
    r('audit(1594067860.484:14536)', 'audit(' + '9' * 5000 + '.484:' + '1' * 5000 + ')'),
    L + ' x=' + 'y' * 1_000_000,
    'type=1326 ' * 200_000,
    r('comm="http-echo"', 'comm="' + '\\"' * 1000),
    r('comm="http-echo"', 'comm="unterminated'),
    L,
]:
    print(line)
PY
lines=$(wc -l < "$tmp/hostile.log")
"$S" logs --json "$tmp/hostile.log" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || { echo "FAIL: logs exit $rc: $(head -c 500 "$tmp/err")"; exit 1; }
python3 - "$tmp/out.json" "$lines" <<'PY' || exit 1
import json, re, sys
d = json.load(open(sys.argv[1]))
lines = int(sys.argv[2])
bad = []
ign = sum(d["ignored"].values())
if d["records"] + d["malformed"] + ign != lines:
    bad.append("records %d + malformed %d + ignored %d != %d lines" % (d["records"], d["malformed"], ign, lines))
names = set()
normal = 0
for p in d["processes"]:
    if p["pid"] != 29064:
        bad.append("pid %r (wrapped?)" % p["pid"])
    for f in ("comm", "exe"):
        if p[f] is not None and len(p[f]) > 4096:
            bad.append("%s of %d characters" % (f, len(p[f])))
    for s in p["syscalls"]:
        names.add((s["name"], s["nr"]))
        if set(re.findall(r"SCMP_ACT_\w+", json.dumps(s["actions"]))) != {"SCMP_ACT_LOG"}:
            bad.append("actions %r (code wrapped?)" % s["actions"])
        if p["comm"] == "http-echo" and p["exe"] == "/http-echo" and s["nr"] == 51:
            normal += s["count"]
# Numbers the kernel cannot print (past 2^32) may be kept as unnamed
# numbers, never turned into a named syscall.
if {(n, nr) for n, nr in names if n} != {("getsockname", 51)}:
    bad.append("syscalls %r (a number wrapped into another syscall?)" % sorted(names, key=str))
if normal < 2:
    bad.append("the well-formed records around the hostile lines: %d of 2+" % normal)
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
print("ok: %d lines: %d records, %d malformed, %d ignored, syscalls %s" %
      (lines, d["records"], d["malformed"], ign, sorted(n for n, _ in names if n)))
PY
grep -q "malformed seccomp record line" "$tmp/err" || { echo "FAIL: no malformed-lines warning"; exit 1; }

# The same lines as a profile: only the real syscall.
"$S" logs --runtime none -o "$tmp/p.json" "$tmp/hostile.log" >/dev/null 2>&1 || { echo "FAIL: logs -o"; exit 1; }
"$S" check -q "$tmp/p.json" || { echo "FAIL: the written profile does not check"; exit 1; }
[ "$(jq -c '[.syscalls[].names[]]' "$tmp/p.json")" = '["getsockname"]' ] ||
        { echo "FAIL: profile: $(cat "$tmp/p.json")"; exit 1; }
echo "ok: -o writes getsockname only"
