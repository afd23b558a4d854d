#!/usr/bin/env bash
# The GraphQL-over-HTTP spec's audit suite (graphql-http serverAudits) against the
# running server: fails on any warn or error. The results go to $OBS_ARTEFACTS.
set -euo pipefail
cd "$(dirname "$0")/../audit"
npm ci --no-audit --no-fund --loglevel=error
node audit.mjs "$OBS_URL/graphql" "$OBS_ARTEFACTS/audit.json"
