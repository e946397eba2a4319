package org.mdm.it;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * <p>Files are sent one by one, in sorted path order, with {@code dcmsend -nuc} (which proposes
 * each file's own transfer syntax and decompresses only if Orthanc refuses it). Several pydicom
 * files share a SOP Instance UID; Orthanc runs with {@code OverwriteInstances}, so it holds the
 * one sent last. The truth for comparisons is therefore what Orthanc holds
 * ({@link #storedFile}), and {@link Sample#keptFile()} names the file that most likely became
 * it (the last accepted file with that UID), with {@link Sample#filesWithThisUid()} listing all.
 */
public final class SampleImages {
    /** python3-pydicom's sample directory. */
    public static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    /** libgdcm's XA example (4 frames, JPEG lossless). */
    public static final Path GDCM_XA = Path.of("/usr/share/doc/libgdcm3.0/examples/00191113.dcm");
    /** dicom3tools' MR example. */
    public static final Path DICOM3TOOLS_MR = Path.of("/usr/share/doc/dicom3tools/examples/0051.dcm");
    private static final Path DCMSEND = Path.of("/usr/bin/dcmsend");

    /**
     * One object Orthanc holds after loading.
     *
     * @param orthancId         Orthanc's instance id (for REST assertions)
     * @param studyUid          Study Instance UID
     * @param seriesUid         Series Instance UID
     * @param sopInstanceUid    SOP Instance UID
     * @param sopClassUid       SOP Class UID
     * @param transferSyntaxUid the transfer syntax Orthanc stored it in
     * @param keptFile          the last accepted file carrying this UID, or null if none could be read
     * @param filesWithThisUid  every accepted file carrying this UID, in send order
     */
    public record Sample(String orthancId, String studyUid, String seriesUid, String sopInstanceUid,
            String sopClassUid, String transferSyntaxUid, Path keptFile, List<Path> filesWithThisUid) {

        /** A short label for test names: the kept file's name and the transfer syntax. */
        public String label() {
            return (keptFile == null ? sopInstanceUid : keptFile.getFileName().toString()) + " [" + transferSyntaxUid + "]";
        }
    }

    private final OrthancServer orthanc;
    private final List<Sample> accepted;
    private final Map<Path, String> rejected;

    private SampleImages(OrthancServer orthanc, List<Sample> accepted, Map<Path, String> rejected) {
        this.orthanc = orthanc;
        this.accepted = accepted;
        this.rejected = rejected;
    }

    /**
     * Every sample file, in send order. Fails (never skips) with the install command when a
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

    /** Sends every sample file to Orthanc and records what it accepted. */
    public static SampleImages load(OrthancServer orthanc) throws IOException {
        if (!Files.isExecutable(DCMSEND)) {
            throw new AssertionError("dcmsend is missing: apt-get install dcmtk");
        }
        Map<Path, String> rejected = new LinkedHashMap<>();
        List<Path> sent = new ArrayList<>();
        for (Path f : sampleFiles()) {
            String failure = send(orthanc, f);
            if (failure == null) {
                sent.add(f);
            } else {
                rejected.put(f, failure);
            }
        }
        Map<String, List<Path>> filesByUid = new LinkedHashMap<>();
        for (Path f : sent) {
            String uid = sopInstanceUidOf(f);
            if (uid != null) {
                filesByUid.computeIfAbsent(uid, k -> new ArrayList<>()).add(f);
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (String id : orthanc.instanceIds()) {
            String uid = orthanc.tag(id, "0008,0018");
            List<Path> files = filesByUid.getOrDefault(uid, List.of());
            samples.add(new Sample(id, orthanc.tag(id, "0020,000d"), orthanc.tag(id, "0020,000e"), uid,
                    orthanc.tag(id, "0008,0016"), orthanc.get("/instances/" + id + "/metadata/TransferSyntax").trim(),
                    files.isEmpty() ? null : files.get(files.size() - 1), List.copyOf(files)));
        }
        samples.sort((a, b) -> a.label().compareTo(b.label()));
        // A file whose upload "succeeded" yet left no object of its UID is counted as rejected too.
        for (Path f : sent) {
            if (sopInstanceUidOf(f) == null) {
                rejected.put(f, f.getFileName().toString().startsWith("DICOMDIR")
                        ? "a DICOMDIR (media directory, not a composite object): dcmsend skips it"
                        : "dcmsend reported success but the file has no readable SOP Instance UID");
            }
        }
        return new SampleImages(orthanc, List.copyOf(samples), Collections.unmodifiableMap(rejected));
    }

    /** Runs dcmsend for one file; null on success, else the reason. */
    private static String send(OrthancServer orthanc, Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DCMSEND.toString(), "-aec", orthanc.aet(), "-nuc", "127.0.0.1",
                Integer.toString(orthanc.dicomPort()), file.toString()).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "dcmsend did not finish";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() == 0) {
            return null;
        }
        // the first error line, with its detail lines (e.g. "SOP Class UID : <empty>") folded in
        return out.lines().dropWhile(l -> !(l.startsWith("E:") || l.startsWith("F:"))).limit(4)
                .filter(l -> l.startsWith("E:")).map(l -> l.substring(2).trim()).collect(Collectors.joining(" "))
                .replace(file.toString() + ": ", "");
    }

    /** The SOP Instance UID in a file (spaces removed, as dcmsend -nuc does), or null. */
    static String sopInstanceUidOf(Path f) {
        try {
            AttributeList list = new AttributeList();
            list.read(f.toString(), TagFromName.PixelData);
            String uid = com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID);
            return uid == null ? null : uid.replace(" ", "").trim();
        } catch (Exception e) {
            return null;
        }
    }

    /** The objects Orthanc holds, sorted by label. */
    public List<Sample> accepted() {
        return accepted;
    }

    /** Files that left no object in Orthanc, with the reason dcmsend gave. */
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

    /** A one-line-per-file summary (for the build log). */
    public String summary() {
        StringBuilder b = new StringBuilder("Orthanc holds " + accepted.size() + " objects, by transfer syntax "
                + accepted.stream().collect(Collectors.groupingBy(Sample::transferSyntaxUid, TreeMap::new,
                        Collectors.counting())) + "; rejected " + rejected.size() + " files:\n");
        rejected.forEach((f, why) -> b.append("  ").append(f).append(": ").append(why).append('\n'));
        return b.toString();
    }
}
