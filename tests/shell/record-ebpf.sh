#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# record --method ebpf: the default recorder where it can run.  The round
# trips of record-roundtrip.sh with it; the same profile as the ptrace
# recorder on deterministic workloads (x32 numbers and --args included);
# exit statuses; a detached daemon is still recorded; --base keeps the
# base's denials; and the fallback to ptrace when the kernel refuses the
# program: capabilities dropped with setpriv, BTF hidden in a private mount
# namespace.
set -eu
. tests/workloads/build.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
S=$SECCOMPCTL

[ "$(uname -m)" = x86_64 ] || { echo "the eBPF recorder is built for x86_64 only"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "the eBPF recorder needs root (CAP_BPF and CAP_PERFMON)"; exit 77; }
[ -r /sys/kernel/btf/vmlinux ] || { echo "the kernel has no BTF (/sys/kernel/btf/vmlinux)"; exit 77; }

# ---- the default method, said in the summary ----
"$S" record -o "$T/ls.json" -- ls / >/dev/null 2>"$T/ls.err" || { cat "$T/ls.err"; fail "record ls"; }
grep -q "(method ebpf)" "$T/ls.err" || { cat "$T/ls.err"; fail "ebpf is not the default"; }
! grep -q "warning" "$T/ls.err" || { cat "$T/ls.err"; fail "unexpected warning"; }
echo "ok: default method"

# ---- round trips (threads, fork+exec, posix_spawn, pipeline, http-echo) ----
RECORD_METHOD=ebpf bash tests/shell/record-roundtrip.sh || fail "round trips with ebpf"

# ---- same profile as ptrace on deterministic workloads ----
cat >"$T/x32.c" <<'C'
/* An x32-numbered getpid (0x40000000 | 39) from a 64-bit program: the
 * kernel sees it with AUDIT_ARCH_X86_64 and the x32 bit whether or not it
 * has x32 support (ENOSYS without it). */
#include <stdio.h>
#include <unistd.h>
int main(void)
{
        long r = syscall(0x40000000L | 39);
        printf("x32 getpid: %s\n", r < 0 ? "refused" : "ok");
        return 0;
}
C
cc -O2 -o "$T/x32" "$T/x32.c"
same() { # NAME RECORD-OPTIONS... -- CMD...
        local name=$1
        shift
        "$S" record --method ptrace -q -o "$T/$name.p.json" "$@" >"$T/$name.p.out" || fail "$name: ptrace record $?"
        "$S" record --method ebpf -q -o "$T/$name.e.json" "$@" >"$T/$name.e.out" || fail "$name: ebpf record $?"
        cmp -s "$T/$name.p.out" "$T/$name.e.out" || fail "$name: outputs differ"
        if ! cmp -s <(jq -S . "$T/$name.p.json") <(jq -S . "$T/$name.e.json"); then
                "$S" diff "$T/$name.p.json" "$T/$name.e.json" || true
                fail "$name: ebpf and ptrace profiles differ"
        fi
        echo "ok: $name: same profile as ptrace ($(jq '[.syscalls[].names[]] | length' "$T/$name.e.json") syscalls)"
}
same heavy -- "$W/syscall-heavy" 20
same forkexec -- "$W/forkexec"
same x32 -- "$T/x32"
jq -e '.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"] and
       ([.syscalls[].names[]] | index("getpid") != null)' "$T/x32.e.json" >/dev/null ||
        { cat "$T/x32.e.json"; fail "x32: the x32 getpid is not recorded under SCMP_ARCH_X32"; }
same args --args socket:0:1,personality -- "$W/socket-family" unix
jq -e '[.syscalls[] | select(.names == ["socket"])] ==
        [{"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"},{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]}]' \
        "$T/args.e.json" >/dev/null || { cat "$T/args.e.json"; fail "--args socket:0:1: wrong rule"; }

# ---- exit statuses ----
st() { set +e; "$@" >/dev/null 2>&1; echo $?; set -e; }
[ "$(st "$S" record --method ebpf -q -o "$T/x.json" -- sh -c 'exit 7')" = 7 ] || fail "exit 7 not passed through"
[ "$(st "$S" record --method ebpf -q -o "$T/x.json" -- sh -c 'kill -TERM $$')" = 143 ] || fail "SIGTERM not 143"
[ "$(st "$S" record --method ebpf -q -o "$T/x.json" -- /nonexistent/cmd)" = 127 ] || fail "missing command not 127"
printf 'not a program' >"$T/noexec"
chmod 644 "$T/noexec"
[ "$(st "$S" record --method ebpf -q -o "$T/x.json" -- "$T/noexec")" = 126 ] || fail "non-executable not 126"
[ "$(st "$S" record --method bogus -- true)" = 2 ] || fail "--method bogus: not a usage error"
echo "ok: exit statuses"

