#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# make demo's script: passes on this machine, and fails, naming the step,
# when the example server is replaced by one that answers and then fails
# (a demo that cannot fail proves nothing).
set -u
: "${BUILD:=build}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Under the sanitizer pass the example server is built with ASan: its
# LeakSanitizer runs in a thread the tracer of `record` cannot follow
# (CLONE_UNTRACED) and the two wait for each other.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

DEMO_ROOT=$tmp/root BUILD=$BUILD bash tools/demo.sh >"$tmp/ok.out" 2>&1 ||
        { tail -40 "$tmp/ok.out"; fail "the demo failed"; }
grep -q 'Done: every step showed what it must' "$tmp/ok.out" || fail "no closing line"
[ "$(grep -c '^  ok: ' "$tmp/ok.out")" -ge 7 ] || fail "fewer step checks than expected"
echo "ok: demo passes"

# The server answers, then exits 3.
server=$(cd "$BUILD" && pwd)/examples/http-echo
cat > "$tmp/bad-echo" <<SH
#!/bin/sh
"$server" "\$@"
exit 3
SH
chmod +x "$tmp/bad-echo"
if DEMO_ROOT=$tmp/root2 DEMO_SERVER=$tmp/bad-echo BUILD=$BUILD bash tools/demo.sh >"$tmp/bad.out" 2>&1; then
        tail -20 "$tmp/bad.out"; fail "the demo passed with a server that exits 3"
fi
grep -q 'demo: step 3 FAILED: the server under audit.json exited with status 3' "$tmp/bad.out" ||
        { tail -5 "$tmp/bad.out"; fail "the failure does not name step 3 and the exit status"; }
# A server that never answers.
if DEMO_ROOT=$tmp/root3 DEMO_SERVER=/bin/false BUILD=$BUILD bash tools/demo.sh >"$tmp/false.out" 2>&1; then
        fail "the demo passed with /bin/false as the server"
fi
grep -q 'demo: step 3 FAILED: the server under audit.json did not answer' "$tmp/false.out" ||
        { tail -5 "$tmp/false.out"; fail "the failure does not say the server did not answer"; }
echo "ok: the demo fails loudly, naming the step, with a broken server"
