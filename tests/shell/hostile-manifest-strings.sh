#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Strings a manifest can carry that C strings and terminals mishandle.
#
# 1. NUL inside localhostProfile (JSON "\u0000", YAML "\0").  The API
#    server works on the whole Go string: "ok.json\u0000/../../x" has a
#    '..' element and is rejected; "ok.json\u0000x" passes validation
#    but the runtime cannot open it (Go's os.Open: "invalid argument").
#    Neither may resolve to ROOT/ok.json by truncation at the NUL.
# 2. Control characters in names and paths (ESC sequences, BEL, a newline
#    followed by a forged line) must not reach the terminal raw from the
#    human output: a container's line could otherwise be overwritten or a
#    fake "RuntimeDefault" line added.  Escaped like Go's %q (\x1b, \n).
set -u
tmp=$(mktemp -d /tmp/sc-mstrings-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
mkdir -p "$tmp/root"
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$tmp/root/ok.json"

pod_json() { # localhostProfile (JSON-escaped)
        printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","securityContext":{"seccompProfile":{"type":"Localhost","localhostProfile":"%s"}}}]}}' "$1"
}
pod_yaml() { # localhostProfile (YAML double-quoted)
        printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: "%s"}\n' "$1"
}
nul_case() { # NAME FILE WANT-REGEX
        local out rc
        out=$("$S" resolve --json --root "$tmp/root" "$2" 2>&1); rc=$?
        if [ $rc != 1 ] || ! grep -qE "$3" <<<"$out"; then
                echo "FAIL $1: exit $rc (want 1, /$3/): $out"; fail=1
        else
                echo "ok $1: exit 1"
        fi
}
pod_json 'ok.json\u0000/../../x' >"$tmp/nul-dotdot.json"
pod_yaml 'ok.json\0/../../x' >"$tmp/nul-dotdot.yaml"
pod_json 'ok.json\u0000x' >"$tmp/nul.json"
nul_case nul-dotdot.json "$tmp/nul-dotdot.json" "must not contain '..'"
nul_case nul-dotdot.yaml "$tmp/nul-dotdot.yaml" "must not contain '..'"
nul_case nul.json "$tmp/nul.json" '"error": "[^"]'

printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\\u001b[2K\\u001b[1A"},"spec":{"containers":[{"name":"c\\"\\n  container \\"forged\\": RuntimeDefault (pod securityContext)\\u0007","securityContext":{"seccompProfile":{"type":"Localhost","localhostProfile":"no\\u001b]0;title\\u0007.json"}}}]}}' \
        >"$tmp/esc.json"
"$S" resolve --root "$tmp/root" "$tmp/esc.json" >"$tmp/out" 2>&1
if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$tmp/out"; then
        echo "FAIL esc.json: raw control characters in the output:"; od -c "$tmp/out" | head -n 12; fail=1
elif grep -q '^  container "forged"' "$tmp/out"; then
        echo "FAIL esc.json: a forged line:"; cat "$tmp/out"; fail=1
else
        echo "ok esc.json: escaped: $(head -n 2 "$tmp/out")"
fi
exit $fail
