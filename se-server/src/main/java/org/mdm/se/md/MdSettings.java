package org.mdm.se.md;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.se.AccessList;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.admission.PreAuthLimits;

/**
 * How the metadata service runs ({@code md.*}).
 *
 * @param host        the host credential's TLS context (clients are checked by GridTrust)
 * @param access      the site's gate (se.access), in front of the catalogue's ACLs as at the doors
 * @param maxSessions authenticated sessions at once
 * @param idle        an authenticated session without a command this long is closed
 * @param limits      rows and time one answer may take
 * @param admins      DNs that may add attributes to the schema (addattr)
 */
public record MdSettings(InetAddress address, int port, SSLContext host, PrincipalExtractor principals,
        AccessList access, PreAuthLimits preAuth, int maxSessions, Duration idle, QueryLimits limits,
        Set<String> admins) {
    public MdSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(principals, "principals");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(preAuth, "preAuth");
        admins = Set.copyOf(admins);
        if (maxSessions < 1) {
            throw new IllegalArgumentException("md.max.sessions must be at least 1");
        }
    }
}
