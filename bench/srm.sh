#!/usr/bin/env bash
# The SRM door: what SRM adds on top of GridFTP for the same registered images, on the same SE,
# measured in the same run. Prints ratios, never pass/fail on absolute times.
#
#   bench/srm.sh                  # 500-image listed series, 100-image copied series, 10 rounds, 3 runs
#
# Registers two synthetic 512x512 CT series (bench/make-ct-series.sh) with `mdm register` into a
# throwaway Orthanc (TCP_NODELAY=1) and three key servers, starts `mdm serve` (key cache off:
# every staged image's key rebuilt from 2 of the 3 servers) and globus-gridftp-server, and measures:
#   (1) one cold image: `gfal-copy srm://…` against `gfal-copy gsiftp://…` of another image of the
#       same series from the same SE (each image downloaded once: never staged before), against
#       `globus-url-copy` of a file of the same size from globus-gridftp-server, and for context
#       `gfal-copy` of that file: BENCH_ROUNDS rounds, rotating order, medians and ratios;
#   (2) the copied series, cold spool before each: `mdm cp -r --sealed` and `mdm cp -r`
#       (decrypting) of its SURL, `gfal-copy srm://` of each image one after another, and
#       `globus-url-copy -cc 4` of the directory from MDM's GridFTP door (context) and, the
#       baseline, from globus-gridftp-server serving the same sealed bytes: BENCH_RUNS runs, medians;
#   (3) listing the listed series with details: BENCH_LISTINGS srmLs (gfal2 opendir/readpp from one
#       Python context) against the same through GridFTP (MLSD), and `gfal-ls -l` processes of both.
# Every download is counted and checked (sealed bytes compared with the same image through GridFTP).
# Knobs: BENCH_LS_IMAGES (500), BENCH_SERIES_IMAGES (100), BENCH_ROUNDS (10), BENCH_WARMUP (2),
# BENCH_RUNS (3), BENCH_LISTINGS (50), BENCH_LS_PROCESSES (BENCH_LISTINGS); BENCH_KEEP=1 keeps the
# temporary directory. See bench/README.md.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
. "$BENCH/lib.sh"
trap_errors

LS_IMAGES=${BENCH_LS_IMAGES:-500}
CP_IMAGES=${BENCH_SERIES_IMAGES:-100}
ROUNDS=${BENCH_ROUNDS:-10}
WARMUP=${BENCH_WARMUP:-2}
RUNS=${BENCH_RUNS:-3}
LISTINGS=${BENCH_LISTINGS:-50}
LS_PROCS=${BENCH_LS_PROCESSES:-$LISTINGS}
PY=/usr/bin/python3   # Debian's python, which has python3-gfal2
[ "$LS_IMAGES" != "$CP_IMAGES" ] \
  || die "BENCH_LS_IMAGES and BENCH_SERIES_IMAGES must differ (make-ct-series.sh derives a series' UIDs from its size)"
[ "$WARMUP" -ge 1 ] || die "BENCH_WARMUP must be at least 1 (the baseline file's size is the first image's)"
[ $((2 * (WARMUP + ROUNDS))) -le "$LS_IMAGES" ] \
  || die "(1) takes 2 x (BENCH_WARMUP + BENCH_ROUNDS) = $((2 * (WARMUP + ROUNDS))) distinct images of the listed series: raise BENCH_LS_IMAGES"

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl globus-gass-copy-progs \
  globus-gridftp-server-progs gfal2 gfal2-plugin-gridftp gfal2-plugin-srm python3-gfal2 python3-gfal2-util gfal2-util-scripts
build_if_needed

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
WORK=$(mktemp -d /tmp/mdm-srm-bench.XXXXXX)
DATA="$WORK/data"   # what globus-gridftp-server serves
mkdir -p "$DATA" "$WORK/out"
cleanup() {
  bench_stop_all
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
declare -A R
FAILURES=()

bench_orthanc mdm-srm-bench
say "A TEST-ONLY PKI and three Hydra key servers (hydra_site)"
bench_site
bench_register_series "$LS_IMAGES"
LS_DIR=$SERIES_DIR
mapfile -t LS_NAMES < "$WORK/names.$LS_IMAGES.txt"
bench_register_series "$CP_IMAGES"
CP_DIR=$SERIES_DIR
mapfile -t CP_NAMES < "$WORK/names.$CP_IMAGES.txt"
mdm_cli "${OPTS[@]}" spool evict --all > /dev/null   # the dry runs' sealed copies: every image starts cold
serve_start -D seal.key.cache.seconds=0
SRM="srm://localhost:$SRM_PORT"
GSI="gsiftp://localhost:$PORT"
gg_start "$WORK"
echo "  mdm serve: SRM port $SRM_PORT, GridFTP port $PORT; globus-gridftp-server port $GG_PORT"

# timed_us COMMAND...: runs it (output to $WORK/last.err), prints its wall time in microseconds.
timed_us() {
  local t0 t1 rc=0
  t0=$(now_ns)
  "$@" > "$WORK/last.err" 2>&1 || rc=$?
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000 ))
  return "$rc"
}
last_error() { grep . "$WORK/last.err" | tail -n 2 | tr '\n' ' '; }
ms() { awk -v u="$1" 'BEGIN { if (u=="" || u=="nan") print "nan"; else printf "%.1f\n", u/1000 }'; }
nz() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
evict() { mdm_cli "${OPTS[@]}" spool evict --all > /dev/null || die "mdm spool evict --all failed"; }

