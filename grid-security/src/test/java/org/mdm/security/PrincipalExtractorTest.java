package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.testpki.TestPki;

class PrincipalExtractorTest {

    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static VomsAttributes voms;
    private static PrincipalExtractor extractor;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        extractor = new PrincipalExtractor(voms);
    }

    @AfterAll
    static void close() {
        voms.close();
        trust.close();
    }

    @Test
    void vomsProxyGivesEndEntityDnAndFqansPrimaryFirst() throws Exception {
        GridPrincipal p = extractor.principal(Credentials.loadProxy(PKI.vomsProxy()).chain());
        assertEquals(new GridPrincipal(PKI.userDn(), TestPki.FQANS), p);
        assertEquals("biomed", p.primaryVo());
    }

    @Test
    void plainProxyAndUserCertificateHaveNoFqans() throws Exception {
        assertEquals(new GridPrincipal(PKI.userDn(), List.of()),
                extractor.principal(Credentials.loadProxy(PKI.proxy()).chain()));
        assertEquals(new GridPrincipal(PKI.userDn(), List.of()),
                extractor.principal(new X509Certificate[] {PKI.userCertificate()}));
    }

    @Test
    void acFromAVomsServerMissingInVomsdirIsIgnored(@TempDir Path emptyVomsDir) throws Exception {
        Files.createDirectories(emptyVomsDir.resolve(TestPki.VO));
        try (VomsAttributes untrusting = VomsAttributes.create(emptyVomsDir, trust)) {
            GridPrincipal p = new PrincipalExtractor(untrusting)
                    .principal(Credentials.loadProxy(PKI.vomsProxy()).chain());
            assertEquals(List.of(), p.fqans());
            assertEquals(PKI.userDn(), p.dn());
        }
    }

    @Test
    void malformedVomsExtensionYieldsNoFqansInsteadOfFailing() throws Exception {
        org.italiangrid.voms.ac.VOMSACValidator broken = org.mockito.Mockito.mock(org.italiangrid.voms.ac.VOMSACValidator.class);
        org.mockito.Mockito.when(broken.validateWithResult(org.mockito.ArgumentMatchers.any()))
                .thenThrow(new IllegalArgumentException("Bad sequence size: 8"));
        GridPrincipal p = new PrincipalExtractor(new VomsAttributes(broken))
                .principal(Credentials.loadProxy(PKI.vomsProxy()).chain());
        assertEquals(new GridPrincipal(PKI.userDn(), List.of()), p);
    }

    @Test
    void refusesEmptyChainAndMissingVomsdir() {
        MdmException e = assertThrows(MdmException.class, () -> extractor.principal(new X509Certificate[0]));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertThrows(MdmException.class, () -> VomsAttributes.create(PKI.root().resolve("nope"), trust));
    }
}
