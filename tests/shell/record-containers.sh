#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# A profile recorded on the host starts the same command in real runc and
# crun containers (issue 16).  For each workload (a busybox shell pipeline,
# a threaded python3, the static probe, the dynamic example server):
#   - `record -o P -- CMD` on the host (the default, --runtime runc), and
#     `record --runtime crun`;
#   - CMD in a container without seccomp, then with P only: the same
#     output and exit status, in runc with noNewPrivileges false (what a
#     Pod gets unless allowPrivilegeEscalation is false) and true, in crun
#     with the crun profile (noNewPrivileges false) and with the plain one
#     (runc spec's noNewPrivileges true).
# The negative: the --runtime none profile does not start a runc container,
# and `check --runtime runc` says why.
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
need_root
command -v runc >/dev/null || { echo "runc is not installed"; exit 77; }
command -v crun >/dev/null || { echo "crun is not installed"; exit 77; }
[ -x /bin/busybox ] || { echo "busybox-static is not installed"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "python3 is not installed"; exit 77; }
ECHO_DYN=$(cd "$BUILD/examples" && pwd)/http-echo
[ -x "$ECHO_DYN" ] || { echo "FAIL: $ECHO_DYN not built"; exit 1; }

tmp=$(mktemp -d /tmp/sc-record-containers-XXXXXX)
ids=()
cleanup() {
        local e
        for e in "${ids[@]}"; do
                oci_delete "${e%%:*}" "$tmp/state-${e%%:*}" "${e#*:}"
        done
        rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
n=0

# The bundle: the host's /usr and /etc read-only (python3 and the dynamic
# server need them; /bin, /lib, ... are symlinks into /usr on Debian 12,
# as on the host), /w read-write for the test's binaries and the server's
# port file.  Commands run with the environment and cwd runc gives them,
# on the host too, so both see the same files.
W=$tmp/w
mkdir -p "$tmp/bundle/rootfs" "$W" "$tmp/state-runc" "$tmp/state-crun"
for d in usr etc w proc dev sys tmp; do mkdir -p "$tmp/bundle/rootfs/$d"; done
for d in bin sbin lib lib32 lib64 libx32; do
        if [ -L "/$d" ]; then
                ln -s "$(readlink "/$d")" "$tmp/bundle/rootfs/$d"
        elif [ -d "/$d" ]; then
                echo "FAIL: /$d is not a symlink into /usr: this test assumes merged /usr"; exit 1
        fi
done
cp "$PROBE" "$W/probe"
cp "$ECHO_DYN" "$W/http-echo"
(cd "$tmp/bundle" && runc spec && mv config.json spec.json) || exit 1
CPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# The environment of the commands, on the host and in the containers.
# The sanitizer build's example server must not start LeakSanitizer: its
# stop-the-world thread escapes the tracer (CLONE_UNTRACED) and deadlocks.
CENV=("PATH=$CPATH" TERM=xterm HOME=/root ASAN_OPTIONS=detect_leaks=0)

# config PROFILE|- NNP NETNS ARGS...: the bundle's config.json.
config() {
        local prof=$1 nnp=$2 netns=$3; shift 3
        "$OCICFG" "$tmp/bundle/spec.json" "$prof" "$tmp/c0.json" -- "$@" || exit 1
        jq --argjson nnp "$nnp" --argjson netns "$netns" --arg w "$W" '
                .process.noNewPrivileges = $nnp | .process.cwd = "/" |
                .process.env = $ARGS.positional |
                .mounts += [
                  {"destination": "/usr", "type": "bind", "source": "/usr", "options": ["rbind", "ro"]},
                  {"destination": "/etc", "type": "bind", "source": "/etc", "options": ["rbind", "ro"]},
                  {"destination": "/w", "type": "bind", "source": $w, "options": ["rbind", "rw"]}] |
                if $netns then . else .linux.namespaces |= map(select(.type != "network")) end' \
                "$tmp/c0.json" --args "${CENV[@]}" >"$tmp/bundle/config.json" || exit 1
}

# rec NAME RUNTIME-OPTION ARGS...: record on the host as the container runs it.
rec() {
        local name=$1 opt=$2; shift 2
        (cd / && env -i "${CENV[@]}" \
                "$SECCOMPCTL" record -q --runtime "$opt" -o "$tmp/$name.json" -- "$@") \
                >"$tmp/$name.rec.out" 2>&1
        # the workload's own status is record's
        [ -s "$tmp/$name.json" ] || { echo "FAIL $name: record wrote no profile"; cat "$tmp/$name.rec.out"; exit 1; }
}

# run_ctr RUNTIME PROFILE NNP NETNS ARGS...: run the container, its stdout in
# $tmp/out, exit status in $rc (the server workload runs in the background
# with serve_ctr instead).
run_ctr() {
        local rt=$1 prof=$2 nnp=$3 netns=$4; shift 4
        local id=sc-rtc-$$-$((++n))
        config "$prof" "$nnp" "$netns" "$@"
        ids+=("$rt:$id")
        oci_run "$rt" "$tmp/state-$rt" "$tmp/bundle" "$id" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        oci_delete "$rt" "$tmp/state-$rt" "$id"
}

# same WHAT RUNTIME PROFILE NNP NETNS ARGS...: the container with PROFILE
# prints what the one without seccomp printed and exits the same.
same() {
        local what=$1 rt=$2 prof=$3 nnp=$4 netns=$5; shift 5
        run_ctr "$rt" - "$nnp" "$netns" "$@"
        local ref_rc=$rc
        cp "$tmp/out" "$tmp/ref.out"; cp "$tmp/err" "$tmp/ref.err"
        if [ ! -s "$tmp/ref.out" ]; then
                echo "FAIL $what: $rt without seccomp printed nothing (exit $ref_rc)"; cat "$tmp/ref.err"
                fail=1; return
        fi
        run_ctr "$rt" "$prof" "$nnp" "$netns" "$@"
        if [ "$rc" != "$ref_rc" ] || ! cmp -s "$tmp/ref.out" "$tmp/out"; then
                echo "FAIL $what: exit $rc (without seccomp $ref_rc); output:"
                diff "$tmp/ref.out" "$tmp/out" | head -20; cat "$tmp/err"
                fail=1
        else
                echo "ok $what: $(wc -l <"$tmp/out") lines, exit $rc, as without seccomp"
        fi
}

# workload NAME ARGS...: record it twice, run it in both runtimes.
workload() {
        local name=$1; shift
        rec "$name-runc" runc "$@"
        rec "$name-crun" crun "$@"
        same "$name runc" runc "$tmp/$name-runc.json" false true "$@"
        same "$name runc nnp" runc "$tmp/$name-runc.json" true true "$@"
        same "$name crun" crun "$tmp/$name-crun.json" false true "$@"
        same "$name crun nnp, plain profile" crun "$tmp/$name-runc.json" true true "$@"
}

pipeline=(/bin/busybox sh -c 'echo hello world | /bin/busybox tr a-z A-Z | /bin/busybox wc -c; /bin/busybox ls / | /bin/busybox wc -l; exit 3')
workload pipeline "${pipeline[@]}"
# prctl recorded with --args: the rules stay exact (the options busybox
# passed) and runc's own options are added as exact rules too.
(cd / && env -i "${CENV[@]}" "$SECCOMPCTL" record -q --args prctl -o "$tmp/pipeline-args.json" -- \
        "${pipeline[@]}") >/dev/null 2>&1
prctl_values=$(jq -c '[.syscalls[] | select(.names == ["prctl"]) | .args[0].value] | sort' "$tmp/pipeline-args.json")
case $prctl_values in
*8,*24,*47*) ;;
*) echo "FAIL pipeline --args prctl: prctl rules for $prctl_values, not runc's 8, 24, 47"; fail=1 ;;
esac
jq -e '[.syscalls[] | select(.names | index("prctl")) | select(.args == null or .args == [])] == []' \
        "$tmp/pipeline-args.json" >/dev/null ||
        { echo "FAIL pipeline --args prctl: an unconditional prctl rule"; fail=1; }
