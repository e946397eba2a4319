#!/usr/bin/env bash
# Hydra benchmark: seal/unseal of a 1 GiB file against `openssl enc -aes-256-ctr` on the same file
# in the same run, and the time to rebuild a key from 2 of 3 in-process key servers (p50/p99).
# Prints ratios, never pass/fail on absolute times.
#
#   bench/hydra.sh                # defaults: 1 GiB, 3 runs each, 1000 keys, both server modes
#
# Environment knobs: BENCH_HYDRA_MIB (1024), BENCH_RUNS (3), BENCH_HYDRA_KEYS (1000),
# BENCH_HYDRA_WARMUP (50), BENCH_HYDRA_HEAP (64m), BENCH_SERVER_MODES ("nodelay"),
# BENCH_KEEP=1 keeps the temporary directory (without the big files). See bench/README.md.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
trap_errors

MIB=${BENCH_HYDRA_MIB:-1024}
RUNS=${BENCH_RUNS:-3}
KEYS=${BENCH_HYDRA_KEYS:-1000}
WARMUP=${BENCH_HYDRA_WARMUP:-50}
HEAP=${BENCH_HYDRA_HEAP:-64m}
MODES=${BENCH_SERVER_MODES:-nodelay}
for m in $MODES; do case $m in stock|nodelay) ;; *) die "BENCH_SERVER_MODES: unknown mode $m";; esac; done

ensure_packages $MDM_BUILD_PACKAGES openssl
build_if_needed
# The throwaway PKI (org.mdm.security.testpki.TestPki, test-only) is in grid-security's main jar.
CP="$(mdm_jar):$MDM_HOME/mdm/target/lib/*"

