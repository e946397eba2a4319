#!/usr/bin/env bash
# Builds a synthetic CT series of N images of 512x512 from REAL data, for the benchmarks.
#
#   bench/make-ct-series.sh N OUTDIR
#
# Source: pydicom's test file 693_J2KI.dcm (python3-pydicom), a real 512x512 16-bit head CT
# (CQ500 collection, already anonymised, stored as lossy JPEG 2000). No synthetic pixels: the
# image is decompressed once with `gdcmconv --raw` (Explicit VR Little Endian, ~526 KB), its
# patient/study data are set with one `dcmodify`, then it is copied N times. Each copy gets its
# own InstanceNumber, ImagePositionPatient and SliceLocation (5 mm apart) - written by one
# pydicom process, as dcmodify would need one process per file for per-file values - and a new
# SOP Instance UID from `dcmodify -gin`, run on batches of files (one process per 100 files).
# Study and Series Instance UIDs are the same for every copy and deterministic for a given N
# (2.25.<UUIDv5>), so repeated runs build the same series apart from the SOP Instance UIDs.
#
# Prints STUDY_UID=..., SERIES_UID=..., COUNT=... and BYTES=... on stdout.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 N OUTDIR" >&2; exit 2; }
N=$1 OUT=$2
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "N must be a positive integer" >&2; exit 2; }
SRC=${MDM_BENCH_CT_SOURCE:-/usr/lib/python3/dist-packages/pydicom/data/test_files/693_J2KI.dcm}
PY=/usr/bin/python3   # Debian's python, which has python3-pydicom (a pyenv python may come first in PATH)
for t in gdcmconv dcmodify dcmdump; do
  command -v "$t" >/dev/null || { echo "$t missing: apt-get install libgdcm-tools dcmtk" >&2; exit 1; }
done
[ -f "$SRC" ] || { echo "$SRC missing: apt-get install python3-pydicom" >&2; exit 1; }
"$PY" -c 'import pydicom' 2>/dev/null || { echo "pydicom missing: apt-get install python3-pydicom" >&2; exit 1; }
mkdir -p "$OUT"
[ -z "$(ls -A "$OUT")" ] || { echo "$OUT is not empty" >&2; exit 1; }

uid() { "$PY" -c 'import sys,uuid; print("2.25.%d" % uuid.uuid5(uuid.NAMESPACE_URL, sys.argv[1]).int)' "$1"; }
STUDY=$(uid "urn:mdm:bench:ct:study:$N")
SERIES=$(uid "urn:mdm:bench:ct:series:$N")

BASE="$OUT/.base.dcm"
gdcmconv --raw "$SRC" "$BASE"
dcmodify -q -nb \
  -i "PatientName=MDM^Bench CT" -i "PatientID=MDM-BENCH-CT" -i "PatientBirthDate=19700101" \
  -i "PatientSex=O" -i "StudyDate=20240102" -i "StudyTime=101500" -i "AccessionNumber=BENCH$N" \
  -i "StudyID=BENCH" -i "InstitutionName=MDM Benchmark Hospital" \
  -i "ReferringPhysicianName=Doe^Jane" -i "StudyInstanceUID=$STUDY" -i "SeriesInstanceUID=$SERIES" \
  -i "SeriesNumber=1" -i "SeriesDescription=MDM bench: $N x 512x512 CT from pydicom 693_J2KI" \
  -e "PatientIdentityRemoved" "$BASE"
rows=$(dcmdump -q +P Rows "$BASE" | awk '{print $3}'); cols=$(dcmdump -q +P Columns "$BASE" | awk '{print $3}')
[ "$rows" = 512 ] && [ "$cols" = 512 ] || { echo "$SRC is ${rows}x${cols}, not 512x512" >&2; exit 1; }

# N copies, each with its own instance number and slice position (one Python process).
"$PY" - "$BASE" "$OUT" "$N" <<'PY'
import sys, pydicom
base, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ds = pydicom.dcmread(base)
x, y, z0 = (float(v) for v in ds.ImagePositionPatient)
for i in range(1, n + 1):
    z = z0 - 5.0 * (i - 1)
    ds.InstanceNumber = i
    ds.ImagePositionPatient = [x, y, z]
    ds.SliceLocation = z
    ds.save_as("%s/ct%05d.dcm" % (out, i), write_like_original=True)
PY
rm -f "$BASE"
# New SOP Instance UIDs (also in the file meta), 100 files per dcmodify process.
find "$OUT" -maxdepth 1 -name 'ct*.dcm' -print0 | xargs -0 -n 100 dcmodify -q -nb -gin

count=$(find "$OUT" -maxdepth 1 -name 'ct*.dcm' | wc -l)
uniq=$(find "$OUT" -maxdepth 1 -name 'ct*.dcm' -print0 | xargs -0 -n 200 dcmdump -q +P SOPInstanceUID | { grep "^(0008,0018)" || true; } | sort -u | wc -l)
[ "$count" = "$N" ] && [ "$uniq" = "$N" ] || { echo "expected $N files with distinct SOP Instance UIDs, got $count/$uniq" >&2; exit 1; }
echo "STUDY_UID=$STUDY"
echo "SERIES_UID=$SERIES"
echo "COUNT=$N"
echo "BYTES=$(du -sb "$OUT" | awk '{print $1}')"
