#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Symlinks and '..' in Localhost profile paths, for `resolve` and
# `run --type Localhost`.
#
# What Kubernetes does (k8s.io/kubernetes: API validation
# validateLocalDescendingPath, kubelet getSeccompProfilePath, containerd
# seccomp.LoadProfile):
#   - the API server rejects an absolute localhostProfile and one with a
#     '..' path element ("must not contain '..'"); '..' inside a name
#     ("a..b.json") and "./" or "//" are fine;
#   - the kubelet joins ROOT and the path with filepath.Join (lexical
#     clean) and never resolves symlinks;
#   - the runtime opens that path with os.ReadFile, which follows
#     symlinks: a symlink in the root pointing outside it (relative or
#     absolute, or a symlinked directory) loads the file it points to.
#     Whoever can write the seccomp root (root on the node) decides; this
#     is not a Pod-controlled escape.
#   - a dangling symlink or a symlink loop fails like a missing file
#     (CreateContainerError), a device that never ends is refused by the
#     size bound.
# seccompctl must behave the same: resolve reports the joined, unresolved
# path; run enforces the target's rules (mkdir fails with ITS errno 43,
# EIDRM) or exits 125 without running the command.
set -u
tmp=$(mktemp -d /tmp/sc-localhost-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail=0
root=$tmp/root
mkdir -p "$root/profiles" "$tmp/outside"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 43}]}\n' \
        >"$tmp/outside/escape.json"
cp "$tmp/outside/escape.json" "$root/profiles/a..b.json"
ln -s ../../outside/escape.json "$root/profiles/rel-link.json"
ln -s "$tmp/outside/escape.json" "$root/abs-link.json"
ln -s "$tmp/outside" "$root/linkdir"
ln -s nowhere.json "$root/dangling.json"
ln -s loop.json "$root/loop.json"
ln -s /dev/zero "$root/zero.json"

pod() {
        printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: "%s"}\n' "$1"
}

# loads REL CLEAN-PATH: resolve accepts it with ROOT/CLEAN-PATH and run
# enforces escape.json.
loads() {
        local rel=$1 want_path=$root/$2 out rc
        pod "$rel" >"$tmp/pod.yaml"
        out=$("$S" resolve --json --root "$root" "$tmp/pod.yaml" 2>&1); rc=$?
        if [ $rc != 0 ] || ! grep -qF "\"path\": \"$want_path\", \"error\": null" <<<"$out"; then
                echo "FAIL resolve $rel: exit $rc: $out"; fail=1; return
        fi
        out=$("$S" run --type Localhost --localhost-profile "$rel" --root "$root" -- \
                mkdir "$tmp/made" 2>&1); rc=$?
        if [ $rc != 1 ] || [ -e "$tmp/made" ] || ! grep -q "Identifier removed" <<<"$out"; then
                echo "FAIL run $rel: exit $rc: $out"; fail=1; rmdir "$tmp/made" 2>/dev/null; return
        fi
        echo "ok $rel: loads $want_path, mkdir: $(tail -n 1 <<<"$out")"
}

# refused REL RESOLVE-MESSAGE RUN-MESSAGE: resolve exits 1 with the
# message, run exits 125 and the command does not run.
refused() {
        local rel=$1 want_res=$2 want_run=$3 out rc
        pod "$rel" >"$tmp/pod.yaml"
        out=$(timeout 20 "$S" resolve --root "$root" "$tmp/pod.yaml" 2>&1); rc=$?
        if [ $rc != 1 ] || ! grep -qF -- "$want_res" <<<"$out"; then
                echo "FAIL resolve $rel: exit $rc: $out (want: $want_res)"; fail=1; return
        fi
        out=$(timeout 20 "$S" run --type Localhost --localhost-profile "$rel" --root "$root" -- \
                touch "$tmp/ran" 2>&1); rc=$?
        if [ $rc != 125 ] || [ -e "$tmp/ran" ] || ! grep -qF -- "$want_run" <<<"$out"; then
                echo "FAIL run $rel: exit $rc: $out (want: $want_run)"; fail=1; rm -f "$tmp/ran"; return
        fi
        echo "ok $rel: refused: $(head -n 1 <<<"$out")"
}

loads profiles/rel-link.json profiles/rel-link.json
loads abs-link.json abs-link.json
loads linkdir/escape.json linkdir/escape.json
loads profiles/a..b.json profiles/a..b.json
loads ./profiles//rel-link.json profiles/rel-link.json
loads profiles/./rel-link.json profiles/rel-link.json

dotdot="must not contain '..'"
refused profiles/../profiles/rel-link.json "$dotdot" "$dotdot"
refused ../outside/escape.json "$dotdot" "$dotdot"
refused linkdir/../outside/escape.json "$dotdot" "$dotdot"
refused profiles/.. "$dotdot" "$dotdot"
refused "$tmp/outside/escape.json" "must be a relative path" "must be a relative path"
refused dangling.json "open $root/dangling.json: no such file or directory" \
        "open $root/dangling.json: no such file or directory"
refused loop.json "open $root/loop.json: too many levels of symbolic links" \
        "open $root/loop.json: too many levels of symbolic links"
refused zero.json "file too large" "file too large"
refused linkdir "is a directory" ""
exit $fail
