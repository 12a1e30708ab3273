# SPDX-License-Identifier: Apache-2.0
# Sourced by the tests that run `seccompctl watch` in the background
# ($SECCOMPCTL).  Waits are bounded polls, never assertions: the caller
# checks what it needs once they end.
#
#   fail MSG              say FAIL: MSG, exit 1
#   watch_tmpdir          T: a new temporary directory, and an EXIT trap
#                         that stops watch (if running) and removes T
#   need_log_action       skip (77) unless the kernel logs SCMP_ACT_LOG
#   need_host_cgroups     skip (77) inside a container (every record would
#                         carry the same container ID)
#   watch_start ERR ARGS  start `seccompctl watch ARGS`, its stderr to ERR
#                         (its stdout: the caller's; redirect the call), and
#                         wait until it listens; its pid in $wp.  Skips
#                         (77) without CAP_AUDIT_READ, fails if it does not
#                         start.  The caller's EXIT trap kills "$wp".
#   watch_stop            SIGINT, then its exit status (wp emptied)
#   until_true CMD...     run CMD every 0.1 s until it succeeds (at most
#                         100 times)
#   has_syscall FILE NAME FILE is a profile that names syscall NAME

fail() {
        echo "FAIL: $*"
        exit 1
}

watch_cleanup() {
        [ -n "${wp:-}" ] && kill "$wp" 2>/dev/null
        rm -rf "$T"
}

watch_tmpdir() {
        T=$(mktemp -d /tmp/sc-watch-XXXXXX)
        wp=
        trap watch_cleanup EXIT
}

need_log_action() {
        grep -qw log /proc/sys/kernel/seccomp/actions_logged ||
                { echo "the kernel does not log SCMP_ACT_LOG (actions_logged)"; exit 77; }
}

need_host_cgroups() {
        if grep -qE '[0-9a-f]{64}' /proc/self/cgroup; then
                echo "this test runs inside a container: its records would all share one ID"
                exit 77
        fi
}

watch_start() {
        local err=$1 i
        shift
        "$SECCOMPCTL" watch "$@" 2>"$err" &
        wp=$!
        # "listening" is the line watch prints once it reads the audit
        # group; scripts start their workloads after it.
        for i in $(seq 200); do
                grep -q "listening" "$err" 2>/dev/null && return 0
                kill -0 "$wp" 2>/dev/null || break
                sleep 0.05
        done
        grep -q "listening" "$err" && return 0
        cat "$err" >&2
        if grep -q CAP_AUDIT_READ "$err"; then
                echo "no CAP_AUDIT_READ: the audit multicast group cannot be joined" >&2
                exit 77
        fi
        echo "FAIL: watch did not start" >&2
        exit 1
}

watch_stop() {
        local rc=0
        kill -INT "$wp"
        wait "$wp" || rc=$?
        wp=
        return $rc
}

until_true() {
        local i
        for i in $(seq 100); do
                "$@" && return 0
                sleep 0.1
        done
        return 0
}

has_syscall() {
        [ -f "$1" ] && jq -e --arg s "$2" '[.syscalls[].names[]] | index($s)' "$1" >/dev/null 2>&1
}
