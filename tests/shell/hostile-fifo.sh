#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A FIFO where a profile is expected (ROOT/fifo.json planted in the
# kubelet's seccomp root, or given as --profile) with no writer: every
# verb must fail promptly (no profile, command not run), never block
# forever in open(2)/read(2).  Process substitution (<(...): a pipe with a
# writer) must keep working.  The containerd side blocks in os.ReadFile
# here; seccompctl is a CLI run by people and scripts and must not.
set -u
tmp=$(mktemp -d /tmp/sc-fifo-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
mkdir -p "$tmp/root"
mkfifo "$tmp/root/fifo.json"
prof='{"defaultAction": "SCMP_ACT_ALLOW"}'

# within NAME WANT-EXIT CMD...: exits WANT-EXIT within 5 s.
within() {
        local name=$1 want=$2 rc; shift 2
        timeout 5 "$@" >"$tmp/out" 2>&1; rc=$?
        if [ $rc = 124 ]; then
                echo "FAIL $name: still blocked after 5 s"; fail=1
        elif [ $rc != "$want" ]; then
                echo "FAIL $name: exit $rc (want $want): $(head -n 3 "$tmp/out")"; fail=1
        else
                echo "ok $name: exit $rc: $(head -n 1 "$tmp/out")"
        fi
}
within substitution-check 0 bash -c "\"$S\" check <(echo '$prof')"
within substitution-run 0 bash -c "\"$S\" run --profile <(echo '$prof') -- true"
within check 1 "$S" check "$tmp/root/fifo.json"
within run-profile 125 "$S" run --profile "$tmp/root/fifo.json" -- touch "$tmp/ran"
within run-localhost 125 "$S" run --type Localhost --localhost-profile fifo.json --root "$tmp/root" -- touch "$tmp/ran"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: fifo.json}\n' >"$tmp/pod.yaml"
within resolve 1 "$S" resolve --root "$tmp/root" "$tmp/pod.yaml"
within resolve-manifest-fifo 1 "$S" resolve "$tmp/root/fifo.json"
[ -e "$tmp/ran" ] && { echo "FAIL: a command ran"; fail=1; }
exit $fail
