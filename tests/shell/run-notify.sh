#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# SCMP_ACT_NOTIFY end to end: `seccompctl notify-listen` as the agent,
# the listener fd handed over by `seccompctl run` and by runc itself (the
# same wire format), answered with errno and with continue.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
tmp=$(mktemp -d /tmp/sc-notify-XXXXXX)
agent=
trap '[ -n "$agent" ] && kill $agent 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
sock=$tmp/agent.sock
cat > "$tmp/notify.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "$sock",
 "listenerMetadata": "tutorial-demo",
 "syscalls": [{"names": ["getppid", "uname"], "action": "SCMP_ACT_NOTIFY"}]}
JSON

start_agent() { # POLICY
        rm -f "$sock" "$tmp/agent.out"
        "$SECCOMPCTL" notify-listen --socket "$sock" --policy "$1" --once \
                >"$tmp/agent.out" 2>&1 &
        agent=$!
        wait_for_file "$tmp/agent.out" || { echo "agent did not start"; exit 1; }
}
stop_agent() {
        wait $agent; local rc=$?; agent=
        return $rc
}

check() { # NAME EXPECTED-PROBE-OUTPUT
        if [ "$(cat "$tmp/probe.out")" = "$2" ] &&
           grep -q '^notify: pid [0-9]* (probe) syscall getppid (nr 110) .* metadata "tutorial-demo" -> ' "$tmp/agent.out" &&
           grep -q '^notify: pid [0-9]* (probe) syscall uname (nr 63) ' "$tmp/agent.out" &&
           grep -q 'gone after 2 notifications' "$tmp/agent.out"; then
                echo "ok $1: $(tr '\n' ';' < "$tmp/probe.out")"
        else
                echo "FAIL $1:"; cat "$tmp/probe.out" "$tmp/agent.out"; fail=1
        fi
}

start_agent errno:42
"$SECCOMPCTL" run --profile "$tmp/notify.json" -- "$PROBE" getpid getppid uname >"$tmp/probe.out"
stop_agent
check seccompctl-errno "getpid ok
getppid errno 42
uname errno 42"

start_agent continue
"$SECCOMPCTL" run --profile "$tmp/notify.json" -- "$PROBE" getppid uname >"$tmp/probe.out"
stop_agent
check seccompctl-continue "getppid ok
uname ok"

# runc hands the fd over the same way; our agent must understand it.
if command -v runc >/dev/null; then
        mkdir -p "$tmp/bundle/rootfs" "$tmp/runc-root"
        cp "$PROBE" "$tmp/bundle/rootfs/probe"
        (cd "$tmp/bundle" && runc spec && mv config.json spec.json)
        "$OCICFG" "$tmp/bundle/spec.json" "$tmp/notify.json" "$tmp/bundle/config.json" \
                -- /probe getppid uname || exit 1
        start_agent errno:13
        runc --root "$tmp/runc-root" run --bundle "$tmp/bundle" "sc-notify-$$" >"$tmp/probe.out"
        stop_agent
        check runc-errno "getppid errno 13
uname errno 13"
        grep -q "^listener: container sc-notify-$$ pid [0-9]* metadata \"tutorial-demo\"" "$tmp/agent.out" ||
                { echo "FAIL runc: container state not understood"; fail=1; }
fi
exit $fail
