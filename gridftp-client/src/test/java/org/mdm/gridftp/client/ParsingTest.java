package org.mdm.gridftp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** URLs, FEAT and MLST replies as Globus servers and our door write them, and refusals mapped to statuses. */
class ParsingTest {

    @Test
    void urls() throws MdmException {
        GridFtpUrl u = GridFtpUrl.parse("gsiftp://se.example.org//dpm/example.org/home/f.dcm");
        assertEquals("se.example.org", u.host());
        assertEquals(2811, u.port());
        assertEquals("/dpm/example.org/home/f.dcm", u.path());
        assertEquals(2812, GridFtpUrl.parse("gsiftp://h:2812/x").port());
        MdmException e = assertThrows(MdmException.class, () -> GridFtpUrl.parse("https://h/x"));
        assertEquals(Status.INVALID_PATH, e.status());
        assertTrue(e.getMessage().contains("https://h/x"), e.getMessage());
    }

    @Test
    void globusFeatures() {
        Features f = Features.parse(new Reply(211, List.of("211-Extensions supported",
                " CKSM MD5:10;ADLER32:10;SHA1:10;", " DCAU", " PARALLEL", " MLST Type*;Size*;Modify*;", " SPAS",
                "211 End.")));
        assertTrue(f.has("dcau") && f.has("SPAS") && f.has("MLST"));
        assertTrue(f.checksum("ADLER32"));
        assertFalse(f.checksum("CRC32"));
        assertFalse(f.has("ERET"));
        assertTrue(Features.parse(new Reply(211, List.of("211-Extensions", " CKSM ADLER32", "211 End."))).checksum("adler32"));
        assertFalse(Features.parse(new Reply(500, List.of("500 FEAT not understood"))).has("DCAU"));
    }

    @Test
    void mlstFacts() {
        FileFacts f = FileFacts.parseLine(" Type=file;Size=5255225;Modify=20261207015000.123;Perm=adfrw;UNIX.mode=0644;"
                + " /data/big file.bin").orElseThrow();
        assertTrue(f.isFile());
        assertEquals(5255225, f.size().orElseThrow());
        assertEquals(Instant.parse("2026-12-07T01:50:00Z"), f.modified().orElseThrow());
        assertEquals("adfrw", f.permissions());
        assertEquals("0644", f.unixMode().orElseThrow());
        assertEquals("/data/big file.bin", f.path());
        assertTrue(FileFacts.parseLine(" type=cdir;perm=el; /data").orElseThrow().isDirectory());
        assertFalse(FileFacts.parseLine("250-Listing /data").isPresent());
    }

    @Test
    void refusalsMapToStatuses() throws MdmException {
        GridFtpUrl u = GridFtpUrl.parse("gsiftp://h/p");
        assertEquals(Status.NOT_FOUND, status(550, "550 /p: No such file or directory."));
        assertEquals(Status.NOT_FOUND, status(550, "550 /p does not exist."));
        assertEquals(Status.AUTHORIZATION_FAILURE, status(550, "550 /p: Permission denied."));
        assertEquals(Status.AUTHORIZATION_FAILURE, status(530, "530 Login incorrect."));
        assertEquals(Status.INVALID_REQUEST, status(550, "550 /p is a directory, not a file."));
        assertEquals(Status.PEER_UNAVAILABLE, status(421, "421 Service not available."));
        assertEquals(Status.PEER_UNAVAILABLE, status(451, "451 Staging failed: try later."));
        assertEquals(Status.IO_ERROR, status(426, "426 Connection closed; transfer aborted."));
        assertEquals(Status.NOT_SUPPORTED, status(502, "502 CKSM not implemented."));
        MdmException e = ReplyFailures.refused(new Reply(550, List.of("550 /p: No such file.")), u, "RETR");
        assertTrue(e.getMessage().contains("gsiftp://h:2811/p") && e.getMessage().contains("RETR")
                && e.getMessage().contains("No such file"), e.getMessage());
    }

    private static Status status(int code, String line) {
        return ReplyFailures.statusOf(new Reply(code, List.of(line)));
    }
}
