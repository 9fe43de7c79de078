#!/usr/bin/env bash
# Smoke-runs an image tarball from ./shiporskip images where no container engine exists (this project's machines):
# unpacks its layers in order into a directory and runs its entrypoint there as its user, with its environment plus
# the VAR=value arguments given, under chroot with a private /proc. Root only. NOT a container: no cgroup limits, no
# network or PID isolation beyond that, no seccomp; it shows that the image's files, user and entrypoint make a
# working service, nothing more. Usage: run-in-chroot.sh <image.tar> [VAR=value ...]
set -euo pipefail

tarball=$(readlink -f "${1:?usage: run-in-chroot.sh <image.tar> [VAR=value ...]}"); shift
work=$(mktemp -d /tmp/shiporskip-image-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/oci" "$work/rootfs/proc"
tar -xf "$tarball" -C "$work/oci"

# OCI image layout as Jib writes it (<format>OCI</format>): index.json -> manifest -> config and layers.
# Prints the layer files, then NUL-separated: env -i, the image's Env, the caller's VAR=value, chroot, entrypoint.
python3 - "$work" "$@" > "$work/argv" <<'PY'
import json, sys
work, extra = sys.argv[1], sys.argv[2:]
blob = lambda d: f"{work}/oci/blobs/sha256/{d.split(':')[1]}"
manifest = json.load(open(blob(json.load(open(f"{work}/oci/index.json"))["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
with open(f"{work}/layers", "w") as layers:
    layers.writelines(blob(layer["digest"]) + "\n" for layer in manifest["layers"])
argv = ["env", "-i", *config.get("Env", []), *extra, "chroot", "--userspec=" + (config.get("User") or "0:0"),
        f"{work}/rootfs", *config.get("Entrypoint", []), *(config.get("Cmd") or [])]
sys.stdout.write("\0".join(argv) + "\0")
PY
while read -r layer; do tar -xzf "$layer" -C "$work/rootfs"; done < "$work/layers"
mapfile -d '' argv < "$work/argv"

echo "running: ${argv[*]}" >&2
unshare --mount --pid --fork sh -c 'mount -t proc proc "$0/proc" && exec "$@"' "$work/rootfs" "${argv[@]}"
