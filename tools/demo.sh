#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# make demo: the Kubernetes seccomp tutorial ("Restrict a Container's
# Syscalls with seccomp"), end to end on this machine, with the bundled
# http-echo server in place of the tutorial's container and a local
# directory in place of the kind node's /var/lib/kubelet/seccomp.
#
# Every step checks what it must show and the demo stops with a non-zero
# exit status naming the step when it does not: a demo that cannot fail
# proves nothing.  DEMO_SERVER replaces the example server (the test
# tests/shell/demo.sh uses it to prove the demo fails with a broken one);
# DEMO_ROOT replaces ./demo-root.
set -uo pipefail
cd "$(dirname "$0")/.."
B=$(cd "${BUILD:-build}" 2>/dev/null && pwd) || { echo "build first: make" >&2; exit 1; }
S=$B/seccompctl
ECHO=${DEMO_SERVER:-$B/examples/http-echo}
FIXTURES=${FIXTURES:-$PWD/tests/fixtures}
F=$FIXTURES/k8s
ROOT=${DEMO_ROOT:-$PWD/demo-root}
TEXT="just made some syscalls!"
is_root=$([ "$(id -u)" = 0 ] && echo yes || echo no)

bold=$(tput bold 2>/dev/null || true); off=$(tput sgr0 2>/dev/null || true)
STEP="setup"
step() { STEP=$1; shift; printf '\n%s== %s. %s ==%s\n' "$bold" "$STEP" "$*" "$off"; }
show() { printf '%s$ %s%s\n' "$bold" "$*" "$off"; }
run() { show "$*"; "$@"; }
# die WHAT: the current step did not show what it must.
die() {
        printf '\n%sdemo: step %s FAILED: %s%s\n' "$bold" "$STEP" "$*" "$off" >&2
        [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
        [ -n "${WATCH:-}" ] && kill "$WATCH" 2>/dev/null
        [ -n "${CID:-}" ] && runc --root "$R5" delete -f "$CID" >/dev/null 2>&1
        exit 1
}
ok() { printf '  ok: %s\n' "$*"; }

# GET / from 127.0.0.1:PORT with bash's /dev/tcp (no curl needed).
http_get() {
        [ -n "$1" ] || return 1
        exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
        printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
        sed -n '/^\r*$/,$p' <&3 | tail -n +2
        exec 3<&-
}
# start_server PROFILE-OPTIONS...: the server under `seccompctl run`, in
# the background (SERVER = its pid); waits for the port file.
start_server() {
        rm -f "$ROOT/port"
        "$S" run "$@" -- "$ECHO" -listen=127.0.0.1:0 "-text=$TEXT" --once \
                --port-file="$ROOT/port" > "$ROOT/server.out" 2> "$ROOT/server.err" &
        SERVER=$!
        for _ in $(seq 200); do [ -s "$ROOT/port" ] && break; kill -0 $SERVER 2>/dev/null || break; sleep 0.05; done
}
# serve_and_check WHAT PROFILE-OPTIONS...: start the server, ask it once,
# and require the tutorial's answer and a clean exit.
serve_and_check() {
        local what=$1 reply rc; shift
        start_server "$@"
        show "curl 127.0.0.1:$(cat "$ROOT/port" 2>/dev/null)"
        reply=$(http_get "$(cat "$ROOT/port" 2>/dev/null)")
        printf '%s\n' "$reply"
        wait_for $SERVER "the server under $what"; rc=$?; SERVER=
        [ "$reply" = "$TEXT" ] || { cat "$ROOT/server.err" >&2; die "the server under $what did not answer \"$TEXT\""; }
        [ $rc = 0 ] || { cat "$ROOT/server.err" >&2; die "the server under $what exited with status $rc"; }
        ok "the server answered under $what and exited 0"
}
# wait_for PID WHAT: wait up to a minute for a background command; a hang
# is a failure of the step, not of the demo's patience.
wait_for() {
        local i
        for i in $(seq 600); do
                kill -0 "$1" 2>/dev/null || { wait "$1"; return; }
                sleep 0.1
        done
        kill -9 "$1" 2>/dev/null
        die "$2 did not finish within a minute"
}
# syscalls_in PROFILE: how many syscall names a profile lists.
syscalls_in() { jq '[.syscalls[]?.names[]] | length' "$1" 2>/dev/null || echo 0; }

rm -rf "$ROOT"; mkdir -p "$ROOT"
[ -x "$S" ] && [ -x "$ECHO" ] || { echo "build first: make (missing $S or $ECHO)" >&2; exit 1; }
command -v jq >/dev/null || { echo "demo needs jq: make deps" >&2; exit 1; }

step 1 "Load the tutorial's profiles onto the node (kind mounts ./profiles at /var/lib/kubelet/seccomp/profiles)"
(cd "$F" && run "$S" install --root "$ROOT/seccomp" profiles/audit.json profiles/violation.json \
        profiles/fine-grained.json) || die "install failed"
run find "$ROOT/seccomp" -type f
for p in audit violation fine-grained; do
        jq -e --slurpfile want "$F/profiles/$p.json" '. == $want[0]' \
                "$ROOT/seccomp/profiles/$p.json" >/dev/null 2>&1 ||
                die "$ROOT/seccomp/profiles/$p.json is missing or differs from the tutorial's $p.json"
done
ok "the three profiles are on the node, each the same JSON as the tutorial's"

step 2 "Which profile does each container get? (the kubelet's rules, before anything is deployed)"
cat > "$ROOT/missing-pod.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: missing-profile-pod
spec:
  securityContext:
    seccompProfile:
      type: Localhost
      localhostProfile: profiles/does-not-exist.json
  containers:
  - name: test-container
    image: hashicorp/http-echo:1.0
YAML
pods=("$F"/ga/audit-pod.yaml "$F"/ga/violation-pod.yaml "$F"/ga/fine-pod.yaml "$F"/ga/default-pod.yaml
      "$ROOT/missing-pod.yaml")
run "$S" resolve --root "$ROOT/seccomp" "${pods[@]}"
rc=$?
echo "(exit status $rc: the missing profile would fail with CreateContainerError)"
[ $rc != 0 ] || die "resolve exited 0 although one Pod names a missing profile"
"$S" resolve --json --root "$ROOT/seccomp" "${pods[@]}" > "$ROOT/resolve.json" 2>/dev/null
verdicts=$(jq -r '.[] | "\(.pod) \(.type) \(.path // "-") \(if .error then "error" else "ok" end)"' \
        "$ROOT/resolve.json" | sed "s#$ROOT/seccomp/##")
want="audit-pod Localhost profiles/audit.json ok
violation-pod Localhost profiles/violation.json ok
fine-pod Localhost profiles/fine-grained.json ok
default-pod RuntimeDefault - ok
missing-profile-pod Localhost profiles/does-not-exist.json error"
[ "$verdicts" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$verdicts" "$want" >&2; die "a container's verdict is wrong"; }
ok "each container gets the profile the kubelet would give it; the missing one is an error"

step 3 "Audit: run http-echo under audit.json (SCMP_ACT_LOG) and read what it did"
WATCH=
if [ "$is_root" = yes ]; then
        show "$S watch -o $ROOT/watched --comm http-echo --duration 8 &"
        "$S" watch -q -o "$ROOT/watched" --comm "$(basename "$ECHO" | cut -c1-15)" --duration 8 \
                > "$ROOT/watch.out" 2>&1 &
        WATCH=$!
        sleep 0.5
fi
# A marker in the kernel log: the ring buffer may be full, so counting
# lines would not tell what this step added.
mark="seccompctl-demo-$$-$RANDOM"
[ "$is_root" = yes ] && echo "$mark" > /dev/kmsg 2>/dev/null
show "$S run --type Localhost --localhost-profile profiles/audit.json --root $ROOT/seccomp -- http-echo &"
serve_and_check audit.json --type Localhost --localhost-profile profiles/audit.json --root "$ROOT/seccomp"
if [ "$is_root" = yes ]; then
        dmesg | sed -n "/$mark/,\$p" | grep 'type=1326' | grep 'comm="http-echo"' > "$ROOT/dmesg.log" || true
        echo "syslog/dmesg kept $(wc -l < "$ROOT/dmesg.log") type=1326 lines (the kernel's printk rate limit drops the rest):"
        head -3 "$ROOT/dmesg.log"
        # printk's rate limit is shared by the whole machine: on a busy one
        # dmesg may keep none of this step's lines, which is the point.
        if [ -s "$ROOT/dmesg.log" ]; then
                run "$S" logs -o "$ROOT/from-dmesg.json" "$ROOT/dmesg.log" ||
                        die "logs could not read the kernel's lines"
        fi
        wait_for $WATCH "watch"; rc=$?; WATCH=
        [ $rc = 0 ] || { cat "$ROOT/watch.out" >&2; die "watch exited with status $rc"; }
        echo "watch read the audit netlink group instead and lost nothing:"
        cat "$ROOT/watch.out"
        watched=$(ls "$ROOT"/watched/*.json 2>/dev/null | head -1)
        [ -n "$watched" ] || die "watch wrote no profile for the server"
        n=$(syscalls_in "$watched") d=$(syscalls_in "$ROOT/from-dmesg.json")
        echo "$watched: $n syscalls; dmesg alone gave $d"
        [ "$n" -gt 0 ] && [ "$n" -ge "$d" ] || die "watch saw $n syscalls, fewer than dmesg's $d"
        for c in accept4 read write; do
                jq -e --arg c "$c" '[.syscalls[].names[]] | index($c)' "$watched" >/dev/null ||
                        die "the watched profile lacks $c, which the server made"
        done
        ok "the audit records name the server's syscalls (accept4, read, write among $n)"
else
        echo "(not root: audit records need CAP_AUDIT_READ or dmesg access; skipping the log part)"
fi

step 4 "Violation: violation.json denies every syscall, so the workload cannot even start"
run "$S" run --explain --type Localhost --localhost-profile profiles/violation.json --root "$ROOT/seccomp" \
        -- "$ECHO" "-text=$TEXT" --once 2> >(tee "$ROOT/violation.err" >&2)
rc=$?
sleep 0.2 # the tee above
echo "(exit status $rc: in Kubernetes this Pod goes to CrashLoopBackOff)"
[ $rc = 126 ] || die "the workload under violation.json exited $rc, not 126 (cannot execute)"
grep -q execve "$ROOT/violation.err" || die "--explain did not name execve as the denied call"
ok "denied at execve (exit 126), as the tutorial's Pod fails"

step 5 "Fine-grained: record the server serving a request, then run it under the recorded profile"
show "$S record -o $ROOT/http-echo.json -- http-echo --once &"
rm -f "$ROOT/port"
"$S" record -o "$ROOT/http-echo.json" -- "$ECHO" -listen=127.0.0.1:0 "-text=$TEXT" --once \
        --port-file="$ROOT/port" > /dev/null 2> "$ROOT/record.err" &
REC=$!
for _ in $(seq 200); do [ -s "$ROOT/port" ] && break; kill -0 $REC 2>/dev/null || break; sleep 0.05; done
reply=$(http_get "$(cat "$ROOT/port" 2>/dev/null)")
wait_for $REC "record"; rc=$?
tail -3 "$ROOT/record.err"
[ "$reply" = "$TEXT" ] || die "the server under record did not answer \"$TEXT\""
[ $rc = 0 ] || { cat "$ROOT/record.err" >&2; die "record exited with status $rc"; }
# --runtime runc: record added what runc calls itself after loading the
# filter (record's summary above names them); check finds none missing.
run "$S" check --runtime runc "$ROOT/http-echo.json" 2> "$ROOT/check.err" ||
        { cat "$ROOT/check.err" >&2; die "the recorded profile does not pass check"; }
cat "$ROOT/check.err"
grep -q "runc 1.1.5 calls" "$ROOT/check.err" && die "check --runtime runc: the recorded profile lacks runc's own calls"
show "$S run --explain --profile $ROOT/http-echo.json -- http-echo &"
serve_and_check "the recorded profile" --explain --profile "$ROOT/http-echo.json"
cat "$ROOT/server.err"
grep -Eq '^(denied|killed|trapped|logged): ' "$ROOT/server.err" && die "run --explain reports denials under the recorded profile"
# The same profile where a Pod would use it: a real runc container (runc
# loads it, then makes calls of its own before it starts the server).  The
# bundle's root holds the host's /usr and /etc read-only and the server
# binary that was recorded; it shares the host's network for the port.
if [ "$is_root" = yes ]; then
        command -v runc >/dev/null || die "runc is missing: make deps"
        B5=$ROOT/bundle; R5=$ROOT/runc-state; CID=demo-http-echo-$$
        mkdir -p "$B5/rootfs" "$R5"
        for d in usr etc proc dev sys tmp demo; do mkdir -p "$B5/rootfs/$d"; done
        : > "$B5/rootfs/http-echo"
        for d in bin sbin lib lib32 lib64 libx32; do
                [ -L "/$d" ] && ln -s "$(readlink "/$d")" "$B5/rootfs/$d"
                [ ! -L "/$d" ] && [ -d "/$d" ] && mkdir -p "$B5/rootfs/$d" && BINDS="${BINDS:-} /$d"
        done
        (cd "$B5" && runc spec) || die "runc spec failed"
        rm -f "$ROOT/port"
        jq --slurpfile p "$ROOT/http-echo.json" --arg echo "$ECHO" --arg root "$ROOT" \
                --arg text "$TEXT" --arg binds "${BINDS:-}" --arg asan "${ASAN_OPTIONS:-}" '
                .process.terminal = false | .process.noNewPrivileges = false |
                # the sanitizer pass: the server is an ASan build (see tests/shell/demo.sh)
                .process.env += (if $asan == "" then [] else ["ASAN_OPTIONS=" + $asan] end) |
                .process.args = ["/http-echo", "-listen=127.0.0.1:0", "-text=" + $text, "--once",
                                 "--port-file=/demo/port"] |
                .process.capabilities |= with_entries(.value |= map(select(. != "CAP_SYS_RESOURCE"))) |
                .mounts += ([["/usr", "/usr"], ["/etc", "/etc"], [$echo, "/http-echo"]] +
                            ($binds | split(" ") | map(select(. != "") | [., .])) |
                            map({destination: .[1], type: "bind", source: .[0], options: ["rbind", "ro"]})) +
                           [{destination: "/demo", type: "bind", source: $root, options: ["rbind", "rw"]}] |
                .linux.namespaces |= map(select(.type != "network")) |
                .linux.seccomp = $p[0]' "$B5/config.json" > "$B5/config.json.new" &&
                mv "$B5/config.json.new" "$B5/config.json" || die "cannot write the bundle's config.json"
        show "jq '.linux.seccomp = \$recorded' config.json; runc run -b $B5 $CID &"
        runc --root "$R5" run -b "$B5" "$CID" < /dev/null > "$ROOT/runc.out" 2> "$ROOT/runc.err" &
        RUNC=$!
        for _ in $(seq 200); do [ -s "$ROOT/port" ] && break; kill -0 $RUNC 2>/dev/null || break; sleep 0.05; done
        show "curl 127.0.0.1:$(cat "$ROOT/port" 2>/dev/null)"
        reply=$(http_get "$(cat "$ROOT/port" 2>/dev/null)")
        printf '%s\n' "$reply"
        wait_for $RUNC "runc"; rc=$?
        runc --root "$R5" delete -f "$CID" > /dev/null 2>&1; CID=
        [ "$reply" = "$TEXT" ] || { cat "$ROOT/runc.err" >&2; die "the server in the runc container did not answer \"$TEXT\""; }
        [ $rc = 0 ] || { cat "$ROOT/runc.err" >&2; die "runc exited with status $rc"; }
        ok "runc 1.1.5 ran the server under the recorded profile alone: it answered and exited 0"
else
        echo "(not root: the runc container part needs root; skipping it)"
fi
run "$S" diff "$F/profiles/fine-grained.json" "$ROOT/http-echo.json" | head -20

step 6 "RuntimeDefault: the runtime's default profile (Docker's, for this machine's caps and arch)"
serve_and_check RuntimeDefault --runtime-default

step 7 "What each profile costs the kernel"
"$S" default > "$ROOT/runtime-default.json" || die "seccompctl default failed"
run "$S" stats "$ROOT/http-echo.json" || die "stats failed on the recorded profile"
run "$S" stats "$ROOT/runtime-default.json" || die "stats failed on RuntimeDefault"

printf '\n%sDone: every step showed what it must.%s The recorded profile is %s; install it with\n  %s install --root /var/lib/kubelet/seccomp %s\n' \
        "$bold" "$off" "$ROOT/http-echo.json" "$S" "$ROOT/http-echo.json"