same "pipeline runc, --args prctl" runc "$tmp/pipeline-args.json" false true "${pipeline[@]}"
workload python3 /usr/bin/python3 -c '
import threading
out = []
lock = threading.Lock()
def work(i):
    with lock:
        out.append(sum(range(i * 1000)))
ts = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(sorted(out))'
# The static probe, every call from a second thread.  Left out: nr460
# (lsm_set_self_attr, unknown to libseccomp 2.5.4, so runc and crun skip
# its rule: `check` warns) and nr1000 (no name, so no OCI rule can allow
# it): a recording cannot give the runtimes what they cannot load.  The
# host runs it from $W, the container from /w (a static binary does not
# care where it is).
mapfile -t calls < <("$PROBE" --list | grep -v -x -e nr460 -e nr1000)
rec probe-runc runc "$W/probe" --thread "${calls[@]}"
rec probe-crun crun "$W/probe" --thread "${calls[@]}"
same "probe runc" runc "$tmp/probe-runc.json" false true /w/probe --thread "${calls[@]}"
same "probe crun" crun "$tmp/probe-crun.json" false true /w/probe --thread "${calls[@]}"

# The example server (dynamic build): one request each, on the host's
# network (no network namespace); the answer and exit status compared.
serve() { # NAME RUNTIME PROFILE|- NNP
        local rt=$2 prof=$3 nnp=$4
        local id=sc-rtc-$$-$((++n))
        rm -f "$W/port"
        config "$prof" "$nnp" false /w/http-echo -listen=127.0.0.1:0 -text=from-the-container \
                --once --port-file=/w/port
        ids+=("$rt:$id")
        oci_run "$rt" "$tmp/state-$rt" "$tmp/bundle" "$id" >"$tmp/srv.out" 2>"$tmp/srv.err" &
        local pid=$!
        if wait_for_file "$W/port"; then
                http_get "$(cat "$W/port")" >"$tmp/$1.body" 2>/dev/null
        else
                : >"$tmp/$1.body"
        fi
        wait $pid
        echo $? >"$tmp/$1.rc"
        oci_delete "$rt" "$tmp/state-$rt" "$id"
}
rm -f "$W/port"
(cd / && env -i "${CENV[@]}" "$SECCOMPCTL" record -q -o "$tmp/echo-runc.json" -- \
        "$W/http-echo" -listen=127.0.0.1:0 -text=from-the-container --once --port-file="$W/port") \
        >"$tmp/echo.rec.out" 2>&1 &
