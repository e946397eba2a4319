package org.mdm.se.srm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mdm.se.srm.HttpgClient.fileRequests;
import static org.mdm.se.srm.HttpgClient.first;
import static org.mdm.se.srm.HttpgClient.soap;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.se.gridftp.DoorFixture;
import org.mdm.se.gridftp.TrapBackend;

/**
 * The first answer to srmPrepareToGet: a file staged within the door's short wait comes back
 * pinned with its TURL at once (no poll needed); one that takes longer is queued with a token.
 */
class SrmFirstAnswerTest {
    @TempDir
    static Path dir;
    static SrmFixture f;

    @BeforeAll
    static void start() throws Exception {
        // 5 s rather than the shipped 300 ms: what is tested is the shape of the answer, not a speed.
        f = new SrmFixture(dir, s -> s.withLimits(new SrmLimits(1 << 20, Duration.ofMinutes(10), Duration.ofHours(1),
                100, 1000, 1000, Duration.ofMinutes(10), Duration.ofSeconds(5))));
        f.file("a.dcm", 50_000);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void aFastStagingIsPinnedInTheFirstAnswerAndASlowOneQueued() throws Exception {
        try (HttpgClient c = new HttpgClient(f.srm.port(), DoorFixture.PKI.proxy(), f.se.trust)) {
            String fast = c.post(soap("srmPrepareToGet", fileRequests(f.surl(SrmFixture.NS + "/a.dcm")))).body();
            assertEquals("SRM_SUCCESS", first(fast, "statusCode"), fast);
            assertEquals("gsiftp://localhost:" + f.se.door.port() + SrmFixture.NS + "/a.dcm",
                    first(fast, "transferURL"), fast);
            String token = first(fast, "requestToken");
            assertNotNull(token, "a token even so, for srmReleaseFiles");
            c.post(soap("srmReleaseFiles", "<requestToken>" + token + "</requestToken>"));

            String slow = c.post(soap("srmPrepareToGet", fileRequests(f.surl(DoorFixture.TRAP_MOUNT + "series/"
                    + TrapBackend.HOLD)))).body();
            assertEquals("SRM_REQUEST_QUEUED", first(slow, "statusCode"), slow);
            c.post(soap("srmAbortRequest", "<requestToken>" + first(slow, "requestToken") + "</requestToken>"));
        }
        f.awaitUnpinned();
    }
}
