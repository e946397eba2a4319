package org.mdm.se.srm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.mdm.api.MdmException;
import org.mdm.security.GridTrust;
import org.mdm.security.gsi.Delegation;
import org.mdm.security.gsi.DelegationKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * httpg, the SRM transport: after the TLS handshake a GSI client sends one byte before HTTP, '0'
 * (no delegation) or 'D' (delegation: we send a PKCS#10 request, it returns the signed proxy
 * certificate). This connection reads that byte, does the delegation if asked, then hands the
 * connection to HTTP/1.1 with whatever bytes followed. A client speaking plain https (first byte
 * of "POST") goes to HTTP with nothing consumed. The SRM door keeps no delegated credential (it
 * makes no third-party transfers): the exchange is done so that delegating clients work.
 */
final class GsiFlagConnectionFactory extends AbstractConnectionFactory {
    static final String PROTOCOL = "gsi-flag";
    private static final Logger LOG = LoggerFactory.getLogger(GsiFlagConnectionFactory.class);
    /** A proxy certificate is a few KB; anything longer is not one. */
    private static final int MAX_CERTIFICATE = 64 * 1024;

    private final String next;
    private final GridTrust trust;
    private final DelegationKeys keys;

    GsiFlagConnectionFactory(String next, GridTrust trust, DelegationKeys keys) {
        super(PROTOCOL);
        this.next = next;
        this.trust = trust;
        this.keys = keys;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new FlagConnection(endPoint, connector), connector, endPoint);
    }

    private final class FlagConnection extends AbstractConnection implements Connection.UpgradeFrom {
        private final Connector connector;
        private ByteBuffer buffer = BufferUtil.allocate(16 * 1024);
        private Delegation delegation;

        FlagConnection(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
            this.connector = connector;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            fillInterested();
        }

        @Override
        public void onFillable() {
            try {
                while (true) {
                    ensureSpace();
                    int n = getEndPoint().fill(buffer);
                    if (n < 0) {
                        getEndPoint().close();
                        return;
                    }
                    if (progress()) {
                        return;
                    }
                    if (n == 0) {
                        fillInterested();
                        return;
                    }
                }
            } catch (IOException | MdmException | RuntimeException e) {
                LOG.info("SRM connection from {} closed during GSI setup: {}", getEndPoint().getRemoteSocketAddress(),
                        e.getMessage());
                getEndPoint().close();
            }
        }

        /** Acts on what has arrived; true once the connection is handed on (or waits for a write). */
        private boolean progress() throws MdmException {
            if (delegation == null) {
                if (!buffer.hasRemaining()) {
                    return false;
                }
                byte flag = buffer.get(buffer.position());
                if (flag == '0') {
                    buffer.get();
                } else if (flag == 'D') {
                    buffer.get();
                    delegation = keys.next();
                    getEndPoint().write(Callback.from(this::fillInterested, this::failed),
                            ByteBuffer.wrap(delegation.request()));
                    return true;
                }
                toHttp();
                return true;
            }
            int length = derLength(buffer);
            if (length < 0 || buffer.remaining() < length) {
                return false;
            }
            byte[] certificate = new byte[length];
            buffer.get(certificate);
            delegation.accept(certificate, peerChain(), trust);
            toHttp();
            return true;
        }

        private X509Certificate[] peerChain() {
            EndPoint.SslSessionData tls = getEndPoint().getSslSessionData();
            return tls == null ? new X509Certificate[0] : tls.peerCertificates();
        }

        private void failed(Throwable t) {
            LOG.info("SRM connection: delegation request not sent: {}", t.getMessage());
            getEndPoint().close();
        }

        private void toHttp() {
            ConnectionFactory http = connector.getConnectionFactory(next);
            getEndPoint().upgrade(http.newConnection(connector, getEndPoint()));
        }

        @Override
        public ByteBuffer onUpgradeFrom() {
            ByteBuffer rest = buffer.hasRemaining() ? buffer : null;
            buffer = null;
            return rest;
        }

        private void ensureSpace() throws IOException {
            if (BufferUtil.space(buffer) > 0) {
                return;
            }
            if (buffer.capacity() >= MAX_CERTIFICATE) {
                throw new IOException("more than " + MAX_CERTIFICATE + " bytes of delegation data");
            }
            ByteBuffer bigger = BufferUtil.allocate(buffer.capacity() * 2);
            BufferUtil.append(bigger, buffer);
            buffer = bigger;
        }
    }

    /** The length of the DER element at the buffer's position (tag, length, content); -1 if not all there. */
    private static int derLength(ByteBuffer b) throws MdmException {
        int p = b.position();
        if (b.remaining() < 2) {
            return -1;
        }
        if (b.get(p) != 0x30) {
            throw new MdmException(org.mdm.api.Status.AUTHORIZATION_FAILURE,
                    "the delegated credential is not a DER certificate");
        }
        int first = b.get(p + 1) & 0xff;
        if (first < 0x80) {
            return 2 + first;
        }
        int octets = first & 0x7f;
        if (octets < 1 || octets > 3) {
            throw new MdmException(org.mdm.api.Status.AUTHORIZATION_FAILURE,
                    "the delegated credential has an impossible length");
        }
        if (b.remaining() < 2 + octets) {
            return -1;
        }
        int length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | (b.get(p + 2 + i) & 0xff);
        }
        return 2 + octets + length;
    }
}
