package org.mdm.it;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.mdm.dicom.net.DicomNode;

/**
 * dcmtk's {@code dcmqrscp} (Debian package {@code dcmtk}) as a second DICOM server for tests: its
 * own temp directory with a generated configuration and database, a free loopback port,
 * multi-process mode (a child per association, as sites run it), {@code TCP_NODELAY=1}, and one
 * C-MOVE destination. It is loaded with {@code storescu}, one file per association, so every
 * file's outcome is known. dcmqrscp's sub-operations send an object over the first context it
 * accepted for the object's class: a native object goes out converted to that context's
 * (native) syntax, a compressed one fails (0xA702) unless that context is its own syntax.
 *
 * <p>Its incoming association profile (the {@code -xf} file) accepts every storage class of the
 * files to load, and Q/R, with every transfer syntax MDM knows, so it stores compressed files as
 * they are and accepts MDM's compressed C-GET contexts. Out of the box it would accept
 * uncompressed storage only. dcmqrscp then sends an object over the first context it accepted
 * for its class, whatever the object's syntax (issue 9): the case MDM's retry handles.
 *
 * <pre>
 *   try (DcmqrscpServer q = DcmqrscpServer.start("MDMSCP", scpPort, files)) {
 *       q.store(file);   // storescu
 *       DicomNode node = q.node();
 *   }
 * </pre>
 * A missing binary fails with the install command; nothing is skipped.
 */
