package org.mdm.copy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.srm.SoapCodec;
import org.mdm.srm.Xml;

/**
 * An SRM v2.2 client for what a copy needs: srmLs (one path, or a directory page by page),
 * srmPrepareToGet polled until the file is pinned, srmReleaseFiles and srmAbortRequest. One
 * kept-alive httpg connection, reopened once if the server closed it between calls; calls are
 * serialised. Written by hand on {@link SoapCodec} because no maintained Java SOAP stack speaks
 * rpc/encoded (PROTOCOLS.md).
 */
final class SrmClient implements AutoCloseable {
    private static final int MAX_ANSWER = 64 << 20;
    static final int PAGE = 1000;

    private final SrmUrl server;
    private final SSLContext tls;
    private final Duration connect;
    private final Duration reply;
    private final SoapCodec soap = new SoapCodec();
    private HttpgConnection connection;

    SrmClient(SrmUrl server, SSLContext tls, Duration connect, Duration reply) {
        this.server = server;
        this.tls = tls;
        this.connect = connect;
        this.reply = reply;
    }

    /** What srmPrepareToGet pinned: the request, the TURL to read and the file's size (-1: not given). */
    record Pinned(String token, String turl, long size) {
    }

    /** srmLs of one path (numOfLevels 0). */
    SrmEntry stat(SrmUrl url) throws MdmException {
        return ls(url, 0, 0, 0).get(0);
    }

    /** The entries of directory {@code dir}, every page of them. */
    List<SrmEntry> list(SrmUrl dir) throws MdmException {
        List<SrmEntry> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<SrmEntry> page = ls(dir, 1, offset, PAGE).get(0).children();
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    private List<SrmEntry> ls(SrmUrl url, int levels, int offset, int count) throws MdmException {
        Xml answer = call("srmLs", Xml.of("srmLsRequest",
                Xml.of("arrayOfSURLs", Xml.text("urlArray", url.text())),
                Xml.text("fullDetailedList", "true"), Xml.text("numOfLevels", levels),
                offset > 0 ? Xml.text("offset", offset) : null, count > 0 ? Xml.text("count", count) : null));
        List<Xml> details = answer.child("details").map(d -> d.all("pathDetailArray")).orElse(List.of());
        if (details.isEmpty()) {
            throw failure(answer, url.text());
        }
        List<SrmEntry> entries = new ArrayList<>();
        for (Xml d : details) {
            String code = d.child("status").flatMap(s -> s.textOf("statusCode")).orElse("SRM_SUCCESS");
            if (!"SRM_SUCCESS".equals(code)) {
                throw SrmFailures.of(code, d.child("status").flatMap(s -> s.textOf("explanation")).orElse(null),
                        url.text());
            }
            entries.add(entry(d));
        }
        return entries;
    }

    private static SrmEntry entry(Xml d) {
        List<SrmEntry> children = new ArrayList<>();
        d.child("arrayOfSubPaths").ifPresent(a -> a.all("pathDetailArray").forEach(c -> children.add(entry(c))));
        boolean adler = d.textOf("checkSumType").map(t -> t.toLowerCase(Locale.ROOT).equals("adler32")).orElse(false);
        String sum = adler ? d.textOf("checkSumValue").map(SrmClient::eightHex).orElse(null) : null;
        return new SrmEntry(d.textOf("path").orElse(""), d.textOf("type").orElse("FILE").equals("DIRECTORY"),
                d.textOf("size").map(Long::parseLong).orElse(-1L), sum, children);
    }

    private static String eightHex(String hex) {
        String h = hex.toLowerCase(Locale.ROOT);
        return h.length() >= 8 ? h : "0".repeat(8 - h.length()) + h;
    }

    /**
     * srmPrepareToGet of {@code url} for gsiftp, polled until the file is pinned; on failure,
     * timeout or interrupt the request is aborted.
     *
     * @throws MdmException the server's refusal of the file, TIMEOUT, CANCELLED
     */
    Pinned prepareToGet(SrmUrl url, int pinSeconds, Duration timeout) throws MdmException, InterruptedException {
        Xml answer = call("srmPrepareToGet", Xml.of("srmPrepareToGetRequest",
                Xml.of("arrayOfFileRequests", Xml.of("requestArray", Xml.text("sourceSURL", url.text()))),
                Xml.text("desiredPinLifeTime", pinSeconds),
                Xml.of("transferParameters", Xml.text("accessPattern", "TRANSFER_MODE"),
                        Xml.text("connectionType", "WAN"),
                        Xml.of("arrayOfTransferProtocols", Xml.text("stringArray", "gsiftp")))));
        String token = answer.textOf("requestToken").orElse(null);
        long deadline = System.nanoTime() + timeout.toNanos();
        long wait = 50;
        boolean done = false;
        try {
            while (true) {
                Pinned pinned = pinnedOrNull(answer, token, url);
                if (pinned != null) {
                    done = true;
                    return pinned;
                }
                if (token == null) {
                    throw failure(answer, url.text());
                }
                if (System.nanoTime() > deadline) {
                    throw new MdmException(Status.TIMEOUT, url.text() + ": not staged within " + timeout.toSeconds()
                            + " s; try again later");
                }
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 1000);
                answer = call("srmStatusOfGetRequest", Xml.of("srmStatusOfGetRequestRequest",
                        Xml.text("requestToken", token)));
            }
        } finally {
            if (!done && token != null) {
                abortQuietly(token);
            }
        }
    }

