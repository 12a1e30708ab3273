#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
#
# Measure what a container runtime calls itself after it has loaded the
# container's seccomp filter, before it execve()s the workload: the data
# behind data/runtime-calls.tsv.
#
#   tools/measure-runtime-calls.sh runc|crun            calls per config variant
#   tools/measure-runtime-calls.sh runc|crun --failures what each call's denial does
#
# Calls: `strace -f` of `RUNTIME run` with an allow-all filter, keeping the
# calls of the task that loaded the filter (prctl(PR_SET_SECCOMP) or
# seccomp(SECCOMP_SET_MODE_FILTER) with a program) and of tasks it creates
# afterwards, up to its execve of the workload, for each variant:
# noNewPrivileges true/false, a non-root user with additionalGids, no
# capabilities, a cwd, a user namespace, a terminal, a startContainer hook, a NOTIFY
# rule with a listener (seccompctl notify-listen), create + start, and exec
# into a running container.  prctl, fcntl and ioctl are shown with the
# option they were called with.
#
# Failures: for every row of data/runtime-calls.tsv for RUNTIME (always,
# nnp and go), a container (noNewPrivileges false) runs /bin/busybox true under a
# profile that allows the workload's recorded calls and every row but that
# one, default SCMP_ACT_ERRNO; the runtime's message and exit status are
# printed.
#
# ONLY=REGEX measures only the variants whose name matches.
# Needs root, strace, jq, busybox-static and a built build/seccompctl.
# Measured on Debian 12 (runc 1.1.5+ds1-1+deb12u1, crun 1.8.1); the result
# of each variant is printed, the data file is edited by hand from it.
set -u
cd "$(dirname "$0")/.."
RT=${1:?usage: measure-runtime-calls.sh runc|crun [--failures]}
MODE=${2:-calls}
S=$PWD/build/seccompctl
TSV=$PWD/data/runtime-calls.tsv
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 1; }
[ -x "$S" ] || { echo "build seccompctl first (make)" >&2; exit 1; }
W=$(mktemp -d /tmp/measure-runtime-calls-XXXXXX)
trap 'rm -rf "$W"' EXIT
# readable by the user namespace variant's mapped root
chmod 755 "$W"
mkdir -p "$W/b/rootfs/bin" "$W/b/rootfs/proc" "$W/b/rootfs/dev" "$W/b/rootfs/sys" "$W/root"
cp /bin/busybox "$W/b/rootfs/bin/"
for a in sh true; do ln -s busybox "$W/b/rootfs/bin/$a"; done
(cd "$W/b" && runc spec) || exit 1
jq '.process.terminal = false | .process.args = ["/bin/true"] |
    .process.capabilities |= with_entries(.value |= map(select(. != "CAP_SYS_RESOURCE"))) |
    .linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                      "syscalls": [{"names": ["acct"], "action": "SCMP_ACT_ERRNO"}]}' \
        "$W/b/config.json" >"$W/base.json"

if [ "$RT" = runc ]; then
        RTC=(runc --root "$W/root")
        WRAP=()
