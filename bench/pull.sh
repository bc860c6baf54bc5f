#!/bin/sh
# bench/pull.sh [ROUNDS]: a cold pull of a several-layer Debian image (about 200 MB unpacked)
# from a local registry, by berth, by podman, by skopeo copy + umoci unpack, and the floor: the
# same layer blobs, already on disk, decompressed and extracted with zcat | tar -x into fresh
# directories in parallel. Contenders alternate within each round; caches are dropped before
# each run. Prints median times and the ratios berth/peer. Run as root, by hand.
set -eu
. "$(dirname -- "$0")/lib.sh"
need docker-registry skopeo umoci podman debootstrap jq curl python3
rounds=${1:-5}
results="$work/pull.results"
: > "$results"

# 1. A Debian root filesystem, made once and kept in bench/work.
if [ ! -x "$work/rootfs/usr/bin/python3" ]; then
  rm -rf "$work/rootfs"
  echo "bench: debootstrapping Debian bookworm (once; takes a few minutes)" >&2
  debootstrap --variant=minbase --include=python3,perl,libssl3,ca-certificates bookworm \
    "$work/rootfs" http://deb.debian.org/debian > "$work/debootstrap.log" 2>&1
fi

# 2. The image: four layers built with umoci, kept in bench/work/layout.
layout="$work/layout"
if [ ! -f "$layout/index.json" ] || [ "$(umoci stat --image "$layout:bench" --json 2>/dev/null | jq '[.history[] | select(.empty_layer | not)] | length')" != 4 ]; then
  rm -rf "$layout" "$work/bundle"
  umoci init --layout "$layout"
  umoci new --image "$layout:bench"
  umoci unpack --image "$layout:bench" "$work/bundle" >/dev/null
  r="$work/bundle/rootfs"
  (cd "$work/rootfs" && tar -cf - --exclude=./usr/share --exclude=./usr/lib --exclude=./proc --exclude=./sys --exclude=./dev .) | tar -xf - -C "$r"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  (cd "$work/rootfs" && tar -cf - ./usr/share) | tar -xf - -C "$r"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  (cd "$work/rootfs" && tar -cf - ./usr/lib) | tar -xf - -C "$r"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  mkdir -p "$r/app" && echo "bench" > "$r/app/version"
  umoci repack --refresh-bundle --image "$layout:bench" "$work/bundle"
  umoci config --image "$layout:bench" --config.cmd=/bin/bash
  rm -rf "$work/bundle"
fi

# 3. The registry, with the image pushed as written.
trap 'stop_registry' EXIT INT TERM
start_registry "$work/registry"
ref="$REGISTRY/bench/debian:1"
skopeo copy -q --dest-tls-verify=false --preserve-digests "oci:$layout:bench" "docker://$ref"

manifest=$(jq -r '.manifests[] | select(.annotations["org.opencontainers.image.ref.name"]=="bench") | .digest' "$layout/index.json")
layers=$(jq -r '.layers[].digest' "$layout/blobs/sha256/${manifest#sha256:}")
size=$(jq '[.layers[].size] | add' "$layout/blobs/sha256/${manifest#sha256:}")
unpacked=$(du -sb "$work/rootfs" | cut -f1)

# 4. The contenders. Each starts from empty directories; the floor starts from the blobs on disk.
run="$work/run"
floor() {
  i=0; pids=""
  for d in $layers; do
    i=$((i+1)); mkdir -p "$run/floor/$i"
    (zcat "$layout/blobs/sha256/${d#sha256:}" | tar -xf - -C "$run/floor/$i") &
    pids="$pids $!"
  done
  for p in $pids; do wait "$p"; done   # not a bare wait: the registry is a child too
}
berth_pull() {
  "$repo_dir/berth" --root "$run/berth-root" --state "$run/berth-state" pull -q --tls-verify=false "$ref"
}
podman_pull() {
  podman --root "$run/podman-root" --runroot "$run/podman-run" --storage-driver overlay \
    pull -q --tls-verify=false "$ref"
}
skopeo_umoci() {
  skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$run/oci:bench" &&
    umoci unpack --image "$run/oci:bench" "$run/bundle"
}
reset() {
  podman --root "$run/podman-root" --runroot "$run/podman-run" --storage-driver overlay \
    system reset -f >/dev/null 2>&1 || true
  rm -rf "$run"; mkdir -p "$run"
  drop_caches
}

prepare_berth   # build the jar, train its AOT cache
echo "image: $(echo "$layers" | wc -w) layers, $(( size / 1000000 )) MB compressed, $(( unpacked / 1000000 )) MB unpacked; $rounds rounds" >&2
for round in $(seq 1 "$rounds"); do
  for c in berth podman skopeo+umoci floor; do
    reset
    case $c in
      berth) time_cmd berth berth_pull ;;
      podman) time_cmd podman podman_pull ;;
      skopeo+umoci) time_cmd skopeo+umoci skopeo_umoci ;;
      floor) time_cmd floor floor ;;
    esac
  done
  echo "round $round: $(tail -4 "$results" | tr '\n' ' ')" >&2
done
reset

echo "median seconds: berth $(median berth), podman $(median podman), skopeo+umoci $(median skopeo+umoci), floor $(median floor)"
echo "berth / podman        = $(ratio berth podman)   (target <= 0.70)"
echo "berth / skopeo+umoci  = $(ratio berth skopeo+umoci)"
echo "berth / floor         = $(ratio berth floor)   (target <= 1.30)"
