#!/usr/bin/env bash
# The registered name space through the SE: listing and per-file facts answered from the
# catalogue, and a cold series with cold keys against the same series with keys cached.
#
#   bench/namespace.sh            # 500 images (BENCH_IMAGES), 5 listings (BENCH_LISTINGS)
#
# Registers the 512x512 CT series (bench/make-ct-series.sh) with `mdm register` into a throwaway
# Orthanc (TCP_NODELAY=1) and three key servers, then runs `mdm serve` and measures:
#   (1) `gfal-ls -l` of the series directory, BENCH_LISTINGS times (a process each): p50/p99;
#   (2) MLST of every image from one gfal2 context (python3-gfal2: gfal2's stat is an MLST over a
#       kept GridFTP session): p50/p99 per call;
#   (3) the whole series downloaded with globus-url-copy (-cc 4), cold spool each time, from an SE
#       with its key cache off (seal.key.cache.seconds=0: every image's key fetched from the key
#       servers as it is staged) and from one with the keys cached: img/s and the ratio, goal
#       >= 0.8. Each SE first serves the series once (JIT warm-up, and the cache filled) and the
#       second download is measured, so the two differ by the keys only.
# BENCH_KEEP=1 keeps the temporary directory.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
. "$BENCH/lib.sh"
trap_errors

IMAGES=${BENCH_IMAGES:-500}
LISTINGS=${BENCH_LISTINGS:-5}
PY=/usr/bin/python3   # Debian's python, which has python3-gfal2

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl globus-gass-copy-progs \
  gfal2 gfal2-plugin-gridftp python3-gfal2 python3-gfal2-util gfal2-util-scripts
build_if_needed

WORK=$(mktemp -d /tmp/mdm-ns-bench.XXXXXX)
cleanup() {
  bench_stop_all
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bench_orthanc mdm-ns-bench
say "Three Hydra key servers (hydra_site)"
bench_site
bench_register_series "$IMAGES"
DIR=$SERIES_DIR
NAMES="$WORK/names.$IMAGES.txt"

mdm_cli "${OPTS[@]}" spool evict --all > /dev/null   # the dry runs' sealed files: (1)-(2) must stage nothing
serve_start
URL="gsiftp://localhost:$PORT$DIR"
say "(1) gfal-ls -l of the $COUNT-image series, $LISTINGS times (a process each, nothing staged)"
: > "$WORK/ls.ms"
for _ in $(seq "$LISTINGS"); do
  t0=$(now_ns)
  gfal-ls -l "$URL" > "$WORK/ls.out" || die "gfal-ls failed: $(tail -3 "$WORK/serve.log")"
  echo $(( ($(now_ns) - t0) / 1000000 )) >> "$WORK/ls.ms"
  [ "$(wc -l < "$WORK/ls.out")" = "$COUNT" ] || die "gfal-ls listed $(wc -l < "$WORK/ls.out") entries, expected $COUNT"
done
read -r LS_P50 LS_P99 < <(percentiles < "$WORK/ls.ms")

say "(2) MLST of each of the $COUNT images from one gfal2 context (python3-gfal2)"
"$PY" - "$URL" "$NAMES" > "$WORK/mlst.ms" <<'PY'
import sys, time, gfal2
url, names = sys.argv[1], [n.strip() for n in open(sys.argv[2]) if n.strip()]
ctx = gfal2.creat_context()
ctx.stat(url + "/" + names[0])   # the session is opened once, outside the measurement
for n in names:
    t0 = time.perf_counter()
    ctx.stat(url + "/" + n)
    print("%.3f" % ((time.perf_counter() - t0) * 1000))
PY
read -r MLST_P50 MLST_P99 < <(percentiles < "$WORK/mlst.ms")
SPOOLED=$(mdm_cli "${OPTS[@]}" status --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["spool"]["files"])')
serve_stop

# (3) The series downloaded from a fresh SE (cold keys), then again with the keys cached.
while read -r n; do echo "gsiftp://localhost:PORT$DIR/$n file://$WORK/out/$n"; done < "$NAMES" > "$WORK/urls.tmpl"
download() {   # download LABEL: every image, 4 at a time; prints seconds
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  sed "s/PORT/$PORT/" "$WORK/urls.tmpl" > "$WORK/urls"
  local t0 t1
  t0=$(now_ns)
  globus-url-copy -cc 4 -f "$WORK/urls" > "$WORK/guc.$1.log" 2>&1 || die "globus-url-copy ($1) failed: $(tail -3 "$WORK/guc.$1.log")"
  t1=$(now_ns)
  [ "$(find "$WORK/out" -type f | wc -l)" = "$COUNT" ] || die "($1) downloaded $(find "$WORK/out" -type f | wc -l) of $COUNT"
  seconds $((t1 - t0))
}
say "(3) The series with globus-url-copy -cc 4, cold spool: key cache off, then keys cached (warm SEs)"
measure_download() {   # measure_download LABEL [-D k=v...]: warm-up download, evict, measured download
  local label=$1; shift
  mdm_cli "${OPTS[@]}" spool evict --all > /dev/null
  serve_start "$@"
  download "$label-warmup" > /dev/null
  mdm_cli "${OPTS[@]}" spool evict --all > /dev/null
  download "$label"
  serve_stop
}
COLD_S=$(measure_download nocache -D seal.key.cache.seconds=0)
WARM_S=$(measure_download cached)
COLD_RATE=$(awk -v s="$COLD_S" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
WARM_RATE=$(awk -v s="$WARM_S" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
RATIO=$(awk -v a="$COLD_RATE" -v b="$WARM_RATE" 'BEGIN{printf "%.2f", a/b}')

echo
echo "Series:   $COUNT x 512x512 CT, registered with mdm register; images staged during (1)-(2): $SPOOLED (expected 0)"
echo
printf '%-52s | %-20s | %-20s | %-6s | %s\n' "What" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "-----------------------------------------------------+----------------------+----------------------+--------+-------"
printf '%-52s | %-20s | %-20s | %-6s | %s\n' "gfal-ls -l of the series, ms (p50 / p99, $LISTINGS runs)" "-" "$LS_P50 / $LS_P99" "-" "-"
printf '%-52s | %-20s | %-20s | %-6s | %s\n' "MLST per image, ms (p50 / p99, $COUNT calls)" "-" "$MLST_P50 / $MLST_P99" "-" "-"
printf '%-52s | %-20s | %-20s | %-6s | %s\n' "Series img/s, key cache off vs keys cached" "cached $WARM_RATE" "$COLD_RATE" "$RATIO" ">= 0.8"
