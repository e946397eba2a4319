#!/usr/bin/env bash
# One grant: `mdm acl set|del` of one DN on a registered series, which changes the catalogue of
# every image and the image keys' ACLs on all n key servers (their bulk route, POST
# /v1/batch/acl), against the old way in the same run: one single-key ACL PUT per key, key after
# key, as glite-eds-setacl did. Prints ratios, never pass/fail on absolute times.
#
#   bench/acl.sh                                # 500 images; n = 3 and 5 key servers; 5 runs each
#   BENCH_SERVER_COUNTS="3 5 7" bench/acl.sh    # also a seven-server site (~4 more minutes)
#
# Starts a throwaway Orthanc (TCP_NODELAY=1) and max(n) key servers with a test-only PKI, and for
# each n registers a synthetic 512x512 CT series (bench/make-ct-series.sh) with `mdm register` on
# the first n key servers, into a catalogue of its own. Then, every round visiting every n in a
# rotating order (so that load from elsewhere falls on all n alike):
#   - whole command: `mdm acl set <series> dn:<colleague DN>:r` then `mdm acl del <series>
#     dn:<colleague DN>`, BENCH_RUNS rounds (wall clock, JVM start included), each checked to
#     report every image's key on each of the n servers; and `mdm acl get` of the series in the
#     first min(3, BENCH_RUNS) rounds, the command's floor (JVM start, configuration, proxy,
#     catalogue; no key server);
#   - bench/AclBench.java, one JVM for all n: the same grant and revocation through OneGrant as
#     the command builds it (one unmeasured pair per n, then BENCH_RUNS rounds), timed in three
#     parts (catalogue work, key servers, commit); then the baseline: the same ACLs with
#     KeyServers.setAcl one key after another (each PUT to the n servers at once), BENCH_BASE_RUNS
#     rounds.
# Knobs: BENCH_IMAGES (500), BENCH_RUNS (5), BENCH_BASE_RUNS (3), BENCH_SERVER_COUNTS ("3 5"), MDM_JAVA_OPTS;
# BENCH_KEEP=1 keeps the temporary directory. See bench/README.md.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BENCH="$MDM_HOME/bench"
. "$MDM_HOME/scripts/lib.sh"
. "$BENCH/lib.sh"
trap_errors

