#!/usr/bin/env bash
# Retrieval benchmark: MDM against dcmtk getscu and a bare PixelMed C-GET, measured in the same
# run against the same throwaway Orthanc. Prints ratios, never pass/fail on absolute times.
#
#   bench/retrieval.sh            # defaults: 500 images, 3 series runs, 50 single-image rounds
#
# Environment knobs: BENCH_IMAGES (500), BENCH_RUNS (3), BENCH_SINGLE_ROUNDS (50),
# BENCH_SINGLE_WARMUP (10), BENCH_KEEP=1 keeps the temporary directory.
# See bench/README.md for what is measured and how.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"

IMAGES=${BENCH_IMAGES:-500}
RUNS=${BENCH_RUNS:-3}
ROUNDS=${BENCH_SINGLE_ROUNDS:-50}
WARMUP=${BENCH_SINGLE_WARMUP:-10}
PY=/usr/bin/python3   # Debian's python (a pyenv python may come first in PATH)

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl
build_if_needed

WORK=$(mktemp -d /tmp/mdm-bench.XXXXXX)
ORTHANC_PID=""
cleanup() {
  if [ -n "$ORTHANC_PID" ]; then kill "$ORTHANC_PID" 2>/dev/null && wait "$ORTHANC_PID" 2>/dev/null || true; fi
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
DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
mkdir -p "$WORK/orthanc"
cat > "$WORK/orthanc.json" <<JSON
{
  "Name": "mdm-bench", "DicomAet": "ORTHANC", "DicomPort": $DICOM_PORT, "HttpPort": $HTTP_PORT,
  "StorageDirectory": "$WORK/orthanc/storage", "IndexDirectory": "$WORK/orthanc/index",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "DicomAlwaysAllowEcho": true, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true, "DicomAlwaysAllowMove": true, "DicomCheckCalledAet": false,
  "UnknownSopClassAccepted": true, "OverwriteInstances": true, "Plugins": [],
  "DicomModalities": { "getscu": ["GETSCU", "127.0.0.1", 0], "mdm": ["MDM", "127.0.0.1", 0],
                       "bench": ["BENCH", "127.0.0.1", 0] }
}
JSON
say "Starting a throwaway Orthanc on 127.0.0.1:$DICOM_PORT (HTTP $HTTP_PORT)"
Orthanc "$WORK/orthanc.json" >"$WORK/orthanc.log" 2>&1 &
ORTHANC_PID=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/system" >/dev/null 2>&1 && break
  kill -0 "$ORTHANC_PID" 2>/dev/null || die "Orthanc exited: $(tail -5 "$WORK/orthanc.log")"
  sleep 0.1
done
curl -fs "http://127.0.0.1:$HTTP_PORT/system" >/dev/null || die "Orthanc did not answer on port $HTTP_PORT"

# --- The series ------------------------------------------------------------------------------
say "Building a synthetic $IMAGES-image 512x512 CT series from a real CT (bench/make-ct-series.sh)"
"$BENCH/make-ct-series.sh" "$IMAGES" "$WORK/series" > "$WORK/series.env"
. "$WORK/series.env"
say "Loading it into Orthanc with dcmsend ($((BYTES / 1048576)) MiB)"
t0=$(now_ns)
dcmsend -aec ORTHANC +sd +r 127.0.0.1 "$DICOM_PORT" "$WORK/series" >"$WORK/dcmsend.log" 2>&1 \
  || die "dcmsend failed: $(tail -5 "$WORK/dcmsend.log")"
say "Loaded in $(( ($(now_ns) - t0) / 1000000 )) ms"
stored=$(curl -fs "http://127.0.0.1:$HTTP_PORT/statistics" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])')
[ "$stored" = "$COUNT" ] || die "Orthanc holds $stored instances, expected $COUNT"
SOP_UID=$(dcmdump -q +P SOPInstanceUID "$WORK/series/ct$(printf %05d $(( (COUNT + 1) / 2 )))".dcm | sed -n 's/.*\[\(.*\)\].*/\1/p')
rm -rf "$WORK/series"   # Orthanc has it; free the disk

