#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The bypass calls of bypass-arch.sh, made inside a real runc container
# with the same profile and under `seccompctl run`: the outcome (output
# and exit status: 159 for SIGSYS) must be identical.  This is where the
# expected values of bypass-arch.sh come from.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }
tmp=$(mktemp -d /tmp/sc-bypass-runc-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
. tests/bypass/lib.sh
[ "$(uname -m)" = x86_64 ] || { echo "the bypass tables are for x86_64 hosts"; exit 77; }

mkdir -p "$tmp/bundle/rootfs" "$tmp/runc-root"
cp "$B/rawsys" "$tmp/bundle/rootfs/rawsys"
[ "$HAVE_M32" = 1 ] && cp "$B/rawsys32" "$tmp/bundle/rootfs/rawsys32"
(cd "$tmp/bundle" && runc spec && mv config.json spec.json) || exit 1

fail=0 n=0
compare() { # PROFILE BINARY OP
        local prof=$1 bin=$2 op=$3
        "$OCICFG" "$tmp/bundle/spec.json" "$tmp/$prof.json" \
                "$tmp/bundle/config.json" -- "/$bin" "$op" || exit 1
        runc --root "$tmp/runc-root" run --bundle "$tmp/bundle" "sc-bypass-$$" \
                >"$tmp/runc.out" 2>"$tmp/runc.err"
        local rc_runc=$?
        "$SECCOMPCTL" run --profile "$tmp/$prof.json" -- "$B/$bin" "$op" \
                >"$tmp/ours.out" 2>/dev/null
        local rc_ours=$?
        n=$((n + 1))
        # pids differ between the two runs
        sed -i 's/ ok [0-9]*$/ ok/' "$tmp/runc.out" "$tmp/ours.out"
        if grep -q 'level=error' "$tmp/runc.err"; then
                echo "FAIL $prof $bin $op: runc failed: $(cat "$tmp/runc.err")"
                fail=1
        elif [ $rc_runc -ne $rc_ours ] || ! cmp -s "$tmp/runc.out" "$tmp/ours.out"; then
                echo "FAIL $prof $bin $op: runc exit $rc_runc '$(cat "$tmp/runc.out")'," \
                        "seccompctl exit $rc_ours '$(cat "$tmp/ours.out")'"
                fail=1
        else
                echo "ok $prof $bin $op: exit $rc_ours '$(cat "$tmp/ours.out")'"
        fi
}

bypass_runtime_cases
argrule_cases
# The first argument-rule case is one where the profile's literal reading
# (first match in order: no rule matches umask(3)) and runc disagree.
lit=$("$SECCOMPCTL" run --compat literal --profile "$tmp/arg-umask-range.json" -- "$B/rawsys" sys=95,3 2>&1)
if [ "$lit" != "sys=95,3 ok $(printf '%s' "$lit" | awk '{print $3}')" ] || [ -z "$lit" ]; then
        echo "FAIL: --compat literal should allow umask(3) (no rule matches it): '$lit'"
        fail=1
else
        echo "ok: umask(3) is allowed literally, EPERM under runc (above)"
fi
# The profile libseccomp refuses (EEXIST): runc does not start the
# container; check and run refuse it in runc's words (observed: runc 1.1.5
# logs msg="runc run failed: <these words>").
"$OCICFG" "$tmp/bundle/spec.json" "$tmp/arg-eexist.json" \
        "$tmp/bundle/config.json" -- /rawsys sys=39 || exit 1
runc --root "$tmp/runc-root" run --bundle "$tmp/bundle" "sc-bypass-eexist-$$" \
        >"$tmp/runc.out" 2>"$tmp/runc.err"
rc_runc=$?
runc --root "$tmp/runc-root" delete -f "sc-bypass-eexist-$$" >/dev/null 2>&1
"$SECCOMPCTL" check "$tmp/arg-eexist.json" >"$tmp/check.out" 2>&1
rc_check=$?
"$SECCOMPCTL" run --profile "$tmp/arg-eexist.json" -- "$B/rawsys" sys=39 \
        >"$tmp/ours.out" 2>"$tmp/ours.err"
rc_ours=$?
refusal_check runc "unable to start container process: unable to init seccomp: error adding seccomp rule for syscall socket: file exists" \
        $rc_runc "$tmp/runc.err" $rc_check "$tmp/check.out" \
        $rc_ours "$tmp/ours.out" "$tmp/ours.err" || fail=1
grep -qF 'msg="runc run failed: unable to start container process' "$tmp/runc.err" ||
        { echo "FAIL arg-eexist: runc's log line changed: $(cat "$tmp/runc.err")"; fail=1; }
echo "$n calls compared with runc"
exit $fail
