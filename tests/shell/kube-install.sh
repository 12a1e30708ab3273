#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# install: relative layout, refusal of invalid profiles (and the installed
# file left alone), SPO input, atomic replacement under concurrent readers,
# and --watch following a ConfigMap-style ..data symlink swap.
set -u
: "${SECCOMPCTL:?}" "${FIXTURES:?}"
k8s=$(cd "$FIXTURES/k8s" && pwd)
tmp=$(mktemp -d)
watcher=
cleanup() {
        [ -n "$watcher" ] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Failing on purpose is exit 1, never a crash.
refused() { # cmd...
        "$@"
        local rc=$?
        [ "$rc" = 1 ] || fail "expected exit 1, got $rc: $*"
}
# Wait (up to 20s, polling) for a condition the watcher must bring about.
eventually() {
        local i
        for i in $(seq 200); do
                eval "$1" && return 0
                sleep 0.1
        done
        fail "never: $1"
}

# 1. Relative layout is kept, the bytes are the source's.
(cd "$k8s" && "$SECCOMPCTL" install --root "$tmp/root" profiles/audit.json) ||
        fail "install of profiles/audit.json"
cmp "$k8s/profiles/audit.json" "$tmp/root/profiles/audit.json" || fail "content"
# An absolute path installs under its base name; a second run is a no-op.
"$SECCOMPCTL" install --root "$tmp/root" "$k8s/profiles/fine-grained.json" >/dev/null ||
        fail "absolute install"
[ -f "$tmp/root/fine-grained.json" ] || fail "base name layout"
out=$("$SECCOMPCTL" install --root "$tmp/root" "$k8s/profiles/fine-grained.json")
[ "$out" = "unchanged $tmp/root/fine-grained.json" ] || fail "second run: $out"
# --from keeps the path relative to the source directory.
"$SECCOMPCTL" install --root "$tmp/root2" --from "$k8s" profiles/violation.json >/dev/null &&
        [ -f "$tmp/root2/profiles/violation.json" ] || fail "--from layout"
refused "$SECCOMPCTL" install --root "$tmp/root2" --from "$k8s" ../x.json 2>/dev/null

# 2. Invalid profiles are refused with the check error, and the file
#    already installed under that name stays as it was.
mkdir -p "$tmp/src"
printf '{"defaultAction": "SCMP_ACT_BOGUS"}\n' >"$tmp/src/bad.json"
cp "$k8s/profiles/audit.json" "$tmp/root/bad.json"
refused "$SECCOMPCTL" install --root "$tmp/root" --from "$tmp/src" bad.json 2>"$tmp/err"
grep -q "bad.json:1:" "$tmp/err" || fail "no positioned check error: $(cat "$tmp/err")"
grep -q "refusing to install" "$tmp/err" || fail "no refusal: $(cat "$tmp/err")"
cmp -s "$k8s/profiles/audit.json" "$tmp/root/bad.json" || fail "installed file touched"

# 3. SPO SeccompProfile resources become NAME.json, in OCI JSON the
#    runtime can load (resolve reads them back through the same checks).
"$SECCOMPCTL" install --root "$tmp/spo" "$FIXTURES/spo/seccompprofile.yaml" >/dev/null ||
        fail "SPO install"
for n in profile-block-all profile-complain-unsafe profile-allow-unsafe; do
        [ -f "$tmp/spo/$n.json" ] || fail "no $n.json"
        printf 'kind: Pod\nmetadata: {name: p}\nspec:\n  securityContext:\n    seccompProfile: {type: Localhost, localhostProfile: %s.json}\n  containers: [{name: c}]\n' \
                "$n" >"$tmp/pod.yaml"
        "$SECCOMPCTL" resolve --root "$tmp/spo" "$tmp/pod.yaml" >/dev/null ||
                fail "installed $n.json does not load"
done

# 4. Atomic replacement: a reader loop must only ever see A or B whole,
#    while install swaps ~150 KB profiles back and forth.
for spec in A:0 B:100000; do
        awk -v base="${spec#*:}" 'BEGIN {
                printf "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [\n"
                for (i = 0; i < 1500; i++)
                        printf "%s {\"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": %d, \"op\": \"SCMP_CMP_EQ\"}]}\n", (i ? "," : ""), base + i
                printf "]}\n"
        }' >"$tmp/${spec%%:*}.json" || fail "generating profiles"
done
mkdir -p "$tmp/atomic/src" "$tmp/atomic/root"
cp "$tmp/A.json" "$tmp/atomic/src/p.json"
"$SECCOMPCTL" install -q --root "$tmp/atomic/root" --from "$tmp/atomic/src" p.json ||
        fail "installing A"
