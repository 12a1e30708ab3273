#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch against a workload that renames itself 1100 times (comm is the
# workload's choice and names the profile file when there is no container
# ID): at most 256 such profiles are written (containers have their own
# 1024: hostile-watch-comm.sh), the rest is counted and said.
set -eu
. tests/workloads/build.sh
. tests/lib/watch.sh
watch_tmpdir
S=$SECCOMPCTL
need_log_action
need_host_cgroups

cat >"$T/log.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_LOG"}]}
JSON
watch_start "$T/watch.err" --method audit -q -o "$T/out"
"$S" run --profile "$T/log.json" -- "$W/rename-flood" 1100
until_true grep -q "more than 256 profiles of processes outside containers" "$T/watch.err"
watch_stop || fail "watch exited $?"
n=$(find "$T/out" -name '*.json' | wc -l)
[ "$n" -le 256 ] || fail "$n profiles written"
[ "$(find "$T/out" -name 'rf*.json' | wc -l)" -ge 200 ] || fail "too few of the renamed process's profiles: $n"
grep -q "more than 256 profiles of processes outside containers" "$T/watch.err" || { cat "$T/watch.err"; fail "no warning"; }
grep -q "records not written: over 256 profiles of processes outside containers" "$T/watch.err" || fail "no count in the summary"
echo "ok: $n profiles, $(sed -n 's/ *\([0-9]*\) records not written.*/\1/p' "$T/watch.err") records counted only"
