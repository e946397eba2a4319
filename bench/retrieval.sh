#!/usr/bin/env bash
# Retrieval benchmark: MDM against what a site would script by hand (getscu + gdcmanon + openssl
# enc per image), dcmtk getscu alone and a bare PixelMed C-GET, measured in the same run against the
# same throwaway Orthanc. Prints ratios, never pass/fail on absolute times.
#
#   bench/retrieval.sh            # defaults: 500 images, 3 series runs, 50 single-image rounds
#
# Environment knobs: BENCH_IMAGES (500), BENCH_RUNS (3), BENCH_SINGLE_ROUNDS (50),
# BENCH_SINGLE_WARMUP (10), BENCH_SERVER_MODES ("nodelay stock": Orthanc started with TCP_NODELAY=1,
# then Orthanc as packaged; either alone also works), BENCH_KEEP=1 keeps the temporary directory.
# See bench/README.md for what is measured and how.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
trap_errors

IMAGES=${BENCH_IMAGES:-500}
RUNS=${BENCH_RUNS:-3}
ROUNDS=${BENCH_SINGLE_ROUNDS:-50}
WARMUP=${BENCH_SINGLE_WARMUP:-10}
MODES=${BENCH_SERVER_MODES:-nodelay stock}
for m in $MODES; do case $m in stock|nodelay) ;; *) die "BENCH_SERVER_MODES: unknown mode $m";; esac; done
PY=/usr/bin/python3   # Debian's python (a pyenv python may come first in PATH)

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl openssl
build_if_needed

