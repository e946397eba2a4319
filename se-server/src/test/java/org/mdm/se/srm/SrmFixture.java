package org.mdm.se.srm;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.Adler32;
import javax.net.ssl.SSLContext;
import org.mdm.api.Checksums;
import org.mdm.se.gridftp.DoorFixture;
import org.mdm.se.gridftp.FakeNameSpace;
import org.mdm.security.Credentials;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;

/**
 * A storage element with its GridFTP door and an SRM door in front, on loopback: registered-like
 * entries in a name space in memory ({@link #NS}: a study directory with files) whose PFNs are
 * files under the served root. Clients are the real programs.
 */
final class SrmFixture implements AutoCloseable {
    static final String NS = "/ns/study";

    final FakeNameSpace names = new FakeNameSpace();
    final DoorFixture se;
    final SrmDoor srm;

    SrmFixture(Path dir) throws Exception {
        this(dir, s -> s);
    }

    SrmFixture(Path dir, UnaryOperator<SrmSettings> tune) throws Exception {
        this(dir, List.of("dn:" + DoorFixture.PKI.userDn()), tune);
    }

    /** Open to the DNs of {@code access}. */
    SrmFixture(Path dir, List<String> access, UnaryOperator<SrmSettings> tune) throws Exception {
        se = DoorFixture.withNameSpaceAndTrap(dir, names, access);
        names.directory("/ns", Set.of(DoorFixture.PKI.userDn()));
        names.directory(NS, Set.of(DoorFixture.PKI.userDn()));
        SSLContext host = TlsContexts.server(Credentials.load(DoorFixture.PKI.hostCert(), DoorFixture.PKI.hostKey()),
                se.trust);
        SrmSettings settings = SrmSettings.defaults(InetAddress.getLoopbackAddress(), 0, host, se.trust,
                new PrincipalExtractor(se.voms), Set.of("localhost"), se.door.port());
        srm = SrmDoor.start(tune.apply(settings), se.se);
    }

    /** A file of {@code size} random bytes registered at {@code NS/name}, readable by {@code readers}. */
    Path file(String name, long size, Set<String> readers) throws Exception {
        Path f = se.file(name, size);
        Adler32 sum = new Adler32();
        sum.update(Files.readAllBytes(f));
        names.file(NS + "/" + name, size, sum.getValue(), "file://" + se.root + "/" + name, readers);
        return f;
    }

    /** A file readable by the test user. */
    Path file(String name, long size) throws Exception {
        return file(name, size, Set.of(DoorFixture.PKI.userDn()));
    }

    static String adler32(Path f) throws Exception {
        Adler32 sum = new Adler32();
        sum.update(Files.readAllBytes(f));
        return Checksums.adler32Hex(sum.getValue());
    }

    String surl(String path) {
        return "srm://localhost:" + srm.port() + path;
    }

    /** Waits (up to 10 s) until nothing is pinned, by SRM requests or by readers of the spool. */
    void awaitUnpinned() throws InterruptedException {
        awaitUnpinned(Duration.ofSeconds(10));
    }

    /** Waits (up to {@code limit}) until nothing is pinned. */
    void awaitUnpinned(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (srm.pinned() > 0 || se.pins() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still pinned: " + srm.pinned() + " by SRM requests, " + se.pins()
                        + " spool readers");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        srm.close();
        se.close();
    }
}
