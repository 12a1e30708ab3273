#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The shared library exports the public API and nothing else.
set -eu
so=$BUILD/libseccompctl.so
[ -f "$so" ] || { echo "no $so"; exit 1; }
bad=$(nm -D --defined-only "$so" | awk '$2 ~ /[TDBR]/ {print $3}' | grep -v '^seccompctl_' || true)
if [ -n "$bad" ]; then echo "unexpected exports:"; echo "$bad"; exit 1; fi
for f in $(grep -o 'seccompctl_[a-z_]*(' include/seccompctl.h | tr -d '(' | sort -u); do
        nm -D --defined-only "$so" | grep -q " $f\$" || { echo "missing export $f"; exit 1; }
done
echo ok
