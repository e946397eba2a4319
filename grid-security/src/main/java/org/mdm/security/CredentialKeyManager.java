package org.mdm.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager holding exactly one credential, offered whatever issuers the peer asks for.
 *
 * <p>The JDK's key managers pick a client certificate by the CA names of the server's
 * CertificateRequest; a proxy is issued by the user, not by a CA, so they would send nothing.
 * Grid peers expect the one credential to be presented regardless, as Globus does.
 */
final class CredentialKeyManager extends X509ExtendedKeyManager {

    static final String ALIAS = "mdm-credential";

    private final GridCredential credential;

    CredentialKeyManager(GridCredential credential) {
        this.credential = Objects.requireNonNull(credential, "credential");
    }

    private String aliasFor(String keyType) {
        // JSSE asks per key type ("RSA", "EC", "RSASSA-PSS"); answer only for ours.
        return credential.key().getAlgorithm().equalsIgnoreCase(keyType) ? ALIAS : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes != null) {
            for (String t : keyTypes) {
                if (aliasFor(t) != null) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? credential.chain() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? credential.key() : null;
    }
}