# --- (1) Series, cold: getscu vs mdm fetch ---------------------------------------------------
SECRET="$WORK/deid.secret"
head -c 48 /dev/urandom > "$SECRET"; chmod 600 "$SECRET"
GETSCU_S=() MDM_S=() MDM_INPROC=() MDM_HEAP=() MDM_FAIL=""

run_getscu() {
  local out="$WORK/getscu.out" t0 t1 n
  rm -rf "$out"; mkdir -p "$out"
  t0=$(now_ns)
  TCP_NODELAY=1 getscu -aet GETSCU -aec ORTHANC -S -k QueryRetrieveLevel=SERIES \
    -k "StudyInstanceUID=$STUDY_UID" -k "SeriesInstanceUID=$SERIES_UID" -od "$out" \
    127.0.0.1 "$DICOM_PORT" >"$WORK/getscu.log" 2>&1 || die "getscu failed: $(tail -5 "$WORK/getscu.log")"
  t1=$(now_ns)
  n=$(find "$out" -type f | wc -l)
  [ "$n" = "$COUNT" ] || die "getscu received $n images, expected $COUNT"
  rm -rf "$out"
  GETSCU_S+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  printf '  getscu     run %d: %6.2f s  %7.1f img/s\n' "$1" "${GETSCU_S[-1]}" "$(awk -v s="${GETSCU_S[-1]}" -v n="$COUNT" 'BEGIN{print n/s}')"
}

run_mdm() {
  local out="$WORK/mdm.out" spool="$WORK/spool.$1" gclog="$WORK/mdm-gc.$1.log" t0 t1 n rc=0
  rm -rf "$out" "$spool"; mkdir -p "$out"
  t0=$(now_ns)
  MDM_JAVA_OPTS="${MDM_JAVA_OPTS:-} -Xlog:gc,gc+heap+exit:file=$gclog" mdm_cli \
    -D "spool.dir=$spool" -D spool.min.free=1M -D "dicom.deid.secret.file=$SECRET" \
    -D "fetch.default.server=ORTHANC@127.0.0.1:$DICOM_PORT" \
    fetch --no-progress "$STUDY_UID/$SERIES_UID" "$out" >"$WORK/mdm.log" 2>&1 || rc=$?
  t1=$(now_ns)
  n=$(find "$out" -type f | wc -l)
  if [ "$rc" != 0 ] || [ "$n" != "$COUNT" ]; then
    MDM_FAIL="mdm fetch exited $rc with $n/$COUNT images: $(grep -v '^\[' "$WORK/mdm.log" | tail -3 | tr '\n' ' ')"
    printf '  mdm fetch  run %d: FAILED (%s)\n' "$1" "$MDM_FAIL"
    rm -rf "$out" "$spool"; return 0
  fi
  rm -rf "$out" "$spool"
  MDM_S+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  # "500 images of series … written to … in 1.23 s (406.5 img/s)"
  MDM_INPROC+=("$(sed -n 's/.* images .*(\([0-9.]*\) img\/s).*/\1/p' "$WORK/mdm.log" | tail -n 1)")
  MDM_HEAP+=("$(heap_peak_mib "$gclog")")
  printf '  mdm fetch  run %d: %6.2f s  %7.1f img/s (in-process %s img/s), peak heap %s MiB\n' "$1" "${MDM_S[-1]}" \
    "$(awk -v s="${MDM_S[-1]}" -v n="$COUNT" 'BEGIN{print n/s}')" "${MDM_INPROC[-1]:-?}" "${MDM_HEAP[-1]}"
}

