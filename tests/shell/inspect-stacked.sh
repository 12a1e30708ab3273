#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# inspect with stacked filters: a process that installs filters of its own
# (on top of each other, and on top of `seccompctl run`'s).  The kernel runs
# all of them and keeps the most restrictive action; on equal actions the
# newest filter's data (errno) wins.  The real syscalls prove what the
# kernel does; the decompiled profile must say the same, equal a
# hand-written combination, and read the same from the kernel
# (PTRACE_SECCOMP_GET_FILTER numbering) as from the .bpf files.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
[ "$(id -u)" = 0 ] || { echo "needs root (PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN)"; exit 77; }
tmp=$(mktemp -d /tmp/sc-inspect-stack-XXXXXX)
pids=()
cleanup() {
        for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
        rm -rf "$tmp"
}
trap cleanup EXIT
stop() { kill -9 "$@" 2>/dev/null; wait "$@" 2>/dev/null; }
fail=0
ARCHES='"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]'

# Installs the given .bpf files in order, then reports what getppid(),
# mount() and uname() return into the file $PROBE_OUT, then waits.
cat > "$tmp/loader.c" <<'C'
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
static int probe(long nr)
{
        errno = 0;
        return syscall(nr, 0, 0, 0, 0, 0) < 0 ? errno : 0;
}
int main(int argc, char **argv)
{
        static struct sock_filter buf[16][4096];
        struct sock_fprog prog[16];
        int n = argc - 1, out = open(getenv("PROBE_OUT"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (n < 0 || n > 16 || out < 0)
                return 2;
        for (int i = 0; i < n; i++) {
                int fd = open(argv[i + 1], O_RDONLY);
                ssize_t len = fd < 0 ? -1 : read(fd, buf[i], sizeof(buf[i]));
                if (len <= 0 || len % 8)
                        return 2;
                close(fd);
                prog[i].len = (unsigned short)(len / 8);
                prog[i].filter = buf[i];
        }
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
                return 3;
        for (int i = 0; i < n; i++)
                if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog[i]))
                        return 4;
        dprintf(out, "getppid=%d mount=%d\n", probe(SYS_getppid), probe(SYS_mount));
        close(out);
        for (;;)
                syscall(SYS_pause);
}
C
gcc -O2 -o "$tmp/loader" "$tmp/loader.c" || { echo "cannot build the loader"; exit 1; }

wait_probe() { # PID FILE N: until FILE is written and the kernel shows N filters
        local i
        for i in $(seq 200); do
                [ -s "$2" ] && grep -q "^Seccomp_filters:[[:space:]]*$3\$" "/proc/$1/status" 2>/dev/null && return 0
                sleep 0.05
        done
        echo "FAIL: PID $1 never reported (want $3 filters)"; fail=1
        return 1
}

verdict() { # PROFILE SYSCALL
        "$SECCOMPCTL" sim "$1" "$2" 2>/dev/null | head -n 1
}

expect_verdict() { # NAME PROFILE SYSCALL WANT
        local got
        got=$(verdict "$2" "$3")
        case $got in
        *"$4"*) ;;
        *) echo "FAIL $1: $3 is '$got' in the decompiled profile, want $4"; fail=1 ;;
        esac
}

