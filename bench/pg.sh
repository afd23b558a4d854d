#!/bin/sh
# Dedicated PostgreSQL 15 for the benchmark: /tmp/obsbench/pgdata, 127.0.0.1:55433, trust
# auth, pinned to CPU 0, pg_stat_statements loaded. Usage: bench/pg.sh start|stop
set -e
BIN=/usr/lib/postgresql/15/bin
W=/tmp/obsbench
D=$W/pgdata
PORT=${BENCH_PG_PORT:-55433}
case "${1:-start}" in
start)
  mkdir -p $W/pgsock && chmod 755 $W && chown postgres:postgres $W/pgsock
  if [ ! -f $D/PG_VERSION ]; then
    mkdir -p $D && chown postgres:postgres $D
    runuser -u postgres -- $BIN/initdb -D $D -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if runuser -u postgres -- $BIN/pg_ctl -D $D status >/dev/null 2>&1; then echo "postgres already running on $PORT"; exit 0; fi
  runuser -u postgres -- taskset -c 0 $BIN/pg_ctl -D $D -l $D/server.log -w \
    -o "-p $PORT -c listen_addresses=127.0.0.1 -k $W/pgsock -c shared_buffers=1GB -c max_connections=100 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c checkpoint_timeout=30min -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c work_mem=16MB -c maintenance_work_mem=512MB -c jit=off" start >/dev/null
  echo "postgres on 127.0.0.1:$PORT (pid $(head -1 $D/postmaster.pid), CPU 0)"
  ;;
stop)
  if [ -f $D/postmaster.pid ]; then runuser -u postgres -- $BIN/pg_ctl -D $D -m fast stop >/dev/null; echo "postgres stopped"; fi
  ;;
esac
