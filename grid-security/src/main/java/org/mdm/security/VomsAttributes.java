package org.mdm.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.italiangrid.voms.VOMSAttribute;
import org.italiangrid.voms.VOMSValidators;
import org.italiangrid.voms.ac.VOMSACValidator;
import org.italiangrid.voms.ac.VOMSValidationResult;
import org.italiangrid.voms.store.VOMSTrustStores;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the VOMS attributes (FQANs) of a certificate chain with voms-api-java, trusting the
 * VOMS servers listed in a vomsdir ({@code <vo>/<host>.lsc}: server DN, then its CA DN) and
 * validating their certificates with the same canl validator as the TLS layer.
 *
 * <p>An AC that does not validate (unknown VOMS server, expired, bad signature) contributes
 * nothing: the caller is then known by DN alone, and the refusal is logged with its reason.
 * Close it to stop voms-api-java's trust-store refresh.
 */
public final class VomsAttributes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VomsAttributes.class);

    private final VOMSACValidator validator;

    /** Wraps a configured voms-api-java validator (a seam for tests). */
    public VomsAttributes(VOMSACValidator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** VOMS servers from {@code vomsDir}, their certificates checked by {@code trust}. */
    public static VomsAttributes create(Path vomsDir, GridTrust trust) throws MdmException {
        if (!Files.isDirectory(vomsDir)) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "vomsdir " + vomsDir
                    + " does not exist: set X509_VOMS_DIR or create <vo>/<voms host>.lsc files there");
        }
        return new VomsAttributes(VOMSValidators.newValidator(
                VOMSTrustStores.newTrustStore(List.of(vomsDir.toString())), trust.validator()));
    }

    /** What the VOMS ACs of a chain give: the FQANs of the valid ones, and why others were refused. */
    public record Reading(List<String> fqans, List<String> refused) {
        public Reading {
            fqans = List.copyOf(fqans);
            refused = List.copyOf(refused);
        }
    }

    /**
     * The FQANs of the valid VOMS ACs in {@code chain}, primary first (the first FQAN of the
     * first AC, as voms-proxy-init orders them), without duplicates; empty if there are none.
     * Refused ACs are logged here; a server that logs refusals itself uses {@link #read}.
     */
    public List<String> fqans(X509Certificate[] chain) {
        Reading r = read(chain);
        r.refused().forEach(why -> LOG.warn("ignoring VOMS attributes in the chain of {}: {}",
                GridTrust.dn(chain[0]), why));
        return r.fqans();
    }

    /**
     * The FQANs of the valid VOMS ACs in {@code chain} and the reasons others were refused. An AC
     * past its notAfter is refused at once: voms-api-java allows five minutes of clock skew, which
     * would extend an expired AC as canl's grace period extended expired proxies.
     */
    public Reading read(X509Certificate[] chain) {
        List<VOMSValidationResult> results;
        try {
            results = validator.validateWithResult(chain);
        } catch (RuntimeException e) {
            // voms-api-java throws on a malformed VOMS extension: the peer chose it, so it must
            // not fail the request; without ACs the caller has only the rights of its DN.
            return new Reading(List.of(), List.of("malformed VOMS extension: " + e));
        }
        Set<String> fqans = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        Date now = new Date();
        for (VOMSValidationResult r : results) {
            VOMSAttribute ac = r.getAttributes();
            String which = "VO " + ac.getVO() + " from " + ac.getHost();
            if (!r.isValid()) {
                refused.add(which + ": " + r.getValidationErrors());
            } else if (now.after(ac.getNotAfter())) {
                refused.add(which + ": the attribute certificate expired at " + ac.getNotAfter().toInstant());
            } else {
                fqans.addAll(ac.getFQANs());
            }
        }
        return new Reading(new ArrayList<>(fqans), refused);
    }

    @Override
    public void close() {
        validator.shutdown();
    }
}
