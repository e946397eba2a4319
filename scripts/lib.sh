# shellcheck shell=bash
# Shared helpers for ./mdm and the CI script. Sourced, not run.

# Packages each job needs on a fresh Debian 12 machine.
# shellcheck disable=SC2034 # used by bin/mdm, which sources this file
MDM_BUILD_PACKAGES="default-jdk-headless maven libpixelmed-java"
MDM_DEMO_PACKAGES="orthanc dcmtk python3-pydicom curl globus-gass-copy-progs gfal2 gfal2-plugin-gridftp gfal2-plugin-srm python3-gfal2-util gfal2-util-scripts"
MDM_TEST_PACKAGES="shellcheck orthanc dcmtk python3-pydicom libgdcm-tools dicom3tools curl openssl globus-proxy-utils voms-clients postgresql globus-gass-copy-progs gfal2 gfal2-plugin-gridftp gfal2-plugin-srm python3-gfal2 gfal2-plugin-file python3-gfal2-util gfal2-util-scripts globus-gridftp-server-progs libjglobus-gridftp-java libjglobus-gss-java"

# The step in progress, named by the error trap when a command of the step fails.
MDM_STEP="starting"
say() { MDM_STEP=$*; printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'mdm: %s\n' "$*" >&2; exit 1; }

# A command that fails outside a condition ends the script with a line naming the step, the
# script and the line, instead of set -e's silent exit. Call once, right after sourcing.
trap_errors() {
  set -E
  trap 'on_error "$?" "$LINENO" "${BASH_SOURCE[0]:-bash -c}"' ERR
}
on_error() {
  # A failing $(...) reports through the command that used it, in the main shell.
  [ "$BASH_SUBSHELL" -eq 0 ] || exit "$1"
  printf 'mdm: failed with exit code %s at %s line %s, during: %s\n' "$1" "${3#"$MDM_HOME"/}" "$2" "$MDM_STEP" >&2
  exit "$1"
}

# Installs the Debian packages that are missing (runs apt-get update once, only if needed).
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq || die "apt-get update failed; check the machine's package sources"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The mdm jar, or nothing when it is not built yet. Never fails: callers run under
# `set -euo pipefail`, where a failing pipeline inside $(...) would end the script silently.
mdm_jar() {
  local f
  for f in "$MDM_HOME"/mdm/target/mdm-*.jar; do
    case $f in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
    if [ -f "$f" ]; then echo "$f"; return 0; fi
  done
  return 0
}

# Builds the mdm distribution unless it is newer than every source file.
build_if_needed() {
  local jar; jar=$(mdm_jar)
  if [ -n "$jar" ] && [ -z "$(find "$MDM_HOME" -path '*/src/*' -newer "$jar" -print -quit)" ] \
     && [ "$MDM_HOME/pom.xml" -ot "$jar" ]; then
    return 0
  fi
  say "Building MDM (mvn package, tests skipped)"
  (cd "$MDM_HOME" && mvn -B -q -DskipTests package -pl mdm -am) || die "the build failed; run 'mvn -DskipTests package' to see why"
}

# The command runs for seconds, not days: a serial collector leaves the second core to the
# work. C2 stays on (it used to be cut off with -XX:TieredStopAtLevel=1, which made series
# fetches ~1.5x faster before sealing): only C2 compiles the AES and SHA-256 intrinsics, and
# without them AES-CTR runs at ~60 MB/s and HMAC-SHA256 at ~90 MB/s instead of ~4.7 GB/s and
# ~1.5 GB/s on this machine, so every sealed or opened image would pay for it.
# MDM_JAVA_OPTS adds to or overrides these.
MDM_JVM_DEFAULTS="-XX:+UseSerialGC"

mdm_cli() {
  java $MDM_JVM_DEFAULTS ${MDM_JAVA_OPTS:-} -cp "$(mdm_jar):$MDM_HOME/mdm/target/lib/*" org.mdm.cli.Main "$@"
}

run_mdm() {
  exec java $MDM_JVM_DEFAULTS ${MDM_JAVA_OPTS:-} -cp "$(mdm_jar):$MDM_HOME/mdm/target/lib/*" org.mdm.cli.Main "$@"
}

