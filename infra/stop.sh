#!/usr/bin/env bash
# `npm stop`: stops the four services (by their pids) and the Kafka broker started here.
# PostgreSQL is left running: it is the machine's server, not ours.
set -euo pipefail
SCRIPT_NAME=stop
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

for entry in $SERVICES; do
  name="${entry%%:*}"
  pidfile="$run_dir/$name.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $name (pid $pid)"
    kill "$pid"   # SIGTERM: the service drains and exits within SHUTDOWN_TIMEOUT_MS (default 10 s)
    for _ in $(seq 1 48); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$pidfile"
done
bash "$infra_dir/stack.sh" stop
