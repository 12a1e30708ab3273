#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Memory is bounded by the input's structure before a tree is built
# (issue 18, item 7).  json-c builds its whole tree first: 6 MB of "{},"
# took 1.6 GB and 12 s, a 1 MiB ConfigMap value took install --watch to
# 273 MB (the DaemonSet allowed 64Mi), and a 1 MiB object of 110,000 keys
# took 4 minutes.  Each 1 MiB shape below must stay under the DaemonSet's
# memory limit (deploy/install-daemonset.yaml), and the 6 MB one must be
# refused cheaply.  Peak RSS is measured with getrusage(RUSAGE_CHILDREN);
# under ASan (shadow memory, quarantine) only the refusals are checked.
set -u
tmp=$(mktemp -d /tmp/sc-memory-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
here=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
FAIL() { echo "FAIL $*"; fail=1; }
asan=0
grep -q __asan_init "$S" && asan=1

limit=$(awk '/limits:/ {l=1} l && /memory:/ {print $2; exit}' "$here/deploy/install-daemonset.yaml")
case $limit in
*Mi) limit_kb=$(( ${limit%Mi} * 1024 )) ;;
*Gi) limit_kb=$(( ${limit%Gi} * 1024 * 1024 )) ;;
*) echo "cannot read the DaemonSet memory limit ($limit)"; exit 1 ;;
esac

python3 - "$tmp" <<'EOF2'
import sys
d = sys.argv[1]
M = 1048576 - 64
def w(name, s):
    assert len(s) <= 1048576, (name, len(s))
    open(d + "/" + name, "w").write(s)
n = 65000
w("mix.json", "[" + "{}," * n + "1," * ((M - 3 * n) // 2 - 10) + "1]")
w("ints.json", "[" + "1," * 524000 + "1]")
w("strs.json", "[" + '"",' * 349000 + '""]')
w("keys.json", '{"defaultAction":"SCMP_ACT_ALLOW",' + ",".join('"%x":1' % i for i in range(110000)) + "}")
w("flow.yaml", "x: [" + "{}," * 349000 + "{}]\n")
w("seq.yaml", "x:\n" + "- 1\n" * 262000)
open(d + "/six-mb.json", "w").write("[" + "{}," * 2000000 + "{}]")
EOF2

# peak KB of one command (its exit status in $tmp/rc)
peak() {
        python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$tmp/err" "$@"
}

for f in mix.json ints.json strs.json keys.json flow.yaml seq.yaml; do
        rm -rf "$tmp/cm" "$tmp/root"; mkdir "$tmp/cm"
        cp "$tmp/$f" "$tmp/cm/$f"
        kb=$(peak "$S" install -q --root "$tmp/root" --watch "$tmp/cm" --once)
        [ "$f" != keys.json ] && [ -e "$tmp/root/$f" ] && FAIL "$f was installed"
        if [ $asan = 0 ] && [ "$kb" -ge "$limit_kb" ]; then
                FAIL "$f: install --watch peaked at $kb KB, over the DaemonSet limit $limit"
        fi
        echo "$f: $kb KB (limit $limit)"
done

kb=$(peak "$S" check "$tmp/six-mb.json")
grep -q "document too large" "$tmp/err" || FAIL "6 MB of {}: not refused as too large: $(head -c 300 "$tmp/err")"
[ $asan = 0 ] && [ "$kb" -ge 65536 ] && FAIL "6 MB of {}: peaked at $kb KB"
echo "six-mb.json: $kb KB, refused"
exit $fail
