# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables set here are read by the scripts that source this file
# Set-up shared by the benchmarks that run a site on this machine (a throwaway Orthanc, three key
# servers, registered series, `mdm serve`, globus-gridftp-server as a baseline) and their number
# helpers. Sourced after scripts/lib.sh, once WORK (the run's temporary directory) is set.
# Variables it sets are named where they are set; BASE is the registered name space's root.

BASE=/dpm/example.org/home/biomed/mdm
SERVE_PID="" GG_PID=""

# --- Numbers ---------------------------------------------------------------------------------------
now_ns() { date +%s%N; }
seconds() { awk -v d="$1" 'BEGIN{printf "%.3f", d/1e9}'; }   # nanoseconds -> seconds
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {print (v[NR/2]+v[NR/2+1])/2}}'; }
pct() { sort -g | awk -v p="$1" '{v[NR]=$1} END {if (NR==0) print "nan"; else {r=int((p*NR+99)/100); print v[r<1?1:r]}}'; }  # nearest rank
# p50 and p99 (nearest rank) of the numbers on stdin, in ms.
percentiles() { sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "nan nan"; exit} i=int(NR*0.99+0.999); if (i>NR) i=NR;
  printf "%.1f %.1f\n", v[int((NR+1)/2)], v[i]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a=="" || b=="" || a=="nan" || b=="nan" || a=="n/a" || b=="n/a" || b==0) print "n/a"; else printf "%.2f", a/b }'; }

# --- The site ----------------------------------------------------------------------------------------
# bench_orthanc NAME: a throwaway Orthanc with TCP_NODELAY=1 in $WORK; sets DICOM_PORT and HTTP_PORT.
bench_orthanc() {
  DICOM_PORT=$(free_port)
  HTTP_PORT=$(free_port)
  orthanc_config "$1" "$WORK" "$DICOM_PORT" "$HTTP_PORT"
  say "Starting a throwaway Orthanc (TCP_NODELAY=1) on 127.0.0.1:$DICOM_PORT (HTTP $HTTP_PORT)"
  orthanc_start "$WORK" "$HTTP_PORT" TCP_NODELAY=1
}

# bench_site [N]: a TEST-ONLY PKI and N key servers (hydra_site; three by default) and the keys `mdm register` needs
# (the Orthanc of bench_orthanc, a spool and a de-identification secret in $WORK). Sets OPTS (the
# options every mdm command gets), USER_DN, and exports the test user's proxy and trust directory
# (X509_USER_PROXY, X509_CERT_DIR) and GFAL_PYTHONBIN for the Globus and gfal2 clients.
bench_site() {
  hydra_site "$WORK" "${1:-3}"
  head -c 48 /dev/urandom > "$WORK/deid.secret"
  chmod 600 "$WORK/deid.secret"
  cat >> "$WORK/site.properties" <<EOF_PROPS
dicom.deid.secret.file=$WORK/deid.secret
register.server=ORTHANC@127.0.0.1:$DICOM_PORT
spool.dir=$WORK/spool
spool.min.free=1M
EOF_PROPS
  OPTS=(--config "$WORK/site.properties")
  USER_DN=$(sed -n 's/^# user DN: //p' "$WORK/site.properties")
  X509_USER_PROXY=$(site_prop grid.proxy)
  X509_CERT_DIR=$(site_prop grid.cert.dir)
  # The gfal tools' #! python may be a pyenv one without gfal2: Debian's has python3-gfal2.
  export X509_USER_PROXY X509_CERT_DIR GFAL_PYTHONBIN=/usr/bin/python3
}

# site_prop KEY: the last value of KEY in $WORK/site.properties.
site_prop() { sed -n "s/^$1=//p" "$WORK/site.properties" | tail -n 1; }

# series_dirs: the registered series' directories in the catalogue, one per line.
series_dirs() {
  local studies study
  studies=$(mdm_cli "${OPTS[@]}" ls "$BASE" 2>/dev/null || true)   # none before the first registration
  for study in $studies; do
    mdm_cli "${OPTS[@]}" ls "$BASE/${study%/}" | tr -d / | sed "s|^|$BASE/${study%/}/|"
  done
}

