package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.ClientSettings;
import org.mdm.gridftp.client.ClientSettings.DataAuthentication;
import org.mdm.gridftp.client.FileFacts;
import org.mdm.gridftp.client.GridFtpClient;
import org.mdm.gridftp.client.GridFtpSession;
import org.mdm.gridftp.client.GridFtpUrl;
import org.mdm.gridftp.client.TransferListener;
import org.mdm.gridftp.client.TransferOptions;
import org.mdm.gridftp.client.TransferResult;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;

/** MDM's own GridFTP client (what mdm cp uses) downloads through the door, in each mode it has. */
class MdmGridFtpClientTest {
    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static GridTrust trust;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir);
        fixture.file("image.bin", 3 * 1024 * 1024 + 17);
        trust = GridTrust.fromDirectory(DoorFixture.PKI.certDir());
    }

    @AfterAll
    static void stop() {
        trust.close();
        fixture.close();
    }

    @ParameterizedTest
    @CsvSource({"1, SELF, false", "4, SELF, false", "1, NONE, false", "4, NONE, false", "3, SELF, true"})
    void downloadsByteForByteWithTheRightFacts(int streams, DataAuthentication dcau, boolean privacy)
            throws Exception {
        Path source = fixture.root.resolve("image.bin");
        Path out = dir.resolve("out-" + streams + dcau + privacy + ".bin");
        GridFtpUrl url = GridFtpUrl.parse(fixture.url("image.bin"));
        Adler32 adler = new Adler32();
        adler.update(Files.readAllBytes(source));
        try (GridFtpClient client = new GridFtpClient(Credentials.loadProxy(DoorFixture.PKI.proxy()), trust,
                ClientSettings.defaults().withDcau(dcau)); GridFtpSession s = client.open(url)) {
            assertEquals(Files.size(source), s.size(url.path()));
            assertEquals(String.format("%08x", adler.getValue()), s.adler32(url.path()));
            FileFacts facts = s.stat(url.path());
            assertTrue(facts.isFile(), facts.toString());
            assertEquals(Files.size(source), facts.size().orElseThrow());
            TransferResult r = s.retrieve(url.path(), out, new TransferOptions(streams, privacy), TransferListener.NONE);
            assertEquals(Files.size(source), r.bytes());
            // a second download on the same session
            Files.delete(out);
            s.retrieve(url.path(), out, new TransferOptions(streams, privacy), TransferListener.NONE);
        }
        assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(out));
        fixture.awaitIdle();
    }

    @ParameterizedTest
    @CsvSource({"1", "4"})
    void aMissingFileIsNotFound(int streams) throws Exception {
        GridFtpUrl url = GridFtpUrl.parse(fixture.url("missing.bin"));
        try (GridFtpClient client = new GridFtpClient(Credentials.loadProxy(DoorFixture.PKI.proxy()), trust,
                ClientSettings.defaults()); GridFtpSession s = client.open(url)) {
            MdmException e = assertThrows(MdmException.class, () -> s.retrieve(url.path(), dir.resolve("none"),
                    TransferOptions.parallel(streams), TransferListener.NONE));
            assertEquals(Status.NOT_FOUND, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(url.path()), e.getMessage());
        }
        assertTrue(Files.notExists(dir.resolve("none")));
    }
}
