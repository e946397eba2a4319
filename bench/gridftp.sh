#!/usr/bin/env bash
# GridFTP benchmark: MDM's door (`mdm serve`) against Debian's globus-gridftp-server, same machine,
# same test PKI, same client (globus-url-copy with GSI), measured in the same run. Prints ratios,
# never pass/fail on absolute times.
#
#   bench/gridftp.sh              # defaults: 1 GiB file, 3 runs per cell, 20 cold images, 50 clients
#
# (1) Throughput: one random 1 GiB file, served warm by MDM's file backend (spool hit) and by
#     globus-gridftp-server from the same directory, downloaded to /dev/null: stream and -p 4,
#     each with DCAU (the default) and -nodcau.
# (2) One cold image: globus-url-copy of N distinct DICOM images never fetched before (C-GET from
#     a throwaway Orthanc, de-identify, seal with a key rebuilt from 2 of 3 key servers, spool,
#     send) against globus-gridftp-server sending a file of the same size: the protocol floor.
# (3) 50 concurrent globus-url-copy clients on 50 distinct cold images: failures (must be 0) and
#     the SE's peak used heap (jstat every 200 ms and the GC log over the burst).
# Downloads are checked byte for byte where a reference exists (see bench/README.md).
#
# Environment knobs: BENCH_RUNS (3), BENCH_GRIDFTP_MIB (1024), BENCH_LATENCY_IMAGES (20),
# BENCH_LATENCY_WARMUP (3), BENCH_CONCURRENT (50), BENCH_KEEP=1 keeps the temporary directory
# (without the big files). MDM_JAVA_OPTS adds JVM options to mdm serve. See bench/README.md.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$MDM_HOME/scripts/lib.sh"
. "$MDM_HOME/bench/lib.sh"
trap_errors

RUNS=${BENCH_RUNS:-3}
MIB=${BENCH_GRIDFTP_MIB:-1024}
LAT_N=${BENCH_LATENCY_IMAGES:-20}
WARMUP=${BENCH_LATENCY_WARMUP:-3}
CONC=${BENCH_CONCURRENT:-50}
SAMPLES=/usr/lib/python3/dist-packages/pydicom/data/test_files
PY=/usr/bin/python3   # Debian's python (a pyenv python may come first in PATH)

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom curl globus-gass-copy-progs \
  globus-gridftp-server-progs
