#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Every profile among the shared fixtures is valid (warnings allowed), and
# `show` of Docker's profile resolved for x86_64 equals the resolved
# fixture, both before normalisation (JSON equality) and after.
set -eu
F=$FIXTURES
"$SECCOMPCTL" check -q "$F"/k8s/profiles/*.json "$F"/k8s/_variants/*.json \
        "$F"/runtime-default/*.json "$F"/spo/seccompprofile.yaml \
        "$F"/spo/baseprofile-*.yaml
"$SECCOMPCTL" check --json "$F"/k8s/profiles/audit.json | grep -q '"valid":true'

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$SECCOMPCTL" show --target x86_64 --kernel 6.1 --no-normalize --compact \
        "$F"/runtime-default/moby-default.json > "$tmp/resolved.json" 2>/dev/null
python3 - "$tmp/resolved.json" "$F/runtime-default/moby-default-resolved-x86_64.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print("differs:", k)
    sys.exit(1)
PY
"$SECCOMPCTL" show --target x86_64 "$F"/runtime-default/moby-default.json > "$tmp/a" 2>/dev/null
"$SECCOMPCTL" show --target x86_64 "$F"/runtime-default/moby-default-resolved-x86_64.json > "$tmp/b" 2>/dev/null
cmp "$tmp/a" "$tmp/b"

# minKernel: before 4.8 ptrace is not allowed; CAP_SYS_ADMIN adds mount.
"$SECCOMPCTL" show --target x86_64 --kernel 4.4 "$F"/runtime-default/moby-default.json 2>/dev/null | grep -q '"ptrace"' && exit 1
"$SECCOMPCTL" show --target x86_64 --caps default,CAP_SYS_ADMIN "$F"/runtime-default/moby-default.json 2>/dev/null | grep -q '"mount"'
"$SECCOMPCTL" show --target x86_64 "$F"/runtime-default/moby-default.json 2>/dev/null | grep -q '"mount"' && exit 1
# aarch64 resolution picks the arm64 archMap entry and its arch-only rules.
"$SECCOMPCTL" show --target aarch64 "$F"/runtime-default/moby-default.json 2>/dev/null > "$tmp/arm"
grep -q SCMP_ARCH_ARM "$tmp/arm" && grep -q arm_fadvise64_64 "$tmp/arm" && ! grep -q '"arch_prctl"' "$tmp/arm"
echo ok