# --- (1) One cold image ----------------------------------------------------------------------------
# Path P on image I: srm (gfal-copy from the SRM door), gsiftp (gfal-copy from MDM's GridFTP door),
# guc (globus-url-copy of the same-size file from globus-gridftp-server), gfal-gg (gfal-copy of it).
NEXT=0   # the next image of the listed series never downloaded
CALL=0   # names the output files
single() {   # single PATH: one download; appends its microseconds to $WORK/t.PATH unless WARM
  local path=$1 us out src
  CALL=$((CALL + 1))
  out="$WORK/out/single.$path.$CALL"
  case $path in
    srm) src="$SRM$LS_DIR/${LS_NAMES[$NEXT]}" ;;
    gsiftp) src="$GSI$LS_DIR/${LS_NAMES[$NEXT]}" ;;
    guc|gfal-gg) src="$GG_PREFIX$DATA/single.bin" ;;
  esac
  case $path in srm|gsiftp) NEXT=$((NEXT + 1)) ;; esac
  if [ "$path" = guc ]; then
    us=$(timed_us globus-url-copy "$src" "file://$out") || { FAILURES+=("(1) $path: $(last_error)"); return 0; }
  else
    us=$(timed_us gfal-copy "$src" "file://$out") || { FAILURES+=("(1) $path $src: $(last_error)"); return 0; }
  fi
  [ -s "$out" ] || { FAILURES+=("(1) $path: $src arrived empty"); return 0; }
  [ "${WARM:-0}" = 1 ] || echo "$us" >> "$WORK/t.$path"
  LAST_OUT=$out
  [ "$path" != srm ] || FIRST_SRM_OUT=${FIRST_SRM_OUT:-$out}
}
say "(1) One cold image: $WARMUP unmeasured rounds, then $ROUNDS rounds of gfal-copy srm:// and gsiftp:// (each a new image)"
WARM=1
for _ in $(seq "$WARMUP"); do single srm; single gsiftp; done
[ -n "${LAST_OUT:-}" ] || die "(1) no warm-up download succeeded: ${FAILURES[*]}"
SMALL_BYTES=$(stat -c %s "$LAST_OUT")
head -c "$SMALL_BYTES" /dev/urandom > "$DATA/single.bin"
for _ in $(seq "$WARMUP"); do single guc; single gfal-gg; done
WARM=0
PATHS=(srm gsiftp guc gfal-gg)
for r in $(seq 0 $((ROUNDS - 1))); do
  for i in 0 1 2 3; do single "${PATHS[$(( (i + r) % 4 ))]}"; done
done
# The same image through both doors: the same sealed bytes? (image 0, now a spool hit)
if ! gfal-copy "$GSI$LS_DIR/${LS_NAMES[0]}" "file://$WORK/out/check.gsiftp" > "$WORK/last.err" 2>&1; then
  FAILURES+=("(1) image 0 again through GridFTP: $(last_error)")
elif ! cmp -s "$WORK/out/check.gsiftp" "$FIRST_SRM_OUT"; then
  FAILURES+=("(1) image 0 differs through SRM and GridFTP")
fi
for p in srm gsiftp guc gfal-gg; do
  touch "$WORK/t.$p"
  R[single.$p]=$(ms "$(median < "$WORK/t.$p")")
  R[single.$p.n]=$(grep -c . "$WORK/t.$p" || true)
done
printf '  medians, ms: srm %s, gsiftp %s, globus-url-copy from globus-gridftp-server %s, gfal-copy from it %s\n' \
  "${R[single.srm]}" "${R[single.gsiftp]}" "${R[single.guc]}" "${R[single.gfal-gg]}"
