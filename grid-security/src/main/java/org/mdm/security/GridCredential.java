package org.mdm.security;

import eu.emi.security.authn.x509.X509Credential;
import eu.emi.security.authn.x509.impl.KeyAndCertCredential;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A private key with its certificate chain, leaf first: a host credential, a user credential or
 * an RFC 3820 proxy (proxy, then the certificates it was issued by). Load one with
 * {@link Credentials}.
 *
 * <p>{@link #toString()} never shows the key.
 *
 * @param key   the private key of {@code chain[0]}
 * @param chain the certificate chain, leaf first, never empty
 */
public record GridCredential(PrivateKey key, X509Certificate[] chain) {

    /** Checks that there is a key and at least one certificate; copies the chain. */
    public GridCredential {
        Objects.requireNonNull(key, "key");
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("a credential needs at least one certificate");
        }
        chain = chain.clone();
    }

    /** The chain, leaf first (a copy). */
    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** The certificate the key belongs to. */
    public X509Certificate certificate() {
        return chain[0];
    }

    /** The same credential as canl sees it (for its validators and proxy generator). */
    public X509Credential toCanl() throws MdmException {
        try {
            return new KeyAndCertCredential(key, chain());
        } catch (KeyStoreException e) {
            throw new MdmException(Status.INTERNAL_ERROR, "cannot wrap the credential of "
                    + certificate().getSubjectX500Principal() + " for canl: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "GridCredential[" + certificate().getSubjectX500Principal().getName() + ", chain of "
                + chain.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GridCredential c && key.equals(c.key) && java.util.Arrays.equals(chain, c.chain);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + java.util.Arrays.hashCode(chain);
    }
}
