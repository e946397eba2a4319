package org.mdm.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real DICOM sample files shipped by Debian packages (nobody here wrote them), loaded into
 * an {@link OrthancServer}, and what Orthanc made of them.
 *
 * <p>Sources: python3-pydicom's {@code test_files} (recursively; CT, MR, SC, RT, SEG, SR, ECG,
 * JPEG, JPEG 2000, JPEG-LS, RLE, big endian, implicit VR, deflate, deliberately broken ones),
 * libgdcm's {@code 00191113.dcm} (XA, JPEG lossless) and dicom3tools' {@code 0051.dcm} (MR).
 *
 * <p>Each file's exact bytes are uploaded, in sorted path order, through Orthanc's REST API
 * ({@code POST /instances}), so Orthanc stores every object in the file's own transfer syntax
 * (a DICOM C-STORE would let the sender and Orthanc negotiate, and possibly convert, it). Several
 * pydicom files share a SOP Instance UID (MR_small.dcm, MR_small_RLE.dcm, MR_small_bigendian.dcm,
 * ... are one image in several encodings). Orthanc decides what a duplicate is, from its own
 * parse of the file: it answers {@code AlreadyStored} (overwriting is off), or, for a file whose
 * UID only Orthanc could read under other parent UIDs, indexes a second instance with a UID it
 * already holds (which we delete again). Such a file is then uploaded as a copy with a fresh SOP
 * Instance UID ({@link FreshUidCopy}), so no file hides another and each SOP Instance UID names
 * exactly one object. Files Orthanc refuses are listed in {@link #rejected()} with its answer.
 */
public final class SampleImages {
    /** python3-pydicom's sample directory. */
    public static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    /** libgdcm's XA example (4 frames, JPEG lossless). */
    public static final Path GDCM_XA = Path.of("/usr/share/doc/libgdcm3.0/examples/00191113.dcm");
    /** dicom3tools' MR example. */
    public static final Path DICOM3TOOLS_MR = Path.of("/usr/share/doc/dicom3tools/examples/0051.dcm");

    /**
     * One object Orthanc holds after loading.
     *
     * @param orthancId         Orthanc's instance id (for REST assertions)
     * @param studyUid          Study Instance UID
     * @param seriesUid         Series Instance UID
     * @param sopInstanceUid    SOP Instance UID
     * @param sopClassUid       SOP Class UID
     * @param transferSyntaxUid the transfer syntax Orthanc stored it in (the file's own)
     * @param sourceFile        the sample file it comes from
     * @param keptFile          the file whose exact bytes Orthanc holds: {@code sourceFile}, or a
     *                          copy of it with a fresh SOP Instance UID (same file name)
     */
    public record Sample(String orthancId, String studyUid, String seriesUid, String sopInstanceUid,
            String sopClassUid, String transferSyntaxUid, Path sourceFile, Path keptFile) {

        /** True when Orthanc holds a copy with a fresh SOP Instance UID (the original's UID was taken). */
        public boolean freshUid() {
            return !keptFile.equals(sourceFile);
        }

        /** A short label for test names: the file name and the transfer syntax. */
        public String label() {
            return keptFile.getFileName() + (freshUid() ? " (fresh UID)" : "") + " [" + transferSyntaxUid + "]";
        }
    }

    private final OrthancServer orthanc;
    private final List<Sample> accepted;
    private final Map<Path, String> rejected;
    private final FreshUidCopy copies;
    private final Duration loadTime;

    private SampleImages(OrthancServer orthanc, List<Sample> accepted, Map<Path, String> rejected,
            FreshUidCopy copies, Duration loadTime) {
        this.orthanc = orthanc;
        this.accepted = accepted;
        this.rejected = rejected;
        this.copies = copies;
        this.loadTime = loadTime;
    }

    /**
     * Every sample file, in upload order. Fails (never skips) with the install command when a
     * package is missing.
     */
    public static List<Path> sampleFiles() throws IOException {
        require(PYDICOM, "python3-pydicom");
        require(GDCM_XA, "libgdcm-tools");
        require(DICOM3TOOLS_MR, "dicom3tools");
        List<Path> files;
        try (Stream<Path> s = Files.walk(PYDICOM)) {
            files = s.filter(Files::isRegularFile).filter(SampleImages::mayBeDicom).sorted().collect(Collectors.toList());
        }
        files.add(GDCM_XA);
        files.add(DICOM3TOOLS_MR);
        return files;
    }

    private static boolean mayBeDicom(Path p) {
        String n = p.getFileName().toString();
        return !(n.endsWith(".txt") || n.endsWith(".json") || n.endsWith(".dump") || n.endsWith(".gz")
                || n.equals("README") || n.endsWith(".py"));
    }

    private static void require(Path p, String pkg) {
        if (!Files.exists(p)) {
            throw new AssertionError(p + " is missing: apt-get install " + pkg);
        }
    }

    /** Uploads every sample file to Orthanc (a fresh-UID copy where the UID is taken) and records the outcome. */
    public static SampleImages load(OrthancServer orthanc) throws IOException {
        long t0 = System.nanoTime();
        FreshUidCopy copies = new FreshUidCopy();
        Map<Path, String> rejected = new LinkedHashMap<>();
        Map<String, Sample> byUid = new LinkedHashMap<>();
        for (Path f : sampleFiles()) {
            Object outcome = upload(orthanc, f, f, byUid);
            if (outcome == DUPLICATE) {
                outcome = upload(orthanc, f, copies.copy(f), byUid);
                if (outcome == DUPLICATE) {
                    outcome = "still a duplicate after dcmodify -gin gave it a fresh SOP Instance UID";
                }
            }
            if (outcome instanceof Sample s) {
                byUid.put(s.sopInstanceUid(), s);
            } else {
                rejected.put(f, (String) outcome);
            }
        }
        List<Sample> samples = new ArrayList<>(byUid.values());
        samples.sort(Comparator.comparing(Sample::label));
        List<String> held = orthanc.instanceIds();
        if (held.size() != samples.size()) {
            throw new IllegalStateException("Orthanc holds " + held.size() + " instances but " + samples.size()
                    + " uploads were recorded");
        }
        return new SampleImages(orthanc, List.copyOf(samples), Collections.unmodifiableMap(rejected), copies,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** Marks an upload Orthanc took for a SOP Instance UID it already holds. */
    private static final Object DUPLICATE = new Object();

    /** Uploads one file: a {@link Sample}, {@link #DUPLICATE}, or Orthanc's refusal as a String. */
    private static Object upload(OrthancServer orthanc, Path source, Path file, Map<String, Sample> byUid) {
        OrthancServer.Upload u = orthanc.upload(file);
        if (u.error() != null) {
            return u.error();
        }
        if ("AlreadyStored".equals(u.status())) {
            return DUPLICATE;
        }
        if (!u.stored()) {
            return "Orthanc answered status " + u.status();
        }
        String id = u.id();
        String uid = orthanc.tag(id, "0008,0018");
        if (byUid.containsKey(uid)) {
            // Orthanc indexed it as a second instance (other parent UIDs) with a UID it already holds.
            orthanc.delete("/instances/" + id);
            return DUPLICATE;
        }
        return new Sample(id, orthanc.tag(id, "0020,000d"), orthanc.tag(id, "0020,000e"), uid,
                orthanc.tag(id, "0008,0016"), orthanc.get("/instances/" + id + "/metadata/TransferSyntax").trim(),
                source, file);
    }

    /** How long {@link #load} took. */
    public Duration loadTime() {
        return loadTime;
    }

    /** Deletes the fresh-UID copies (at the end of the run). */
    public void deleteCopies() {
        copies.delete();
    }

    /** The objects Orthanc holds, sorted by label. */
    public List<Sample> accepted() {
        return accepted;
    }

    /** Files that left no object in Orthanc, with Orthanc's answer. */
    public Map<Path, String> rejected() {
        return rejected;
    }

    /** Accepted objects grouped by Series Instance UID. */
    public Map<String, List<Sample>> bySeries() {
        return accepted.stream().collect(Collectors.groupingBy(Sample::seriesUid, TreeMap::new, Collectors.toList()));
    }

    /** The series with the most instances. */
    public List<Sample> largestSeries() {
        return bySeries().values().stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
    }

    /** The Part 10 file Orthanc holds for a sample (REST, for comparisons only). */
    public byte[] storedFile(Sample s) {
        return orthanc.getBytes("/instances/" + s.orthancId() + "/file");
    }

    /** Accepted objects grouped by the transfer syntax Orthanc stored them in. */
    public Map<String, List<Sample>> byTransferSyntax() {
        return accepted.stream().collect(Collectors.groupingBy(Sample::transferSyntaxUid, TreeMap::new,
                Collectors.toList()));
    }

    /** A one-line-per-rejected-file summary (for the build log). */
    public String summary() {
        StringBuilder b = new StringBuilder("Orthanc holds " + accepted.size() + " objects ("
                + accepted.stream().filter(Sample::freshUid).count() + " of them copies with a fresh SOP Instance UID)"
                + ", by transfer syntax " + accepted.stream().collect(Collectors.groupingBy(Sample::transferSyntaxUid,
                        TreeMap::new, Collectors.counting())) + "; rejected " + rejected.size() + " files:\n");
        rejected.forEach((f, why) -> b.append("  ").append(f).append(": ").append(why).append('\n'));
        return b.toString();
    }
}
