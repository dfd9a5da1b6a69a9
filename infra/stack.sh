#!/usr/bin/env bash
# The local infrastructure without Docker: PostgreSQL and one Apache Kafka broker (KRaft).
#   infra/stack.sh start   idempotent: what is already up is left as it is
#   infra/stack.sh stop    stops the Kafka broker started here (PostgreSQL is left running)
set -euo pipefail
SCRIPT_NAME=stack
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_local_env

case "${1:-start}" in
  start)
    began=$SECONDS
    bash "$infra_dir/postgres/postgres.sh"
    if [ "$KAFKA_BROKERS" = "127.0.0.1:${KAFKA_PORT:-9092}" ]; then
      bash "$infra_dir/kafka/kafka.sh" start
    else
      say "KAFKA_BROKERS=$KAFKA_BROKERS is set: using that broker"
    fi
    say "stack up in $((SECONDS - began))s (Kafka $KAFKA_BROKERS, PostgreSQL $DATABASE_URL)"
    ;;
  stop) bash "$infra_dir/kafka/kafka.sh" stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
