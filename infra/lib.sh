# Shared helpers for the infra scripts (sourced, not run).
infra_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(cd "$infra_dir/.." && pwd)"
run_dir="$root_dir/.run"

say() { printf '[%s] %s\n' "${SCRIPT_NAME:-stack}" "$*" >&2; }

# Variables from infra/local.env, unless already set in the environment.
load_local_env() {
  local line key
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    key="${line%%=*}"
    if [ -z "${!key:-}" ]; then export "$line"; fi
  done <"$infra_dir/local.env"
}

ensure_node_modules() {
  if [ ! -d "$root_dir/node_modules/.bin" ] || [ "$root_dir/package-lock.json" -nt "$root_dir/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies (npm ci)"
    (cd "$root_dir" && npm ci --no-audit --no-fund >&2)
  fi
}

# The four services: name, port.
SERVICES="social-services:3001 employment-office:3002 insertion-company:3003 regional-delegation:3004"
