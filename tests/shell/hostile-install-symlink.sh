#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# install never writes through a symlink below the kubelet's seccomp root:
# a symlinked directory on the way (to a sentinel directory standing for
# /etc), a dangling one, a loop, a file where a directory should be and
# '..' are refused with one line naming the component, exit 1, nothing
# written; a symlink at the file's own name is replaced, not followed; a
# root that is itself a symlink (/var/lib/kubelet -> /data/kubelet) is
# followed, as the runtime follows it when it reads the profile.  The
# OCI hook's state directory below /run gets the same rule.
set -u
: "${SECCOMPCTL:?}"
S=$SECCOMPCTL
tmp=$(mktemp -d /tmp/sc-isym-XXXXXX)
watcher=
cleanup() {
        [ -n "$watcher" ] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
prof() { printf '{"defaultAction": "%s"}\n' "$1"; }
# Everything about the sentinel that a write would change.
listing() { (cd "$tmp/sentinel" && find . -printf '%p %y %s %T@ %l\n' | sort); }

mkdir -p "$tmp/sentinel/sub" "$tmp/src/profiles" "$tmp/src/deep/a/b"
prof SCMP_ACT_KILL >"$tmp/sentinel/victim.json"
prof SCMP_ACT_ALLOW >"$tmp/src/profiles/p.json"
prof SCMP_ACT_ALLOW >"$tmp/src/deep/a/b/p.json"
prof SCMP_ACT_ALLOW >"$tmp/src/top.json"
before=$(listing)

# refused ROOT REL COMPONENT WHY [install args...]: exit 1, one line on
# stderr naming ROOT/COMPONENT, no file at ROOT/REL, no temporary left.
refused() {
        local root=$1 rel=$2 comp=$3 why=$4 rc
        shift 4
        "$S" install --root "$root" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        [ $rc = 1 ] || FAIL "$rel: exit $rc (want 1): $(cat "$tmp/err")"
        [ "$(wc -l <"$tmp/err")" = 1 ] || FAIL "$rel: not one line: $(cat "$tmp/err")"
        grep -qF "refusing to install $root/$rel: $root/$comp $why" "$tmp/err" ||
                FAIL "$rel: the component is not named: $(cat "$tmp/err")"
        [ -z "$(find "$root" -name '.seccompctl.tmp.*')" ] || FAIL "$rel: a temporary file was left"
}

# 1. A symlinked directory on the way, at the first level and deeper,
#    with a relative PROFILE, --from, and an SPO resource's directory.
root=$tmp/r1
mkdir -p "$root/deep/a"
ln -s "$tmp/sentinel" "$root/profiles"
ln -s "$tmp/sentinel/sub" "$root/deep/a/b"
(cd "$tmp/src" && refused "$root" profiles/p.json profiles "is a symlink" profiles/p.json)
refused "$root" profiles/p.json profiles "is a symlink" --from "$tmp/src" profiles/p.json
refused "$root" deep/a/b/p.json deep/a/b "is a symlink" --from "$tmp/src" deep/a/b/p.json
printf 'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata:\n  name: spo\nspec:\n  defaultAction: SCMP_ACT_ALLOW\n' \
        >"$tmp/src/profiles/spo.yaml"
refused "$root" profiles/spo.json profiles "is a symlink" --from "$tmp/src" profiles/spo.yaml
[ "$(listing)" = "$before" ] || FAIL "symlinked directory: the sentinel changed"
echo "checked: a symlinked directory below the root is refused"

# 2. A dangling symlink, a symlink loop, and a file where a directory
#    should be.
root=$tmp/r2
mkdir -p "$root"
ln -s "$tmp/nowhere" "$root/profiles"
refused "$root" profiles/p.json profiles "is a symlink" --from "$tmp/src" profiles/p.json
[ -e "$tmp/nowhere" ] && FAIL "dangling: its target was created"
rm "$root/profiles" && ln -s profiles "$root/profiles"
refused "$root" profiles/p.json profiles "is a symlink" --from "$tmp/src" profiles/p.json
rm "$root/profiles" && prof SCMP_ACT_LOG >"$root/profiles"
refused "$root" profiles/p.json profiles "is not a directory" --from "$tmp/src" profiles/p.json
grep -q SCMP_ACT_LOG "$root/profiles" || FAIL "the file in the way was changed"
echo "checked: dangling symlinks, loops and files on the way are refused"

# 3. A symlink at the file's own name is replaced by the new file, not
#    followed: what it pointed at (existing or not) is untouched.
root=$tmp/r3
mkdir -p "$root"
ln -s "$tmp/sentinel/victim.json" "$root/top.json"
ln -s "$tmp/sentinel/new.json" "$root/p.json"
"$S" install --root "$root" "$tmp/src/top.json" "$tmp/src/profiles/p.json" >"$tmp/out" 2>"$tmp/err" ||
        FAIL "symlink at the name: exit $?: $(cat "$tmp/err")"
for f in top.json p.json; do
        [ -f "$root/$f" ] && [ ! -L "$root/$f" ] || FAIL "$f: still a symlink"
        grep -q SCMP_ACT_ALLOW "$root/$f" || FAIL "$f: not the new profile"
done
[ -e "$tmp/sentinel/new.json" ] && FAIL "the dangling symlink's target was created"
# A symlink to the very same bytes is replaced too: it is not "unchanged".
ln -sf "$tmp/src/top.json" "$root/top.json"
"$S" install --root "$root" "$tmp/src/top.json" >"$tmp/out" 2>&1 || FAIL "same bytes: exit $?"
[ -L "$root/top.json" ] && FAIL "a symlink to the same bytes was left: $(cat "$tmp/out")"
# The watcher treats a symlink it did not install like any file it did
# not install: left alone, unless --adopt (which replaces it).
cm=$tmp/c3
mkdir -p "$cm"
prof SCMP_ACT_ALLOW >"$cm/w.json"
ln -s "$tmp/sentinel/victim.json" "$root/w.json"
"$S" install --root "$root" --watch "$cm" --once >"$tmp/out" 2>"$tmp/err" && FAIL "watch: replaced a symlink it did not install"
[ -L "$root/w.json" ] || FAIL "watch: the symlink was not left alone"
"$S" install --root "$root" --watch "$cm" --once --adopt >"$tmp/out" 2>"$tmp/err" ||
        FAIL "watch --adopt: exit $?: $(cat "$tmp/err")"
[ -f "$root/w.json" ] && [ ! -L "$root/w.json" ] || FAIL "watch --adopt: still a symlink"
[ "$(listing)" = "$before" ] || FAIL "symlink at the name: the sentinel changed"
echo "checked: a symlink at the name is replaced, not followed"

# 4. The watcher's state file is neither read nor written through a
#    symlink.
root=$tmp/r4 cm=$tmp/c4
mkdir -p "$root" "$cm"
prof SCMP_ACT_ALLOW >"$cm/k.json"
printf 'victim.json\tvictim.json\n' >"$tmp/sentinel/state"
before=$(listing)
ln -s "$tmp/sentinel/state" "$root/.seccompctl-installed"
"$S" install --root "$root" --watch "$cm" --once >"$tmp/out" 2>"$tmp/err"
grep -qF "$root/.seccompctl-installed is a symlink" "$tmp/err" || FAIL "state symlink: not named: $(cat "$tmp/err")"
[ -f "$root/.seccompctl-installed" ] && [ ! -L "$root/.seccompctl-installed" ] ||
        FAIL "state symlink: not replaced by the state file"
grep -q "^k.json" "$root/.seccompctl-installed" || FAIL "state file: k.json not recorded"
[ "$(listing)" = "$before" ] || FAIL "state symlink: the sentinel changed"
echo "checked: the state file is not followed"

# 5. '..': with --from a PROFILE with '..' is refused, without it only the
#    base name is used; nothing lands outside the root.
root=$tmp/r5
mkdir -p "$root"
others=$(find "$tmp" -name top.json | sort)
"$S" install --root "$root" --from "$tmp/src" ../src/top.json >/dev/null 2>&1 && FAIL "--from ../: accepted"
"$S" install --root "$root" --from "$tmp/src" profiles/../../src/top.json >/dev/null 2>&1 &&
        FAIL "--from a/../..: accepted"
(cd "$tmp/src/profiles" && "$S" install -q --root "$root" ../top.json) || FAIL "../top.json: exit $?"
[ -f "$root/top.json" ] || FAIL "../top.json: not installed under its base name"
[ "$(find "$tmp" -name top.json | grep -vxF "$root/top.json" | sort)" = "$others" ] ||
        FAIL "'..': a file landed outside the root"
echo "checked: '..' never leaves the root"

# 6. The root itself may be a symlink, or lie below one: the kubelet joins
#    localhostProfile to the configured path and the runtime follows it.
mkdir -p "$tmp/data/kubelet"
ln -s "$tmp/data/kubelet" "$tmp/kubelet"
root=$tmp/kubelet/seccomp
"$S" install -q --root "$root" --from "$tmp/src" profiles/p.json || FAIL "symlinked root: exit $?"
[ -f "$tmp/data/kubelet/seccomp/profiles/p.json" ] || FAIL "symlinked root: not installed behind it"
ln -s data/kubelet/seccomp "$tmp/seccomp-link"
"$S" install -q --root "$tmp/seccomp-link" "$tmp/src/top.json" || FAIL "root a symlink: exit $?"
[ -f "$tmp/data/kubelet/seccomp/top.json" ] || FAIL "root a symlink: not installed behind it"
printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: Localhost, localhostProfile: profiles/p.json}\n  containers: [{name: c}]\n' \
        >"$tmp/pod.yaml"