# ---- a daemon that detaches is still waited for and recorded ----
"$S" record --method ebpf -q -o "$T/daemon.json" -- sh -c '(sleep 0.3; uname >"$0") & exit 0' "$T/uname.out"
[ -s "$T/uname.out" ] || fail "record returned before the detached child finished"
jq -e '[.syscalls[].names[]] | index("uname")' "$T/daemon.json" >/dev/null ||
        fail "the detached child's uname is not recorded"
echo "ok: detached daemon"

# ---- --base: the base's denials hold while recording ----
"$S" record --method ebpf -q -o "$T/thr.json" -- "$W/threads" >/dev/null
jq '(.syscalls[].names) |= map(select(. != "clone3" and . != "clone")) |
    .syscalls += [{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}]' \
        "$T/thr.json" >"$T/thr-base.json"
"$S" record --method ebpf --base "$T/thr-base.json" -o "$T/thr2.json" -- "$W/threads" >/dev/null 2>"$T/thr2.err" ||
        { cat "$T/thr2.err"; fail "--base with clone3 -> ENOSYS: the workload failed"; }
jq -e '[.syscalls[] | select(.action == "SCMP_ACT_ALLOW") | .names[]] | (index("clone") != null and index("clone3") == null)' \
        "$T/thr2.json" >/dev/null || { cat "$T/thr2.json"; fail "--base: clone not recorded, or clone3 allowed"; }
"$S" run --profile "$T/thr2.json" -- "$W/threads" >/dev/null || fail "--base: the result does not run"
echo "ok: --base"

# ---- fallbacks: the kernel refuses, record says why and uses ptrace ----
command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
nocap=(setpriv --bounding-set -bpf,-perfmon,-sys_admin --)
"${nocap[@]}" "$S" record -o "$T/fb.json" -- "$W/syscall-heavy" 5 >/dev/null 2>"$T/fb.err" ||
        { cat "$T/fb.err"; fail "fallback without CAP_BPF: record failed"; }
grep -q "eBPF recorder unavailable (no CAP_BPF" "$T/fb.err" || { cat "$T/fb.err"; fail "fallback not said"; }
grep -q "(method ptrace)" "$T/fb.err" || { cat "$T/fb.err"; fail "fallback did not use ptrace"; }
"$S" run --profile "$T/fb.json" -- "$W/syscall-heavy" 5 >/dev/null || fail "fallback profile does not run"
if "${nocap[@]}" "$S" record --method ebpf -o "$T/fb2.json" -- true 2>"$T/fb2.err"; then
        fail "--method ebpf without CAP_BPF succeeded"
fi
grep -q "cannot run: no CAP_BPF" "$T/fb2.err" || { cat "$T/fb2.err"; fail "--method ebpf: no reason given"; }
[ ! -e "$T/fb2.json" ] || fail "--method ebpf failed but wrote a profile"
echo "ok: fallback without CAP_BPF/CAP_PERFMON/CAP_SYS_ADMIN"
# No BTF: an empty tmpfs over /sys/kernel/btf in a private mount namespace
# is what a kernel built without CONFIG_DEBUG_INFO_BTF shows.
if unshare -m true 2>/dev/null; then
        unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$@"' sh \
                "$S" record -o "$T/nobtf.json" -- "$W/syscall-heavy" 5 >/dev/null 2>"$T/nobtf.err" ||
                { cat "$T/nobtf.err"; fail "fallback without BTF: record failed"; }
        grep -q "eBPF recorder unavailable (the kernel has no BTF" "$T/nobtf.err" ||
                { cat "$T/nobtf.err"; fail "no-BTF fallback not said"; }
        grep -q "(method ptrace)" "$T/nobtf.err" || fail "no-BTF fallback did not use ptrace"
        "$S" run --profile "$T/nobtf.json" -- "$W/syscall-heavy" 5 >/dev/null ||
                fail "no-BTF fallback profile does not run"
        echo "ok: fallback without BTF"
else
        echo "note: unshare -m does not work here; the no-BTF fallback was not exercised"
fi

# ---- nothing lost silently: with maps of 8 entries (SECCOMPCTL_BPF_SMALL_MAPS)
# the overflows are counted, said, and make the exit status 1 ----
st=0
SECCOMPCTL_BPF_SMALL_MAPS=1 "$S" record --method ebpf -o "$T/ov.json" -- \
        sh -c 'p=; for i in $(seq 20); do sleep 60 & p="$p $!"; done; kill $p; wait; exit 0' \
        2>"$T/ov.err" || st=$?
[ $st = 1 ] || { cat "$T/ov.err"; fail "overflowing tgid map: exit $st, not 1"; }
grep -q "warning: [0-9]* child processes not followed (map full)" "$T/ov.err" ||
        { cat "$T/ov.err"; fail "tgid map overflow not reported"; }
grep -q "lost events: the profile may be incomplete" "$T/ov.err" || fail "no incomplete-profile error"
echo "ok: map overflows reported"