IMAGES=${BENCH_IMAGES:-500}
RUNS=${BENCH_RUNS:-5}
BASE_RUNS=${BENCH_BASE_RUNS:-3}
FLOOR_RUNS=$(( RUNS < 3 ? RUNS : 3 ))
read -r -a COUNTS <<< "${BENCH_SERVER_COUNTS:-3 5}"
[ ${#COUNTS[@]} -gt 0 ] || die "BENCH_SERVER_COUNTS is empty: give key-server counts, e.g. \"3 5 7\""
MAX_N=0
for n in "${COUNTS[@]}"; do
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 2 ] && [ "$n" -le 15 ] \
    || die "BENCH_SERVER_COUNTS: '$n' is not a key-server count from 2 (the threshold) to 15"
  [ "$n" -le "$MAX_N" ] || MAX_N=$n
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$RUNS'"
[[ "$BASE_RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_BASE_RUNS must be a positive integer, not '$BASE_RUNS'"

ensure_packages $MDM_BUILD_PACKAGES orthanc dcmtk python3-pydicom libgdcm-tools curl
build_if_needed

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)
T_START=$(now_ns)
WORK=$(mktemp -d /tmp/mdm-acl-bench.XXXXXX)
cleanup() {
  bench_stop_all
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
declare -A R
FAILURES=()

bench_orthanc mdm-acl-bench
say "A TEST-ONLY PKI and $MAX_N Hydra key servers (hydra_site)"
bench_site "$MAX_N"
ALL_SERVERS=$(site_prop hydra.servers)
GRANTEE=$(sed -n 's/^# colleague DN: //p' "$WORK/site.properties")
[ -n "$GRANTEE" ] || die "mdm pki init named no colleague DN in $WORK/site.properties"
SITE_OPTS=("${OPTS[@]}")

# timed_s COMMAND...: runs it (output to $WORK/last.out), prints its wall time in seconds.
timed_s() {
  local t0 t1 rc=0
  t0=$(now_ns)
  "$@" > "$WORK/last.out" 2>&1 || rc=$?
  t1=$(now_ns)
  seconds $((t1 - t0))
  return "$rc"
}
last_error() { grep . "$WORK/last.out" | tail -n 2 | tr '\n' ' '; }
# keys_ok N: the last `mdm acl` output names N key servers, each with every image's key.
keys_ok() {
  local line
  line=$(grep 'key servers' "$WORK/last.out" || true)
  [ "$(grep -o '[0-9]* key(s)' <<< "$line" | grep -c "^$IMAGES key(s)$")" = "$1" ]
}

declare -A SERIES_OF OPTS_OF SERVERS_OF
for n in "${COUNTS[@]}"; do
  SERVERS_OF[$n]=$(cut -d, -f"1-$n" <<< "$ALL_SERVERS")
  OPTS=("${SITE_OPTS[@]}" -D "hydra.servers=${SERVERS_OF[$n]}" -D "catalog.db.dir=$WORK/catalog.n$n")
  OPTS_OF[$n]="${OPTS[*]}"   # no spaces in these paths and URLs: mktemp's /tmp name, loopback URLs
  say "n=$n: a series registered on $n key servers, in a catalogue of its own"
  bench_register_series "$IMAGES"
  SERIES_OF[$n]=$SERIES_DIR
  : > "$WORK/cli.set.$n"; : > "$WORK/cli.del.$n"; : > "$WORK/cli.get.$n"
done

# Every round visits every n, in a rotating order: load from elsewhere falls on all of them alike.
say "mdm acl set / del of each series, $RUNS times each (alternating, n rotating), and $FLOOR_RUNS x mdm acl get (the floor)"
for r in $(seq "$RUNS"); do
  for i in "${!COUNTS[@]}"; do
    n=${COUNTS[$(( (i + r) % ${#COUNTS[@]} ))]}
    read -r -a OPTS <<< "${OPTS_OF[$n]}"
    for op in set del; do
      [ "$op" = set ] && entry="dn:$GRANTEE:r" || entry="dn:$GRANTEE"
      if s=$(timed_s mdm_cli "${OPTS[@]}" acl "$op" "${SERIES_OF[$n]}" "$entry"); then
        if keys_ok "$n"; then echo "$s" >> "$WORK/cli.$op.$n"; else FAILURES+=("n=$n mdm acl $op: $(grep 'key servers' "$WORK/last.out")"); fi
      else
        FAILURES+=("n=$n mdm acl $op: $(last_error)")
      fi
    done
    [ "$r" -le "$FLOOR_RUNS" ] || continue
    s=$(timed_s mdm_cli "${OPTS[@]}" acl get "${SERIES_OF[$n]}") && echo "$s" >> "$WORK/cli.get.$n" \
      || FAILURES+=("n=$n mdm acl get: $(last_error)")
  done
done
for n in "${COUNTS[@]}"; do
  for op in set del get; do R[cli.$op.$n]=$(median < "$WORK/cli.$op.$n"); done
done

say "The same in one JVM, and the baseline: one single-key ACL PUT per key (bench/AclBench.java)"
SITES=()
for n in "${COUNTS[@]}"; do SITES+=("${SERIES_OF[$n]}" "${SERVERS_OF[$n]}" "$WORK/catalog.n$n"); done
if java ${MDM_JAVA_OPTS:-} -cp "$(mdm_jar):$MDM_HOME/mdm/target/lib/*" "$BENCH/AclBench.java" \
    "$WORK/site.properties" "$GRANTEE" "$RUNS" "$BASE_RUNS" "${SITES[@]}" > "$WORK/aclbench.out" 2>&1; then
  grep '^  ' "$WORK/aclbench.out" >&2 || true
  while IFS='=' read -r k v; do R[$k]=$v; done < <(grep -E '^[a-z.]+\.[0-9]+=' "$WORK/aclbench.out")
else
  FAILURES+=("AclBench: $(grep . "$WORK/aclbench.out" | tail -n 3 | tr '\n' ' ')")
fi

# --- Summary -----------------------------------------------------------------------------------------
f3() { awk -v s="$1" 'BEGIN { if (s=="" || s=="nan") print "n/a"; else printf "%.3f", s }'; }
per_img() { awk -v s="$1" -v n="$IMAGES" 'BEGIN { if (s=="" || s=="nan") print "n/a"; else printf "%.2f", s*1000/n }'; }
row() { printf '%-3s | %-8s | %-10s | %-7s | %-10s | %-7s | %-10s | %-7s | %-11s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Load:    1-min load average $LOAD_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end (other work skews every cell)"
echo "Java:    $(java -version 2>&1 | head -n 1); this run took $(seconds $(( $(now_ns) - T_START ))) s"
echo "Data:    a series of $IMAGES images registered with mdm register per n (k=$(site_prop hydra.threshold | grep . || echo 2) of n); grantee dn:$GRANTEE;"
echo "         medians of $RUNS (baseline: of $BASE_RUNS). whole: the mdm command (JVM start included); in-JVM: OneGrant"
echo "         in a warm JVM; baseline: KeyServers.setAcl per key, one key after another, in a warm JVM. Ratio: MDM / baseline."
echo
row "n" "change" "whole s" "ms/img" "in-JVM s" "ms/img" "baseline s" "ms/img" "whole/base" "in-JVM/base"
printf '%s\n' "----+----------+------------+---------+------------+---------+------------+---------+-------------+------------"
for n in "${COUNTS[@]}"; do
  for op in set del; do
    whole=${R[cli.$op.$n]:-} jvm=${R[jvm.$op.s.$n]:-} base=${R[base.$op.s.$n]:-}
    row "$n" "acl $op" "$(f3 "$whole")" "$(per_img "$whole")" "$(f3 "$jvm")" "$(per_img "$jvm")" "$(f3 "$base")" \
      "$(per_img "$base")" "$(ratio "$whole" "$base")" "$(ratio "$jvm" "$base")"
  done
done
echo
echo "Where the time goes (medians, s): the in-JVM parts of each change (catalogue work, key servers' bulk route,"
echo "commit); cold first: the change as the first of a fresh JVM (class loading, JIT, TLS handshakes; first n only);"
echo "floor: mdm acl get of the series (JVM start, configuration, proxy, catalogue, no key server); whole - in-JVM."
row2() { printf '%-3s | %-8s | %-10s | %-12s | %-10s | %-11s | %-16s | %s\n' "$@"; }
row2 "n" "change" "catalogue" "key servers" "commit" "cold first" "floor (acl get)" "whole - in-JVM"
printf '%s\n' "----+----------+------------+--------------+------------+-------------+------------------+---------------"
for n in "${COUNTS[@]}"; do
  for op in set del; do
    gap=$(awk -v a="${R[cli.$op.$n]:-}" -v b="${R[jvm.$op.s.$n]:-}" 'BEGIN { if (a=="" || b=="" || a=="nan") print "n/a"; else printf "%.3f", a-b }')
    cold=n/a
    [ "$n" != "${COUNTS[0]}" ] || cold=$(f3 "${R[jvm.cold.$op.s.$n]:-}")   # later sites run in a warm JVM
    row2 "$n" "acl $op" "$(f3 "${R[jvm.$op.catalogue.s.$n]:-}")" "$(f3 "${R[jvm.$op.keys.s.$n]:-}")" \
      "$(f3 "${R[jvm.$op.commit.s.$n]:-}")" "$cold" "$(f3 "${R[cli.get.$n]:-}")" "$gap"
  done
done
echo
n0=${COUNTS[0]}
for n in "${COUNTS[@]:1}"; do
  printf 'Scaling n=%s vs n=%s (time ratio; servers x%s): acl set whole %s, in-JVM %s, its key-server part %s; baseline set %s\n' \
    "$n" "$n0" "$(awk -v a="$n" -v b="$n0" 'BEGIN{printf "%.2f", a/b}')" \
    "$(ratio "${R[cli.set.$n]:-}" "${R[cli.set.$n0]:-}")" "$(ratio "${R[jvm.set.s.$n]:-}" "${R[jvm.set.s.$n0]:-}")" \
    "$(ratio "${R[jvm.set.keys.s.$n]:-}" "${R[jvm.set.keys.s.$n0]:-}")" "$(ratio "${R[base.set.s.$n]:-}" "${R[base.set.s.$n0]:-}")"
done
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "Failures:"
  printf '  %s\n' "${FAILURES[@]}"
  exit 1
fi
