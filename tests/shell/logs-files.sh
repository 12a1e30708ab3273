#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# logs: the tutorial's own syslog lines (read in place from $SHARED) and an
# auditd log with every quirk (hex comm/exe, enriched fields after 0x1d,
# i386, x32, unknown numbers, other record types, malformed lines).
set -eu
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL
G=tests/golden/audit
tutorial=$FIXTURES/k8s/kubernetes-seccomp-tutorial.md
[ -f "$tutorial" ] || fail "no $tutorial"

# ---- the tutorial's lines, mixed into the rest of the document ----
"$S" logs --runtime none --comm http-echo -o "$T/tut.json" "$tutorial" >"$T/tut.txt"
diff -u "$G/tutorial.txt" "$T/tut.txt" || fail "tutorial summary differs from the golden file"
jq -e '.defaultAction == "SCMP_ACT_ERRNO" and .architectures == ["SCMP_ARCH_X86_64"] and
        .syscalls == [{"names":["accept4","futex","getsockname","pselect6","read","setsockopt"],
                       "action":"SCMP_ACT_ALLOW"}]' "$T/tut.json" >/dev/null ||
        { cat "$T/tut.json"; fail "tutorial profile"; }
# The profile passes check.
"$S" check "$T/tut.json" >/dev/null || fail "the written profile does not pass check"
# By default the profile also holds what runc calls after loading the
# filter (never in the records of a container that ran under a profile
# without a LOG default), and stderr names them; check --runtime runc
# warns about each one the --runtime none profile lacks.
"$S" logs --comm http-echo -o "$T/tut-runc.json" "$tutorial" >/dev/null 2>"$T/tut-runc.err"
grep -q "added what runc 1.1.5 calls itself after loading the filter: close execve fstatfs " "$T/tut-runc.err" ||
        { cat "$T/tut-runc.err"; fail "logs does not name the runtime's calls it added"; }
jq -e '[.syscalls[].names[]] | index("fstatfs") and index("accept4")' "$T/tut-runc.json" >/dev/null ||
        { cat "$T/tut-runc.json"; fail "logs -o without runc's calls"; }
"$S" check --runtime runc "$T/tut.json" 2>"$T/check.err" >/dev/null
grep -q 'warning: $: runc 1.1.5 calls fstatfs after loading the filter (always); without it runc fails: "error closing exec fds: ensure /proc/self/fd is on procfs: operation not permitted"' "$T/check.err" ||
        { cat "$T/check.err"; fail "check --runtime runc does not warn about fstatfs"; }
"$S" check --runtime runc "$T/tut-runc.json" 2>"$T/check2.err" >/dev/null
[ ! -s "$T/check2.err" ] || { cat "$T/check2.err"; fail "check --runtime runc warns about logs' own profile"; }
# stdin, and the same through a pipe.
grep 'type=1326' "$tutorial" | "$S" logs >"$T/tut2.txt"
diff -u "$G/tutorial.txt" "$T/tut2.txt" || fail "stdin summary differs"
echo "ok: tutorial"

# ---- auditd ----
"$S" logs "$G/auditd.log" >"$T/auditd.txt" 2>"$T/auditd.err" || fail "malformed lines made logs fail"
diff -u "$G/auditd.txt" "$T/auditd.txt" || fail "auditd summary differs"
grep -q "2 malformed seccomp record line(s), first at $G/auditd.log:11 $G/auditd.log:12" "$T/auditd.err" ||
        { cat "$T/auditd.err"; fail "malformed lines not reported with their positions"; }
"$S" logs --json "$G/auditd.log" 2>/dev/null | jq . >"$T/auditd.json"
diff -u "$G/auditd.json" "$T/auditd.json" || fail "auditd JSON differs"
# Filters: hex-decoded comm with a space, exe, pid.
n() { "$S" logs --json "$@" "$G/auditd.log" 2>/dev/null | jq -c '[.records, [.processes[].pid]]'; }
[ "$(n --comm 'my app')" = '[2,[4242]]' ] || fail "--comm with a hex-encoded comm"
[ "$(n --exe /usr/sbin/nginx)" = '[4,[4300]]' ] || fail "--exe"
[ "$(n --pid 4400)" = '[2,[4400]]' ] || fail "--pid"
[ "$(n --comm nosuch)" = '[0,[]]' ] || fail "--comm no match"
# i386 and x32 records give their arches; unnamed numbers are left out.
"$S" logs --runtime none -o "$T/all.json" "$G/auditd.log" >/dev/null 2>&1
jq -e '.architectures == ["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"] and
        .syscalls[0].names == ["getpid","ptrace","socket","socketcall","uname"]' "$T/all.json" >/dev/null ||
        { cat "$T/all.json"; fail "auditd profile"; }
# -o with nothing matched: no empty profile, exit 1.
if "$S" logs --comm nosuch -o "$T/none.json" "$G/auditd.log" >/dev/null 2>&1; then
        fail "-o with no match succeeded"
fi
[ ! -e "$T/none.json" ] || fail "an empty profile was written"
# Unreadable file: exit 1; usage errors: 2.
set +e
"$S" logs /nonexistent >/dev/null 2>&1; [ $? = 1 ] || fail "missing file not 1"
"$S" logs --pid x </dev/null >/dev/null 2>&1; [ $? = 2 ] || fail "--pid x not 2"
set -e
echo "ok: auditd"