# ---- two filters installed by the workload itself ----
cat > "$tmp/a.json" <<EOF
{"defaultAction": "SCMP_ACT_ALLOW", $ARCHES, "syscalls": [
 {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11},
 {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
 {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS"},
 {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}
EOF
cat > "$tmp/b.json" <<EOF
{"defaultAction": "SCMP_ACT_ALLOW", $ARCHES, "syscalls": [
 {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12},
 {"names": ["uname"], "action": "SCMP_ACT_LOG"},
 {"names": ["kill"], "action": "SCMP_ACT_TRAP"},
 {"names": ["getuid"], "action": "SCMP_ACT_KILL_THREAD"}]}
EOF
# what the kernel must enforce: per syscall the most restrictive action,
# getppid from the newer filter (b) because ERRNO ties
cat > "$tmp/want.json" <<EOF
{"defaultAction": "SCMP_ACT_ALLOW", $ARCHES, "syscalls": [
 {"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 12},
 {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
 {"names": ["kill"], "action": "SCMP_ACT_KILL_PROCESS"},
 {"names": ["uname"], "action": "SCMP_ACT_LOG"},
 {"names": ["getuid"], "action": "SCMP_ACT_KILL_THREAD"},
 {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}
EOF
for f in a b; do
        "$SECCOMPCTL" compile --format raw -o "$tmp/$f.bpf" "$tmp/$f.json" || { echo "FAIL: compile $f"; exit 1; }
done
PROBE_OUT=$tmp/probe1 "$tmp/loader" "$tmp/a.bpf" "$tmp/b.bpf" & pid=$!; pids+=("$pid")
if wait_probe "$pid" "$tmp/probe1" 2; then
        # the kernel itself: ties go to the newest filter
        if [ "$(cat "$tmp/probe1")" != "getppid=12 mount=1" ]; then
                echo "FAIL two filters: the kernel answered '$(cat "$tmp/probe1")', want getppid=12 mount=1"; fail=1
        fi
        "$SECCOMPCTL" inspect "$pid" > "$tmp/human" 2>&1
        grep -q "2 filters" "$tmp/human" || { echo "FAIL two filters: inspect says"; cat "$tmp/human"; fail=1; }
        "$SECCOMPCTL" inspect --profile "$pid" > "$tmp/p1.json" 2> "$tmp/p1.err" ||
                { echo "FAIL two filters: inspect --profile"; cat "$tmp/p1.err"; fail=1; }
        grep -q "^seccompctl: exact:" "$tmp/p1.err" || { echo "FAIL two filters: not exact"; cat "$tmp/p1.err"; fail=1; }
        expect_verdict "two filters" "$tmp/p1.json" getppid "SCMP_ACT_ERRNO(12)"
        expect_verdict "two filters" "$tmp/p1.json" mount "SCMP_ACT_ERRNO(1)"
        expect_verdict "two filters" "$tmp/p1.json" kill "SCMP_ACT_KILL_PROCESS"
        expect_verdict "two filters" "$tmp/p1.json" uname "SCMP_ACT_LOG"
        expect_verdict "two filters" "$tmp/p1.json" getuid "SCMP_ACT_KILL_THREAD"
        expect_verdict "two filters" "$tmp/p1.json" read "SCMP_ACT_ALLOW"
        # equal to the hand-written combination on the whole grid
        "$SECCOMPCTL" inspect "$pid" --against "$tmp/want.json" > "$tmp/against" 2>&1 ||
                { echo "FAIL two filters: --against the expected combination"; cat "$tmp/against"; fail=1; }
        # the kernel's filter numbering is the installation order: the
        # same stack read from the files gives the same profile
        "$SECCOMPCTL" decompile "$tmp/a.bpf" "$tmp/b.bpf" > "$tmp/p1-files.json" 2>/dev/null
        cmp -s "$tmp/p1.json" "$tmp/p1-files.json" ||
                { echo "FAIL two filters: inspect and decompile of the files differ"; diff "$tmp/p1.json" "$tmp/p1-files.json" | head; fail=1; }
        # and the reverse order is a different stack (getppid ERRNO(11))
        "$SECCOMPCTL" decompile "$tmp/b.bpf" "$tmp/a.bpf" > "$tmp/p1-rev.json" 2>/dev/null
        expect_verdict "reversed files" "$tmp/p1-rev.json" getppid "SCMP_ACT_ERRNO(11)"
        [ $fail = 0 ] && echo "ok two filters: kernel '$(cat "$tmp/probe1")', profile exact, equals the expected combination"
fi
stop "$pid"

# ---- a workload adding its own filter under seccompctl run (moby's) ----
cat > "$tmp/c.json" <<EOF
{"defaultAction": "SCMP_ACT_ALLOW", $ARCHES, "syscalls": [
 {"names": ["getppid", "getuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22},
 {"names": ["mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
 {"names": ["kill"], "action": "SCMP_ACT_LOG"}]}
EOF
"$SECCOMPCTL" compile --format raw -o "$tmp/c.bpf" "$tmp/c.json" || { echo "FAIL: compile c"; exit 1; }
MOBY=$FIXTURES/runtime-default/moby-default-resolved-x86_64.json
PROBE_OUT=$tmp/probe2 "$SECCOMPCTL" run --profile "$MOBY" -- "$tmp/loader" "$tmp/c.bpf" 2>/dev/null & runner=$!; pids+=("$runner")
pid=
for i in $(seq 200); do
        pid=$(pgrep -P "$runner" -x loader || { [ "$(cat /proc/$runner/comm 2>/dev/null)" = loader ] && echo "$runner"; })
        [ -n "$pid" ] && break
        sleep 0.05
done
if [ -n "$pid" ] && wait_probe "$pid" "$tmp/probe2" 2; then
        pids+=("$pid")
        # mount: moby says ERRNO(1), the workload's filter ERRNO(13); the
        # newer one wins
        if [ "$(cat "$tmp/probe2")" != "getppid=22 mount=13" ]; then
                echo "FAIL under run: the kernel answered '$(cat "$tmp/probe2")', want getppid=22 mount=13"; fail=1
        fi
        "$SECCOMPCTL" inspect --profile "$pid" > "$tmp/p2.json" 2> "$tmp/p2.err" ||
                { echo "FAIL under run: inspect --profile"; cat "$tmp/p2.err"; fail=1; }
        grep -q "^seccompctl: exact:" "$tmp/p2.err" || { echo "FAIL under run: not exact"; cat "$tmp/p2.err"; fail=1; }
        expect_verdict "under run" "$tmp/p2.json" getppid "SCMP_ACT_ERRNO(22)"
        expect_verdict "under run" "$tmp/p2.json" mount "SCMP_ACT_ERRNO(13)"
        expect_verdict "under run" "$tmp/p2.json" kill "SCMP_ACT_LOG"
        expect_verdict "under run" "$tmp/p2.json" reboot "SCMP_ACT_ERRNO(1)"
        expect_verdict "under run" "$tmp/p2.json" read "SCMP_ACT_ALLOW"
        "$SECCOMPCTL" inspect "$pid" --against "$tmp/p2.json" > "$tmp/against2" 2>&1 ||
                { echo "FAIL under run: --against its decompiled profile"; cat "$tmp/against2"; fail=1; }
        # moby alone is no longer what is enforced: exactly the syscalls the
        # workload's filter changed differ
        "$SECCOMPCTL" inspect "$pid" --against "$MOBY" > "$tmp/against3" 2>/dev/null
        rc=$?
        got=$(grep -o '^x86_64 [a-z_]* ' "$tmp/against3" | sort | tr -d '\n')
        if [ $rc -ne 1 ] || [ "$got" != "x86_64 getppid x86_64 getuid x86_64 kill x86_64 mount " ]; then
                echo "FAIL under run: --against moby: exit $rc, x86_64 differences '$got'"; fail=1
        fi
        [ $fail = 0 ] && echo "ok under run: kernel '$(cat "$tmp/probe2")', profile exact, differs from moby in exactly getppid getuid kill mount"
else
        echo "FAIL under run: workload did not start"; fail=1
fi
stop "$pid" "$runner"

# ---- a thread with a filter of its own (no TSYNC) ----
cat > "$tmp/thread.c" <<'C'
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
static struct sock_filter buf[4096];
static struct sock_fprog prog;
static void *run(void *arg)
{
        (void)arg;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
                _exit(4);
        for (;;)
                syscall(SYS_pause);
}
int main(int argc, char **argv)
{
        pthread_t t;
        int fd = argc > 1 ? open(argv[1], O_RDONLY) : -1;
        ssize_t len = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
        if (len <= 0 || len % 8)
                return 2;
        prog.len = (unsigned short)(len / 8);
        prog.filter = buf;
        pthread_create(&t, NULL, run, NULL);
        for (;;)
                pause();
}
C
gcc -O2 -pthread -o "$tmp/thread" "$tmp/thread.c" || { echo "cannot build the thread workload"; exit 1; }
"$tmp/thread" "$tmp/c.bpf" & pid=$!; pids+=("$pid")
tid=
for i in $(seq 200); do
        for t in /proc/$pid/task/*; do
                [ "${t##*/}" != "$pid" ] && grep -q '^Seccomp:[[:space:]]*2' "$t/status" 2>/dev/null && tid=${t##*/}
        done
        [ -n "$tid" ] && break
        sleep 0.05
done
if [ -z "$tid" ]; then
        echo "FAIL thread: no thread with a filter"; fail=1
else
        "$SECCOMPCTL" inspect "$pid" > "$tmp/thr.out" 2>&1
        if ! grep -q "seccomp disabled" "$tmp/thr.out" ||
           ! grep -q "thread $tid: seccomp filter, 1 filters: differs" "$tmp/thr.out"; then
                echo "FAIL thread: inspect of the process says"; cat "$tmp/thr.out"; fail=1
        fi
        "$SECCOMPCTL" inspect --profile "$tid" > "$tmp/thr.json" 2> "$tmp/thr.err" &&
                "$SECCOMPCTL" inspect "$tid" --against "$tmp/c.json" > /dev/null 2>&1 ||
                { echo "FAIL thread: the thread's own filter"; cat "$tmp/thr.err"; fail=1; }
        [ $fail = 0 ] && echo "ok thread: thread $tid's own filter reported and read exactly"
fi
stop "$pid"
exit $fail
