#!/bin/sh
# Checks that a full download at national scale arrives whole, and that a download the
# server cuts is an error for the client (issue "Hardening II"). Not part of CI.
#
#   bench/download-check.sh                       # a database filled by bench/run.sh (scale 1.0)
#   DATABASE_URL=postgres://... RATE=1M bench/download-check.sh
#
# It builds and starts the server on ADDR against DATABASE_URL (SEED=false), then:
#   1. downloads /download/observations.csv at RATE (curl --limit-rate) and checks the
#      HTTP status, Content-Length, the row count and a checksum of the slugs against
#      the database (psql);
#   2. starts the same download slowly, kills the server after CUT seconds, and checks
#      that curl reports an error (a truncated body never looks whole).
set -eu
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:55433/obs_s1_0?sslmode=disable}
ADDR=${ADDR:-127.0.0.1:18089}
RATE=${RATE:-1M}
CUT=${CUT:-3}
W=${W:-/tmp/obsdownload}
mkdir -p "$W"
cd "$(dirname "$0")/.."
go build -o "$W/observatory" .

start() {
  ADDR=$ADDR DATABASE_URL=$DATABASE_URL SEED=false RATE_LIMIT=0 "$W/observatory" >"$W/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://$ADDR/readyz" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "the server did not start: see $W/server.log" >&2
  exit 1
}
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
trap stop EXIT

start
echo "== 1. full download of observations.csv at $RATE/s"
begin=$(date +%s)
# A file not built yet for this data version is a 503 with Retry-After: curl waits.
curl -sS --fail --retry 300 --retry-max-time 1800 --limit-rate "$RATE" -D "$W/headers" -o "$W/observations.csv" "http://$ADDR/download/observations.csv"
end=$(date +%s)
status=$(grep "^HTTP/" "$W/headers" | tail -1 | tr -d '\r')
length=$(grep -i '^content-length:' "$W/headers" | tail -1 | tr -dc '0-9')
size=$(wc -c <"$W/observations.csv")
echo "$status; Content-Length $length; received $size bytes in $((end - begin)) s"
[ "$length" = "$size" ] || { echo "FAIL: the body is not the announced length" >&2; exit 1; }

psql -At "$DATABASE_URL" -c "SELECT slug FROM observations" >"$W/db-slugs"
python3 - "$W/observations.csv" "$W/db-slugs" <<'PY'
import csv, hashlib, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
csv_slugs = sorted(r["slug"] for r in rows)
db_slugs = sorted(l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8") if l.strip())
digest = lambda xs: hashlib.sha256("\n".join(xs).encode()).hexdigest()[:16]
print(f"rows: file {len(csv_slugs)}, database {len(db_slugs)}")
print(f"sha256 of the sorted slugs: file {digest(csv_slugs)}, database {digest(db_slugs)}")
if csv_slugs != db_slugs:
    sys.exit("FAIL: the file and the database differ")
print("OK: the file holds every observation of the database")
PY

echo "== 2. the server dies ${CUT} s into a slow download"
set +e
curl -sS --retry 300 --limit-rate 100K -o "$W/cut.csv" "http://$ADDR/download/observations.csv" 2>"$W/curl-cut.err" &
CURL=$!
sleep "$CUT"
kill -9 "$SERVER"
wait "$CURL"
code=$?
set -e
echo "curl exit code $code: $(cat "$W/curl-cut.err")"
[ "$code" -ne 0 ] || { echo "FAIL: curl took the cut download for a whole one" >&2; exit 1; }
echo "OK: the cut download is an error for the client ($(wc -c <"$W/cut.csv") bytes kept)"
