#!/usr/bin/env bash
# Browser tests: headless Chromium (Debian's package) against the running server.
#  - story.mjs opens GraphiQL, runs the first story and checks the result pane shows
#    its data (screenshot $OBS_ARTEFACTS/graphiql-story.png);
#  - views.mjs checks the observatory's own parts at 1280×720: story links and shared
#    links, the table, chart, network and map views against the JSON answers, French
#    and English panels, the Explorer's order, and the rate limit: 300 page and asset
#    requests a minute from one address, here and on a second server (started from
#    $OBS_BIN with a limit of 10 API calls a minute) where refused calls must be shown
#    in words. Screenshots in $OBS_ARTEFACTS/browser/.
set -euo pipefail
cd "$(dirname "$0")/../browser"
: "${OBS_URL:?OBS_URL must name a running server}"
artefacts="${OBS_ARTEFACTS:-$(mktemp -d)}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node story.mjs "$OBS_URL/" "$artefacts/graphiql-story.png"

limited=""
if [ -n "${OBS_BIN:-}" ]; then
  work=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  limited="http://127.0.0.1:$port"
  "$OBS_BIN" --addr "127.0.0.1:$port" --database-url "$work/observatory.db" --rate-limit 10 >"$artefacts/browser-limited-server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 150); do
    curl -fsS "$limited/readyz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$artefacts/browser-limited-server.log" >&2; echo "the rate-limited server exited" >&2; exit 1; }
    sleep 0.2
  done
  curl -fsS "$limited/readyz" >/dev/null || { echo "the rate-limited server is not ready after 30 s" >&2; exit 1; }
else
  echo "no \$OBS_BIN: the check on a rate-limited server is skipped"
fi
node views.mjs "$OBS_URL/" "$artefacts/browser" ${limited:+"$limited/"}