[ -f "$SAMPLES/CT_small.dcm" ] || die "sample images missing: apt-get install python3-pydicom"
command -v jstat >/dev/null || die "jstat missing (it comes with the JDK: default-jdk-headless)"
build_if_needed

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
WORK=$(mktemp -d /tmp/mdm-gridftp-bench.XXXXXX)
DATA="$WORK/data"   # the directory both servers serve
mkdir -p "$DATA" "$WORK/out" "$WORK/images"
JSTAT_PID=""
cleanup() {
  [ -z "$JSTAT_PID" ] || { kill "$JSTAT_PID" 2>/dev/null || true; wait "$JSTAT_PID" 2>/dev/null || true; }
  bench_stop_all
  # The 1 GiB file and its spooled copy go whatever happens; BENCH_KEEP keeps the rest (logs).
  rm -rf "$DATA" "$WORK/spool" "${CHECK:-}" 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK (logs only)" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mbps() { awk -v s="$1" -v b="$2" 'BEGIN { if (s=="nan" || s=="") print "nan"; else printf "%.1f", b/1e6/s }'; }
declare -A R
FAILURES=()

# --- A throwaway Orthanc with CT images, a test PKI and three key servers ------------------------
bench_orthanc mdm-gridftp-bench

# Distinct images made from a real CT (pydicom's CT_small.dcm, 128x128): one new series, a new
# SOP Instance UID for every copy (dcmodify -gin, one process for all of them).
IMAGES=$((WARMUP + LAT_N + CONC))
say "Making $IMAGES distinct CT images (CT_small.dcm, new SOP Instance UIDs) and loading them with dcmsend"
SERIES_UID="2.25.$("$PY" -c 'import uuid; print(uuid.uuid4().int)')"
for i in $(seq -f %03g "$IMAGES"); do cp "$SAMPLES/CT_small.dcm" "$WORK/images/ct$i.dcm"; done
dcmodify -q -nb -gin -i "SeriesInstanceUID=$SERIES_UID" -i "SeriesDescription=MDM GridFTP bench" \
  "$WORK"/images/ct*.dcm || die "dcmodify failed"
TCP_NODELAY=1 dcmsend -aec ORTHANC +sd +r 127.0.0.1 "$DICOM_PORT" "$WORK/images" >"$WORK/dcmsend.log" 2>&1 \
  || die "dcmsend failed: $(tail -5 "$WORK/dcmsend.log")"
uids() { dcmdump -q +P "$1" "${@:2}" | sed -n 's/.*\[\(.*\)\].*/\1/p'; }
STUDY_UID=$(uids StudyInstanceUID "$WORK/images/ct001.dcm")
mapfile -t SOPS < <(uids SOPInstanceUID "$WORK"/images/ct*.dcm)
[ "$(printf '%s\n' "${SOPS[@]}" | sort -u | wc -l)" = "$IMAGES" ] || die "expected $IMAGES distinct SOP Instance UIDs"
stored=$(curl -fs "http://127.0.0.1:$HTTP_PORT/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])')
[ "$stored" = "$IMAGES" ] || die "Orthanc holds $stored instances, expected $IMAGES"
ORTHANC_VERSION=$(curl -fs "http://127.0.0.1:$HTTP_PORT/system" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Version"])')
rm -rf "$WORK/images"

say "A TEST-ONLY PKI and three Hydra key servers (hydra_site); a key for each image, readable by the SE"
hydra_site "$WORK"
SECRET="$WORK/deid.secret"
head -c 48 /dev/urandom > "$SECRET"; chmod 600 "$SECRET"
echo "dicom.deid.secret.file=$SECRET" >> "$WORK/site.properties"
IDS=()
for s in "${SOPS[@]}"; do IDS+=("$STUDY_UID/$SERIES_UID/$s"); done
register_image_keys "$WORK/site.properties" "${IDS[@]}" > /dev/null
PROXY=$(site_prop grid.proxy)
CERT_DIR=$(site_prop grid.cert.dir)
USER_DN=$(sed -n 's/^# user DN: //p' "$WORK/site.properties")

# --- The 1 GiB file ------------------------------------------------------------------------------
BYTES=$((MIB * 1048576))
BIG="$DATA/big.bin"
say "Making $MIB MiB of random data (head -c /dev/urandom) in $DATA"
head -c "$BYTES" /dev/urandom > "$BIG"

# --- The two servers -----------------------------------------------------------------------------
# MDM: one `mdm serve` for everything: /pub/ is the file backend on $DATA, the default mount
# (/dpm/example.org/home/biomed/mdm/) the DICOM backend on the Orthanc, no key cache (each cold
# image rebuilds its key). Both by template access (se.mount.<name>.template=true): nothing here is
# registered, paths are the files' names and the images' own UIDs. The GC log is for the
# peak-heap figure of (3). serve_start (bench/lib.sh) adds loopback doors on ports of its own
# choosing, se.access for the test user and the default mount's PFN on the Orthanc.
OPTS=(--config "$WORK/site.properties")
say "Starting mdm serve"
MDM_JAVA_OPTS="${MDM_JAVA_OPTS:-} -Xlog:gc:file=$WORK/serve-gc.log:uptime" \
  serve_start -D "file.root=$DATA" -D se.mount.pub.path=/pub/ -D "se.mount.pub.pfn=file://$DATA/{name}" \
  -D se.mount.pub.template=true -D se.mount.mdm.template=true \
  -D "spool.dir=$WORK/spool" -D spool.capacity=$((MIB * 2 + 1024))M -D spool.min.free=1M \
  -D seal.key.cache.seconds=0
MDM_PREFIX="gsiftp://localhost:$PORT"
echo "  mdm serve: GridFTP port $PORT"

# globus-gridftp-server (gg_start, bench/lib.sh): daemon mode (a process forked per connection, as
# it ships), our own empty config file instead of /etc/gridftp.conf, the same host credential and
# trust directory, and a grid-mapfile that maps the test user to whoever runs this script.
gg_start "$WORK"

# copy_us SRC DST [OPTION...]: one globus-url-copy with the test user's proxy; prints its wall
# time in microseconds; fails with globus-url-copy (its messages in $WORK/guc.<pid>.err).
copy_us() {
  local src=$1 dst=$2 t0 t1 rc=0 err="$WORK/guc.$BASHPID.err"; shift 2
  t0=$(now_ns)
  X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR globus-url-copy "$@" "$src" "$dst" >/dev/null 2>"$err" || rc=$?
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000 ))
  [ "$rc" = 0 ] && rm -f "$err"
  return "$rc"
}
guc_error() { cat "$WORK"/guc.*.err 2>/dev/null | grep . | tail -n 2 | tr '\n' ' '; rm -f "$WORK"/guc.*.err; }

# --- (1) Throughput, 1 GiB, warm ----------------------------------------------------------------
CASES=("stream, DCAU on (default)" "stream, -nodcau" "-p 4, DCAU on" "-p 4, -nodcau")
CASE_OPTS=("" "-nodcau" "-p 4" "-p 4 -nodcau")
say "(1) Cold first access through MDM's file backend (copies $MIB MiB into the spool), not measured"
if us=$(copy_us "$MDM_PREFIX/pub/big.bin" file:///dev/null); then
  R[cold.big.s]=$(awk -v u="$us" 'BEGIN{printf "%.2f", u/1e6}')
  echo "  first download: ${R[cold.big.s]} s (spool copy included)"
else
  die "globus-url-copy from mdm serve failed: $(guc_error) (see $WORK/serve.log)"
fi
# The unmeasured round goes to a file (in memory when /dev/shm has room) and is compared byte for
# byte with the original: globus-url-copy can exit 0 on a stream that carried extra bytes.
CHECK_DIR="$WORK"
[ "$(df -k --output=avail /dev/shm 2>/dev/null | tail -n 1)" -gt $((MIB * 1024 * 2)) ] 2>/dev/null && CHECK_DIR=/dev/shm
CHECK="$CHECK_DIR/mdm-gridftp-bench.$$.check"
say "(1) One unmeasured round of each case on both servers (checked with cmp), then $RUNS runs per cell, alternating order"
for i in "${!CASES[@]}"; do
  for who in gg mdm; do
    [ "$who" = gg ] && url="$GG_PREFIX$BIG" || url="$MDM_PREFIX/pub/big.bin"
    rm -f "$CHECK"
    # shellcheck disable=SC2086 # options are words
    if ! copy_us "$url" "file://$CHECK" ${CASE_OPTS[$i]} >/dev/null; then
      FAILURES+=("(1) $who, ${CASES[$i]}, checked round: $(guc_error)")
    elif ! cmp -s "$CHECK" "$BIG"; then
      FAILURES+=("(1) $who, ${CASES[$i]}: exit status 0 but the file differs ($(stat -c %s "$CHECK") bytes of $BYTES)")
    fi
  done
done
rm -f "$CHECK"
measure_big() {   # measure_big gg|mdm CASE_INDEX: appends seconds to T_gg / T_mdm
  local who=$1 i=$2 url us s
  [ "$who" = gg ] && url="$GG_PREFIX$BIG" || url="$MDM_PREFIX/pub/big.bin"
  # shellcheck disable=SC2086
  if us=$(copy_us "$url" file:///dev/null ${CASE_OPTS[$i]}); then
    s=$(awk -v u="$us" 'BEGIN{printf "%.3f", u/1e6}')
    if [ "$who" = gg ]; then T_gg+=("$s"); else T_mdm+=("$s"); fi
  else
    FAILURES+=("(1) $who, ${CASES[$i]}: $(guc_error)")
  fi
}
for i in "${!CASES[@]}"; do
  T_gg=() T_mdm=()
  for r in $(seq "$RUNS"); do
    if [ $((r % 2)) = 1 ]; then measure_big gg "$i"; measure_big mdm "$i"; else measure_big mdm "$i"; measure_big gg "$i"; fi
  done
  R[$i.gg]=$(mbps "$(printf '%s\n' "${T_gg[@]}" | { grep . || true; } | median)" "$BYTES")
  R[$i.mdm]=$(mbps "$(printf '%s\n' "${T_mdm[@]}" | { grep . || true; } | median)" "$BYTES")
  printf '  %-26s globus-gridftp-server %s s -> %s MB/s | MDM %s s -> %s MB/s\n' "${CASES[$i]}" \
    "${T_gg[*]:-}" "${R[$i.gg]}" "${T_mdm[*]:-}" "${R[$i.mdm]}"
done
rm -rf "$BIG"   # the spool keeps its copy until cleanup; free the page cache for the rest

# --- (2) One cold image, one client at a time ----------------------------------------------------
image_url() { echo "$MDM_PREFIX/dpm/example.org/home/biomed/mdm/$STUDY_UID/$SERIES_UID/${SOPS[$1]}"; }
say "(2) $WARMUP unmeasured cold images, then $LAT_N distinct cold images through MDM (C-GET, deid, seal, spool, send)"
for n in $(seq 0 $((WARMUP - 1))); do
  copy_us "$(image_url "$n")" "file://$WORK/out/warmup.$n" >/dev/null \
    || die "globus-url-copy of a DICOM image failed: $(guc_error) (see $WORK/serve.log)"
done
SMALL_BYTES=$(stat -c %s "$WORK/out/warmup.0")
[ "$SMALL_BYTES" -gt 0 ] || die "the first image arrived empty"
LAT_MDM=() LAT_WARM=() LAT_GG=()
for n in $(seq "$WARMUP" $((WARMUP + LAT_N - 1))); do
  if us=$(copy_us "$(image_url "$n")" "file://$WORK/out/cold.$n"); then LAT_MDM+=("$us"); else FAILURES+=("(2) cold image $n: $(guc_error)"); fi
done
# Context: the same images again, now spool hits (the door's own floor, no staging).
for n in $(seq "$WARMUP" $((WARMUP + LAT_N - 1))); do
  if us=$(copy_us "$(image_url "$n")" "file://$WORK/out/warm.$n"); then LAT_WARM+=("$us"); else FAILURES+=("(2) warm image $n: $(guc_error)"); fi
  cmp -s "$WORK/out/cold.$n" "$WORK/out/warm.$n" || FAILURES+=("(2) image $n: the cold and the warm download differ")
done
say "(2) The floor: globus-gridftp-server sending a $SMALL_BYTES-byte file ($WARMUP unmeasured, then $LAT_N)"
SMALL="$DATA/small.bin"
head -c "$SMALL_BYTES" /dev/urandom > "$SMALL"
for n in $(seq "$WARMUP"); do copy_us "$GG_PREFIX$SMALL" "file://$WORK/out/gg.warmup" >/dev/null || true; done
for n in $(seq "$LAT_N"); do
  if us=$(copy_us "$GG_PREFIX$SMALL" "file://$WORK/out/gg.$n"); then LAT_GG+=("$us"); else FAILURES+=("(2) globus-gridftp-server, small file: $(guc_error)"); fi
done
ms_pct() { printf '%s\n' "${@:2}" | { grep . || true; } | pct "$1" | awk '{ if ($1=="nan") print "nan"; else printf "%.1f", $1/1000 }'; }
for p in 50 95; do
  R[lat.mdm.p$p]=$(ms_pct "$p" "${LAT_MDM[@]}")
  R[lat.warm.p$p]=$(ms_pct "$p" "${LAT_WARM[@]}")
  R[lat.gg.p$p]=$(ms_pct "$p" "${LAT_GG[@]}")
done
printf '  cold images through MDM:          p50 %s ms, p95 %s ms (n=%d)\n' "${R[lat.mdm.p50]}" "${R[lat.mdm.p95]}" "${#LAT_MDM[@]}"
printf '  the same images again (spool):    p50 %s ms, p95 %s ms\n' "${R[lat.warm.p50]}" "${R[lat.warm.p95]}"
printf '  globus-gridftp-server, same size: p50 %s ms, p95 %s ms\n' "${R[lat.gg.p50]}" "${R[lat.gg.p95]}"
rm -f "$WORK"/out/*

# --- (3) Concurrent clients on distinct cold images ----------------------------------------------
# burst NAME URL...: one globus-url-copy per URL, all started at once; sets BURST_FAIL (failed or
# empty downloads) and BURST_S (wall time until the last one ended).
burst() {
  local name=$1 i=0 t0 t1 url pids=(); shift
  mkdir -p "$WORK/burst.$name"
  t0=$(now_ns)
  for url in "$@"; do
    i=$((i + 1))
    ( rc=0; us=$(copy_us "$url" "file://$WORK/burst.$name/$i") || rc=$?
      echo "$rc $us" > "$WORK/burst.$name/$i.res" ) &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  t1=$(now_ns)
  BURST_S=$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.2f", d/1e9}')
  BURST_FAIL=0
  for i in $(seq "$#"); do
    if [ "$(cut -d' ' -f1 "$WORK/burst.$name/$i.res" 2>/dev/null)" != 0 ] || [ ! -s "$WORK/burst.$name/$i" ]; then
      BURST_FAIL=$((BURST_FAIL + 1))
    fi
  done
}
URLS=()
for n in $(seq $((WARMUP + LAT_N)) $((IMAGES - 1))); do URLS+=("$(image_url "$n")"); done
say "(3) $CONC concurrent globus-url-copy clients on $CONC distinct cold images; jstat -gc every 200 ms"
gc_lines_before=$(wc -l < "$WORK/serve-gc.log")
jstat -gc "$SERVE_PID" 200 > "$WORK/jstat.txt" 2>&1 &
JSTAT_PID=$!
sleep 0.5
burst mdm "${URLS[@]}"
sleep 0.5
kill "$JSTAT_PID" 2>/dev/null || true; wait "$JSTAT_PID" 2>/dev/null || true; JSTAT_PID=""
R[burst.mdm.fail]=$BURST_FAIL R[burst.mdm.s]=$BURST_S
[ "$BURST_FAIL" = 0 ] || FAILURES+=("(3) $BURST_FAIL of $CONC concurrent downloads failed: $(guc_error)")
# Each image again, one at a time (spool hits): the same bytes as in the burst?
differ=0
for i in $(seq "$CONC"); do
  copy_us "${URLS[$((i - 1))]}" "file://$WORK/out/again" >/dev/null && cmp -s "$WORK/out/again" "$WORK/burst.mdm/$i" \
    || differ=$((differ + 1))
done
rm -f "$WORK/out/again"
[ "$differ" = 0 ] || FAILURES+=("(3) $differ of $CONC burst downloads differ from the same image fetched again alone")
# Used heap = S0U + S1U + EU + OU (KiB); the GC pauses' "before" figures catch peaks between samples.
R[heap.jstat]=$(awk 'NR==1 {for (i=1;i<=NF;i++) c[$i]=i; next}
  c["EU"] && $c["EU"] ~ /^[0-9.]+$/ {u=$c["S0U"]+$c["S1U"]+$c["EU"]+$c["OU"]; if (u>m) m=u; n++}
  END {if (n) printf "%d", m/1024; else print "n/a"}' "$WORK/jstat.txt")
R[heap.samples]=$(($(wc -l < "$WORK/jstat.txt") - 1))
tail -n +$((gc_lines_before + 1)) "$WORK/serve-gc.log" > "$WORK/serve-gc.burst.log"
R[heap.gc]=$(sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\1/p' "$WORK/serve-gc.burst.log" | sort -g | tail -n 1)
R[heap.live]=$(sed -n 's/.*Pause.* \([0-9]*\)M->\([0-9]*\)M(\([0-9]*\)M).*/\2/p' "$WORK/serve-gc.burst.log" | sort -g | tail -n 1)
R[heap.pauses]=$(grep -c Pause "$WORK/serve-gc.burst.log" || true)
R[heap.peak]=$(printf '%s\n' "${R[heap.jstat]}" "${R[heap.gc]:-}" | grep -E '^[0-9]+$' | sort -g | tail -n 1 || true)
[ -n "${R[heap.peak]}" ] || FAILURES+=("(3) no heap figure: jstat said $(head -c 200 "$WORK/jstat.txt")")
printf '  MDM: %d failed, all done in %s s; peak used heap %s MiB (jstat %s MiB over %s samples, GC pauses %s: before %s MiB, after %s MiB)\n' \
  "$BURST_FAIL" "$BURST_S" "${R[heap.peak]:-n/a}" "${R[heap.jstat]}" "${R[heap.samples]}" "${R[heap.pauses]}" \
  "${R[heap.gc]:-none}" "${R[heap.live]:-none}"
say "(3) For context: the same $CONC clients at once on globus-gridftp-server's $SMALL_BYTES-byte file"
GG_URLS=()
for n in $(seq "$CONC"); do GG_URLS+=("$GG_PREFIX$SMALL"); done
burst gg "${GG_URLS[@]}"
R[burst.gg.fail]=$BURST_FAIL R[burst.gg.s]=$BURST_S
for i in $(seq "$CONC"); do
  [ ! -s "$WORK/burst.gg/$i" ] || cmp -s "$WORK/burst.gg/$i" "$SMALL" || FAILURES+=("(3) globus-gridftp-server: burst download $i differs")
done
printf '  globus-gridftp-server: %d failed, all done in %s s\n' "$BURST_FAIL" "$BURST_S"
[ "$BURST_FAIL" = 0 ] || FAILURES+=("(3) globus-gridftp-server: $BURST_FAIL of $CONC concurrent downloads failed: $(guc_error)")
R[heap.committed]=$(awk 'NR==1 {for (i=1;i<=NF;i++) c[$i]=i; next} c["EC"] && $c["EC"] ~ /^[0-9.]+$/ {
  t=$c["S0C"]+$c["S1C"]+$c["EC"]+$c["OC"]; if (t>m) m=t} END {printf "%d", m/1024}' "$WORK/jstat.txt")

# --- Summary -------------------------------------------------------------------------------------
nz() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
row() { printf '%-44s | %-28s | %-10s | %-6s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Load:    1-min load average $LOAD_START when the run started (other work on the machine skews every cell)"
echo "Java:    $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "Peers:   $(globus-gridftp-server -version 2>&1 | head -n 1); globus-url-copy $(globus-url-copy -version 2>&1 | awk '{print $2}'); Orthanc $ORTHANC_VERSION"
echo "Data:    $MIB MiB random, MB/s = 10^6 bytes/s over globus-url-copy's whole run (login included), to /dev/null,"
echo "         medians of $RUNS runs; MDM serves it warm (spool hit). Latency: wall time of globus-url-copy, nearest rank."
echo
row "What" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "---------------------------------------------+------------------------------+------------+--------+-------"
for i in "${!CASES[@]}"; do
  row "$MIB MiB MB/s, ${CASES[$i]}" "globus-gridftp-server $(nz "${R[$i.gg]:-}")" "$(nz "${R[$i.mdm]:-}")" \
    "$(ratio "${R[$i.mdm]:-}" "${R[$i.gg]:-}")" ">= 0.95"
done
row "One cold image, p50 ms ($LAT_N images)" "same-size file $(nz "${R[lat.gg.p50]:-}")" "$(nz "${R[lat.mdm.p50]:-}")" \
  "$(ratio "${R[lat.mdm.p50]:-}" "${R[lat.gg.p50]:-}")" "-"
row "One cold image, p95 ms" "same-size file $(nz "${R[lat.gg.p95]:-}")" "$(nz "${R[lat.mdm.p95]:-}")" \
  "$(ratio "${R[lat.mdm.p95]:-}" "${R[lat.gg.p95]:-}")" "-"
row "Same images again, spool hits, p50 ms" "same-size file $(nz "${R[lat.gg.p50]:-}")" "$(nz "${R[lat.warm.p50]:-}")" \
  "$(ratio "${R[lat.warm.p50]:-}" "${R[lat.gg.p50]:-}")" "-"
row "$CONC concurrent cold images: failures" "-" "${R[burst.mdm.fail]:-n/a}" "-" "0"
row "$CONC concurrent: s until the last ends" "same-size file $(nz "${R[burst.gg.s]:-}")" "$(nz "${R[burst.mdm.s]:-}")" \
  "$(ratio "${R[burst.mdm.s]:-}" "${R[burst.gg.s]:-}")" "-"
row "$CONC concurrent: SE peak used heap MiB" "-" "$(nz "${R[heap.peak]:-}")" "-" "-"
echo
echo "Heap: used = S0U+S1U+EU+OU of jstat -gc every 200 ms, or a GC pause's 'before' figure if larger; the"
echo "SE runs with ${MDM_JVM_DEFAULTS} and the JVM's default sizing (committed up to ${R[heap.committed]:-?} MiB in the"
echo "burst), so used heap mostly shows how far eden fills before a collection; live after GC: ${R[heap.live]:-no GC} MiB."
echo "The MDM cold image includes its C-GET from Orthanc, de-identification, a key rebuilt from 2 of 3 key"
echo "servers (seal.key.cache.seconds=0), sealing and spooling; the baseline only sends a file."
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
