#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# record a workload, then run the same workload under the recorded profile
# (seccompctl run, runc's semantics): it must succeed with zero denials,
# checked with --explain (audit records).  Workloads: a sh pipeline, a
# multi-threaded program, fork+exec and posix_spawn (vfork), a
# syscall-heavy loop, a static i386 binary, and the tutorial's HTTP server
# serving a request.  RECORD_METHOD (default ptrace) picks the recorder;
# record-ebpf.sh runs this file again with ebpf.
set -eu
M=${RECORD_METHOD:-ptrace}
. tests/workloads/build.sh
. tests/lib/kernel-features.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

roundtrip() { # NAME COMMS CMD...
        local name=$1 comms=$2
        shift 2
        "$SECCOMPCTL" record --method "$M" -q -o "$T/$name.json" -- "$@" >"$T/$name.rec.out" ||
                fail "$name: record exited $?"
        "$SECCOMPCTL" run --explain --profile "$T/$name.json" -- "$@" \
                >"$T/$name.run.out" 2>"$T/$name.run.err" ||
                { cat "$T/$name.run.err"; fail "$name: run under the recorded profile exited $?"; }
        # shellcheck disable=SC2086
        no_denials "$T/$name.run.err" $comms || fail "$name: denials under the recorded profile"
        cmp -s "$T/$name.rec.out" "$T/$name.run.out" ||
                fail "$name: output differs between record and run"
        echo "ok: $name ($(jq '[.syscalls[].names[]] | length' "$T/$name.json") syscalls)"
}
has() { # NAME SYSCALL...
        local name=$1 s
        shift
        for s in "$@"; do
                jq -e --arg s "$s" '[.syscalls[].names[]] | index($s)' "$T/$name.json" >/dev/null ||
                        fail "$name: $s missing from the recorded profile"
        done
}

roundtrip pipeline 'sh ls sort wc' sh -c 'ls / | sort | wc -l'
# The path from filter install to the workload: execve itself and the
# dynamic loader's calls.
has pipeline execve brk mmap openat pipe2 wait4
jq -e '.defaultAction == "SCMP_ACT_ERRNO" and .architectures == ["SCMP_ARCH_X86_64"]' \
        "$T/pipeline.json" >/dev/null || fail "pipeline: wrong default or arches"

roundtrip threads threads "$W/threads"
# Only the threads make these.
has threads sysinfo getrusage sched_yield clone3

roundtrip forkexec forkexec "$W/forkexec"
# Only the exec'd grandchildren make uname and getppid.
has forkexec uname getppid execve wait4

roundtrip heavy syscall-heavy "$W/syscall-heavy" 20
has heavy getpgid sched_get_priority_min faccessat personality capget

if [ "$HAVE_I386" = 1 ] && [ "$HAVE_IA32" = 1 ]; then
        roundtrip i386 i386 "$W/i386"
        jq -e '.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"]' "$T/i386.json" >/dev/null ||
                fail "i386: expected x86_64 (the execve) and x86"
        # i386 glibc's uname is the i386 syscall 122 (newuname).
        has i386 uname set_thread_area
elif [ "$HAVE_IA32" = 0 ]; then
        skip_part "this kernel runs no i386 code (IA32 emulation off): i386 and int \$0x80 round trips not run"
else
        echo "FAIL: gcc -m32 -static cannot build the i386 workload (gcc-multilib missing?)"
        exit 1
fi

# int $0x80 from a 64-bit program: the arch comes from the seccomp data.
if [ "$HAVE_IA32" = 1 ]; then
        roundtrip int80 int80 "$W/int80"
        jq -e '.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"]' "$T/int80.json" >/dev/null ||
                fail "int80: the i386 call was not recorded as SCMP_ARCH_X86"
fi

# Negative control: without a syscall only a thread makes, the run fails.
jq '(.syscalls[].names) |= map(select(. != "sysinfo"))' "$T/threads.json" >"$T/threads-cut.json"
if "$SECCOMPCTL" run --profile "$T/threads-cut.json" -- "$W/threads" >/dev/null 2>&1; then
        fail "threads: still runs without sysinfo; the round trip proves nothing"
fi

# The tutorial's HTTP server, serving one request.
echo_bin=$BUILD/examples/http-echo
[ -x "$echo_bin" ] || fail "no $echo_bin (make all builds it)"
serve() { # MODE(record|run) NAME
        rm -f "$T/port"
        # Under the sanitizer build http-echo has LeakSanitizer, whose
        # stop-the-world thread is CLONE_UNTRACED: it would escape the
        # tracer but keep the RET_TRACE filter, and spin on ENOSYS.
        export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
        if [ "$1" = record ]; then
                timeout 300 "$SECCOMPCTL" record --method "$M" -q -o "$T/$2.json" -- "$echo_bin" -listen=127.0.0.1:0 \
                        -text=hello --once --port-file="$T/port" >"$T/$2.srv" 2>&1 &
        else
                timeout 300 "$SECCOMPCTL" run --explain --profile "$T/$2.json" -- "$echo_bin" \
                        -listen=127.0.0.1:0 -text=hello --once --port-file="$T/port" \
                        >"$T/$2.srv" 2>&1 &
        fi
        local pid=$! i
        for i in $(seq 200); do [ -s "$T/port" ] && break; sleep 0.05; done
        [ -s "$T/port" ] || { kill $pid; fail "http-echo did not start ($1)"; }
        exec 3<>/dev/tcp/127.0.0.1/"$(cat "$T/port")"
        printf 'GET / HTTP/1.0\r\nHost: x\r\n\r\n' >&3
        reply=$(cat <&3)
        exec 3>&-
        wait $pid || { cat "$T/$2.srv"; fail "http-echo exited $? ($1)"; }
        case $reply in *hello*) ;; *) fail "http-echo: unexpected reply '$reply' ($1)" ;; esac
}
serve record http
has http socket bind listen accept4 read write
serve run http
no_denials "$T/http.srv" http-echo || fail "http-echo: denials"
echo "ok: http-echo"
