package org.mdm.dicom.net;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Retriever}: C-GET or C-MOVE (per server, see {@link RetrieverConfig}) over
 * associations pooled per server, objects held in memory only.
 *
 * <pre>
 *   try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
 *       RetrievedInstance i = r.fetchInstance(node, study, series, sop, Duration.ofSeconds(30), CancelSignal.NEVER);
 *   }
 * </pre>
 *
 * By C-GET, an instance the shared association cannot carry as stored (class not proposed, or
 * proposed in a single context) is fetched again on an association dedicated to its class; see
 * {@link #fetchInstance} and {@link #fetchSeries}.
 *
 * <p>An operation that fails with an I/O error before delivering anything is retried once on a
 * fresh association (a pooled one may have been closed by the server meanwhile). The overall
 * {@code timeout} and the {@link CancelSignal} abort the association (A-ABORT).
 */
public final class PooledRetriever implements Retriever {
    private static final Logger LOG = LoggerFactory.getLogger(PooledRetriever.class);
    private static final int MAX_PDU = 1 << 20;

    private final RetrieverConfig config;
    private final Failures failures;
    private final AssociationPool<DicomNode> pool;
    private final Watchdog watchdog = new Watchdog();
    private final LinkRunner runner;
    private final GetFallback fallback;
    private final MoveRegistry moves = new MoveRegistry();
    private final StoreScp storeScp;
    private final LongAdder retrievals = new LongAdder();

    /**
     * Creates the retriever and, if any server uses C-MOVE, starts the Store SCP.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} if the Store SCP port cannot be bound
     */
    public PooledRetriever(RetrieverConfig config) throws MdmException {
        this.config = Objects.requireNonNull(config, "config");
        this.failures = new Failures(config);
        this.pool = new AssociationPool<>(config, this::openLink);
        this.runner = new LinkRunner(config, failures, watchdog);
        this.fallback = new GetFallback(config, failures, runner, pool, retrievals, MAX_PDU);
        this.storeScp = config.usesMove() ? startScp(config) : null;
    }

    private StoreScp startScp(RetrieverConfig c) throws MdmException {
        try {
            return new StoreScp(c.storeScpAet(), c.storeScpPort(), moves, (int) c.readTimeout().toMillis());
        } catch (IOException e) {
            pool.close();
            fallback.close();
            watchdog.close();
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot start the Store SCP " + c.storeScpAet()
                    + " on port " + c.storeScpPort() + " (" + e.getMessage() + "): choose a free port.", e);
        }
    }

    private DicomLink openLink(DicomNode node) throws IOException {
        AssociateRequest rq = config.methodFor(node) == RetrieveMethod.MOVE
                ? ContextPlan.forMove(config.callingAet(), node.aet(), MAX_PDU)
                : ContextPlan.forGet(config.callingAet(), node.aet(), MAX_PDU);
        DicomLink link = DicomLink.open(node, rq, (int) config.connectTimeout().toMillis(),
                (int) config.readTimeout().toMillis());
        LOG.debug("opened association to {} ({} contexts accepted)", node, link.acceptedCount());
        return link;
    }

    /** The Store SCP's port, or -1 if no server uses C-MOVE. */
    public int storeScpPort() {
        return storeScp == null ? -1 : storeScp.port();
    }

    /** Counters over all servers. */
    public RetrieverStats stats() {
        return new RetrieverStats(pool.opened(), pool.active(null), pool.idle(null), retrievals.sum(),
                fallback.classQueries(), fallback.dedicatedRetrievals(), fallback.opened());
    }

    @Override
    public java.util.Map<String, RetrieverStats> statsByServer() {
        java.util.Map<String, RetrieverStats> all = new java.util.TreeMap<>();
        for (DicomNode node : pool.keys()) {
            all.put(node.toString(), stats(node));
        }
        return all;
    }

    /** Counters for one server (retrievals are counted over all servers). */
    public RetrieverStats stats(DicomNode node) {
        return new RetrieverStats(pool.opened(node), pool.active(node), pool.idle(node), retrievals.sum(),
                fallback.classQueries(), fallback.dedicatedRetrievals(), fallback.opened());
    }

    /**
     * {@inheritDoc}
     *
     * <p>By C-GET, the shared association is tried first (no C-FIND: the fast path for the
     * classes it proposes). If the server then fails the sub-operation without sending anything
     * (class not proposed), or sends an object of a single-context class (possibly transcoded),
     * the instance is fetched on an association dedicated to its class ({@link GetFallback}).
     */
    @Override
    public RetrievedInstance fetchInstance(DicomNode node, String studyUid, String seriesUid, String instanceUid,
            Duration timeout, CancelSignal cancel) throws MdmException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = "SOP instance " + instanceUid;
        byte[] identifier = Identifier.encode(studyUid, seriesUid, instanceUid);
        AtomicReference<RetrievedInstance> got = new AtomicReference<>();
        AtomicInteger count = new AtomicInteger();
        Consumer<RetrievedInstance> sink = i -> {
            count.incrementAndGet();
            got.compareAndSet(null, i);
        };
        RetrieveOutcome o = retrieve(node, what, identifier, instanceUid, deadline, timeout, cancel, sink, count);
        RetrievedInstance instance = got.get();
        boolean byGet = config.methodFor(node) == RetrieveMethod.GET;
        if (instance == null) {
            // By C-MOVE only a conversion failure is retried (by C-GET): other failures are the
            // server's to report, and a class C-GET does not propose does not limit C-MOVE.
            if (byGet ? o.failed() > 0 : SyntaxRetry.applies(o)) {
                return fallback.afterFailedGet(node, studyUid, seriesUid, instanceUid, o, operation(node), deadline,
                        timeout, cancel);
            }
            throw failures.missing(node, what, operation(node), o);
        }
        if (!instance.sopInstanceUid().equals(instanceUid)) {
            throw failures.corrupt(node, what, new CorruptObjectException("it sent another SOP instance"));
        }
        if (byGet && GetContexts.singleContext(instance.sopClassUid())) {
            return fallback.inStoredSyntax(node, studyUid, seriesUid, instance, deadline, timeout, cancel);
        }
        return instance;
    }

    /**
     * {@inheritDoc}
     *
     * <p>By C-GET, if the server fails sub-operations (instances of classes the shared
     * association does not propose), those instances are listed by C-FIND and fetched one by one
     * on associations dedicated to their class. Instances of single-context classes are kept as
     * the series C-GET delivered them (possibly transcoded to explicit little endian): fetching
     * them again would double the cost of every such series.
     */
    @Override
    public int fetchSeries(DicomNode node, String studyUid, String seriesUid, Duration timeout, CancelSignal cancel,
            Consumer<RetrievedInstance> sink) throws MdmException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String what = "series " + seriesUid;
        AtomicInteger count = new AtomicInteger();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        Consumer<RetrievedInstance> counting = i -> {
            count.incrementAndGet();
            delivered.add(i.sopInstanceUid());
            sink.accept(i);
        };
        RetrieveOutcome o = retrieve(node, what, Identifier.encode(studyUid, seriesUid, null), null, deadline,
                timeout, cancel, counting, count);
        boolean complete = o.failed() == 0;
        boolean conversion = SyntaxRetry.mayHaveFailedConversions(o);
        if (!complete && (config.methodFor(node) == RetrieveMethod.GET || conversion)) {
            complete = fallback.completeSeries(node, studyUid, seriesUid, delivered, o, operation(node), deadline,
                    timeout, cancel, counting);
        }
        if (count.get() == 0 || !complete) {
            throw failures.missing(node, what, operation(node), o);
        }
        return count.get();
    }

    @Override
    public java.util.List<String> listSeries(DicomNode node, String studyUid, String seriesUid, Duration timeout,
            CancelSignal cancel) throws MdmException {
        java.util.Map<String, String> found = runner.run(pool, node, node, "series " + seriesUid,
                System.nanoTime() + timeout.toNanos(), timeout, cancel, () -> true,
                link -> CFind.instancesOf(link, studyUid, seriesUid));
        return found == null ? java.util.List.of() : java.util.List.copyOf(found.keySet());
    }

    @Override
    public void echo(DicomNode node, Duration timeout) throws MdmException {
        int status = runner.run(pool, node, node, "C-ECHO", System.nanoTime() + timeout.toNanos(), timeout,
                CancelSignal.NEVER, () -> true, CEcho::run);
        if (status != Dimse.STATUS_SUCCESS) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "DICOM server " + node + " answered C-ECHO with status "
                    + String.format("0x%04X", status) + ".");
        }
    }

    private String operation(DicomNode node) {
        return config.methodFor(node) == RetrieveMethod.MOVE ? "C-MOVE" : "C-GET";
    }

    private RetrieveOutcome retrieve(DicomNode node, String what, byte[] identifier, String expectedInstance,
            long deadline, Duration timeout, CancelSignal cancel, Consumer<RetrievedInstance> sink,
            AtomicInteger delivered) throws MdmException {
        retrievals.increment();
        if (config.methodFor(node) == RetrieveMethod.GET) {
            return runner.run(pool, node, node, what, deadline, timeout, cancel, () -> delivered.get() == 0,
                    link -> CGet.run(link, identifier, sink));
        }
        MoveRegistry.Waiter waiter = moves.register(expectedInstance, sink);
        try {
            RetrieveOutcome o = runner.run(pool, node, node, what, deadline, timeout, cancel,
                    () -> delivered.get() == 0, link -> CMove.run(link, identifier, storeScp.aet(), waiter));
            Exception failure = waiter.failure();
            if (failure instanceof CorruptObjectException) {
                throw failures.corrupt(node, what, failure);
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            return o;
        } finally {
            moves.remove(waiter);
        }
    }

    /** Releases pooled associations, stops the Store SCP and the watchdog. */
    @Override
    public void close() {
        pool.close();
        fallback.close();
        if (storeScp != null) {
            storeScp.close();
        }
        watchdog.close();
    }
}