rm -f "$WORK"/out/*

# --- (2) The copied series ---------------------------------------------------------------------------
# series ROW: one cold-spool download of the whole copied series into $WORK/out/ROW; appends its
# seconds to $WORK/s.ROW; checks the count and, for sealed rows, the bytes against $DATA/series.
series() {
  local row=$1 out="$WORK/out/$1" us n f got rc=0
  rm -rf "$out"; mkdir -p "$out"
  evict
  case $row in
    gfal) us=$(timed_us gfal_loop "$out") || rc=$? ;;
    cp_sealed) us=$(timed_us mdm_cli "${OPTS[@]}" cp -r --sealed --no-progress "$SRM$CP_DIR" "$out") || rc=$? ;;
    cp_open) us=$(timed_us mdm_cli "${OPTS[@]}" cp -r --no-progress "$SRM$CP_DIR" "$out") || rc=$? ;;
    guc_mdm) us=$(timed_us globus-url-copy -cc 4 -f "$WORK/urls.mdm") || rc=$? ;;
    guc_gg) us=$(timed_us globus-url-copy -cc 4 -r "$GG_PREFIX$DATA/series/" "file://$out/") || rc=$? ;;
  esac
  [ "$rc" = 0 ] || { FAILURES+=("(2) $row: $(last_error)"); return 0; }
  n=$(find "$out" -type f | wc -l)
  [ "$n" = "${#CP_NAMES[@]}" ] || { FAILURES+=("(2) $row: $n files of ${#CP_NAMES[@]}"); return 0; }
  if [ "$row" != cp_open ]; then
    for f in "${CP_NAMES[@]}"; do
      got=$(find "$out" -type f -name "$f" -print -quit)
      [ -n "$got" ] || { FAILURES+=("(2) $row: no file named $f under the destination"); return 0; }
      cmp -s "$DATA/series/$f" "$got" || { FAILURES+=("(2) $row: $f differs from the same image through GridFTP"); return 0; }
    done
  fi
  awk -v u="$us" 'BEGIN{printf "%.3f\n", u/1e6}' >> "$WORK/s.$row"
}
gfal_loop() {   # gfal_loop DIR: gfal-copy srm:// of every image of the copied series, one after another
  local f
  for f in "${CP_NAMES[@]}"; do
    gfal-copy "$SRM$CP_DIR/$f" "file://$1/$f" > "$WORK/gfal-loop.out" 2>&1 \
      || { echo "gfal-copy of $f failed: $(tr '\n' ' ' < "$WORK/gfal-loop.out")"; return 1; }
  done
}
for f in "${CP_NAMES[@]}"; do echo "$GSI$CP_DIR/$f file://$WORK/out/guc_mdm/$f"; done > "$WORK/urls.mdm"
say "(2) The ${#CP_NAMES[@]}-image series: one unmeasured download through MDM's GridFTP door (the baseline's files)"
mkdir -p "$DATA/series"
sed "s|file://$WORK/out/guc_mdm/|file://$DATA/series/|" "$WORK/urls.mdm" > "$WORK/urls.ref"
evict
globus-url-copy -cc 4 -f "$WORK/urls.ref" > "$WORK/last.err" 2>&1 || die "globus-url-copy of the series from mdm serve failed: $(last_error)"
[ "$(find "$DATA/series" -type f | wc -l)" = "${#CP_NAMES[@]}" ] || die "the reference download has $(find "$DATA/series" -type f | wc -l) files"
SERIES_BYTES=$(du -cb "$DATA"/series/* | tail -n 1 | cut -f1)
# An unknown command's --help prints the general usage and exits 0: look for cp's own usage line.
if mdm_cli "${OPTS[@]}" cp --help > "$WORK/cp-help.txt" 2>&1 && grep -q '^Usage: mdm cp' "$WORK/cp-help.txt"; then
  ROWS=(gfal cp_sealed cp_open guc_mdm guc_gg)
  CP_MISSING=""
else
  ROWS=(gfal guc_mdm guc_gg)
  CP_MISSING="n/a (mdm cp not available)"
fi
say "(2) $RUNS runs of: ${ROWS[*]} (cold spool before each, rotating order)"
for r in $(seq 0 $((RUNS - 1))); do
  for i in "${!ROWS[@]}"; do series "${ROWS[$(( (i + r) % ${#ROWS[@]} ))]}"; done
done
for row in gfal cp_sealed cp_open guc_mdm guc_gg; do
  touch "$WORK/s.$row"
  R[series.$row]=$(median < "$WORK/s.$row")
  [ "${R[series.$row]}" != nan ] || R[series.$row]=""
done
printf '  medians, s: gfal-copy loop %s, mdm cp --sealed %s, mdm cp %s, globus-url-copy -cc 4 from MDM %s, from globus-gridftp-server %s\n' \
  "$(nz "${R[series.gfal]}")" "$(nz "${R[series.cp_sealed]}")" "$(nz "${R[series.cp_open]}")" \
  "$(nz "${R[series.guc_mdm]}")" "$(nz "${R[series.guc_gg]}")"
rm -rf "$WORK"/out/*

# --- (3) Listing the listed series -------------------------------------------------------------------
evict   # the listings must stage nothing: counted after them
say "(3) Listing the ${#LS_NAMES[@]}-image series with details: $LISTINGS times from one gfal2 context, srm:// and gsiftp://"
log_lines_before=$(wc -l < "$WORK/access.log")
list_in_process() {   # list_in_process URL OUT: N detailed listings from one context; ms per listing to OUT
  "$PY" - "$1" "$LISTINGS" "${#LS_NAMES[@]}" > "$2" 2> "$WORK/last.err" <<'PY'
import sys, time, gfal2
url, n, expected = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ctx = gfal2.creat_context()

def listing():
    d = ctx.opendir(url)
    count = 0
    while True:
        entry, st = d.readpp()   # the entry and its stat: what ls -l shows
        if entry is None:
            return count
        count += 1

listing()   # the session (and for SRM the connection) opened once, outside the measurement
for _ in range(n):
    t0 = time.perf_counter()
    count = listing()
    print("%.3f" % ((time.perf_counter() - t0) * 1000))
    if count != expected:
        sys.exit("listed %d entries, expected %d" % (count, expected))
PY
}
for proto in srm gsiftp; do
  [ "$proto" = srm ] && url="$SRM$LS_DIR" || url="$GSI$LS_DIR"
  if list_in_process "$url" "$WORK/ls.$proto.ms"; then
    read -r "R[ls.$proto.p50]" "R[ls.$proto.p99]" < <(percentiles < "$WORK/ls.$proto.ms")
  else
    FAILURES+=("(3) $proto listing from one context: $(last_error)")
  fi
  if [ "$proto" = srm ]; then   # what the SE's access log says of those listings: requests and server time
    read -r "R[ls.srm.requests]" "R[ls.srm.server.ms]" < <(tail -n +$((log_lines_before + 1)) "$WORK/access.log" \
      | sed -n 's/.*OPERATION=srmLs .*DURATION=\([0-9.]*\).*/\1/p' \
      | awk -v n=$((LISTINGS + 1)) '{s+=$1; c++} END {printf "%.1f %.1f\n", c/n, s*1000/n}')
  fi