public final class DcmqrscpServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/dcmqrscp");
    public static final Path STORESCU = Path.of("/usr/bin/storescu");
    public static final String AET = "DCMQRSCP";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final List<String> SYNTAXES = List.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2",
            "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5");
    private static final List<String> QR_CLASSES = List.of("1.2.840.10008.1.1", "1.2.840.10008.5.1.4.1.2.2.1",
            "1.2.840.10008.5.1.4.1.2.2.2", "1.2.840.10008.5.1.4.1.2.2.3", "1.2.840.10008.5.1.4.1.2.1.1",
            "1.2.840.10008.5.1.4.1.2.1.2", "1.2.840.10008.5.1.4.1.2.1.3");

    private final int port;
    private final Path dir;
    private final Process process;

    private DcmqrscpServer(String moveAet, int movePort, Set<String> storageClasses, Set<String> pairs)
            throws IOException {
        for (Path p : List.of(BINARY, STORESCU)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p.getFileName() + " is not installed: apt-get install dcmtk");
            }
        }
        this.port = OrthancServer.freePort();
        this.dir = Files.createTempDirectory("mdm-dcmqrscp-");
        Files.createDirectories(dir.resolve("db"));
        Path config = dir.resolve("dcmqrscp.cfg");
        Files.writeString(config, config(moveAet, movePort), StandardCharsets.US_ASCII);
        Path profiles = dir.resolve("profiles.cfg");
        Files.writeString(profiles, profiles(storageClasses, pairs), StandardCharsets.US_ASCII);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-c", config.toString(), "--fork",
                "-xf", profiles.toString(), "Incoming", "Outgoing", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(dir.resolve("dcmqrscp.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        this.process = pb.start();
        awaitListening();
    }

    /**
     * Starts a dcmqrscp that accepts the storage classes of {@code files} and knows
     * {@code moveAet} at 127.0.0.1:{@code movePort} as C-MOVE destination.
     */
    public static DcmqrscpServer start(String moveAet, int movePort, List<Path> files) throws IOException {
        Set<String> classes = new TreeSet<>();
        Set<String> pairs = new TreeSet<>();
        for (Path f : files) {
            String[] meta = classAndSyntaxOf(f);
            if (meta != null) {
                classes.add(meta[0]);
                pairs.add(meta[0] + "|" + meta[1]);
            }
        }
        if (pairs.size() > 128) {
            throw new IllegalStateException(pairs.size() + " (class, syntax) pairs: more than one association carries");
        }
        return new DcmqrscpServer(moveAet, movePort, classes, pairs);
    }

    private String config(String moveAet, int movePort) {
        return "NetworkTCPPort  = " + port + "\n"
                + "MaxPDUSize      = 65536\n"
                + "MaxAssociations = 32\n\n"
                + "HostTable BEGIN\n"
                + "mdm = (" + moveAet + ", 127.0.0.1, " + movePort + ")\n"
                + "HostTable END\n\n"
                + "VendorTable BEGIN\n"
                + "VendorTable END\n\n"
                + "AETable BEGIN\n"
                // Quota: at most 500 studies of at most 1 GB each (dcmqrscp's own ceiling).
                + AET + "  " + dir.resolve("db") + "  RW  (500, 1024mb)  ANY\n"
                + "AETable END\n";
    }

    /**
     * dcmtk association profiles. Incoming: Q/R and every storage class with every syntax, one
     * context per class, and both roles for the storage classes (C-GET: without the SCP role dcmqrscp
     * finds "no presentation context with requestor SCP role"). Outgoing (the C-MOVE
     * sub-association): one context per (class, syntax) pair the loaded files hold, as storescu
     * -R proposes them, so dcmqrscp can send each object unconverted if it picks the right one.
     */
    private static String profiles(Set<String> storageClasses, Set<String> pairs) {
        StringBuilder b = new StringBuilder("[[TransferSyntaxes]]\n[All]\n");
        for (int i = 0; i < SYNTAXES.size(); i++) {
            b.append("TransferSyntax").append(i + 1).append(" = ").append(SYNTAXES.get(i)).append('\n');
        }
        List<String> pairList = new ArrayList<>(pairs);
        for (int i = 0; i < pairList.size(); i++) {
            b.append("[Syntax").append(i + 1).append("]\nTransferSyntax1 = ").append(pairList.get(i).split("\\|")[1])
                    .append('\n');
        }
        b.append("\n[[PresentationContexts]]\n[Incoming]\n");
        List<String> classes = new ArrayList<>(QR_CLASSES);
        classes.addAll(storageClasses);
        for (int i = 0; i < classes.size(); i++) {
            b.append("PresentationContext").append(i + 1).append(" = ").append(classes.get(i)).append("\\All\n");
        }
        b.append("[Outgoing]\n");
        for (int i = 0; i < pairList.size(); i++) {
            b.append("PresentationContext").append(i + 1).append(" = ").append(pairList.get(i).split("\\|")[0])
                    .append("\\Syntax").append(i + 1).append('\n');
        }
        b.append("\n[[SCPSCURoleSelection]]\n[Roles]\n");
        int n = 1;
        for (String cls : storageClasses) {
            b.append("Role").append(n++).append(" = ").append(cls).append("\\BOTH\n");
        }
        b.append("\n[[Profiles]]\n[Incoming]\nPresentationContexts = Incoming\nSCPSCURoleSelection = Roles\n");
        b.append("[Outgoing]\nPresentationContexts = Outgoing\n");
        return b.toString();
    }

    /** The file's SOP class and transfer syntax from its meta header, or null. */
    private static String[] classAndSyntaxOf(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                DicomInputStream dicom = new DicomInputStream(in)) {
            AttributeList meta = new AttributeList();
            meta.readOnlyMetaInformationHeader(dicom);
            String cls = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPClassUID);
            String ts = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID);
            return cls.isEmpty() || ts.isEmpty() ? null : new String[] {cls, ts};
        } catch (Exception e) {
            return null; // not a Part 10 file: storescu will refuse it as well
        }
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dcmqrscp exited with " + process.exitValue() + " at start:\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("dcmqrscp did not listen on port " + port + " within " + START_TIMEOUT
                + ":\n" + log());
    }

    /**
     * Stores one file with {@code storescu}, proposing the Outgoing profile: one context per
     * (class, syntax) pair of the files, so storescu sends each file in its own syntax (its
     * {@code -x} options cover neither every compressed syntax nor a mix of them). Returns null
     * when stored, else storescu's output.
     */
    public String store(Path file) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(STORESCU.toString(), "-xf", dir.resolve("profiles.cfg").toString(),
                "Outgoing", "-aec", AET, "127.0.0.1", Integer.toString(port), file.toString())
                .redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "storescu did not finish within 60 s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return p.exitValue() == 0 && !out.contains("E: ") ? null : out.trim();
    }

    /** dcmqrscp as a DICOM node on 127.0.0.1. */
    public DicomNode node() {
        return new DicomNode(AET, "127.0.0.1", port);
    }

    /** The log's last lines, for failure messages. */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("dcmqrscp.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops dcmqrscp (its association children end with their associations) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        OrthancServer.deleteTree(dir);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
