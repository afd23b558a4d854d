#!/usr/bin/env bash
# Browser test: headless Chromium (Debian's package) opens GraphiQL from the running
# server, runs the first story and checks the result pane shows its data. The
# screenshot is kept in $OBS_ARTEFACTS/graphiql-story.png.
set -euo pipefail
cd "$(dirname "$0")/../browser"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
node story.mjs "$OBS_URL/" "$OBS_ARTEFACTS/graphiql-story.png"
