#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# logs on records the kernel produced here: a workload under a profile that
# logs two syscalls (SCMP_ACT_LOG).  The records are read from the audit
# netlink group by a small independent tap (tests/workloads/audit-tap.c)
# that prints them as the kernel prints them to dmesg, because dmesg itself
# keeps only what printk's rate limit (10 lines / 5 s, shared with every
# other test on the machine) lets through.  The machine's whole dmesg is
# parsed too: every seccomp line in it must parse.
set -eu
. tests/workloads/build.sh
T=$(mktemp -d)
tap=
trap '[ -n "$tap" ] && kill $tap 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL
grep -qw log /proc/sys/kernel/seccomp/actions_logged ||
        { echo "the kernel does not log SCMP_ACT_LOG (actions_logged)"; exit 77; }

"$W/audit-tap" "$T/ready" >"$T/tap.log" &
tap=$!
for i in $(seq 200); do [ -e "$T/ready" ] && break; kill -0 $tap 2>/dev/null || break; sleep 0.05; done
if [ ! -e "$T/ready" ]; then
        wait $tap && rc=0 || rc=$?
        [ $rc = 77 ] && { echo "no CAP_AUDIT_READ: cannot join the audit multicast group"; exit 77; }
        fail "audit-tap did not start"
fi

cat >"$T/log.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppid", "uname"], "action": "SCMP_ACT_LOG"}]}
JSON
cp "$W/syscall-heavy" "$T/lg$$"
"$S" run --profile "$T/log.json" -- "$T/lg$$" 3 >/dev/null &
pid=$!
wait $pid
# The records are queued before the workload exits; give kauditd a moment
# to deliver them, then stop the tap.
for i in $(seq 100); do
        [ "$(grep -c "pid=$pid " "$T/tap.log")" -ge 6 ] && break
        sleep 0.05
done
kill -TERM $tap
wait $tap || true
tap=

"$S" logs --runtime none --json --pid $pid -o "$T/p.json" "$T/tap.log" >"$T/sum.json"
jq -e --arg c "lg$$" --arg exe "$T/lg$$" --argjson pid $pid \
        '.records == 6 and .malformed == 0 and .processes == [{"pid": $pid, "comm": $c, "exe": $exe,
        "syscalls": [{"name":"getppid","arch":"SCMP_ARCH_X86_64","nr":110,"count":3,"actions":["SCMP_ACT_LOG"]},
                     {"name":"uname","arch":"SCMP_ARCH_X86_64","nr":63,"count":3,"actions":["SCMP_ACT_LOG"]}]}]' \
        "$T/sum.json" >/dev/null || { cat "$T/sum.json"; fail "summary of the real records"; }
jq -e '.syscalls[0].names == ["getppid","uname"]' "$T/p.json" >/dev/null || fail "profile"
echo "ok: records from the audit group"

if dmesg >"$T/dmesg" 2>/dev/null; then
        "$S" logs --json "$T/dmesg" >"$T/dmesg.json" 2>/dev/null || fail "logs on dmesg"
        jq -e '.malformed == 0' "$T/dmesg.json" >/dev/null || fail "malformed lines in this machine's dmesg"
        echo "ok: dmesg ($(jq .records "$T/dmesg.json") seccomp lines, $(grep -c "pid=$pid comm=\"lg$$\"" "$T/dmesg" || true) of this run's 6 survived the rate limit)"
fi
