#!/usr/bin/env bash
# Prints the path of a Temporal CLI: the one on PATH, or a build of the pinned version from its
# Go module, cached outside the work tree so later runs (and CI on this machine) reuse it.
# Nothing is ever downloaded as a prebuilt binary.
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
CACHE_DIR="${COMITY_CACHE_DIR:-$HOME/.cache/comity}/temporal-cli-${TEMPORAL_CLI_VERSION}"

if [ -n "${TEMPORAL_CLI:-}" ] && [ -x "$TEMPORAL_CLI" ]; then
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal; exit 0
fi
mkdir -p "$CACHE_DIR"
# One build at a time: concurrent callers (parallel test runs) wait for it instead of each
# compiling the whole server again.
exec 9>"$CACHE_DIR/.build.lock"
flock 9
if [ ! -x "$CACHE_DIR/temporal" ]; then
  command -v go >/dev/null 2>&1 || { echo "Go is needed to build the Temporal CLI (no temporal on PATH)" >&2; exit 1; }
  echo "Building the Temporal CLI ${TEMPORAL_CLI_VERSION} from its Go module into $CACHE_DIR (a few minutes, once)..." >&2
  mkdir -p "$CACHE_DIR"
  started=$(date +%s)
  GOBIN="$CACHE_DIR" go install "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}" >&2
  echo "Temporal CLI built in $(( $(date +%s) - started )) s" >&2
fi
echo "$CACHE_DIR/temporal"
