#!/usr/bin/env bash
# Key reads in bulk: keys/s of 500 single k-of-n fetches (one after another, and from 4 threads
# as a series' spooling workers did) against one fetchAll (batch reads, hedged), three in-process
# key servers on loopback. Prints ratios against the single fetches of the same run.
#
#   bench/hydra-bulk.sh            # BENCH_HYDRA_KEYS (500), BENCH_RUNS (3); ~1 minute on 2 vCPUs
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$MDM_HOME/scripts/lib.sh"
trap_errors

KEYS=${BENCH_HYDRA_KEYS:-500}
RUNS=${BENCH_RUNS:-3}
ensure_packages $MDM_BUILD_PACKAGES
build_if_needed
CP="$(mdm_jar):$MDM_HOME/mdm/target/lib/*"
WORK=$(mktemp -d /tmp/mdm-hydra-bulk.XXXXXX)
trap 'if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi' EXIT

say "3 in-process HydraServers, $KEYS keys (k=2, n=3), $RUNS measured rounds after one unmeasured"
java ${MDM_JAVA_OPTS:-} -cp "$CP" "$MDM_HOME/bench/HydraBench.java" bulk "$WORK" "$KEYS" "$RUNS" \
  >"$WORK/bulk.out" 2>"$WORK/bulk.err" || { tail -5 "$WORK/bulk.err" >&2; die "HydraBench bulk failed"; }
grep -v -E '^[a-z0-9.]+=' "$WORK/bulk.out" || true
kv() { sed -n "s/^$1=//p" "$WORK/bulk.out" | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b == 0) print "n/a"; else printf "%.1f", a / b }'; }
row() { printf '%-40s | %-10s | %s\n' "$@"; }
echo
echo "Machine: $(nproc) CPUs, $(uname -sr); $(java -version 2>&1 | head -n 1)"
row "Key reads, keys/s" "keys/s" "x single"
row "fetch, one after another (baseline)" "$(kv bulk.single.kps)" "1.0"
row "fetch, 4 threads" "$(kv bulk.single4.kps)" "$(ratio "$(kv bulk.single4.kps)" "$(kv bulk.single.kps)")"
row "fetchAll (batches of 200, hedged)" "$(kv bulk.fetchall.kps)" "$(ratio "$(kv bulk.fetchall.kps)" "$(kv bulk.single.kps)")"
row "registerAll (context)" "$(kv bulk.register.kps)" "-"
