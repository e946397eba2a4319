package org.mdm.se.srm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * A raw httpg client for the tests that send what gfal2 never would: TLS 1.2 with a proxy, the
 * GSI byte '0', then HTTP/1.1 POSTs on one kept-alive connection, bodies as given.
 */
final class HttpgClient implements AutoCloseable {
    private static final Pattern LENGTH = Pattern.compile("(?i)\\r\\ncontent-length: *(\\d+)");

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connected and past the handshake, with {@code proxy} as the client credential. */
    HttpgClient(int port, Path proxy, GridTrust trust) throws Exception {
        this(port, Credentials.loadProxy(proxy), trust);
    }

    /** The same with {@code credential} (another user: the host's certificate, say). */
    HttpgClient(int port, GridCredential credential, GridTrust trust) throws Exception {
        this(port, credential, trust, null);
    }

    /**
     * Connected with {@code credential}; with {@code delegation} the GSI byte is 'D' (as
     * globus-url-copy sends it) and the door's PKCS#10 request is answered by it, else '0'.
     */
    private HttpgClient(int port, GridCredential credential, GridTrust trust, Answerer delegation) throws Exception {
        SSLContext tls = TlsContexts.client(credential, trust);
        socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port);
        socket.setEnabledProtocols(new String[] {"TLSv1.2"});
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        in = socket.getInputStream();
        out = socket.getOutputStream();
        if (delegation == null) {
            out.write('0');
            return;
        }
        out.write('D');
        out.flush();
        out.write(delegation.answer(readDer()));
        out.flush();
    }

    /** What a delegating client returns for the door's certificate request. */
    interface Answerer {
        byte[] answer(byte[] request) throws Exception;
    }

    /** A client that delegates {@code proxy} to the door, or answers its request with {@code answerer}. */
    static HttpgClient delegating(int port, Path proxy, GridTrust trust, Answerer answerer) throws Exception {
        return new HttpgClient(port, Credentials.loadProxy(proxy), trust, answerer);
    }

    /** One DER element (the door's PKCS#10 request), whole. */
    private byte[] readDer() throws IOException {
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(readByte());
        int first = readByte();
        der.write(first);
        int length = first;
        if (first >= 0x80) {
            length = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                int b = readByte();
                der.write(b);
                length = (length << 8) | b;
            }
        }
        der.write(in.readNBytes(length));
        return der.toByteArray();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("connection closed in the delegation");
        }
        return b;
    }

    /** An HTTP answer: its status and body. */
    record Answer(int status, String body) {
    }

    /** POSTs {@code body} to the SRM endpoint and reads the answer. */
    Answer post(byte[] body) throws IOException {
        send(body);
        return read();
    }

    Answer post(String body) throws IOException {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a POST without reading the answer. */
    void send(byte[] body) throws IOException {
        String head = "POST /srm/managerv2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: keep-alive\r\nSOAPAction: \"\"\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    Answer read() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed; got " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(h.substring(9, 12));
        Matcher m = LENGTH.matcher(h);
        byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : new byte[0];
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    /** A SOAP request for {@code operation} with {@code parts} inside its request element. */
    static String soap(String operation, String parts) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SOAP-ENV:Envelope"
                + " xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xmlns:srm2=\"http://srm.lbl.gov/StorageResourceManager\"><SOAP-ENV:Body><srm2:" + operation
                + "><" + operation + "Request>" + parts + "</" + operation + "Request></srm2:" + operation
                + "></SOAP-ENV:Body></SOAP-ENV:Envelope>";
    }

    static String surls(String... surls) {
        StringBuilder b = new StringBuilder("<arrayOfSURLs>");
        for (String s : surls) {
            b.append("<urlArray>").append(s).append("</urlArray>");
        }
        return b.append("</arrayOfSURLs>").toString();
    }

    static String fileRequests(String... surls) {
        StringBuilder b = new StringBuilder("<arrayOfFileRequests>");
        for (String s : surls) {
            b.append("<requestArray><sourceSURL>").append(s).append("</sourceSURL></requestArray>");
        }
        return b.append("</arrayOfFileRequests>").toString();
    }

    /** The text of the first {@code <element>} in {@code xml}, or null. */
    static String first(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(xml);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
