#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Differential test against crun: `seccompctl run --compat crun` must give
# the same per-call outcomes as crun itself with the same profile (crun
# has no ENOSYS stub: numbers newer than the profile get the default
# action).  crun needs a private mount namespace without the cgroup v2
# mount on this machine's hybrid hierarchy (machine-facts.md).
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v crun >/dev/null || { echo "crun is not installed"; exit 77; }
command -v unshare >/dev/null || { echo "unshare is not installed"; exit 77; }

tmp=$(mktemp -d /tmp/sc-crun-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bundle/rootfs" "$tmp/crun-root"
cp "$PROBE" "$tmp/bundle/rootfs/probe"
(cd "$tmp/bundle" && crun spec && mv config.json spec.json) || exit 1

crun_run() {
        unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
                exec crun --root "$1" --cgroup-manager=disabled run --bundle "$2" "$3"' \
                sh "$tmp/crun-root" "$tmp/bundle" "sc-crun-$$"
}

fail=0 n=0
compare() { # NAME CRUN-PROFILE SECCOMPCTL-OPTIONS...
        local name=$1 profile=$2; shift 2
        "$OCICFG" "$tmp/bundle/spec.json" "$profile" "$tmp/bundle/config.json" \
                -- /probe || exit 1
        crun_run >"$tmp/crun.out" 2>"$tmp/crun.err"
        local rc_crun=$?
        "$SECCOMPCTL" run --compat crun "$@" -- "$PROBE" >"$tmp/ours.out" 2>"$tmp/ours.err"
        local rc_ours=$?
        n=$((n + 1))
        if [ $rc_crun -ne 0 ] || [ ! -s "$tmp/crun.out" ]; then
                if grep -q 'cgroup' "$tmp/crun.err"; then
                        echo "crun cannot run containers here: $(head -n 1 "$tmp/crun.err")"
                        exit 77
                fi
                echo "FAIL $name: crun exited $rc_crun"; cat "$tmp/crun.err"; fail=1
        elif [ $rc_ours -ne 0 ]; then
                echo "FAIL $name: seccompctl exited $rc_ours"; cat "$tmp/ours.err"; fail=1
        elif ! diff -u "$tmp/crun.out" "$tmp/ours.out" >"$tmp/diff"; then
                echo "FAIL $name: outcomes differ (- crun, + seccompctl run --compat crun):"
                grep '^[-+][a-z]' "$tmp/diff"; fail=1
        else
                echo "ok $name: $(wc -l < "$tmp/ours.out") calls agree"
        fi
}

compare allowlist "$PROFILES/allowlist.json" --profile "$PROFILES/allowlist.json"
compare denylist "$PROFILES/denylist.json" --profile "$PROFILES/denylist.json"
compare killdefault "$PROFILES/killdefault.json" --profile "$PROFILES/killdefault.json"
compare moby-default "$FIXTURES/runtime-default/moby-default-resolved-x86_64.json" \
        --profile "$FIXTURES/runtime-default/moby-default.json"
echo "$n profiles compared"
exit $fail
