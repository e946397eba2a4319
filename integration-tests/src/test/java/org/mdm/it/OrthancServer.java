package org.mdm.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mdm.dicom.net.DicomNode;

/**
 * A private Orthanc (Debian package {@code orthanc}) for tests: its own temp directory, a
 * generated configuration, free loopback ports, started with {@code TCP_NODELAY=1} (Orthanc is
 * built on dcmtk, which is ~10x slower on loopback with Nagle on). Talk DICOM to {@link #node()};
 * the REST API ({@link #get}, {@link #getBytes}, {@link #upload}, {@link #delete}) is for loading
 * and test assertions only. {@code OverwriteInstances} is off: a second object with a SOP Instance
 * UID already held is answered {@code AlreadyStored} and does not replace the first.
 *
 * <pre>
 *   try (OrthancServer orthanc = OrthancServer.builder().moveDestination("MDMSCP", 11113).start()) {
 *       DicomNode node = orthanc.node();   // ORTHANC@127.0.0.1:&lt;port&gt;
 *   }
 * </pre>
 *
 * A missing binary fails the test with the install command; nothing is skipped.
 */
public final class OrthancServer implements AutoCloseable {
    /** Where Debian installs Orthanc. */
    public static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String aet;
    private final int dicomPort;
    private final int httpPort;
    private final Path dir;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancServer(Builder b) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("Orthanc is not installed: apt-get install orthanc");
        }
        this.aet = b.aet;
        int[] ports = freePorts(2); // both at once: two calls in a row may be given the same port
        this.dicomPort = ports[0];
        this.httpPort = ports[1];
        this.dir = Files.createTempDirectory("mdm-orthanc-");
        Files.createDirectories(dir.resolve("storage"));
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, configJson(b), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile());
        pb.environment().put("TCP_NODELAY", "1");
        this.process = pb.start();
        awaitReady();
    }

    /** A builder with the defaults: AE title ORTHANC, called AE title not checked, no modalities. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts an Orthanc with the defaults. */
    public static OrthancServer start() throws IOException {
        return builder().start();
    }

    /** Options of the generated configuration. */
    public static final class Builder {
        private String aet = "ORTHANC";
        private boolean checkCalledAet;
        private final Map<String, String> modalities = new LinkedHashMap<>();

        /** Orthanc's own AE title. */
        public Builder aet(String aet) {
            this.aet = aet;
            return this;
        }

        /** {@code DicomCheckCalledAet}: refuse associations that call another AE title. */
        public Builder checkCalledAet(boolean check) {
            this.checkCalledAet = check;
            return this;
        }

        /** Lists a C-MOVE destination (AE title on 127.0.0.1 at {@code port}) under DicomModalities. */
        public Builder moveDestination(String destinationAet, int port) {
            modalities.put(destinationAet.toLowerCase(java.util.Locale.ROOT),
                    "[ \"" + destinationAet + "\", \"127.0.0.1\", " + port + " ]");
            return this;
        }

        /**
         * Lists a modality Orthanc may send to ({@code POST /modalities/<name>/store}): the AE title
         * on 127.0.0.1 at {@code port}, under the lower-case name of its AE title.
         */
        public Builder modality(String aet, int port) {
            return moveDestination(aet, port);
        }

        public OrthancServer start() throws IOException {
            return new OrthancServer(this);
        }
    }

    private String configJson(Builder b) {
        String storage = dir.resolve("storage").toString();
        StringBuilder mods = new StringBuilder();
        b.modalities.forEach((k, v) -> mods.append(mods.length() == 0 ? "" : ", ").append('"').append(k)
                .append("\": ").append(v));
        return "{\n"
                + "  \"Name\": \"mdm-test\",\n"
                + "  \"DicomAet\": \"" + b.aet + "\",\n"
                + "  \"DicomPort\": " + dicomPort + ",\n"
                + "  \"HttpPort\": " + httpPort + ",\n"
                + "  \"StorageDirectory\": \"" + storage + "\",\n"
                + "  \"IndexDirectory\": \"" + storage + "\",\n"
                + "  \"RemoteAccessAllowed\": false,\n"
                + "  \"AuthenticationEnabled\": false,\n"
                + "  \"DicomAlwaysAllowEcho\": true,\n"
                + "  \"DicomAlwaysAllowStore\": true,\n"
                + "  \"DicomAlwaysAllowFind\": true,\n"
                + "  \"DicomAlwaysAllowGet\": true,\n"
                + "  \"DicomAlwaysAllowMove\": true,\n"
                + "  \"DicomCheckCalledAet\": " + b.checkCalledAet + ",\n"
                + "  \"UnknownSopClassAccepted\": true,\n"
                + "  \"OverwriteInstances\": false,\n"
                // Orthanc's default (1 s) races with the JDK client reusing an idle connection
                // (a POST then fails with "header parser received no bytes"); the JDK drops idle
                // connections after 30 s, so Orthanc must keep them longer.
                + "  \"KeepAliveTimeout\": 120,\n"
                // Orthanc as a DICOM client (store to a modality) waits this long for an answer;
                // its default (10 s) is short for a receiver that registers before it answers.
                + "  \"DicomScuTimeout\": 120,\n"
                + "  \"StorageCompression\": false,\n"
                + "  \"DicomModalities\": { " + mods + " }\n"
                + "}\n";
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Orthanc exited with " + process.exitValue() + " at start:\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(request("/system").build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Orthanc", e);
            }
            sleep(50);
        }
        close();
        throw new IllegalStateException("Orthanc did not answer GET /system within " + START_TIMEOUT + ":\n" + logTail());
    }

    /** The last lines of Orthanc's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("orthanc.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Orthanc as a DICOM node, on 127.0.0.1 (it listens on every interface; we talk loopback only). */
    public DicomNode node() {
        return new DicomNode(aet, "127.0.0.1", dicomPort);
    }

    public String aet() {
        return aet;
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** GET on the REST API; returns the body as text, fails on a non-2xx status. */
    public String get(String path) {
        return new String(getBytes(path), StandardCharsets.UTF_8);
    }

    /** GET on the REST API; returns the body, fails on a non-2xx status. */
    public byte[] getBytes(String path) {
        try {
            HttpResponse<byte[]> r = http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc GET " + path + " answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Orthanc's answer to {@code POST /instances}.
     *
     * @param httpStatus the HTTP status
     * @param id         the instance id (null on error)
     * @param status     {@code Success} or {@code AlreadyStored} (null on error)
     * @param error      Orthanc's message and details (null on success)
     */
    public record Upload(int httpStatus, String id, String status, String error) {
        /** True when Orthanc stored a new instance. */
        public boolean stored() {
            return httpStatus / 100 == 2 && "Success".equals(status);
        }
    }

    /**
     * Uploads a file's exact bytes ({@code POST /instances}); Orthanc stores them unchanged. A
     * connection Orthanc closed just before the request (it does after some error answers; the
     * JDK client then fails with "header parser received no bytes" and never retries a POST) is
     * retried on a new one; an upload that did reach Orthanc twice would show as an instance
     * {@link SampleImages#load} did not record, which it reports.
     */
    public Upload upload(Path file) {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return uploadOnce(file);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("POST /instances of " + file + " failed 3 times", last);
    }

    private Upload uploadOnce(Path file) throws IOException {
        try {
            HttpResponse<String> r = http.send(request("/instances").header("Content-Type", "application/dicom")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            String body = r.body();
            if (r.statusCode() / 100 == 2) {
                return new Upload(r.statusCode(), jsonString(body, "ID"), jsonString(body, "Status"), null);
            }
            String details = jsonString(body, "Details");
            return new Upload(r.statusCode(), null, null, "Orthanc answered HTTP " + r.statusCode() + " "
                    + jsonString(body, "Message") + (details == null ? "" : ": " + details));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A REST answer: the HTTP status and the body. */
    public record Answer(int httpStatus, String body) {
    }

    /** POST of a text body on the REST API; the answer whatever its status. */
    public Answer post(String path, String body) {
        try {
            HttpResponse<String> r = http.send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DELETE on the REST API; fails on a non-2xx status. */
    public void delete(String path) {
        try {
            HttpResponse<String> r = http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Orthanc DELETE " + path + " answered " + r.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A top-level string member of a JSON object (Orthanc's flat answers), or null. */
    private static String jsonString(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The Orthanc ids of every instance held. */
    public List<String> instanceIds() {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"([0-9a-f-]{44})\"").matcher(get("/instances"));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** One raw tag value of an instance ({@code /instances/{id}/content/gggg,eeee}), trimmed. */
    public String tag(String instanceId, String groupElement) {
        return trimUid(get("/instances/" + instanceId + "/content/" + groupElement));
    }

    private static String trimUid(String s) {
        return s.replace("\0", "").trim();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30));
    }

    /** Stops Orthanc and deletes its directory. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteTree(dir);
    }

    @Override
    public void close() {
        stop();
    }

    /** A TCP port free on this host right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} distinct free ports: every socket is held open until all are chosen. */
    static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // only a probe
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