WORK=$(mktemp -d /tmp/mdm-bench.XXXXXX)
ORTHANC_PID=""
cleanup() {
  hydra_stop
  orthanc_stop
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="nan" || b=="nan" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
# Peak used heap from a -Xlog:gc,gc+heap+exit log: the largest "before" of any GC pause, or the
# heap used at exit if larger (used heap only grows between collections). Prints MiB, or n/a.
heap_peak_mib() {
  "$PY" - "$@" <<'PY'
import re, sys
peak = None
for path in sys.argv[1:]:
    try:
        text = open(path).read()
    except OSError:
        continue
    for m in re.finditer(r"Pause .*? (\d+)M->\d+M\(\d+M\)", text):
        peak = max(peak or 0, int(m.group(1)))
    # G1 "garbage-first heap total NK, used NK"; Serial/Parallel: one line per generation.
    exit_lines = [l for l in text.splitlines() if "gc,heap,exit" in l and "total" in l and "used" in l
                  and "Metaspace" not in l and "class space" not in l]
    used = sum(int(re.search(r"used (\d+)K", l).group(1)) for l in exit_lines if re.search(r"used (\d+)K", l))
    if exit_lines:
        peak = max(peak or 0, used // 1024)
print("n/a" if peak is None else peak)
PY
}

# --- A throwaway Orthanc on free loopback ports ---------------------------------------------
# C-GET needs no DicomModalities entry: DicomAlwaysAllowGet lets any calling AE title retrieve,
# and the images come back on the same association.
# Two server modes, same storage: "stock" (Orthanc as packaged: dcmtk leaves Nagle's algorithm
# on) and "nodelay" (Orthanc started with TCP_NODELAY=1). Stock Orthanc adds ~40 ms delayed-ACK
# stalls around small PDUs, which dominate a single-image retrieval and hide client differences.
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
orthanc_config mdm-bench "$WORK" "$DICOM_PORT" "$HTTP_PORT"
start_orthanc() {   # start_orthanc stock|nodelay
  local env=()
  [ "$1" = nodelay ] && env=(TCP_NODELAY=1)
  say "Starting a throwaway Orthanc ($1) on 127.0.0.1:$DICOM_PORT (HTTP $HTTP_PORT)"
  orthanc_start "$WORK" "$HTTP_PORT" "${env[@]}"
}
stop_orthanc() { orthanc_stop; }
set -- $MODES
start_orthanc "$1"
CURRENT_MODE=$1

# --- The series ------------------------------------------------------------------------------
say "Building a synthetic $IMAGES-image 512x512 CT series from a real CT (bench/make-ct-series.sh)"
"$BENCH/make-ct-series.sh" "$IMAGES" "$WORK/series" > "$WORK/series.env"
. "$WORK/series.env"
SOP_UID=$(dcmdump -q +P SOPInstanceUID "$WORK/series/ct$(printf %05d $(( (COUNT + 1) / 2 )))".dcm | sed -n 's/.*\[\(.*\)\].*/\1/p')
ORTHANC_VERSION=$(curl -fs "http://127.0.0.1:$HTTP_PORT/system" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Version"])')

SECRET="$WORK/deid.secret"
head -c 48 /dev/urandom > "$SECRET"; chmod 600 "$SECRET"

# Every spooled image is sealed: a test-only PKI, three key servers, and the series registered as
# a site registers it (`mdm register`: a key per image on the key servers, readable by the SE, the
# original C-STOREd into Orthanc, a dry run, the catalogue rows). Both tools then retrieve what
# registration stored; MDM seals with the keys registration made.
say "Three Hydra key servers; registering the $COUNT images with mdm register ($((BYTES / 1048576)) MiB into Orthanc)"
hydra_site "$WORK"
cat >> "$WORK/site.properties" <<EOF_PROPS
dicom.deid.secret.file=$SECRET
register.server=ORTHANC@127.0.0.1:$DICOM_PORT
catalog.db.dir=$WORK/catalog
EOF_PROPS
# Cold keys: no key cache, so every image's key is rebuilt from the key servers each time it is used.
{ cat "$WORK/site.properties"; echo "seal.key.cache.seconds=0"; } > "$WORK/site-nocache.properties"
t0=$(now_ns)
mdm_cli --config "$WORK/site.properties" -D "spool.dir=$WORK/spool.register" -D spool.min.free=1M \
  register --no-progress "$WORK/series" >"$WORK/register.out" 2>"$WORK/register.err" \
  || die "mdm register failed: $(grep -v -e ' WARN ' -e ' DEBUG ' "$WORK/register.err" | head -3)"
say "Registered in $(( ($(now_ns) - t0) / 1000000 )) ms"
rm -rf "$WORK/spool.register" "$WORK/series"   # Orthanc has it; free the disk
stored=$(curl -fs "http://127.0.0.1:$HTTP_PORT/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])')
[ "$stored" = "$COUNT" ] || die "Orthanc holds $stored instances, expected $COUNT"

# The hand-scripted baseline's material, made before any clock starts (as MDM's keys are made at
# registration): a certificate for gdcmanon (PS3.15 E.1 de-identification encrypts the original
# attributes for it) and a fresh AES-256 key and IV per image for openssl enc.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/anon.key" -out "$WORK/anon.pem" -days 2 \
  -subj "/CN=MDM bench de-identification" 2>"$WORK/openssl.err" || die "openssl req failed: $(cat "$WORK/openssl.err")"
openssl rand -hex $((48 * COUNT)) | fold -w 96 | sed 's/^\(.\{64\}\)/\1 /' > "$WORK/site-keys.txt"
declare -A R   # results: R[<mode>.<name>]
FAILURES=()

# --- (1) Series, cold: the hand-scripted baseline, getscu, mdm fetch -------------------------
run_getscu() {
  local out="$WORK/getscu.out" t0 t1 n s
  rm -rf "$out"; mkdir -p "$out"
  t0=$(now_ns)
  TCP_NODELAY=1 getscu -aet GETSCU -aec ORTHANC -S -k QueryRetrieveLevel=SERIES \
    -k "StudyInstanceUID=$STUDY_UID" -k "SeriesInstanceUID=$SERIES_UID" -od "$out" \
    127.0.0.1 "$DICOM_PORT" >"$WORK/getscu.log" 2>&1 || die "getscu failed: $(tail -5 "$WORK/getscu.log")"
  t1=$(now_ns)
  n=$(find "$out" -type f | wc -l)
  [ "$n" = "$COUNT" ] || die "getscu received $n images, expected $COUNT"
  rm -rf "$out"
  s=$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')
  GETSCU_S+=("$s")
  printf '  getscu     run %d: %6.2f s  %7.1f img/s\n' "$1" "$s" "$(awk -v s="$s" -v n="$COUNT" 'BEGIN{print n/s}')"
}

# What a site would script for the same result: getscu of the series into a directory, then per
# image gdcmanon (PS3.15 E.1 Basic Profile, its default mode; the original attributes encrypted for
# the certificate) and openssl enc -aes-256-ctr with that image's own key and IV. Keys made before
# the clock starts and kept nowhere (MDM's are on three key servers and rebuilt per image).
run_site_script() {
  local in="$WORK/site.in" anon="$WORK/site.anon" out="$WORK/site.out" t0 t1 n s f k iv i=0
  local keys=()
  mapfile -t keys < "$WORK/site-keys.txt"
  rm -rf "$in" "$anon" "$out"; mkdir -p "$in" "$anon" "$out"
  t0=$(now_ns)
  TCP_NODELAY=1 getscu -aet GETSCU -aec ORTHANC -S -k QueryRetrieveLevel=SERIES \
    -k "StudyInstanceUID=$STUDY_UID" -k "SeriesInstanceUID=$SERIES_UID" -od "$in" \
    127.0.0.1 "$DICOM_PORT" >"$WORK/site.log" 2>&1 || die "getscu (site script) failed: $(tail -5 "$WORK/site.log")"
  for f in "$in"/*; do
    read -r k iv <<< "${keys[$i]}"
    gdcmanon -e -c "$WORK/anon.pem" -i "$f" -o "$anon/${f##*/}" >>"$WORK/site.log" 2>&1 \
      || die "gdcmanon $f failed: $(tail -3 "$WORK/site.log")"
    openssl enc -aes-256-ctr -K "$k" -iv "$iv" -in "$anon/${f##*/}" -out "$out/${f##*/}.enc" \
      || die "openssl enc of $f failed"
    i=$((i + 1))
  done
  t1=$(now_ns)
  n=$(find "$out" -name '*.enc' -size +1k | wc -l)
  [ "$n" = "$COUNT" ] || die "the site script made $n encrypted images, expected $COUNT"
  rm -rf "$in" "$anon" "$out"
  s=$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')
  SITE_S+=("$s")
  printf '  site script run %d: %6.2f s  %7.1f img/s (getscu + gdcmanon + openssl enc per image)\n' "$1" "$s" \
    "$(awk -v s="$s" -v n="$COUNT" 'BEGIN{print n/s}')"
}

run_mdm() {
  local out="$WORK/mdm.out" spool="$WORK/spool.$1" gclog="$WORK/mdm-gc.$CURRENT_MODE.$1.log" t0 t1 n s rc=0
  rm -rf "$out" "$spool"; mkdir -p "$out"
  t0=$(now_ns)
  MDM_JAVA_OPTS="${MDM_JAVA_OPTS:-} -Xlog:gc,gc+heap+exit:file=$gclog" mdm_cli --config "$WORK/site-nocache.properties" \
    -D "spool.dir=$spool" -D spool.min.free=1M -D "dicom.deid.secret.file=$SECRET" \
    -D "fetch.default.server=ORTHANC@127.0.0.1:$DICOM_PORT" \
    fetch --no-progress "$STUDY_UID/$SERIES_UID" "$out" >"$WORK/mdm.log" 2>&1 || rc=$?
  t1=$(now_ns)
  n=$(find "$out" -type f | wc -l)
  rm -rf "$out" "$spool"
  if [ "$rc" != 0 ] || [ "$n" != "$COUNT" ]; then
    MDM_FAIL="mdm fetch exited $rc with $n/$COUNT images: $(grep -v -e '^\[' -e ' WARN ' -e ' DEBUG ' "$WORK/mdm.log" | tail -3 | tr '\n' ' ')"
    printf '  mdm fetch  run %d: FAILED (%s)\n' "$1" "$MDM_FAIL"
    return 0
  fi
  s=$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')
  MDM_S+=("$s")
  # "500 images of series … written to … in 1.23 s (406.5 img/s)"
  MDM_INPROC+=("$(sed -n 's/.* images .*(\([0-9.]*\) img\/s).*/\1/p' "$WORK/mdm.log" | tail -n 1)")
  MDM_HEAP+=("$(heap_peak_mib "$gclog")")
  printf '  mdm fetch  run %d: %6.2f s  %7.1f img/s (in-process %s img/s), peak heap %s MiB\n' "$1" "$s" \
    "$(awk -v s="$s" -v n="$COUNT" 'BEGIN{print n/s}')" "${MDM_INPROC[-1]:-?}" "${MDM_HEAP[-1]}"
}

measure_series() {
  local m=$1 r
  GETSCU_S=() MDM_S=() MDM_INPROC=() MDM_HEAP=() MDM_FAIL="" SITE_S=()
  say "[$m] (1) Series of $COUNT images, cold, $RUNS runs each, rotating order"
  for r in $(seq "$RUNS"); do
    case $((r % 3)) in
      1) run_site_script "$r"; run_getscu "$r"; run_mdm "$r" ;;
      2) run_getscu "$r"; run_mdm "$r"; run_site_script "$r" ;;
      0) run_mdm "$r"; run_site_script "$r"; run_getscu "$r" ;;
    esac
  done
  R[$m.site.s]=$(printf '%s\n' "${SITE_S[@]}" | median)
  R[$m.site.rate]=$(awk -v s="${R[$m.site.s]}" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
  R[$m.getscu.s]=$(printf '%s\n' "${GETSCU_S[@]}" | median)
  R[$m.getscu.rate]=$(awk -v s="${R[$m.getscu.s]}" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
  if [ ${#MDM_S[@]} -gt 0 ]; then
    R[$m.mdm.s]=$(printf '%s\n' "${MDM_S[@]}" | median)
    R[$m.mdm.rate]=$(awk -v s="${R[$m.mdm.s]}" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
    R[$m.mdm.inproc]=$(printf '%s\n' "${MDM_INPROC[@]}" | grep . | median || true)
    R[$m.mdm.heap]=$(printf '%s\n' "${MDM_HEAP[@]}" | grep -v n/a | sort -g | tail -n 1 || true)
  fi
  [ -z "$MDM_FAIL" ] || FAILURES+=("[$m] mdm series fetch: $MDM_FAIL")
  # The same series in one warm JVM (cold spool each time): what a running SE sustains.
  local warm="$WORK/series-warm.$m"
  rm -rf "$warm"; mkdir -p "$warm"
  if java ${MDM_JAVA_OPTS:-} -Dmdm.site="$WORK/site.properties" -cp "$(mdm_jar):$MDM_HOME/mdm/target/lib/*" \
      "$BENCH/SeriesBench.java" \
      "$DICOM_PORT" "$STUDY_UID" "$SERIES_UID" "$warm" "$SECRET" "$RUNS" >"$warm.out" 2>"$warm.err"; then
    grep -v '=' "$warm.out" || true
    R[$m.mdm.warm]=$(sed -n 's/^series.warm.rate=//p' "$warm.out")
  else
    FAILURES+=("[$m] SeriesBench: $(grep -v -e ' WARN ' -e ' DEBUG ' "$warm.err" | tail -3 | tr '\n' ' ')")
  fi
  rm -rf "$warm"
}

# --- (2) One cold image: bare PixelMed C-GET vs the pipeline, in one JVM --------------------
measure_single() {
  local m=$1 out="$WORK/single.$1.out" err="$WORK/single.$1.err" gclog="$WORK/single-gc.$1.log" rc=0 k
  say "[$m] (2) One cold image, $ROUNDS alternating rounds after $WARMUP warm-up rounds (bench/SingleImageBench.java)"
  # Cold means cold spool and cold key: no key cache (site-nocache.properties), so every round
  # rebuilds the image's key.
  java ${MDM_JAVA_OPTS:-} -Dmdm.site="$WORK/site-nocache.properties" -Xlog:gc,gc+heap+exit:file="$gclog" \
    -cp "$(mdm_jar):$MDM_HOME/mdm/target/lib/*" "$BENCH/SingleImageBench.java" --host 127.0.0.1 --port "$DICOM_PORT" --aet ORTHANC \
    --study "$STUDY_UID" --series "$SERIES_UID" --sop "$SOP_UID" --work "$WORK/single.$m" --secret "$SECRET" \
    --defaults "$MDM_HOME/mdm/src/main/resources/org/mdm/cli/mdm-defaults.properties" \
    --rounds "$ROUNDS" --warmup "$WARMUP" >"$out" 2>"$err" || rc=$?
  grep -v -E '^[a-z0-9.]+=' "$out" || true
  for k in pixelmed.p50.ms pixelmed.p90.ms mdm.p50.ms mdm.p90.ms heap.pools.peak.mib mdm.error; do
    R[$m.$k]=$(sed -n "s/^$k=//p" "$out" | tail -n 1)
  done
  R[$m.single.heap.gc]=$(heap_peak_mib "$gclog")
  # Context only (not a goal): dcmtk getscu of the same image, a new process and association each.
  local i t0 t1 times=()
  for i in $(seq "$ROUNDS"); do
    rm -rf "$WORK/getscu1"; mkdir -p "$WORK/getscu1"
    t0=$(now_ns)
    TCP_NODELAY=1 getscu -aet GETSCU -aec ORTHANC -S -k QueryRetrieveLevel=IMAGE -k "StudyInstanceUID=$STUDY_UID" \
      -k "SeriesInstanceUID=$SERIES_UID" -k "SOPInstanceUID=$SOP_UID" -od "$WORK/getscu1" \
      127.0.0.1 "$DICOM_PORT" >"$WORK/getscu1.log" 2>&1 || die "getscu (one image) failed: $(tail -3 "$WORK/getscu1.log")"
    t1=$(now_ns)
    [ "$(find "$WORK/getscu1" -type f | wc -l)" = 1 ] || die "getscu (one image) received no image"
    times+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.2f", d/1e6}')")
  done
  rm -rf "$WORK/getscu1"
  R[$m.getscu1.p50]=$(printf '%s\n' "${times[@]}" | sort -g | awk -v p=50 '{v[NR]=$1} END {r=int((p*NR+99)/100); print v[r<1?1:r]}')
  R[$m.getscu1.p90]=$(printf '%s\n' "${times[@]}" | sort -g | awk -v p=90 '{v[NR]=$1} END {r=int((p*NR+99)/100); print v[r<1?1:r]}')
  printf '  dcmtk getscu, one image (new process and association, for context): p50 %s ms, p90 %s ms (n=%d)\n' \
    "${R[$m.getscu1.p50]}" "${R[$m.getscu1.p90]}" "$ROUNDS"
  if [ -n "${R[$m.mdm.error]}" ]; then
    FAILURES+=("[$m] single image, MDM side: ${R[$m.mdm.error]}")
  elif [ "$rc" != 0 ]; then
    FAILURES+=("[$m] SingleImageBench exited $rc: $(grep -v -e ' WARN ' -e ' DEBUG ' "$err" | tail -3 | tr '\n' ' ')")
  fi
}

for m in $MODES; do
  if [ "$m" != "$CURRENT_MODE" ]; then stop_orthanc; start_orthanc "$m"; CURRENT_MODE=$m; fi
  measure_series "$m"
  measure_single "$m"
done

# --- Summary ---------------------------------------------------------------------------------
nz() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
row() { printf '%-54s | %-17s | %-22s | %-6s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Java:    $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "Orthanc: $ORTHANC_VERSION; $(getscu --version 2>&1 | head -n 1 | tr -d '$')"
echo "Series:  $COUNT x 512x512 CT, $((BYTES / 1048576)) MiB, registered with mdm register; medians of $RUNS cold runs;"
echo "         MDM's series rows with cold keys (seal.key.cache.seconds=0) except the warm JVM's; single image: $ROUNDS rounds."
echo "Site script: getscu of the series, then per image gdcmanon -e (PS3.15 E.1, $(gdcmanon --version 2>&1 | head -n 1 | sed 's/ \$Date.*//')) + $(openssl version | cut -d' ' -f1-2) enc -aes-256-ctr."
echo "Server modes: stock = Orthanc as packaged; nodelay = Orthanc started with TCP_NODELAY=1."
echo
row "What [server mode]" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "-------------------------------------------------------+-------------------+------------------------+--------+-------"
for m in $MODES; do
  row "Series img/s, cold keys, vs the site script [$m]" "script $(nz "${R[$m.site.rate]:-}")" \
    "$(nz "${R[$m.mdm.rate]:-}")" "$(ratio "${R[$m.mdm.rate]:-nan}" "${R[$m.site.rate]:-nan}")" ">= 1.0"
  row "Series img/s, whole command, JVM start incl. [$m]" "getscu $(nz "${R[$m.getscu.rate]:-}")" \
    "$(nz "${R[$m.mdm.rate]:-}")" "$(ratio "${R[$m.mdm.rate]:-nan}" "${R[$m.getscu.rate]:-nan}")" "-"
  row "Series img/s, mdm's own count, in-process [$m]" "getscu $(nz "${R[$m.getscu.rate]:-}")" \
    "$(nz "${R[$m.mdm.inproc]:-}")" "$(ratio "${R[$m.mdm.inproc]:-nan}" "${R[$m.getscu.rate]:-nan}")" "-"
  row "Series img/s, warm JVM+keys, cold spool [$m]" "getscu $(nz "${R[$m.getscu.rate]:-}")" \
    "$(nz "${R[$m.mdm.warm]:-}")" "$(ratio "${R[$m.mdm.warm]:-nan}" "${R[$m.getscu.rate]:-nan}")" "-"
  row "One cold image, p50 ms [$m]" "PixelMed $(nz "${R[$m.pixelmed.p50.ms]:-}")" \
    "$(nz "${R[$m.mdm.p50.ms]:-}")" "$(ratio "${R[$m.mdm.p50.ms]:-nan}" "${R[$m.pixelmed.p50.ms]:-nan}")" "<= 1.5"
  row "One cold image, p90 ms [$m]" "PixelMed $(nz "${R[$m.pixelmed.p90.ms]:-}")" \
    "$(nz "${R[$m.mdm.p90.ms]:-}")" "$(ratio "${R[$m.mdm.p90.ms]:-nan}" "${R[$m.pixelmed.p90.ms]:-nan}")" "-"
  row "One cold image, p50 ms, vs getscu (context) [$m]" "getscu $(nz "${R[$m.getscu1.p50]:-}")" \
    "$(nz "${R[$m.mdm.p50.ms]:-}")" "$(ratio "${R[$m.mdm.p50.ms]:-nan}" "${R[$m.getscu1.p50]:-nan}")" "-"
  row "Peak heap MiB, mdm fetch (GC log) [$m]" "-" "$(nz "${R[$m.mdm.heap]:-}")" "-" "-"
  row "Peak heap MiB, SingleImageBench JVM [$m]" "-" \
    "$(nz "${R[$m.single.heap.gc]:-}") (pools $(nz "${R[$m.heap.pools.peak.mib]:-}"))" "-" "-"
done
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
