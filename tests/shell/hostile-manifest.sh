#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Hostile Kubernetes manifests for `resolve`: invalid UTF-8 and raw NUL
# bytes in YAML and JSON (refused with file:line:col, exit 1, never a
# crash), duplicate keys, a Pod with 20000 containers (all resolved), and
# odd but valid strings (escape sequences, lone surrogates) whose --json
# output must stay valid JSON.  (NUL and control characters inside string
# values: hostile-manifest-strings.sh.)
set -u
tmp=$(mktemp -d /tmp/sc-manifest-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
mkdir -p "$tmp/root"
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$tmp/root/ok.json"

# bad NAME EXT MESSAGE-REGEX: resolve exits 1 with FILE:LINE:COL: error.
bad() {
        local f=$tmp/$1.$2 want=$3 out rc
        out=$("$S" resolve --root "$tmp/root" "$f" 2>&1); rc=$?
        if [ $rc != 1 ] || ! grep -qE "^$f:[0-9]+:[0-9]+: error: $want" <<<"$out"; then
                echo "FAIL $1.$2: exit $rc: $out"; fail=1
        else
                echo "ok $1.$2: $out"
        fi
}
hdr='apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n'
printf "$hdr"'  - name: c\xff\xfe\n' >"$tmp/utf8-name.yaml"
printf "$hdr"'  - name: c\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: "ok\xc3\x28.json"}\n' \
        >"$tmp/utf8-path.yaml"
printf "$hdr"'  - name: c\n    \xed\xa0\x80: 1\n' >"$tmp/utf8-surrogate-key.yaml"
printf "$hdr"'  - name: c\x00d\n' >"$tmp/raw-nul.yaml"
printf "$hdr"'  - name: c\x1b[31m\n' >"$tmp/raw-esc.yaml"
printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\xc0\xaf"},"spec":{"containers":[{"name":"c"}]}}' \
        >"$tmp/utf8-overlong.json"
printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\x00"},"spec":{"containers":[{"name":"c"}]}}' \
        >"$tmp/raw-nul.json"
printf -- "---\n$hdr  - name: ok\n---\n$hdr  - name: c\xff\n" >"$tmp/second-doc.yaml"
printf "$hdr"'  - name: c\n    name: d\n' >"$tmp/dup-key.yaml"
bad utf8-name yaml 'invalid YAML: .*UTF-8'
bad utf8-path yaml 'invalid YAML: .*UTF-8'
bad utf8-surrogate-key yaml 'invalid YAML: .*'
bad raw-nul yaml 'invalid YAML: control characters'
bad raw-esc yaml 'invalid YAML: control characters'
bad utf8-overlong json 'invalid JSON: .*UTF-8'
bad raw-nul json 'invalid JSON: '
bad second-doc yaml 'invalid YAML: .*UTF-8'
bad dup-key yaml 'duplicate key "name"'

# Valid JSON with odd strings: a lone surrogate escape, C0 and bidi
# controls.  --json output stays valid JSON, one entry.
printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\\ud800\\u001b[31m"},"spec":{"containers":[{"name":"c\\u0007\\n\\u202e","securityContext":{"seccompProfile":{"type":"RuntimeDefault"}}}]}}' \
        >"$tmp/odd.json"
out=$("$S" resolve --json "$tmp/odd.json"); rc=$?
n=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["type"])' <<<"$out" 2>&1)
[ $rc = 0 ] && [ "$n" = "1 RuntimeDefault" ] || { echo "FAIL odd.json: exit $rc, $n: $out"; fail=1; }
echo "ok odd strings: --json is valid JSON"

# 20000 containers in one Pod.
python3 -c '
import json
print(json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "big"},
  "spec": {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
           "containers": [{"name": "c%d" % i} for i in range(20000)]}}))' >"$tmp/big.json"
n=$("$S" resolve --json "$tmp/big.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), len({c["container"] for c in d if c["type"] == "RuntimeDefault"}))')
[ "$n" = "20000 20000" ] || { echo "FAIL big: $n"; fail=1; }
echo "ok 20000 containers: $n"
exit $fail
