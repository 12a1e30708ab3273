#!/bin/bash
# make demo: the Kubernetes seccomp tutorial ("Restrict a Container's
# Syscalls with seccomp"), end to end on this machine, with the bundled
# http-echo server in place of the tutorial's container and a local
# directory in place of the kind node's /var/lib/kubelet/seccomp.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${BUILD:-build}
S=$PWD/$B/seccompctl
ECHO=$PWD/$B/examples/http-echo
FIXTURES=${FIXTURES:-$PWD/tests/fixtures}
F=$FIXTURES/k8s
ROOT=$PWD/demo-root
TEXT="just made some syscalls!"
is_root=$([ "$(id -u)" = 0 ] && echo yes || echo no)

bold=$(tput bold 2>/dev/null || true); off=$(tput sgr0 2>/dev/null || true)
step() { printf '\n%s== %s ==%s\n' "$bold" "$*" "$off"; }
show() { printf '%s$ %s%s\n' "$bold" "$*" "$off"; }
run() { show "$*"; "$@"; }

# GET / from 127.0.0.1:PORT with bash's /dev/tcp (no curl needed).
http_get() {
        exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
        printf 'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
        sed -n '/^\r*$/,$p' <&3 | tail -n +2
        exec 3<&-
}
# Start a server (args: profile options...), print its port.
start_server() {
        rm -f "$ROOT/port"
        "$S" run "$@" -- "$ECHO" -listen=127.0.0.1:0 "-text=$TEXT" --once \
                --port-file="$ROOT/port" > "$ROOT/server.out" 2> "$ROOT/server.err" &
        SERVER=$!
        for _ in $(seq 100); do [ -s "$ROOT/port" ] && break; kill -0 $SERVER 2>/dev/null || break; sleep 0.05; done
}

rm -rf "$ROOT"; mkdir -p "$ROOT"
[ -x "$S" ] && [ -x "$ECHO" ] || { echo "build first: make"; exit 1; }

step "1. Load the tutorial's profiles onto the node (kind mounts ./profiles at /var/lib/kubelet/seccomp/profiles)"
(cd "$F" && run "$S" install --root "$ROOT/seccomp" profiles/audit.json profiles/violation.json profiles/fine-grained.json)
run find "$ROOT/seccomp" -type f

step "2. Which profile does each container get? (the kubelet's rules, before anything is deployed)"
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
run "$S" resolve --root "$ROOT/seccomp" "$F"/ga/audit-pod.yaml "$F"/ga/violation-pod.yaml \
        "$F"/ga/fine-pod.yaml "$F"/ga/default-pod.yaml "$ROOT/missing-pod.yaml"
echo "(exit status $?: the missing profile would fail with CreateContainerError)"

step "3. Audit: run http-echo under audit.json (SCMP_ACT_LOG) and read what it did"
WATCH=
if [ "$is_root" = yes ]; then
        show "$S watch -o $ROOT/watched --comm http-echo --duration 8 &"
        "$S" watch -q -o "$ROOT/watched" --comm http-echo --duration 8 > "$ROOT/watch.out" 2>&1 &
        WATCH=$!
        sleep 0.5
fi
# A marker in the kernel log: the ring buffer may be full, so counting
# lines would not tell what this step added.
mark="seccompctl-demo-$$-$RANDOM"
[ "$is_root" = yes ] && echo "$mark" > /dev/kmsg 2>/dev/null
show "$S run --type Localhost --localhost-profile profiles/audit.json --root $ROOT/seccomp -- http-echo &"
start_server --type Localhost --localhost-profile profiles/audit.json --root "$ROOT/seccomp"
show "curl 127.0.0.1:$(cat "$ROOT/port" 2>/dev/null)"
http_get "$(cat "$ROOT/port")"
wait $SERVER
if [ "$is_root" = yes ]; then
        dmesg | sed -n "/$mark/,\$p" | grep 'type=1326' | grep 'comm="http-echo"' > "$ROOT/dmesg.log" || true
        echo "syslog/dmesg kept $(wc -l < "$ROOT/dmesg.log") type=1326 lines (the kernel's printk rate limit drops the rest):"
        head -3 "$ROOT/dmesg.log"
        run "$S" logs -o "$ROOT/from-dmesg.json" "$ROOT/dmesg.log"
        wait $WATCH
        echo "watch read the audit netlink group instead and lost nothing:"
        cat "$ROOT/watch.out"
        for p in "$ROOT"/watched/*.json; do
                [ -f "$p" ] || continue
                echo "$p: $(grep -c '"[a-z_0-9]*",\?$' "$p") syscalls; dmesg alone gave $(grep -c '"[a-z_0-9]*",\?$' "$ROOT/from-dmesg.json" 2>/dev/null || echo 0)"
        done
else
        echo "(not root: audit records need CAP_AUDIT_READ or dmesg access; skipping the log part)"
fi

step "4. Violation: violation.json denies every syscall, so the workload cannot even start"
run "$S" run --explain --type Localhost --localhost-profile profiles/violation.json --root "$ROOT/seccomp" \
        -- "$ECHO" "-text=$TEXT" --once
echo "(exit status $?: in Kubernetes this Pod goes to CrashLoopBackOff)"

step "5. Fine-grained: record the server serving a request, then run it under the recorded profile"
show "$S record -o $ROOT/http-echo.json -- http-echo --once &"
rm -f "$ROOT/port"
"$S" record -o "$ROOT/http-echo.json" -- "$ECHO" -listen=127.0.0.1:0 "-text=$TEXT" --once \
        --port-file="$ROOT/port" > /dev/null 2> "$ROOT/record.err" &
REC=$!
for _ in $(seq 100); do [ -s "$ROOT/port" ] && break; sleep 0.05; done
http_get "$(cat "$ROOT/port")" > /dev/null
wait $REC
tail -3 "$ROOT/record.err"
run "$S" check "$ROOT/http-echo.json"
show "$S run --explain --profile $ROOT/http-echo.json -- http-echo &"
start_server --explain --profile "$ROOT/http-echo.json"
show "curl 127.0.0.1:$(cat "$ROOT/port" 2>/dev/null)"
http_get "$(cat "$ROOT/port")"
wait $SERVER; echo "(server exit status $?)"
cat "$ROOT/server.err"
run "$S" diff "$F/profiles/fine-grained.json" "$ROOT/http-echo.json" | head -20

step "6. RuntimeDefault: the runtime's default profile (Docker's, for this machine's caps and arch)"
start_server --runtime-default
show "curl 127.0.0.1:$(cat "$ROOT/port" 2>/dev/null)"
http_get "$(cat "$ROOT/port")"
wait $SERVER

step "7. What each profile costs the kernel"
"$S" default > "$ROOT/runtime-default.json"
if "$S" stats --help >/dev/null 2>&1; then
        run "$S" stats "$ROOT/http-echo.json"
        run "$S" stats "$ROOT/runtime-default.json"
else
        echo "(stats is not built yet)"
fi
printf '\n%sDone.%s The recorded profile is %s; install it with\n  %s install --root /var/lib/kubelet/seccomp %s\n' \
        "$bold" "$off" "$ROOT/http-echo.json" "$S" "$ROOT/http-echo.json"