# bench_register_series N: a synthetic N-image 512x512 CT series (bench/make-ct-series.sh),
# registered with `mdm register` (a key per image, C-STORE, dry run, catalogue). Sets SERIES_DIR
# (its directory in the catalogue), COUNT and BYTES (of the originals) and writes the images'
# names to $WORK/names.<N>.txt. make-ct-series.sh derives the study and series UIDs from N, so two
# series of one run need two different N.
bench_register_series() {
  local n=$1 before
  say "Building a synthetic $n-image 512x512 CT series (bench/make-ct-series.sh); registering it with mdm register"
  before=$(series_dirs)
  "$BENCH/make-ct-series.sh" "$n" "$WORK/series.$n" > "$WORK/series.$n.env"
  COUNT=$(sed -n 's/^COUNT=//p' "$WORK/series.$n.env")
  BYTES=$(sed -n 's/^BYTES=//p' "$WORK/series.$n.env")
  mdm_cli "${OPTS[@]}" register --no-progress "$WORK/series.$n" > "$WORK/register.$n.log" 2>&1 \
    || die "mdm register failed: $(tail -3 "$WORK/register.$n.log")"
  rm -rf "$WORK/series.$n"
  SERIES_DIR=$(comm -13 <(printf '%s\n' "$before" | sort) <(series_dirs | sort) | grep . || true)
  [ "$(printf '%s\n' "$SERIES_DIR" | grep -c .)" = 1 ] || die "expected one new series in the catalogue, found: ${SERIES_DIR:-none}"
  mdm_cli "${OPTS[@]}" ls "$SERIES_DIR" > "$WORK/names.$n.txt"
  [ "$(wc -l < "$WORK/names.$n.txt")" = "$COUNT" ] || die "the catalogue lists $(wc -l < "$WORK/names.$n.txt") images, expected $COUNT"
}

# --- The servers -------------------------------------------------------------------------------------
# serve_start [OPTION...]: `mdm serve` with the site's options (OPTS), both doors on loopback
# ports it picks itself (read back from what it prints: a port picked beforehand can be taken
# meanwhile), the test user allowed, the default mount on the bench Orthanc; OPTION... (-D k=v)
# come last and so override. Logs to $WORK/serve.log; sets SERVE_PID, PORT (GridFTP), SRM_PORT.
serve_start() {
  : > "$WORK/serve.log"
  # run_mdm execs java, so $! is the JVM itself (for kill and jstat).
  run_mdm "${OPTS[@]}" -D se.gridftp.address=127.0.0.1 -D se.gridftp.port=0 -D se.srm.address=127.0.0.1 -D se.srm.port=0 -D md.address=127.0.0.1 -D md.port=0 \
    -D "se.access=dn:$USER_DN" -D "se.mount.mdm.pfn=dicom://ORTHANC@127.0.0.1:$DICOM_PORT/{study}/{series}/{sop}?transform=deid" \
    "$@" serve > "$WORK/serve.log" 2>&1 &
  SERVE_PID=$!
  local _
  for _ in $(seq 1 300); do
    grep -q "ready (GridFTP port" "$WORK/serve.log" && break
    kill -0 "$SERVE_PID" 2>/dev/null || break
    sleep 0.2
  done
  PORT=$(sed -n 's/.*ready (GridFTP port \([0-9]*\)).*/\1/p' "$WORK/serve.log")
  SRM_PORT=$(sed -n 's/.*(SRM port \([0-9]*\)).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] || die "mdm serve did not start: $(tail -3 "$WORK/serve.log")"
}
serve_stop() {
  [ -n "$SERVE_PID" ] || return 0
  kill "$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
  SERVE_PID=""
}

# gg_start DIR: Debian's globus-gridftp-server on loopback, serving the file system (paths are
# absolute, so DIR is where its files go and its log), in its default daemon mode (a process
# forked per connection, as it ships), with our own empty config file instead of
# /etc/gridftp.conf, the SE's host credential and trust directory, and a grid-mapfile that maps
# the test user to whoever runs this script. Sets GG_PID, GG_PORT and GG_PREFIX (gsiftp://…:port).
gg_start() {
  local dir=$1 opts
  GG_PORT=$(free_port)
  GG_PREFIX="gsiftp://localhost:$GG_PORT"
  : > "$dir/gridftp.conf"
  printf '"%s" %s\n' "$USER_DN" "$(id -un)" > "$dir/grid-mapfile"
  opts=(-c "$dir/gridftp.conf" -p "$GG_PORT" -control-interface 127.0.0.1 -data-interface 127.0.0.1
    -d error -l "$dir/gridftp-server.log")
  [ "$(id -u)" != 0 ] || opts+=(-allow-root)
  say "Starting globus-gridftp-server $(globus-gridftp-server -version 2>&1 | awk '{print $2}') (port $GG_PORT)"
  X509_USER_CERT=$(site_prop se.host.cert) X509_USER_KEY=$(site_prop se.host.key) X509_CERT_DIR=$(site_prop grid.cert.dir) \
    GRIDMAP=$dir/grid-mapfile globus-gridftp-server "${opts[@]}" > "$dir/gridftp-server.out" 2>&1 &
  GG_PID=$!
  local _
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$GG_PORT") 2>/dev/null && break; sleep 0.1; done
  kill -0 "$GG_PID" 2>/dev/null \
    || die "globus-gridftp-server exited: $(cat "$dir/gridftp-server.out" "$dir/gridftp-server.log" 2>/dev/null | tail -3)"
}

# bench_stop_all: stops whatever of the above is running.
bench_stop_all() {
  local p
  for p in $SERVE_PID $GG_PID; do kill "$p" 2>/dev/null || true; done
  for p in $SERVE_PID $GG_PID; do wait "$p" 2>/dev/null || true; done
  SERVE_PID="" GG_PID=""
  hydra_stop
  orthanc_stop
}