"$S" resolve --root "$root" "$tmp/pod.yaml" >/dev/null || FAIL "resolve does not read what install wrote"
# A dangling root is refused, its target not created.
ln -s "$tmp/nothing" "$tmp/dangling-root"
"$S" install --root "$tmp/dangling-root" "$tmp/src/top.json" >/dev/null 2>&1 && FAIL "dangling root: accepted"
[ -e "$tmp/nothing" ] && FAIL "dangling root: its target was created"
echo "checked: a symlinked root is followed"

# 7. The OCI hook's state directory /run/seccompctl/hook, in a private
#    mount namespace with its own /run: a symlink at /run/seccompctl is
#    refused before anything is created where it points.
if unshare -m --propagation private true 2>/dev/null; then
        mkdir -p "$tmp/hookdst"
        unshare -m --propagation private sh -c '
                mount -t tmpfs none /run || exit 99
                ln -s "$1" /run/seccompctl
                printf "%s" "{\"id\":\"c$$\",\"pid\":$$,\"annotations\":{\"io.containers.trace-syscall\":\"of:$2\"}}" |
                        "$3" hook prestart' sh "$tmp/hookdst" "$tmp/hook-out.json" "$S" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        [ $rc = 1 ] || FAIL "hook: exit $rc (want 1): $(cat "$tmp/err")"
        grep -qF "/run/seccompctl is a symlink" "$tmp/err" || FAIL "hook: not named: $(cat "$tmp/err")"
        [ -z "$(ls -A "$tmp/hookdst")" ] || FAIL "hook: wrote through the symlink: $(ls -A "$tmp/hookdst")"
        echo "checked: the hook's state directory is not followed"
else
        echo "SKIP-PART: hook state directory (no mount namespaces)"
fi

[ "$(listing)" = "$before" ] || FAIL "the sentinel changed: $(diff <(echo "$before") <(listing))"
exit $fail
