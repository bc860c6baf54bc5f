#!/bin/sh
# bench/start.sh [RUNS]: the time to run a container that does nothing (`true`), image present,
# agent running: `berth run --rm` (the CLI, JVM start included), the same through the API alone,
# `podman run --rm`, and bare `runc run` on a bundle made beforehand. Contenders alternate within
# each round; prints medians and ratios.
#
# The API contender is the fastest correct sequence the API offers: one request of
# `POST /v1/containers?attach` with "autoRemove": creates and starts the container (one
# `runc run --detach`), streams its output, and ends with its exit code once it is removed, as
# `berth run --rm` does. It is sent by socat, which starts in about 3 ms; curl needs about 11 ms
# before it sends anything (`curl --version` alone), which is the client's cost, not the API's.
# The same request by curl is timed too and printed beside it. Each answer is checked after the
# clock stops, as time_cmd checks the other contenders' exit codes.
set -eu
. "$(dirname -- "$0")/lib.sh"
need docker-registry skopeo umoci podman runc curl socat jq python3
runs=${1:-20}
results="$work/start.results"
: > "$results"
home="$work/start-home"
rm -rf "$home"; mkdir -p "$home"
trap 'kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null || true; stop_registry; podman_bench rm -af >/dev/null 2>&1 || true' EXIT INT TERM

start_registry "$work/start-registry"
ref="$REGISTRY/bench/busybox:1"
push_busybox "$ref"
printf 'registries:\n  "%s":\n    tlsVerify: false\n' "$REGISTRY" > "$home/registries.yaml"
export BERTH_ROOT="$home/root" BERTH_STATE="$home/state" BERTH_REGISTRIES="$home/registries.yaml"

prepare_berth   # build the jar, train its AOT cache
"$repo_dir/berth" agent > "$home/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 1 200); do [ -S "$BERTH_STATE/berth.sock" ] && curl -fs --unix-socket "$BERTH_STATE/berth.sock" http://berth/v1/_ping >/dev/null 2>&1 && break; sleep 0.1; done
"$repo_dir/berth" pull -q "$ref" >/dev/null
podman_bench pull -q --tls-verify=false "$ref" >/dev/null

# A ready bundle for bare runc: the same busybox, unpacked once.
bundle="$work/start-bundle"
rm -rf "$bundle"; mkdir -p "$bundle"
umoci unpack --image "$work/busybox-image/layout:bb" "$bundle/umoci" >/dev/null
mv "$bundle/umoci/rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec && jq '.process.args=["true"] | .process.terminal=false' config.json > c && mv c config.json)

# The same rootfs with the spec berth writes (its seccomp profile, capabilities, masked paths,
# limits, /etc files): what runc itself costs for a berth container, apart from the agent.
sock="$BERTH_STATE/berth.sock"
spec_bundle="$work/start-bundle-berth"
rm -rf "$spec_bundle"; mkdir -p "$spec_bundle/etc"
cp -a "$bundle/rootfs" "$spec_bundle/rootfs"
made=$(curl -fs --unix-socket "$sock" -X POST -H 'Content-Type: application/json' \
  -d '{"image":"'"$ref"'","command":["true"]}' http://berth/v1/containers | tail -1 | jq -r .result.summary.id)
cp "$BERTH_ROOT/containers/$made/etc/"* "$spec_bundle/etc/"
jq --arg etc "$spec_bundle/etc/" '.root.path="rootfs" | .linux.cgroupsPath="/berth/bench-spec"
  | (.mounts[] | select(.type=="bind")).source |= sub(".*/etc/"; $etc)' \
  "$BERTH_ROOT/containers/$made/config.json" > "$spec_bundle/config.json"
curl -fs --unix-socket "$sock" -X DELETE "http://berth/v1/containers/$made" >/dev/null

printf '%s' '{"image":"'"$ref"'","command":["true"],"autoRemove":true}' > "$work/start-body.json"
{ printf 'POST /v1/containers?attach HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n'
  printf 'Content-Length: %s\r\nConnection: close\r\n\r\n' "$(wc -c < "$work/start-body.json")"
  cat "$work/start-body.json"; } > "$work/start-request.http"
api_run() { socat -t 60 - UNIX-CONNECT:"$sock" < "$work/start-request.http"; }
api_curl_run() {
  curl -fs --unix-socket "$sock" -X POST -H 'Content-Type: application/json' \
    --data-binary @"$work/start-body.json" "http://berth/v1/containers?attach"
}
api_checked() {
  { [ "$1" = curl ] || head -1 "$work/last.out" | grep -q '^HTTP/1.1 200'; } &&
    tail -1 "$work/last.out" | grep -q '^{"result":{"exitCode":0' || {
      echo "bench: the API run did not end with exit code 0:" >&2; cat "$work/last.out" >&2; exit 1; }
}
cli_run() { "$repo_dir/berth" run --rm "$ref" true; }
podman_run() { podman_bench run --rm --ulimit nofile=1024:2048 --ulimit nproc=1024:2048 --network none "$ref" true; }
runc_run() { runc --root "$work/start-runc" run --bundle "$bundle" "bench-$$-$1" >/dev/null; }
runc_spec_run() { runc --root "$work/start-runc" run --bundle "$spec_bundle" "bench-spec-$$-$1" >/dev/null; }

for c in cli_run api_run api_curl_run podman_run; do $c >/dev/null; done; runc_run warm; runc_spec_run warm   # warm caches once
for i in $(seq 1 "$runs"); do
  time_cmd berth-cli cli_run
  time_cmd berth-api api_run; api_checked socat
  time_cmd berth-api-curl api_curl_run; api_checked curl
  time_cmd podman podman_run
  time_cmd runc runc_run "$i"
  time_cmd runc-berth-spec runc_spec_run "$i"
done
echo "median seconds: berth CLI $(median berth-cli), berth API $(median berth-api) (by curl $(median berth-api-curl)), podman $(median podman), runc $(median runc), runc on berth's spec $(median runc-berth-spec)  ($runs runs each)"
echo "berth API / runc      = $(ratio berth-api runc)   (target <= 2.0)"
echo "berth API by curl / runc = $(ratio berth-api-curl runc)"
echo "berth API / runc on berth's spec = $(ratio berth-api runc-berth-spec)   (the agent's own share)"
echo "berth CLI / podman    = $(ratio berth-cli podman)   (target <= 0.5)"
echo "berth CLI / runc      = $(ratio berth-cli runc)"