# A throwaway Orthanc: orthanc_config NAME DIR DICOM_PORT HTTP_PORT writes DIR/orthanc.json
# (storage under DIR/orthanc, loopback HTTP only, every DICOM service allowed to anyone).
orthanc_config() {
  mkdir -p "$2/orthanc"
  cat > "$2/orthanc.json" <<JSON
{
  "Name": "$1", "DicomAet": "ORTHANC", "DicomPort": $3, "HttpPort": $4,
  "StorageDirectory": "$2/orthanc/storage", "IndexDirectory": "$2/orthanc/index",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
  "DicomAlwaysAllowEcho": true, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowFind": true,
  "DicomAlwaysAllowGet": true, "DicomAlwaysAllowMove": true, "DicomCheckCalledAet": false,
  "UnknownSopClassAccepted": true, "OverwriteInstances": true, "Plugins": []
}
JSON
}

# orthanc_start DIR HTTP_PORT [VAR=value ...]: starts Orthanc on DIR/orthanc.json with the given
# environment, logs to DIR/orthanc.log, sets ORTHANC_PID and waits until its REST API answers.
# (dcmtk-based Orthanc leaves Nagle on unless TCP_NODELAY=1 is in its environment.)
orthanc_start() {
  local dir=$1 http=$2; shift 2
  env "$@" Orthanc "$dir/orthanc.json" >>"$dir/orthanc.log" 2>&1 &
  ORTHANC_PID=$!
  for _ in $(seq 150); do
    curl -fs "http://127.0.0.1:$http/system" >/dev/null 2>&1 && return 0
    kill -0 "$ORTHANC_PID" 2>/dev/null || die "Orthanc exited: $(grep -a '^E' "$dir/orthanc.log" | tail -3)"
    sleep 0.1
  done
  die "Orthanc did not answer on port $http"
}

# Stops the Orthanc started by orthanc_start and waits until it released its index.
orthanc_stop() {
  [ -n "${ORTHANC_PID:-}" ] || return 0
  kill "$ORTHANC_PID" 2>/dev/null || true
  wait "$ORTHANC_PID" 2>/dev/null || true
  ORTHANC_PID=""
}

# A single-machine Hydra site for the demo and the benchmarks: hydra_site DIR [N] makes a TEST-ONLY
# PKI (mdm pki init) and DIR/site.properties, starts N key servers (default three) on free loopback
# ports (their PIDs in KEY_SERVER_PIDS) and waits until they listen. HOST_DN is set to the SE's DN.
# Freshly started key-server JVMs answer their first requests slowly on a small machine, hence
# the longer timeouts in site.properties (a TLS handshake counts towards the connect timeout). Stop them with hydra_stop.
KEY_SERVER_PIDS=()
hydra_site() {
  local dir=$1 count=${2:-3} i ports=() urls
  mdm_cli pki init "$dir/pki" > "$dir/site.properties" || die "mdm pki init failed"
  HOST_DN=$(sed -n 's/^# host DN: //p' "$dir/site.properties")
  for i in $(seq 0 $((count - 1))); do ports+=("$(free_port)"); done
  urls=$(printf 'https://localhost:%s,' "${ports[@]}")
  cat >> "$dir/site.properties" <<EOF_PROPS
hydra.servers=${urls%,}
hydra.connect.timeout.ms=15000
hydra.request.timeout.ms=15000
se.access.log=$dir/access.log
catalog.db.dir=$dir/catalog
EOF_PROPS
  for i in $(seq 0 $((count - 1))); do
    # run_mdm execs java, so $! is the JVM itself and hydra_stop's kill reaches it.
    run_mdm --config "$dir/site.properties" -D "hydra.server.port=${ports[$i]}" -D "hydra.server.db.dir=$dir/hydra$i" \
      hydra serve > "$dir/hydra$i.log" 2>&1 &
    KEY_SERVER_PIDS+=($!)
  done
  for i in $(seq 0 $((count - 1))); do
    for _ in $(seq 1 150); do grep -q listening "$dir/hydra$i.log" 2>/dev/null && break; sleep 0.2; done
    grep -q listening "$dir/hydra$i.log" || { cat "$dir/hydra$i.log" >&2; die "key server $((i + 1)) did not start"; }
  done
}

# Stops the key servers hydra_site started.
hydra_stop() {
  local pid
  for pid in "${KEY_SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${KEY_SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  KEY_SERVER_PIDS=()
}

# What registration will do, for now: register_image_keys PROPS IMAGE... makes a key for each
# image (PFN, STUDY/SERIES/SOP or SOP Instance UID), owned by the PKI's user and readable by the
# SE (HOST_DN). Prints the key ids.
register_image_keys() {
  local props=$1; shift
  local ids
  ids=$(mdm_cli --config "$props" eds keyid "$@") || die "mdm eds keyid failed"
  # shellcheck disable=SC2086 # one key id per word
  mdm_cli --config "$props" eds register --acl "dn:$HOST_DN:read" $ids >/dev/null || die "mdm eds register failed"
  echo "$ids"
}

