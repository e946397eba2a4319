package org.mdm.hydra.keyserver;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.mdm.security.GridCredential;

/**
 * The caller's credential as the only client key, whatever the server's issuer hints: a proxy
 * chain's leaf is issued by the user, not by a CA the server names, so issuer filtering would
 * drop it. (grid-security's own key manager is package-private; this mirrors it for clients.)
 */
final class CredentialKeys extends X509ExtendedKeyManager {
    private static final String ALIAS = "grid";
    private final GridCredential credential;

    CredentialKeys(GridCredential credential) {
        this.credential = credential;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
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