else
        RTC=(crun --root "$W/root" --cgroup-manager=disabled)
        # crun on this host's hybrid cgroups (docs/machine-facts.md)
        WRAP=(unshare -m sh -c 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$@"' sh)
fi

# postfilter TRACE: the calls after the filter, one per line.
postfilter() {
        awk '
        function key(name, args,   a) {
                if (name == "prctl" || name == "fcntl" || name == "ioctl") {
                        split(args, a, ", ")
                        sub(/[ )].*/, "", a[name == "prctl" ? 1 : 2])
                        return name " " a[name == "prctl" ? 1 : 2]
                }
                return name
        }
        {
                tid = $1
                line = $0
                sub(/^[0-9]+ +[0-9:.]+ /, "", line)
                if (line ~ /^<\.\.\. [a-z0-9_]+ resumed>/) {
                        split(line, r, " ")
                        if (r[2] ~ /^(clone|clone3|vfork|fork)$/)
                                delete pending[tid]
                        next
                }
                if (line !~ /^[a-z0-9_]+\(/)
                        next
                name = line; sub(/\(.*/, "", name)
                args = line; sub(/^[a-z0-9_]+\(/, "", args)
                if (!loaded) {
                        known[tid] = 1
                        if ((name == "prctl" && args ~ /^PR_SET_SECCOMP, SECCOMP_MODE_FILTER/) ||
                            (name == "seccomp" && args ~ /^SECCOMP_SET_MODE_FILTER, [^,]*, \{len=/)) {
                                loaded = 1; loader = tid; tracked[tid] = 1
                        }
                        next
                }
                if (!(tid in tracked)) {
                        # a child of a tracked task appears under a new tid
                        # while its parent clone is still unfinished
                        if (length(pending) && !(tid in known))
                                tracked[tid] = 1
                        else {
                                known[tid] = 1
                                next
                        }
                }
                if (name ~ /^(clone|clone3|vfork|fork)$/ && line ~ /<unfinished/)
                        pending[tid] = 1
                seen[key(name, args)] = 1
                if (name == "execve") {
                        if (tid == loader)
                                exit
                        delete tracked[tid]
                        known[tid] = 1
                }
        }
        END { for (k in seen) print k }' "$1" | sort
}

# variant NAME JQ [create|exec|notify]
variant() {
        local name=$1 edit=$2 how=${3:-run} i id
        [[ -n ${ONLY:-} && ! $name =~ $ONLY ]] && return
        jq "$edit" "$W/base.json" >"$W/b/config.json" || exit 1
        : >"$W/$name.all"
        for i in 1 2 3; do
                id=measure-$RT-$$-$name-$i
                case $how in
                run)
                        strace -f -tt -s 64 -o "$W/t" "${WRAP[@]}" "${RTC[@]}" run -b "$W/b" "$id" \
                                >/dev/null 2>&1 </dev/null ;;
                terminal)
                        # a pty of its own for the runtime to hand over
                        script -qec "$(printf '%q ' strace -f -tt -s 64 -o "$W/t" "${WRAP[@]}" \
                                "${RTC[@]}" run -b "$W/b" "$id")" /dev/null >/dev/null 2>&1 </dev/null ;;
                notify)
                        "$S" notify-listen --socket "$W/agent.sock" --once >/dev/null 2>&1 &
                        local ap=$!
                        for _ in $(seq 100); do [ -S "$W/agent.sock" ] && break; sleep 0.05; done
                        strace -f -tt -s 64 -o "$W/t" "${WRAP[@]}" "${RTC[@]}" run -b "$W/b" "$id" \
                                >/dev/null 2>&1 </dev/null
                        kill $ap 2>/dev/null; wait $ap 2>/dev/null; rm -f "$W/agent.sock" ;;
                create)
                        strace -f -tt -s 64 -o "$W/t" "${WRAP[@]}" "${RTC[@]}" create -b "$W/b" "$id" \
                                >/dev/null 2>&1 </dev/null &
                        local sp=$!
                        # start only once create is done (strace, load)
                        for _ in $(seq 600); do
                                "${RTC[@]}" state "$id" 2>/dev/null | grep -q '"created"' && break
                                sleep 0.1
                        done
                        "${RTC[@]}" start "$id" >/dev/null 2>&1 || kill $sp
                        wait $sp ;;
                exec)
                        # the exec'd process: into a container that waits on stdin
                        jq '.process.args = ["/bin/sh", "-c", "read x"]' "$W/b/config.json" >"$W/c" &&
                                mv "$W/c" "$W/b/config.json"
                        mkfifo "$W/in"
                        "${WRAP[@]}" "${RTC[@]}" run -d -b "$W/b" "$id" <"$W/in" >/dev/null 2>&1 &
                        exec 7>"$W/in"
                        sleep 1
                        strace -f -tt -s 64 -o "$W/t" "${RTC[@]}" exec "$id" /bin/true \
                                >/dev/null 2>&1 </dev/null
                        echo >&7; exec 7>&-
                        rm -f "$W/in" ;;
                esac
                "${RTC[@]}" delete -f "$id" >/dev/null 2>&1
                postfilter "$W/t" >>"$W/$name.all"
        done
        echo "$name: $(sort -u "$W/$name.all" | tr '\n' ' ')"
}

