package org.mdm.copy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.config.Http1Config;

/**
 * One httpg connection to an SRM server, as gfal2 opens it: TLS with the user's proxy (the
 * server's host name checked), the GSI byte '0' (no delegation), then HTTP/1.1 with keep-alive,
 * spoken by HttpCore over that socket. Not thread-safe.
 */
final class HttpgConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private final SSLSocket socket;
    private final DefaultBHttpClientConnection http;

    private HttpgConnection(String host, int port, SSLSocket socket, DefaultBHttpClientConnection http) {
        this.host = host;
        this.port = port;
        this.socket = socket;
        this.http = http;
    }

    static HttpgConnection open(String host, int port, SSLContext tls, Duration connect, Duration reply)
            throws IOException {
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connect.toMillis());
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // HostnameCheckingTrust checks the URL's host
            s.setSSLParameters(p);
            s.setSoTimeout((int) reply.toMillis());
            s.startHandshake();
            s.getOutputStream().write('0');
            DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
            http.bind(s);
            return new HttpgConnection(host, port, s, http);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** POSTs {@code body} to {@code path}; the response body, at most {@code limit} bytes. */
    byte[] post(String path, byte[] body, int limit) throws IOException {
        ClassicHttpRequest request = new BasicClassicHttpRequest("POST", path);
        request.setHeader(HttpHeaders.HOST, host + ":" + port);
        request.setHeader("SOAPAction", "\"\"");
        // The bare connection frames the body by these headers; nothing adds them for us.
        request.setHeader(HttpHeaders.CONTENT_TYPE, "text/xml; charset=utf-8");
        request.setHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        request.setEntity(new ByteArrayEntity(body, ContentType.create("text/xml", "UTF-8")));
        try {
            http.sendRequestHeader(request);
            http.sendRequestEntity(request);
            http.flush();
            ClassicHttpResponse response = http.receiveResponseHeader();
            http.receiveResponseEntity(response);
            if (response.getEntity() == null) {
                throw new IOException("HTTP " + response.getCode() + " without a body");
            }
            try (InputStream in = response.getEntity().getContent()) {
                byte[] answer = in.readNBytes(limit + 1);
                if (answer.length > limit) {
                    throw new IOException("the answer is larger than " + limit + " bytes");
                }
                return answer;
            }
        } catch (HttpException e) {
            throw new IOException("not HTTP/1.1: " + e.getMessage(), e);
        }
    }

    boolean isOpen() {
        return http.isOpen() && !socket.isClosed();
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException ignored) {
            // the server went first
        }
    }
}