recpid=$!
wait_for_file "$W/port" && http_get "$(cat "$W/port")" >/dev/null 2>&1
wait $recpid || { echo "FAIL server: record exited $?"; cat "$tmp/echo.rec.out"; fail=1; }
"$SECCOMPCTL" merge -o "$tmp/echo-crun.json" --runtime crun "$tmp/echo-runc.json" 2>/dev/null
for v in "runc runc false" "runc runc true" "crun crun false" "crun runc true"; do
        set -- $v
        serve ref "$1" - "$3"
        serve sec "$1" "$tmp/echo-$2.json" "$3"
        if [ ! -s "$tmp/ref.body" ]; then
                echo "FAIL server $v: no answer without seccomp"; cat "$tmp/srv.err"; fail=1
        elif ! cmp -s "$tmp/ref.body" "$tmp/sec.body" || ! cmp -s "$tmp/ref.rc" "$tmp/sec.rc"; then
                echo "FAIL server $1 with the $2 profile, noNewPrivileges $3: '$(cat "$tmp/sec.body")' exit $(cat "$tmp/sec.rc"), without seccomp '$(cat "$tmp/ref.body")' exit $(cat "$tmp/ref.rc")"
                cat "$tmp/srv.err"; fail=1
        else
                echo "ok server $1 with the $2 profile, noNewPrivileges $3: answered '$(cat "$tmp/sec.body")'"
        fi
done

# The negative: what the workload alone makes does not start runc.
rec pipeline-none none "${pipeline[@]}"
run_ctr runc "$tmp/pipeline-none.json" false true "${pipeline[@]}"
# How runc dies depends on which blocked call one of its threads meets
# first: runc init reports EPERM ("operation not permitted"), or the Go
# runtime aborts when a futex wake is denied ("fatal error: ...",
# "futexwakeup ... returned -1").  Either way the workload never runs.
why=$(grep -o -m1 -e '[^"]*operation not permitted' -e 'fatal error: [^"]*' -e 'futexwakeup[^"]*' "$tmp/err" | head -1)
if [ "$rc" = 0 ] || [ -s "$tmp/out" ] || [ -z "$why" ]; then
        echo "FAIL negative: runc with the --runtime none profile exited $rc, output $(wc -c <"$tmp/out") bytes:"; cat "$tmp/err"; fail=1
else
        echo "ok negative: --runtime none profile: runc exits $rc before the workload runs, $why"
fi
"$SECCOMPCTL" check --runtime runc "$tmp/pipeline-none.json" >/dev/null 2>"$tmp/check.err"
grep -q 'runc 1.1.5 calls fstatfs after loading the filter (always); without it runc fails: ' "$tmp/check.err" ||
        { echo "FAIL: check --runtime runc does not warn about the missing fstatfs"; cat "$tmp/check.err"; fail=1; }
"$SECCOMPCTL" check --runtime runc,crun "$tmp/pipeline-runc.json" >/dev/null 2>"$tmp/check2.err"
grep -q 'crun 1.8.1 calls setresuid after loading the filter (when noNewPrivileges is false)' "$tmp/check2.err" ||
        { echo "FAIL: check --runtime crun does not warn about the runc-only profile"; cat "$tmp/check2.err"; fail=1; }
exit $fail
