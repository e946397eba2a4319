#!/usr/bin/env bash
# Registration benchmark: `mdm register DIR` against `dcmsend` of the same files to the same
# throwaway Orthanc (TCP_NODELAY=1), with the catalogue in embedded H2 and in PostgreSQL, measured
# in the same run. Prints img/s, ratios and catalogue sizes, never pass/fail on absolute times.
#
#   bench/registration.sh         # defaults: 500 images, 3 runs of each of the three
#
# Environment knobs: BENCH_IMAGES (500), BENCH_RUNS (3), BENCH_REGISTER_THREADS (empty: the
# shipped register.threads), BENCH_PG_OPTIONS (extra PostgreSQL server options, e.g.
# "-c synchronous_commit=off"; empty: PostgreSQL as packaged), BENCH_PROFILE=1 (a JFR recording
# of the first H2 registration, its hottest methods printed at the end), BENCH_KEEP=1 keeps the
# temporary directory. See bench/README.md for what is measured and how.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
trap_errors

IMAGES=${BENCH_IMAGES:-500}
RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_REGISTER_THREADS:-}
PG_OPTIONS=${BENCH_PG_OPTIONS:-}
PROFILE=${BENCH_PROFILE:-0}
PY=/usr/bin/python3   # Debian's python (a pyenv python may come first in PATH)
BASE=/dpm/example.org/home/biomed/mdm   # register.path's default
# A PGHOST or PGUSER of the caller's environment must not redirect the throwaway cluster's clients.
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl postgresql
build_if_needed

