#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Fail closed: whenever seccompctl cannot enforce the profile it was given
# (bad JSON, an unknown action, a filter the kernel refuses, a missing or
# invalid Localhost file, a NOTIFY profile whose agent is not there), the
# command never runs and seccompctl exits 125.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
tmp=$(mktemp -d /tmp/sc-failclosed-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
marker=$tmp/marker

# expect NAME STATUS SECCOMPCTL-RUN-OPTIONS...: the command would create
# the marker file.
expect() {
        local name=$1 want=$2; shift 2
        rm -f "$marker"
        "$SECCOMPCTL" run "$@" -- /bin/sh -c ": > '$marker'" >"$tmp/out" 2>"$tmp/err"
        local rc=$?
        if [ $rc -ne "$want" ] || [ -e "$marker" ]; then
                echo "FAIL $name: exit $rc (want $want), marker $([ -e "$marker" ] && echo created || echo absent)"
                cat "$tmp/err"; fail=1
        else
                echo "ok $name: exit $rc, command not run: $(grep -v warning "$tmp/err" | head -n 1)"
        fi
}

printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [' > "$tmp/truncated.json"
cat > "$tmp/unknown-action.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_EXPLODE"}]}
JSON
cat > "$tmp/bad-arch.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_PDP11"]}
JSON
cat > "$tmp/bad-op.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["openat"], "action": "SCMP_ACT_ERRNO",
 "args": [{"index": 7, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
JSON
cat > "$tmp/eexist.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["openat"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]},
 {"names": ["openat"], "action": "SCMP_ACT_KILL", "args": [{"index": 2, "value": 1, "op": "SCMP_CMP_EQ"}]}]}
JSON
# The kernel refuses WAIT_KILLABLE_RECV without a listener: an unloadable
# filter, found only by seccomp(2) itself.
cat > "$tmp/unloadable.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"],
 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}
JSON
cat > "$tmp/notify-no-agent.json" <<JSON
{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "$tmp/nobody-listens.sock",
 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
cat > "$tmp/notify-no-path.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}
JSON
mkdir -p "$tmp/root/profiles"
cp "$tmp/unknown-action.json" "$tmp/root/profiles/broken.json"

expect truncated-json 125 --profile "$tmp/truncated.json"
expect unknown-action 125 --profile "$tmp/unknown-action.json"
expect unknown-arch 125 --profile "$tmp/bad-arch.json"
expect arg-index-7 125 --profile "$tmp/bad-op.json"
expect same-conditions-two-actions 125 --profile "$tmp/eexist.json"
expect missing-profile-file 125 --profile "$tmp/does-not-exist.json"
expect kernel-refuses-filter 125 --profile "$tmp/unloadable.json"
expect notify-without-listenerPath 125 --profile "$tmp/notify-no-path.json"
expect notify-agent-absent 125 --profile "$tmp/notify-no-agent.json"
expect localhost-missing 125 --type Localhost --localhost-profile profiles/nope.json --root "$tmp/root"
expect localhost-dotdot 125 --type Localhost --localhost-profile ../etc/x.json --root "$tmp/root"
expect localhost-absolute 125 --type Localhost --localhost-profile /etc/x.json --root "$tmp/root"
expect foreign-target 125 --target aarch64 --runtime-default
expect localhost-invalid 125 --type Localhost --localhost-profile profiles/broken.json --root "$tmp/root"
expect unknown-type 125 --type Sometimes
expect unknown-option 125 --no-such-option --unconfined
expect no-profile 125
"$SECCOMPCTL" run --type Localhost --localhost-profile profiles/nope.json --root "$tmp/root" -- true 2>"$tmp/err"
if grep -q 'CreateContainerError: cannot load seccomp profile ".*profiles/nope.json": open .*profiles/nope.json: no such file or directory' "$tmp/err"; then
        echo "ok localhost-missing wording: $(cat "$tmp/err")"
else
        echo "FAIL localhost-missing wording: $(cat "$tmp/err")"; fail=1
fi

# Control: the same command does run when the profile is fine.
rm -f "$marker"
if "$SECCOMPCTL" run --runtime-default -- /bin/sh -c ": > '$marker'" && [ -e "$marker" ]; then
        echo "ok control: the marker command runs under RuntimeDefault"
else
        echo "FAIL control: the marker command did not run"; fail=1
fi
exit $fail
