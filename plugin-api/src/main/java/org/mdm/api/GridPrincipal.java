package org.mdm.api;

import java.security.Principal;
import java.util.List;
import java.util.Objects;

/**
 * The caller on whose behalf a request runs: the DN of the end-entity certificate (not of a
 * proxy) and the VOMS FQANs of the credential, primary first (e.g. {@code /biomed/Role=NULL}).
 *
 * @param dn    the end-entity distinguished name, in OpenSSL slash form ({@code /C=FR/O=…/CN=…})
 * @param fqans the VOMS FQANs, primary first; empty for a plain proxy
 */
public record GridPrincipal(String dn, List<String> fqans) implements Principal {

    /** The principal used by local commands and by the SE when it acts for itself. */
    public static final GridPrincipal LOCAL = new GridPrincipal("/CN=mdm-local", List.of());

    /** Validates and copies the FQAN list. */
    public GridPrincipal {
        Objects.requireNonNull(dn, "dn");
        if (dn.isBlank()) {
            throw new IllegalArgumentException("a principal needs a DN");
        }
        fqans = List.copyOf(fqans);
    }

    /** The VO of the primary FQAN, or null when there is none. */
    public String primaryVo() {
        if (fqans.isEmpty()) {
            return null;
        }
        String first = fqans.get(0);
        int end = first.indexOf('/', 1);
        return end < 0 ? first.substring(1) : first.substring(1, end);
    }

    @Override
    public String getName() {
        return dn;
    }
}