WORK=$(mktemp -d /tmp/mdm-hydra-bench.XXXXXX)
cleanup() {
  # The 1 GiB files go whatever happens; BENCH_KEEP keeps only the logs.
  rm -f "$WORK"/data* "$WORK"/*.enc "$WORK"/*.dec "$WORK"/hydra.* "$WORK"/.hydra.* 2>/dev/null || true
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK (logs only)" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="" || b=="" || a=="nan" || b=="nan" || b==0) print "n/a"; else printf "%.2f", a/b }'; }
mbps() { awk -v s="$1" -v b="$2" 'BEGIN { printf "%.1f", b/1e6/s }'; }
kv() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
declare -A R
FAILURES=()

# --- The data: random bytes, made once --------------------------------------------------------
DATA="$WORK/data"
BYTES=$((MIB * 1048576))
say "Making $MIB MiB of random data (openssl rand) in $WORK"
openssl rand -out "$DATA" "$BYTES"
WARMFILE="$WORK/data.warm"
head -c $((BYTES / 16 > 1048576 ? BYTES / 16 : 1048576)) "$DATA" > "$WARMFILE"
cat "$DATA" > /dev/null   # into the page cache: every tool then reads it from memory

# --- (1) Baseline: openssl enc -aes-256-ctr ---------------------------------------------------
KEY_HEX=$(openssl rand -hex 32)
IV_HEX=$(openssl rand -hex 16)
ENC_S=() DEC_S=() SYNC_S=() DEC_SYNC_S=()
say "(1) openssl enc -aes-256-ctr: $RUNS runs each way"
for r in $(seq "$RUNS"); do
  rm -f "$WORK/o.enc"; sync
  t0=$(now_ns)
  openssl enc -aes-256-ctr -K "$KEY_HEX" -iv "$IV_HEX" -in "$DATA" -out "$WORK/o.enc"
  t1=$(now_ns)
  sync "$WORK/o.enc"   # context only: what an fsync of the output adds (Sealer's atomic write does one)
  t2=$(now_ns)
  ENC_S+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  SYNC_S+=("$(awk -v d=$((t2 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  printf '  openssl enc    run %d: %6.2f s  %7.1f MB/s  (+ fsync: %.2f s)\n' "$r" "${ENC_S[-1]}" "$(mbps "${ENC_S[-1]}" "$BYTES")" "${SYNC_S[-1]}"
done
for r in $(seq "$RUNS"); do
  rm -f "$WORK/o.dec"; sync
  t0=$(now_ns)
  openssl enc -d -aes-256-ctr -K "$KEY_HEX" -iv "$IV_HEX" -in "$WORK/o.enc" -out "$WORK/o.dec"
  t1=$(now_ns)
  sync "$WORK/o.dec"   # what an fsync of the output adds (Unsealer's atomic write does one)
  t2=$(now_ns)
  DEC_S+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  DEC_SYNC_S+=("$(awk -v d=$((t2 - t0)) 'BEGIN{printf "%.3f", d/1e9}')")
  printf '  openssl enc -d run %d: %6.2f s  %7.1f MB/s  (+ fsync: %.2f s)\n' "$r" "${DEC_S[-1]}" "$(mbps "${DEC_S[-1]}" "$BYTES")" "${DEC_SYNC_S[-1]}"
done
cmp -s "$DATA" "$WORK/o.dec" || die "openssl enc -d did not give the data back"
rm -f "$WORK/o.enc" "$WORK/o.dec"
R[enc.mbps]=$(mbps "$(printf '%s\n' "${ENC_S[@]}" | median)" "$BYTES")
R[enc.sync.mbps]=$(mbps "$(printf '%s\n' "${SYNC_S[@]}" | median)" "$BYTES")
R[dec.mbps]=$(mbps "$(printf '%s\n' "${DEC_S[@]}" | median)" "$BYTES")
R[dec.sync.mbps]=$(mbps "$(printf '%s\n' "${DEC_SYNC_S[@]}" | median)" "$BYTES")

# --- (2) Sealer / Unsealer in one JVM with a small heap ---------------------------------------
say "(2) Sealer.seal / Unsealer.unseal, -Xmx$HEAP, one warm-up on $(( $(stat -c %s "$WARMFILE") / 1048576 )) MiB, $RUNS runs each (bench/HydraBench.java)"
rc=0
java -Xmx"$HEAP" ${MDM_JAVA_OPTS:-} -cp "$CP" "$BENCH/HydraBench.java" seal "$DATA" "$WARMFILE" "$WORK" "$RUNS" \
  >"$WORK/seal.out" 2>"$WORK/seal.err" || rc=$?
grep -v -E '^[a-z0-9.]+=' "$WORK/seal.out" || true
for k in seal.mbps seal.stream.mbps unseal.mbps heap.max.mib heap.peak.warmup.mib heap.peak.measured.mib; do R[$k]=$(kv "$k" "$WORK/seal.out"); done
[ "$rc" = 0 ] || FAILURES+=("HydraBench seal exited $rc: $(grep -v -e ' DEBUG ' "$WORK/seal.err" | tail -3 | tr '\n' ' ')")
rm -f "$WORK/data.warm"

# --- (3) Rebuilding keys from 2 of 3 key servers ----------------------------------------------
# Server modes: the sun.net.httpserver.nodelay property they set only mattered while HydraServer
# ran on the JDK's HttpServer; on Jetty (issue 15) every accepted connection has TCP_NODELAY, so
# "stock" now measures the same server as "nodelay" and is no longer run by default.
for m in $MODES; do
  opts=(-Dsun.net.httpserver.nodelay=false)
  [ "$m" = nodelay ] && opts=(-Dsun.net.httpserver.nodelay=true)
  say "(3) [$m] 3 in-process HydraServers, $KEYS keys (k=2, n=3), $WARMUP warm-up fetches; then 1 of 3 down"
  rm -rf "$WORK/keys.$m"; mkdir -p "$WORK/keys.$m"
  rc=0
  java "${opts[@]}" ${MDM_JAVA_OPTS:-} -cp "$CP" "$BENCH/HydraBench.java" keys "$WORK/keys.$m" "$KEYS" "$WARMUP" \
    >"$WORK/keys.$m.out" 2>"$WORK/keys.$m.err" || rc=$?
  grep -v -E '^[a-z0-9.]+=' "$WORK/keys.$m.out" || true
  for k in register.p50.ms fetch.up.p50.ms fetch.up.p99.ms fetch.down1.p50.ms fetch.down1.p99.ms; do
    R[$m.$k]=$(kv "$k" "$WORK/keys.$m.out")
  done
  [ "$rc" = 0 ] || FAILURES+=("[$m] HydraBench keys exited $rc: $(grep -v -e ' DEBUG ' "$WORK/keys.$m.err" | tail -3 | tr '\n' ' ')")
  rm -rf "$WORK/keys.$m"
done

# --- Summary ---------------------------------------------------------------------------------
nz() { [ -n "${1:-}" ] && [ "$1" != nan ] && echo "$1" || echo "n/a"; }
row() { printf '%-50s | %-22s | %-12s | %-6s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "CPU:     aes $(grep -qw aes /proc/cpuinfo && echo yes || echo no), sha_ni $(grep -qw sha_ni /proc/cpuinfo && echo yes || echo no)"
echo "Java:    $(java -version 2>&1 | head -n 2 | tr '\n' ' ')"
echo "OpenSSL: $(openssl version)"
echo "Data:    $MIB MiB random, in the page cache; MB/s = 10^6 bytes/s of plaintext, medians of $RUNS runs."
echo "Keys:    $KEYS keys, k=2 of n=3, loopback HTTPS, TestPki credentials; p50/p99 nearest rank."
echo
row "What" "Baseline" "MDM" "Ratio" "Goal"
printf '%s\n' "---------------------------------------------------+------------------------+--------------+--------+-------"
row "Seal MB/s, like for like (no fsync)" "openssl enc $(nz "${R[enc.mbps]:-}")" "$(nz "${R[seal.stream.mbps]:-}")" "$(ratio "${R[seal.stream.mbps]:-}" "${R[enc.mbps]:-}")" ">= 0.8"
row "Seal MB/s, durable (temp, fsync, rename)" "openssl+fsync $(nz "${R[enc.sync.mbps]:-}")" "$(nz "${R[seal.mbps]:-}")" "$(ratio "${R[seal.mbps]:-}" "${R[enc.sync.mbps]:-}")" ">= 0.8"
row "Seal MB/s, durable vs openssl without fsync" "openssl enc $(nz "${R[enc.mbps]:-}")" "$(nz "${R[seal.mbps]:-}")" "$(ratio "${R[seal.mbps]:-}" "${R[enc.mbps]:-}")" "-"
row "Unseal MB/s, durable (verified, fsync, rename)" "openssl -d+fsync $(nz "${R[dec.sync.mbps]:-}")" "$(nz "${R[unseal.mbps]:-}")" "$(ratio "${R[unseal.mbps]:-}" "${R[dec.sync.mbps]:-}")" ">= 0.8"
row "Unseal MB/s, durable vs openssl -d without fsync" "openssl -d $(nz "${R[dec.mbps]:-}")" "$(nz "${R[unseal.mbps]:-}")" "$(ratio "${R[unseal.mbps]:-}" "${R[dec.mbps]:-}")" "-"
row "Peak heap MiB, measured runs (pools, -Xmx$HEAP)" "-" "$(nz "${R[heap.peak.measured.mib]:-}")" "-" "-"
row "Peak heap MiB, launch + warm-up (pools)" "-" "$(nz "${R[heap.peak.warmup.mib]:-}")" "-" "-"
for m in $MODES; do
  row "Key rebuild 2 of 3, p50 ms [$m]" "-" "$(nz "${R[$m.fetch.up.p50.ms]:-}")" "-" "-"
  row "Key rebuild 2 of 3, p99 ms [$m]" "-" "$(nz "${R[$m.fetch.up.p99.ms]:-}")" "-" "-"
  row "Key rebuild, 1 of 3 down, p50 ms [$m]" "all up $(nz "${R[$m.fetch.up.p50.ms]:-}")" "$(nz "${R[$m.fetch.down1.p50.ms]:-}")" "$(ratio "${R[$m.fetch.down1.p50.ms]:-}" "${R[$m.fetch.up.p50.ms]:-}")" "-"
  row "Key rebuild, 1 of 3 down, p99 ms [$m]" "all up $(nz "${R[$m.fetch.up.p99.ms]:-}")" "$(nz "${R[$m.fetch.down1.p99.ms]:-}")" "$(ratio "${R[$m.fetch.down1.p99.ms]:-}" "${R[$m.fetch.up.p99.ms]:-}")" "-"
  row "Key register, p50 ms (context) [$m]" "-" "$(nz "${R[$m.register.p50.ms]:-}")" "-" "-"
done
echo
echo "Seal reads the plaintext twice (pass 1: the synthetic IV, an HMAC-SHA256 of header and plaintext;"
echo "pass 2: AES-256-CTR); unseal makes one pass (decrypt, with the HMAC on a second thread) into a"
echo "temporary file renamed only if the tag matches. The durable rows fsync and rename their output;"
echo "openssl enc makes one pass, does not authenticate and does not fsync (its +fsync time adds sync(1))."
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
