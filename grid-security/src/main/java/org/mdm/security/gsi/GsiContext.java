package org.mdm.security.gsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.TlsContexts;

/**
 * A GSI security context on the JDK's SSLEngine: the TLS handshake and the records after it are
 * exchanged as opaque tokens (the payloads of FTP {@code ADAT}, {@code ENC}/{@code MIC} and
 * {@code 632}/{@code 631} replies, or of a data channel), instead of over a socket.
 *
 * <p>Per PROTOCOLS.md: one token may carry several records and several kilobytes (buffers grow
 * as needed); after the handshake a token may already hold application data (the client's
 * delegation flag), which {@link #takeApplicationData} returns; and a TLS 1.3 server's
 * NewSessionTicket is flushed into the last handshake token, because Globus clients wait for it.
 * Not thread-safe: one context belongs to one connection.
 */
public final class GsiContext {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private ByteBuffer inbound = ByteBuffer.allocate(0);
    private ByteBuffer app;
    private final ByteArrayOutputStream applicationData = new ByteArrayOutputStream();
    private boolean established;

    private GsiContext(SSLEngine engine, String... protocols) throws MdmException {
        this.engine = engine;
        if (protocols.length > 0) {
            engine.setEnabledProtocols(protocols);
        }
        this.app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            throw failure(e);
        }
    }

    /** The accepting side (a door), requiring the peer's certificate chain; protocols as given, or the JDK's. */
    public static GsiContext acceptor(SSLContext server, String... protocols) throws MdmException {
        return new GsiContext(TlsContexts.serverEngine(server), protocols);
    }

    /** The initiating side (a client or an outgoing data channel) towards {@code host:port}. */
    public static GsiContext initiator(SSLContext client, String host, int port, String... protocols)
            throws MdmException {
        return new GsiContext(TlsContexts.clientEngine(client, host, port), protocols);
    }

    /**
     * Feeds one token from the peer (null for the initiator's first step) and returns the token
     * to send back, which may be empty.
     *
     * @throws MdmException AUTHORIZATION_FAILURE if the handshake fails (an unknown CA, an expired
     *                      or untrusted proxy), naming the reason TLS gave
     */
    public byte[] step(byte[] token) throws MdmException {
        append(token);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            while (!established) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                        task.run();
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    wrapInto(EMPTY, out);
                } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    if (!unwrapOnce()) {
                        break; // the rest of the handshake is in the peer's next token
                    }
                } else {
                    established = true;
                }
            }
            if (established) {
                drainInbound();
                flushPostHandshake(out);
            }
        } catch (SSLException e) {
            throw failure(e);
        }
        return out.toByteArray();
    }

    /** Whether the handshake is complete on this side. */
    public boolean isEstablished() {
        return established;
    }

    /** Application bytes that arrived in handshake tokens (e.g. the delegation flag), once. */
    public byte[] takeApplicationData() {
        byte[] bytes = applicationData.toByteArray();
        applicationData.reset();
        return bytes;
    }

    /** Protects application data into a token (TLS records). */
    public byte[] wrap(byte[] plain) throws MdmException {
        requireEstablished();
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 64);
        ByteBuffer src = ByteBuffer.wrap(plain);
        try {
            do {
                wrapInto(src, out);
            } while (src.hasRemaining());
        } catch (SSLException e) {
            throw failure(e);
        }
        return out.toByteArray();
    }

    /** Opens a token from the peer into application data (empty if it held only TLS housekeeping). */
    public byte[] unwrap(byte[] token) throws MdmException {
        requireEstablished();
        append(token);
        try {
            drainInbound();
        } catch (SSLException e) {
            throw failure(e);
        }
        return takeApplicationData();
    }

    /** The peer's certificate chain, end entity (or proxy) first. */
    public X509Certificate[] peerChain() throws MdmException {
        requireEstablished();
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return Arrays.copyOf(chain, chain.length, X509Certificate[].class);
        } catch (SSLPeerUnverifiedException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "The GSI peer presented no certificate.", e);
        }
    }

    /** The negotiated protocol, e.g. TLSv1.2. */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    private void requireEstablished() throws MdmException {
        if (!established) {
            throw new MdmException(Status.INVALID_REQUEST, "The GSI handshake is not complete yet.");
        }
    }

    private void append(byte[] token) {
        if (token == null || token.length == 0) {
            return;
        }
        ByteBuffer joined = ByteBuffer.allocate(inbound.remaining() + token.length);
        joined.put(inbound).put(token).flip();
        inbound = joined;
    }

    /** Unwraps one record; false when the inbound bytes hold no complete record. */
    private boolean unwrapOnce() throws SSLException {
        if (!inbound.hasRemaining()) {
            return false;
        }
        while (true) {
            SSLEngineResult r = engine.unwrap(inbound, app);
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> app = grow(app, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    return false;
                }
                case CLOSED -> throw new SSLException("the peer closed the GSI context");
                default -> {
                    app.flip();
                    applicationData.write(app.array(), app.position(), app.remaining());
                    app.clear();
                    return r.bytesConsumed() > 0 || r.bytesProduced() > 0;
                }
            }
        }
    }

    private void drainInbound() throws SSLException {
        while (unwrapOnce()) {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
        }
    }

    private void wrapInto(ByteBuffer src, ByteArrayOutputStream out) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (true) {
            SSLEngineResult r = engine.wrap(src, net);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                net = grow(net, engine.getSession().getPacketBufferSize());
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the GSI context is closed");
            }
            net.flip();
            out.write(net.array(), 0, net.limit());
            return;
        }
    }

    /** Post-handshake messages a server owes the client (TLS 1.3 NewSessionTicket). */
    private void flushPostHandshake(ByteArrayOutputStream out) throws SSLException {
        for (int i = 0; i < 8; i++) {
            int before = out.size();
            wrapInto(EMPTY, out);
            if (out.size() == before) {
                return;
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, atLeast));
        buffer.flip();
        bigger.put(buffer);
        return bigger;
    }

    private static MdmException failure(SSLException e) {
        return new MdmException(Status.AUTHORIZATION_FAILURE, "GSI handshake failed: " + e.getMessage(), e);
    }
}
