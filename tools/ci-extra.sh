#!/usr/bin/env bash
# End-to-end checks against the real server: builds it, starts it on a temporary SQLite
# file (seeded on first start), waits for /readyz, then runs every executable
# tools/ci.d/*.sh with the server's base URL in $OBS_URL and an artefacts folder in
# $OBS_ARTEFACTS. Stops the server whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
artefacts="${OBS_ARTEFACTS:-$PWD/.ci/artefacts}"
mkdir -p "$artefacts"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export OBS_URL="http://127.0.0.1:$port"
export OBS_ARTEFACTS="$artefacts"

go build -o "$work/observatory" .
"$work/observatory" --addr "127.0.0.1:$port" --database-url "$work/observatory.db" >"$artefacts/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "$OBS_URL/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "FATAL: the server exited; its log:" >&2; cat "$artefacts/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "$OBS_URL/readyz" >/dev/null || { echo "FATAL: the server is not ready after 20 s" >&2; cat "$artefacts/server.log" >&2; exit 1; }
echo "server ready at $OBS_URL"

status=0
for check in tools/ci.d/*.sh; do
  [ -x "$check" ] || continue
  echo "--> $check"
  if ! "$check"; then
    echo "FAILED: $check" >&2
    status=1
  fi
done
exit $status
