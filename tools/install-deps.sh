#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Install the Debian packages seccompctl needs to build and test, when
# they are missing.  Runs as root on a fresh Debian machine; as another
# user it only says what is missing.
set -eu
PKGS="build-essential pkg-config clang libclang-rt-14-dev libjson-c-dev
libyaml-dev libseccomp-dev seccomp runc busybox-static gcc-multilib
strace valgrind jq crun python3 python3-yaml libbpf-dev libelf-dev zlib1g-dev bpftool"
missing=""
for p in $PKGS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
                missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
        echo "install-deps: missing Debian packages:$missing (run as root to install)" >&2
        exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
