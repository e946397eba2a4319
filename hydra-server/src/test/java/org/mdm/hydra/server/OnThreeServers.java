package org.mdm.hydra.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;

/** A test against three real in-process key servers, fresh for each test, trusting the test PKI. */
abstract class OnThreeServers {
    static final TestPki PKI = ThreeServers.PKI;
    static GridTrust trust;
    static VomsAttributes voms;

    @TempDir
    Path dir;
    ThreeServers three;

    @BeforeAll
    static void trust() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
    }

    @AfterAll
    static void closeTrust() {
        voms.close();
        trust.close();
    }

    @BeforeEach
    void startServers() throws Exception {
        three = new ThreeServers(dir, trust, voms);
    }

    @AfterEach
    void stopServers() throws Exception {
        three.close();
    }
}
