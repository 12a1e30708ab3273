#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# `seccompctl default`: the built-in RuntimeDefault is, once resolved and
# normalised by `seccompctl show`, the same profile as Docker's default for
# every target and capability set; --source is the embedded file byte for
# byte.  (The simulator-based proof is tests/unit/test-loader-runtime-default.)
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
tmp=$(mktemp -d /tmp/sc-default-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
moby=$FIXTURES/runtime-default/moby-default.json

if "$SECCOMPCTL" default --source | cmp -s - data/runtime-default.json; then
        echo "ok source: the embedded profile is data/runtime-default.json"
else
        echo "FAIL source: the embedded profile differs from data/runtime-default.json"; fail=1
fi

for target in x86_64 aarch64 s390x ppc64le riscv64; do
        for caps in default none default,CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_BPF; do
                "$SECCOMPCTL" default --target "$target" --caps "$caps" >"$tmp/ours.json" ||
                        { echo "FAIL $target/$caps: default failed"; fail=1; continue; }
                show_caps=$caps
                [ "$caps" = default,CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_BPF ] &&
                        show_caps=CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE,CAP_SYS_ADMIN,CAP_SYS_PTRACE,CAP_BPF
                "$SECCOMPCTL" show --target "$target" --caps "$show_caps" "$tmp/ours.json" \
                        >"$tmp/a.json" 2>/dev/null
                "$SECCOMPCTL" show --target "$target" --caps "$show_caps" "$moby" \
                        >"$tmp/b.json" 2>/dev/null
                if [ -s "$tmp/a.json" ] && cmp -s "$tmp/a.json" "$tmp/b.json"; then
                        echo "ok $target caps=$caps: same normalised profile as Docker's"
                else
                        echo "FAIL $target caps=$caps:"; diff "$tmp/a.json" "$tmp/b.json" | head; fail=1
                fi
        done
done
exit $fail
