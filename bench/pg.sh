# shellcheck shell=bash
# shellcheck disable=SC2034 # PG_PORT, PG_VERSION are read by the scripts that source this file
# --- A throwaway PostgreSQL cluster (as org.mdm.testing.PostgresServer makes one) ------------
# initdb into a fresh directory (trust authentication, socket inside it, TCP on 127.0.0.1 at a free
# port), pg_ctl start. PostgreSQL refuses to run as root: as root its commands run as 'postgres'.
pg_start() {
  local d
  for d in /usr/lib/postgresql/*/bin; do   # the newest version last
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PG_BIN=$d
  done
  [ -n "$PG_BIN" ] || die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: apt-get install postgresql"
  PG_DIR=$(mktemp -d /tmp/mdm-bench-pg.XXXXXX)
  mkdir -p "$PG_DIR/sock"
  if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || die "running as root without a 'postgres' account (apt-get install postgresql makes it)"
    chown -R postgres: "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  PG_PORT=$(free_port)
  (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U mdm_bench --auth=trust --encoding=UTF8 \
    --no-locale >"$PG_DIR/initdb.log" 2>&1) || die "initdb failed: $(tail -3 "$PG_DIR/initdb.log")"
  (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR/sock $PG_OPTIONS" \
    start >/dev/null) || die "PostgreSQL did not start: $(tail -3 "$PG_DIR/server.log")"
  PG_VERSION=$("$PG_BIN/postgres" --version)
}
pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    (cd "$PG_DIR" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1) || true
  fi
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$PG_DIR"
}
psql_q() { "$PG_BIN/psql" -X -q -t -A -h 127.0.0.1 -p "$PG_PORT" -U mdm_bench -d postgres -c "$1"; }
