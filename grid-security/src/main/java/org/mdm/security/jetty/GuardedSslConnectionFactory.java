package org.mdm.security.jetty;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.mdm.security.admission.PreAuthGuard;

/**
 * Jetty's TLS connection factory with grid-security's {@link PreAuthGuard} in front (issue 15):
 * a new connection is admitted (bound in all, bound per client address) or closed at once; an
 * admitted one must finish its TLS handshake, the client's proxy checked by GridTrust inside it,
 * before the guard's deadline, or it is closed. Jetty does the handshake on its selectors
 * without holding a thread while it waits for the client, so a trickle costs a slot, never a
 * worker. Any Jetty-based door (the SRM door too) can put this in front of its HTTP factory.
 */
public final class GuardedSslConnectionFactory extends SslConnectionFactory {
    private final PreAuthGuard guard;

    public GuardedSslConnectionFactory(SslContextFactory.Server tls, String nextProtocol, PreAuthGuard guard) {
        super(tls, nextProtocol);
        this.guard = guard;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        PreAuthGuard.Admission admission = guard.admit(endPoint.getRemoteSocketAddress(), endPoint::close);
        if (admission == null) {
            return new Refused(endPoint, connector);
        }
        Connection connection = super.newConnection(connector, endPoint);
        if (connection instanceof SslConnection tls) {
            tls.addHandshakeListener(new SslHandshakeListener() {
                @Override
                public void handshakeSucceeded(Event event) {
                    admission.authenticated();
                }

                @Override
                public void handshakeFailed(Event event, Throwable failure) {
                    admission.close();
                }
            });
        }
        connection.addEventListener(new Connection.Listener() {
            @Override
            public void onClosed(Connection closed) {
                admission.close();
            }
        });
        return connection;
    }

    /** A refused connection: closed as soon as Jetty opens it, nothing read, nothing sent. */
    private static final class Refused extends AbstractConnection {
        Refused(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().close();
        }

        @Override
        public void onFillable() {
            getEndPoint().close();
        }
    }
}
