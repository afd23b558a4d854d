#!/bin/sh
# One-command benchmark: ours vs PostGraphile 4.14.1 on the same PostgreSQL and data.
#
#   bench/run.sh                      national scale (1.0), both engines, 15 s per query
#   SCALES="0.01 0.1 1.0" bench/run.sh   growth runs (one results directory per scale)
#   ENGINES=ours DURATION=5s bench/run.sh   a quick development run
#   RUNS=3 bench/run.sh               three rounds (engines alternating), medians reported
#   RESPONSE_CACHE_MB=64 bench/run.sh  our server with its response cache (default 0: off,
#                                      the uncached figures; report cached runs apart)
#
# Builds the server, starts a dedicated PostgreSQL (bench/pg.sh: /tmp/obsbench/pgdata,
# 127.0.0.1:55433, CPU 0), generates the synthetic data once per scale (database
# obs_<scale>; REGENERATE=1 to redo it), installs PostGraphile + connection-filter in
# /tmp/obsbench/postgraphile (never in the repository), then for each engine in turn,
# pinned to CPU 1 with wrk pinned to CPU 0: per canonical query (queries/<engine>/qN.graphql)
# a check, a 3 s warm-up, a 16-connection wrk run (rps, p50, p99) with the engine's RSS
# sampled from /proc, and a 1-connection run with pg_stat_statements reset before it
# (time inside PostgreSQL and statements per request). Results: bench/results/<stamp>-s<scale>/.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
W=/tmp/obsbench
PORT=${BENCH_PG_PORT:-55433}
SCALES=${SCALES:-1.0}
ENGINES=${ENGINES:-ours postgraphile}
DURATION=${DURATION:-15s}
C1DURATION=${C1DURATION:-5s}
CONNS=${CONNS:-16}
RUNS=${RUNS:-1}
# Our response cache: off unless asked for (the canonical figures are uncached).
RESPONSE_CACHE_MB=${RESPONSE_CACHE_MB:-0}
OURS_ADDR=127.0.0.1:18080
PG_GQL_PORT=15678
STAMP=${STAMP:-$(date -u +%Y%m%dT%H%M%S)}
export BENCH_PG_PORT=$PORT
mkdir -p $W

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "== build"
(cd "$ROOT" && go build -o $W/observatory .)

echo "== postgres"
"$HERE/pg.sh" start

if echo "$ENGINES" | grep -q postgraphile && [ ! -d $W/postgraphile/node_modules/postgraphile ]; then
  echo "== npm install postgraphile@4.14.1 postgraphile-plugin-connection-filter@2.3.0 (into $W/postgraphile)"
  mkdir -p $W/postgraphile
  (cd $W/postgraphile && npm init -y >/dev/null && npm install --no-audit --no-fund postgraphile@4.14.1 postgraphile-plugin-connection-filter@2.3.0 >/dev/null)
fi

PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -X -q"
ENGINE_PID=

stop_engine() {
  if [ -n "$ENGINE_PID" ] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill "$ENGINE_PID"; wait "$ENGINE_PID" 2>/dev/null || true
  fi
  ENGINE_PID=
}
trap stop_engine EXIT INT TERM

wait_http() { # url
  for _ in $(seq 1 300); do
    if curl -fs -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "not ready: $1" >&2; return 1
}

sample_rss() { # pid outfile: peak VmRSS (kB) while the pid lives or until the stop file appears
  peak=0
  while [ ! -f "$2.stop" ] && [ -r /proc/$1/status ]; do
    v=$(awk '/^VmRSS/ {print $2}' /proc/$1/status 2>/dev/null || echo 0)
    [ "${v:-0}" -gt "$peak" ] && peak=$v
    echo $peak > "$2"
    sleep 0.2
  done
}

