package org.mdm.se.srm;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The host names a host certificate vouches for (its DNS subject alternative names and its CN):
 * the names SURLs of this SE may use, since a client's host check accepts nothing else anyway.
 */
public final class HostNames {

    private HostNames() {
    }

    /** The names in {@code host}, lower case. */
    public static Set<String> of(X509Certificate host) {
        Set<String> names = new TreeSet<>();
        try {
            Collection<List<?>> alt = host.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> entry : alt) {
                    if (Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String dns) {
                        names.add(dns.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable alternative names: the CN alone then
        }
        try {
            for (Rdn rdn : new LdapName(host.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn) {
                    // Globus host certificates may say "host/name": the name is after the slash.
                    names.add(cn.substring(cn.indexOf('/') + 1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (InvalidNameException e) {
            // an unparsable subject: its alternative names only
        }
        return names;
    }
}
