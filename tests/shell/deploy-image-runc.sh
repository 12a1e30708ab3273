#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The node agent as a cluster would run it: the static seccompctl
# (make static, the only file of deploy/Containerfile's image) runs the
# install DaemonSet's exact command inside a runc container whose rootfs
# holds only that binary, with the DaemonSet's securityContext
# (runAsUser 0, every capability dropped, no_new_privs, read-only root,
# RuntimeDefault seccomp = `seccompctl default`, as containerd gives it)
# and its two mounts: the ConfigMap volume, laid out as the kubelet lays
# it out (..TIMESTAMP dirs, the ..data symlink, KEY -> ..data/KEY), and the
# kubelet's seccomp hostPath.  Every ConfigMap key must land on the "node"
# byte for byte, and a ConfigMap update (..data swapped) must follow.
set -u
cd "$(dirname "$0")/../.."
repo=$(pwd)
: "${BUILD:=build}"
[ "$(id -u)" = 0 ] || { echo "needs root (runc)"; exit 77; }
command -v runc >/dev/null || { echo "runc is not installed"; exit 1; }
python3 -c 'import yaml' || { echo "python3-yaml is missing (tools/install-deps.sh)"; exit 1; }

# The sanitizer builds cannot link -static: use (or make) the plain one.
bin=$BUILD/seccompctl-static
[ -x "$bin" ] || bin=$repo/build/seccompctl-static
[ -x "$bin" ] || make -s -C "$repo" BUILD=build CC=gcc SAN= build/seccompctl-static >/dev/null || exit 1
if readelf -d "$bin" | grep -q NEEDED; then
        echo "FAIL: $bin is dynamically linked"; exit 1
fi
SECCOMPCTL=${SECCOMPCTL:-$BUILD/seccompctl}

