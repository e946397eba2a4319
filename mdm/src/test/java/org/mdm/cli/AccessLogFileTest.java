package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.AccessLog;

class AccessLogFileTest {
    private static final GridPrincipal USER = new GridPrincipal("/C=FR/O=MDM/CN=Ann \"Quote\" User",
            List.of("/biomed/Role=NULL"));

    private static AccessLog.Transfer transfer(String path, int code) throws Exception {
        return new AccessLog.Transfer("gridftp", InetAddress.getLoopbackAddress(), USER, "RETR", path, 34870, 4,
                Duration.ofMillis(1234), false, code);
    }

    @Test
    @SuppressWarnings("try") // the file receives the lines while it is open
    void oneLinePerEventInItsOwnFileRotatedBySize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.log");
        MdmConfig config = MdmConfig.load(null, Map.of("se.access.log", file.toString(),
                "se.access.log.max.size", "2KB", "se.access.log.max.files", "3"));
        try (AccessLogFile log = AccessLogFile.open(config)) {
            for (int i = 0; i < 200; i++) {
                AccessLog.transfer(transfer("/dpm/example.org/home/biomed/mdm/" + i, 226));
            }
            AccessLog.stageFailed(transfer("/dpm/x/y", 421), new MdmException(Status.PEER_UNAVAILABLE,
                    "Retrieval of SOP instance 1.2.840.113619.2.55.3 from DICOM server ORTHANC@127.0.0.1:4242 failed"
                    + " for dicom://ORTHANC@127.0.0.1:4242/1.2.3.4/5.6.7.8/9.10.11?transform=deid"));
        }
        for (int i = 1; i <= 3; i++) {
            assertTrue(Files.exists(Path.of(file + "." + i)), "rotated file " + i);
            assertTrue(Files.size(Path.of(file + "." + i)) < 2048 + 400, "bounded by the size: " + i);
        }
        assertFalse(Files.exists(Path.of(file + ".4")), "at most max.files rotated files");
        for (Path f : List.of(file, Path.of(file + ".1"), Path.of(file + ".3"))) {
            assertEquals(AccessLogFile.MODE, Files.getPosixFilePermissions(f), "DNs are not every account's: " + f);
        }
        List<String> lines = Files.readAllLines(file);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("EVENT=STAGE_FAILED") && last.contains("STATUS=PEER_UNAVAILABLE")
                && last.contains("CODE=421") && last.contains("ORTHANC@127.0.0.1:4242"), last);
        assertFalse(last.contains("1.2.840.113619") || last.contains("dicom://") || last.contains("5.6.7.8"),
                "no hospital UID and no PFN: " + last);
        String transfer = lines.get(0);
        assertTrue(transfer.matches("DATE=\\S+ EVENT=TRANSFER DOOR=gridftp HOST=127\\.0\\.0\\.1 USER=\"/C=FR/O=MDM/CN=Ann"
                + " \\\\\"Quote\\\\\" User\" FQAN=\"/biomed/Role=NULL\" TYPE=RETR FILE=\"/dpm/example.org/home/biomed/mdm/\\d+\""
                + " NBYTES=34870 STREAMS=4 DURATION=1\\.234 SPOOL=cold CODE=226"), transfer);
    }

    @Test
    void anExistingLogReadableByEveryoneIsRestricted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "an earlier line\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        MdmConfig config = MdmConfig.load(null, Map.of("se.access.log", file.toString()));
        try (AccessLogFile log = AccessLogFile.open(config)) {
            AccessLog.transfer(transfer("/dpm/x", 226));
        }
        assertEquals(AccessLogFile.MODE, Files.getPosixFilePermissions(file));
        assertTrue(Files.readString(file).startsWith("an earlier line\n"), "appended, not replaced");
    }

    @Test
    void aBadSizeOrTooManyFilesIsAConfigurationError(@TempDir Path dir) throws Exception {
        MdmConfig size = MdmConfig.load(null, Map.of("se.access.log", dir.resolve("a.log").toString(),
                "se.access.log.max.size", "lots"));
        assertEquals(Status.CONFIGURATION_ERROR, assertThrows(MdmException.class, () -> AccessLogFile.open(size)).status());
        MdmConfig files = MdmConfig.load(null, Map.of("se.access.log", dir.resolve("a.log").toString(),
                "se.access.log.max.files", "50"));
        assertEquals(Status.CONFIGURATION_ERROR, assertThrows(MdmException.class, () -> AccessLogFile.open(files)).status());
    }
}
