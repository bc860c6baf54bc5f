#!/bin/sh
# bench/upgrade.sh [UPGRADES]: a web service on the host network (busybox httpd) kept by the
# agent. Measures the time from a push to the new version answering, by webhook and by poll;
# the bytes an upgrade downloads when only the top layer changed; and the requests that fail
# for a client looping against the service (wrk, bounded in time) during UPGRADES upgrades.
# On the host network two versions cannot bind one port, so the agent stops the old one first:
# the failures counted are that gap. (Private networks and a switching proxy come later.)
set -eu
. "$(dirname -- "$0")/lib.sh"
need docker-registry skopeo umoci curl wrk python3
upgrades=${1:-20}
results="$work/upgrade.results"
: > "$results"
home="$work/upgrade-home"
rm -rf "$home"; mkdir -p "$home"
web_port=$(free_port); hook=$(free_port)
cleanup() {
  if [ -n "${AGENT:-}" ]; then kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null || true; fi
  stop_registry
}
trap cleanup EXIT INT TERM

# The registry notifies the webhook of every push (phase 1 listens; phase 2 does not).
start_registry "$work/upgrade-registry"
cat >> "$work/upgrade-registry/config.yml" <<YML
notifications:
  endpoints:
    - {name: berth, url: "http://127.0.0.1:$hook/v1/hooks/registry", timeout: 2s, threshold: 3, backoff: 1s}
YML
stop_registry
docker-registry serve "$work/upgrade-registry/config.yml" > "$work/upgrade-registry/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 1 100); do curl -fs "http://$REGISTRY/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
ref="$REGISTRY/bench/web:latest"
version=1
push_web "$ref" "$version"
export BERTH_ROOT="$home/root" BERTH_STATE="$home/state"
"$repo_dir/berth" version >/dev/null

start_agent() { # start_agent INTERVAL [--webhook ...]
  interval=$1; shift
  cat > "$home/berth.yaml" <<YML
registries: {"$REGISTRY": {tlsVerify: false}}
services:
  web:
    image: $ref
    command: [/app/start]
    env: {PORT: "$web_port"}
    network: host
    init: true
    update: {interval: $interval, jitter: 0s, minRunning: 1s, deadline: 30s}
    restart: {policy: always, backoff: 500ms}
    stopTimeout: 5s
YML
  "$repo_dir/berth" agent -c "$home/berth.yaml" "$@" >> "$home/agent.log" 2>&1 &
  AGENT=$!
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$web_port/" 2>/dev/null | grep -q "version" && return 0; sleep 0.1; done
  echo "bench: the service did not answer; see $home/agent.log" >&2; exit 1
}
stop_agent() { kill "$AGENT"; wait "$AGENT" 2>/dev/null || true; AGENT=; }

# until_version N: waits for the service to answer version N; prints the seconds it took
until_version() {
  start=$(now_ns)
  for _ in $(seq 1 1200); do
    if curl -fs --max-time 1 "http://127.0.0.1:$web_port/" 2>/dev/null | grep -q "version $1"; then
      echo "$start $(now_ns)" | awk '{printf "%.3f", ($2-$1)/1e9}'; return 0
    fi
    sleep 0.05
  done
  echo "bench: version $1 never answered; see $home/agent.log" >&2; exit 1
}

# 1. By webhook: the agent polls hourly, so only the notification makes it move.
start_agent 1h --webhook "127.0.0.1:$hook"
for i in 1 2 3 4 5; do
  version=$((version+1)); push_web "$ref" "$version"
  echo "webhook $(until_version $version)" >> "$results"
done
bytes=$(grep -o 'pulled .* bytes' "$home/agent.log" | tail -1)
image_size=$("$repo_dir/berth" images --format json | python3 -c 'import json,sys; print(max(i["size"] for i in json.load(sys.stdin)))')

# 2. Failed requests while the service is upgraded again and again, by webhook.
wrk -t1 -c2 -d$((upgrades * 6 + 10))s --timeout 2s "http://127.0.0.1:$web_port/" > "$work/upgrade.wrk" 2>&1 &
WRK=$!
sleep 1
for i in $(seq 1 "$upgrades"); do
  version=$((version+1)); push_web "$ref" "$version"
  until_version "$version" >/dev/null
done
wait "$WRK" || true
stop_agent

# 3. By poll: no webhook, the tag is checked every 5 s.
start_agent 5s
for i in 1 2 3; do
  version=$((version+1)); push_web "$ref" "$version"
  echo "poll $(until_version $version)" >> "$results"
done
stop_agent

requests=$(awk '/requests in/ {print $1}' "$work/upgrade.wrk")
errors=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' "$work/upgrade.wrk")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/upgrade.wrk")
echo "push to new version answering, median: webhook $(median webhook) s, poll every 5 s $(median poll) s"
echo "an upgrade where only the top layer changed: $bytes (the whole image is $image_size bytes)"
echo "during $upgrades upgrades (stop-first on the host network): ${requests:-?} requests, ${errors:-0} socket errors, ${non2xx:-0} non-2xx"
