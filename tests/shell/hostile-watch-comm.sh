#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch --method audit, processes outside containers (named by comm):
#  - item 14 (issue 18): without --comm, a workload's execve was recorded
#    under the launcher's comm (seccompctl), so the workload's own profile
#    could not start it (exit 126).  Now probe.json holds execve and runs
#    the probe.
#  - item 15: one process cycling PR_SET_NAME filled the one 1024-profile
#    cap, and later containers' records were dropped.  Now comm profiles
#    have their own cap (256) and a container started after the flood (a
#    process in a cgroup whose path holds a 64-hex-digit ID, which is how
#    watch recognises containers) is still recorded.
# Polls wait for watch to have read the records (bounded, not asserted).
set -u
cd "$(dirname "$0")/../.."
. tests/probe/lib.sh
. tests/workloads/build.sh
. tests/lib/watch.sh
need_root
S=$SECCOMPCTL
T=$(mktemp -d /tmp/sc-hwcomm-XXXXXX)
wp= cg=
cleanup() {
        [ -n "$wp" ] && kill "$wp" 2>/dev/null
        [ -n "$cg" ] && rmdir "$cg" 2>/dev/null
        rm -rf "$T"
}
trap cleanup EXIT
need_log_action
need_host_cgroups
echo '{"defaultAction": "SCMP_ACT_LOG"}' >"$T/logall.json"
echo '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_LOG"}]}' >"$T/log.json"

watch_start "$T/watch.err" --method audit --runtime none -q -o "$T/out"

# ---- item 14: the workload's profile has its execve ----
"$S" run --profile "$T/logall.json" -- "$PROBE" getppid >/dev/null || fail "run under the logging profile"
until_true has_syscall "$T/out/probe.json" execve
has_syscall "$T/out/probe.json" execve ||
        fail "probe.json has no execve: $(cat "$T/out/probe.json" 2>/dev/null | head -c 300)"
out=$("$S" run --profile "$T/out/probe.json" -- "$PROBE" getppid 2>&1)
rc=$?
[ $rc = 0 ] || fail "the probe's own profile does not start it: exit $rc: $out"
echo "ok: the workload's recorded profile starts it"

# ---- item 15: a rename flood, then a container ----
"$S" run --profile "$T/log.json" -- "$W/rename-flood" 1100
id=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cg=/sys/fs/cgroup/pids/$id
[ -d /sys/fs/cgroup/pids ] || cg=/sys/fs/cgroup/unified/$id
mkdir "$cg" || fail "cannot create a cgroup $cg"
# The workload stays alive (reading a FIFO) until watch has seen it: a
# process gone before watch reads /proc/PID/cgroup cannot be placed in its
# container (the audit method's limit, said in --help).
mkfifo "$T/hold"
sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" run --profile "$3" -- perl -e "getppid(); <STDIN>"' \
        sh "$cg" "$S" "$T/log.json" <"$T/hold" >/dev/null &
cpid=$!
exec 7>"$T/hold"
for i in $(seq 400); do
        [ -s "$T/out/$id.json" ] && break
        sleep 0.05
done
exec 7>&-
wait $cpid || fail "the container workload failed"
watch_stop || fail "watch exited $?"
[ -s "$T/out/$id.json" ] || fail "the container after the flood was not recorded: $(tail -5 "$T/watch.err")"
jq -e '[.syscalls[].names[]] | index("getppid")' "$T/out/$id.json" >/dev/null || fail "container profile: $(cat "$T/out/$id.json")"
n=$(find "$T/out" -name 'rf*.json' | wc -l)
[ "$n" -le 256 ] && [ "$n" -ge 200 ] || fail "$n comm profiles of the renaming process"
grep -q "more than 256 profiles of processes outside containers" "$T/watch.err" || fail "no warning: $(cat "$T/watch.err")"
grep -q "records not written: over 256 profiles of processes outside containers" "$T/watch.err" || fail "no count in the summary"
echo "ok: $n comm profiles, the container after the flood recorded"
