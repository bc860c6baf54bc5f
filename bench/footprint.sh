#!/bin/sh
# bench/footprint.sh [N]: N sleeping containers under one agent. Prints the agent's RSS before and
# after, the RSS added per container, and the helper processes alive beside the containers (berth
# runs none; podman pays a conmon per container, measured in the same run for comparison).
set -eu
. "$(dirname -- "$0")/lib.sh"
need docker-registry skopeo umoci podman runc curl python3
n=${1:-50}
home="$work/footprint-home"
rm -rf "$home"; mkdir -p "$home"
cleanup() {
  if [ -n "${AGENT:-}" ]; then kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null || true; fi
  podman_bench rm -af -t 0 >/dev/null 2>&1 || true
  stop_registry
}
trap cleanup EXIT INT TERM
start_registry "$work/footprint-registry"
ref="$REGISTRY/bench/busybox:1"
push_busybox "$ref"
printf 'registries:\n  "%s":\n    tlsVerify: false\n' "$REGISTRY" > "$home/registries.yaml"
export BERTH_ROOT="$home/root" BERTH_STATE="$home/state" BERTH_REGISTRIES="$home/registries.yaml"
"$repo_dir/berth" version >/dev/null
"$repo_dir/berth" agent > "$home/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 1 200); do curl -fs --unix-socket "$BERTH_STATE/berth.sock" http://berth/v1/_ping >/dev/null 2>&1 && break; sleep 0.1; done
jvm=$(pgrep -P "$AGENT" java || echo "$AGENT")   # ./berth execs java, so they are one process
"$repo_dir/berth" pull -q "$ref" >/dev/null
"$repo_dir/berth" run --rm "$ref" true      # one container first, so classes and pools are warm
sleep 2
before=$(rss_kb "$jvm")
for i in $(seq 1 "$n"); do "$repo_dir/berth" run -d "$ref" sleep 3600 >/dev/null; done
sleep 5
after=$(rss_kb "$jvm")
running=$("$repo_dir/berth" ps -q | wc -l)
# Every process outside the containers' own: children of the agent that are not a container init.
inits=$("$repo_dir/berth" ps --format json | python3 -c 'import json,sys; print(" ".join(str(c["pid"]) for c in json.load(sys.stdin)))')
helpers=0
for p in $(pgrep -P "$jvm" || true); do
  case " $inits " in *" $p "*) ;; *) helpers=$((helpers+1)) ;; esac
done
extra=$(pgrep -c -f 'conmon|containerd-shim|runc' || true)
echo "berth: $running containers; agent RSS $((before/1024)) MiB before, $((after/1024)) MiB after: $(( (after-before)/n )) KiB per container; helper processes: $helpers (plus $extra runc/conmon/shim processes on the host)"

podman_bench pull -q --tls-verify=false "$ref" >/dev/null
for i in $(seq 1 "$n"); do podman_bench run -d --network none --ulimit nofile=1024:2048 --ulimit nproc=1024:2048 "$ref" sleep 3600 >/dev/null; done
sleep 3
conmons=$(pgrep -c conmon || true)
conmon_rss=$(for p in $(pgrep conmon); do rss_kb "$p"; done | awk '{s+=$1} END {print s+0}')
echo "podman: $n containers; $conmons conmon helper processes holding $((conmon_rss/1024)) MiB RSS, $(( conmon_rss / (n>0?n:1) )) KiB per container"
