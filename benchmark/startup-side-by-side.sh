#!/usr/bin/env bash
# Start-up of one service, variants side by side (docs/benchmarks.md "Start-up: AOT packaging").
#
#   benchmark/startup-side-by-side.sh ROUNDS NAME=DIR[:JVM-OPTIONS] [NAME=DIR[:JVM-OPTIONS]...]
#
# DIR is a copy of a build's target/quarkus-app (copy it away before building the next variant).
# Starts a local stack of its own on ports 29092/29093/25432 (data under $TMPDIR), records each
# variant's start-up cache with one first start (SKIPTRAIN=1 keeps the caches of an earlier run),
# then starts the variants in turn, ROUNDS times, A B A B..., so that a machine busy with other
# work weighs on every variant alike, and prints every start: time from process start to
# /q/health/ready answering 200 (polled every 20 ms), resident memory after 2 s idle, load average.
#
# Environment: J (java, default the JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64), EXT (aot: JDK 25
# AOT cache; jsa: AppCDS, for JDK 17), DB (the service's database: incident, investigation,
# notification), PORT (the service's HTTP port, default 28081).
set -u
[[ $# -ge 2 ]] || { sed -n '2,16p' "$0"; exit 2; }
ROUNDS=$1; shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/meldpunt-startup.XXXXXX")
D=$WORK/stack-data; mkdir -p "$D"
JAR=$(ls "$ROOT"/local-stack/target/local-stack-*-runnable.jar)
J=${J:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
EXT=${EXT:-aot}
DB=${DB:-incident}
PORT=${PORT:-28081}
java -Xmx768m -jar "$JAR" stack --data "$D" --kafka-port 29092 --controller-port 29093 --postgres-port 25432 > "$WORK/stack.log" 2>&1 &
STACK=$!
trap 'kill $STACK 2>/dev/null; wait $STACK 2>/dev/null' EXIT
until [[ -f $D/stack.ready ]]; do sleep 0.5; done
KEY=$(java -jar "$JAR" public-key --data "$D" 2>/dev/null | tail -1)

run() { # label dir java-options...
  local label=$1 dir=$2; shift 2
  local t0; t0=$(date +%s%N)
  QUARKUS_HTTP_PORT=$PORT KAFKA_BOOTSTRAP_SERVERS=localhost:29092 QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:25432/$DB \
  QUARKUS_DATASOURCE_USERNAME=meldpunt QUARKUS_DATASOURCE_PASSWORD=meldpunt OIDC_PUBLIC_KEY="$KEY" OIDC_ISSUER=https://meldpunt.local/issuer \
  OIDC_AUDIENCE=meldpunt MELDPUNT_WEBHOOKS_NETWORK=LOOPBACK_ALLOWED MELDPUNT_JSON_LOGS=false \
  "$J" -Xmx384m -Xms64m -XX:+UseSerialGC "$@" -jar "$dir/quarkus-run.jar" > "$WORK/run-$label.log" 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://localhost:$PORT/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "$label: exited before ready, see $WORK/run-$label.log"; return; }
    sleep 0.02
  done
  local t1; t1=$(date +%s%N)
  sleep 2
  local rss; rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill $pid; wait $pid 2>/dev/null   # TERM: a recording start writes its cache as it exits
  local started; started=$(grep -o 'started in [0-9.]*s' "$WORK/run-$label.log" | head -1)
  echo "$label: ready $(( (t1-t0)/1000000 )) ms, rss $((rss/1024)) MB, quarkus '$started', load $(cut -d' ' -f1 /proc/loadavg)"
}

declare -A trained
for v in "$@"; do
  name=${v%%=*}; dir=${v#*=}; dir=${dir%%:*}
  [[ -n ${trained[$dir]:-} ]] && continue   # two variants of one build share its cache
  trained[$dir]=1
  [[ -n ${SKIPTRAIN:-} && -f $dir/side-by-side.$EXT ]] && continue
  rm -f "$dir/side-by-side.$EXT"
  if [[ $EXT == aot ]]; then run "train-$name" "$dir" -XX:AOTCacheOutput="$dir/side-by-side.$EXT"
  else run "train-$name" "$dir" -XX:ArchiveClassesAtExit="$dir/side-by-side.$EXT"; fi
done
for i in $(seq 1 "$ROUNDS"); do
  for v in "$@"; do
    name=${v%%=*}; dir=${v#*=}; opts=""
    if [[ $dir == *:* ]]; then opts=${dir#*:}; dir=${dir%%:*}; fi
    # shellcheck disable=SC2086 # the options are words on purpose
    if [[ $EXT == aot ]]; then run "$name-$i" "$dir" -XX:AOTCache="$dir/side-by-side.$EXT" $opts
    else run "$name-$i" "$dir" -XX:SharedArchiveFile="$dir/side-by-side.$EXT" $opts; fi
  done
done
