#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The bypass calls of bypass-arch.sh, made inside a real crun 1.8.1 container
# with the same profile and under `seccompctl run --compat crun`: the outcome
# (output and exit status: 159 for SIGSYS) must be identical.  crun has no
# ENOSYS stub: numbers above the table get the default action.  crun needs
# a private mount namespace without the cgroup v2 mount on this host (see
# docs/machine-facts.md).
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v crun >/dev/null || { echo "crun is not installed"; exit 77; }
tmp=$(mktemp -d /tmp/sc-bypass-crun-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
[ "$(uname -m)" = x86_64 ] || { echo "the bypass tables are for x86_64 hosts"; exit 77; }

mkdir -p "$tmp/bundle/rootfs" "$tmp/crun-root"
cp "$B/rawsys" "$tmp/bundle/rootfs/rawsys"
[ "$HAVE_M32" = 1 ] && cp "$B/rawsys32" "$tmp/bundle/rootfs/rawsys32"
(cd "$tmp/bundle" && runc spec && mv config.json spec.json) || exit 1

fail=0 n=0
# (runc.out/.err hold crun's output: the helper is shared with bypass-runc.sh)
compare() { # PROFILE BINARY OP
        local prof=$1 bin=$2 op=$3
        "$OCICFG" "$tmp/bundle/spec.json" "$tmp/$prof.json" \
                "$tmp/bundle/config.json" -- "/$bin" "$op" || exit 1
        unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
                exec crun --root "$1/crun-root" --cgroup-manager=disabled run \
                        --bundle "$1/bundle" "sc-bypass-$2"' sh "$tmp" $$ \
                >"$tmp/runc.out" 2>"$tmp/runc.err"
        local rc_runc=$?
        "$SECCOMPCTL" run --compat crun --profile "$tmp/$prof.json" -- "$B/$bin" "$op" \
                >"$tmp/ours.out" 2>/dev/null
        local rc_ours=$?
        n=$((n + 1))
        # pids differ between the two runs
        sed -i 's/ ok [0-9]*$/ ok/' "$tmp/runc.out" "$tmp/ours.out"
        if [ -s "$tmp/runc.err" ]; then
                echo "FAIL $prof $bin $op: crun failed: $(cat "$tmp/runc.err")"
                fail=1
        elif [ $rc_runc -ne $rc_ours ] || ! cmp -s "$tmp/runc.out" "$tmp/ours.out"; then
                echo "FAIL $prof $bin $op: crun exit $rc_runc '$(cat "$tmp/runc.out")'," \
                        "seccompctl --compat crun exit $rc_ours '$(cat "$tmp/ours.out")'"
                fail=1
        else
                echo "ok $prof $bin $op: exit $rc_ours '$(cat "$tmp/ours.out")'"
        fi
}

bypass_runtime_cases
argrule_cases
# The profile libseccomp refuses (EEXIST): crun does not start the
# container and prints exactly one line, which check and run --compat crun
# repeat.
"$OCICFG" "$tmp/bundle/spec.json" "$tmp/arg-eexist.json" \
        "$tmp/bundle/config.json" -- /rawsys sys=39 || exit 1
unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
        exec crun --root "$1/crun-root" --cgroup-manager=disabled run \
                --bundle "$1/bundle" "sc-bypass-eexist-$2"' sh "$tmp" $$ \
        >"$tmp/runc.out" 2>"$tmp/runc.err"
rc_crun=$?
crun --root "$tmp/crun-root" delete -f "sc-bypass-eexist-$$" >/dev/null 2>&1
"$SECCOMPCTL" check --compat crun "$tmp/arg-eexist.json" >"$tmp/check.out" 2>&1
rc_check=$?
"$SECCOMPCTL" run --compat crun --profile "$tmp/arg-eexist.json" -- "$B/rawsys" sys=39 \
        >"$tmp/ours.out" 2>"$tmp/ours.err"
rc_ours=$?
want='seccomp_rule_add_array: File exists'
refusal_check crun "$want" $rc_crun "$tmp/runc.err" $rc_check "$tmp/check.out" \
        $rc_ours "$tmp/ours.out" "$tmp/ours.err" || fail=1
[ "$(cat "$tmp/runc.err")" = "$want" ] ||
        { echo "FAIL arg-eexist: crun said more than '$want': $(cat "$tmp/runc.err")"; fail=1; }
echo "$n calls compared with crun"
exit $fail