    /** The pinned file in a get answer; null while it waits; its failure thrown. */
    private static Pinned pinnedOrNull(Xml answer, String token, SrmUrl url) throws MdmException {
        Xml file = answer.child("arrayOfFileStatuses").flatMap(a -> a.child("statusArray")).orElse(null);
        String request = code(answer);
        if (file == null) {
            if (request.equals("SRM_REQUEST_QUEUED") || request.equals("SRM_REQUEST_INPROGRESS")) {
                return null;
            }
            throw failure(answer, url.text());
        }
        String code = file.child("status").flatMap(s -> s.textOf("statusCode")).orElse(request);
        switch (code) {
            case "SRM_FILE_PINNED", "SRM_SUCCESS", "SRM_DONE" -> {
                String turl = file.textOf("transferURL").orElse(null);
                if (turl == null) {
                    throw new MdmException(Status.PEER_UNAVAILABLE, url.text() + ": the SRM server pinned the file"
                            + " but gave no transfer URL");
                }
                return new Pinned(token, turl, file.textOf("fileSize").map(Long::parseLong).orElse(-1L));
            }
            case "SRM_REQUEST_QUEUED", "SRM_REQUEST_INPROGRESS" -> {
                return null;
            }
            default -> throw SrmFailures.of(code, file.child("status").flatMap(s -> s.textOf("explanation"))
                    .orElse(null), url.text());
        }
    }

    /** srmReleaseFiles of {@code url} in request {@code token}; a failure only means the pin ends by itself. */
    void releaseQuietly(String token, SrmUrl url) {
        try {
            call("srmReleaseFiles", Xml.of("srmReleaseFilesRequest", Xml.text("requestToken", token),
                    Xml.of("arrayOfSURLs", Xml.text("urlArray", url.text()))));
        } catch (MdmException e) {
            // the pin expires at its lifetime
        }
    }

    private void abortQuietly(String token) {
        try {
            call("srmAbortRequest", Xml.of("srmAbortRequestRequest", Xml.text("requestToken", token)));
        } catch (MdmException e) {
            // the server ends it at its lifetime
        }
    }

    private static String code(Xml answer) {
        return answer.child("returnStatus").flatMap(s -> s.textOf("statusCode")).orElse("SRM_FAILURE");
    }

    private static MdmException failure(Xml answer, String what) {
        return SrmFailures.of(code(answer), answer.child("returnStatus").flatMap(s -> s.textOf("explanation"))
                .orElse(null), what);
    }

    /** One call; a kept-alive connection the server closed meanwhile is reopened once. */
    synchronized Xml call(String operation, Xml part) throws MdmException {
        byte[] body = soap.request(operation, part);
        for (int attempt = 1; ; attempt++) {
            boolean reused = connection != null;
            try {
                if (connection == null) {
                    connection = HttpgConnection.open(server.host(), server.port(), tls, connect, reply);
                }
                SoapCodec.Call answer = soap.read(connection.post(server.endpoint(), body, MAX_ANSWER));
                if (!answer.operation().equals(operation + "Response")) {
                    throw new MdmException(Status.PEER_UNAVAILABLE, where() + " answered " + answer.operation()
                            + " to " + operation);
                }
                return answer.request();
            } catch (SSLException e) {
                drop();
                throw new MdmException(Status.AUTHORIZATION_FAILURE, where() + ": the TLS handshake failed ("
                        + e.getMessage() + "); check your proxy (grid-proxy-info) and the CA directory");
            } catch (IOException e) {
                drop();
                if (!reused || attempt > 1) {
                    throw new MdmException(Status.PEER_UNAVAILABLE, where() + ": " + e.getMessage()
                            + " (is the server up, and is this its SRM port?)", e);
                }
            }
        }
    }

    private String where() {
        return "SRM server " + server.host() + ":" + server.port();
    }

    private void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }
}
