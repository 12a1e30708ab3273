#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Exit status of `seccompctl run`: the command's own, 128+N when a signal
# killed it (159 = SIGSYS from a KILL action), 127 for a missing command;
# every thread of the workload is filtered; --explain says so when it
# cannot read audit records.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
tmp=$(mktemp -d /tmp/sc-exit-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/kill-getppid.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["getppid"], "action": "SCMP_ACT_KILL_PROCESS"},
 {"names": ["getpgrp"], "action": "SCMP_ACT_TRAP"},
 {"names": ["getuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
JSON

expect_rc() { # NAME WANT CMD...
        local name=$1 want=$2; shift 2
        "$@" >"$tmp/out" 2>"$tmp/err"
        local rc=$?
        if [ $rc -eq "$want" ]; then
                echo "ok $name: exit $rc"
        else
                echo "FAIL $name: exit $rc, want $want"; cat "$tmp/err"; fail=1
        fi
}
expect_rc status-0 0 "$SECCOMPCTL" run --unconfined -- true
expect_rc status-7 7 "$SECCOMPCTL" run --runtime-default -- sh -c 'exit 7'
expect_rc status-7-explain 7 "$SECCOMPCTL" run --explain --runtime-default -- sh -c 'exit 7'
expect_rc sigterm 143 "$SECCOMPCTL" run --unconfined -- sh -c 'kill -TERM $$'
expect_rc kill-action 159 "$SECCOMPCTL" run --profile "$tmp/kill-getppid.json" -- "$PROBE" --no-fork getppid
expect_rc kill-action-explain 159 "$SECCOMPCTL" run --explain --profile "$tmp/kill-getppid.json" -- "$PROBE" --no-fork getppid
expect_rc not-found 127 "$SECCOMPCTL" run --unconfined -- /nonexistent/cmd
expect_rc not-executable 126 "$SECCOMPCTL" run --unconfined -- /etc/passwd

# Threads: calls made by a second thread of the new image are filtered the
# same as the main thread's (the filter is installed before execve).
"$SECCOMPCTL" run --profile "$tmp/kill-getppid.json" -- "$PROBE" getppid getpgrp getuid getpid >"$tmp/main.out"
"$SECCOMPCTL" run --profile "$tmp/kill-getppid.json" -- "$PROBE" --thread getppid getpgrp getuid getpid >"$tmp/thread.out"
want="getpid ok
getppid signal 31
getuid errno 13
getpgrp signal 31"
if [ "$(sort "$tmp/main.out")" = "$(echo "$want" | sort)" ] && diff -q "$tmp/main.out" "$tmp/thread.out" >/dev/null; then
        echo "ok threads: $(tr '\n' ';' < "$tmp/thread.out")"
else
        echo "FAIL threads:"; cat "$tmp/main.out" "$tmp/thread.out"; fail=1
fi

# --explain as root names the killer; unprivileged it says it cannot.
if [ "$(id -u)" = 0 ]; then
        "$SECCOMPCTL" run --explain --profile "$tmp/kill-getppid.json" -- "$PROBE" getppid getuid getpgrp 2>"$tmp/err" >/dev/null
        if grep -q '^killed: getppid (x1, signal 31) by pid [0-9]* (probe)$' "$tmp/err" &&
           grep -q '^denied: getuid (x1, errno 13 EACCES) by pid [0-9]* (probe)$' "$tmp/err" &&
           grep -q '^trapped: getpgrp (x1, SIGSYS) by pid [0-9]* (probe)$' "$tmp/err"; then
                echo "ok explain: $(tr '\n' ';' < "$tmp/err")"
        else
                echo "FAIL explain:"; cat "$tmp/err"; fail=1
        fi
        # Every record arrives: printk's rate limit (10 per 5 s) does not
        # apply to the audit multicast group.
        "$SECCOMPCTL" run --explain --profile "$tmp/kill-getppid.json" -- "$PROBE" --no-fork --repeat=300 getuid 2>"$tmp/err" >/dev/null
        if grep -q '^denied: getuid (x300, errno 13 EACCES) by pid [0-9]* (probe)$' "$tmp/err"; then
                echo "ok explain-burst: $(cat "$tmp/err")"
        else
                echo "FAIL explain-burst:"; cat "$tmp/err"; fail=1
        fi
        # Records of other filtered processes on the machine are not ours:
        # a neighbour keeps getting killed for getppid meanwhile.
        ( for i in $(seq 1 30); do
                "$SECCOMPCTL" run --profile "$tmp/kill-getppid.json" -- "$PROBE" getppid >/dev/null 2>&1
          done ) &
        neighbour=$!
        echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getuid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}' > "$tmp/deny-getuid.json"
        "$SECCOMPCTL" run --explain --profile "$tmp/deny-getuid.json" -- sh -c 'sleep 0.3; "$0" getuid' "$PROBE" 2>"$tmp/err" >/dev/null
        wait $neighbour
        if grep -q '^denied: getuid (x1, errno 13 EACCES) by pid [0-9]* (probe)$' "$tmp/err" &&
           ! grep -q '^killed:' "$tmp/err"; then
                echo "ok explain-neighbours: only the workload's records: $(tr '\n' ';' < "$tmp/err")"
        else
                echo "FAIL explain-neighbours:"; cat "$tmp/err"; fail=1
        fi
        if command -v setpriv >/dev/null; then
                setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all \
                        "$SECCOMPCTL" run --explain --unconfined -- true 2>"$tmp/err"
                rc=$?
                if [ $rc -eq 0 ] && grep -q 'explain: not available: reading audit records needs CAP_AUDIT_READ' "$tmp/err"; then
                        echo "ok explain-unprivileged: $(cat "$tmp/err")"
                else
                        echo "FAIL explain-unprivileged: exit $rc"; cat "$tmp/err"; fail=1
                fi
        fi
fi
exit $fail