done
say "(3) gfal-ls -l of the series, $LS_PROCS processes each, srm:// and gsiftp://"
for proto in srm gsiftp; do
  [ "$proto" = srm ] && url="$SRM$LS_DIR" || url="$GSI$LS_DIR"
  : > "$WORK/lsp.$proto.ms"
  for _ in $(seq "$LS_PROCS"); do
    if us=$(timed_us gfal-ls -l "$url"); then
      n=$(grep -c '^-' "$WORK/last.err" || true)
      [ "$n" = "${#LS_NAMES[@]}" ] || { FAILURES+=("(3) gfal-ls -l $proto listed $n entries"); break; }
      ms "$us" >> "$WORK/lsp.$proto.ms"
    else
      FAILURES+=("(3) gfal-ls -l $proto: $(last_error)"); break
    fi
  done
  read -r "R[lsp.$proto.p50]" "R[lsp.$proto.p99]" < <(percentiles < "$WORK/lsp.$proto.ms")
done
SPOOLED=$(mdm_cli "${OPTS[@]}" status --json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["spool"]["files"])')

# --- Summary -----------------------------------------------------------------------------------------
row() { printf '%-56s | %-34s | %-26s | %s\n' "$@"; }
rate() { awk -v s="$1" -v n="${#CP_NAMES[@]}" 'BEGIN { if (s=="") print "n/a"; else printf "%.1f", n/s }'; }
series_cell() { [ -n "${R[series.$1]:-}" ] && printf '%.2f (%s/s)\n' "${R[series.$1]}" "$(rate "${R[series.$1]}")" || echo "${2:-n/a}"; }
N1=${R[single.srm.n]}
echo
echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Load:    1-min load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end (other work skews every cell)"
echo "Peers:   gfal2 $(dpkg-query -W -f='${Version}' gfal2 2>/dev/null); $(globus-gridftp-server -version 2>&1 | head -n 1); globus-url-copy $(globus-url-copy -version 2>&1 | awk '{print $2}')"
echo "Data:    512x512 CT, registered with mdm register; sealed image $SMALL_BYTES bytes; copied series ${#CP_NAMES[@]} images,"
echo "         $SERIES_BYTES bytes sealed; listed series ${#LS_NAMES[@]} images. SE: seal.key.cache.seconds=0 (cold keys)."
echo "Ratio:   MDM's time / the baseline's time (below 1: faster than the baseline)."
echo
row "What" "Baseline" "MDM" "Ratio"
printf '%s\n' "---------------------------------------------------------+------------------------------------+----------------------------+-------"
row "(1) One cold image, ms (median of $N1)" "gfal-copy gsiftp:// ${R[single.gsiftp]}" "srm ${R[single.srm]}" \
  "$(ratio "${R[single.srm]}" "${R[single.gsiftp]}")"