say "(1) Series of $COUNT images, cold, $RUNS runs each, alternating order"
for r in $(seq "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then run_getscu "$r"; run_mdm "$r"; else run_mdm "$r"; run_getscu "$r"; fi
done
GETSCU_MED_S=$(printf '%s\n' "${GETSCU_S[@]}" | median)
GETSCU_RATE=$(awk -v s="$GETSCU_MED_S" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
if [ ${#MDM_S[@]} -gt 0 ]; then
  MDM_MED_S=$(printf '%s\n' "${MDM_S[@]}" | median)
  MDM_RATE=$(awk -v s="$MDM_MED_S" -v n="$COUNT" 'BEGIN{printf "%.1f", n/s}')
  MDM_INPROC_RATE=$(printf '%s\n' "${MDM_INPROC[@]}" | grep . | median || echo nan)
  MDM_HEAP_MAX=$(printf '%s\n' "${MDM_HEAP[@]}" | grep -v n/a | sort -g | tail -n 1)
else
  MDM_RATE=nan MDM_INPROC_RATE=nan MDM_HEAP_MAX=n/a
fi

# --- (2) One cold image: bare PixelMed C-GET vs the pipeline, in one JVM --------------------
say "(2) One cold image, $ROUNDS alternating rounds after $WARMUP warm-up rounds (bench/SingleImageBench.java)"
SINGLE_FAIL=""
CP="$(mdm_jar):$MDM_HOME/mdm/target/lib/*"
java ${MDM_JAVA_OPTS:-} -Xlog:gc,gc+heap+exit:file="$WORK/single-gc.log" -cp "$CP" "$BENCH/SingleImageBench.java" \
  --host 127.0.0.1 --port "$DICOM_PORT" --aet ORTHANC \
  --study "$STUDY_UID" --series "$SERIES_UID" --sop "$SOP_UID" \
  --work "$WORK/single" --secret "$SECRET" --defaults "$MDM_HOME/mdm/src/main/resources/org/mdm/cli/mdm-defaults.properties" \
  --rounds "$ROUNDS" --warmup "$WARMUP" >"$WORK/single.out" 2>"$WORK/single.err" \
  || SINGLE_FAIL="SingleImageBench exited $?: $(grep -v '^\[' "$WORK/single.err" | tail -3 | tr '\n' ' ')"
grep -v -E '^[a-z0-9.]+=' "$WORK/single.out" || true
[ -z "$SINGLE_FAIL" ] || echo "  $SINGLE_FAIL"
val() { sed -n "s/^$1=//p" "$WORK/single.out" | tail -n 1; }
PM_P50=$(val pixelmed.p50.ms); PM_P90=$(val pixelmed.p90.ms)
MDM_P50=$(val mdm.p50.ms); MDM_P90=$(val mdm.p90.ms)
SINGLE_HEAP_POOLS=$(val heap.pools.peak.mib)
SINGLE_HEAP_GC=$(heap_peak_mib "$WORK/single-gc.log")

# --- Summary ---------------------------------------------------------------------------------
nz() { [ -n "$1" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
echo
echo "Machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Java:    $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "Orthanc: $(curl -fs "http://127.0.0.1:$HTTP_PORT/system" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["Version"])'); dcmtk: $(getscu --version 2>&1 | head -n 1)"
echo "Series:  $COUNT x 512x512 CT, $((BYTES / 1048576)) MiB; medians of $RUNS cold runs. Single image: $ROUNDS rounds."
echo
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "What" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "---------------------------------------------+--------------------+--------------------+---------+--------"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "Series img/s, whole command (JVM start incl.)" \
  "getscu $GETSCU_RATE" "$(nz "$MDM_RATE")" "$(ratio "$MDM_RATE" "$GETSCU_RATE")" ">= 1.0"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "Series img/s, mdm's own count (in-process)" \
  "getscu $GETSCU_RATE" "$(nz "$MDM_INPROC_RATE")" "$(ratio "$MDM_INPROC_RATE" "$GETSCU_RATE")" ">= 1.0"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "One cold image, p50 ms" \
  "PixelMed $(nz "$PM_P50")" "$(nz "$MDM_P50")" "$(ratio "${MDM_P50:-nan}" "${PM_P50:-nan}")" "<= 1.5"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "One cold image, p90 ms" \
  "PixelMed $(nz "$PM_P90")" "$(nz "$MDM_P90")" "$(ratio "${MDM_P90:-nan}" "${PM_P90:-nan}")" "-"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "Peak heap MiB, mdm fetch (GC log)" "-" "$(nz "$MDM_HEAP_MAX")" "-" "-"
printf '%-44s | %-18s | %-18s | %-7s | %s\n' "Peak heap MiB, SingleImageBench JVM" "-" \
  "$(nz "$SINGLE_HEAP_GC") (pools $(nz "$SINGLE_HEAP_POOLS"))" "-" "-"
[ -z "$MDM_FAIL" ] || echo "mdm series fetch failed: $MDM_FAIL"
[ -z "$SINGLE_FAIL" ] || echo "single image benchmark failed: $SINGLE_FAIL"