WORK=$(mktemp -d /tmp/mdm-reg-bench.XXXXXX)
ORTHANC_PID=""
PG_DIR="" PG_BIN="" PG_AS=()
cleanup() {
  hydra_stop
  orthanc_stop
  pg_stop
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK${PG_DIR:+ and $PG_DIR}" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="" || b=="" || a=="nan" || b=="nan" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
seconds() { awk -v d="$1" 'BEGIN{printf "%.3f", d/1e9}'; }
rate() { awk -v s="$1" -v n="$COUNT" 'BEGIN{ if (s=="nan" || s==0) print "nan"; else printf "%.1f", n/s }'; }
mib() { awk -v b="$1" 'BEGIN{ if (b=="") print "n/a"; else printf "%.1f", b/1048576 }'; }
bytes_of() { du -sb "$@" | awk '{s+=$1} END {print s+0}'; }

. "$MDM_HOME/bench/pg.sh"

# --- Orthanc (TCP_NODELAY=1), the series, three key servers ----------------------------------
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
ORTHANC="http://127.0.0.1:$HTTP_PORT"
orthanc_config mdm-reg-bench "$WORK" "$DICOM_PORT" "$HTTP_PORT"
say "Starting a throwaway Orthanc (TCP_NODELAY=1) on 127.0.0.1:$DICOM_PORT (HTTP $HTTP_PORT)"
orthanc_start "$WORK" "$HTTP_PORT" TCP_NODELAY=1
ORTHANC_VERSION=$(curl -fs "$ORTHANC/system" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Version"])')
instances() { curl -fs "$ORTHANC/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])'; }
# Every measurement starts from an empty Orthanc: all patients deleted through the REST API.
orthanc_empty() {
  local id
  for id in $(curl -fs "$ORTHANC/patients" | "$PY" -c 'import json,sys; print(" ".join(json.load(sys.stdin)))'); do
    curl -fs -X DELETE "$ORTHANC/patients/$id" >/dev/null || die "Orthanc refused to delete patient $id"
  done
  [ "$(instances)" = 0 ] || die "Orthanc still holds $(instances) instances after deleting every patient"
}

say "Building a synthetic $IMAGES-image 512x512 CT series from a real CT (bench/make-ct-series.sh)"
"$BENCH/make-ct-series.sh" "$IMAGES" "$WORK/series" > "$WORK/series.env"
. "$WORK/series.env"
cat "$WORK"/series/*.dcm > /dev/null   # into the page cache: both tools read it from memory

say "Starting PostgreSQL (catalogue server for the PostgreSQL runs)"
pg_start

SECRET="$WORK/deid.secret"
head -c 48 /dev/urandom > "$SECRET"; chmod 600 "$SECRET"
say "Three Hydra key servers with a test-only PKI (hydra_site)"
hydra_site "$WORK"
cat >> "$WORK/site.properties" <<EOF_PROPS
dicom.deid.secret.file=$SECRET
register.server=ORTHANC@127.0.0.1:$DICOM_PORT
spool.min.free=1M
EOF_PROPS
[ -z "$THREADS" ] || echo "register.threads=$THREADS" >> "$WORK/site.properties"
KEYS_EMPTY=$(bytes_of "$WORK"/hydra0 "$WORK"/hydra1 "$WORK"/hydra2)
declare -A R   # results
FAILURES=()
DCMSEND_S=() H2_S=() PG_S=() H2_BYTES=() PG_BYTES=() UNREG_S=()

# --- The three measurements ------------------------------------------------------------------
run_dcmsend() {
  local t0 t1 s n
  orthanc_empty
  t0=$(now_ns)
  TCP_NODELAY=1 dcmsend -aec ORTHANC +sd +r 127.0.0.1 "$DICOM_PORT" "$WORK/series" >"$WORK/dcmsend.log" 2>&1 \
    || die "dcmsend failed: $(tail -5 "$WORK/dcmsend.log")"
  t1=$(now_ns)
  n=$(instances)
  [ "$n" = "$COUNT" ] || die "after dcmsend Orthanc holds $n instances, expected $COUNT"
  s=$(seconds $((t1 - t0)))
  DCMSEND_S+=("$s")
  printf '  dcmsend            run %d: %7.2f s  %7.1f img/s\n' "$1" "$s" "$(rate "$s")"
}

# run_register RUN h2|pg: a fresh catalogue (schema made, untimed) and spool, then the timed
# `mdm register DIR`; then the catalogue's size, and `mdm unregister -r` of the study, which deletes
# the keys so that the next run registers the same SOP Instance UIDs (the same key ids) afresh.
run_register() {
  local r=$1 db=$2 dbopt=() t0 t1 s n rc=0 empty size jfr=() study t2
  local spool="$WORK/spool.$db.$r"
  orthanc_empty
  if [ "$db" = h2 ]; then
    dbopt=(-D "catalog.db.dir=$WORK/catalog.$r")
  else
    psql_q "CREATE DATABASE mdm_$r" || die "CREATE DATABASE failed"
    dbopt=(-D "catalog.jdbc.url=jdbc:postgresql://127.0.0.1:$PG_PORT/mdm_$r?user=mdm_bench")
  fi
  local mdm=(--config "$WORK/site.properties" "${dbopt[@]}" -D "spool.dir=$spool")
  # The schema, made before the clock starts (a site's catalogue exists before it registers): any
  # command that opens the catalogue migrates it; `mdm ls /` then says "No directory /." as the
  # name space is still empty, which is expected.
  mdm_cli "${mdm[@]}" ls / >/dev/null 2>"$WORK/ls.err" || grep -q '^mdm: No directory /\.' "$WORK/ls.err" \
    || die "mdm ls / on a fresh catalogue failed: $(tail -3 "$WORK/ls.err")"
  empty=$(catalog_bytes "$db" "$r")
  if [ "$PROFILE" = 1 ] && [ "$db" = h2 ] && [ ! -f "$WORK/register.jfr" ]; then
    jfr=("-XX:StartFlightRecording=filename=$WORK/register.jfr,settings=profile")
  fi
  t0=$(now_ns)
  MDM_JAVA_OPTS="${MDM_JAVA_OPTS:-} ${jfr[*]}" mdm_cli "${mdm[@]}" register --no-progress "$WORK/series" \
    >"$WORK/register.out" 2>"$WORK/register.err" || rc=$?
  t1=$(now_ns)
  n=$(grep -c '^registered ' "$WORK/register.out" || true)
  if [ "$rc" != 0 ] || [ "$n" != "$COUNT" ]; then
    FAILURES+=("mdm register ($db, run $r) exited $rc with $n/$COUNT registered: $(grep -v -e ' WARN ' -e ' DEBUG ' \
      "$WORK/register.err" | head -3 | tr '\n' ' ')")
    printf '  mdm register (%s)  run %d: FAILED after %s s, see below\n' "$db" "$r" "$(seconds $((t1 - t0)))"
    cp "$WORK/register.err" "$WORK/register-failed.$db.$r.err"
  else
    [ "$(instances)" = "$COUNT" ] || die "after mdm register Orthanc holds $(instances) instances, expected $COUNT"
    s=$(seconds $((t1 - t0)))
    size=$(catalog_bytes "$db" "$r")
    if [ "$db" = h2 ]; then H2_S+=("$s"); H2_BYTES+=("$size $empty"); else PG_S+=("$s"); PG_BYTES+=("$size $empty"); fi
    [ -n "${R[keys.after]:-}" ] || R[keys.after]=$(bytes_of "$WORK"/hydra0 "$WORK"/hydra1 "$WORK"/hydra2)
    printf '  mdm register (%s)  run %d: %7.2f s  %7.1f img/s, catalogue %s MiB (%s MiB empty)\n' "$db" "$r" "$s" \
      "$(rate "$s")" "$(mib "$size")" "$(mib "$empty")"
  fi
  # Unregister whatever was registered: the keys go, so the next run can register the same images.
  study=$(mdm_cli "${mdm[@]}" ls "$BASE" 2>/dev/null | head -n 1 | tr -d /) || true
  if [ -n "$study" ]; then
    t2=$(now_ns)
    mdm_cli "${mdm[@]}" unregister -r "$BASE/$study" >"$WORK/unregister.out" 2>"$WORK/unregister.err" \
      || die "mdm unregister -r $BASE/$study failed; the next run could not register the same images: $(tail -3 "$WORK/unregister.err")"
    UNREG_S+=("$(seconds $(($(now_ns) - t2)))")
  fi
  rm -rf "$spool" "$WORK/catalog.$r"
  if [ "$db" = pg ]; then psql_q "DROP DATABASE mdm_$r" || die "DROP DATABASE failed"; fi
}

# catalog_bytes h2|pg RUN: the catalogue's size on disk (H2: its directory, closed; PostgreSQL:
# pg_database_size).
catalog_bytes() {
  if [ "$1" = h2 ]; then bytes_of "$WORK/catalog.$2"; else psql_q "SELECT pg_database_size('mdm_$2')"; fi
}

say "$RUNS runs of each of dcmsend, mdm register (H2), mdm register (PostgreSQL), $COUNT images, rotating order"
for r in $(seq "$RUNS"); do
  case $((r % 3)) in
    1) run_dcmsend "$r"; run_register "$r" h2; run_register "$r" pg ;;
    2) run_register "$r" h2; run_register "$r" pg; run_dcmsend "$r" ;;
    0) run_register "$r" pg; run_dcmsend "$r"; run_register "$r" h2 ;;
  esac
done

# --- Summary ---------------------------------------------------------------------------------
median_of() { if [ $# -gt 0 ]; then printf '%s\n' "$@" | median; else echo nan; fi; }
R[dcmsend.rate]=$(rate "$(median_of "${DCMSEND_S[@]}")")
R[h2.rate]=$(rate "$(median_of "${H2_S[@]}")")
R[pg.rate]=$(rate "$(median_of "${PG_S[@]}")")
# Catalogue sizes: the run with the median size (H2's file size depends on how much it compacted
# at close); per image: (after - empty) / N.
size_cols() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$0} END {print v[int((NR+1)/2)]}'; }
H2_SIZE=$(if [ ${#H2_BYTES[@]} -gt 0 ]; then size_cols "${H2_BYTES[@]}"; fi)
PG_SIZE=$(if [ ${#PG_BYTES[@]} -gt 0 ]; then size_cols "${PG_BYTES[@]}"; fi)
per_image_kib() { awk -v a="${1%% *}" -v e="${1##* }" -v n="$COUNT" 'BEGIN{ if (a=="") print "n/a"; else printf "%.1f", (a-e)/1024/n }'; }
nz() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
row() { printf '%-50s | %-18s | %-22s | %-6s | %s\n' "$@"; }
echo
echo "Machine:  $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Java:     $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "Orthanc:  $ORTHANC_VERSION (TCP_NODELAY=1); $(dcmsend --version 2>&1 | head -n 1 | tr -d '$'); $PG_VERSION${PG_OPTIONS:+ ($PG_OPTIONS)}"
echo "Series:   $COUNT x 512x512 CT, $((BYTES / 1048576)) MiB; medians of $RUNS runs; register.threads=${THREADS:-default}."
echo
row "What" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "---------------------------------------------------+--------------------+------------------------+--------+-------"
row "Register img/s, catalogue in H2" "dcmsend $(nz "${R[dcmsend.rate]}")" "$(nz "${R[h2.rate]}")" \
  "$(ratio "${R[h2.rate]}" "${R[dcmsend.rate]}")" ">= 1.0"
row "Register img/s, catalogue in PostgreSQL" "dcmsend $(nz "${R[dcmsend.rate]}")" "$(nz "${R[pg.rate]}")" \
  "$(ratio "${R[pg.rate]}" "${R[dcmsend.rate]}")" ">= 1.0"
row "Register img/s, PostgreSQL vs H2" "H2 $(nz "${R[h2.rate]}")" "$(nz "${R[pg.rate]}")" \
  "$(ratio "${R[pg.rate]}" "${R[h2.rate]}")" "-"
row "Catalogue MiB after $COUNT images, H2" "-" "$(mib "${H2_SIZE%% *}") ($(per_image_kib "$H2_SIZE") KiB/img)" "-" "-"
row "Catalogue MiB after $COUNT images, PostgreSQL" "-" "$(mib "${PG_SIZE%% *}") ($(per_image_kib "$PG_SIZE") KiB/img)" "-" "-"
row "Key servers' databases MiB (3), after $COUNT" "empty $(mib "$KEYS_EMPTY")" "$(mib "${R[keys.after]:-}")" "-" "-"
row "mdm unregister -r of the study, s (context)" "-" "$(nz "$(median_of "${UNREG_S[@]}" | awk '$1 != "nan" {printf "%.2f", $1}')")" "-" "-"
if [ "$PROFILE" = 1 ] && [ -f "$WORK/register.jfr" ]; then
  echo
  echo "Hottest methods of the first H2 registration (JFR execution samples, top frame; $WORK/register.jfr):"
  jfr print --events jdk.ExecutionSample "$WORK/register.jfr" \
    | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); n[$0]++; t++}
           END {for (m in n) printf "%6.1f%%  %s\n", 100*n[m]/t, m}' | sort -rn | head -n 15
fi
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
