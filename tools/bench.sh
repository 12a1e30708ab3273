#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Benchmarks (not tests): compile time and filter quality, ours against
# libseccomp 2.5.4 in the same process, then the whole `seccompctl compile`
# process against a json-c + libseccomp program doing the same job
# (bench/startup.c; STARTUP_RUNS runs each, default 200).  Run by
# `make bench`; the numbers go into BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
: "${BUILD:=build}" "${FIXTURES:=tests/fixtures}"
echo "== $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "== libseccomp $(dpkg-query -W -f='${Version}' libseccomp2 2>/dev/null || echo '?')"
echo
"$BUILD"/bench/compile "$FIXTURES"
echo
"$BUILD"/bench/filter "$FIXTURES"
echo
BUILD="$BUILD" FIXTURES="$FIXTURES" "$BUILD"/bench/startup -n "${STARTUP_RUNS:-200}"
