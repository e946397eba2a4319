package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import eu.emi.security.authn.x509.impl.OpensslCertChainValidator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.italiangrid.voms.VOMSValidators;
import org.junit.jupiter.api.Test;

/** Checks that canl, voms-api-java and exactly one Bouncy Castle (1.87) are on the classpath. */
class DependenciesTest {

    @Test
    void bouncyCastleIsThePinnedVersion() {
        // voms-api-java would bring 1.58 (jdk15on) if the exclusion were lost.
        assertEquals("1.87", new BouncyCastleProvider().getVersionStr());
        assertNotNull(OpensslCertChainValidator.class);
        assertNotNull(VOMSValidators.class);
    }
}
