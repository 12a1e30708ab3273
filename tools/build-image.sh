#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tools/build-image.sh BINARY IMAGE: build deploy/Containerfile around a
# static seccompctl with whichever of buildah or podman (Debian packages)
# is installed.  `make image` calls it.
set -eu
bin=${1:?usage: build-image.sh BINARY IMAGE}
image=${2:?usage: build-image.sh BINARY IMAGE}
cd "$(dirname "$0")/.."
if [ ! -x "$bin" ] || readelf -d "$bin" 2>/dev/null | grep -q NEEDED; then
        echo "build-image.sh: $bin is not statically linked (make static)" >&2
        exit 1
fi
for tool in buildah podman; do
        if command -v "$tool" >/dev/null; then
                # A context holding only the binary: nothing else can leak in.
                ctx=$(mktemp -d)
                trap 'rm -rf "$ctx"' EXIT
                cp "$bin" "$ctx/seccompctl"
                cp deploy/Containerfile "$ctx/Containerfile"
                "$tool" build -f "$ctx/Containerfile" --build-arg BINARY=seccompctl \
                        -t "$image" "$ctx"
                echo "built $image with $tool; push it with: $tool push $image REGISTRY/seccompctl:TAG"
                exit 0
        fi
done
echo "build-image.sh: neither buildah nor podman is installed (apt-get install buildah)" >&2
exit 1
