package org.mdm.dicom.net;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-GET of one instance that the shared association cannot carry as stored: its SOP class is not
 * among the 128 contexts of {@link ContextPlan#forGet} (the server fails the sub-operation), or
 * is proposed in a single context, so the server transcodes it to the syntax it accepted there.
 * The instance is fetched again on an association dedicated to its class with one context per
 * transfer syntax ({@link ContextPlan#forClass}).
 *
 * <p>Dedicated associations are opened per use and released at once, not kept idle: each idle
 * association holds one of the server's association workers (Orthanc 1.10 serves 4 at a time,
 * {@code DicomThreadsCount}), and one per SOP class would starve other clients; pooling them
 * made the C-MOVE sample suite 100 times slower (every new association queued behind idle ones).
 * The fallback is the rare path, so the setup cost (a few ms locally) is the better trade. The
 * pool ({@link AssociationPool} keeping nothing idle) only bounds how many are open per server
 * and class, and shares the retry and watchdog logic of {@link LinkRunner}. The fast path never
 * comes here for an object of a multi-context class, so it pays no C-FIND.
 */
final class GetFallback implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GetFallback.class);
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    /** A dedicated association's key: the server and the one storage SOP class it carries. */
    record ClassKey(DicomNode node, String sopClass) {
    }

    private final RetrieverConfig config;
    private final Failures failures;
    private final LinkRunner runner;
    private final AssociationPool<DicomNode> shared;
    private final AssociationPool<ClassKey> dedicated;
    private final LongAdder retrievals;
    private final LongAdder classQueries = new LongAdder();
    private final LongAdder dedicatedRetrievals = new LongAdder();
    private final SyntaxRetry syntaxRetry;

    GetFallback(RetrieverConfig config, Failures failures, LinkRunner runner, AssociationPool<DicomNode> shared,
            LongAdder retrievals, int maxPdu) {
        this.syntaxRetry = new SyntaxRetry(config, failures, runner, maxPdu);
        this.config = config;
        this.failures = failures;
        this.runner = runner;
        this.shared = shared;
        this.retrievals = retrievals;
        this.dedicated = new AssociationPool<>(config, key -> openLink(key, maxPdu), false);
    }

    private DicomLink openLink(ClassKey key, int maxPdu) throws IOException {
        AssociateRequest rq = ContextPlan.forClass(config.callingAet(), key.node().aet(), maxPdu, key.sopClass());
        DicomLink link = DicomLink.open(key.node(), rq, (int) config.connectTimeout().toMillis(),
                (int) config.readTimeout().toMillis());
        LOG.debug("opened association to {} for SOP class {} ({} contexts accepted)", key.node(), key.sopClass(),
                link.acceptedCount());
        return link;
    }

    /** C-FINDs sent to learn a class, since start. */
    long classQueries() {
        return classQueries.sum();
    }

    /** C-GETs run on dedicated associations, since start. */
    long dedicatedRetrievals() {
        return dedicatedRetrievals.sum();
    }

    /** Dedicated associations opened since start. */
    long opened() {
        return dedicated.opened();
    }

    /**
     * After a C-GET on the shared association delivered nothing and reported failed
     * sub-operations ({@code failedGet}): learns the class by C-FIND and fetches on a dedicated
     * association.
     *
     * @throws MdmException NOT_FOUND if the C-FIND matches nothing; NOT_SUPPORTED (the C-GET's
     *                      outcome, suggesting C-MOVE) if the server cannot tell the class or
     *                      fails again
     */
    RetrievedInstance afterFailedGet(DicomNode node, String studyUid, String seriesUid, String instanceUid,
            RetrieveOutcome failedGet, String operation, long deadline, Duration timeout, CancelSignal cancel)
            throws MdmException {
        String what = "SOP instance " + instanceUid;
        classQueries.increment();
        String cls;
        try {
            cls = runner.run(shared, node, node, what, deadline, timeout, cancel, () -> true,
                    link -> CFind.sopClassOf(link, studyUid, seriesUid, instanceUid));
        } catch (MdmException e) {
            if (e.status() != Status.NOT_SUPPORTED) {
                throw e;
            }
            cls = ""; // no C-FIND on this server
        }
        if ((cls == null || !isUid(cls)) && SyntaxRetry.applies(failedGet)) {
            // The server will not tell the class (dcmqrscp's C-FIND has no SOP Class UID), but
            // it failed to convert an object it holds: single-syntax associations offering
            // every class we know may still get it.
            return syntaxRetry.fetch(node, null, studyUid, seriesUid, instanceUid, failedGet, operation, deadline,
                    timeout, cancel);
        }
        if (cls == null) {
            throw new MdmException(Status.NOT_FOUND, "SOP instance " + instanceUid + " not found on " + node
                    + " (C-FIND at IMAGE level matched nothing after " + operation + " status "
                    + failedGet.statusText() + ").");
        }
        if (!isUid(cls)) {
            LOG.debug("{} cannot tell the SOP class of an instance; no C-GET fallback", node);
            throw failures.missing(node, what, operation, failedGet);
        }
        return fetch(node, cls, studyUid, seriesUid, instanceUid, operation, deadline, timeout, cancel);
    }

    /**
     * After a series C-GET on the shared association reported failed sub-operations: lists the
     * series' instances and classes by C-FIND and fetches each one not {@code delivered} on an
     * association dedicated to its class, handing it to {@code sink}.
     *
     * @return true when every instance the C-FIND listed has now been delivered
     * @throws MdmException NOT_SUPPORTED (the C-GET's outcome) if an instance's class is unknown
     *                      or its dedicated C-GET fails
     */
    boolean completeSeries(DicomNode node, String studyUid, String seriesUid, Set<String> delivered,
            RetrieveOutcome failedGet, String operation, long deadline, Duration timeout, CancelSignal cancel,
            Consumer<RetrievedInstance> sink) throws MdmException {
        String what = "series " + seriesUid;
        classQueries.increment();
        Map<String, String> instances;
        try {
            instances = runner.run(shared, node, node, what, deadline, timeout, cancel, () -> true,
                    link -> CFind.instancesOf(link, studyUid, seriesUid));
        } catch (MdmException e) {
            if (e.status() != Status.NOT_SUPPORTED) {
                throw e;
            }
            throw failures.missing(node, what, operation, failedGet);
        }
        if (instances == null) {
            return false;
        }
        for (Map.Entry<String, String> e : instances.entrySet()) {
            if (delivered.contains(e.getKey())) {
                continue;
            }
            if (!isUid(e.getValue()) && SyntaxRetry.mayHaveFailedConversions(failedGet)) {
                // As for one instance: the class is unknown but the server could not convert.
                sink.accept(syntaxRetry.fetch(node, null, studyUid, seriesUid, e.getKey(), failedGet, operation,
                        deadline, timeout, cancel));
                continue;
            }
            if (!isUid(e.getValue())) {
                LOG.debug("{} cannot tell the SOP class of an instance; no C-GET fallback", node);
                throw failures.missing(node, what, operation, failedGet);
            }
            sink.accept(fetch(node, e.getValue(), studyUid, seriesUid, e.getKey(), operation, deadline, timeout,
                    cancel));
        }
        return true;
    }

    private static boolean isUid(String s) {
        return s.length() <= 64 && UID.matcher(s).matches();
    }

    /**
     * Fetches {@code got} again in the syntax the server holds it in, when it came on a
     * single-context class and may have been transcoded. If that fails (other than by
     * cancellation), the copy already received is kept: same content, other encoding.
     */
    RetrievedInstance inStoredSyntax(DicomNode node, String studyUid, String seriesUid, RetrievedInstance got,
            long deadline, Duration timeout, CancelSignal cancel) throws MdmException {
        try {
            return fetch(node, got.sopClassUid(), studyUid, seriesUid, got.sopInstanceUid(), "C-GET", deadline,
                    timeout, cancel);
        } catch (MdmException e) {
            if (e.status() == Status.CANCELLED) {
                throw e;
            }
            LOG.debug("keeping the copy from the shared association: {}", e.status());
            return got;
        }
    }

    /**
     * C-GET on an association dedicated to the class; if the server fails it for want of a
     * conversion, once more on single-syntax associations ({@link SyntaxRetry}).
     *
     * @param operation the retrieve that failed first, named in the error
     */
    private RetrievedInstance fetch(DicomNode node, String sopClass, String studyUid, String seriesUid,
            String instanceUid, String operation, long deadline, Duration timeout, CancelSignal cancel)
            throws MdmException {
        String what = "SOP instance " + instanceUid;
        LOG.debug("fetching an instance of class {} on a dedicated association", sopClass);
        retrievals.increment();
        dedicatedRetrievals.increment();
        byte[] identifier = Identifier.encode(studyUid, seriesUid, instanceUid);
        AtomicReference<RetrievedInstance> got = new AtomicReference<>();
        AtomicInteger count = new AtomicInteger();
        RetrieveOutcome o = runner.run(dedicated, new ClassKey(node, sopClass), node, what,
                deadline, timeout, cancel, () -> count.get() == 0,
                link -> CGet.run(link, identifier, i -> {
                    count.incrementAndGet();
                    got.compareAndSet(null, i);
                }));
        RetrievedInstance instance = got.get();
        if (instance == null && SyntaxRetry.applies(o)) {
            return syntaxRetry.fetch(node, sopClass, studyUid, seriesUid, instanceUid, o, operation, deadline,
                    timeout, cancel);
        }
        if (instance == null) {
            throw failures.missing(node, what, operation, o);
        }
        if (!instance.sopInstanceUid().equals(instanceUid)) {
            throw failures.corrupt(node, what, new CorruptObjectException("it sent another SOP instance"));
        }
        return instance;
    }

    /** C-GETs tried on single-syntax associations, since start. */
    long syntaxAttempts() {
        return syntaxRetry.attempts();
    }

    @Override
    public void close() {
        dedicated.close();
        syntaxRetry.close();
    }
}
