package org.mdm.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    /**
     * The FQANs of the valid VOMS ACs in {@code chain}, primary first (the first FQAN of the
     * first AC, as voms-proxy-init orders them), without duplicates; empty if there are none.
     */
    public List<String> fqans(X509Certificate[] chain) {
        Set<String> fqans = new LinkedHashSet<>();
        List<VOMSValidationResult> results;
        try {
            results = validator.validateWithResult(chain);
        } catch (RuntimeException e) {
            // voms-api-java throws on a malformed VOMS extension: the peer chose it, so it must
            // not fail the request; without ACs the caller has only the rights of its DN.
            LOG.warn("ignoring malformed VOMS extension in the chain of {}: {}", GridTrust.dn(chain[0]), e.toString());
            return List.of();
        }
        for (VOMSValidationResult r : results) {
            if (r.isValid()) {
                fqans.addAll(r.getAttributes().getFQANs());
            } else {
                LOG.warn("ignoring VOMS attributes of VO {} from {}: {}", r.getAttributes().getVO(),
                        r.getAttributes().getHost(), r.getValidationErrors());
            }
        }
        return new ArrayList<>(fqans);
    }

    @Override
    public void close() {
        validator.shutdown();
    }
}
