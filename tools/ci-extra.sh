#!/usr/bin/env bash
# End-to-end checks against the real server: builds it, starts it on a temporary SQLite
# file (seeded on first start), waits for /readyz, then runs every executable
# tools/ci.d/*.sh (in name order, each within $OBS_CHECK_TIMEOUT seconds, default 900)
# with, in its environment:
#   OBS_URL        the server's base URL (http://127.0.0.1:PORT)
#   OBS_ARTEFACTS  a folder for logs and screenshots kept after the run (.ci/artefacts)
#   OBS_BIN        the server binary just built (to start other servers, e.g. with
#                  other limits; they must stop them)
# A check is a script that exits non-zero on failure. To add one: drop an executable
# tools/ci.d/NAME.sh. Stops the server whatever happens; fails if any check failed.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
artefacts="${OBS_ARTEFACTS:-$PWD/.ci/artefacts}"
mkdir -p "$artefacts"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export OBS_URL="http://127.0.0.1:$port"
export OBS_ARTEFACTS="$artefacts"
export OBS_BIN="$work/observatory"

go build -o "$OBS_BIN" . || { echo "FATAL: the server does not build" >&2; exit 1; }
"$OBS_BIN" --addr "127.0.0.1:$port" --database-url "$work/observatory.db" >"$artefacts/server.log" 2>&1 &
server=$!

for _ in $(seq 1 150); do
  curl -fsS "$OBS_URL/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "FATAL: the server exited; its log:" >&2; cat "$artefacts/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$OBS_URL/readyz" >/dev/null || { echo "FATAL: the server is not ready after 30 s; its log:" >&2; cat "$artefacts/server.log" >&2; exit 1; }
echo "server ready at $OBS_URL (log: $artefacts/server.log)"

failed=()
for check in tools/ci.d/*.sh; do
  [ -x "$check" ] || continue
  echo "--> $check"
  started=$SECONDS
  if timeout "${OBS_CHECK_TIMEOUT:-900}" "$check"; then
    echo "<-- $check: ok ($((SECONDS - started)) s)"
  else
    echo "FAILED: $check (exit $?, $((SECONDS - started)) s)" >&2
    failed+=("$check")
  fi
  kill -0 "$server" 2>/dev/null || { echo "FATAL: the server died during $check; its log:" >&2; tail -50 "$artefacts/server.log" >&2; exit 1; }
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "end-to-end checks failed: ${failed[*]}" >&2
  exit 1
fi
echo "end-to-end checks passed"