A=$(<"$tmp/A.json") B=$(<"$tmp/B.json")
(
        reads=0
        while [ ! -e "$tmp/atomic/stop" ]; do
                c=$(<"$tmp/atomic/root/p.json") || { echo "read failed"; exit 1; }
                [ "$c" = "$A" ] || [ "$c" = "$B" ] || { echo "partial file after $reads reads"; exit 1; }
                reads=$((reads + 1))
        done
        echo "$reads" >"$tmp/atomic/reads"
) &
reader=$!
for i in $(seq 30); do
        cp "$tmp/B.json" "$tmp/atomic/src/p.json"
        "$SECCOMPCTL" install -q --root "$tmp/atomic/root" --from "$tmp/atomic/src" p.json || fail "install B"
        cp "$tmp/A.json" "$tmp/atomic/src/p.json"
        "$SECCOMPCTL" install -q --root "$tmp/atomic/root" --from "$tmp/atomic/src" p.json || fail "install A"
done
touch "$tmp/atomic/stop"
wait "$reader" || fail "reader saw a half-written profile"
echo "atomic: $(cat "$tmp/atomic/reads") whole reads during 60 replacements"
ls "$tmp/atomic/root" | grep -q tmp && fail "temporary file left behind"

# 5. --watch on a ConfigMap volume: files behind ..data, keys as symlinks.
cm=$tmp/cm
mkdir -p "$cm/..2026_01_01_00_00_00.1"
cp "$k8s/profiles/audit.json" "$cm/..2026_01_01_00_00_00.1/audit.json"
ln -s ..2026_01_01_00_00_00.1 "$cm/..data"
ln -s ..data/audit.json "$cm/audit.json"
"$SECCOMPCTL" install --root "$tmp/once" --watch "$cm" --once >/dev/null || fail "--once"
cmp -s "$k8s/profiles/audit.json" "$tmp/once/audit.json" || fail "--once content"
[ "$(ls "$tmp/once")" = audit.json ] || fail "--once installed hidden entries: $(ls -A "$tmp/once")"

"$SECCOMPCTL" install --root "$tmp/node" --watch "$cm" --duration 60 >"$tmp/watch.log" 2>&1 &
watcher=$!
eventually 'cmp -s "$k8s/profiles/audit.json" "$tmp/node/audit.json"'
# The kubelet's update: a new timestamped directory, ..data swapped by rename.
swap() { # new-dir-name
        ln -s "$1" "$cm/..data_tmp" && mv -T "$cm/..data_tmp" "$cm/..data"
}
mkdir "$cm/..2026_01_02_00_00_00.2"
cp "$k8s/profiles/fine-grained.json" "$cm/..2026_01_02_00_00_00.2/audit.json"
cp "$k8s/profiles/violation.json" "$cm/..2026_01_02_00_00_00.2/violation.json"
swap ..2026_01_02_00_00_00.2
ln -s ..data/violation.json "$cm/violation.json"
rm -rf "$cm/..2026_01_01_00_00_00.1"
eventually 'cmp -s "$k8s/profiles/fine-grained.json" "$tmp/node/audit.json"'
eventually 'cmp -s "$k8s/profiles/violation.json" "$tmp/node/violation.json"'
# An invalid update is refused; the node keeps the last good profile.
mkdir "$cm/..2026_01_03_00_00_00.3"
printf '{"defaultAction": 7}\n' >"$cm/..2026_01_03_00_00_00.3/audit.json"
cp "$k8s/profiles/violation.json" "$cm/..2026_01_03_00_00_00.3/violation.json"
swap ..2026_01_03_00_00_00.3
eventually 'grep -q "refusing to install $cm/audit.json" "$tmp/watch.log"'
cmp -s "$k8s/profiles/fine-grained.json" "$tmp/node/audit.json" || fail "invalid update replaced the profile"
# A key that disappears is removed from the node.
mkdir "$cm/..2026_01_04_00_00_00.4"
cp "$k8s/profiles/audit.json" "$cm/..2026_01_04_00_00_00.4/audit.json"
swap ..2026_01_04_00_00_00.4
rm "$cm/violation.json"
eventually '[ ! -e "$tmp/node/violation.json" ]'
eventually 'cmp -s "$k8s/profiles/audit.json" "$tmp/node/audit.json"'
kill "$watcher"; wait "$watcher"; watcher=
# A key deleted while no watcher runs is still removed by the next one
# (the restarted DaemonSet Pod), and files it never installed stay.
mkdir "$cm/..2026_01_05_00_00_00.5"
swap ..2026_01_05_00_00_00.5
rm "$cm/audit.json"
cp "$k8s/profiles/violation.json" "$tmp/node/not-ours.json"
"$SECCOMPCTL" install --root "$tmp/node" --watch "$cm" --once >/dev/null || fail "--once after restart"
[ ! -e "$tmp/node/audit.json" ] || fail "key deleted while down was not removed"
[ -e "$tmp/node/not-ours.json" ] || fail "removed a file it did not install"
echo "ok"