tmp=$(mktemp -d /tmp/sc-deploy-runc-XXXXXX)
id=sc-deploy-$$-$RANDOM
cleanup() {
        runc --root "$tmp/runc-root" kill "$id" KILL 2>/dev/null
        runc --root "$tmp/runc-root" delete -f "$id" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/bundle/rootfs" "$tmp/runc-root" "$tmp/configmap" "$tmp/node-seccomp"
cp "$bin" "$tmp/bundle/rootfs/seccompctl"
[ "$(ls -A "$tmp/bundle/rootfs")" = seccompctl ] || { echo "FAIL: rootfs not just the binary"; exit 1; }
fail=0

# The ConfigMap volume: what the kubelet's atomic writer makes of
# deploy/profiles-configmap.yaml.
configmap_write() { # STAMP YAML
        python3 - "$tmp/configmap" "$1" "$2" <<'PY'
import os, sys, yaml
root, stamp, src = sys.argv[1:4]
cm = next(d for d in yaml.safe_load_all(open(src)) if d and d.get("kind") == "ConfigMap")
d = os.path.join(root, ".." + stamp)
os.mkdir(d)
for k, v in cm["data"].items():
    open(os.path.join(d, k), "w").write(v)
tmp = os.path.join(root, "..data_tmp")
os.symlink(".." + stamp, tmp)
os.rename(tmp, os.path.join(root, "..data"))
for k in cm["data"]:
    p = os.path.join(root, k)
    if not os.path.lexists(p):
        os.symlink(os.path.join("..data", k), p)
PY
}
configmap_write 2026_01_01_00_00_00.000000001 deploy/profiles-configmap.yaml || exit 1

# config.json from `runc spec` and the DaemonSet's container.
"$SECCOMPCTL" default >"$tmp/runtime-default.json" || exit 1
(cd "$tmp/bundle" && runc spec) || exit 1
python3 - "$tmp/bundle/config.json" deploy/install-daemonset.yaml "$tmp" <<'PY' || exit 1
import json, sys, yaml
cfg_path, ds_path, tmp = sys.argv[1:4]
cfg = json.load(open(cfg_path))
ds = next(d for d in yaml.safe_load_all(open(ds_path)) if d and d.get("kind") == "DaemonSet")
pod = ds["spec"]["template"]["spec"]
c = pod["containers"][0]
sc = c.get("securityContext", {})
# the image's ENTRYPOINT is /seccompctl; the DaemonSet gives the args
cfg["process"]["args"] = ["/seccompctl"] + c["args"]
cfg["process"]["terminal"] = False
cfg["process"]["user"] = {"uid": sc.get("runAsUser", 0), "gid": 0}
caps = ["CAP_" + x for x in sc.get("capabilities", {}).get("add", [])]
assert sc["capabilities"]["drop"] == ["ALL"]
cfg["process"]["capabilities"] = {k: caps for k in
    ("bounding", "effective", "permitted", "inheritable", "ambient")}
cfg["process"]["noNewPrivileges"] = sc.get("allowPrivilegeEscalation") is False
cfg["root"]["readonly"] = bool(sc.get("readOnlyRootFilesystem"))
assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
cfg["linux"]["seccomp"] = json.load(open(tmp + "/runtime-default.json"))
# the pod's volumes, by what they are on a node
vols = {v["name"]: v for v in pod["volumes"]}
import os
for m in c["volumeMounts"]:
    v = vols[m["name"]]
    if "configMap" in v:
        src = tmp + "/configmap"
    elif "emptyDir" in v:
        src = tmp + "/emptydir-" + m["name"]
        os.mkdir(src)
    else:
        assert v["hostPath"]["path"] == "/var/lib/kubelet/seccomp"
        src = tmp + "/node-seccomp"
    opts = ["rbind", "ro" if m.get("readOnly") else "rw"]
    cfg["mounts"].append({"destination": m["mountPath"], "type": "bind",
                          "source": src, "options": opts})
json.dump(cfg, open(cfg_path, "w"), indent=1)
print(" ".join(cfg["process"]["args"]))
open(tmp + "/probe", "w").write("\n".join(c["readinessProbe"]["exec"]["command"]) + "\n")
PY
mapfile -t probe_cmd <"$tmp/probe"
# probe: the DaemonSet's readinessProbe, run in the container as the kubelet
# runs it (runc exec); prints its output, returns its status.
probe() {
        runc --root "$tmp/runc-root" exec "$id" "${probe_cmd[@]}" 2>&1
}

runc --root "$tmp/runc-root" run -d --bundle "$tmp/bundle" "$id" \
        >"$tmp/agent.log" 2>&1 </dev/null || { echo "FAIL: runc run"; cat "$tmp/agent.log"; exit 1; }

# wait_for FILE CONTENT-FILE: poll (no timing is asserted: the bound only
# ends a run that will never succeed).
wait_for() {
        for _ in $(seq 600); do
                cmp -s "$1" "$2" 2>/dev/null && return 0
                runc --root "$tmp/runc-root" state "$id" 2>/dev/null | grep -q '"running"' ||
                        { echo "agent exited"; return 1; }
                sleep 0.1
        done
        return 1
}
for key in "$tmp"/configmap/..data/*; do
        k=$(basename "$key")
        wait_for "$tmp/node-seccomp/$k" "$key" ||
                { echo "FAIL: $k did not reach the node"; fail=1; }
        "$SECCOMPCTL" check -q "$tmp/node-seccomp/$k" >/dev/null 2>&1 ||
                { echo "FAIL: $k on the node does not pass check"; fail=1; }
done

out=$(probe); rc=$?
[ $rc = 0 ] && grep -q '^ready: ' <<<"$out" || { echo "FAIL: probe after the first sync: $rc $out"; fail=1; }

# A ConfigMap update: a new timestamped directory, ..data swapped.
sed 's/"SCMP_ACT_LOG"/"SCMP_ACT_ALLOW"/' deploy/profiles-configmap.yaml >"$tmp/cm2.yaml"
cmp -s deploy/profiles-configmap.yaml "$tmp/cm2.yaml" && { echo "FAIL: the update changes nothing"; fail=1; }
configmap_write 2026_01_01_00_01_00.000000002 "$tmp/cm2.yaml" || exit 1
for key in "$tmp"/configmap/..data/*; do
        k=$(basename "$key")
        wait_for "$tmp/node-seccomp/$k" "$key" ||
                { echo "FAIL: the update of $k did not reach the node"; fail=1; }
done

# A key the runtime could not load: refused, the node keeps the last good
# file, and the probe turns the Pod not ready, saying why.
sed 's/"SCMP_ACT_ALLOW"/"SCMP_ACT_BOGUS"/' "$tmp/cm2.yaml" >"$tmp/cm3.yaml"
configmap_write 2026_01_01_00_02_00.000000003 "$tmp/cm3.yaml" || exit 1
for _ in $(seq 600); do
        out=$(probe) && { sleep 0.1; continue; }
        break
done
grep -q '^not ready: the sync of /profiles at .* failed' <<<"$out" ||
        { echo "FAIL: the probe does not report the failed sync: $out"; fail=1; }
for key in "$tmp"/configmap/..data/*; do
        k=$(basename "$key")
        grep -q SCMP_ACT_BOGUS "$tmp/node-seccomp/$k" &&
                { echo "FAIL: the refused $k reached the node"; fail=1; }
done
# fixed again: ready again
configmap_write 2026_01_01_00_03_00.000000004 deploy/profiles-configmap.yaml || exit 1
for _ in $(seq 600); do
        out=$(probe) && break
        sleep 0.1
done
grep -q '^ready: ' <<<"$out" || { echo "FAIL: not ready after the fix: $out"; fail=1; }

echo "--- agent output"
cat "$tmp/agent.log"
grep -q "installed" "$tmp/agent.log" || { echo "FAIL: no 'installed' line"; fail=1; }
exit $fail
