#!/usr/bin/env bash
# A real Apache Kafka broker, single combined broker+controller node in KRaft mode, on
# loopback, from jars fetched from Maven Central. No Docker needed.
#
#   infra/kafka/kafka.sh fetch    download the jars (mvn) into infra/kafka/.lib/<version>
#   infra/kafka/kafka.sh start    fetch if needed, format storage once, start, wait until
#                                 "Kafka Server started"; returns at once if already up
#   infra/kafka/kafka.sh stop     stop the broker started here, by its own pid
#   infra/kafka/kafka.sh status   exit 0 when the broker started here is running
#   infra/kafka/kafka.sh topics   list topics with Kafka's own TopicCommand
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (1g),
# KAFKA_START_TIMEOUT seconds (120), KAFKA_RUN_DIR (infra/kafka/.run: data, logs, pid; tests
# use their own to run a second, private broker they can stop and restart).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
lib="$here/.lib/$version"
run="${KAFKA_RUN_DIR:-$here/.run}"
data="$run/data"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
heap="${KAFKA_HEAP:-1g}"
timeout="${KAFKA_START_TIMEOUT:-120}"
pidfile="$run/kafka.pid"
props="$run/server.properties"
log="$run/server.log"

say() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$lib/kafka_2.13-$version.jar" ]; then return 0; fi
  command -v mvn >/dev/null || { say "Maven (mvn) is required to fetch Kafka $version"; exit 1; }
  say "fetching Apache Kafka $version jars from Maven Central"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies >&2
  local bindings
  bindings=$(ls "$lib" | grep -cE '^(log4j-slf4j|slf4j-(reload4j|log4j12|simple|jdk14))' || true)
  [ "$bindings" = "1" ] || { say "expected exactly one SLF4J binding in $lib, found $bindings"; exit 1; }
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

write_properties() {
  mkdir -p "$data"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
}

java_cp() { java -cp "$lib/*" "$@"; }

format_storage() {
  if [ -f "$data/meta.properties" ]; then return 0; fi
  local id
  id="$(java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  say "formatting storage in $data (cluster id $id)"
  java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" \
    kafka.tools.StorageTool format -t "$id" -c "$props" -g >&2
}

start() {
  if running; then say "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return 0; fi
  if port_open "$port"; then
    # Another checkout's broker (or one started by hand): use it rather than fail.
    say "something already listens on 127.0.0.1:$port (not started from here); using it as the broker"
    return 0
  fi
  fetch
  write_properties
  format_storage
  : >"$log"
  say "starting Apache Kafka $version (KRaft, single node) on 127.0.0.1:$port"
  local began=$SECONDS
  nohup java -Xms256m -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" \
    -cp "$lib/*" kafka.Kafka "$props" >>"$run/stdout.log" 2>&1 &
  echo $! >"$pidfile"
  while ! grep -q "Kafka Server started" "$log" 2>/dev/null; do
    if ! running; then say "the broker exited during start; last lines of $log:"; tail -n 30 "$log" >&2; exit 1; fi
    if (( SECONDS - began > timeout )); then say "not started after ${timeout}s; see $log"; stop; exit 1; fi
    sleep 0.5
  done
  say "started in $((SECONDS - began))s (pid $(cat "$pidfile"))"
}

stop() {
  if ! running; then rm -f "$pidfile"; say "not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  say "stopping pid $pid"
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then say "still alive after 30s, killing"; kill -9 "$pid"; fi
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) running ;;
  topics) fetch; java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" \
            org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" --list ;;
  wipe) stop; rm -rf "$data" ;;
  *) echo "usage: $0 fetch|start|stop|status|topics|wipe" >&2; exit 2 ;;
esac
