package org.mdm.se.gridftp;

import java.util.Map;
import java.util.Set;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendProvider;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.Status;

/**
 * A backend that fails every file the way a DICOM backend fails, with messages that quote the
 * PFN and name the DICOM server (AE title, host, port) and the hospital's UIDs: what a door must
 * never repeat to a client. The PFN's last segment names the {@link Status} to fail with;
 * {@code invalid} fails validation. Registered only through its own service file (see
 * {@link DoorFixture#withTrap}), so the test-jar does not plant it in other modules.
 */
public final class TrapBackend implements BackendProvider, Backend {
    static final String SCHEME = "mdmtrap";
    static final String AET = "HOSPITALPACS";
    static final String HOST = "pacs.hospital.example";
    static final int PORT = 11112;
    static final String STUDY_UID = "1.2.840.99999.7";
    /** The last PFN segment of a staging that waits until it is cancelled. */
    public static final String HOLD = "HOLD";
    /** Stagings held, and those of them cancelled since the JVM started. */
    public static final java.util.concurrent.atomic.AtomicInteger HELD = new java.util.concurrent.atomic.AtomicInteger();
    public static final java.util.concurrent.atomic.AtomicInteger CANCELLED =
            new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String type() {
        return "trap";
    }

    @Override
    public Set<String> configKeys() {
        return Set.of();
    }

    @Override
    public Backend create(String name, Map<String, String> config, BackendContext context) {
        return this;
    }

    @Override
    public String name() {
        return "trap";
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public void validate(Pfn pfn) throws MdmException {
        if (pfn.toString().endsWith("/invalid")) {
            throw new MdmException(Status.INVALID_PATH, "Invalid DICOM PFN '" + pfn + "': no such SOP instance UID");
        }
    }

    @Override
    public void stage(StageRequest request) {
        String pfn = request.pfn().toString();
        if (pfn.endsWith("/" + HOLD)) {
            // A staging that never ends by itself: only its cancellation does (an abort, a client leaving).
            HELD.incrementAndGet();
            request.onCancel(() -> {
                CANCELLED.incrementAndGet();
                request.failed(new MdmException(Status.CANCELLED, "Staging cancelled"));
            });
            return;
        }
        Status status = Status.valueOf(pfn.substring(pfn.lastIndexOf('/') + 1));
        request.failed(new MdmException(status, "Cannot retrieve " + pfn + ": DICOM server " + AET + "@" + HOST
                + ":" + PORT + " answered " + status + " for study " + STUDY_UID));
    }

    @Override
    public void close() {
        // nothing held
    }
}
