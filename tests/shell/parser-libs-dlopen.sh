#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# json-c, libyaml (src/os/parser-libs.h) and libbpf (src/os/libbpf-load.h)
# are opened on first use, not linked: the seccompctl binary does not list
# them in DT_NEEDED but in its .note.dlopen, and with all made unloadable
# (an empty file bound over each in a private mount namespace) what reads
# well-formed JSON still works (same bytes out) while everything that needs
# a library fails closed: one line naming the library, a non-zero exit, the
# workload never run; record without libbpf says so and uses ptrace.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD:=build}" "${SECCOMPCTL:=$BUILD/seccompctl}" "${FIXTURES:=tests/fixtures}"
MOBY=$FIXTURES/runtime-default/moby-default.json

# ---- inside the namespace: "$0" --masked TMP JSONC YAML BPF LIB... (sonames;
# BPF is - when the binary has no eBPF recorder)
if [ "${1:-}" = --masked ]; then
        tmp=$2 jsonc=$3 yaml=$4 bpf=$5; shift 5
        for lib in "$@"; do
                mount --bind "$tmp/empty" "$lib" || { echo "FAIL cannot mask $lib"; exit 1; }
        done
        fail=0
        # works NAME ARGS...: exit 0
        works() {
                local name=$1; shift
                if "$SECCOMPCTL" "$@" >"$tmp/out" 2>"$tmp/err"; then
                        echo "ok $name: works without the libraries"
                else
                        echo "FAIL $name: exit $? without the libraries"; cat "$tmp/err"; fail=1
                fi
        }
        # refused NAME SONAME ARGS...: non-zero, one line naming SONAME, no marker
        refused() {
                local name=$1 so=$2; shift 2
                rm -f "$tmp/marker"
                "$SECCOMPCTL" "$@" >"$tmp/out" 2>"$tmp/err"
                local rc=$? n
                n=$(grep -c "cannot load $so, needed" "$tmp/err")
                if [ $rc -eq 0 ] || [ "$n" != 1 ] || [ -e "$tmp/marker" ]; then
                        echo "FAIL $name: exit $rc, $n lines naming $so, marker" \
                             "$([ -e "$tmp/marker" ] && echo created || echo absent)"
                        cat "$tmp/err"; fail=1
                else
                        echo "ok $name: exit $rc: $(grep "cannot load" "$tmp/err")"
                fi
        }
        works --version --version
        works "compile (fast JSON path)" compile "$MOBY" -o "$tmp/masked.bpf"
        cmp -s "$tmp/masked.bpf" "$tmp/linked.bpf" ||
                { echo "FAIL compile: other bytes without the libraries"; fail=1; }
        works "check (fast JSON path)" check "$MOBY"
        rm -f "$tmp/marker"
        works "run (fast JSON path)" run --profile "$tmp/allow.json" -- sh -c ": > '$tmp/marker'"
        [ -e "$tmp/marker" ] || { echo "FAIL run: the command did not run"; fail=1; }
        refused "compile YAML" "$yaml" compile "$tmp/p.yaml" -o "$tmp/y.bpf"
        refused "compile broken JSON" "$jsonc" compile "$tmp/broken.json" -o "$tmp/y.bpf"
        refused "check YAML" "$yaml" check "$tmp/p.yaml"
        refused "run YAML profile" "$yaml" run --profile "$tmp/p.yaml" -- \
                sh -c ": > '$tmp/marker'"
        refused "run broken JSON" "$jsonc" run --profile "$tmp/broken.json" -- \
                sh -c ": > '$tmp/marker'"
        refused "resolve manifest" "$yaml" resolve "$FIXTURES/spo/pod.yaml"
        refused logs "$jsonc" logs "$tmp/journal.log"
        refused notify-listen "$jsonc" notify-listen --socket "$tmp/sock"
        if [ "$bpf" != - ]; then
                refused "record --method ebpf" "$bpf" record --method ebpf \
                        -o "$tmp/r.json" -- sh -c ": > '$tmp/marker'"
                rm -f "$tmp/marker"
                works "record (ptrace instead)" record -o "$tmp/r.json" -- \
                        sh -c ": > '$tmp/marker'"
                if [ ! -e "$tmp/marker" ] || ! grep -q "cannot load $bpf.*ptrace" "$tmp/err"; then
                        echo "FAIL record: no ptrace run saying why"; cat "$tmp/err"; fail=1
                fi
        fi
        exit $fail