row "(1) One cold image vs a same-size file, ms" "globus-url-copy, g-g-s ${R[single.guc]}" "srm ${R[single.srm]}" \
  "$(ratio "${R[single.srm]}" "${R[single.guc]}")"
row "(1) ... the same file with gfal-copy (context)" "gfal-copy, g-g-s ${R[single.gfal-gg]}" "srm ${R[single.srm]}" \
  "$(ratio "${R[single.srm]}" "${R[single.gfal-gg]}")"
row "(2) Series, s (img/s): mdm cp -r --sealed srm://" "gfal-copy loop $(series_cell gfal)" "$(series_cell cp_sealed "$CP_MISSING")" \
  "$(ratio "${R[series.cp_sealed]}" "${R[series.gfal]}")"
row "(2) Series: mdm cp -r --sealed srm://" "guc -cc 4, g-g-s $(series_cell guc_gg)" "$(series_cell cp_sealed "$CP_MISSING")" \
  "$(ratio "${R[series.cp_sealed]}" "${R[series.guc_gg]}")"
row "(2) Series: mdm cp -r srm:// (decrypting)" "gfal-copy loop $(series_cell gfal)" "$(series_cell cp_open "$CP_MISSING")" \
  "$(ratio "${R[series.cp_open]}" "${R[series.gfal]}")"
row "(2) Series: mdm cp -r srm:// (decrypting)" "guc -cc 4, g-g-s $(series_cell guc_gg)" "$(series_cell cp_open "$CP_MISSING")" \
  "$(ratio "${R[series.cp_open]}" "${R[series.guc_gg]}")"
row "(2) Series: gfal-copy srm:// one by one" "guc -cc 4, g-g-s $(series_cell guc_gg)" "$(series_cell gfal)" \
  "$(ratio "${R[series.gfal]}" "${R[series.guc_gg]}")"
row "(2) Series: guc -cc 4 from MDM's GridFTP (context)" "guc -cc 4, g-g-s $(series_cell guc_gg)" "$(series_cell guc_mdm)" \
  "$(ratio "${R[series.guc_mdm]}" "${R[series.guc_gg]}")"
row "(3) srmLs of the series, one context, ms p50 ($LISTINGS)" "MLSD, gfal2 gsiftp ${R[ls.gsiftp.p50]:-n/a}" "srm ${R[ls.srm.p50]:-n/a}" \
  "$(ratio "${R[ls.srm.p50]:-}" "${R[ls.gsiftp.p50]:-}")"
row "(3) ... p99" "MLSD ${R[ls.gsiftp.p99]:-n/a}" "srm ${R[ls.srm.p99]:-n/a}" "$(ratio "${R[ls.srm.p99]:-}" "${R[ls.gsiftp.p99]:-}")"
row "(3) gfal-ls -l processes, ms p50 ($LS_PROCS)" "gsiftp ${R[lsp.gsiftp.p50]:-n/a}" "srm ${R[lsp.srm.p50]:-n/a}" \
  "$(ratio "${R[lsp.srm.p50]:-}" "${R[lsp.gsiftp.p50]:-}")"
row "(3) ... p99" "gsiftp ${R[lsp.gsiftp.p99]:-n/a}" "srm ${R[lsp.srm.p99]:-n/a}" "$(ratio "${R[lsp.srm.p99]:-}" "${R[lsp.gsiftp.p99]:-}")"
echo
echo "g-g-s: globus-gridftp-server. Per in-process SRM listing, the SE's access log has ${R[ls.srm.requests]:-?} srmLs requests"
echo "taking ${R[ls.srm.server.ms]:-?} ms in the SE. Images staged by the listings: $SPOOLED (expected 0)."
[ -z "$CP_MISSING" ] || echo "mdm cp rows: 'mdm cp --help' did not print cp's usage (the command is not in this build)."
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
