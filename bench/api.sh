#!/bin/sh
# bench/api.sh [DURATION] [CONNECTIONS]: the remote API under load, run by hand (never in tests).
# With 100 sleeping containers under an agent listening on TLS on loopback, wrk asks
# `GET /v1/containers` with a read token for DURATION (default 15s) over CONNECTIONS (default 16)
# connections on 2 threads, and prints requests per second and latency percentiles. Then the same
# against podman's REST API (`podman system service`) with 100 sleeping containers of its own:
# podman serves a Unix socket only and wrk speaks TCP only, so it goes through a socat bridge
# (plain TCP on loopback to the socket), which adds a hop podman is not to blame for. Everything
# it starts is stopped and removed on exit.
set -eu
. "$(dirname -- "$0")/lib.sh"
need docker-registry skopeo umoci podman runc curl jq python3 wrk socat
duration=${1:-15s}
connections=${2:-16}
count=100
home="$work/api-home"
AGENT=""; PODMAN=""; BRIDGE=""
cleanup() {
  if [ -n "$AGENT" ]; then
    for id in $(curl -fs --unix-socket "$BERTH_STATE/berth.sock" 'http://berth/v1/containers?all' 2>/dev/null | jq -r '.[].id'); do
      curl -fs --unix-socket "$BERTH_STATE/berth.sock" -X DELETE "http://berth/v1/containers/$id?force" >/dev/null 2>&1 || true
    done
    kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null || true
  fi
  [ -n "$BRIDGE" ] && { kill "$BRIDGE" 2>/dev/null; wait "$BRIDGE" 2>/dev/null || true; }
  podman_bench rm -af -t 0 >/dev/null 2>&1 || true
  umount "$work/podman-root/overlay" 2>/dev/null || true   # the storage mount podman made
  [ -n "$PODMAN" ] && { kill "$PODMAN" 2>/dev/null; wait "$PODMAN" 2>/dev/null || true; }
  stop_registry
}
trap cleanup EXIT INT TERM
rm -rf "$home"; mkdir -p "$home"

start_registry "$work/api-registry"
ref="$REGISTRY/bench/busybox:1"
push_busybox "$ref"
printf 'registries:\n  "%s":\n    tlsVerify: false\n' "$REGISTRY" > "$home/registries.yaml"
export BERTH_ROOT="$home/root" BERTH_STATE="$home/state" BERTH_REGISTRIES="$home/registries.yaml"

port=$(free_port)
"$repo_dir/berth" version >/dev/null   # build first, so the agent starts at once
"$repo_dir/berth" agent --listen "127.0.0.1:$port" > "$home/agent.log" 2>&1 &
AGENT=$!
sock="$BERTH_STATE/berth.sock"
for _ in $(seq 1 300); do curl -fs --unix-socket "$sock" http://berth/v1/_ping >/dev/null 2>&1 && break; sleep 0.1; done
token=$("$repo_dir/berth" token create --role read --name bench | tail -1)
url="https://127.0.0.1:$port/v1/containers"
curl -fs --cacert "$BERTH_ROOT/tls/cert.pem" -H "Authorization: Bearer $token" "$url" >/dev/null ||
  { echo "bench: the agent does not answer on $url; see $home/agent.log" >&2; exit 1; }

"$repo_dir/berth" pull -q "$ref" >/dev/null
body='{"image":"'"$ref"'","command":["sleep","3600"],"start":true}'
for i in $(seq 1 "$count"); do
  curl -fs --unix-socket "$sock" -X POST -H 'Content-Type: application/json' -d "$body" \
    http://berth/v1/containers | tail -1 | grep -q '"state":"running"' ||
    { echo "bench: container $i did not start" >&2; exit 1; }
done
running=$(curl -fs -H "Authorization: Bearer $token" --cacert "$BERTH_ROOT/tls/cert.pem" "$url" | jq length)
echo "berth: $running containers running; answer $(curl -fs -H "Authorization: Bearer $token" --cacert "$BERTH_ROOT/tls/cert.pem" "$url" | wc -c) bytes"

summary() { # summary NAME FILE
  awk -v n="$1" '
    /Requests\/sec/ {rps=$2}
    $1=="50%" {p50=$2} $1=="75%" {p75=$2} $1=="90%" {p90=$2} $1=="99%" {p99=$2}
    /Non-2xx/ {bad=$NF}
    END {printf "%-34s %10s req/s   p50 %-9s p75 %-9s p90 %-9s p99 %-9s%s\n", n, rps, p50, p75, p90, p99, (bad ? "   NON-2XX: " bad : "")}' "$2"
}

wrk -t2 -c"$connections" -d2s -H "Authorization: Bearer $token" "$url" >/dev/null   # warm the JIT
wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "$url" > "$work/api-berth.wrk"

# podman's REST API, with its own 100 sleeping containers
podman_bench pull -q --tls-verify=false "$ref" >/dev/null
psock="$work/podman-api.sock"
rm -f "$psock"
podman_bench system service --time=0 "unix://$psock" > "$home/podman-service.log" 2>&1 &
PODMAN=$!
for _ in $(seq 1 100); do [ -S "$psock" ] && break; sleep 0.1; done
for i in $(seq 1 "$count"); do
  podman_bench run -d --network none --ulimit nofile=1024:2048 --ulimit nproc=1024:2048 "$ref" sleep 3600 >/dev/null
done
pport=$(free_port)
socat -lf /dev/null "TCP-LISTEN:$pport,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$psock" &
BRIDGE=$!
purl="http://127.0.0.1:$pport/v4.0.0/libpod/containers/json"
for _ in $(seq 1 50); do curl -fs "$purl" >/dev/null 2>&1 && break; sleep 0.1; done
echo "podman: $(curl -fs "$purl" | jq length) containers running; answer $(curl -fs "$purl" | wc -c) bytes"
wrk -t2 -c"$connections" -d2s "$purl" >/dev/null
wrk -t2 -c"$connections" -d"$duration" --latency "$purl" > "$work/api-podman.wrk"

echo
echo "GET containers, $count running, $connections connections, $duration, 2 threads, loopback:"
summary "berth (TLS, bearer token)" "$work/api-berth.wrk"
summary "podman 4 (plain HTTP via socat)" "$work/api-podman.wrk"
