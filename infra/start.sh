#!/usr/bin/env bash
# `npm start`: installs what is missing (npm packages, Kafka jars), starts the local stack
# (PostgreSQL + Kafka in KRaft mode), builds the services and starts the four of them in the
# background, then waits until each answers its health endpoint. Idempotent: what is
# already running is left running. Logs and pids: .run/<service>.log|.pid.
set -euo pipefail
SCRIPT_NAME=start
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_local_env
began=$SECONDS

ensure_node_modules
bash "$infra_dir/stack.sh" start
(cd "$root_dir" && npm run --silent build >&2)
mkdir -p "$run_dir"
cd "$root_dir"  # relative paths of local.env (INSTITUTIONS_FILE) are from the project root

for entry in $SERVICES; do
  name="${entry%%:*}"; port="${entry##*:}"
  pidfile="$run_dir/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    say "$name already running (pid $(cat "$pidfile")) on port $port"
    continue
  fi
  # Prometheus metrics on their own port: 9401-9404 for 3001-3004 (README.md, docs/operations.md).
  PORT="$port" METRICS_PORT="$((port + 6400))" nohup node "$root_dir/dist/apps/$name/src/main.js" >>"$run_dir/$name.log" 2>&1 &
  echo $! >"$pidfile"
  say "started $name (pid $!) on port $port; log .run/$name.log"
done

for entry in $SERVICES; do
  name="${entry%%:*}"; port="${entry##*:}"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$(cat "$run_dir/$name.pid")" 2>/dev/null; then
      say "$name exited; last lines of .run/$name.log:"; tail -n 20 "$run_dir/$name.log" >&2; exit 1
    fi
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { say "$name is not healthy; see .run/$name.log"; exit 1; }
  say "$name healthy: http://127.0.0.1:$port/health, API docs http://127.0.0.1:$port/docs"
done
say "supervisors' page: http://127.0.0.1:3004/supervisor (npm run demo records the Albacete plan and prints its address with a token)"
say "system up in $((SECONDS - began))s. Stop it with: npm stop"
