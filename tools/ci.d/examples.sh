#!/usr/bin/env bash
# Client examples (examples/): the Python (standard library), JavaScript (Node's fetch) and curl
# scripts run against the server at $OBS_URL and must print the story's figures. Then,
# when ci-extra.sh gives the binary in $OBS_BIN, a second server with a small rate limit
# checks that the Python and JS examples wait and retry on 429 (Retry-After) and still
# print the figures. Installs Debian's jq when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OBS_URL:?OBS_URL must name a running server}"
out="${OBS_ARTEFACTS:-$(mktemp -d)}/examples"
mkdir -p "$out"

fail() { echo "FAIL (examples): $*" >&2; exit 1; }

apt_install() {
  echo "installing Debian's $*"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null \
    || fail "apt-get install $* failed"
}

# The Python example needs only the standard library: a plain python3, no package.
py=python3
command -v "$py" >/dev/null 2>&1 || fail "python3 is not installed"
command -v jq >/dev/null 2>&1 || apt_install jq
command -v node >/dev/null 2>&1 || fail "node (20+) is not installed"

# The figures every example must print (extended regular expressions, one per line).
expected=(
  '^Ancien site Bridgestone de Béthune.*\(Béthune, INSEE 62119\)$'
  '^22 observations'
  '^  863 PEOPLE +PREFERRED +Le Journal des Entreprises'
  '^  823 PEOPLE +NORMAL +Communauté d.agglomération de Béthune-Bruay'
  '^  PERMANENT_CONTRACT +452 PEOPLE'
  '^  BUSINESS_CREATION +115 PEOPLE'
  '^  TOTAL +769$'
  '^5 occupants of the site$'
  '^  since 2022  Black-Star'
  '^  since 2025  Azur Datacenter'
)

# run NAME URL PAGE-SIZE COMMAND...: runs an example with a time limit, keeps its output
# in $out/NAME.out and .err, and checks the figures.
run() {
  local name=$1 url=$2 size=$3
  shift 3
  echo "  $name: $*"
  if ! OBS_URL="$url" OBS_PAGE_SIZE="$size" timeout 180 "$@" >"$out/$name.out" 2>"$out/$name.err"; then
    cat "$out/$name.out" "$out/$name.err" >&2
    fail "$name exited with an error (output above)"
  fi
  local pattern
  for pattern in "${expected[@]}"; do
    grep -Eq "$pattern" "$out/$name.out" || { cat "$out/$name.out" >&2; fail "$name: no line matches /$pattern/"; }
  done
}

echo "examples against $OBS_URL"
run python "$OBS_URL" 10 "$py" examples/python/story.py
run js "$OBS_URL" 10 node examples/js/story.mjs
run curl "$OBS_URL" 10 bash examples/curl.sh
grep -q 'read in 3 pages of 10' "$out/python.out" || fail "python: 22 observations should take 3 pages of 10"
cmp -s "$out/python.out" "$out/js.out" || { diff "$out/python.out" "$out/js.out" >&2; fail "python and js print different results"; }

if [ -z "${OBS_BIN:-}" ]; then
  echo "no \$OBS_BIN: skipping the rate-limit check"
  exit 0
fi

# A second server allowing 60 requests a minute (bursts of 60, one more a second):
# drained first, so that every request of the examples meets a 429 with Retry-After.
work=$(mktemp -d)
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
limited="http://127.0.0.1:$port"
"$OBS_BIN" --addr "127.0.0.1:$port" --database-url "$work/observatory.db" --rate-limit 60 >"$out/limited-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  curl -fsS "$limited/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$out/limited-server.log" >&2; fail "the rate-limited server exited"; }
  sleep 0.2
done
curl -fsS "$limited/readyz" >/dev/null || { cat "$out/limited-server.log" >&2; fail "the rate-limited server is not ready after 30 s"; }

drain() {
  local i status
  for i in $(seq 1 80); do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$limited/graphql?query=%7B__typename%7D")
    [ "$status" = 429 ] && return 0
  done
  fail "no 429 after 80 requests to a server allowing 60 a minute"
}

echo "examples against a rate-limited server ($limited, 60 a minute)"
for ex in "python $py examples/python/story.py" "js node examples/js/story.mjs"; do
  read -r name cmd <<<"$ex"
  drain
  # shellcheck disable=SC2086 # cmd is an interpreter and a script path
  run "$name-limited" "$limited" 8 $cmd
  grep -Eq 'rate limited( or starting)? \(429' "$out/$name-limited.err" || fail "$name-limited: never waited for a 429 (stderr: $(head -3 "$out/$name-limited.err"))"
  echo "    $(grep -c 'rate limited (429' "$out/$name-limited.err") retries after 429"
done
echo "examples: ok"
