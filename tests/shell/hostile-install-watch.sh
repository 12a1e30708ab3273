#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# install --watch against a hostile ConfigMap and a root an administrator
# also uses (issue 18, items 4, 5, 6, 13, 18, and the 255-byte name of 23).
set -u
tmp=$(mktemp -d /tmp/sc-iwatch-XXXXXX)
watcher=
cleanup() {
        [ -n "$watcher" ] && kill "$watcher" 2>/dev/null && wait "$watcher" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
S=$SECCOMPCTL
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
prof() { printf '{"defaultAction": "%s"}\n' "$1"; }
spo() { # NAME ACTION
        printf 'apiVersion: security-profiles-operator.x-k8s.io/v1\nkind: SeccompProfile\nmetadata:\n  name: "%s"\nspec:\n  defaultAction: %s\n' "$1" "$2"
}
sync() { "$S" install --root "$root" --watch "$cm" --once "$@" >"$tmp/out" 2>"$tmp/err"; }

# 4. A forged SPO name (the API server takes only DNS-1123 subdomains)
#    neither becomes a path nor a line of the state file that makes a
#    later sync delete a file the watcher never installed.
root=$tmp/r4 cm=$tmp/c4
mkdir -p "$root/other-team" "$cm"
prof SCMP_ACT_ALLOW >"$root/other-team/victim"
spo 'z\nattacker\tother-team/victim' SCMP_ACT_ALLOW >"$cm/evil.yaml"
sync; rc=$?
[ $rc = 1 ] || FAIL "forged name: exit $rc (want 1)"
grep -q 'not a DNS-1123 subdomain' "$tmp/err" || FAIL "forged name: unclear error: $(cat "$tmp/err")"
grep -q "$(printf '\t')" "$tmp/err" && FAIL "forged name printed raw (a tab reached the terminal)"
[ -z "$(find "$root" -name '*[[:cntrl:]]*')" ] || FAIL "a path with a control character was created: $(find "$root" | od -c | head)"
! grep -qv "$(printf '^[-._a-zA-Z0-9]*\t[-._a-zA-Z0-9/]*$')" "$root/.seccompctl-installed" ||
        FAIL "state file holds a forged line: $(od -c "$root/.seccompctl-installed" | head)"
rm "$cm/evil.yaml"
sync
[ -e "$root/other-team/victim" ] || FAIL "the next sync deleted other-team/victim"
# A forged state file (written by an older version) is ignored, too.
printf 'z\nattacker\tother-team/victim\n' >"$root/.seccompctl-installed"
sync
[ -e "$root/other-team/victim" ] || FAIL "a forged state line deleted other-team/victim"
echo "checked: forged names become neither paths nor state lines"

# 5. A file the watcher did not install is neither replaced nor removed
#    unless --adopt.
root=$tmp/r5 cm=$tmp/c5
mkdir -p "$root" "$cm"
prof SCMP_ACT_LOG >"$root/admin.json"
prof SCMP_ACT_ALLOW >"$cm/admin.json"
sync; rc=$?
[ $rc = 1 ] || FAIL "admin file: exit $rc (want 1)"
grep -q "refusing to replace $root/admin.json: the watcher did not install it" "$tmp/err" ||
        FAIL "admin file: no refusal: $(cat "$tmp/err")"
grep -q SCMP_ACT_LOG "$root/admin.json" || FAIL "admin file overwritten"
rm "$cm/admin.json"
sync
[ -e "$root/admin.json" ] || FAIL "admin file deleted when the key went away"
prof SCMP_ACT_ALLOW >"$cm/admin.json"
sync --adopt || FAIL "--adopt: exit $?"
grep -q SCMP_ACT_ALLOW "$root/admin.json" || FAIL "--adopt did not take the file over"
rm "$cm/admin.json"
sync
[ -e "$root/admin.json" ] && FAIL "an adopted file was not removed with its key"
echo "checked: files the watcher did not install are left alone"

# 6. Two keys that map to one file: refused, the previous file kept,
#    both keys named.
root=$tmp/r6 cm=$tmp/c6
mkdir -p "$root" "$cm"
prof SCMP_ACT_LOG >"$cm/a.json"
sync || FAIL "first sync"
prof SCMP_ACT_ALLOW >"$cm/a.json"
spo a SCMP_ACT_KILL >"$cm/b.yaml"
sync; rc=$?
[ $rc = 1 ] || FAIL "conflict: exit $rc (want 1)"
grep -q "a.json and b.yaml both install a.json" "$tmp/err" || FAIL "conflict: keys not named: $(cat "$tmp/err")"
grep -q SCMP_ACT_LOG "$root/a.json" || FAIL "conflict: previous a.json not kept: $(cat "$root/a.json")"
sync
grep -q SCMP_ACT_LOG "$root/a.json" || FAIL "conflict: second sync changed a.json"
rm "$cm/b.yaml"
sync || FAIL "conflict resolved: exit $?"
grep -q SCMP_ACT_ALLOW "$root/a.json" || FAIL "conflict resolved: a.json not updated"
echo "checked: conflicting keys are refused"

# 13. A ConfigMap key may start with one dot; ..data and the timestamped
#     directories (two dots, which no key can) are the kubelet's.
root=$tmp/r13 cm=$tmp/c13
mkdir -p "$root" "$cm/..2026_01_01_00_00_00.1"
prof SCMP_ACT_ALLOW >"$cm/..2026_01_01_00_00_00.1/.dot.json"
ln -s ..2026_01_01_00_00_00.1 "$cm/..data"
ln -s ..data/.dot.json "$cm/.dot.json"
sync || FAIL ".dot.json: exit $?"
[ -e "$root/.dot.json" ] || FAIL ".dot.json was skipped: $(cat "$tmp/out" "$tmp/err")"
ls -A "$root" | grep -q '^\.\.' && FAIL "kubelet entries installed: $(ls -A "$root")"
echo "checked: .dot.json is installed"

# 18. The exit status on SIGTERM is the last sync's: a failed sync later
#     fixed exits 0.
root=$tmp/r18 cm=$tmp/c18
mkdir -p "$root" "$cm"
printf '{"defaultAction": 7}\n' >"$cm/p.json"
"$S" install --root "$root" --watch "$cm" >"$tmp/w.out" 2>"$tmp/w.err" &
watcher=$!
for i in $(seq 200); do grep -q "refusing" "$tmp/w.err" && break; sleep 0.1; done
prof SCMP_ACT_ALLOW >"$cm/p.json.new" && mv "$cm/p.json.new" "$cm/p.json"
for i in $(seq 200); do [ -e "$root/p.json" ] && break; sleep 0.1; done
[ -e "$root/p.json" ] || FAIL "the fixed profile was never installed"
kill -TERM "$watcher"; wait "$watcher"; rc=$?; watcher=
[ $rc = 0 ] || FAIL "SIGTERM after a fixed sync: exit $rc (want 0)"
echo "checked: the exit status is the last sync's"

# 23. A 255-byte file name (NAME_MAX) installs: the temporary file is not
#     NAME.tmp.XXXXXX.
long=$(printf 'p%.0s' $(seq 250)).json
prof SCMP_ACT_ALLOW >"$tmp/$long"
"$S" install -q --root "$tmp/r23" "$tmp/$long" 2>"$tmp/err" || FAIL "255-byte name: $(cat "$tmp/err")"
[ -e "$tmp/r23/$long" ] || FAIL "255-byte name not installed"
echo "checked: a 255-byte name installs"
exit $fail
