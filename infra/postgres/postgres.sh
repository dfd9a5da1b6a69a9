#!/usr/bin/env bash
# PostgreSQL for the local stack: the server named by DATABASE_URL (default: the one on
# 127.0.0.1:5432). When that is the local server and it is installed but down, start it.
# Then create the project's database if it is missing.
set -euo pipefail
SCRIPT_NAME=postgres
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
load_local_env

url_host() { node -e 'const u=new URL(process.argv[1]);process.stdout.write((u.hostname||"127.0.0.1")+" "+(u.port||"5432")+"\n")' "$DATABASE_URL"; }
read -r host port < <(url_host)

answering() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if ! answering; then
  case "$host" in
    127.0.0.1|localhost|::1)
      if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        say "PostgreSQL on $host:$port is not answering; starting the local cluster"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
      fi ;;
  esac
  for _ in $(seq 1 60); do answering && break; sleep 0.5; done
  answering || { say "PostgreSQL on $host:$port does not answer; set DATABASE_URL to a reachable server"; exit 1; }
fi
ensure_node_modules
node "$infra_dir/postgres/ensure-database.js"
say "ready at $host:$port"
