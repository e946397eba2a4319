package org.mdm.dicom.net;

import java.time.Duration;
import java.util.function.Consumer;
import org.mdm.api.MdmException;

/**
 * Pulls DICOM objects from remote servers into memory, by C-GET or C-MOVE as configured per
 * server, over pooled associations. Thread-safe.
 *
 * <p>Failures are {@link MdmException}s whose message names the server as {@code AET@host:port}
 * and the UID concerned: {@code NOT_FOUND} when the server has no such instance, {@code
 * PEER_UNAVAILABLE} when it is down or refuses the association, {@code TIMEOUT} past the
 * timeout, {@code CORRUPT_DATA} when it sends something that is not the DICOM object asked for,
 * {@code CANCELLED} when the signal fired.
 */
public interface Retriever extends AutoCloseable {

    /** Retrieves one instance. */
    RetrievedInstance fetchInstance(DicomNode node, String studyUid, String seriesUid, String instanceUid,
            Duration timeout, CancelSignal cancel) throws MdmException;

    /**
     * Retrieves every instance of a series over one association, handing each to {@code sink}
     * as it arrives (in arrival order, on a thread of the retriever).
     *
     * @return the number of instances received
     */
    int fetchSeries(DicomNode node, String studyUid, String seriesUid, Duration timeout, CancelSignal cancel,
            Consumer<RetrievedInstance> sink) throws MdmException;

    /**
     * The SOP Instance UIDs of a series, by C-FIND at IMAGE level on a pooled association (so a
     * caller can prepare per-image work, such as fetching keys, before the images arrive).
     *
     * @throws MdmException NOT_SUPPORTED if the server has no Study Root C-FIND, or as for a retrieval
     */
    java.util.List<String> listSeries(DicomNode node, String studyUid, String seriesUid, Duration timeout,
            CancelSignal cancel) throws MdmException;

    /** Association counters per server this retriever has talked to (as {@code AET@host:port}). */
    java.util.Map<String, RetrieverStats> statsByServer();

    /** Checks the server answers C-ECHO. */
    void echo(DicomNode node, Duration timeout) throws MdmException;

    /** Releases pooled associations and stops any Store SCP. */
    @Override
    void close();
}
