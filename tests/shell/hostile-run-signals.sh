#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# run (supervised: --explain) forwards SIGTERM, SIGINT, SIGQUIT and SIGHUP
# to the workload's whole process group (issue 18, item 25).  Before,
# SIGTERM reached only the direct child (its children were re-parented
# and kept running) and SIGINT/SIGQUIT sent to seccompctl were ignored.
# The workload (perl) forks a sleep and waits; after the signal both must
# be gone and seccompctl must exit 128+N.  Also: with a terminal (a pty
# from script(1)), the workload's group is the terminal's foreground.
set -u
cd "$(dirname "$0")/../.."
S=$SECCOMPCTL
tmp=$(mktemp -d /tmp/sc-hsig-XXXXXX)
pids=()
cleanup() {
        for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
        rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v perl >/dev/null || { echo "FAIL: perl (perl-base) is missing"; exit 1; }
ulimit -c 0
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$tmp/allow.json"

# gone PID: true once PID no longer runs (a zombie counts as gone);
# polls for up to 60 s, a bound against hanging, not a timing assertion.
gone() {
        local i st
        for i in $(seq 1 600); do
                st=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 0
                [ -z "$st" ] || [ "$st" = Z ] && return 0
                sleep 0.1
        done
        return 1
}

for sig in TERM INT QUIT HUP; do
        rm -f "$tmp/grandchild"
        "$S" run --explain --profile "$tmp/allow.json" -- perl -e '
                my $p = fork();
                if (!$p) { exec "sleep", "600"; }
                open(my $f, ">", "$ARGV[0].tmp"); print $f "$p\n"; close($f);
                rename("$ARGV[0].tmp", $ARGV[0]);
                waitpid($p, 0); exit 3;' "$tmp/grandchild" >"$tmp/out" 2>&1 &
        sc=$!
        pids+=("$sc")
        for i in $(seq 1 600); do [ -s "$tmp/grandchild" ] && break; sleep 0.1; done
        [ -s "$tmp/grandchild" ] || fail "SIG$sig: the workload did not start: $(cat "$tmp/out")"
        gc=$(cat "$tmp/grandchild")
        pids+=("$gc")
        kill -s "$sig" "$sc"
        gone "$sc" || fail "SIG$sig: seccompctl still runs (signal ignored?)"
        wait "$sc"
        rc=$?
        gone "$gc" || fail "SIG$sig: the workload's child $gc still runs (signal not forwarded to the group)"
        want=$((128 + $(kill -l "$sig")))
        [ "$rc" = "$want" ] || fail "SIG$sig: seccompctl exit $rc, expected $want: $(cat "$tmp/out")"
        echo "ok: SIG$sig reached the workload and its child, exit $rc"
done

"$S" run --help | grep -q "killed with SIGKILL" || fail "--help does not say what happens when seccompctl is killed"
echo "ok: --help"

# The terminal: the workload's group is its foreground, and reads work.
if command -v script >/dev/null; then
        printf 'hello\n' | script -qec "'$S' run --explain --profile '$tmp/allow.json' -- sh -c 'read x; echo \"got \$x\"; ps -o pgid=,tpgid= -p \$\$'" /dev/null >"$tmp/tty.out" 2>&1
        tr -d '\r' <"$tmp/tty.out" >"$tmp/tty.txt"
        grep -q '^got hello$' "$tmp/tty.txt" || fail "the workload could not read the terminal: $(cat "$tmp/tty.txt")"
        read -r pg tpg < <(grep -E '^ *[0-9]+ +[0-9]+ *$' "$tmp/tty.txt")
        [ -n "$pg" ] && [ "$pg" = "$tpg" ] || fail "the workload's group $pg is not the terminal's foreground $tpg"
        echo "ok: the workload's group owns the terminal"
fi
