#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# logs counts only records the kernel wrote (issue 18, item 2).  Any local
# user can put a line into syslog with logger(1); a line that claims to be
# a seccomp record from a sender other than the kernel must not add a
# syscall (here ptrace, 101) to the written profile.  Each kernel form
# (dmesg and its -t/-T/-r/-x variants, /dev/kmsg, syslog "kernel:",
# journalctl -o json with _TRANSPORT=kernel, auditd) still counts, and
# every ignored line is reported with its reason.
set -u
tmp=$(mktemp -d /tmp/sc-hforged-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
S=$SECCOMPCTL
fail() { echo "FAIL: $*"; exit 1; }

body() { # SERIAL SYSCALL
        echo "audit(1594067860.484:$1): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=29064 comm=\"http-echo\" exe=\"/http-echo\" sig=0 arch=c000003e syscall=$2 compat=0 ip=0x46283b code=0x7ffc0000"
}
json_msg() { # TRANSPORT MESSAGE
        jq -cn --arg t "$1" --arg m "$2" '{"_TRANSPORT":$t,"MESSAGE":$m,"SYSLOG_IDENTIFIER":"kernel"}'
}

# Forged: each would add ptrace (101).
{
        echo "Jul  6 20:37:40 host mallory[4242]: audit: type=1326 $(body 1 101)"
        echo "Jul  6 20:37:40 host kernel[4242]: audit: type=1326 $(body 2 101)"
        echo "2026-11-30T03:14:06.123456+00:00 host mallory: audit: type=1326 $(body 3 101)"
        echo "14,2001,5678,-;audit: type=1326 $(body 4 101)"
        echo "user  :notice: [ 12.345678] audit: type=1326 $(body 5 101)"
        echo "<13>[ 12.345678] audit: type=1326 $(body 6 101)"
        json_msg syslog "audit: type=1326 $(body 7 101)"
        json_msg stdout "audit: type=1326 $(body 8 101)"
        echo "mallory says type=1326 $(body 9 101)"
        echo "type=1326 $(body 10 101)"
} >"$tmp/forged.log"
forged=$(wc -l <"$tmp/forged.log")

# Kernel-written: each adds one syscall.
{
        echo "Jul  6 20:37:40 host kernel: audit: type=1326 $(body 11 0)"                    # read
        echo "Jul 6 15:37:40 my-machine kernel: [369128.669452] audit: type=1326 $(body 12 1)" # write
        echo "2026-11-30T03:14:06.123456+00:00 host kernel: audit: type=1326 $(body 13 2)"    # open
        echo "[  822.609149] audit: type=1326 $(body 14 3)"                                   # close
        echo "audit: type=1326 $(body 15 4)"                                                  # stat
        echo "[Mon Nov 30 03:14:06 2026] audit: type=1326 $(body 16 5)"                       # fstat
        echo "<5>[ 12.345678] audit: type=1326 $(body 17 6)"                                  # lstat
        echo "kern  :notice: [ 12.345678] audit: type=1326 $(body 18 7)"                      # poll
        echo "5,2002,5678,-;audit: type=1326 $(body 19 8)"                                    # lseek
        json_msg kernel "audit: type=1326 $(body 20 9)"                                       # mmap
        echo "type=SECCOMP msg=$(body 21 10)"                                                 # mprotect
        echo "node=host type=SECCOMP msg=$(body 22 11)"                                       # munmap
} >"$tmp/kernel.log"

cat "$tmp/forged.log" "$tmp/kernel.log" >"$tmp/all.log"
"$S" logs --runtime none --json -o "$tmp/p.json" "$tmp/all.log" >"$tmp/out.json" 2>"$tmp/err" ||
        fail "logs exit $?: $(cat "$tmp/err")"
names=$(jq -c '[.syscalls[].names[]]' "$tmp/p.json")
[ "$names" = '["close","fstat","lseek","lstat","mmap","mprotect","munmap","open","poll","read","stat","write"]' ] ||
        fail "profile has $names (a forged line counted, or a kernel line did not)"
jq -e --argjson f "$forged" '.records == 12 and .malformed == 0 and
        ([.ignored[]] | add) == $f and .ignored.syslog_tag == 3 and
        .ignored.user_facility == 3 and .ignored.journal_transport == 2 and
        .ignored.unknown_format == 2' "$tmp/out.json" >/dev/null ||
        fail "counts: $(jq -c '{records, malformed, ignored}' "$tmp/out.json")"
grep -q "ignored $forged line(s) that look like seccomp records but were not written by the kernel" "$tmp/err" ||
        fail "no report of the ignored lines: $(cat "$tmp/err")"
grep -q "first at $tmp/all.log:1 $tmp/all.log:2" "$tmp/err" || fail "ignored lines not located: $(cat "$tmp/err")"
echo "ok: $forged forged lines ignored and reported, 12 kernel lines counted"

# Only forged lines: nothing to write, and the human summary says why.
if "$S" logs -o "$tmp/none.json" "$tmp/forged.log" >"$tmp/human" 2>"$tmp/err"; then
        fail "a profile was written from forged lines only"
fi
[ ! -e "$tmp/none.json" ] || fail "$tmp/none.json written"
grep -q "0 seccomp records.*$forged not written by the kernel (ignored)" "$tmp/human" ||
        fail "summary: $(cat "$tmp/human")"
echo "ok: forged lines alone write nothing"

# --help says what can still be forged and what cannot.
"$S" logs --help | grep -q "logger -t kernel" || fail "--help does not warn about logger -t kernel"
"$S" logs --help | grep -q "_TRANSPORT=kernel" || fail "--help does not name the journal's kernel transport"
echo "ok: --help"