for SCALE in $SCALES; do
  TAG=$(echo "$SCALE" | sed 's/\.//; s/^0*//'); TAG=${TAG:-0}
  DB=obs_s$(echo "$SCALE" | tr . _)
  URL="postgres://postgres@127.0.0.1:$PORT/$DB?sslmode=disable"
  RES="$HERE/results/$STAMP-s$SCALE"
  mkdir -p "$RES"
  echo "== scale $SCALE: database $DB, results in $RES"
  if [ "${REGENERATE:-0}" = 1 ]; then $PSQL -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"; fi
  if ! $PSQL -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    $PSQL -d postgres -c "CREATE DATABASE $DB"
    taskset -c 1 $W/observatory generate --database-url "$URL" --scale "$SCALE" | tee "$RES/generate.txt"
  fi
  $PSQL -d $DB -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" 2>/dev/null
  # Our migrations (perf indexes included) before PostGraphile sees the tables: every
  # index of the migrations serves both engines.
  $W/observatory migrate --database-url "$URL" --log-level warn
  $PSQL -d $DB -v ON_ERROR_STOP=1 -f "$HERE/postgraphile.sql" >/dev/null 2>&1 || $PSQL -d $DB -v ON_ERROR_STOP=1 -f "$HERE/postgraphile.sql"
  $PSQL -d $DB -Atc "SELECT 'rows: sites=' || (SELECT COUNT(*) FROM sites) || ' companies=' || (SELECT COUNT(*) FROM companies) || ' subsidies=' || (SELECT COUNT(*) FROM subsidies) || ' observations=' || (SELECT COUNT(*) FROM observations) || ' size=' || pg_size_pretty(pg_database_size('$DB'))" | tee "$RES/data.txt"
  python3 "$HERE/lib.py" bodies $DB $W/bodies
  { uptime; nproc; git -C "$ROOT" log --oneline -1; echo "duration=$DURATION c1=$C1DURATION conns=$CONNS runs=$RUNS response_cache_mb=$RESPONSE_CACHE_MB"; } > "$RES/env.txt"

  for RUN in $(seq 1 "$RUNS"); do
  for ENGINE in $ENGINES; do
    OUT="$RES/$ENGINE/r$RUN"
    mkdir -p "$OUT"
    case $ENGINE in
    ours)
      GQL=http://$OURS_ADDR/graphql
      DATABASE_URL="$URL" ADDR=$OURS_ADDR SEED=false RATE_LIMIT=0 LOG_LEVEL=warn DEBUG_ADDR=127.0.0.1:16060 \
        RESPONSE_CACHE_MB=$RESPONSE_CACHE_MB taskset -c 1 $W/observatory serve > "$OUT/server.log" 2>&1 &
      ENGINE_PID=$!
      wait_http http://$OURS_ADDR/readyz
      ;;
    postgraphile)
      GQL=http://127.0.0.1:$PG_GQL_PORT/graphql
      (cd $W/postgraphile && exec taskset -c 1 node node_modules/postgraphile/cli.js -c "$URL" --schema public \
        --host 127.0.0.1 --port $PG_GQL_PORT --append-plugins postgraphile-plugin-connection-filter \
        --dynamic-json --no-setof-functions-contain-nulls --legacy-relations omit --disable-query-log \
        --disable-graphiql --max-pool-size 16) > "$OUT/server.log" 2>&1 &
      ENGINE_PID=$!
      for _ in $(seq 1 150); do
        curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"query":"{__typename}"}' $GQL 2>/dev/null && break; sleep 0.2
      done
      ;;
    esac
    echo "-- $ENGINE run $RUN/$RUNS (pid $ENGINE_PID) at $GQL"
    for Q in ${QUERIES:-q1 q2 q3 q4 q4p q5 q6 q7}; do
      BODY=$W/bodies/$ENGINE/$Q.json
      python3 "$HERE/lib.py" check $GQL $BODY "$OUT/response-$Q.json" > "$OUT/check-$Q.txt"
      # Keep only a head of the responses (they can be large).
      head -c 4000 "$OUT/response-$Q.json" > "$OUT/response-$Q.head.json"; rm -f "$OUT/response-$Q.json"
      BODY=$BODY taskset -c 0 wrk -t1 -c$CONNS -d3s -s "$HERE/post.lua" $GQL > /dev/null 2>&1 || true
      rm -f "$OUT/rss-$Q.txt.stop"
      sample_rss $ENGINE_PID "$OUT/rss-$Q.txt" &
      SAMPLER=$!
      BODY=$BODY taskset -c 0 wrk -t1 -c$CONNS -d$DURATION --latency --timeout 10s -s "$HERE/post.lua" $GQL > "$OUT/wrk-$Q-c$CONNS.txt" 2>&1 || true
      touch "$OUT/rss-$Q.txt.stop"; wait $SAMPLER 2>/dev/null || true; rm -f "$OUT/rss-$Q.txt.stop"
      # Statements the 16-connection run left running (long aggregates) must not be
      # counted in the one-connection figures: wait (up to 60 s) for the database to be idle.
      for _ in $(seq 1 120); do
        [ "$($PSQL -d $DB -Atc "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")" = 0 ] && break
        sleep 0.5
      done
      $PSQL -d $DB -Atc "SELECT pg_stat_statements_reset()" >/dev/null
      BODY=$BODY taskset -c 0 wrk -t1 -c1 -d$C1DURATION --latency --timeout 10s -s "$HERE/post.lua" $GQL > "$OUT/wrk-$Q-c1.txt" 2>&1 || true
      python3 "$HERE/lib.py" pgstat $DB > "$OUT/pgstat-$Q.txt"
      printf '   %s %-60s %s | c1 %s | pg %s\n' $Q "$(cat "$OUT/check-$Q.txt")" \
        "$(grep RESULT "$OUT/wrk-$Q-c$CONNS.txt" | cut -d' ' -f2-5)" \
        "$(grep RESULT "$OUT/wrk-$Q-c1.txt" | cut -d' ' -f2-3)" "$(cat "$OUT/pgstat-$Q.txt")"
    done
    stop_engine
  done
  done
  python3 "$HERE/lib.py" summary "$RES" | tee "$RES/summary.md"
done
