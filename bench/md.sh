#!/usr/bin/env bash
# The metadata service (AMGA protocol over TLS) on a catalogue of BENCH_MD_ENTRIES (1,000,000)
# generated IMAGE entries, on H2 and on PostgreSQL: getattr of one attribute from one warm session
# of MDM's client (p50/p99; goal p50 < 5 ms), and selectattr of a condition matching 1% of the
# entries (rows/s). Baseline, same run and database: the same reads in-process through the
# catalogue, without the protocol and TLS; ratios are service / in-process.
#
#   bench/md.sh            # BENCH_MD_ENTRIES (1000000), BENCH_MD_SAMPLES (2000); ~10 minutes on 2 vCPUs
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$MDM_HOME/scripts/lib.sh"
trap_errors

ENTRIES=${BENCH_MD_ENTRIES:-1000000}
SAMPLES=${BENCH_MD_SAMPLES:-2000}
ensure_packages $MDM_BUILD_PACKAGES postgresql
build_if_needed
CP="$(mdm_jar):$MDM_HOME/mdm/target/lib/*"
WORK=$(mktemp -d /tmp/mdm-md-bench.XXXXXX)
PG_DIR="" PG_BIN="" PG_AS=() PG_OPTIONS=""
. "$MDM_HOME/bench/pg.sh"
trap 'pg_stop; if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi' EXIT

run_bench() { # NAME WHERE: the key=value lines of one run in $WORK/NAME.out
  java ${MDM_JAVA_OPTS:-} -cp "$CP" "$MDM_HOME/bench/MdBench.java" "$WORK/$1" "$2" "$ENTRIES" "$SAMPLES" \
    >"$WORK/$1.out" 2>"$WORK/$1.err" || { tail -5 "$WORK/$1.err" >&2; die "MdBench on $1 failed"; }
}
mkdir -p "$WORK/h2" "$WORK/pg"
say "H2 (embedded): $ENTRIES IMAGE entries, then $SAMPLES getattr and one selectattr over TLS"
run_bench h2 h2
say "PostgreSQL (a throwaway cluster): the same"
pg_start
psql_q "CREATE DATABASE md_bench" >/dev/null
run_bench pg "jdbc:postgresql://127.0.0.1:$PG_PORT/md_bench?user=mdm_bench"

kv() { sed -n "s/^$2=//p" "$WORK/$1.out" | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
row() { printf '%-44s | %-16s | %-16s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs, $(uname -sr); $(java -version 2>&1 | head -n 1); ${PG_VERSION:-}"
echo "$ENTRIES IMAGE entries (4 values each): generated in $(kv h2 md.generate.s) s on H2, $(kv pg md.generate.s) s on PostgreSQL"
for db in h2 pg; do
  echo
  row "$db: metadata service" "service" "in-process" "ratio"
  row "getattr of 1 attribute, p50 ms (goal < 5)" "$(kv $db md.getattr.p50.ms)" "$(kv $db md.getattr.direct.p50.ms)" \
    "$(ratio "$(kv $db md.getattr.p50.ms)" "$(kv $db md.getattr.direct.p50.ms)")"
  row "getattr of 1 attribute, p99 ms" "$(kv $db md.getattr.p99.ms)" "$(kv $db md.getattr.direct.p99.ms)" \
    "$(ratio "$(kv $db md.getattr.p99.ms)" "$(kv $db md.getattr.direct.p99.ms)")"
  row "selectattr, 1% match ($(kv $db md.selectattr.rows) rows), rows/s" "$(kv $db md.selectattr.rps)" \
    "$(kv $db md.selectattr.direct.rps)" "$(ratio "$(kv $db md.selectattr.direct.rps)" "$(kv $db md.selectattr.rps)")"
done
