package org.mdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridTrust;

/**
 * The SE's DN, read from its host certificate alone ({@code se.host.cert}): a user's command that
 * only needs to name the SE (mdm acl keeps the SE's read on every key) must not need the host key.
 */
final class SeIdentity {
    private SeIdentity() {
    }

    static String dn(MdmConfig config) throws MdmException {
        Path cert = config.path("se.host.cert");
        try (InputStream in = Files.newInputStream(cert)) {
            return GridTrust.dn((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot read the SE's certificate " + cert
                    + " (se.host.cert): " + MdmException.describe(e) + ". mdm acl needs it to keep the SE's right to"
                    + " read every image key; point se.host.cert at the SE's host certificate.", e);
        }
    }
}
