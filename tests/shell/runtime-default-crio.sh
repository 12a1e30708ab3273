#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# CRI-O's RuntimeDefault (`default --runtime cri-o`, `run --runtime-default
# --runtime cri-o`): data/runtime-default-crio.json is exactly what
# tools/gen-crio-default.py derives from containers/common's profile (the
# fixture), it denies with ENOSYS where containerd's (Docker's) denies with
# EPERM, CRI-O's clone/unshare rules hold (namespaces only with
# CAP_SYS_ADMIN, clone without namespace flags allowed, with one EPERM),
# and a real process gets those answers from the kernel.
set -u
cd "$(dirname "$0")/../.."
: "${SECCOMPCTL:=build/seccompctl}" "${FIXTURES:=tests/fixtures}"
S=$SECCOMPCTL
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0

python3 tools/gen-crio-default.py "$FIXTURES/runtime-default/containers-common.json" >"$tmp/gen.json" ||
        { echo "FAIL: gen-crio-default.py"; exit 1; }
cmp -s "$tmp/gen.json" data/runtime-default-crio.json ||
        { echo "FAIL: data/runtime-default-crio.json is not the derivation of the fixture"; fail=1; }
"$S" default --runtime cri-o --source | cmp -s - data/runtime-default-crio.json ||
        { echo "FAIL: the embedded copy differs from data/"; fail=1; }

"$S" default --runtime cri-o >"$tmp/crio.json" 2>"$tmp/err" || { echo "FAIL: default --runtime cri-o"; fail=1; }
[ -s "$tmp/err" ] && { echo "FAIL: the built-in CRI-O profile has diagnostics: $(cat "$tmp/err")"; fail=1; }
"$S" default --runtime cri-o --caps default,CAP_SYS_ADMIN >"$tmp/crio-admin.json" 2>/dev/null
"$S" default >"$tmp/containerd.json"

# sim PROFILE SYSCALL ARGS... WANT
expect() {
        local prof=$1 want=${!#} got
        got=$("$S" sim "$prof" "${@:2:$#-2}" 2>/dev/null)
        [ "$got" = "$want" ] || { echo "FAIL: $(basename "$prof") ${*:2:$#-2}: $got, want $want"; fail=1; }
}
expect "$tmp/crio.json" add_key SCMP_ACT_ERRNO\(38\)                 # the default: ENOSYS
expect "$tmp/containerd.json" add_key SCMP_ACT_ERRNO\(1\)            # Docker's: EPERM
expect "$tmp/crio.json" unshare 0x10000000 SCMP_ACT_ERRNO\(38\)
expect "$tmp/crio.json" clone3 0 SCMP_ACT_ERRNO\(38\)
expect "$tmp/crio.json" clone 0x11 SCMP_ACT_ALLOW                  # fork-like clone
expect "$tmp/crio.json" clone 0x10000011 SCMP_ACT_ERRNO\(1\)       # CLONE_NEWUSER
expect "$tmp/crio.json" clone 0x40000000 SCMP_ACT_ERRNO\(1\)       # CLONE_NEWNET
expect "$tmp/crio-admin.json" unshare 0x10000000 SCMP_ACT_ALLOW
expect "$tmp/crio-admin.json" clone 0x10000011 SCMP_ACT_ALLOW
expect "$tmp/crio-admin.json" clone3 0 SCMP_ACT_ALLOW
# s390x: CRI-O reads clone's flags from argument 1
"$S" default --runtime cri-o --target s390x >"$tmp/crio-s390x.json" 2>/dev/null
got=$("$S" sim --target s390x "$tmp/crio-s390x.json" clone 0 0x10000000 2>/dev/null)
[ "$got" = "SCMP_ACT_ERRNO(1)" ] || { echo "FAIL: s390x clone(0, CLONE_NEWUSER): $got"; fail=1; }
got=$("$S" sim --target s390x "$tmp/crio-s390x.json" clone 0x10000000 0 2>/dev/null)
[ "$got" = "SCMP_ACT_ALLOW" ] || { echo "FAIL: s390x clone(CLONE_NEWUSER in arg 0): $got"; fail=1; }

# The kernel's answer under `run`: unshare(2) of a user namespace.
command -v unshare >/dev/null || { echo "FAIL: unshare (util-linux) is missing"; exit 1; }
out=$("$S" run --runtime-default --runtime cri-o -- unshare -U true 2>&1)
grep -q "Function not implemented" <<<"$out" || { echo "FAIL: cri-o: $out"; fail=1; }
out=$("$S" run --type RuntimeDefault --runtime cri-o -- unshare -U true 2>&1)
grep -q "Function not implemented" <<<"$out" || { echo "FAIL: cri-o --type: $out"; fail=1; }
out=$("$S" run --runtime-default -- unshare -U true 2>&1)
grep -q "Operation not permitted" <<<"$out" || { echo "FAIL: containerd: $out"; fail=1; }
"$S" run --runtime-default --runtime docker -- true 2>/dev/null
[ $? = 125 ] || { echo "FAIL: --runtime docker accepted"; fail=1; }
exit $fail
