package org.mdm.security;

import java.security.cert.CertificateException;
import java.util.Optional;

/**
 * {@link GridTrust} refused a certificate chain. It carries the subject the peer offered, so that
 * a server that logs the refusal can name who tried, even though the TLS handshake (which wraps
 * this exception) never completed.
 */
public final class RefusedChain extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String subject;

    RefusedChain(String subject, String message) {
        super(message);
        this.subject = subject;
    }

    /** The subject of the chain's first certificate, in OpenSSL slash form. */
    public String subject() {
        return subject;
    }

    /** The refusal somewhere in {@code failure}'s causes, if trust is what failed. */
    public static Optional<RefusedChain> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RefusedChain r) {
                return Optional.of(r);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
