#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# watch is lossless where syslog is not: a workload making thousands of
# syscalls (33 distinct kinds, 100 rounds) under a profile that logs every
# syscall (the tutorial's audit.json, read in place).  watch must see every
# distinct syscall that `record` sees for the same workload, and every
# record; dmesg keeps only what printk's rate limit lets through.
set -eu
. tests/workloads/build.sh
. tests/lib/watch.sh
watch_tmpdir
S=$SECCOMPCTL
audit=$FIXTURES/k8s/profiles/audit.json
[ -f "$audit" ] || fail "no $audit"
need_log_action

comm=wl$$
cp "$W/syscall-heavy" "$T/$comm"
# The profile is named after the comm, unless this machine is itself a
# container (a 64-hex ID in our cgroup path), which watch reports instead.
key=$(grep -oE '[0-9a-f]{64}' /proc/self/cgroup | tail -n 1 || true)
key=${key:-$comm}
# --runtime none: this compares what watch saw with what record saw.
watch_start "$T/watch.err" --runtime none -o "$T/out" --comm "$comm" >"$T/watch.out"

"$S" run --profile "$audit" -- "$T/$comm" 100 >/dev/null &
pid=$!
wait $pid
"$S" record -q --runtime none -o "$T/rec.json" -- "$T/$comm" 100 >/dev/null
# kauditd delivers asynchronously: wait (bounded) until watch has written
# every syscall record holds, then stop it; the comparison below decides.
names() { jq -r '.syscalls[].names[]' "$1" | sort; }
names "$T/rec.json" >"$T/rec.names"
saw_all() {
        [ -f "$T/out/$key.json" ] && names "$T/out/$key.json" >"$T/watch.names" &&
                [ -z "$(comm -23 "$T/rec.names" "$T/watch.names")" ]
}
until_true saw_all
watch_stop || fail "watch exited $?"

[ -f "$T/out/$key.json" ] || { cat "$T/watch.err"; fail "no profile $key.json"; }
names "$T/out/$key.json" >"$T/watch.names"
# execve included: its record carries the comm from before the exec
# (seccompctl), and watch --comm attributes it by pid once the process
# shows up under the watched comm.
grep -qx execve "$T/watch.names" || fail "watch --comm missed the execve made under the old comm"
missing=$(comm -23 "$T/rec.names" "$T/watch.names")
[ -z "$missing" ] || fail "watch missed: $missing"
[ "$(wc -l <"$T/rec.names")" -ge 40 ] || fail "record saw too few syscalls"
records=$(sed -n 's/.*watch: \([0-9]*\) seccomp records.*/\1/p' "$T/watch.err")
[ "$records" -ge 3300 ] || fail "watch saw only $records records (33 x 100 expected at least)"
# One "new syscall" line per distinct syscall.
[ "$(grep -c "^$key " "$T/watch.out")" = "$(jq '.syscalls[].names | length' "$T/out/$key.json")" ] ||
        fail "watch printed a wrong number of new-syscall lines"
jq -e '.defaultAction == "SCMP_ACT_ERRNO" and .architectures == ["SCMP_ARCH_X86_64"]' \
        "$T/out/$key.json" >/dev/null || fail "profile shape"
in_dmesg=$(dmesg 2>/dev/null | grep -c "pid=$pid comm=\"$comm\"" || true)
[ "$in_dmesg" -lt "$records" ] || fail "dmesg holds all $records records: no rate limit here?"
echo "ok: watch $records records, $(wc -l <"$T/watch.names") distinct syscalls; dmesg kept $in_dmesg"

# --duration ends it by itself, with the profiles written and exit 0.
timeout 60 "$S" watch --method audit -q --duration 0.3 -o "$T/d" 2>"$T/d.err" || fail "--duration: exit $?"
grep -q "seccomp records" "$T/d.err" || fail "--duration: no summary"
set +e
"$S" watch --duration x >/dev/null 2>&1; [ $? = 2 ] || fail "--duration x: not a usage error"
set -e
echo "ok: --duration"
