# Shared helpers for ./mdm and the CI script. Sourced, not run.

# Packages each job needs on a fresh Debian 12 machine.
MDM_BUILD_PACKAGES="default-jdk-headless maven libpixelmed-java"
MDM_DEMO_PACKAGES="orthanc dcmtk python3-pydicom curl"
MDM_TEST_PACKAGES="orthanc dcmtk python3-pydicom libgdcm-tools dicom3tools curl openssl globus-proxy-utils voms-clients postgresql"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'mdm: %s\n' "$*" >&2; exit 1; }

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

mdm_jar() { ls "$MDM_HOME"/mdm/target/mdm-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1; }

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

# The command runs for seconds, not days: C1 alone compiles sooner than waiting for C2, and a
# serial collector leaves the second core to the work (measured with bench/retrieval.sh:
# ~1.5x the img/s of the JVM defaults on 2 vCPUs). MDM_JAVA_OPTS adds to or overrides these.
MDM_JVM_DEFAULTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

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
