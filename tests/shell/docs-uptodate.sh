#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The manual and the bash completion are generated from the binary's own
# --help texts: the committed copies must match (run tools/gen-docs.sh).
set -eu
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
tools/gen-docs.sh "$SECCOMPCTL" "$tmp"
diff -u man/seccompctl.1 "$tmp/man/seccompctl.1" | head -20
cmp -s man/seccompctl.1 "$tmp/man/seccompctl.1" || { echo "man/seccompctl.1 is stale: run tools/gen-docs.sh"; exit 1; }
cmp -s completion/seccompctl.bash "$tmp/completion/seccompctl.bash" || {
        echo "completion/seccompctl.bash is stale: run tools/gen-docs.sh"; exit 1; }
# Every verb has a section and its help documents exit status.
for v in $("$SECCOMPCTL" --help | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'); do
        grep -q "^\.SS seccompctl $v\$" man/seccompctl.1 || { echo "no section for $v"; exit 1; }
        "$SECCOMPCTL" "$v" --help | grep -qi "exit status" || { echo "$v --help: no exit status"; exit 1; }
done
# The completion offers verbs.
source completion/seccompctl.bash
COMP_WORDS=(seccompctl ch); COMP_CWORD=1; _seccompctl
[ "${COMPREPLY[*]}" = check ] || { echo "completion: ${COMPREPLY[*]}"; exit 1; }
echo ok
