#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# notify-listen serves hand-offs side by side (issue 18, item 9): a client
# that connects to the agent's socket and sends nothing once blocked every
# later hand-off, so `run` with a NOTIFY profile hung.  Here 20 idle
# clients (more than the 16 pending connections the agent keeps) stay
# connected while `seccompctl run` hands over its listener: the run must
# get its answers.  (The `timeout` only keeps a regression from hanging
# the suite; nothing is asserted about time.)  Also: a runtime-chosen
# metadata string with terminal escapes is printed escaped.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
tmp=$(mktemp -d /tmp/sc-hnotify-XXXXXX)
agent= idle=
trap '[ -n "$idle" ] && kill $idle 2>/dev/null; [ -n "$agent" ] && kill $agent 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sock=$tmp/agent.sock
jq -n --arg s "$sock" --arg m $'demo\e]0;pwned\a' \
        '{defaultAction: "SCMP_ACT_ALLOW", listenerPath: $s, listenerMetadata: $m,
          syscalls: [{names: ["getppid"], action: "SCMP_ACT_NOTIFY"}]}' >"$tmp/notify.json"

"$SECCOMPCTL" notify-listen --socket "$sock" --policy errno:42 --once >"$tmp/agent.out" 2>"$tmp/agent.err" &
agent=$!
wait_for_file "$tmp/agent.out" || fail "agent did not start"

# 20 clients that connect and say nothing, held open until told to stop.
python3 - "$sock" "$tmp/idle.ready" <<'PY' &
import socket, sys, time
socks = []
for _ in range(20):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    socks.append(s)
open(sys.argv[2], "w").write("ok\n")
time.sleep(3600)
PY
idle=$!
wait_for_file "$tmp/idle.ready" || fail "idle clients did not connect"

timeout 300 "$SECCOMPCTL" run --profile "$tmp/notify.json" -- "$PROBE" getppid >"$tmp/probe.out" 2>"$tmp/run.err"
rc=$?
[ $rc = 0 ] || fail "run exit $rc (blocked behind the idle clients?): $(cat "$tmp/run.err" "$tmp/agent.err")"
[ "$(cat "$tmp/probe.out")" = "getppid errno 42" ] || fail "probe: $(cat "$tmp/probe.out")"
wait $agent; arc=$?; agent=
[ $arc = 0 ] || fail "agent exit $arc: $(cat "$tmp/agent.err")"
grep -q '^notify: pid [0-9]* (probe) syscall getppid (nr 110) .* metadata "demo\\x1b\]0;pwned\\x07" -> errno 42' "$tmp/agent.out" ||
        fail "agent output: $(cat -v "$tmp/agent.out")"
grep -q $'\e' "$tmp/agent.out" && fail "a raw ESC reached the agent's output"
grep -q "more than 16 clients connected without handing over a listener; closed the oldest" "$tmp/agent.err" ||
        fail "the dropped idle clients were not reported: $(cat "$tmp/agent.err")"
echo "ok: the hand-off is answered with 20 idle clients connected; metadata escaped"
