#!/usr/bin/env bash
# A real Apache Kafka in KRaft mode on loopback, from jars fetched from Maven Central. No
# Docker needed. One combined broker+controller node by default; KAFKA_NODES=3 runs a
# three-node cluster (each node broker+controller, a controller quorum of 3).
#
#   infra/kafka/kafka.sh fetch        download the jars (mvn) into infra/kafka/.lib/<version>
#   infra/kafka/kafka.sh start [n]    fetch if needed, format storage once, start, wait until
#                                     "Kafka Server started"; returns at once if already up.
#                                     With n (cluster only): start just node n (after a crash).
#   infra/kafka/kafka.sh stop [n]     stop the node(s) started here, by their own pids
#   infra/kafka/kafka.sh status [n]   exit 0 when the node(s) started here are running
#   infra/kafka/kafka.sh brokers      print the bootstrap list (host:port,...) for KAFKA_BROKERS
#   infra/kafka/kafka.sh topics       list topics with Kafka's own TopicCommand
#   infra/kafka/kafka.sh describe     describe topics (leaders, replicas, ISR) with TopicCommand
#   infra/kafka/kafka.sh wipe         stop, then delete the data
#
# Environment:
#   KAFKA_NODES          1 (default) or 3 (any 2-9): nodes of the cluster. KAFKA_BROKERS=3 (a
#                        bare number, never a host:port list) is taken as KAFKA_NODES=3.
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093): node 1's ports; node n listens on
#                        KAFKA_PORT+2(n-1) and KAFKA_CONTROLLER_PORT+2(n-1), i.e. 9092/9093,
#                        9094/9095, 9096/9097 for three nodes.
#   KAFKA_PORTS, KAFKA_CONTROLLER_PORTS: comma-separated ports, one per node (tests: free ports)
#   KAFKA_HEAP (1g, per node), KAFKA_START_TIMEOUT seconds (120)
#   KAFKA_RUN_DIR (infra/kafka/.run): data, logs, pid. One node: right there (data/,
#                        server.log, kafka.pid); a cluster: node-<n>/ each. Tests use their own
#                        to run private brokers they can kill and restart.
# A cluster's topics: default replication factor min(3, nodes), min.insync.replicas 2 from 3
# nodes up (1 below); the internal topics (offsets, transactions) the same.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
lib="$here/.lib/$version"
run="${KAFKA_RUN_DIR:-$here/.run}"
heap="${KAFKA_HEAP:-1g}"
timeout="${KAFKA_START_TIMEOUT:-120}"

nodes="${KAFKA_NODES:-}"
if [ -z "$nodes" ] && [[ "${KAFKA_BROKERS:-}" =~ ^[0-9]+$ ]]; then nodes="$KAFKA_BROKERS"; fi
nodes="${nodes:-1}"
[[ "$nodes" =~ ^[1-9]$ ]] || { echo "[kafka] KAFKA_NODES must be a number of nodes between 1 and 9 (got \"$nodes\")" >&2; exit 2; }

say() { printf '[kafka] %s\n' "$*" >&2; }

# The n-th entry of a comma-separated list, or base + 2(n-1).
nth_port() { # list base n
  if [ -n "$1" ]; then
    local -a ports; IFS=',' read -r -a ports <<<"$1"
    [ "${#ports[@]}" -ge "$3" ] || { say "need $nodes ports in \"$1\""; exit 2; }
    echo "${ports[$(($3 - 1))]}"
  else
    echo $(($2 + 2 * ($3 - 1)))
  fi
}

# Sets the variables of node n: its run dir, data, ports, pid file, properties and log.
node() {
  n="$1"
  if [ "$nodes" = 1 ]; then nrun="$run"; else nrun="$run/node-$n"; fi
  data="$nrun/data"
  port="$(nth_port "${KAFKA_PORTS:-}" "${KAFKA_PORT:-9092}" "$n")"
  cport="$(nth_port "${KAFKA_CONTROLLER_PORTS:-}" "${KAFKA_CONTROLLER_PORT:-9093}" "$n")"
  pidfile="$nrun/kafka.pid"
  props="$nrun/server.properties"
  log="$nrun/server.log"
}

all_nodes() { seq 1 "$nodes"; }

fetch() {
  if [ -f "$lib/kafka_2.13-$version.jar" ]; then return 0; fi
  command -v mvn >/dev/null || { say "Maven (mvn) is required to fetch Kafka $version"; exit 1; }
  say "fetching Apache Kafka $version jars from Maven Central"
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies >&2
  local bindings
  bindings=$(ls "$lib" | grep -cE '^(log4j-slf4j|slf4j-(reload4j|log4j12|simple|jdk14))' || true)
  [ "$bindings" = "1" ] || { say "expected exactly one SLF4J binding in $lib, found $bindings"; exit 1; }
}

