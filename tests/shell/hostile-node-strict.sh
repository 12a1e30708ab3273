#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# What lands on a node is what the runtime reads (issue 18, item 1).
# containerd/CRI-O read a Localhost profile with Go's encoding/json into a
# bare LinuxSeccomp: a trailing comma, a UTF-8 BOM, YAML in a .json file,
# unquoted keys with a '#' comment or a whole config.json used to fall
# back to the YAML reader and be written byte for byte under the kubelet
# root, where every Pod using them failed with CreateContainerError.
# install (file, --from, --watch) and export --format configmap refuse
# them with the JSON error; --normalize writes the strict JSON
# equivalent.  'check -' and 'check FILE' agree on them.
set -u
tmp=$(mktemp -d /tmp/sc-strict-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
mkdir -p "$tmp/src" "$tmp/cm"
cd "$tmp/src"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},]}\n' >trailing-comma.json
printf '\xef\xbb\xbf{"defaultAction": "SCMP_ACT_ALLOW"}\n' >bom.json
printf 'defaultAction: SCMP_ACT_ALLOW\nsyscalls: []\n' >yaml-in.json
printf '{defaultAction: SCMP_ACT_ALLOW # allow all\n}\n' >comment.json
printf '{"ociVersion": "1.0.2", "process": {"args": ["sh"]}, "linux": {"seccomp": {"defaultAction": "SCMP_ACT_LOG"}}}\n' >config.json
printf 'defaultAction: SCMP_ACT_ALLOW\n' >plain.yaml
bad="trailing-comma.json bom.json yaml-in.json comment.json config.json plain.yaml"

# Strict JSON by Python's json module too (no NaN, no BOM, one value).
strict_json() {
        python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "BOM"
v = json.loads(raw.decode("utf-8"), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
assert isinstance(v, dict) and "defaultAction" in v and "linux" not in v, "not a bare profile"
' "$1"
}

# 1. install refuses each, writes nothing, and says why.
for f in $bad; do
        "$S" install --root "$tmp/root" "$f" 2>"$tmp/err"
        rc=$?
        [ $rc = 1 ] || FAIL "install $f: exit $rc (want 1)"
        [ -e "$tmp/root/$f" ] && FAIL "install $f wrote $tmp/root/$f"
        grep -q "refusing to install $f" "$tmp/err" || FAIL "install $f: no refusal: $(cat "$tmp/err")"
        grep -q -- "--normalize" "$tmp/err" || FAIL "install $f: no hint of --normalize: $(cat "$tmp/err")"
done
grep -q "byte order mark" <("$S" install --root "$tmp/root" bom.json 2>&1) || FAIL "bom: not named"
grep -q "trailing-comma.json:1:98: error: invalid JSON" <("$S" install --root "$tmp/root" trailing-comma.json 2>&1) ||
        FAIL "trailing comma: no positioned JSON error"
grep -q "whole OCI config.json" <("$S" install --root "$tmp/root" config.json 2>&1) || FAIL "config.json: not named"
echo "checked: install refuses non-strict input"

# 2. --normalize writes strict JSON holding the bare profile.
"$S" install -q --normalize --root "$tmp/root" $bad || FAIL "install --normalize: exit $?"
for f in $bad; do
        strict_json "$tmp/root/$f" || FAIL "install --normalize $f: not strict JSON: $(head -c 200 "$tmp/root/$f")"
done
grep -q SCMP_ACT_LOG "$tmp/root/config.json" || FAIL "config.json: not its linux.seccomp"
echo "checked: --normalize writes strict JSON"

# 3. A strict profile is still installed byte for byte.
printf '{"defaultAction":"SCMP_ACT_ALLOW"}' >good.json
"$S" install -q --root "$tmp/root" good.json && cmp -s good.json "$tmp/root/good.json" || FAIL "strict profile not byte for byte"

# 4. --watch: a ConfigMap key with such text is refused, nothing written.
for f in $bad good.json; do cp "$f" "$tmp/cm/$f"; done
"$S" install --root "$tmp/node" --watch "$tmp/cm" --once >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || FAIL "watch: exit status not 1"
for f in $bad; do [ -e "$tmp/node/$f" ] && FAIL "watch installed $f"; done
[ -e "$tmp/node/good.json" ] || FAIL "watch did not install good.json"
grep -q "invalid YAML" "$tmp/err" && FAIL "watch called JSON 'invalid YAML': $(grep 'invalid YAML' "$tmp/err")"
echo "checked: install --watch refuses non-strict keys"

# 5. export --format configmap: refused; --normalize carries strict JSON.
for f in $bad; do
        "$S" export --format configmap "$f" >"$tmp/out" 2>"$tmp/err" && FAIL "export configmap $f succeeded"
        [ -s "$tmp/out" ] && FAIL "export configmap $f printed a ConfigMap"
        "$S" export --format configmap --normalize "$f" >"$tmp/out" 2>"$tmp/err" || FAIL "export --normalize $f: $(cat "$tmp/err")"
        python3 - "$tmp/out" <<'PY' || FAIL "export --normalize $f: value not strict JSON"
import json, sys, re
text = open(sys.argv[1]).read()
# The value is a literal block "|" indented by 4.
m = re.search(r'^  [^ ].*: \|-?\n((?:    .*\n?)+)', text, re.M)
assert m, text
json.loads("".join(l[4:] + "\n" for l in m.group(1).splitlines()))
PY
done
echo "checked: export configmap refuses or normalises"

# 5b. install - reads standard input (item 19): SPO resources name
#     themselves; a bare profile has no name and is refused, and no file
#     named '-' is created.
printf 'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata: {name: from-stdin}\nspec: {defaultAction: SCMP_ACT_LOG}\n' |
        "$S" install -q --root "$tmp/stdin-root" - || FAIL "install - (SPO): exit $?"
strict_json "$tmp/stdin-root/from-stdin.json" || FAIL "install - (SPO): from-stdin.json missing or not strict"
"$S" install -q --root "$tmp/stdin-root" - <good.json 2>"$tmp/err" && FAIL "install - (bare profile) succeeded"
grep -q "standard input has no file name" "$tmp/err" || FAIL "install - (bare): unclear: $(cat "$tmp/err")"
[ -e "$tmp/stdin-root/-" ] && FAIL "install - wrote a file named '-'"

# 6. check - and check FILE agree (standard input has no extension: text
#    starting with '{' is JSON there too, as Kubernetes reads it).
for f in trailing-comma.json bom.json comment.json good.json; do
        "$S" check -q "$f" >/dev/null 2>&1; a=$?
        "$S" check -q - <"$f" >/dev/null 2>&1; b=$?
        [ $a = $b ] || FAIL "check $f exits $a, check - < $f exits $b"
done
printf 'true' | "$S" check - 2>&1 | grep -q "expected a JSON object, got boolean" || FAIL "top-level true: unclear"
echo "checked: check - agrees with check FILE"
exit $fail
