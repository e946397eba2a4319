#!/usr/bin/env bash
# The MDM demo on embedded defaults: a throwaway Orthanc on a free loopback port, loaded with
# real sample images; a test-only PKI and three Hydra key servers; an image and a series
# registered (mdm register: keys, originals stored in Orthanc, dry runs, catalogue); `mdm serve`
# reading the catalogue, the series listed with gfal-ls and the image downloaded with
# globus-url-copy (cold, then warm with -p 4) and gfal-copy through SRM, the hospital's UIDs
# refused; the image and the series copied and opened in one step with mdm cp; the series fetched
# through the pipeline (retrieve, de-identify, seal, spool), the sealed image shown and
# decrypted by the researcher; a before/after table of identifying attributes. Everything
# lives in a temporary directory removed at exit.
set -euo pipefail
MDM_HOME=${MDM_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$MDM_HOME/scripts/lib.sh"
trap_errors

SAMPLES=/usr/lib/python3/dist-packages/pydicom/data/test_files
[ -f "$SAMPLES/CT_small.dcm" ] || die "sample images missing: apt-get install python3-pydicom"

WORK=$(mktemp -d /tmp/mdm-demo.XXXXXX)
SERVE_PID=
cleanup() {
  [ -z "$SERVE_PID" ] || kill "$SERVE_PID" 2>/dev/null || true
  hydra_stop
  orthanc_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

DICOM_PORT=$(free_port)
HTTP_PORT=$(free_port)
SRM_PORT=$(free_port)
MD_PORT=$(free_port)
mkdir -p "$WORK/in/series" "$WORK/out"
orthanc_config mdm-demo "$WORK" "$DICOM_PORT" "$HTTP_PORT"
say "Starting a throwaway Orthanc on 127.0.0.1:$DICOM_PORT (HTTP $HTTP_PORT)"
orthanc_start "$WORK" "$HTTP_PORT" TCP_NODELAY=1

# One real image, and a small series made from a real CT (new SOP Instance UIDs, same series).
cp "$SAMPLES/CT_small.dcm" "$WORK/in/ct.dcm"
for i in 1 2 3 4 5 6 7 8; do
  cp "$SAMPLES/CT_small.dcm" "$WORK/in/series/ct$i.dcm"
  dcmodify -q -nb -gin -i "InstanceNumber=$i" -i "SeriesInstanceUID=1.2.826.0.1.3680043.8.498.4242.1" \
    -i "SeriesDescription=MDM demo series" "$WORK/in/series/ct$i.dcm"
done
uid() { dcmdump -q +L +P "$1" "$2" | sed -n 's/.*\[\(.*\)\].*/\1/p' | head -n 1; }
STUDY=$(uid StudyInstanceUID "$WORK/in/ct.dcm")
SERIES=$(uid SeriesInstanceUID "$WORK/in/ct.dcm")
SOP=$(uid SOPInstanceUID "$WORK/in/ct.dcm")
SERIES2=$(uid SeriesInstanceUID "$WORK/in/series/ct1.dcm")

say "A TEST-ONLY grid PKI (mdm pki init) and three Hydra key servers (mdm hydra serve; any 2 of 3 rebuild a key)"
hydra_site "$WORK"
sed -n 's/^/  /;/listening/p' "$WORK"/hydra*.log
cat >> "$WORK/site.properties" <<EOF_PROPS
spool.dir=$WORK/spool
spool.min.free=1M
dicom.deid.secret.file=$WORK/deid.secret
fetch.default.server=ORTHANC@127.0.0.1:$DICOM_PORT
register.surl=srm://localhost:$SRM_PORT
EOF_PROPS
MDM_OPTS=(--config "$WORK/site.properties")

BASE=/dpm/example.org/home/biomed/mdm
say "The researcher registers an image and a series of 8: mdm register $WORK/in (per image: a key on the"
echo "  key servers, readable by the SE; the original stored in Orthanc; a dry run for the sealed file's"
echo "  size and ADLER32; the catalogue's entries, all in one transaction)"
mdm_cli "${MDM_OPTS[@]}" register --no-progress "$WORK/in" | sed "s|$WORK/||; s/^/  /"
# The name space is named by de-identified UIDs: find the image's and the series' directories by
# the keyed UIDs `mdm eds keyid` gives for the hospital's.
STUDY_DIR=$(mdm_cli "${MDM_OPTS[@]}" ls "$BASE" | tr -d /)
KEY=$(mdm_cli "${MDM_OPTS[@]}" eds keyid "$SOP")
NS_PATH=""
for d in $(mdm_cli "${MDM_OPTS[@]}" ls "$BASE/$STUDY_DIR" | tr -d /); do
  if mdm_cli "${MDM_OPTS[@]}" ls "$BASE/$STUDY_DIR/$d" | grep -qx "$KEY"; then
    SERIES_DIR=$d; NS_PATH="$BASE/$STUDY_DIR/$d/$KEY"
  else
    SERIES2_DIR=$d
  fi
done
if [ -z "$NS_PATH" ] || [ -z "${SERIES2_DIR:-}" ]; then die "the registered image or series is not in the name space"; fi
echo "  in the name space (de-identified UIDs; an image's name is its key id): mdm ls -l $BASE/$STUDY_DIR/$SERIES_DIR"
mdm_cli "${MDM_OPTS[@]}" ls -l "$BASE/$STUDY_DIR/$SERIES_DIR" | sed 's/^/    /'
mdm_cli "${MDM_OPTS[@]}" eds getacl "$KEY" | sed 's/^/  /'
# The dry runs left the sealed files in the spool; empty it, so that the download below stages anew.
mdm_cli "${MDM_OPTS[@]}" spool evict --all >/dev/null

USER_DN=$(sed -n 's/^# user DN: //p' "$WORK/site.properties")
COLLEAGUE_DN=$(sed -n 's/^# colleague DN: //p' "$WORK/site.properties")
COLLEAGUE_PROXY=$(sed -n 's/^# colleague proxy: //p' "$WORK/site.properties")
PROXY=$(sed -n 's/^grid.proxy=//p' "$WORK/site.properties")
CERT_DIR=$(sed -n 's/^grid.cert.dir=//p' "$WORK/site.properties")
GRIDFTP_PORT=$(free_port)
say "The storage element: mdm serve (GridFTP door on port $GRIDFTP_PORT, SRM door on $SRM_PORT, reading the catalogue, open to $USER_DN)"
run_mdm "${MDM_OPTS[@]}" -D "se.gridftp.address=127.0.0.1" -D "se.gridftp.port=$GRIDFTP_PORT" \
  -D "se.srm.address=127.0.0.1" -D "se.srm.port=$SRM_PORT" -D "md.address=127.0.0.1" -D "md.port=$MD_PORT" \
  -D "se.access=dn:$USER_DN,dn:$COLLEAGUE_DN" \
  -D "se.mount.mdm.pfn=dicom://ORTHANC@127.0.0.1:$DICOM_PORT/{study}/{series}/{sop}?transform=deid" \
  serve > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 150); do grep -q "ready" "$WORK/serve.log" 2>/dev/null && break; sleep 0.2; done
grep -q "ready" "$WORK/serve.log" || { cat "$WORK/serve.log" >&2; die "mdm serve did not start"; }
sed -n 's/^/  /;/gsiftp:\|srm:/p' "$WORK/serve.log"
DOOR="gsiftp://localhost:$GRIDFTP_PORT"
say "The researcher lists the series of 8 with gfal-ls -l $DOOR$BASE/$STUDY_DIR/$SERIES2_DIR (from the catalogue: nothing staged)"
X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR GFAL_PYTHONBIN=/usr/bin/python3 \
  gfal-ls -l "$DOOR$BASE/$STUDY_DIR/$SERIES2_DIR" | sed 's/^/  /' || die "gfal-ls failed (see $WORK/serve.log)"
SURL="$DOOR$NS_PATH"
say "The researcher downloads the image with the grid client they already have: globus-url-copy $SURL"
X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR globus-url-copy "$SURL" "file://$WORK/out/ct.sealed" \
  || die "globus-url-copy failed (see $WORK/serve.log)"
echo "  $(stat -c %s "$WORK/out/ct.sealed") bytes (the size the catalogue recorded); the image did not exist on the SE"
echo "  a moment before: it was retrieved, de-identified and sealed for this request"
say "A path made of the hospital's own UIDs names nothing: only registered paths exist"
if X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR globus-url-copy "$DOOR$BASE/$STUDY/$SERIES/$SOP" \
  "file://$WORK/out/nothing" > "$WORK/refused.txt" 2>&1; then die "the hospital's UIDs reached an image"; fi
grep -o "No such file or directory" "$WORK/refused.txt" | head -n 1 | sed 's/^/  globus-url-copy: /'
say "Again with 4 parallel data streams (globus-url-copy -p 4), served from the spool"
X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR globus-url-copy -p 4 "$SURL" "file://$WORK/out/ct-again.sealed" \
  || die "globus-url-copy -p 4 failed"
cmp -s "$WORK/out/ct.sealed" "$WORK/out/ct-again.sealed" && echo "  identical bytes" || die "the two downloads differ"
SRM_SURL="srm://localhost:$SRM_PORT$NS_PATH"
say "Through the SRM door, as gfal2 users do: gfal-copy -K ADLER32 $SRM_SURL"
X509_USER_PROXY=$PROXY X509_CERT_DIR=$CERT_DIR GFAL_PYTHONBIN=/usr/bin/python3 \
  gfal-copy -K ADLER32 "$SRM_SURL" "file://$WORK/out/ct-srm.sealed" | sed 's/^/  /' || die "gfal-copy srm:// failed"
cmp -s "$WORK/out/ct.sealed" "$WORK/out/ct-srm.sealed" && echo "  the same sealed bytes, checksum checked" \
  || die "gfal-copy srm:// gave other bytes"
LFN="/grid/biomed/mdm${NS_PATH#"$BASE"}"
say "In one step, opened: mdm cp lfn:$LFN ct.dcm (catalogue -> SURL -> SRM -> GridFTP -> ADLER32 -> key from 2 of 3 -> decrypt)"
mdm_cli "${MDM_OPTS[@]}" cp "lfn:$LFN" "$WORK/out/ct-cp.dcm" | sed "s|$WORK/||; s/^/  /"
echo "  $(dcmdump -q +P PatientName "$WORK/out/ct-cp.dcm")"
say "A whole series, 4 files at once: mdm cp -r lfn:/grid/biomed/mdm/$STUDY_DIR/$SERIES2_DIR"
mdm_cli "${MDM_OPTS[@]}" cp -r --no-progress "lfn:/grid/biomed/mdm/$STUDY_DIR/$SERIES2_DIR" "$WORK/out/series-cp" \
  | wc -l | sed 's/^/  files copied and opened: /'
SERIES2_PATH="$BASE/$STUDY_DIR/$SERIES2_DIR"
say "Sharing in one step: the researcher grants a colleague the series of 8: mdm acl set $STUDY_DIR/$SERIES2_DIR dn:<colleague>:r"
mdm_cli "${MDM_OPTS[@]}" acl set "$STUDY_DIR/$SERIES2_DIR" "dn:$COLLEAGUE_DN:r" | sed 's/^/  /'
echo "  (the name space, the file catalogue, the metadata entries and the 8 keys on all 3 key servers, together)"
say "The colleague, with their own proxy, lists the series, copies an image and decrypts it (the key rebuilt for them)"
X509_USER_PROXY=$COLLEAGUE_PROXY X509_CERT_DIR=$CERT_DIR GFAL_PYTHONBIN=/usr/bin/python3 \
  gfal-ls "srm://localhost:$SRM_PORT$SERIES2_PATH" > "$WORK/colleague-ls.txt" || die "the colleague cannot list the series"
echo "  gfal-ls srm://…/$SERIES2_DIR: $(wc -l < "$WORK/colleague-ls.txt") images"
FIRST=$(head -n 1 "$WORK/colleague-ls.txt")
mdm_cli "${MDM_OPTS[@]}" -D "grid.proxy=$COLLEAGUE_PROXY" cp "lfn:/grid/biomed/mdm/$STUDY_DIR/$SERIES2_DIR/$FIRST" \
  "$WORK/out/colleague.dcm" | sed "s|$WORK/||; s/^/  mdm cp: /"
echo "  a readable DICOM file: $(dcmdump -q +P Modality "$WORK/out/colleague.dcm" | sed 's/.*\[\(.*\)\].*/Modality \1/')"
if mdm_cli "${MDM_OPTS[@]}" -D "grid.proxy=$COLLEAGUE_PROXY" cp "lfn:$LFN" "$WORK/out/not-shared.dcm" \
  > "$WORK/not-shared.txt" 2>&1; then die "the colleague read an image that was not shared"; fi
grep -q "no such logical file" "$WORK/not-shared.txt" || die "unexpected refusal: $(cat "$WORK/not-shared.txt")"
echo "  the image that was not shared: no such logical file (what is not granted does not exist for them)"
say "The patient's identity stays the researcher's: mdm query getattr /mdm/PATIENT/<id> name"
GUID=$(mdm_cli "${MDM_OPTS[@]}" stat "$SERIES2_PATH/$FIRST" | sed -n 's/^guid: //p')
QUERY=("${MDM_OPTS[@]}" -D "md.port=$MD_PORT")
PATIENT_ID=$(mdm_cli "${QUERY[@]}" query "getattr /mdm/IMAGE/guid:$GUID patient" | sed -n 2p)
echo "  the researcher: $(mdm_cli "${QUERY[@]}" query "getattr /mdm/PATIENT/$PATIENT_ID name" | sed -n 2p)"
ANSWER=$(mdm_cli "${QUERY[@]}" -D "grid.proxy=$COLLEAGUE_PROXY" query "getattr /mdm/PATIENT/$PATIENT_ID name")
[ -z "$ANSWER" ] || die "the colleague read the patient's name: $ANSWER"
echo "  the colleague:  (nothing: the PATIENT entry is not theirs to see; their images' entries are:"
echo "                  nx=$(mdm_cli "${QUERY[@]}" -D "grid.proxy=$COLLEAGUE_PROXY" query "getattr /mdm/IMAGE/guid:$GUID nx" | sed -n 2p))"
say "A second site (its own catalogue) and one query to both: mdm query with md.site.lyon and md.site.nice"
MD2_PORT=$(free_port)
SITE2=("${MDM_OPTS[@]}" -D "catalog.db.dir=$WORK/catalog2" -D "spool.dir=$WORK/spool2" \
  -D "dicom.deid.secret.file=$WORK/deid2.secret")
head -c 48 /dev/urandom > "$WORK/deid2.secret"; chmod 600 "$WORK/deid2.secret"
mdm_cli "${SITE2[@]}" register --no-progress "$WORK/in/ct.dcm" | sed "s|$WORK/||; s/^/  nice: /"
run_mdm "${SITE2[@]}" -D "se.gridftp.address=127.0.0.1" -D "se.gridftp.port=0" -D "se.srm.port=" \
  -D "md.address=127.0.0.1" -D "md.port=$MD2_PORT" -D "se.access=dn:$USER_DN" -D "se.access.log=$WORK/access2.log" \
  -D "se.mount.mdm.pfn=dicom://ORTHANC@127.0.0.1:$DICOM_PORT/{study}/{series}/{sop}?transform=deid" \
  serve > "$WORK/serve2.log" 2>&1 &
SERVE2_PID=$!
for _ in $(seq 1 150); do grep -q "ready" "$WORK/serve2.log" 2>/dev/null && break; sleep 0.2; done
grep -q "ready" "$WORK/serve2.log" || { cat "$WORK/serve2.log" >&2; die "the second site did not start"; }
SITES=(-D "md.site.lyon=localhost:$MD_PORT" -D "md.site.nice=localhost:$MD2_PORT")
echo "  mdm query \"selectattr /mdm/IMAGE:modality /mdm/IMAGE:nx 'nx>0'\" (every site; first rows of each):"
mdm_cli "${MDM_OPTS[@]}" "${SITES[@]}" query "selectattr /mdm/IMAGE:modality /mdm/IMAGE:nx 'nx>0'" \
  | awk -F: '{ n[$1]++ } n[$1] <= 4 { print "    " $0 } END { for (s in n) print "    " s ": " n[s] " rows in all" }'
echo "  mdm query '@nice find /mdm/IMAGE \"modality='CT'\"' (one site):"
mdm_cli "${MDM_OPTS[@]}" "${SITES[@]}" query "@nice find /mdm/IMAGE 'modality=\\'CT\\''" | sed 's/^/    /'
kill "$SERVE2_PID"; wait "$SERVE2_PID" 2>/dev/null || true
say "What the site administrator sees: mdm status (over the SE's admin socket) and the access log"
mdm_cli "${MDM_OPTS[@]}" status | sed 's/^/  /'
awk '/EVENT=TRANSFER/ && n++ < 4 { print "  " $0 }' "$WORK/access.log"
echo "  ... $(grep -c 'EVENT=TRANSFER' "$WORK/access.log") transfers and $(grep -c 'DOOR=srm' "$WORK/access.log") SRM requests in all"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
say "What leaves the site is sealed: the first bytes of the file"
od -A d -c -N 64 "$WORK/out/ct.sealed" | head -n 4 | sed 's/^/  /'
if grep -qa -e "DICM" -e "CompressedSamples" "$WORK/out/ct.sealed"; then die "the sealed file shows DICOM or the patient name in clear"; fi
echo "  no DICOM preamble, no patient name in clear"
say "The researcher decrypts it with the key rebuilt from 2 of 3 servers: mdm eds decrypt"
mdm_cli "${MDM_OPTS[@]}" eds decrypt "$KEY" "$WORK/out/ct.sealed" "$WORK/out/ct-deid.dcm"
echo "  $(stat -c %s "$WORK/out/ct.sealed") sealed bytes -> $(stat -c %s "$WORK/out/ct-deid.dcm") bytes of DICOM"
cmp -s "$WORK/out/ct-deid.dcm" "$WORK/out/ct-cp.dcm" && echo "  the same file mdm cp gave in one step" \
  || die "mdm cp and mdm eds decrypt gave different files"
say "Fetching a whole series over one association: mdm fetch $STUDY/$SERIES2"
SERIES_IMAGES=("$WORK"/in/series/ct*.dcm)
mdm_cli "${MDM_OPTS[@]}" fetch "$STUDY/$SERIES2" "$WORK/out/series" | sed 's/^/  /'

say "One key server down: decryption still works (registration needs all n, so it comes last)"
kill "${KEY_SERVER_PIDS[0]}"; wait "${KEY_SERVER_PIDS[0]}" 2>/dev/null || true
mdm_cli "${MDM_OPTS[@]}" eds decrypt "$KEY" "$WORK/out/ct.sealed" "$WORK/out/ct-deid-2of3.dcm"
cmp -s "$WORK/out/ct-deid.dcm" "$WORK/out/ct-deid-2of3.dcm" && echo "  same plaintext from servers 2 and 3" \
  || die "decryption with one server down differs"

say "Identifying attributes before (Orthanc) and after (what the researcher decrypts)"
# An attribute's value, "(empty)" when it is present without a value, "(absent)" when it is not there.
value() {
  local v; v=$(uid "$1" "$2")
  if [ -n "$v" ]; then echo "$v"
  elif dcmdump -q +P "$1" "$2" | grep -q .; then echo "(empty)"
  else echo "(absent)"; fi
}
# One table row; a value longer than its column continues on the next rows (never cut).
row() {
  local -a b c; local i n
  mapfile -t b < <(printf '%s\n' "$2" | fold -s -w 27)
  mapfile -t c < <(printf '%s\n' "$3" | fold -s -w 27)
  n=$(( ${#b[@]} > ${#c[@]} ? ${#b[@]} : ${#c[@]} ))
  for ((i = 0; i < n; i++)); do
    printf '%-22s | %-27s | %s\n' "$([ "$i" = 0 ] && echo "$1")" "${b[$i]:-}" "${c[$i]:-}"
  done
}
row "Attribute" "Before" "After"
printf '%s\n' "-----------------------+-----------------------------+----------------------------"
for a in PatientName PatientID PatientBirthDate PatientSex StudyDate StudyTime AccessionNumber \
         InstitutionName ReferringPhysicianName StudyID StudyInstanceUID SOPInstanceUID PatientIdentityRemoved \
         DeidentificationMethod; do
  row "$a" "$(value "$a" "$WORK/in/ct.dcm")" "$(value "$a" "$WORK/out/ct-deid.dcm")"
done
say "Spool contents (mdm spool ls): the image and the series' ${#SERIES_IMAGES[@]}, all sealed"
mdm_cli "${MDM_OPTS[@]}" spool ls | sed 's/^/  /'
say "Demo done; key servers and Orthanc stopped and $WORK removed."
