#!/usr/bin/env bash
# The local infrastructure without Docker: PostgreSQL and Apache Kafka (KRaft).
#   infra/stack.sh start [--brokers 3]   idempotent: what is already up is left as it is.
#                                        One broker by default; --brokers 3 (or KAFKA_NODES=3)
#                                        a three-node cluster on 9092, 9094, 9096.
#   infra/stack.sh stop                  stops the Kafka broker(s) started here (PostgreSQL is
#                                        left running)
# A cluster is also started when KAFKA_BROKERS names exactly the local cluster's nodes
# (127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096), so
#   KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096 KAFKA_REPLICATION_FACTOR=3 npm start
# runs the whole system on it.
set -euo pipefail
SCRIPT_NAME=stack
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command="${1:-start}"; shift || true
nodes="${KAFKA_NODES:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --brokers) nodes="${2:-}"; shift 2 || { say "--brokers needs a number"; exit 2; } ;;
    --brokers=*) nodes="${1#--brokers=}"; shift ;;
    *) echo "usage: $0 start [--brokers 1|3] | stop" >&2; exit 2 ;;
  esac
done
if [ -n "$nodes" ] && ! [[ "$nodes" =~ ^[1-9]$ ]]; then say "--brokers must be a number of brokers between 1 and 9 (got \"$nodes\")"; exit 2; fi
# `KAFKA_BROKERS=3 npm run stack:start` means three nodes, not an address
if [ -z "$nodes" ] && [[ "${KAFKA_BROKERS:-}" =~ ^[0-9]+$ ]]; then nodes="$KAFKA_BROKERS"; unset KAFKA_BROKERS; fi
load_local_env

cluster_of() { KAFKA_NODES="$1" bash "$infra_dir/kafka/kafka.sh" brokers; }
if [ -n "$nodes" ] && [ "$nodes" -gt 1 ]; then
  # asked for a cluster: start it here, and point the services at every node of it
  KAFKA_BROKERS="$(cluster_of "$nodes")"
elif [ -z "$nodes" ]; then
  nodes=1
  for n in 3 2 4 5 6 7 8 9; do
    if [ "$KAFKA_BROKERS" = "$(cluster_of "$n")" ]; then nodes=$n; break; fi
  done
fi

case "$command" in
  start)
    began=$SECONDS
    bash "$infra_dir/postgres/postgres.sh"
    if [ "$KAFKA_BROKERS" = "$(cluster_of "$nodes")" ]; then
      KAFKA_NODES="$nodes" bash "$infra_dir/kafka/kafka.sh" start
    else
      say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that broker"
    fi
    say "stack up in $((SECONDS - began))s (Kafka $KAFKA_BROKERS, PostgreSQL $DATABASE_URL)"
    if [ "$nodes" -gt 1 ]; then
      say "a $nodes-node Kafka cluster: give the services KAFKA_BROKERS=$KAFKA_BROKERS KAFKA_REPLICATION_FACTOR=$(( nodes < 3 ? nodes : 3 )), e.g."
      say "  KAFKA_BROKERS=$KAFKA_BROKERS KAFKA_REPLICATION_FACTOR=$(( nodes < 3 ? nodes : 3 )) npm start"
    fi
    ;;
  stop)
    # whichever runs from here: the single broker, and the nodes of a cluster
    bash "$infra_dir/kafka/kafka.sh" stop
    run="${KAFKA_RUN_DIR:-$infra_dir/kafka/.run}"
    started=$(ls -d "$run"/node-* 2>/dev/null | wc -l)
    if [ "$started" -gt 1 ]; then KAFKA_NODES="$started" bash "$infra_dir/kafka/kafka.sh" stop; fi
    ;;
  *) echo "usage: $0 start [--brokers 1|3] | stop" >&2; exit 2 ;;
esac
