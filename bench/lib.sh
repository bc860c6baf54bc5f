# Shared by the benchmarks: a local registry, timing, medians and ratios. Sourced, not run.
# Benchmarks print ratios against peers measured in the same run; absolute times vary with the
# machine's disk from run to run and are printed only as context.

bench_dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
repo_dir=$(dirname "$bench_dir")
work="$bench_dir/work"
mkdir -p "$work"

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing; run scripts/setup" >&2; exit 1; }
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_registry DIR -> sets REGISTRY (host:port) and REGISTRY_PID
start_registry() {
  dir=$1
  mkdir -p "$dir"
  port=$(free_port)
  cat > "$dir/config.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $dir/data}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$port}
YML
  docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 &
  REGISTRY_PID=$!
  REGISTRY=127.0.0.1:$port
  for _ in $(seq 1 100); do
    curl -fs "http://$REGISTRY/v2/" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: the registry did not start; see $dir/registry.log" >&2
  exit 1
}

stop_registry() {
  [ -n "${REGISTRY_PID:-}" ] && kill "$REGISTRY_PID" 2>/dev/null && wait "$REGISTRY_PID" 2>/dev/null || true
}

# Drops the page cache so every contender starts cold, when the machine lets us.
drop_caches() {
  sync
  echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
}

now_ns() { date +%s%N; }

# time_cmd NAME CMD...: runs CMD, appends "NAME seconds" to $results
time_cmd() {
  name=$1; shift
  start=$(now_ns)
  if ! "$@" > "$work/last.out" 2>&1; then
    echo "bench: $name failed:" >&2; cat "$work/last.out" >&2; exit 1
  fi
  end=$(now_ns)
  echo "$name $(echo "$start $end" | awk '{printf "%.3f", ($2-$1)/1e9}')" >> "$results"
}

median() { # median NAME
  awk -v n="$1" '$1==n {print $2}' "$results" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'
}

ratio() { # ratio A B -> A/B of medians
  a=$(median "$1"); b=$(median "$2")
  echo "$a $b" | awk '{printf "%.2f", $1/$2}'
}

# busybox_layout: a one-layer busybox image (Debian's busybox-static) in an OCI layout made with
# umoci, once, at $work/busybox-image/layout:bb.
busybox_layout() {
  b="$work/busybox-image"
  if [ ! -f "$b/layout/index.json" ]; then
    rm -rf "$b"; mkdir -p "$b"
    umoci init --layout "$b/layout"
    umoci new --image "$b/layout:bb"
    umoci unpack --image "$b/layout:bb" "$b/bundle" >/dev/null
    mkdir -p "$b/bundle/rootfs/bin" "$b/bundle/rootfs/etc" "$b/bundle/rootfs/tmp"
    cp /bin/busybox "$b/bundle/rootfs/bin/"
    for a in sh true echo sleep cat ls id env httpd; do ln -sf busybox "$b/bundle/rootfs/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$b/bundle/rootfs/etc/passwd"
    printf 'root:x:0:\n' > "$b/bundle/rootfs/etc/group"
    umoci repack --image "$b/layout:bb" "$b/bundle"
    umoci config --image "$b/layout:bb" --config.cmd=sh
  fi
}

# push_busybox REF: the busybox image, pushed with skopeo to REF (host:port/name:tag).
push_busybox() {
  busybox_layout
  skopeo copy -q --dest-tls-verify=false "oci:$work/busybox-image/layout:bb" "docker://$1"
}

# A podman that keeps to the bench's own directories (its tmpdir too: another podman on the host
# that cleans /run/libpod must not pull the ground from under it), with runc (crun fails on hosts
# with hybrid cgroups) and limits no higher than the host's.
podman_bench() {
  mkdir -p "$work/podman-tmp"
  podman --root "$work/podman-root" --runroot "$work/podman-run" --tmpdir "$work/podman-tmp" \
    --storage-driver overlay \
    --runtime runc --cgroup-manager cgroupfs --events-backend none "$@"
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# push_web REF VERSION [BROKEN]: busybox httpd serving "version N" from /app, on top of the same
# busybox layer every time (so an upgrade downloads only the small top layer). BROKEN makes the
# image's /app/start exit at once.
push_web() {
  ref=$1; version=$2; broken=${3:-}
  busybox_layout
  b="$work/busybox-image"
  t="web$version$broken"
  umoci tag --image "$b/layout:bb" "$t" 2>/dev/null || true
  rm -rf "$b/bundle-$t"
  umoci unpack --image "$b/layout:$t" "$b/bundle-$t" >/dev/null
  mkdir -p "$b/bundle-$t/rootfs/app"
  echo "version $version" > "$b/bundle-$t/rootfs/app/index.html"
  if [ -n "$broken" ]; then
    printf '#!/bin/sh\necho broken version %s >&2\nexit 1\n' "$version" > "$b/bundle-$t/rootfs/app/start"
  else
    printf '#!/bin/sh\nexec httpd -f -p "${PORT:-8080}" -h /app\n' > "$b/bundle-$t/rootfs/app/start"
  fi
  chmod +x "$b/bundle-$t/rootfs/app/start"
  umoci repack --image "$b/layout:$t" "$b/bundle-$t"
  rm -rf "$b/bundle-$t"
  skopeo copy -q --dest-tls-verify=false "oci:$b/layout:$t" "docker://$ref"
}

# berth as the README sets it up: the jar built, and its AOT cache trained (scripts/train-aot,
# about 15 s) unless the cache is newer than the jar. Commands start from it as installed.
prepare_berth() {
  "$repo_dir/berth" version >/dev/null
  if [ ! "$repo_dir/target/berth.aot" -nt "$repo_dir/target/berth.jar" ]; then
    echo "bench: training berth's AOT cache (scripts/train-aot)" >&2
    env -u BERTH_ROOT -u BERTH_STATE -u BERTH_REGISTRIES "$repo_dir/scripts/train-aot" >&2
  fi
}
