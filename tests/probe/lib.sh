# SPDX-License-Identifier: Apache-2.0
# Sourced by tests/shell/run-*.sh and runc-*.sh: builds the static probe,
# the static http-echo and the config.json editor into $BUILD/probe/
# (rebuilt when the source is newer), and sets PROBE, ECHO_STATIC, OCICFG.
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
: "${CC:=gcc}"
PROBE_DIR=$BUILD/probe
mkdir -p "$PROBE_DIR"

need_root() {
        [ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
}

# build OUT SRC FLAGS...: compile when OUT is missing or older than SRC.
probe_build() {
        local out=$1 src=$2; shift 2
        if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
                # The sanitizer build's CC/SAN must not leak in: these are
                # static helpers, built plainly with gcc.
                gcc -O2 -Wall -Wextra -Werror -o "$out.tmp" "$src" "$@" &&
                        mv "$out.tmp" "$out" || return 1
        fi
}

probe_build "$PROBE_DIR/probe" tests/probe/probe.c -static -pthread ||
        { echo "cannot build the static probe"; exit 1; }
probe_build "$PROBE_DIR/http-echo-static" examples/http-echo.c -static ||
        { echo "cannot build the static http-echo"; exit 1; }
# shellcheck disable=SC2046
probe_build "$PROBE_DIR/ocicfg" tests/probe/ocicfg.c $(pkg-config --cflags --libs json-c) ||
        { echo "cannot build ocicfg"; exit 1; }
PROBE=$(cd "$PROBE_DIR" && pwd)/probe
ECHO_STATIC=$(cd "$PROBE_DIR" && pwd)/http-echo-static
OCICFG=$(cd "$PROBE_DIR" && pwd)/ocicfg
SECCOMPCTL=$(cd "$(dirname "$SECCOMPCTL")" && pwd)/$(basename "$SECCOMPCTL")
PROFILES=$(pwd)/tests/probe/profiles

# http_get PORT: print the response body of GET / on 127.0.0.1:PORT.
http_get() {
        exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
        printf 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n' >&3
        sed -e '1,/^\r$/d' <&3
        exec 3<&-
}

# wait_for_file FILE: up to ~10 s (the server or agent is starting).
wait_for_file() {
        local i
        for i in $(seq 1 200); do
                [ -s "$1" ] && return 0
                sleep 0.05
        done
        return 1
}

# oci_run RUNTIME STATE BUNDLE ID: `RUNTIME run` in the foreground, stdin
# from /dev/null, stdout and stderr passed through, its exit status
# returned.  crun needs a private mount namespace without the cgroup v2
# mount on this host's hybrid layout (docs/machine-facts.md).
oci_run() {
        local rt=$1 state=$2 bundle=$3 id=$4
        case $rt in
        runc) runc --root "$state" run --bundle "$bundle" "$id" </dev/null ;;
        crun) unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null
                exec crun --root "$1" --cgroup-manager=disabled run --bundle "$2" "$3"' \
                        sh "$state" "$bundle" "$id" </dev/null ;;
        *) echo "oci_run: unknown runtime $rt" >&2; return 2 ;;
        esac
}

# oci_delete RUNTIME STATE ID: forget the container, whatever its state.
oci_delete() {
        case $1 in
        runc) runc --root "$2" delete -f "$3" >/dev/null 2>&1 ;;
        crun) crun --root "$2" delete -f "$3" >/dev/null 2>&1 ;;
        esac
        return 0
}