fi

command -v readelf >/dev/null && command -v objcopy >/dev/null ||
        { echo "FAIL readelf and objcopy (binutils) are needed"; exit 1; }
tmp=$(mktemp -d /tmp/sc-parser-libs-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

if readelf -d "$SECCOMPCTL" | grep -E 'NEEDED.*(json-c|yaml|bpf|elf|libz)'; then
        echo "FAIL json-c, libyaml or libbpf is linked (DT_NEEDED): every start pays their loading"
        fail=1
else
        needed=$(readelf -d "$SECCOMPCTL" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' | xargs)
        echo "ok DT_NEEDED: $needed"
fi
objcopy -O binary --only-section=.note.dlopen "$SECCOMPCTL" "$tmp/note"
sonames=$(grep -ao '"soname":\["[^"]*"\]' "$tmp/note" | sed 's/.*\["\(.*\)"\]/\1/')
jsonc=$(grep '^libjson-c\.so\.' <<<"$sonames") yaml=$(grep '^libyaml' <<<"$sonames")
bpf=$(grep '^libbpf\.so\.' <<<"$sonames")
if [ -z "$jsonc" ] || [ -z "$yaml" ]; then
        echo "FAIL .note.dlopen does not name json-c and libyaml: '$sonames'"
        exit 1
fi
echo "ok .note.dlopen: $jsonc $yaml ${bpf:-(no eBPF recorder)}"

# Every file the loader may find for these sonames (ld.so.cache).
libs=$(ldconfig -p | awk -v a="$jsonc" -v b="$yaml" -v c="${bpf:-none}" \
        '$1 == a || $1 == b || $1 == c { print $NF }' |
       xargs -r readlink -f | sort -u)
[ -n "$libs" ] || { echo "FAIL ldconfig does not know $jsonc or $yaml"; exit 1; }

: > "$tmp/empty"
cat > "$tmp/p.yaml" <<'EOF'
defaultAction: SCMP_ACT_ALLOW
syscalls:
- names: [mkdir]
  action: SCMP_ACT_ERRNO
EOF
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [' > "$tmp/broken.json"
cat > "$tmp/allow.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}
EOF
cat > "$tmp/journal.log" <<'EOF'
{"MESSAGE":"audit: type=1326 audit(1.2:3): pid=1 comm=\"x\" sig=0 arch=c000003e syscall=2 code=0x50000","_TRANSPORT":"kernel"}
EOF
"$SECCOMPCTL" compile "$MOBY" -o "$tmp/linked.bpf" 2>/dev/null ||
        { echo "FAIL compile $MOBY"; exit 1; }
# With the libraries there, the paths that need them work.
"$SECCOMPCTL" compile "$tmp/p.yaml" -o "$tmp/y.bpf" ||
        { echo "FAIL compile YAML with the libraries"; fail=1; }

# A private mount namespace: as root, else in a user namespace.
# shellcheck disable=SC2086
if unshare -m true 2>/dev/null; then
        unshare -m "$0" --masked "$tmp" "$jsonc" "$yaml" "${bpf:--}" $libs || fail=1
elif unshare -Urm true 2>/dev/null; then
        unshare -Urm "$0" --masked "$tmp" "$jsonc" "$yaml" "${bpf:--}" $libs || fail=1
else
        echo "SKIP-PART: parser-libs-dlopen: no mount namespace to make the libraries unloadable in"
fi
exit $fail
