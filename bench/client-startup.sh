#!/bin/sh
# Client start-up: from exec of a fresh JVM to the first response of the agent (GET /v1/_ping
# over the Unix socket), for berth's own blocking HTTP/1.1 client and for Jetty's HttpClient with
# its Unix-domain transport, against the floor of a JVM that does nothing. Each contender runs
# RUNS times (default 21); medians are printed, with classes loaded, with the JDK's default CDS
# archive and with a dynamic AppCDS archive of the contender's own (as ./berth uses).
#
#   bench/client-startup.sh [RUNS]
set -eu
. "$(dirname -- "$0")/lib.sh"
runs=${1:-21}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME  # mvn runs on it too: .mvn/jvm.config has options older JDKs refuse
java="$JAVA_HOME/bin/java"

(cd "$repo_dir" && mvn -q -B -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package >&2)
lib="$repo_dir/target/bench-lib"
version=$(sed -n 's:.*<jetty.version>\(.*\)</jetty.version>.*:\1:p' "$repo_dir/pom.xml")
slf4j=$(grep -A1 '<artifactId>slf4j-api</artifactId>' "$repo_dir/pom.xml" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')
[ -f "$lib/slf4j-api-$slf4j.jar" ] || (cd "$repo_dir" && mvn -q -B dependency:copy \
  -Dartifact="org.slf4j:slf4j-api:$slf4j" -DoutputDirectory="$lib" >&2)
for artifact in jetty:jetty-client jetty:jetty-alpn-client \
  jetty.compression:jetty-compression-common jetty.compression:jetty-compression-gzip \
  jetty:jetty-http jetty:jetty-util jetty:jetty-io; do
  name=${artifact#*:}
  [ -f "$lib/$name-$version.jar" ] || (cd "$repo_dir" && mvn -q -B dependency:copy \
    -Dartifact="org.eclipse.${artifact%%:*}:$name:$version" -DoutputDirectory="$lib" >&2)
done
rm -rf "$work/client-startup" && mkdir -p "$work/client-startup/classes"
# Jars only: a class-data-sharing archive refuses directories on the class path.
cp="$repo_dir/target/berth.jar"
"$JAVA_HOME/bin/javac" -d "$work/client-startup/classes" -cp "$cp:$lib/*" "$bench_dir"/client-startup/*.java
classes="$work/client-startup/bench.jar"
"$JAVA_HOME/bin/jar" cf "$classes" -C "$work/client-startup/classes" .
# Jetty's client with what it needs and slf4j without logback (what a CLI could get by keeping
# logback off its class path); berth.jar holds every library berth uses, logback too.
jetty_cp=$(ls "$lib"/*.jar | tr '\n' ':')
jetty_lean_cp=$jetty_cp

state="$work/client-startup/state"
mkdir -p "$state"
sock="$state/berth.sock"
"$java" -cp "$classes:$cp" BenchServer "$sock" > "$work/client-startup/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.1; done

results="$work/client-startup/results"
: > "$results"
flags="-XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off"
contenders="Empty PingOwn PingJetty PingJettyLean"
for contender in $contenders; do
  case $contender in
    PingJetty) main=PingJetty ccp="$classes:$cp:$jetty_cp" ;;
    PingJettyLean) main=PingJetty ccp="$classes:$jetty_lean_cp" ;;
    *) main=$contender ccp="$classes:$cp" ;;
  esac
  jsa="$work/client-startup/$contender.jsa"
  # the first run creates the contender's archive; the second lists the classes it loads
  "$java" $flags -XX:SharedArchiveFile="$jsa" -XX:+AutoCreateSharedArchive -cp "$ccp" $main "$sock" 2>/dev/null
  "$java" $flags -Xlog:class+load:file="$work/client-startup/$contender.classes" -cp "$ccp" $main "$sock" 2>/dev/null
  for _ in $(seq 1 "$runs"); do
    time_cmd "$contender" "$java" $flags -cp "$ccp" $main "$sock"
    time_cmd "$contender+appcds" "$java" $flags -XX:SharedArchiveFile="$jsa" -cp "$ccp" $main "$sock"
  done
done

printf '%-14s %12s %12s %8s\n' client "default CDS" "own AppCDS" classes
for contender in $contenders; do
  printf '%-14s %10.0fms %10.0fms %8d\n' "$contender" \
    "$(echo "$(median "$contender") * 1000" | bc)" \
    "$(echo "$(median "$contender+appcds") * 1000" | bc)" \
    "$(wc -l < "$work/client-startup/$contender.classes")"
done
