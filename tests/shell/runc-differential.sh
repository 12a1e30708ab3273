#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Differential test against runc: the static probe makes the same list of
# syscalls under `seccompctl run` and inside a runc container whose
# config.json carries the same profile; every per-call outcome
# (ok / errno N / signal N) must be identical.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }

tmp=$(mktemp -d /tmp/sc-runc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bundle/rootfs" "$tmp/runc-root"
cp "$PROBE" "$tmp/bundle/rootfs/probe"
(cd "$tmp/bundle" && runc spec && mv config.json spec.json) || exit 1

fail=0
n=0
# compare NAME RUNC_PROFILE [SECCOMPCTL PROFILE OPTIONS...] [-- PROBE ARGS]
compare() {
        local name=$1 runc_profile=$2; shift 2
        local ours=() args=()
        while [ $# -gt 0 ] && [ "$1" != -- ]; do ours+=("$1"); shift; done
        [ $# -gt 0 ] && { shift; args=("$@"); }
        "$OCICFG" "$tmp/bundle/spec.json" "$runc_profile" \
                "$tmp/bundle/config.json" -- /probe "${args[@]}" || exit 1
        runc --root "$tmp/runc-root" run --bundle "$tmp/bundle" "sc-diff-$$" \
                >"$tmp/runc.out" 2>"$tmp/runc.err"
        local rc_runc=$?
        "$SECCOMPCTL" run "${ours[@]}" -- "$PROBE" "${args[@]}" \
                >"$tmp/ours.out" 2>"$tmp/ours.err"
        local rc_ours=$?
        n=$((n + 1))
        if [ $rc_runc -ne 0 ] || [ ! -s "$tmp/runc.out" ]; then
                echo "FAIL $name: runc exited $rc_runc"; cat "$tmp/runc.err"
                fail=1
        elif [ $rc_ours -ne $rc_runc ]; then
                echo "FAIL $name: seccompctl exited $rc_ours, runc $rc_runc"
                cat "$tmp/ours.err"
                fail=1
        elif ! diff -u "$tmp/runc.out" "$tmp/ours.out" > "$tmp/diff"; then
                echo "FAIL $name: outcomes differ (- runc, + seccompctl run):"
                grep '^[-+][a-z]' "$tmp/diff"
                fail=1
        else
                echo "ok $name: $(wc -l < "$tmp/ours.out") calls agree"
        fi
}

moby=$FIXTURES/runtime-default/moby-default.json
moby_resolved=$FIXTURES/runtime-default/moby-default-resolved-x86_64.json
k8s=$FIXTURES/k8s/profiles

compare allowlist "$PROFILES/allowlist.json" --profile "$PROFILES/allowlist.json"
compare denylist "$PROFILES/denylist.json" --profile "$PROFILES/denylist.json"
compare killdefault "$PROFILES/killdefault.json" --profile "$PROFILES/killdefault.json"
compare audit "$k8s/audit.json" --profile "$k8s/audit.json"
compare moby-default "$moby_resolved" --profile "$moby"
compare runtime-default "$moby_resolved" --runtime-default
# Kubernetes form, the kubelet root layout.
mkdir -p "$tmp/kubelet/profiles"
cp "$PROFILES/denylist.json" "$tmp/kubelet/profiles/deny.json"
compare localhost "$PROFILES/denylist.json" --type Localhost \
        --localhost-profile profiles/deny.json --root "$tmp/kubelet"
# Every call from a second thread of the workload.
compare allowlist-threads "$PROFILES/allowlist.json" \
        --profile "$PROFILES/allowlist.json" -- --thread
compare killdefault-threads "$PROFILES/killdefault.json" \
        --profile "$PROFILES/killdefault.json" -- --thread

echo "$n profiles compared"
exit $fail