calls() {
        local user='.process.user = {"uid": 1000, "gid": 1000, "additionalGids": [5, 6]}'
        local userns='.linux.namespaces += [{"type": "user"}] |
                .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}] |
                .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
        local notify='.linux.seccomp.listenerPath = "'"$W"'/agent.sock" |
                .linux.seccomp.syscalls += [{"names": ["acct"], "action": "SCMP_ACT_NOTIFY"}]'
        local nnp
        for nnp in true false; do
                local n=".process.noNewPrivileges = $nnp"
                variant "nnp-$nnp" "$n"
                variant "nnp-$nnp-user" "$n | $user"
                variant "nnp-$nnp-nocaps" "$n | .process.capabilities = {}"
                variant "nnp-$nnp-cwd" "$n | .process.cwd = \"/bin\""
                variant "nnp-$nnp-userns" "$n | $userns"
                variant "nnp-$nnp-terminal" "$n | .process.terminal = true" terminal
                variant "nnp-$nnp-hook" "$n | .hooks = {\"startContainer\": [{\"path\": \"/bin/true\"}]}"
                variant "nnp-$nnp-notify" "$n | $notify" notify
                variant "nnp-$nnp-create-start" "$n" create
                variant "nnp-$nnp-exec" "$n" exec
        done
}

failures() {
        "$S" record -q --runtime none -o "$W/wl.json" -- /bin/busybox true || exit 1
        local rows key
        rows=$(awk -F'\t' -v rt="$RT" '!/^#/ && $1 == rt && ($3 == "always" || $3 == "nnp" || $3 == "go") {
                print $4 "\t" $5 "\t" $6 "\t" $7 }' "$TSV" | sort -u)
        while IFS=$'\t' read -r name arg val vname; do
                key=$name; [ "$arg" != - ] && key="$name($vname)"
                # everything but this row: the workload's calls (prctl only
                # for busybox's PR_GET_NAME) and the other rows
                echo "$rows" | awk -F'\t' -v skip="$key" '{
                        k = $1; if ($2 != "-") k = $1 "(" $4 ")"
                        if (k != skip) print }' |
                jq -R -s --slurpfile wl "$W/wl.json" --arg skip "$name" '
                        split("\n") | map(select(length > 0) | split("\t")) as $rows |
                        ([$wl[0].syscalls[].names[]] - ["prctl"]) as $w |
                        ($rows | map(select(.[1] == "-") | .[0])) as $plain |
                        ($rows | map(select(.[1] != "-") |
                                {names: [.[0]], action: "SCMP_ACT_ALLOW",
                                 args: [{index: (.[1] | tonumber), value: (.[2] | tonumber),
                                         op: "SCMP_CMP_EQ"}]})) as $cond |
                        {defaultAction: "SCMP_ACT_ERRNO", architectures: ["SCMP_ARCH_X86_64"],
                         syscalls: ([{names: (($w + $plain) | unique | map(select(. != $skip))),
                                      action: "SCMP_ACT_ALLOW"},
                                     {names: ["prctl"], action: "SCMP_ACT_ALLOW",
                                      args: [{index: 0, value: 16, op: "SCMP_CMP_EQ"}]}] + $cond)}' \
                        >"$W/p.json" || exit 1
                jq --slurpfile p "$W/p.json" '.process.noNewPrivileges = false | .linux.seccomp = $p[0]' \
                        "$W/base.json" >"$W/b/config.json"
                local id out
                id=measure-f-$RT-$$-$RANDOM
                out=$("${WRAP[@]}" "${RTC[@]}" run -b "$W/b" "$id" 2>&1 </dev/null; echo "exit $?")
                "${RTC[@]}" delete -f "$id" >/dev/null 2>&1
                echo "$key: $(echo "$out" | tr '\n' ' ')"
        done <<<"$rows"
}

case $MODE in
calls) calls ;;
--failures) failures ;;
*) echo "usage: measure-runtime-calls.sh runc|crun [--failures]" >&2; exit 2 ;;
esac