running() { # of the current node
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

voters() {
  local i list=""
  for i in $(all_nodes); do
    list="$list${list:+,}$i@127.0.0.1:$(nth_port "${KAFKA_CONTROLLER_PORTS:-}" "${KAFKA_CONTROLLER_PORT:-9093}" "$i")"
  done
  echo "$list"
}

bootstrap() {
  local i list=""
  for i in $(all_nodes); do
    list="$list${list:+,}127.0.0.1:$(nth_port "${KAFKA_PORTS:-}" "${KAFKA_PORT:-9092}" "$i")"
  done
  echo "$list"
}

write_properties() { # of the current node
  local rf=$(( nodes < 3 ? nodes : 3 ))
  local isr=$(( nodes >= 3 ? 2 : 1 ))
  mkdir -p "$data"
  cat >"$props" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$data
num.partitions=3
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.hours=168
PROPS
  if [ "$nodes" -gt 1 ]; then
    cat >>"$props" <<PROPS
default.replication.factor=$rf
min.insync.replicas=$isr
unclean.leader.election.enable=false
PROPS
  fi
}

java_cp() { java -cp "$lib/*" "$@"; }

cluster_id() {
  # one id for every node of a cluster (kept beside the nodes' directories)
  local file="$run/cluster.id"
  if [ "$nodes" = 1 ] || [ ! -s "$file" ]; then
    local id
    id="$(java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$nrun" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    [ "$nodes" = 1 ] && { echo "$id"; return; }
    mkdir -p "$run"; echo "$id" >"$file"
  fi
  cat "$file"
}

format_storage() { # of the current node
  if [ -f "$data/meta.properties" ]; then return 0; fi
  local id; id="$(cluster_id)"
  say "formatting storage in $data (cluster id $id, node $n)"
  java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$nrun" \
    kafka.tools.StorageTool format -t "$id" -c "$props" -g >&2
}

# Launches the current node in the background (does not wait).
launch() {
  : >"$log"
  nohup java -Xms256m -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$nrun" \
    -cp "$lib/*" kafka.Kafka "$props" >>"$nrun/stdout.log" 2>&1 &
  echo $! >"$pidfile"
}

# Waits until the current node logged "Kafka Server started".
await_started() {
  local began="$1"
  while ! grep -q "Kafka Server started" "$log" 2>/dev/null; do
    if ! running; then say "node $n exited during start; last lines of $log:"; tail -n 30 "$log" >&2; return 1; fi
    if (( SECONDS - began > timeout )); then say "node $n not started after ${timeout}s; see $log"; return 1; fi
    sleep 0.5
  done
}

start_single() {
  node 1
  if running; then say "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return 0; fi
  if port_open "$port"; then
    # Another checkout's broker (or one started by hand): use it rather than fail.
    say "something already listens on 127.0.0.1:$port (not started from here); using it as the broker"
    return 0
  fi
  fetch
  write_properties
  format_storage
  say "starting Apache Kafka $version (KRaft, single node) on 127.0.0.1:$port"
  local began=$SECONDS
  launch
  await_started "$began" || { stop_nodes 1; exit 1; }
  say "started in $((SECONDS - began))s (pid $(cat "$pidfile"))"
}

# Starts the given nodes of the cluster together (a quorum needs a majority up to elect a
# controller, so they are launched first and awaited after).
start_cluster() {
  local began=$SECONDS i launched=()
  if [ -f "$run/kafka.pid" ] && kill -0 "$(cat "$run/kafka.pid")" 2>/dev/null; then
    say "the single-node broker started here is running; stop it first (infra/kafka/kafka.sh stop)"; exit 1
  fi
  fetch
  for i in "$@"; do
    node "$i"
    if running; then say "node $n already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; continue; fi
    if port_open "$port" || port_open "$cport"; then say "127.0.0.1:$port or :$cport is taken by another process; node $n cannot start"; exit 1; fi
    write_properties
    format_storage
    launch
    launched+=("$i")
  done
  [ "${#launched[@]}" -gt 0 ] || return 0
  say "starting Apache Kafka $version (KRaft, $nodes-node cluster): node(s) ${launched[*]}, bootstrap $(bootstrap)"
  for i in "${launched[@]}"; do
    node "$i"
    await_started "$began" || { stop_nodes "${launched[@]}"; exit 1; }
    say "node $n started (pid $(cat "$pidfile")) on 127.0.0.1:$port"
  done
  say "started in $((SECONDS - began))s"
}

# Sends SIGTERM to the given nodes at once (a quorum that loses its majority one by one
# would leave the last ones waiting for a controller), then waits; SIGKILL after 30 s.
stop_nodes() {
  local i pids=() pid
  for i in "$@"; do
    node "$i"
    if ! running; then rm -f "$pidfile"; continue; fi
    pid="$(cat "$pidfile")"; say "stopping node $n (pid $pid)"; kill "$pid"; pids+=("$pid")
  done
  [ "${#pids[@]}" -gt 0 ] || { say "not running"; }
  for _ in $(seq 1 60); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then say "pid $pid still alive after 30s, killing"; kill -9 "$pid"; fi
  done
  for i in "$@"; do node "$i"; rm -f "$pidfile"; done
}

status_nodes() {
  local i
  for i in "$@"; do node "$i"; running || return 1; done
}

pick() { # sets `which` to the node given on the command line, or all
  if [ -n "${1:-}" ]; then
    if ! [[ "$1" =~ ^[1-9]$ ]] || [ "$1" -gt "$nodes" ]; then say "node must be between 1 and $nodes (got \"$1\"; KAFKA_NODES=$nodes)"; exit 2; fi
    which=("$1")
  else
    mapfile -t which < <(all_nodes)
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) pick "${2:-}"; if [ "$nodes" = 1 ]; then start_single; else start_cluster "${which[@]}"; fi ;;
  stop) pick "${2:-}"; stop_nodes "${which[@]}" ;;
  status) pick "${2:-}"; status_nodes "${which[@]}" ;;
  brokers) bootstrap ;;
  topics) fetch; java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" \
            org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap)" --list ;;
  describe) fetch; java_cp -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$run" \
            org.apache.kafka.tools.TopicCommand --bootstrap-server "$(bootstrap)" --describe ${2:+--topic "$2"} ;;
  wipe) pick; stop_nodes "${which[@]}"
        if [ "$nodes" = 1 ]; then rm -rf "$run/data"; else for i in "${which[@]}"; do rm -rf "$run/node-$i/data"; done; rm -f "$run/cluster.id"; fi ;;
  *) echo "usage: $0 fetch|start [node]|stop [node]|status [node]|brokers|topics|describe [topic]|wipe  (KAFKA_NODES=3 for a cluster)" >&2; exit 2 ;;
esac
